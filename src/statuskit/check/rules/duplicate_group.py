"""duplicate-group: the same pattern, range or list name is declared twice in one space.

The same title on several patterns is fine (FmLTP's 10x, 11x and 12x are all "Compatibility");
the same pattern twice leaves its title and defaults ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog, Group
from ..finding import Problem
from ..walk import where

ID = "duplicate-group"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        seen: dict[tuple[str, str], Group] = {}
        for group in space.groups:
            first = seen.setdefault((group.kind, group.key.lower()), group)
            if first is not group:
                line = first.location.line if first.location else None
                at = f" (first at line {line})" if line else ""
                yield Problem(
                    f"group {group.key!r} is declared twice in space {space.name!r}{at}",
                    where(group),
                    space.name,
                )
