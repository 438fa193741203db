"""The KV_* commands on the keys of one session (``KV_FIND`` is in ``find``).

The checks run in the real server's order: for the commands that take ``keys``, its presence
(26) and type (41) before the token (101) and the session (100); for ``KV_UPDATE`` and
``KV_KEYS``, the token first. Statuses per key are encoded one by one (``Replies.nested``). A key
that would pass ``--max-keys`` or ``--max-bytes`` is not stored and answered 42 in its place.
"""

from __future__ import annotations

from typing import Any

from . import paths
from .context import MISSING, Context, session, token, without_token
from .replies import Message, Refused
from .store import Full, Session


def _keys(context: Context, params: dict[str, Any], command: str, kind: type, missing_m: str = "keys") -> Any:
    r, key = context.replies, f"{command}_RSP"
    keys = params.get("keys", MISSING)
    if keys is MISSING:
        raise Refused(r.error(key, 26, missing_m))
    if not isinstance(keys, kind):
        raise Refused(r.error(key, 41, "keys"))
    return keys


def _target(context: Context, params: dict[str, Any], command: str, token_key: str | None = None) -> Session:
    found = session(context, token(context, params, token_key or f"{command}_RSP"), command)
    context.store.touch(found)
    return found


def _store_all(context: Context, found: Session, keys: dict[str, Any], *, replace: bool) -> dict[str, int]:
    """Each key's status code: 20 set, 21 replaced, 23 kept (``replace=False``), 42 over a limit.

    The codes are plain numbers: :func:`_sent` encodes those that go on the wire.
    """
    store = context.store
    result: dict[str, int] = {}
    for key, value in keys.items():
        existed = key in found.keys
        if existed and not replace:
            result[key] = 23
            continue
        try:
            store.put(found, key, value)
        except Full:
            result[key] = 42
            continue
        result[key] = 21 if existed else 20
    return result


def _sent(context: Context, codes: dict[str, int]) -> dict[str, int]:
    """Per-key statuses as they go on the wire, each through the codec."""
    return {key: context.replies.nested(code) for key, code in codes.items()}


def kv_set(context: Context, params: dict[str, Any]) -> Message:
    keys = _keys(context, params, "KV_SET", dict)
    found = _target(context, params, "KV_SET")
    codes = _store_all(context, found, keys, replace=True)
    return context.replies.plain("KV_SET_RSP", tkn=found.token, keys=_sent(context, codes))


def kv_add(context: Context, params: dict[str, Any]) -> Message:
    keys = _keys(context, params, "KV_ADD", dict)
    found = _target(context, params, "KV_ADD")
    codes = _store_all(context, found, keys, replace=False)
    return context.replies.plain("KV_ADD_RSP", tkn=found.token, keys=_sent(context, codes))


def _quiet(context: Context, params: dict[str, Any], command: str, *, replace: bool) -> Message | None:
    """SETQ and ADDQ answer only what failed (ADDQ: keys that exist, 23; both: 42 when full)."""
    keys = _keys(context, params, command, dict)
    found = _target(context, params, command)
    codes = _store_all(context, found, keys, replace=replace)
    failed = {key: code for key, code in codes.items() if code not in (20, 21)}
    if not failed:
        return None
    return context.replies.plain(f"{command}_RSP", keys=_sent(context, failed), tkn=found.token)


def kv_setq(context: Context, params: dict[str, Any]) -> Message | None:
    return _quiet(context, params, "KV_SETQ", replace=True)


def kv_addq(context: Context, params: dict[str, Any]) -> Message | None:
    return _quiet(context, params, "KV_ADDQ", replace=False)


def kv_clear_set(context: Context, params: dict[str, Any]) -> Message:
    keys = _keys(context, params, "KV_CLEAR_SET", dict)
    found = _target(context, params, "KV_CLEAR_SET")
    count = context.store.clear(found)
    stored = _sent(context, _store_all(context, found, keys, replace=True))
    return context.replies.reply("KV_CLEAR_SET_RSP", 1, tkn=found.token, cnt=count, keys=stored)


def kv_get(context: Context, params: dict[str, Any]) -> Message:
    names = _keys(context, params, "KV_GET", list)
    found = _target(context, params, "KV_GET")
    stored = found.keys
    values = {k: stored.get(k) for k in names if isinstance(k, str)}
    if not values:
        return context.replies.plain("KV_GET_RSP", tkn=found.token)
    return context.replies.plain("KV_GET_RSP", tkn=found.token, keys=values)


def kv_rmv(context: Context, params: dict[str, Any]) -> Message:
    names = _keys(context, params, "KV_RMV", list)
    found = _target(context, params, "KV_RMV")
    r, store = context.replies, context.store
    body: dict[str, Any] = {"tkn": found.token}
    for key in names:
        if isinstance(key, str):
            body[key] = r.nested(24) if store.remove(found, key) else r.nested(22, key=key)
    return {"KV_RMV_RSP": body}


def kv_clear(context: Context, params: dict[str, Any]) -> Message:
    found = _target(context, params, "KV_CLEAR", "KV_CLEAR")
    count = context.store.clear(found)
    return context.replies.reply("KV_CLEAR_RSP", 1, cnt=count, tkn=found.token)


def kv_count(context: Context, params: dict[str, Any]) -> Message:
    found = _target(context, params, "KV_COUNT", "KV_COUNT")
    return context.replies.reply("KV_COUNT_RSP", 1, cnt=len(found.keys), tkn=found.token)


def kv_contains(context: Context, params: dict[str, Any]) -> Message:
    names = _keys(context, params, "KV_CONTAINS", list, missing_m="")
    found = _target(context, params, "KV_CONTAINS", "KV_CONTAINS")
    stored = found.keys
    answer = {k: k in stored for k in names if isinstance(k, str)}
    if not answer:
        return context.replies.reply("KV_CONTAINS_RSP", 1, tkn=found.token)
    return context.replies.reply("KV_CONTAINS_RSP", 1, tkn=found.token, keys=answer)


def kv_keys(context: Context, params: dict[str, Any]) -> Message:
    value = token(context, params, "KV_KEYS_RSP")
    if without_token(params):
        raise Refused(context.replies.error("KV_KEYS_RSP", 13))
    found = session(context, value, "KV_KEYS")
    context.store.touch(found)
    return context.replies.reply("KV_KEYS_RSP", 1, tkn=found.token, keys=list(found.keys))


def kv_update(context: Context, params: dict[str, Any]) -> Message:
    r, key = context.replies, "KV_UPDATE_RSP"
    value = token(context, params, key)
    rest = without_token(params)
    if len(rest) != 3:
        raise Refused(r.error(key, 13))
    name, path, new = rest.get("key", MISSING), rest.get("path", MISSING), rest.get("value", MISSING)
    for member, given in (("key", name), ("path", path)):
        if given is MISSING:
            raise Refused(r.error(key, 26, member))
        if not isinstance(given, str):
            raise Refused(r.error(key, 41, member))
    if new is MISSING:
        raise Refused(r.error(key, 26, "value"))
    if not path:
        raise Refused(r.error(key, 42, "path"))
    found = session(context, value, "KV_UPDATE")
    context.store.touch(found)
    if name not in found.keys:
        return r.reply(key, r.status(22, key=name), tkn=value, cnt=0)
    try:
        updated, count = paths.update(path, found.keys[name], new)
    except paths.PathInvalid:
        return r.reply(key, 4, tkn=value, cnt=0)
    if count:
        try:
            context.store.put(found, name, updated)
        except Full:
            return r.reply(key, 42, tkn=value, cnt=0)
    return r.reply(key, 1, tkn=value, cnt=count)
