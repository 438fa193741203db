"""Reading JSON messages off the wire strictly: UTF-8, one JSON value, bounded size and depth."""

from __future__ import annotations

import json
from typing import Any

from ..errors import WireError
from ..kinds import INTEGER, CodeKind

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64


def parse(message: Any, what: str) -> Any:
    """``message`` as a JSON value: dicts pass through, str and bytes are parsed."""
    if isinstance(message, dict):
        return message
    if isinstance(message, bytes | bytearray | memoryview):
        raw = bytes(message)
        if len(raw) > MAX_BYTES:
            raise WireError(f"{what} is {len(raw)} bytes; at most {MAX_BYTES} are accepted")
        try:
            message = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise WireError(f"{what}: byte {error.start + 1} is not valid UTF-8") from None
    if not isinstance(message, str):
        raise WireError(f"{what} must be a JSON object, str or bytes, not {type(message).__name__}")
    if len(message) > MAX_BYTES:
        raise WireError(f"{what} is {len(message)} characters; at most {MAX_BYTES} are accepted")
    _check_depth(message, what)
    try:
        return json.loads(message)
    except json.JSONDecodeError as error:
        raise WireError(
            f"{what} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise WireError(f"{what} is nested too deeply") from None


def _check_depth(text: str, what: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the parser recurses into it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise WireError(f"{what} is nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth -= 1


def code_value(value: Any, where: str, kind: CodeKind = INTEGER) -> int | str:
    """A status code read from JSON in the space's kind: an integer (never a boolean or float),
    a string in string spaces, and in hex spaces an integer or a ``0x`` string."""
    if kind.name == "string":
        if isinstance(value, str) and value and kind.fits(value):
            return value
        wanted = f"a string code matching {kind.pattern!r}" if kind.pattern else "a string code"
    else:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind.name == "hex" and isinstance(value, str) and len(value) <= 40:
            number = kind.parse(value)
            if number is not None and "x" in value.lower():
                return number
        wanted = "an integer code" if kind.name == "integer" else "a hex code (0x80340000 or an integer)"
    shown = json.dumps(value)[:40] if _jsonable(value) else type(value).__name__
    raise WireError(f"{where} must be {wanted}, not {shown}")


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
