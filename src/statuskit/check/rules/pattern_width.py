"""pattern-width: a group's pattern or range cannot hold codes of its space.

A pattern's length is the number of digits of the codes it matches, so ``4xx`` in a space of
five-digit codes matches nothing (hex patterns count hex digits). A group range that leaves the
space's range is reported too. Numbers only: patterns over string codes have no width to check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ...patterns import HexPattern, Pattern
from ..finding import Problem
from ..walk import where

ID = "pattern-width"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        for group in space.groups:
            pattern = group.pattern if isinstance(group.pattern, Pattern | HexPattern) else None
            if pattern is None and group.range is None:
                continue
            if pattern is not None and space.digits is not None and pattern.width != space.digits:
                yield Problem(
                    f"pattern {pattern.text!r} has {pattern.width} digits but space "
                    f"{space.name!r} holds {space.digits}-digit codes",
                    where(group, "pattern"),
                    space.name,
                )
            if pattern is not None and space.range is not None:
                low, high = pattern.bounds()
                if high < space.range[0] or low > space.range[1]:
                    yield Problem(
                        f"pattern {pattern.text!r} lies outside the range of space {space.name!r}",
                        where(group, "pattern"),
                        space.name,
                    )
            if group.range is not None and space.range is not None and not _inside(group.range, space.range):
                yield Problem(
                    f"group range {group.key} leaves the range of space {space.name!r}",
                    where(group, "range"),
                    space.name,
                )


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]
