"""Choosing a code number: the next free one in a group, or checking an explicit one.

Policy: the lowest usable number of the group above the group's highest code; when the top of
the group is taken, the lowest usable number anywhere in it (filling gaps). A list group grows
upwards only. Usable means: not declared (also not by the builtin the space extends), never
retired, not reserved, and inside the space's ``digits`` and ``range``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog_format import MAX_CODE
from ..errors import AllocationError as AllocationError  # raised here; also importable from here
from ..errors import UnknownCodeError
from ..model import Group, Space
from ..patterns import Pattern

_RANGE = re.compile(r"\s*(\d{1,18})\s*-\s*(\d{1,18})\s*\Z")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a new code goes: its numbers, and the list group to append it to (if any)."""

    label: str
    next_member: Callable[[int], int | None]  # the smallest member >= n, or None
    low: int
    high: int
    list_group: Group | None = None


def resolve_group(space: Space, key: str) -> Target:
    """``41x`` (a pattern), ``3000-3999`` (a range) or the name of a group of the space."""
    text = key.strip()
    declared = _declared(space, text)
    if declared is not None and declared.kind == "list":
        return _list_target(space, declared)
    pattern = declared.pattern if declared is not None else None
    bounds = declared.range if declared is not None else None
    if declared is None:
        match = _RANGE.match(text)
        if match:
            bounds = (int(match.group(1)), int(match.group(2)))
            if bounds[0] > bounds[1]:
                raise AllocationError(f"range {text!r} is empty: low is above high")
        else:
            try:
                pattern = Pattern.parse(text)
            except ValueError:
                names = ", ".join(g.key for g in space.groups) or "none"
                raise AllocationError(
                    f"space {space.name!r} has no group {text!r}; expected a digit pattern (41x), "
                    f"a range (3000-3999) or one of its groups: {names}"
                ) from None
    if pattern is not None:
        return _pattern_target(pattern)
    assert bounds is not None
    low, high = bounds
    return Target(f"{low}-{high}", lambda n: n if n <= high else None, low, high)


def next_code(space: Space, target: Target) -> int:
    """The code :func:`resolve_group`'s target hands out next."""
    members = [c.code for c in space.all_codes() if _inside(target, c.code)]
    if target.list_group is not None:
        members = list(target.list_group.codes)
    if members:
        found = _search(space, target, max(members) + 1)
        if found is not None or target.list_group is not None:
            if found is None:
                raise AllocationError(f"group {target.label} of space {space.name!r} is full")
            return found
    found = _search(space, target, target.low)
    if found is None:
        raise AllocationError(
            f"group {target.label} of space {space.name!r} is full: every number in it is declared, "
            "retired, reserved or outside the space's digits/range"
        )
    return found


def check_free(space: Space, code: int) -> None:
    """Raise AllocationError saying why ``code`` cannot be added to ``space``."""
    if code < 0 or code > MAX_CODE:
        raise AllocationError(f"code {code} is out of range; expected 0 to {MAX_CODE}")
    if dict.__contains__(space, code):
        raise AllocationError(f"code {code} already exists in space {space.name!r}: {space[code].label}")
    retired = next((r for r in space.retired if r.code == code), None)
    if retired is not None:
        why = f" ({retired.reason})" if retired.reason else ""
        raise AllocationError(f"code {code} is retired{why} and may never be used again")
    reserved = next((r for r in space.reserved if r.contains(code)), None)
    if reserved is not None:
        why = f" ({reserved.reason})" if reserved.reason else ""
        raise AllocationError(f"code {code} is reserved{why}: {reserved.range[0]}-{reserved.range[1]}")
    if space.digits is not None and len(str(code)) != space.digits:
        raise AllocationError(
            f"code {code} does not have the {space.digits} digits space {space.name!r} uses"
        )
    if space.range is not None and not space.range[0] <= code <= space.range[1]:
        low, high = space.range
        raise AllocationError(f"code {code} is outside the range {low}-{high} of space {space.name!r}")


def _search(space: Space, target: Target, start: int) -> int | None:
    taken = {c.code for c in space.all_codes()} | {r.code for r in space.retired}
    others = [
        (min(g.codes), max(g.codes))
        for g in space.groups
        if g.kind == "list" and g.codes and g is not target.list_group
    ]
    number: int | None = max(start, target.low)
    while number is not None and number <= target.high:
        number = target.next_member(number)
        if number is None or number > target.high:
            return None
        jump = _jump(space, others, number)
        if jump is not None:
            number = jump
            continue
        if number in taken:
            number += 1
            continue
        return number
    return None


def _jump(space: Space, others: list[tuple[int, int]], number: int) -> int | None:
    """Where to continue when ``number`` is unusable for a reason that covers a whole stretch."""
    for entry in space.reserved:
        if entry.contains(number):
            return entry.range[1] + 1
    for low, high in others:
        if low <= number <= high:
            return high + 1
    if space.digits is not None:
        width = len(str(number))
        if width < space.digits:
            return int(10 ** (space.digits - 1))
        if width > space.digits:
            return MAX_CODE + 1
    if space.range is not None:
        if number < space.range[0]:
            return space.range[0]
        if number > space.range[1]:
            return MAX_CODE + 1
    return None


def _declared(space: Space, text: str) -> Group | None:
    try:
        return space.group(text)
    except UnknownCodeError:
        return None


def _inside(target: Target, code: int) -> bool:
    return target.low <= code <= target.high and target.next_member(code) == code


def _list_target(space: Space, group: Group) -> Target:
    start = max((c.code for c in space.all_codes()), default=0) + 1 if not group.codes else min(group.codes)
    return Target(group.key, lambda n: n, start, MAX_CODE, list_group=group)


def _pattern_target(pattern: Pattern) -> Target:
    """Members of a pattern in order: the wildcard digits, read as a number, count upwards."""
    text = pattern.text
    wild = [i for i, c in enumerate(text) if not c.isdigit()]
    count = len(wild)
    first_free = 10 ** (count - 1) if wild and wild[0] == 0 and len(text) > 1 else 0

    def value(k: int) -> int:
        digits = list(text)
        for position, digit in zip(wild, str(k).zfill(count), strict=True):
            digits[position] = digit
        return int("".join(digits))

    def next_member(n: int) -> int | None:
        low, high = first_free, 10**count - 1
        if value(high) < n:
            return None
        while low < high:  # members grow with k: find the first k with value(k) >= n
            middle = (low + high) // 2
            if value(middle) < n:
                low = middle + 1
            else:
                high = middle
        return value(low)

    low_code, high_code = value(first_free), value(10**count - 1)
    return Target(text, next_member, low_code, high_code)
