"""A parsed catalog file: plain data plus where each value and key stands in the file.

Paths are tuples of keys and list indexes from the root, e.g. ``("spaces", 0, "codes", 3)``.
The loaders record positions so that every later error can name file, line and column, in one
of two forms: ``positions``, a dict from path to ``(line, column)``, or ``marks``, the same
positions as a flat run of numbers in document order (the root, then for each mapping entry
its key and its value, for each list item the item, each followed by what it contains).
Marks cost a fraction of the dict to record, cache and reload, and a big catalog without
mistakes never needs a location: paths are matched to marks only when one is asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping  # already imported by Python's start-up (os)

from ..errors import Location
from ..model import EMPTY, Place

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

Path = tuple[str | int, ...]
KEY = "\x00key"  # appended to a path: the position of the mapping key rather than its value
Marks: TypeAlias = "array[int]"  # array("i"): line, column, line, column, ... in document order


def new_marks() -> Marks:
    """An empty run of marks for a reader to append lines and columns to."""
    return array("i")


class Document:
    """What a loader produced from one file."""

    __slots__ = ("data", "file", "_positions", "marks", "_entries")

    def __init__(
        self,
        data: Any,
        file: str | None,
        positions: dict[Path, tuple[int, int]] | None = None,
        *,
        marks: Marks | None = None,
    ) -> None:
        self.data = data
        self.file = file
        self._positions = positions
        self.marks = marks
        self._entries: dict[int, _Children] = {}  # id of a list or mapping -> its children's marks

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        """Every position by path (worked out from the marks on first use, when given those)."""
        if self._positions is None:
            self._positions = _index(self.data, self.marks) if self.marks else {}
        return self._positions

    @property
    def has_positions(self) -> bool:
        """Whether the loader recorded where things are (JSON read differently by YAML has none)."""
        return bool(self.marks) or bool(self._positions)

    def with_data(self, data: Any) -> Document:
        """These positions over ``data``, which must have the same shape (same keys and items)."""
        return Document(data, self.file, self._positions, marks=self.marks)

    def location(self, path: Path, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest ancestor."""
        if self._positions is None and self.marks:
            return self._marked(path, key)
        lookup = (*path, KEY) if key and path else path
        position = self.positions.get(lookup)
        while position is None and lookup:
            lookup = lookup[:-1]
            if lookup and lookup[-1] == KEY:
                continue
            position = self.positions.get(lookup)
        if position is None:
            return Location(self.file)
        return Location(self.file, position[0], position[1])

    def _marked(self, path: Path, key: bool) -> Location:
        """:meth:`location` from the marks: follow ``path`` down from the root, learning where the
        children of each list and mapping on the way start."""
        entry = 0
        value = self.data
        last = len(path) - 1
        for depth, step in enumerate(path):
            if type(value) is dict:
                if step not in value:  # absent: nothing to measure
                    break
                found = self._start(value, entry, step)
                assert found is not None
                if key and depth == last:
                    entry = found
                    break
                entry, value = found + 1, value[step]
            elif type(value) is list and type(step) is int and 0 <= step < len(value):
                found = self._start(value, entry, step)
                assert found is not None
                entry, value = found, value[step]
            else:
                break
        marks = self.marks
        assert marks is not None
        return Location(self.file, marks[2 * entry], marks[2 * entry + 1])

    def _start(self, container: Any, entry: int, step: str | int) -> int | None:
        """Where child ``step`` of ``container`` (whose own mark is ``entry``) has its mark: a key's
        mark for a mapping (its value's is the next), an item's for a list; None when absent.

        Children are measured in order only as far as asked and remembered per container, so the
        groups of a space never measure the 100,000 codes after them.
        """
        state = self._entries.get(id(container))
        if state is None:
            mapping = type(container) is dict
            rest = iter(container.items() if mapping else enumerate(container))
            state = self._entries[id(container)] = _Children({}, entry + 1, rest)
        starts = state.starts
        found = starts.get(step)
        if found is not None:
            return found
        width = 2 if type(container) is dict else 1
        following = state.following
        if state.last is not _NOTHING:  # the child found last time is measured only now
            following += width + _inside(state.last)
        for name, item in state.rest:
            starts[name] = following
            if name == step:
                state.following, state.last = following, item
                return following
            following += width + _inside(item)
        state.following, state.last = following, _NOTHING
        return None


class _Children:
    """How far the children of one list or mapping have been measured (see ``_start``)."""

    __slots__ = ("starts", "following", "rest", "last")

    def __init__(self, starts: dict[str | int, int], following: int, rest: Iterator[tuple[Any, Any]]) -> None:
        self.starts = starts
        self.following = following  # the mark of the child after those measured
        self.rest = rest
        self.last: Any = _NOTHING  # the child whose start was found but not yet measured


_NOTHING = object()


def _inside(value: Any) -> int:
    """How many marks the lists and mappings inside ``value`` hold (0 for a scalar)."""
    if type(value) is dict:
        return sum(2 + _inside(item) if type(item) in _NESTED else 2 for item in value.values())
    if type(value) is list:
        return sum(1 + _inside(item) if type(item) in _NESTED else 1 for item in value)
    return 0


_NESTED = (dict, list)


def _index(data: Any, marks: Marks) -> dict[Path, tuple[int, int]]:
    """Every path's position from the marks, in document order."""
    positions: dict[Path, tuple[int, int]] = {}
    following = 0

    def visit(value: Any, path: Path) -> None:
        nonlocal following
        if type(value) is dict:
            for name, item in value.items():
                positions[(*path, name, KEY)] = (marks[2 * following], marks[2 * following + 1])
                positions[(*path, name)] = (marks[2 * following + 2], marks[2 * following + 3])
                following += 2
                visit(item, (*path, name))
        elif type(value) is list:
            for index, item in enumerate(value):
                positions[(*path, index)] = (marks[2 * following], marks[2 * following + 1])
                following += 1
                visit(item, (*path, index))

    positions[()] = (marks[0], marks[1])
    following = 1
    visit(data, ())
    return positions


class Locations(Mapping[str, Location]):
    """Where each key of one object stands, worked out only when asked (most never are)."""

    __slots__ = ("_document", "_path", "_keys")

    def __init__(self, document: Document, path: Path, keys: tuple[str, ...]) -> None:
        self._document = document
        self._path = path
        self._keys = keys

    def __getitem__(self, key: str) -> Location:
        if key not in self._keys:
            raise KeyError(key)
        return self._document.location((*self._path, key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class DocumentPlace(Place):
    """A :class:`~statuskit.model.Place` in a document, looked up on first use: building a
    100,000-code catalog computes none of its codes' locations until a finding needs one."""

    __slots__ = ("_document", "_path", "_value")

    def __init__(self, document: Document, path: Path, value: Mapping[str, Any]) -> None:
        self._location = None
        self._locations = EMPTY
        self._document = document
        self._path = path
        self._value = value

    @property
    def location(self) -> Location | None:
        found = self._location
        if found is None:
            found = self._location = self._document.location(self._path)
        return found

    @property
    def locations(self) -> Mapping[str, Location]:
        if not self._document.has_positions:
            return {}
        return Locations(self._document, self._path, tuple(self._value))
