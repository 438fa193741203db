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
_DASH = re.compile(r"[—–-]")


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
    title, description = dash_split(body)
    if title and description:
        return title, description, False
    return body, None, False


def dash_split(body: str) -> tuple[str, str | None]:
    """``Phrase — sentence`` → ``(Phrase, sentence)``: the first dash with space on both sides.

    A scan for dashes rather than a regular expression with ``\\s+`` on both sides, which
    backtracks quadratically over long runs of (exotic) white space.
    """
    last = len(body) - 1
    for match in _DASH.finditer(body):
        at = match.start()
        if 0 < at < last and body[at - 1].isspace() and body[at + 1].isspace():
            return body[:at].rstrip(), body[at + 1 :].lstrip()
    return body, None
