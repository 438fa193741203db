"""Framing: from one WebSocket message to a command name and its parameters.

The checks run in the real server's order: binary frame (2), not JSON or JSON ``null`` (3), top
level empty or not an object (13), more than one member (11), and the command's value not an
object (12, under ``<CMD>_RSP``, even for a command that does not exist); only then the command
table (10, in ``dispatch``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard


@dataclass(frozen=True, slots=True)
class FrameRejection:
    """The message cannot carry a command; ``command`` is set when the reply goes under ``<CMD>_RSP``."""

    code: int
    command: str | None = None


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
        return FrameRejection(2)
    try:
        document = _decoder.decode(message)
    except (ValueError, RecursionError):
        return FrameRejection(3)
    if document is None:
        return FrameRejection(3)
    if not isinstance(document, dict) or not document:
        return FrameRejection(13)
    if len(document) > 1:
        return FrameRejection(11)
    ((command, params),) = document.items()
    if not isinstance(params, dict):
        return FrameRejection(12, command)
    return Request(command, params)


def is_uint64(value: Any) -> TypeGuard[int]:
    """True for a JSON integer in 0 … 2**64-1 (booleans are not integers here)."""
    return type(value) is int and 0 <= value < 2**64
