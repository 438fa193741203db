"""Lines that start with a code: ``- **200** OK``, ``- 180 Ringing``, `` `125` — text ``, legends.

A line gives a code and what follows it. One phrase becomes the title; ``(Title): sentence``
gives a title and a description; ``: sentence`` only a description; ``Phrase — sentence`` a
title and a description. A pattern or range in place of the code makes a group (a legend).
"""

from __future__ import annotations

import re

from .codes import leading_code
from .inline import Text, tidy
from .parts import Entry, GroupDef

_SEPARATOR = re.compile(r"^\s*(?:[—–:|=]|-(?=\s)|\.(?=\s))\s*")
_PAREN_TITLE = re.compile(r"^\(([^()]*)\)\s*(?::|—|–|-(?=\s))?\s*(.*)$", re.DOTALL)
_DASH_SPLIT = re.compile(r"\s+[—–]\s+|\s+-\s+")


def read_line(text: Text, line: int, *, trusted: bool) -> Entry | GroupDef | None:
    """The entry or group ``text`` starts with, or None when it does not start with a code.

    ``trusted`` lines (in a list or block where codes are expected) may start with a bare number;
    others need the number marked (bold or code span) or followed by a separator.
    """
    found = leading_code(text.text)
    if found is None:
        return None
    cell, rest = found
    marked = text.lead in ("strong", "code")
    separated = bool(_SEPARATOR.match(rest)) or not rest.strip()
    if not (trusted or marked or (separated and rest.strip())):
        return None
    title, description, colon = _split(rest)
    if cell.code is None:
        group = GroupDef(line, pattern=cell.pattern, range=cell.range)
        if colon or description:
            group.title, group.description = title, description
        else:
            group.title = title
        return group
    if not (marked or trusted) and cell.hex:
        return None
    return Entry(cell.code, line, title=title, description=description)


def _split(rest: str) -> tuple[str | None, str | None, bool]:
    """``(title, description, had a colon)`` from what follows the code."""
    body = rest.strip()
    paren = _PAREN_TITLE.match(body)
    if paren:
        return tidy(paren.group(1)) or None, tidy(paren.group(2)) or None, True
    separator = _SEPARATOR.match(body)
    colon = bool(separator and ":" in separator.group())
    if separator:
        body = body[separator.end() :]
    body = tidy(body)
    if not body:
        return None, None, colon
    if colon:
        return None, body, True
    parts = _DASH_SPLIT.split(body, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1], False
    return body, None, False
