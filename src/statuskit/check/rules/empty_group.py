"""empty-group: a named group that holds no code.

A class defined but never used (pec's 6xx "Informational") is worth a look: it may be planned,
or codes may be missing. Codes a space takes from the builtin it ``extends`` count. Groups with a
description but no title are legend entries that say where a family of future codes goes
(kAPI's ``3xxxx``: "some kind of limit") and are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "empty-group"
CATEGORY = "layout"
SEVERITY = "info"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        numbers = [c.code for c in space.all_codes()]
        for group in space.groups:
            if not group.title:
                continue
            if not any(group.contains(n) for n in numbers):
                yield Problem(
                    f"group {group.label} of space {space.name!r} has no codes", where(group), space.name
                )
