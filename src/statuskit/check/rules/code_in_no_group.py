"""code-in-no-group: a code belongs to none of its space's groups.

Where a space declares groups (classes like ``4xx`` or topics like "Session"), every code should
fall into one, or its class (and the defaults the class gives, such as ``outcome``) is unknown.
Spaces without groups are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "code-in-no-group"
CATEGORY = "layout"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        groups = space.all_groups()
        if not groups:
            continue
        keys = ", ".join(g.key for g in space.groups) or ", ".join(g.key for g in groups)
        for entry in space.codes:
            if not space.groups_of(entry.code):
                yield Problem(
                    f"code {entry.shown} is in none of the groups of space {space.name!r} ({keys})",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
