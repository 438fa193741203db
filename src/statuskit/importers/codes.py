"""Reading a code cell: a number (decimal or hex), a digit pattern (``5xx``) or a range (``3000-3999``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..patterns import is_pattern

MAX_DIGITS = 18
_DECIMAL = re.compile(r"-?[0-9]{1,18}")
_HEX = re.compile(r"0[xX]([0-9a-fA-F]{1,16})(?:[uU]?[lL]{0,2}|[lL]{0,2}[uU]?)")
_RANGE = re.compile(r"(-?[0-9]{1,18})\s*(?:-|–|—|\.\.|to)\s*(-?[0-9]{1,18})")
_PATTERN = re.compile(r"[0-9xyzXYZ]{2,18}")
_MARKUP = "`*_ "


@dataclass(frozen=True, slots=True)
class CodeCell:
    """What a cell holds: ``code``, or ``pattern``, or ``range``; ``hex`` when written in hex."""

    code: int | None = None
    pattern: str | None = None
    range: tuple[int, int] | None = None
    hex: bool = False


@lru_cache(maxsize=1 << 16)
def read_code(text: str) -> CodeCell | None:
    """The code, pattern or range ``text`` holds (markup around it ignored), or None."""
    value = text.strip().strip(_MARKUP).strip()
    if "`" in value or "*" in value:
        value = value.replace("`", "").replace("*", "").strip()
    if not value:
        return None
    if _DECIMAL.fullmatch(value):
        if value.startswith("-") and (value == "-0" or value[1:2] == "0"):
            return None
        return CodeCell(code=int(value))
    hex_match = _HEX.fullmatch(value)
    if hex_match:
        return CodeCell(code=int(hex_match.group(1), 16), hex=True)
    match = _RANGE.fullmatch(value)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low < 0 and high < 0 and low > high:
            low, high = high, low  # JSON-RPC writes -32000 to -32099
        digits = len(match.group(1).lstrip("-")) == len(match.group(2).lstrip("-"))
        if low < high and (digits or low == 0):
            return CodeCell(range=(low, high))
        return None
    if _PATTERN.fullmatch(value) and any(c.isdigit() for c in value) and is_pattern(value):
        return CodeCell(pattern=value)
    return None


_STRING_CODE = re.compile(r"[0-9A-Z]{2,8}|[0-9]{1,3}(?:\.[0-9]{1,3}){2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def string_code(text: str) -> str | None:
    """A fixed-width alphanumeric (``22P02``) or dotted (``5.1.1``) code, or None.

    Only a column of such cells of one width makes codes of them (see :mod:`.table`).
    """
    value = text.strip().strip(_MARKUP).strip()
    if _STRING_CODE.fullmatch(value) and any(c.isdigit() for c in value):
        return value
    return None


def cell_code(text: str) -> tuple[CodeCell, str] | None:
    """A code cell with a second part: ``200 (OK)``, ``0x41 (65)``, ``E_FAIL (0x80004005)``,
    ``WSAEINTR`` over ``10004``. Returns the code and the other part: a name, or a title in
    parentheses when it followed the code (``(OK)``)."""
    value = text.strip()
    split = _in_parens(value)
    if split is not None:
        head, inner = split
        first = read_code(head)
        if first is not None:
            other = read_code(inner)
            return first, "" if other is not None else f"({inner})"
        second = read_code(inner)
        if second is not None and second.code is not None and _NAME.fullmatch(head):
            return second, head
        return None
    parts = value.split()
    if len(parts) == 2:
        for index in (0, 1):
            found = read_code(parts[index])
            rest = parts[1 - index].strip(_MARKUP)
            if found is not None and found.code is not None and _NAME.fullmatch(rest) and "_" in rest + "_":
                if index == 0 and not any(c.isupper() for c in rest):
                    return None
                return found, rest
    return None


def _in_parens(value: str) -> tuple[str, str] | None:
    """``head (inner)`` split at its last parenthesis (a scan, linear on any input)."""
    if not value.endswith(")"):
        return None
    opening = value.rfind("(")
    inner = value[opening + 1 : -1]
    head = value[:opening].strip().strip(_MARKUP + " ")
    if opening <= 0 or "(" in inner or ")" in inner or not head:
        return None
    return head, inner.strip()


def leading_code(text: str) -> tuple[CodeCell, str] | None:
    """A code, pattern or range at the start of ``text``, and the rest of the text."""
    stripped = text.lstrip()
    spaced = _LEADING_RANGE.match(stripped)
    if spaced is not None and (cell := read_code(spaced.group(1))) is not None:
        return cell, stripped[spaced.end() :]
    token = _LEADING_TOKEN.match(stripped)
    if token is None:
        return None
    cell = read_code(token.group(1))
    if cell is None:
        return None
    return cell, stripped[token.end() :]


_LEADING_RANGE = re.compile(r"[`*_]*([0-9]+\s*(?:-|–|—|\.\.|to)\s*[0-9]+)[`*_]*(?=$|[\s:,;.])")
_LEADING_TOKEN = re.compile(r"[`*_]*([0-9A-Za-z][0-9A-Za-z.–—-]*?)[`*_]*[.,]?(?=$|[\s:;)(—–]|-\s)")
