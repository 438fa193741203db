"""duplicate-code: a code number is declared twice in one space.

Clients match on the number, so two entries for one number leave them guessing which meaning
holds. Only the first entry is used by lookups; fix the catalog so there is one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "duplicate-code"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        for entry in space.codes:
            first = space[entry.code]
            if first is not entry:
                line = first.location.line if first.location else None
                at = f" (first at line {line})" if line else ""
                yield Problem(
                    f"code {entry.shown} is declared twice in space {space.name!r}{at}",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
