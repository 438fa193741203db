"""retired-reused: a retired code is declared again as an active code.

Retired codes stay in the catalog so that they are never handed out again: old clients may still
act on their old meaning. Pick a new number instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "retired-reused"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        retired = {r.code: r for r in space.retired}
        for entry in space.codes:
            old = retired.get(entry.code)
            if old is not None:
                why = f" ({old.reason})" if old.reason else ""
                yield Problem(
                    f"code {entry.shown} is retired{why} and may not be used again",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
