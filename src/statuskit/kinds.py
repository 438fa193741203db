"""What a code may be: the code kinds a space declares (``code: integer | hex | string``).

- ``integer`` (the default): whole numbers, negatives included (JSON-RPC's ``-32700``).
- ``hex``: whole numbers people read and type in hexadecimal; written ``0x80340000``, zero-padded
  to the space's ``digits`` hex digits, and shown that way everywhere.
- ``string``: text codes, optionally held to a regular expression (``pattern``): fixed-width
  alphanumeric (SQLSTATE ``22P02``), dotted (SMTP ``5.1.1``) or identifiers (``card_declined``).

Integer and hex codes are Python ``int`` values, string codes ``str``; :class:`CodeKind` turns
them into text and back, so every command accepts and shows codes as the catalog writes them.
"""

from __future__ import annotations

import re

from ._frozen import Value
from .errors import PatternError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Protocol

    class Matcher(Protocol):
        def fullmatch(self, text: str) -> object | None: ...


CodeValue = int | str
"""A code as the model holds it: ``int`` for integer and hex spaces, ``str`` for string spaces."""

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_NOT_LINEAR = r"\\[1-9]|\(\?P=|\(\?<?[=!]"  # backreferences and lookaround
MAX_PATTERN = 200


class CodeKind(Value):
    """How a space's codes are written: ``integer``, ``hex`` (with ``digits``) or ``string``."""

    __slots__ = ("name", "digits", "pattern", "_regex")
    _compare_skip = ("_regex",)
    name: str
    digits: int | None
    pattern: str | None
    _regex: Matcher | None

    def __init__(self, name: str = "integer", digits: int | None = None, pattern: str | None = None) -> None:
        """PatternError when ``pattern`` is no regular expression RE2 can match in linear time."""
        regex = compile_pattern(pattern) if pattern is not None else None
        self._init(name=name, digits=digits, pattern=pattern, _regex=regex)

    @property
    def numeric(self) -> bool:
        """True for integer and hex codes (ranges, gaps and digit widths make sense for them)."""
        return self.name != "string"

    def accepts(self, value: object) -> bool:
        """True when ``value`` is a code of this kind (an int, or a str fitting the pattern)."""
        if self.name == "string":
            return isinstance(value, str) and bool(value) and self.fits(value)
        return isinstance(value, int) and not isinstance(value, bool)

    def fits(self, text: str) -> bool:
        """True when a string code matches the space's ``pattern`` (or there is none)."""
        return self._regex is None or self._regex.fullmatch(text) is not None

    def parse(self, text: str) -> CodeValue | None:
        """A code typed by a person (``404``, ``0x80340000``, ``22P02``), or None when it is none.

        Hex spaces also take decimal numbers; integer spaces also take ``0x`` numbers.
        """
        written = text.strip()
        if self.name == "string":
            return written if written and self.fits(written) else None
        sign = -1 if written[:1] == "-" else 1
        body = written[1:] if written[:1] in ("-", "+") else written
        if not body or len(body) > 20 or not body.isascii():
            return None
        if body[:2] in ("0x", "0X"):
            digits = body[2:]
            return sign * int(digits, 16) if digits and all(c in _HEX_DIGITS for c in digits) else None
        return sign * int(body) if body.isdigit() else None

    def show(self, value: CodeValue) -> str:
        """The code as the catalog writes it: ``404``, ``0x8007000E``, ``5.1.1``."""
        if self.name == "hex" and isinstance(value, int):
            sign = "-" if value < 0 else ""
            return f"{sign}0x{abs(value):0{self.digits or 1}X}"
        return str(value)

    def to_data(self, value: CodeValue) -> int | str:
        """The code in canonical data: JSON integers for integer codes, strings for every other kind."""
        if self.name == "integer":
            return value
        return self.show(value)

    def declaration(self) -> str | dict[str, Any] | None:
        """The space's ``code`` key as written in canonical data (None for the default)."""
        if self.name == "integer":
            return None
        if self.name == "string" and self.pattern is not None:
            return {"type": "string", "pattern": self.pattern}
        return self.name


INTEGER = CodeKind()


def compile_pattern(pattern: str) -> Matcher:
    """A string space's ``pattern``, compiled with RE2 so that no catalog can make matching a code
    take more than linear time (Python's backtracking engine can take exponential time on
    patterns like ``(a+)+``). PatternError says what is wrong."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"pattern is longer than {MAX_PATTERN} characters")
    if re.search(_NOT_LINEAR, pattern):
        raise PatternError(f"pattern {pattern!r} uses a backreference or lookaround, which codes cannot use")
    try:
        re.compile(pattern)  # Python's messages say where a pattern is wrong
    except re.error as error:
        raise PatternError(f"pattern {pattern!r} is no regular expression: {error}") from None
    import re2  # imported only for catalogs whose spaces have a pattern

    try:
        return re2.compile(pattern)
    except re2.error as error:
        raise PatternError(f"pattern {pattern!r} is not supported: {error}") from None


def code_order(value: CodeValue) -> tuple[int, int, tuple[str, ...]]:
    """A sort key for codes of any kind: numbers by value, then strings; in dotted codes, numeric
    segments count as numbers (``5.1.2`` before ``5.1.10``), other strings sort as text."""
    if isinstance(value, int):
        return (0, value, ())
    if "." not in value:
        return (1, 0, (value,))
    return (1, 0, tuple(part.zfill(20) if part.isdigit() else part for part in value.split(".")))


def shown(value: CodeValue, kind: CodeKind | None) -> str:
    """``value`` as ``kind`` writes it (plain ``str`` without a kind)."""
    return kind.show(value) if kind is not None else str(value)
