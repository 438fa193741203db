"""transport-limits: a code that its space's transport cannot carry.

- ``http``: status codes are three digits, 100-599 (RFC 9110).
- ``ws-close``: close codes are 1000-4999; 1000-2999 belong to the WebSocket protocol and its
  extensions, so applications send 1000 or 3000-4999 only (RFC 6455, section 7.4.2).
- ``line``: reply codes are exactly three digits (``NNN text``).

Numbers only: a string code (``card_declined``) travels in a message body, not as the status.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "transport-limits"
CATEGORY = "transport"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def problem(transport: str | None, code: int | str) -> str | None:
    """Why ``transport`` cannot carry ``code``, or None (string codes ride in a body: never)."""
    if not isinstance(code, int):
        return None
    if transport == "http" and not 100 <= code <= 599:
        return f"HTTP status codes are 100-599; {code} cannot be sent"
    if transport == "ws-close":
        if not 1000 <= code <= 4999:
            return f"WebSocket close codes are 1000-4999; {code} cannot be sent"
        if 1001 <= code <= 2999:
            return (
                "WebSocket close codes 1000-2999 belong to the protocol; "
                f"applications send 1000 or 3000-4999, not {code}"
            )
    if transport == "line" and not 100 <= code <= 999:
        return f"line replies start with a three-digit code; {code} has {len(str(abs(code)))} digits"
    return None


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        for entry in space.codes:
            message = problem(space.transport, entry.code)
            if message is not None:
                yield Problem(message, where(entry, "code"), space.name, entry.code)
