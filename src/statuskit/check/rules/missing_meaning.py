"""missing-meaning: a code has neither a title nor a description.

A number without a meaning tells clients nothing; documents often leave such blanks
(pec's 813, 827, 913 and 914).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import codes, where

ID = "missing-meaning"
CATEGORY = "text"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space, entry in codes(catalog):
        if not (entry.title or "").strip() and not (entry.description or "").strip():
            yield Problem(
                f"code {entry.shown} has no meaning (neither title nor description)",
                where(entry, "code"),
                space.name,
                entry.code,
            )
