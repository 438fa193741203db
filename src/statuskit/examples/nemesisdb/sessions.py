"""The SH_* commands that create, find and end sessions (saving and loading are in ``persist``)."""

from __future__ import annotations

from typing import Any

from .context import MISSING, Context, session
from .protocol import is_uint64
from .replies import Message, Refusal
from .store import Expiry


def _expiry(params: dict[str, Any]) -> Expiry | None:
    raw = params.get("expiry", MISSING)
    if raw is MISSING:
        return None
    if not isinstance(raw, dict):
        raise Refusal(13, "expiry")
    duration, delete = raw.get("duration"), raw.get("deleteSession")
    if not is_uint64(duration) or type(delete) is not bool:
        raise Refusal(13, "expiry")
    return Expiry(duration, delete)


def _name(params: dict[str, Any]) -> str:
    name = params.get("name", MISSING)
    if name is MISSING:
        raise Refusal(40, "name")  # what the real server answers, though 26 would fit better
    if not isinstance(name, str):
        raise Refusal(41, "name")
    return name


def sh_new(context: Context, params: dict[str, Any]) -> Message:
    name = _name(params)
    shared = params.get("shared", False)
    if type(shared) is not bool:
        raise Refusal(13, "shared")
    expiry = _expiry(params)
    store = context.store
    if shared and store.shared_name_taken(name):
        raise Refusal(103, "name")
    created = store.create(name, shared, expiry)
    return context.replies.ok("SH_NEW", name=name, tkn=created.token)


def sh_open(context: Context, params: dict[str, Any]) -> Message:
    name = _name(params)
    found = context.store.shared.get(name)
    if found is None:
        raise Refusal(102, "name")
    return context.replies.ok("SH_OPEN", name=name, tkn=found.token)


def sh_end(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    context.store.end(found)
    return context.replies.ok("SH_END", tkn=found.token)


def sh_end_all(context: Context, params: dict[str, Any]) -> Message:
    return context.replies.ok("SH_END_ALL", cnt=context.store.end_all())


def sh_info(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    members: dict[str, Any] = {"tkn": found.token, "shared": found.shared, "keyCnt": len(found.keys)}
    if found.expiry is not None:
        remaining = context.store.remaining(found)
        members["expiry"] = {
            "duration": found.expiry.duration,
            "deleteSession": found.expiry.delete_session,
            "remaining": None if remaining is None else round(remaining),
        }
    return context.replies.ok("SH_INFO", **members)


def sh_info_all(context: Context, params: dict[str, Any]) -> Message:
    store = context.store
    return context.replies.ok("SH_INFO_ALL", totalSessions=len(store.sessions), totalKeys=store.total_keys())


def sh_exists(context: Context, params: dict[str, Any]) -> Message:
    tokens = params.get("tkns", MISSING)
    if tokens is MISSING:
        raise Refusal(26, "tkns")
    if not isinstance(tokens, list) or not all(is_uint64(t) for t in tokens):
        raise Refusal(41, "tkns")
    live = context.store.sessions
    return context.replies.ok("SH_EXISTS", tkns={str(t): t in live for t in tokens})
