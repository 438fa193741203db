"""duplicate-name: a name or alias is used by two codes of one space.

``space.by_name()`` and generated code need every name to mean one code. An alias that repeats
another code's name counts too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog, Code
from ..finding import Problem
from ..walk import where

ID = "duplicate-name"
CATEGORY = "naming"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        owner: dict[str, Code] = {}
        for entry in space.codes:
            labels = [("name", entry.name)] + [("aliases", a) for a in entry.aliases]
            for key, label in labels:
                if not label:
                    continue
                other = owner.setdefault(label, entry)
                if other is not entry:
                    yield Problem(
                        f"name {label!r} of code {entry.shown} is already used by code {other.shown}",
                        where(entry, key),
                        space.name,
                        entry.code,
                    )
