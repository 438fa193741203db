"""Editing a YAML catalog's text line by line, so that an edit changes only the lines it must.

The loader's :class:`~statuskit.loading.document.Document` knows where every value and key
starts. In block style, a list item owns the lines from its dash to the line before the next
node that is not inside it, less the comment lines just above that node (comments lead what
follows them) and blank lines. :class:`Lines` finds those spans, and inserts or removes whole
lines indented as the neighbours are; every other byte of the file stays as it was, and the
work is linear in the size of the file.

Shapes this module does not handle (flow collections spanning items, documents whose line
breaks libyaml counts differently) raise :class:`Unsupported`; the caller then edits through
the round-trip document instead (:mod:`.roundtrip`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from ..errors import UnsupportedEditError
from ..jsonscalars import json_scalar
from ..loading.document import Document, Path

# Characters libyaml counts as line breaks besides \n (and \r other than in \r\n): positions
# would not match our lines.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
# What a YAML double-quoted scalar must escape that json.dumps(ensure_ascii=False) leaves raw.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_PLAIN_SPECIAL = frozenset(" _.()'/-;?!+&*%@=<>")
_RESERVED_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"))


Unsupported = UnsupportedEditError
"""Raised for text this module does not edit (``statuskit.errors.UnsupportedEditError``)."""


def scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as exactly ``value`` in block or flow context."""
    spelled = json_scalar(value)
    if spelled is not None:
        return spelled
    if isinstance(value, float):
        raise Unsupported(f"no scalar for {value!r}")
    if not isinstance(value, str):
        raise Unsupported(f"no scalar for {type(value).__name__}")
    if _plain(value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _plain(text: str) -> bool:
    """True when ``text`` can be written unquoted: words and simple punctuation, read as a string."""
    if not text or not text[0].isalpha() or text[-1] == " " or text.lower() in _RESERVED_WORDS:
        return False
    return all(char.isalnum() or char in _PLAIN_SPECIAL for char in text) and "  " not in text


def mapping_text(entry: dict[str, Any], *, flow: bool) -> list[str]:
    """A mapping of scalars (and lists of scalars) as ``key: value`` parts, or one ``{...}`` part."""
    parts = []
    for key, value in entry.items():
        if isinstance(value, list):
            shown = "[" + ", ".join(scalar(item) for item in value) + "]"
        elif isinstance(value, dict):
            shown = "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
        else:
            shown = scalar(value)
        parts.append(f"{scalar(key)}: {shown}")
    return ["{" + ", ".join(parts) + "}"] if flow else parts


class Lines:
    """A YAML document's lines, with the loader's positions, edited by whole lines."""

    def __init__(self, text: str, document: Document) -> None:
        if any(mark in text for mark in _OTHER_BREAKS) or text.count("\r") != text.count("\r\n"):
            raise Unsupported("line breaks other than LF and CRLF")  # found by str scans: a regex
            # over a whole big file took longer than the edit itself
        self.source = text
        self.crlf = "\r\n" in text
        self.lines = text.split("\n")
        self.data = document.data
        self.document = document  # positions are asked one by one: a loader may keep them packed
        self.edits: list[tuple[int, int, list[str]]] = []  # (start, end, new lines), on original lines

    # -- reading ---------------------------------------------------------------------------------

    def start(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """0-based line and column where the value at ``path`` (or its key) starts."""
        node: Any = self.data
        for step in path[:-1] if key else path:  # only a path that exists has a position of its own
            if not _has(node, step):
                raise Unsupported(f"no position for {path}")
            node = node[step]
        if key and not (path and isinstance(node, dict) and path[-1] in node):
            raise Unsupported(f"no position for {path}")
        where = self.document.location(path, key=key)
        if where.line is None or where.column is None:
            raise Unsupported(f"no position for {path}")
        return where.line - 1, where.column - 1

    def value(self, path: Path) -> Any:
        node = self.data
        for part in path:
            node = node[part]
        return node

    def text(self, line: int) -> str:
        return self.lines[line].rstrip("\r")

    def is_comment(self, line: int) -> bool:
        return self.text(line).lstrip().startswith("#")

    def is_blank(self, line: int) -> bool:
        return not self.text(line).strip()

    def lead(self, line: int) -> int:
        """The first line of the comment lines directly above ``line`` (``line`` when none).

        Only comments indented no deeper than what ``line`` starts (its key, or a list item's
        content) count: a deeper ``#`` line is the text of a block scalar above, not a comment.
        """
        text = self.text(line)
        body = text.lstrip(" ")
        limit = len(text) - len(body) + (2 if body.startswith("- ") else 0)
        while line > 0 and self.is_comment(line - 1):
            above = self.text(line - 1)
            if len(above) - len(above.lstrip(" ")) > limit:
                break
            line -= 1
        return line

    def item(self, seq: Path, index: int) -> tuple[int, int, int]:
        """Line of a block list item's dash, the dash's column, and the column of its content."""
        line, column = self.start((*seq, index))
        before = self.text(line)[:column]
        dash = before.rstrip()
        if not dash.endswith("-") or dash[:-1].strip():
            raise Unsupported(f"item {index} of {seq} is not a block list item on its own line")
        return line, len(dash) - 1, column

    def end_of(self, path: Path) -> int:
        """The line after the last line the node at ``path`` owns (its trailing blanks excluded)."""
        following = self.following(path)
        end = self.lead(following) if following is not None else len(self.lines)
        first = self.start(path)[0]
        while end > first + 1 and self.is_blank(end - 1):
            end -= 1
        return end

    def following(self, path: Path) -> int | None:
        """The line where the next node after ``path`` and everything inside it starts."""
        while path:
            parent, last = path[:-1], path[-1]
            container = self.value(parent)
            if isinstance(container, list):
                assert isinstance(last, int)
                if last + 1 < len(container):
                    return self.start((*parent, last + 1))[0]
            else:
                keys = list(container)
                at = keys.index(last)
                if at + 1 < len(keys):
                    return self.start((*parent, keys[at + 1]), key=True)[0]
            path = parent
        return None

    def item_span(self, seq: Path, index: int) -> tuple[int, int]:
        """Lines [start, end) of a block list item: from its dash to before what follows it."""
        line, _, _ = self.item(seq, index)
        items = self.value(seq)
        if index + 1 < len(items):
            next_line, _, _ = self.item(seq, index + 1)
            if next_line <= line:
                raise Unsupported("two items on one line")
            return line, self.lead(next_line)
        return line, self.end_of((*seq, index))

    def key_indent(self, mapping: Path) -> int:
        """The column of a block mapping's keys (each key on its own line, or after a dash)."""
        keys = list(self.value(mapping))
        if not keys:
            raise Unsupported("an empty mapping")
        columns = {self.start((*mapping, key), key=True)[1] for key in keys}
        lines = [self.start((*mapping, key), key=True)[0] for key in keys]
        if len(columns) != 1 or len(set(lines)) != len(lines):
            raise Unsupported(f"{mapping} is not a block mapping")
        return columns.pop()

    # -- writing ---------------------------------------------------------------------------------

    def insert(self, line: int, new: Sequence[str]) -> int:
        """Insert ``new`` lines before original line ``line``; returns the edit's number."""
        self.edits.append((line, line, list(new)))
        return len(self.edits) - 1

    def replace(self, start: int, end: int, new: Sequence[str]) -> int:
        """Replace original lines [start, end) by ``new``; returns the edit's number."""
        self.edits.append((start, end, list(new)))
        return len(self.edits) - 1

    def window(self, start: int, end: int, own: Collection[int]) -> list[str] | None:
        """The result's lines for original lines [start, end) with the edits ``own`` applied.

        The edits ``own`` must lie within [start, end]; the blank lines that follow in the result
        are included (a block scalar that keeps its trailing blank lines reads them). None when
        another edit touches the window: insertions just before ``start`` or just after ``end``
        stand outside it, anything else is a window this method does not cut.
        """
        mine = sorted((self.edits[number] for number in own), key=lambda edit: (edit[0], edit[1]))
        if not mine or any(s < start or e > end for s, e, _ in mine):
            return None
        after = end
        others = [edit for number, edit in enumerate(self.edits) if number not in own]
        if not any(s == e == end for s, e, _ in others):  # nothing inserted right after the window
            while after < len(self.lines) and self.is_blank(after):
                after += 1
        for s, e, _ in others:
            if (s < after and e > start) if s < e else start < s < after:
                return None
            if (s == e == start == mine[0][0] == mine[0][1]) or (s == e == end == mine[-1][0] == mine[-1][1]):
                return None  # two insertions at one line: which comes first is not the window's to say
        out: list[str] = []
        position = start
        suffix = "\r" if self.crlf else ""
        for s, e, new in mine:
            if s < position:
                return None
            out.extend(self.lines[position:s])
            out.extend(line + suffix for line in new)
            position = e
        out.extend(self.lines[position:after])
        return out

    def result(self) -> str:
        """The text with every edit applied (edits may not overlap)."""
        ordered = sorted(self.edits, key=lambda edit: (edit[0], edit[1]))
        out: list[str] = []
        position = 0
        for start, end, new in ordered:
            if start < position:
                raise Unsupported("overlapping edits")
            out.extend(self.lines[position:start])
            out.extend(line + ("\r" if self.crlf else "") for line in new)
            position = end
        out.extend(self.lines[position:])
        return "\n".join(out)


def _has(node: Any, step: str | int) -> bool:
    """Whether ``node`` (a mapping or a list) has the key or index ``step``."""
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and type(step) is int and 0 <= step < len(node)


def block_item(dash: int, content: int, parts: Iterable[str]) -> list[str]:
    """A block list item: the first part after the dash, the others aligned under it."""
    lines = []
    for number, part in enumerate(parts):
        prefix = " " * dash + "-" + " " * (content - dash - 1) if number == 0 else " " * content
        lines.append(prefix + part)
    return lines
