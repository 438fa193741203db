"""Code patterns: digit patterns such as ``4xx``, ``x1x``, ``2yz`` or ``1xxxx`` for integer codes,
:class:`TextPattern` (``22xxx``, ``5.1.x``) for string codes and :class:`HexPattern` (``0x8007xxxx``).

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

    @property
    def breadth(self) -> int:
        """How many codes the pattern can match."""
        return int(10 ** (self.width - self.specificity))

    def matches(self, code: object) -> bool:
        """True when ``code`` is a non-negative integer with the pattern's width and fixed digits."""
        if not isinstance(code, int) or code < 0:
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


class TextPattern(Value):
    """A pattern over string codes: ``22xxx`` (SQLSTATE class 22), ``5.1.x`` or ``4.x.x`` (SMTP).

    Codes split into segments at dots; a pattern has as many segments as the codes it matches.
    A segment that is a lone ``x`` matches any segment; otherwise each ``x`` stands for any one
    character and every other character must be equal (``22xxx`` matches ``22P02``).
    """

    __slots__ = ("text", "segments")
    text: str
    segments: tuple[str, ...]

    def __init__(self, text: str, segments: tuple[str, ...]) -> None:
        self._init(text=text, segments=segments)

    @classmethod
    def parse(cls, text: str) -> TextPattern:
        """Parse ``text``; raise PatternError saying what is wrong when it is no pattern."""
        if not text or len(text) > 200:
            raise PatternError("a code pattern must be 1 to 200 characters long")
        segments = tuple(text.split("."))
        if any(not segment for segment in segments):
            raise PatternError(f"code pattern {text!r} has an empty segment")
        if "x" not in text:
            raise PatternError(f"code pattern {text!r} has no wildcard x; write the code itself instead")
        return cls(text, segments)

    @property
    def width(self) -> int:
        """The number of characters of the codes the pattern matches (when no segment is a lone x)."""
        return len(self.text)

    @property
    def specificity(self) -> int:
        """The number of fixed characters: the higher, the narrower the group."""
        return sum(1 for char in self.text if char not in "x.")

    @property
    def breadth(self) -> int:
        """About how many codes the pattern can match (36 per wildcard, 1000 per lone-x segment)."""
        count = 1
        for segment in self.segments:
            count *= 1000 if segment == "x" else 36 ** segment.count("x")
        return count

    @property
    def is_prefix(self) -> bool:
        """True when every wildcard comes after every fixed character (``22xxx``, ``5.1.x``)."""
        fixed = [char != "x" for char in self.text if char != "."]
        return fixed == sorted(fixed, reverse=True)

    def matches(self, code: object) -> bool:
        """True when the string ``code`` has the pattern's segments and fixed characters."""
        if not isinstance(code, str):
            return False
        parts = code.split(".")
        if len(parts) != len(self.segments):
            return False
        for part, segment in zip(parts, self.segments, strict=True):
            if segment == "x":
                if not part:
                    return False
                continue
            if len(part) != len(segment):
                return False
            if any(want != "x" and want != have for want, have in zip(segment, part, strict=True)):
                return False
        return True

    def __str__(self) -> str:
        return self.text


class HexPattern(Value):
    """A pattern over hex codes: ``0x8007xxxx`` (hex digits fixed, ``x`` any hex digit)."""

    __slots__ = ("text", "body")
    text: str
    body: str

    def __init__(self, text: str, body: str) -> None:
        self._init(text=text, body=body)

    @classmethod
    def parse(cls, text: str) -> HexPattern:
        """Parse ``0x`` followed by hex digits and ``x`` wildcards; PatternError when it is not."""
        if not text.lower().startswith("0x") or len(text) < 3 or len(text) > 34:
            raise PatternError(f"hex pattern {text!r} must be 0x followed by 1 to 32 hex digits or x")
        body = text[2:].upper()
        for index, char in enumerate(body):
            if char != "X" and char not in "0123456789ABCDEF":
                raise PatternError(
                    f"hex pattern {text!r} has {char!r} at position {index + 3}; "
                    "expected hex digits and the wildcard x"
                )
        if "X" not in body:
            raise PatternError(f"hex pattern {text!r} has no wildcard x; write the code itself instead")
        return cls(text, body)

    @property
    def width(self) -> int:
        """The number of hex digits of the codes the pattern matches."""
        return len(self.body)

    @property
    def specificity(self) -> int:
        return sum(1 for char in self.body if char != "X")

    @property
    def breadth(self) -> int:
        return int(16 ** (self.width - self.specificity))

    @property
    def is_prefix(self) -> bool:
        """True when the fixed hex digits all come first (``0x8007xxxx``)."""
        return self.body.rstrip("X").count("X") == 0

    def matches(self, code: object) -> bool:
        """True when the integer ``code``, in hex zero-padded to the pattern's width, fits it."""
        if not isinstance(code, int) or code < 0:
            return False
        digits = f"{code:0{self.width}X}"
        if len(digits) != self.width:
            return False
        return all(want in ("X", have) for want, have in zip(self.body, digits, strict=True))

    def bounds(self) -> tuple[int, int]:
        """The smallest and largest code the pattern can match."""
        return int(self.body.replace("X", "0"), 16), int(self.body.replace("X", "F"), 16)

    def __str__(self) -> str:
        return self.text


AnyPattern = Pattern | TextPattern | HexPattern
"""A group's pattern in any code kind."""
