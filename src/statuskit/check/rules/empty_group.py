"""empty-group: a named group that holds no code.

A class defined but never used (pec's 6xx "Informational") is worth a look: it may be planned,
or codes may be missing. Codes a space takes from the builtin it ``extends`` count. Groups with a
description but no title are legend entries that say where a family of future codes goes
(kAPI's ``3xxxx``: "some kind of limit") and are not reported.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any

from ...kinds import CodeValue
from ...model import Catalog, Group
from ..finding import Problem
from ..walk import where

ID = "empty-group"
CATEGORY = "layout"
SEVERITY = "info"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        numbers = [c.code for c in space.all_codes()]
        integers = sorted(n for n in numbers if type(n) is int)
        for group in space.groups:
            if not group.title:
                continue
            if not _holds_one(group, numbers, integers):
                yield Problem(
                    f"group {group.label} of space {space.name!r} has no codes", where(group), space.name
                )


def _holds_one(group: Group, numbers: list[CodeValue], integers: list[int]) -> bool:
    """Whether ``group`` holds one of ``numbers``; a span of integers is looked up by bisection, so
    a big space is not scanned once per empty group."""
    span = group.span
    if span is None:
        return any(group.contains(n) for n in numbers)
    at = bisect_left(integers, span[0])
    return at < len(integers) and integers[at] <= span[1]
