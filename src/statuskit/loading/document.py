"""A parsed catalog file: plain data plus where each value and key stands in the file.

Paths are tuples of keys and list indexes from the root, e.g. ``("spaces", 0, "codes", 3)``.
The loaders fill ``positions`` so that every later error can name file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping  # already imported by Python's start-up (os)

from ..errors import Location
from ..model import EMPTY, Place

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

Path = tuple[str | int, ...]
KEY = "\x00key"  # appended to a path: the position of the mapping key rather than its value


class Document:
    """What a loader produced from one file."""

    __slots__ = ("data", "file", "positions")

    def __init__(
        self, data: Any, file: str | None, positions: dict[Path, tuple[int, int]] | None = None
    ) -> None:
        self.data = data
        self.file = file
        self.positions: dict[Path, tuple[int, int]] = positions if positions is not None else {}

    def location(self, path: Path, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest ancestor."""
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
        if not self._document.positions:
            return {}
        return Locations(self._document, self._path, tuple(self._value))
