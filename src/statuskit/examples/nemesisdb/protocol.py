"""Framing: from one WebSocket message to a command name and its parameters.

The checks run in the order clients of the real server rely on: binary frame (2), not JSON (3),
top level empty or not an object (13), more than one key (11), value not an object (12), and only
then the command table (10, in ``dispatch``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard


@dataclass(frozen=True, slots=True)
class FrameRejection:
    """The message cannot carry a command; ``key`` is ``ERR`` or ``<CMD>_RSP``."""

    key: str
    code: int


@dataclass(frozen=True, slots=True)
class Request:
    command: str
    params: dict[str, Any]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_constant=_no_constants)


def parse(message: str | bytes) -> Request | FrameRejection:
    """The request in ``message``, or the frame-level error to answer with."""
    if not isinstance(message, str):
        return FrameRejection("ERR", 2)
    try:
        document = _decoder.decode(message)
    except (ValueError, RecursionError):
        return FrameRejection("ERR", 3)
    if not isinstance(document, dict) or not document:
        return FrameRejection("ERR", 13)
    if len(document) > 1:
        return FrameRejection("ERR", 11)
    ((command, params),) = document.items()
    if not isinstance(params, dict):
        return FrameRejection(f"{command}_RSP", 12)
    return Request(command, params)


def is_uint64(value: Any) -> TypeGuard[int]:
    """True for a JSON integer in 0 … 2**64-1 (booleans are not integers here)."""
    return type(value) is int and 0 <= value < 2**64


def value_size(value: Any) -> int:
    """A value's size as stored: its compact JSON text in UTF-8 bytes."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-8", "surrogatepass"))
