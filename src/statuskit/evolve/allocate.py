"""Choosing a code: the next free one in a group, or checking an explicit one, in the space's kind.

Policy: the lowest usable code of the group above the group's highest code; when the top of
the group is taken, the lowest usable code anywhere in it (filling gaps). A list group grows
upwards only. Usable means: not declared (also not by the builtin the space extends), never
retired, not reserved, and inside the space's ``digits`` and ``range`` (or its ``pattern``).

Integer groups are digit patterns (``41x``) or ranges (``3000-3999``, ``-32099..-32000``); hex
groups are hex patterns (``0x8007xxxx``) or ranges; string groups are patterns over characters
(``22xxx``: each ``x`` runs through 0-9 then A-Z) or segments (``5.1.x``: the lone ``x`` counts
0, 1, 2...). Identifiers (lists, prefixes) are named by people: give the code itself.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..catalog_format import MAX_CODE
from ..errors import AllocationError as AllocationError  # raised here; also importable from here
from ..errors import UnknownCodeError
from ..kinds import CodeValue, code_order
from ..model import Code, Group, Space
from ..patterns import HexPattern, Pattern, TextPattern

_RANGE = re.compile(
    r"\s*(-?\d{1,18}|-?0[xX][0-9a-fA-F]{1,16})\s*(?:\.\.|-)\s*(-?\d{1,18}|-?0[xX][0-9a-fA-F]{1,16})\s*\Z"
)
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MAX_CANDIDATES = 2_000_000


@dataclass(frozen=True, slots=True)
class Target:
    """Where a new code goes: its numbers, and the list group to append it to (if any)."""

    label: str
    next_member: Callable[[int], int | None]  # the smallest member >= n, or None
    low: int
    high: int
    list_group: Group | None = None
    strings: Callable[[], Iterator[str]] | None = None  # string spaces: candidates in order


def resolve_group(space: Space, key: str) -> Target:
    """``41x`` (a pattern), ``3000-3999`` (a range) or the name of a group of the space."""
    text = key.strip()
    declared = _declared(space, text)
    if not space.kind.numeric:
        return _string_target(space, declared, text)
    if declared is not None and declared.kind == "list":
        return _list_target(space, declared)
    pattern = declared.pattern if declared is not None else None
    bounds = declared.range if declared is not None else None
    if declared is None:
        match = _RANGE.match(text)
        if match:
            bounds = (int(match.group(1), 0), int(match.group(2), 0))
            if bounds[0] > bounds[1]:
                raise AllocationError(f"range {text!r} is empty: low is above high")
        else:
            try:
                pattern = HexPattern.parse(text) if space.kind.name == "hex" else Pattern.parse(text)
            except ValueError:
                names = ", ".join(g.key for g in space.groups) or "none"
                raise AllocationError(
                    f"space {space.name!r} has no group {text!r}; expected a digit pattern (41x), "
                    f"a range (3000-3999) or one of its groups: {names}"
                ) from None
    if isinstance(pattern, HexPattern):
        return _wild_target(pattern.text, pattern.body, "X", 16)
    if isinstance(pattern, Pattern):
        return _pattern_target(pattern)
    if bounds is None:
        raise AllocationError(f"group {text!r} of space {space.name!r} cannot hand out codes")
    low, high = bounds
    label = f"{space.kind.show(low)}-{space.kind.show(high)}"
    return Target(label, lambda n: n if n <= high else None, low, high)


def next_code(space: Space, target: Target) -> CodeValue:
    """The code :func:`resolve_group`'s target hands out next."""
    if target.strings is not None:
        return _next_string(space, target)
    if target.list_group is not None:
        listed = [c for c in target.list_group.codes if isinstance(c, int)]
        top = max(listed) if listed else None
    else:
        top = _highest(space, target)
    if top is not None:
        found = _search(space, target, top + 1)
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


def parse_code(space: Space, text: str) -> CodeValue:
    """A code typed by a person (``add --code``), in the space's kind; AllocationError if it is none."""
    value = space.kind.parse(text)
    if value is None:
        kind = space.kind
        wanted = {"integer": "an integer", "hex": "a hex number such as 0x80340000"}.get(
            kind.name, "a string code"
        )
        extra = f" matching {kind.pattern!r}" if kind.pattern else ""
        raise AllocationError(f"{text!r} is no code of space {space.name!r}; expected {wanted}{extra}")
    return value


def check_free(space: Space, code: CodeValue) -> None:
    """Raise AllocationError saying why ``code`` cannot be added to ``space``."""
    shown = space.kind.show(code)
    if not space.kind.accepts(code):
        raise AllocationError(f"{code!r} is no code of space {space.name!r} ({space.kind.name} codes)")
    if isinstance(code, int) and not -MAX_CODE <= code <= MAX_CODE:
        raise AllocationError(f"code {code} is out of range; expected -{MAX_CODE} to {MAX_CODE}")
    if dict.__contains__(space, code):
        raise AllocationError(f"code {shown} already exists in space {space.name!r}: {space[code].label}")
    retired = next((r for r in space.retired if r.code == code), None)
    if retired is not None:
        why = f" ({retired.reason})" if retired.reason else ""
        raise AllocationError(f"code {shown} is retired{why} and may never be used again")
    if not isinstance(code, int):
        return
    reserved = next((r for r in space.reserved if r.contains(code)), None)
    if reserved is not None:
        why = f" ({reserved.reason})" if reserved.reason else ""
        raise AllocationError(f"code {shown} is reserved{why}: {reserved.range[0]}-{reserved.range[1]}")
    if space.digits is not None and _width(space, code) != space.digits:
        raise AllocationError(
            f"code {shown} does not have the {space.digits} digits space {space.name!r} uses"
        )
    if space.range is not None and not space.range[0] <= code <= space.range[1]:
        low, high = (space.kind.show(bound) for bound in space.range)
        raise AllocationError(f"code {shown} is outside the range {low}-{high} of space {space.name!r}")


