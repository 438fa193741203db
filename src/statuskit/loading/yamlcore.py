"""What both YAML readers share: the YAML 1.2 core schema for plain scalars, and the limits.

``no`` stays a string, ``0o17`` is octal, ``0x1F`` hex, ``.inf`` a float; numbers beyond
:data:`MAX_DIGITS` digits are refused, since no code or field needs them and huge integers cost
time to convert. :mod:`.yamlfile` (libyaml's nodes) and :mod:`.blockyaml` (the fast reader)
resolve scalars here, so the two can never disagree on a value.
"""

from __future__ import annotations

import math
import re

from ..errors import LoadError, Location

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64  # levels of nesting; a catalog is never this deep
MAX_DIGITS = 18

# The first characters of every plain scalar that is not a string (null, booleans, numbers).
SPECIAL_START = frozenset("~nNtTfF0123456789+-.")

_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_SPECIAL_FLOATS = {
    ".inf": math.inf, "+.inf": math.inf, ".Inf": math.inf, "+.Inf": math.inf, ".INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip


def resolve_plain(text: str) -> Any:
    """A plain scalar's value; a LoadError saying what is wrong for a number out of bounds (with
    no place: the reader that calls this knows where the scalar is)."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    digits = text.lstrip("+-")
    if _INT.match(text) or _HEX.match(digits) or _OCT.match(digits):
        if len(digits) > MAX_DIGITS + 2:
            raise _too_large(f"number {text[:24]}... is too large (at most {MAX_DIGITS} digits)")
        sign = -1 if text.startswith("-") else 1
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if len(digits) > MAX_DIGITS:
            raise _too_large(f"number {text[:24]} is too large (at most {MAX_DIGITS} digits)")
        return int(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        number = float(text)
        if math.isinf(number):
            raise _too_large(f"number {text[:24]} is too large")
        return number
    return text


def _too_large(message: str) -> LoadError:
    return LoadError(message, Location(None))
