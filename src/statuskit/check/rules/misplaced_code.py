"""misplaced-code: a code listed under one topic group whose number falls inside another's run.

NemesisDB lists ParamMissing (26) under General although 20-27 are the Keys block. A code that
stands alone in its own group but inside another group's run of codes (see gap-in-group for
``max_gap``) probably belongs to that other group. Numbers only: string codes have no runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import RUN_OPTIONS, listed_runs, where

ID = "misplaced-code"
CATEGORY = "layout"
SEVERITY = "info"
OPTIONS = RUN_OPTIONS


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        listed = listed_runs(space, options)
        for group, group_runs in listed:
            for run in group_runs:
                if len(run) != 1:
                    continue
                number = run[0]
                for other, other_runs in listed:
                    if other is group:
                        continue
                    span = next((r for r in other_runs if len(r) > 1 and r[0] < number < r[-1]), None)
                    if span is not None:
                        yield Problem(
                            f"code {number} is listed under {group.label} but falls inside "
                            f"{other.label}'s run {span[0]}-{span[-1]}",
                            where(group, "codes"),
                            space.name,
                            number,
                        )
