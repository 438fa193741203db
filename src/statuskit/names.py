"""Names of codes as identifiers.

A name becomes an identifier by splitting it into words on case changes, spaces, ``-`` and ``_``:
``KeySet``, ``key-set`` and ``KEY_SET`` are all the words ``key set``, so two of them in one space
collide once code is generated from the catalog.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

_SNAKE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*\Z")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[^\W_]+", re.UNICODE)


def words(name: str) -> list[str]:
    """Split ``name`` into lower-case words (ASCII letters and digits; other text is dropped)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return [w.lower() for w in _WORD.findall(ascii_name)]


def snake(name: str) -> str:
    """``key_set``; empty when the name has no letters or digits.

    It is also the key under which two names count as the same identifier
    (KeySet = key-set = KEY_SET).
    """
    if _SNAKE.match(name):
        return name  # already snake case (most catalog names): words() would give it back as is
    return "_".join(words(name))


def upper_snake(name: str) -> str:
    """``KEY_SET``."""
    return snake(name).upper()


def pascal(name: str) -> str:
    """``KeySet``."""
    return "".join(w[:1].upper() + w[1:] for w in words(name))


def safe_identifier(text: str, *, fallback: str) -> str:
    """Make ``text`` a valid Python/TypeScript identifier, using ``fallback`` when nothing is left."""
    text = text or fallback
    if not text or not (text[0].isalpha() or text[0] == "_"):
        text = f"{fallback}_{text}" if text else fallback
    if keyword.iskeyword(text) or keyword.issoftkeyword(text):
        text += "_"
    return text
