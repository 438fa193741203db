"""What every command handler is given: the store, the settings and the reply builder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .protocol import is_uint64
from .replies import Refusal, Replies
from .store import Session, Store

MISSING: Any = object()
"""Marks a parameter that is not in the request (``None`` is JSON null)."""


@dataclass(frozen=True, slots=True)
class Settings:
    data: Path | None
    """Where snapshots live; None when the server keeps nothing on disk."""
    save_enabled: bool
    max_value_size: int


@dataclass(slots=True)
class Context:
    store: Store
    replies: Replies
    settings: Settings


def token(params: dict[str, Any]) -> int:
    """The request's ``tkn``; 101 when missing, null or not an unsigned 64-bit integer."""
    value = params.get("tkn")
    if not is_uint64(value):
        raise Refusal(101, "tkn")
    return value


def session(context: Context, params: dict[str, Any]) -> Session:
    """The session named by ``tkn``; 101 for a bad token, 100 for an unknown one."""
    found = context.store.get(token(params))
    if found is None:
        raise Refusal(100, "tkn")
    return found


def echoed_token(params: dict[str, Any]) -> int | None:
    """The ``tkn`` an error reply repeats: the request's when it is a valid token, else null."""
    value = params.get("tkn")
    return value if is_uint64(value) else None
