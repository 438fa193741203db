"""What every command handler is given, and the checks they share (the token, the session)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .paths import Finder
from .protocol import is_uint64
from .replies import Message, Refused, Replies
from .settings import Settings
from .store import Session, Store

Send = Callable[[Message], Awaitable[None]]


def _open() -> bool:
    return True


CONNECTION_OPEN: ContextVar[Callable[[], bool]] = ContextVar("nemesisdb_connection_open", default=_open)
"""Whether the connection being served is still open (set by the server for each connection), so
long work for a client that has gone can stop."""

MISSING: Any = object()
"""Marks a parameter that is not in the request (``None`` is JSON null)."""


@dataclass(slots=True)
class Context:
    store: Store
    replies: Replies
    settings: Settings
    finder: Finder


def token(context: Context, params: dict[str, Any], error_key: str) -> int:
    """The request's ``tkn``; 101 under ``error_key`` when missing or not an unsigned 64-bit integer.

    ``error_key`` is ``<CMD>_RSP`` for most commands and the bare command name for the few whose
    real error replies use it (``SH_END``, ``SH_INFO``, ``KV_CLEAR``, ``KV_COUNT``, ``KV_CONTAINS``).
    """
    value = params.get("tkn")
    if not is_uint64(value):
        raise Refused(context.replies.error(error_key, 101))
    return value


def session(context: Context, value: int, command: str) -> Session:
    """The live session of token ``value``; 100 (with the token) when there is none."""
    found = context.store.get(value)
    if found is None:
        raise Refused(context.replies.error_token(f"{command}_RSP", 100, value))
    return found


def without_token(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the real server counts once it has taken the token out."""
    return {k: v for k, v in params.items() if k != "tkn"}
