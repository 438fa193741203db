"""Canonical order by moving whole lines: ``fmt`` on block-style YAML, linear in the file's size.

:func:`reorder_lines` gets the text, the loader's document, and the same data put in canonical
order (by :func:`statuskit.evolve.fmt.format_document` on plain data, which moves dict keys and
list items but keeps the objects). Each mapping or list whose order changed is rebuilt from the
line spans of its entries (:class:`~.textedit.Lines`): comment lines directly above an entry
move with it, and a list item's dash moves to whichever key now comes first. Nothing else in
the file changes. Flow collections whose order must change raise
:class:`~.textedit.Unsupported` (the caller then uses the round-trip document).

It also says how to check the result without reading it all (:class:`Checks`): the list items
that have a new neighbour (or moved keys) must each read back alone as the entry they stand for;
runs of items that kept their neighbours are the original's lines and read as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..loading.document import Document, Path
from .textedit import Lines, Unsupported


def snapshot(data: Any) -> dict[int, list[Any]]:
    """Every mapping's keys and every list's items (by identity) as they are now, by ``id``."""
    orders: dict[int, list[Any]] = {}
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            orders[id(node)] = list(node)
            stack.extend(value for value in node.values() if isinstance(value, dict | list))
        elif isinstance(node, list):
            orders[id(node)] = [id(item) for item in node]
            stack.extend(item for item in node if isinstance(item, dict | list))
    return orders


MAX_WINDOWS = 1000  # beyond that many list items to read back, reading the whole text is cheaper
MAX_SHARE = 0.2  # nor when the items to read back hold more than this share of the file's lines


@dataclass
class Checks:
    """What proves a reorder right: list items (their new lines) that must each read as ``[entry]``.

    ``whole`` is True when only reading the whole result can: keys of a mapping outside any list
    item moved, or the items to read back are too many or too big.
    """

    windows: list[tuple[list[str], Any]] = field(default_factory=list)
    whole: bool = False


def snapshot_paths(data: Any, paths: Iterable[Path]) -> tuple[dict[int, list[Any]], set[Path]]:
    """What :func:`snapshot` takes, of the containers on the way to each of ``paths`` only (the
    ones that will move), and the paths of those containers: nothing else needs to be visited."""
    orders: dict[int, list[Any]] = {}
    dirty: set[Path] = set()
    for path in paths:
        node = data
        for depth in range(len(path) + 1):
            prefix = path[:depth]
            if prefix not in dirty:
                dirty.add(prefix)
                orders[id(node)] = list(node) if isinstance(node, dict) else [id(item) for item in node]
            if depth < len(path):
                node = node[path[depth]]
    return orders, dirty


def reorder_lines(
    text: str,
    document: Document,
    before: dict[int, list[Any]],
    checks: Checks | None = None,
    *,
    shape: Document,
    dirty: set[Path] | None = None,
) -> str:
    """``text`` with its entries in the order ``document.data`` now has (``before``: the old order).

    ``checks``, when given, is filled with what checks the result (see :class:`Checks`).
    ``dirty``, when given, holds the paths (in the text's order) of every container that moved
    or holds one that moved (:func:`snapshot_paths`); nothing else is visited. ``shape`` is the
    document as the text has it (its data still in the old order), where positions are looked up.
    """
    lines = Lines(text, shape)
    walker = _Walker(lines, before, dirty)
    new = walker.node((), document.data, 0, len(lines.lines))
    if checks is not None:
        checks.windows = walker.windows
        size = sum(len(window) for window, _ in walker.windows)
        many = len(walker.windows) > MAX_WINDOWS or size > MAX_SHARE * len(lines.lines)
        checks.whole = walker.pending or many
    if new is None:
        return text
    if lines.crlf:  # a last line without its line break may have moved up, and another down
        new = [line if line.endswith("\r") else line + "\r" for line in new[:-1]] + [new[-1].rstrip("\r")]
    return "\n".join(new)


class _Walker:
    def __init__(self, lines: Lines, before: dict[int, list[Any]], dirty: set[Path] | None = None) -> None:
        self.lines = lines
        self.before = before
        self.dirty = dirty
        self.seen: dict[int, bool] = {}
        self.windows: list[tuple[list[str], Any]] = []
        self.pending = False  # a mapping's keys moved: the list item around it must be read back

    def changed(self, value: Any) -> bool:
        """True when the order of ``value`` or of anything inside it changed (worked out once)."""
        known = self.seen.get(id(value))
        if known is not None:
            return known
        if isinstance(value, dict):  # scalars inside cannot change order: only containers are asked
            found = list(value) != self.before[id(value)] or any(
                [self.changed(v) for v in value.values() if isinstance(v, dict | list)]
            )
        elif isinstance(value, list):
            order = [id(item) for item in value] != self.before[id(value)]
            found = any([self.changed(item) for item in value if isinstance(item, dict | list)]) or order
        else:
            return False
        self.seen[id(value)] = found
        return found

    def node(self, path: Path, value: Any, start: int, end: int) -> list[str] | None:
        """The lines [start, end) holding ``value`` with every change below it applied, or None."""
        if path not in self.dirty if self.dirty is not None else not self.changed(value):
            return None
        if isinstance(value, dict) and value:
            return self.mapping(path, value, start, end)
        if isinstance(value, list) and value:
            return self.sequence(path, value, start, end)
        return None

    def mapping(self, path: Path, value: dict[str, Any], start: int, end: int) -> list[str] | None:
        lines = self.lines
        keys = self.before[id(value)]
        # the value's path uses the original keys; children keep their objects, so follow them
        starts = [lines.start((*path, key), key=True) for key in keys]
        tail = _tail(lines, starts[-1][0], end)
        spans = []
        for index, (line, _) in enumerate(starts):
            first = line if index == 0 else lines.lead(line)
            last = lines.lead(starts[index + 1][0]) if index + 1 < len(keys) else tail
            spans.append((first, last))
        children = [self.node((*path, key), value[key], *spans[index]) for index, key in enumerate(keys)]
        moved = list(value) != keys
        if not moved and all(child is None for child in children):
            return None
        block = len({column for _, column in starts}) == 1 and len({line for line, _ in starts}) == len(keys)
        if moved and not block:
            raise Unsupported(f"a flow mapping at {path} must change order")
        self.pending |= moved
        column = starts[0][1]
        parts = {key: _or_span(children[index], lines, spans[index]) for index, key in enumerate(keys)}
        out = list(lines.lines[start : spans[0][0]])
        head = lines.lines[starts[0][0]][:column]
        dashed = bool(head.strip())
        for position, key in enumerate(value):
            part = list(parts[key])
            own = starts[keys.index(key)][0] - spans[keys.index(key)][0]  # comment lines above the key
            if own >= len(part):
                raise Unsupported("a key line moved by a nested change")
            if dashed and moved:
                body = part[own][column:]
                part[own] = (head if position == 0 else " " * column) + body
                if position == 0:  # its comments now stand above the dash: align them with it
                    dash = " " * (len(head.rstrip()) - 1)
                    part[:own] = [dash + line.lstrip(" ") for line in part[:own]]
            out.extend(part)
        out.extend(lines.lines[tail:end])
        return out

    def sequence(self, path: Path, value: list[Any], start: int, end: int) -> list[str] | None:
        lines = self.lines
        order = self.before[id(value)]
        by_id = {id(item): item for item in value}
        items = [by_id[identity] for identity in order]
        children: list[list[str] | None] = []
        firsts: list[int] = []
        moved = [id(item) for item in value] != order
        for index in range(len(items)):
            try:
                line, _, _ = lines.item(path, index)
            except Unsupported:
                if moved:
                    raise Unsupported(f"a flow list at {path} must change order") from None
                return None  # a flow list's entries are flow too: nothing inside can change order
            firsts.append(lines.lead(line))
        tail = _tail(lines, lines.item(path, len(items) - 1)[0], end)
        spans = [
            (first, firsts[index + 1] if index + 1 < len(firsts) else tail)
            for index, first in enumerate(firsts)
        ]
        pending = self.pending
        marked: set[int] = set()
        for index, item in enumerate(items):
            self.pending = False
            children.append(self.node((*path, index), item, *spans[index]))
            if self.pending:
                marked.add(id(item))
        self.pending = pending
        if not moved and all(child is None for child in children):
            return None
        was = {identity: index for index, identity in enumerate(order)}
        now = [was[id(item)] for item in value]

        def part(index: int) -> list[str]:
            return _or_span(children[index], lines, spans[index])

        out = list(lines.lines[start : spans[0][0]])
        run: list[int] = []  # a run of unchanged items still in their old order: one slice of lines
        for index in now:
            if children[index] is None and run and run[1] == index - 1:
                run[1] = index
                continue
            if run:
                out.extend(lines.lines[spans[run[0]][0] : spans[run[1]][1]])
            run = [index, index] if children[index] is None else []
            if not run:
                out.extend(part(index))
        if run:
            out.extend(lines.lines[spans[run[0]][0] : spans[run[1]][1]])
        out.extend(lines.lines[tail:end])
        self._check(value, now, part, marked, lines.lines[tail:end])
        return out

    def _check(
        self,
        value: list[Any],
        now: list[int],
        part: Callable[[int], list[str]],
        marked: set[int],
        after: list[str],
    ) -> None:
        """Note the items to read back: those with a new neighbour, and those whose keys moved."""
        last = len(now) - 1
        for position, item in enumerate(value):
            index = now[position]
            previous = now[position - 1] if position else -1
            following = now[position + 1] if position < last else len(now)
            if previous != index - 1 or following != index + 1 or id(item) in marked:
                window = part(index) + (after if position == last else [])
                self.windows.append((window, [item]))


def _or_span(changed: list[str] | None, lines: Lines, span: tuple[int, int]) -> list[str]:
    """An entry's new lines, or its lines as they are when nothing inside it changed."""
    return changed if changed is not None else lines.lines[span[0] : span[1]]


def _tail(lines: Lines, last: int, end: int) -> int:
    """Where the blank lines that end a region start: they stay at its end when entries move."""
    while end > last + 1 and lines.is_blank(end - 1):
        end -= 1
    return end
