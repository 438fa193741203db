"""Does a text look garbled? Mojibake, control characters and replacement characters.

Mojibake is UTF-8 read as Windows-1252 (``Ã©`` for ``é``, ``ðŸ•²`` for an emoji): a run of such
characters that decodes as UTF-8 once re-encoded is reported with what it probably meant.
Control characters other than line breaks and tabs, U+FFFD and bidirectional overrides count too.
Both the ``garbled-text`` check rule and the importers (which skip garbled lines) ask here.
"""

from __future__ import annotations

import re

_SUSPECT_RUN = re.compile(
    r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u202a-\u202e\u2066-\u2069]")
ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # the ASCII part of _CONTROL


def garbled(text: str) -> str | None:
    """Why ``text`` looks garbled, or None."""
    if text.isascii() and ASCII_CONTROL.search(text) is None:
        return None  # mojibake needs non-ASCII characters: most text is done in one scan
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