def _width(space: Space, number: int) -> int:
    """How many digits ``number`` has as the space writes it (hex codes are zero-padded)."""
    if space.kind.name == "hex":
        return max(len(f"{abs(number):X}"), space.digits or 1)
    return len(str(abs(number)))


def _search(space: Space, target: Target, start: int) -> int | None:
    taken = {c.code for c in _codes(space)} | {r.code for r in space.retired}
    others = [
        (min(numbers), max(numbers))
        for g in space.groups
        if g.kind == "list" and g is not target.list_group
        for numbers in [[c for c in g.codes if isinstance(c, int)]]
        if numbers
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
        width = _width(space, number)
        if width < space.digits and number >= 0:
            return int(10 ** (space.digits - 1))
        if width > space.digits:
            return MAX_CODE + 1 if number >= 0 else -int(10 ** (space.digits - 1)) + 1
    if space.range is not None:
        if number < space.range[0]:
            return space.range[0]
        if number > space.range[1]:
            return MAX_CODE + 1
    return None


def _codes(space: Space) -> Iterable[Code]:
    """Every code the space declares or inherits, in no particular order.

    ``Space.all_codes`` sorts them, which allocation never needs (it takes sets and maxima):
    on a big space the sort cost more than the allocation.
    """
    return dict.values(space) if space.base is None else space.all_codes()


def _declared(space: Space, text: str) -> Group | None:
    try:
        return space.group(text)
    except UnknownCodeError:
        return None


def _highest(space: Space, target: Target) -> int | None:
    """The highest declared code of the target's group, or None.

    Codes are tried from the top of the group's bounds down, so the membership test (a search
    over the pattern's members) runs for a few codes rather than for every code of the space.
    """
    bounded = [
        c.code for c in _codes(space) if isinstance(c.code, int) and target.low <= c.code <= target.high
    ]
    bounded.sort(reverse=True)
    return next((code for code in bounded if target.next_member(code) == code), None)


def _list_target(space: Space, group: Group) -> Target:
    numbers = [c for c in group.codes if isinstance(c, int)]
    declared = [c.code for c in _codes(space) if isinstance(c.code, int)]
    start = min(numbers) if numbers else max(declared, default=0) + 1
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


def _wild_target(label: str, body: str, wildcard: str, base: int) -> Target:
    """Members of a hex pattern in order: the wildcard digits, read as a number, count upwards."""
    wild = [i for i, c in enumerate(body) if c == wildcard]
    count = len(wild)

    def value(k: int) -> int:
        digits = list(body)
        for position, digit in zip(wild, _in_base(k, base, count), strict=True):
            digits[position] = digit
        return int("".join(digits), base)

    def next_member(n: int) -> int | None:
        low, high = 0, base**count - 1
        if value(high) < n:
            return None
        while low < high:
            middle = (low + high) // 2
            if value(middle) < n:
                low = middle + 1
            else:
                high = middle
        return value(low)

    return Target(label, next_member, value(0), value(base**count - 1))


def _in_base(number: int, base: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, base)
        digits.append(_ALPHABET[digit])
    return "".join(reversed(digits))


def _string_target(space: Space, declared: Group | None, text: str) -> Target:
    """Candidates of a string pattern in order (``22xxx``: 22000, 22001 ... 2200Z, 22010 ...)."""
    pattern = declared.pattern if declared is not None else None
    if declared is None:
        try:
            pattern = TextPattern.parse(text)
        except ValueError:
            keys = ", ".join(g.key for g in space.groups) or "none"
            raise AllocationError(
                f"space {space.name!r} has no group {text!r}; expected a pattern such as 22xxx or 5.1.x, "
                f"or one of its groups: {keys}"
            ) from None
    if not isinstance(pattern, TextPattern):
        raise AllocationError(
            f"group {text!r} of space {space.name!r} names its codes (a list or a prefix); "
            "give the new code itself with --code"
        )
    choices: list[list[str]] = []
    for index, segment in enumerate(pattern.segments):
        if index:
            choices.append(["."])
        if segment == "x":
            choices.append([str(n) for n in range(1000)])
        else:
            choices.extend(list(_ALPHABET) if char == "x" else [char] for char in segment)
    size = 1
    for options in choices:
        size *= len(options)
    if size > _MAX_CANDIDATES:
        raise AllocationError(
            f"pattern {pattern.text!r} has too many codes to search; give the new code itself with --code"
        )

    def candidates() -> Iterator[str]:
        return ("".join(parts) for parts in itertools.product(*choices))

    return Target(pattern.text, lambda n: None, 0, 0, strings=candidates)


def _next_string(space: Space, target: Target) -> str:
    assert target.strings is not None
    pattern = TextPattern.parse(target.label)
    taken = {c.code for c in _codes(space)} | {r.code for r in space.retired}
    members = [c.code for c in _codes(space) if pattern.matches(c.code)]
    top = max((code_order(c) for c in members), default=None)
    first: str | None = None
    for candidate in target.strings():
        if candidate in taken or not space.kind.fits(candidate):
            continue
        if top is None or code_order(candidate) > top:
            return candidate
        if first is None:
            first = candidate
    if first is None:
        raise AllocationError(f"group {target.label} of space {space.name!r} is full")
    return first
