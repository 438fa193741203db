"""Digit patterns such as ``4xx``, ``x1x``, ``2yz`` or ``1xxxx``.

A pattern's length is the number of digits of the codes it matches; a digit position must match
exactly and a wildcard letter (``x``, ``y`` or ``z``, any case) matches any digit. Patterns with
more fixed digits are more specific: ``41x`` is inside ``4xx``.
"""

from __future__ import annotations

from ._frozen import Value
from .errors import PatternError

WILDCARDS = frozenset("xyzXYZ")


class Pattern(Value):
    """A parsed digit pattern; ``text`` is kept as written, matching uses ``fixed``."""

    __slots__ = ("text", "fixed")
    text: str
    fixed: tuple[tuple[int, str], ...]

    def __init__(self, text: str, fixed: tuple[tuple[int, str], ...]) -> None:
        self._init(text=text, fixed=fixed)

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """Parse ``text``; raise PatternError saying what is wrong when it is no pattern."""
        if not text:
            raise PatternError("a digit pattern cannot be empty")
        if len(text) > 18:
            raise PatternError(f"digit pattern {text!r} is longer than 18 digits")
        fixed = []
        for index, char in enumerate(text):
            if char in WILDCARDS:
                continue
            if "0" <= char <= "9":
                fixed.append((index, char))
                continue
            raise PatternError(
                f"digit pattern {text!r} has {char!r} at position {index + 1}; "
                "expected digits and the wildcards x, y, z"
            )
        if len(fixed) == len(text):
            raise PatternError(f"digit pattern {text!r} has no wildcard; write the code itself instead")
        return cls(text, tuple(fixed))

    @property
    def width(self) -> int:
        """The number of digits of the codes the pattern matches."""
        return len(self.text)

    @property
    def specificity(self) -> int:
        """The number of fixed digits: the higher, the narrower the group."""
        return len(self.fixed)

    @property
    def is_prefix(self) -> bool:
        """True when the fixed digits all come first (``41x``), so the pattern is a plain range."""
        return all(index == position for position, (index, _) in enumerate(self.fixed))

    def matches(self, code: int) -> bool:
        """True when ``code`` has the pattern's width and its fixed digits."""
        if code < 0:
            return False
        digits = str(code)
        if len(digits) != len(self.text):
            return False
        return all(digits[index] == char for index, char in self.fixed)

    def bounds(self) -> tuple[int, int]:
        """The smallest and largest code the pattern can match."""
        first = self.text[0]
        low = "1" if first in WILDCARDS and len(self.text) > 1 else first.lower().replace("x", "0")
        low += "".join("0" if c in WILDCARDS else c for c in self.text[1:])
        high = "".join("9" if c in WILDCARDS else c for c in self.text)
        return int(low), int(high)

    def codes(self) -> range | list[int]:
        """Every code the pattern can match, in order."""
        low, high = self.bounds()
        if self.is_prefix:
            return range(low, high + 1)
        return [code for code in range(low, high + 1) if self.matches(code)]

    def __str__(self) -> str:
        return self.text


def is_pattern(text: str) -> bool:
    """True when ``text`` parses as a digit pattern."""
    try:
        Pattern.parse(text)
    except PatternError:
        return False
    return True
