"""The KV_* commands: keys and values inside one session.

Each handler validates the whole request before changing anything, so a refused request (a key
that is not a string, a value over the size limit) applies nothing.
"""

from __future__ import annotations

from typing import Any

from . import paths
from .context import MISSING, Context, session
from .protocol import value_size
from .replies import Message, Refusal
from .store import Session


def _keys_param(params: dict[str, Any]) -> Any:
    keys = params.get("keys", MISSING)
    if keys is MISSING:
        raise Refusal(26, "keys")  # checked before the token, as the real server does
    return keys


def _key_names(context: Context, params: dict[str, Any]) -> tuple[Session, list[str]]:
    keys = _keys_param(params)
    found = session(context, params)
    if not isinstance(keys, list):
        raise Refusal(41, "keys")
    for key in keys:
        if not isinstance(key, str):
            raise Refusal(27, _describe(key))
    return found, keys


def _key_values(context: Context, params: dict[str, Any]) -> tuple[Session, dict[str, Any]]:
    keys = _keys_param(params)
    found = session(context, params)
    if not isinstance(keys, dict):
        raise Refusal(41, "keys")
    limit = context.settings.max_value_size
    for key, value in keys.items():
        if value_size(value) > limit:
            raise Refusal(42, key)
    return found, keys


def _describe(key: Any) -> str:
    import json

    text = json.dumps(key)
    return text if len(text) <= 64 else text[:61] + "..."


def kv_set(context: Context, params: dict[str, Any]) -> Message:
    found, keys = _key_values(context, params)
    r = context.replies
    stored = found.keys
    result = {k: r.nested(21 if k in stored else 20) for k in keys}
    stored.update(keys)
    return r.ok("KV_SET", tkn=found.token, keys=result)


def kv_add(context: Context, params: dict[str, Any]) -> Message:
    found, keys = _key_values(context, params)
    r = context.replies
    stored = found.keys
    result: dict[str, int] = {}
    for key, value in keys.items():
        if key in stored:
            result[key] = r.nested(23)
        else:
            stored[key] = value
            result[key] = r.nested(20)
    return r.ok("KV_ADD", tkn=found.token, keys=result)


def kv_get(context: Context, params: dict[str, Any]) -> Message:
    found, keys = _key_names(context, params)
    stored = found.keys
    return context.replies.ok("KV_GET", tkn=found.token, keys={k: stored.get(k) for k in keys})


def kv_rmv(context: Context, params: dict[str, Any]) -> Message:
    found, keys = _key_names(context, params)
    r = context.replies
    stored = found.keys
    result: dict[str, int] = {}
    for key in keys:
        if key in result:
            continue
        if stored.pop(key, MISSING) is MISSING:
            result[key] = r.nested(22, key=key)
        else:
            result[key] = r.nested(24)
    return r.ok("KV_RMV", tkn=found.token, keys=result)


def kv_contains(context: Context, params: dict[str, Any]) -> Message:
    found, keys = _key_names(context, params)
    r = context.replies
    stored = found.keys
    result = {k: r.nested(23) if k in stored else r.nested(22, key=k) for k in keys}
    return r.ok("KV_CONTAINS", tkn=found.token, keys=result)


def kv_count(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    return context.replies.ok("KV_COUNT", tkn=found.token, cnt=len(found.keys))


def kv_clear(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    count = len(found.keys)
    found.keys.clear()
    return context.replies.ok("KV_CLEAR", tkn=found.token, cnt=count)


def kv_keys(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    return context.replies.ok("KV_KEYS", tkn=found.token, keys=list(found.keys))


def _path(params: dict[str, Any]) -> str:
    path = params.get("path", MISSING)
    if path is MISSING:
        raise Refusal(5, "path")
    if not isinstance(path, str):
        raise Refusal(41, "path")
    return path


def kv_find(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    path = _path(params)
    try:
        matched = paths.find_keys(path, found.keys)
    except paths.PathInvalid:
        raise Refusal(4, "path") from None
    return context.replies.ok("KV_FIND", tkn=found.token, keys=matched)


def kv_update(context: Context, params: dict[str, Any]) -> Message:
    found = session(context, params)
    key = params.get("key", MISSING)
    if key is MISSING:
        raise Refusal(26, "key")
    if not isinstance(key, str):
        raise Refusal(27, "key")
    path = _path(params)
    new = params.get("value", MISSING)
    if new is MISSING:
        raise Refusal(40, "value")
    if key not in found.keys:
        raise Refusal(22, key, key=key)
    try:
        updated, count = paths.update(path, found.keys[key], new)
    except paths.PathInvalid:
        raise Refusal(4, "path") from None
    if count and value_size(updated) > context.settings.max_value_size:
        raise Refusal(42, key)
    found.keys[key] = updated
    return context.replies.ok("KV_UPDATE", tkn=found.token, key=key, cnt=count)
