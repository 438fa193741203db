"""Small helpers the rule modules share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

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


RUN_OPTIONS: Mapping[str, Any] = {"max_gap": 2}
"""The option of the rules about runs of listed codes: neighbours at most ``max_gap`` apart."""


def listed_runs(space: Space, options: Mapping[str, Any]) -> list[tuple[Group, list[list[int]]]]:
    """Each group of ``space`` that lists its codes, with the runs of its numbers.

    Runs are split by :func:`runs` with the rule's ``max_gap`` option. Pattern and range groups
    are sparse by nature, and string codes have no runs: a space of strings has none.
    """
    if not space.kind.numeric:
        return []
    max_gap = int(options.get("max_gap", RUN_OPTIONS["max_gap"]))
    return [
        (group, runs(sorted({code for code in group.codes if isinstance(code, int)}), max_gap))
        for group in space.groups
        if group.kind == "list"
    ]
