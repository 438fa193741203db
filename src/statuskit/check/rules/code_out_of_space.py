"""code-out-of-space: a code has the wrong number of digits, or lies outside the space's range.

A space that declares ``digits: 3`` only holds three-digit codes; one that declares
``range: [3000, 3999]`` only holds codes inside it. In a hex space, ``digits`` counts hex digits.
Numbers only: string codes have no digits or range (the space's ``pattern`` holds them, and the
loader checks it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "code-out-of-space"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        hex_digits = space.kind.name == "hex"
        for entry in space.codes:
            if not isinstance(entry.code, int):
                continue
            width = len(f"{abs(entry.code):X}") if hex_digits else len(str(abs(entry.code)))
            wrong = width > space.digits if hex_digits and space.digits else width != space.digits
            if space.digits is not None and wrong:
                yield Problem(
                    f"code {entry.shown} does not have {space.digits} digits as space "
                    f"{space.name!r} declares",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
            if space.range is not None and not space.range[0] <= entry.code <= space.range[1]:
                low, high = (space.kind.show(bound) for bound in space.range)
                yield Problem(
                    f"code {entry.shown} is outside the range {low}-{high} of space {space.name!r}",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
