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
from ..walk import runs, where

ID = "misplaced-code"
CATEGORY = "layout"
SEVERITY = "info"
OPTIONS: Mapping[str, Any] = {"max_gap": 2}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    max_gap = int(options.get("max_gap", 2))
    for space in catalog.spaces:
        if not space.kind.numeric:
            continue
        lists = [g for g in space.groups if g.kind == "list"]
        group_runs = {id(g): runs(sorted({c for c in g.codes if isinstance(c, int)}), max_gap) for g in lists}
        for group in lists:
            for run in group_runs[id(group)]:
                if len(run) != 1:
                    continue
                number = run[0]
                for other in lists:
                    if other is group:
                        continue
                    span = next(
                        (r for r in group_runs[id(other)] if len(r) > 1 and r[0] < number < r[-1]), None
                    )
                    if span is not None:
                        yield Problem(
                            f"code {number} is listed under {group.label} but falls inside "
                            f"{other.label}'s run {span[0]}-{span[-1]}",
                            where(group, "codes"),
                            space.name,
                            number,
                        )
