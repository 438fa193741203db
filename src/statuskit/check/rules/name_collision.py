"""name-collision: two different names become the same identifier.

Names are split into words on case changes, spaces, ``-`` and ``_``, so ``KeySet``, ``key-set``
and ``KEY_SET`` are one identifier; generated code would define it twice. Exact repeats are
reported by duplicate-name instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ... import names
from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "name-collision"
CATEGORY = "naming"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        seen: dict[str, tuple[str, int | str]] = {}
        for entry in space.codes:
            for label in (entry.name, *entry.aliases):
                if not label:
                    continue
                key = names.snake(label)
                if not key:
                    continue
                other = seen.setdefault(key, (label, entry.code))
                if other[0] != label and other[1] != entry.code:
                    yield Problem(
                        f"name {label!r} of code {entry.shown} collides with {other[0]!r} of code "
                        f"{space.kind.show(other[1])} "
                        f"(both become the identifier {names.upper_snake(label)})",
                        where(entry, "name"),
                        space.name,
                        entry.code,
                    )
