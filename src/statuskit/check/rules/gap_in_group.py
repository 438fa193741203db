"""gap-in-group: a number skipped inside a topic group's run of codes.

In a group that lists its codes (NemesisDB's Keys: 20, 21, 22, 23, 24, 27), a number missing
from an otherwise continuous run, and used nowhere else in the space, is often a code the
document forgot. Runs are codes at most ``max_gap`` numbers apart (option, default 2); pattern
and range groups are sparse by nature and not checked. Numbers only: string codes have no gaps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import RUN_OPTIONS, listed_runs, where

ID = "gap-in-group"
CATEGORY = "layout"
SEVERITY = "info"
OPTIONS = RUN_OPTIONS


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        used = {c.code for c in space.codes} | {r.code for r in space.retired}
        for group, group_runs in listed_runs(space, options):
            for run in group_runs:
                for low, high in pairwise(run):
                    for missing in range(low + 1, high):
                        if missing not in used:
                            yield Problem(
                                f"{missing} is skipped between {low} and {high} in group {group.label}",
                                where(group, "codes"),
                                space.name,
                                missing,
                            )
