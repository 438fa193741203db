"""reserved-range: a code lies inside a range its space reserves.

A space may keep numbers clear on purpose, e.g. pec's custom codes start at 6 so that they are
never confused with HTTP's 100-599: ``reserved: [{range: [100, 599], reason: HTTP status codes}]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "reserved-range"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        for entry in space.codes:
            for reserved in space.reserved:
                if reserved.contains(entry.code):
                    low, high = reserved.range
                    why = f" ({reserved.reason})" if reserved.reason else ""
                    yield Problem(
                        f"code {entry.shown} is inside the reserved range {low}-{high}{why}",
                        where(entry, "code"),
                        space.name,
                        entry.code,
                    )
