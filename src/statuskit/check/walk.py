"""Small helpers the rule modules share."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Location
from ..model import Catalog, Code, Group, Space


def where(item: Code | Group | Space, key: str | None = None) -> Location | None:
    """The location of ``key`` of ``item`` when known, else of the item itself."""
    if key is not None:
        found = item.locations.get(key)
        if found is not None:
            return found
    return item.location


def codes(catalog: Catalog) -> Iterator[tuple[Space, Code]]:
    """Every code as declared in every space, duplicates included."""
    for space in catalog.spaces:
        for code in space.codes:
            yield space, code


def runs(numbers: list[int], max_gap: int) -> list[list[int]]:
    """Split sorted numbers into runs whose neighbours are at most ``max_gap`` + 1 apart."""
    result: list[list[int]] = []
    for number in numbers:
        if result and number - result[-1][-1] <= max_gap + 1:
            result[-1].append(number)
        else:
            result.append([number])
    return result
