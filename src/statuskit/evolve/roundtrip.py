"""Round-trip documents: a catalog file's data, editable, written back with its layout.

YAML goes through ruamel.yaml in round-trip mode, so comments, key order, flow or block style
and quoting survive; the indentation is read from the file (:func:`layout_of`, one pass). JSON has
no comments and is written back with the file's own indent (2 when it shows none).

ruamel keeps a full-line comment with the entry *before* it. Catalog authors write comments
above the entry they describe, so :func:`reorder` and :func:`insert` move such comments with the
entry that follows them.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from ..errors import LoadError, Location
from ..loading import loads, syntax_of

# (mapping, sequence, offset) indents tried, most common first.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 3))
Slot = tuple[Any, Hashable, int]


@dataclass
class RoundTrip:
    """A parsed catalog file that can be edited and dumped back."""

    data: Any
    file: str | None
    kind: str
    layout: tuple[int, int, int] = LAYOUTS[0]
    explicit_start: bool = False
    newline: str = "\n"

    @classmethod
    def parse(cls, text: str, file: str | None) -> RoundTrip:
        """Parse ``text`` (already validated as a catalog) for editing."""
        loads(text, file)  # every structural problem is reported with file:line:column first
        if syntax_of(file, text) == "json":
            return cls(json.loads(text), file, "json", layout=(_json_indent(text), 0, 0))
        newline = "\r\n" if "\r\n" in text else "\n"
        plain = text.replace("\r\n", "\n")
        try:
            data = _yaml(LAYOUTS[0]).load(plain)
        except YAMLError as error:  # loading accepted it, ruamel did not: say so, with the place
            mark = getattr(error, "problem_mark", None)
            where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
            raise LoadError(f"cannot edit this YAML: {getattr(error, 'problem', error)}", where) from None
        document = cls(data, file, "yaml", explicit_start=plain.lstrip().startswith("---"), newline=newline)
        document.layout = layout_of(plain)
        return document

    def dump(self) -> str:
        """The document as text; the result is loaded once more, so it is always a valid catalog."""
        if self.kind == "json":
            text = json.dumps(self.data, indent=self.layout[0], ensure_ascii=False) + "\n"
        else:
            text = self._dump(self.layout).replace("\n", self.newline)
        loads(text, self.file)
        return text

    def _dump(self, layout: tuple[int, int, int]) -> str:
        stream = io.StringIO()
        yaml = _yaml(layout)
        yaml.explicit_start = self.explicit_start or None
        yaml.dump(self.data, stream)
        return stream.getvalue()


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return yaml


def _json_indent(text: str) -> int:
    """The indent of pretty-printed JSON (its second line's), 2 when the text does not show one."""
    lines = text.lstrip().split("\n", 2)
    if len(lines) > 1:
        second = lines[1]
        indent = len(second) - len(second.lstrip(" "))
        if 0 < indent <= 8:
            return indent
    return 2


def layout_of(text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indents ``text`` is written with, read in one pass.

    The mapping indent is how much deeper the first nested key is than its parent key; the
    sequence indent and offset are where the first block list's content and dash stand relative
    to the key that holds the list. What the text does not show keeps the most common layout.
    """
    mapping = sequence = offset = None
    parent: int | None = None  # the indentation of a key that opens a block (``key:`` at line end)
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if parent is not None and indent >= parent:
            if stripped.startswith("- ") and sequence is None:
                offset = indent - parent
                sequence = offset + 2 + len(stripped[2:]) - len(stripped[2:].lstrip(" "))
            elif indent > parent and not stripped.startswith("-") and mapping is None:
                mapping = indent - parent
        if mapping is not None and sequence is not None:
            break
        body = stripped[2:].lstrip(" ") if stripped.startswith("- ") else stripped
        column = indent + (len(stripped) - len(body))
        parent = column if _opens_block(body) else None
    default = LAYOUTS[0]
    found = (mapping or default[0], sequence or default[1], offset if offset is not None else default[2])
    return found if sequence is None or found[1] >= found[2] + 2 else default


def _opens_block(line: str) -> bool:
    """True for ``key:`` (a comment may follow): a key whose value is the block below it."""
    return line.split(" #", 1)[0].rstrip().endswith(":")


# -- entries and their comments ----------------------------------------------------------------


def is_map(node: Any) -> bool:
    return isinstance(node, dict)


def is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node.fa.flow_style())


def reorder(
    node: Any,
    order: Callable[[list[tuple[Hashable, Any]]], list[tuple[Hashable, Any]]],
    first: Slot | None = None,
) -> bool:
    """Reorder a mapping's keys or a list's items in place; comments follow their entries.

    ``order`` gets ``(key, value)`` pairs (``key`` is the index for lists) and returns them in the
    new order. ``first`` is where comments above the first entry live (``parent_slot(...)``).
    Returns True when anything moved.
    """
    entries = list(node.items()) if is_map(node) else list(enumerate(node))
    wanted = order(entries)
    if [key for key, _ in wanted] == [key for key, _ in entries]:
        return False
    if not isinstance(node, CommentedMap | CommentedSeq):
        _rebuild(node, wanted)
        return True
    keys = [key for key, _ in entries]
    leads: dict[Hashable, str] = {}
    for previous, key in itertools.pairwise(keys):
        leads[key] = _pop_rest(tail_slot(node, previous))
    end = _pop_rest(tail_slot(node, keys[-1]))
    if first is not None:
        leads[keys[0]] = _pop_first(first)
    saved = {key: node.ca.items.get(key) for key in keys}
    _rebuild(node, wanted)
    node.ca.items.clear()
    new_keys = [key for key, _ in wanted]
    for position, key in enumerate(new_keys):
        comment = saved.get(key)
        if comment is not None:
            node.ca.items[key if is_map(node) else position] = comment
    # indexes of lists changed: map old keys to new positions for the comments to follow
    place = {key: (key if is_map(node) else position) for position, key in enumerate(new_keys)}
    for previous, key in itertools.pairwise(new_keys):
        _append_rest(tail_slot(node, place[previous]), leads.get(key, ""))
    lead_first = leads.get(new_keys[0], "")
    if first is not None:
        _put_first(first, lead_first)
    elif lead_first:
        _append_rest(tail_slot(node, place[new_keys[0]]), lead_first)
    _append_rest(tail_slot(node, place[new_keys[-1]]), end)
    return True


def insert(sequence: Any, index: int, value: Any, first: Slot | None = None) -> None:
    """Insert ``value`` into a list at ``index``; comments above the entry there stay above it."""
    if not isinstance(sequence, CommentedSeq) or not len(sequence):
        sequence.insert(index, value)
        return
    if index >= len(sequence):
        end = _pop_rest(tail_slot(sequence, len(sequence) - 1))
        sequence.append(value)
        _append_rest(tail_slot(sequence, len(sequence) - 1), end)
        return
    if index == 0:
        lead = _pop_first(first) if first is not None else ""
        sequence.insert(0, value)
        _append_rest(tail_slot(sequence, 0), lead)
        return
    lead = _pop_rest(tail_slot(sequence, index - 1))
    sequence.insert(index, value)
    _append_rest(tail_slot(sequence, index), lead)


def remove(sequence: Any, index: int) -> None:
    """Remove a list entry, keeping the comments that lead the entry after it."""
    if not isinstance(sequence, CommentedSeq):
        del sequence[index]
        return
    keep = _pop_rest(tail_slot(sequence, index))
    del sequence[index]
    if index > 0:
        _append_rest(tail_slot(sequence, index - 1), keep)
    elif len(sequence):
        _append_rest(tail_slot(sequence, 0), keep)


def parent_slot(parent: Any, key: Hashable) -> Slot | None:
    """Where a mapping keeps the comments above the first entry of its value ``key``."""
    return (parent, key, 3) if isinstance(parent, CommentedMap) else None


def tail_slot(node: Any, key: Hashable) -> Slot:
    """Where the comment after entry ``key`` lives (inside the entry when it is a block collection)."""
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and not is_flow(value) and len(value):
        last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return tail_slot(value, last)
    return (node, key, 2 if is_map(node) else 0)


def _rebuild(node: Any, wanted: Sequence[tuple[Hashable, Any]]) -> None:
    if is_map(node):
        for key, _ in wanted:
            dict.__delitem__(node, key) if not isinstance(node, CommentedMap) else node.__delitem__(key)
        for key, value in wanted:
            node[key] = value
    else:
        node[:] = [value for _, value in wanted]


def _token(slot: Slot) -> CommentToken | None:
    node, key, position = slot
    entry = node.ca.items.get(key)
    if not entry or len(entry) <= position:
        return None
    token = entry[position]
    return token if isinstance(token, CommentToken) else None


def _pop_rest(slot: Slot) -> str:
    """Take the full-line comments after an entry's own line, leaving its end-of-line comment."""
    token = _token(slot)
    if token is None:
        return ""
    value: str = token.value
    cut = value.find("\n") + 1 if "\n" in value else len(value)
    own, rest = value[:cut], value[cut:]
    node, key, position = slot
    if own.strip():
        token.value = own
    else:
        node.ca.items[key][position] = None
        if not any(node.ca.items[key]):
            del node.ca.items[key]
    return rest


def _append_rest(slot: Slot, rest: str) -> None:
    if not rest:
        return
    token = _token(slot)
    if token is not None:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + rest
        return
    node, key, position = slot
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= position:
        entry.append(None)
    entry[position] = CommentToken("\n" + rest, CommentMark(0), None)


def _pop_first(slot: Slot) -> str:
    node, key, _ = slot
    entry = node.ca.items.get(key)
    if not entry or len(entry) < 4 or not entry[3]:
        return ""
    tokens = entry[3]
    entry[3] = None
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and value.ca.comment and len(value.ca.comment) > 1:
        value.ca.comment[1] = None
    return "".join(_indented(t) for t in tokens if isinstance(t, CommentToken))


def _indented(token: CommentToken) -> str:
    """A comment token as full lines (ruamel keeps the first line's column apart from its text)."""
    value: str = token.value
    if value.startswith("#"):
        value = " " * token.column + value
    return value


def _put_first(slot: Slot, text: str) -> None:
    if not text:
        return
    node, key, _ = slot
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    tokens = []
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        tokens.append(CommentToken(stripped + "\n", CommentMark(len(line) - len(stripped)), None))
    entry[3] = tokens
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq):  # ruamel reads them from both places
        if value.ca.comment is None:
            value.ca.comment = [None, None]
        value.ca.comment[1] = tokens
