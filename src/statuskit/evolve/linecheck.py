"""Reading back only the lines a line edit touched: the check that an edit gives the intended
catalog, at the cost of the edit rather than of the file.

Every edit of :mod:`.edit` and :mod:`.fmt` is checked before anything is written: the result
must read back as the data intended. Parsing the whole result again cost more than the rest of
an edit of a big catalog (the new text is not in the parse cache), so a line edit is checked by
*windows*: each changed place with whole unchanged neighbours around it, cut at the dash lines of
block list items the loader reported. Each window is read by the loader itself (the same YAML 1.2
scalars) and must give exactly the items expected there, in order, key order included.

Why that is enough: the lines outside the windows are the original's, which loaded; a window
that starts at an item's dash and ends where the next item (or a shallower key) starts reads
the same inside the file as alone, because block structure is decided by indentation, line by
line. Two things can reach across lines and are therefore not trusted to windows: anchors (a
removed line may hold an anchor that an alias elsewhere names) and block scalars that keep
their trailing blank lines (``|+``, which read the blank lines after them). A file with either,
and any window that does not read back as expected, gets the whole-file check instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import LoadError
from ..loading import parse
from .textedit import Lines

# An anchor (``&name``) at the start of a node: after a space, a flow indicator or the line start.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
_KEEP = ("|", ">")  # block scalar indicators; ``+`` after one (or after its indentation digit) keeps blanks


@dataclass(frozen=True, slots=True)
class Window:
    """Original lines [start, end) with the edits ``own`` applied must read as ``expected``."""

    start: int
    end: int
    own: Collection[int]
    expected: Any


def reads_back(lines: Lines, windows: Iterable[Window] | None, file: str | None) -> bool:
    """True when every window of the edited ``lines`` reads back as expected (False: check it all)."""
    if windows is None or _keeps_trailing_blanks(lines.source) or _removes_anchor(lines):
        return False
    checked = False
    for window in windows:
        text = lines.window(window.start, window.end, window.own)
        if text is None or not reads_as("\n".join(text), window.expected, file):
            return False
        checked = True
    return checked


def trusts_windows(text: str) -> bool:
    """Whether windows of ``text`` read as they do in it: no anchor, no block scalar keeping blanks."""
    return not _keeps_trailing_blanks(text) and ("&" not in text or not _ANCHOR.search(text))


def reads_as(text: str, expected: Any, file: str | None) -> bool:
    """True when YAML ``text`` loads as ``expected``, equal and in the same key order."""
    try:
        found = parse(text, file, format="yaml").data
    except LoadError:
        return False
    return found == expected and ordered(found) == ordered(expected)


def ordered(data: Any) -> str:
    """``data`` as text in which key order and the types of numbers count."""
    try:
        return json.dumps(data, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # a key JSON cannot write: no two such data compare equal
        return repr(object())


def _keeps_trailing_blanks(text: str) -> bool:
    """Whether ``text`` may hold a block scalar that keeps its trailing blank lines (``|+``, ``>2+``)."""
    at = text.find("+")
    while at != -1:
        last = text[at - 1] if at else ""
        if last in _KEEP or (last.isdigit() and at > 1 and text[at - 2] in _KEEP):
            return True
        at = text.find("+", at + 1)
    return False


def _removes_anchor(lines: Lines) -> bool:
    """Whether an edit removes or rewrites a line that may define an anchor."""
    return any(
        _ANCHOR.search(lines.lines[line]) for start, end, _ in lines.edits for line in range(start, end)
    )
