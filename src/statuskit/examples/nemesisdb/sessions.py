"""The SH_* commands that create, find and end sessions (saving and loading are in ``persist``)."""

from __future__ import annotations

from typing import Any

from .context import MISSING, Context, token
from .protocol import is_uint64
from .replies import Message, Refused
from .store import Expiry


def _name(context: Context, params: dict[str, Any], key: str) -> str:
    r = context.replies
    name = params.get("name", MISSING)
    if name is MISSING:
        raise Refused(r.error(key, 40, "name"))
    if not isinstance(name, str):
        raise Refused(r.error(key, 41, "name"))
    if not name:
        raise Refused(r.error(key, 42, "name"))
    return name


def _expiry(raw: Any) -> Expiry | None:
    """The expiry of SH_NEW; None when it is malformed."""
    if not isinstance(raw, dict):
        return None
    duration, delete = raw.get("duration"), raw.get("deleteSession")
    if not is_uint64(duration) or type(delete) is not bool:
        return None
    return Expiry(duration, delete)


def sh_new(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "SH_NEW_RSP"
    if not 1 <= len(params) <= 3:
        raise Refused(r.error(key, 13))
    name = _name(context, params, key)
    raw_expiry = params.get("expiry", MISSING)
    expiry = None if raw_expiry is MISSING else _expiry(raw_expiry)
    if raw_expiry is not MISSING and expiry is None:
        raise Refused(r.error(key, 13, "expiry"))
    shared = params.get("shared", False)
    if type(shared) is not bool:
        raise Refused(r.error(key, 13, "shared"))
    store = context.store
    if (shared and name in store.shared) or store.full_of_sessions():
        return r.reply(key, 103, name=name, tkn=None)
    created = store.create(name, shared, expiry)
    return r.reply(key, 1, name=name, tkn=created.token)


def sh_open(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "SH_OPEN_RSP"
    if len(params) != 1:
        raise Refused(r.error(key, 13))
    found = context.store.shared.get(_name(context, params, key))
    if found is None:
        return r.reply(key, 102, tkn=None)
    return r.reply(key, 1, tkn=found.token)


def sh_end(context: Context, params: dict[str, Any]) -> Message:
    value = token(context, params, "SH_END")
    found = context.store.get(value)
    if found is None:
        return context.replies.reply("SH_END_RSP", 100, tkn=value)
    context.store.end(found)
    return context.replies.reply("SH_END_RSP", 1, tkn=value)


def sh_end_all(context: Context, params: dict[str, Any]) -> Message:
    return context.replies.reply("SH_END_ALL_RSP", 1, cnt=context.store.end_all())


def sh_info(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "SH_INFO_RSP"
    if len(params) != 1:
        raise Refused(r.error(key, 13))
    value = token(context, params, "SH_INFO")
    found = context.store.get(value)
    if found is None:
        return r.reply(key, 100, tkn=value, shared=None, keyCnt=None)
    members: dict[str, Any] = {
        "tkn": value,
        "shared": found.shared,
        "keyCnt": len(found.keys),
        "expires": found.expires,
    }
    if found.expires and found.expiry is not None:
        members["expiry"] = {
            "duration": found.expiry.duration,
            "remaining": context.store.remaining(found),
            "deleteSession": found.expiry.delete_session,
        }
    return r.reply(key, 1, **members)


def sh_info_all(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "SH_INFO_ALL_RSP"
    if params:
        raise Refused(r.error(key, 13))
    store = context.store
    return r.plain(key, totalSessions=len(store.sessions), totalKeys=store.total_keys)


def sh_exists(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "SH_EXISTS_RSP"
    tokens = params.get("tkns", MISSING)
    if not isinstance(tokens, list):
        raise Refused(r.error_plain(key, 13, "tkns"))
    if not all(is_uint64(t) for t in tokens):
        raise Refused(r.error_plain(key, 41, "tkns"))
    if not tokens:
        return r.reply(key, 1)
    live = context.store.sessions
    return r.reply(key, 1, tkns={str(t): t in live for t in tokens})
