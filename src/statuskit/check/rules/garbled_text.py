"""garbled-text: text that looks garbled: mojibake, control characters, replacement characters.

Mojibake is UTF-8 read as Windows-1252 (``Ã©`` for ``é``, ``ðŸ•²`` for an emoji): a run of such
characters that decodes as UTF-8 once re-encoded is reported with what it probably meant.
Control characters other than line breaks and tabs, U+FFFD and bidirectional overrides are
reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "garbled-text"
CATEGORY = "text"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}

_SUSPECT_RUN = re.compile(
    r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u202a-\u202e\u2066-\u2069]")


def garbled(text: str) -> str | None:
    """Why ``text`` looks garbled, or None."""
    for match in _SUSPECT_RUN.finditer(text):
        run = match.group()
        try:
            fixed = run.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run:
            return f"{run!r} looks like mojibake (UTF-8 read as Windows-1252; probably {fixed!r})"
    control = _CONTROL.search(text)
    if control is not None:
        return f"contains the character U+{ord(control.group()):04X}, which does not belong in text"
    return None


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    items: list[tuple[Any, str | None, int | None]] = [(catalog, None, None)]
    for space in catalog.spaces:
        items.append((space, space.name, None))
        items.extend((group, space.name, None) for group in space.groups)
        items.extend((code, space.name, code.code) for code in space.codes)
    for item, space_name, code in items:
        for key in ("title", "description", "message"):
            value = getattr(item, key, None)
            reason = garbled(value) if isinstance(value, str) else None
            if reason is not None:
                location = where(item, key) if hasattr(item, "locations") else None
                yield Problem(f"{key} {reason}", location, space_name, code)
        for lang, translation in getattr(item, "i18n", {}).items():
            for key in ("title", "description", "message"):
                value = getattr(translation, key)
                reason = garbled(value) if isinstance(value, str) else None
                if reason is not None:
                    yield Problem(f"{lang} {key} {reason}", where(item, "i18n"), space_name, code)
