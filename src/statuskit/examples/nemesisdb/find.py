"""KV_FIND: the keys (``rsp: keys``), key-value pairs (``kv``) or paths (``paths``) matching a path.

The path is evaluated against each key's value (all keys, or those listed in ``keys``), as the
real server does, through :class:`paths.Finder`, which lets other connections run between slices
of work and stops at the ``--find-budget`` (answered 4, like a path that cannot be evaluated).
"""

from __future__ import annotations

from typing import Any

from . import paths
from .context import CONNECTION_OPEN, MISSING, Context, Send, session, token, without_token
from .replies import Refused

RESPONSES = frozenset({"paths", "kv", "keys"})


async def kv_find(context: Context, params: dict[str, Any], send: Send) -> None:
    r, key = context.replies, "KV_FIND_RSP"
    value = token(context, params, key)
    rest = without_token(params)
    if not 2 <= len(rest) <= 3:
        raise Refused(r.error(key, 13))
    path = rest.get("path", MISSING)
    if path is MISSING:
        raise Refused(r.error(key, 5))
    if not isinstance(path, str):
        raise Refused(r.error(key, 41, "path"))
    if not path:
        raise Refused(r.error(key, 42, "path"))
    answer = rest.get("rsp", MISSING)
    if answer is MISSING:
        raise Refused(r.error(key, 40, "rsp"))
    if not isinstance(answer, str):
        raise Refused(r.error(key, 41, "rsp"))
    if answer not in RESPONSES:
        raise Refused(r.error(key, 13, "rsp"))
    names = rest.get("keys", [])
    if not isinstance(names, list):
        raise Refused(r.error(key, 41, "keys"))
    found = session(context, value, "KV_FIND")
    context.store.touch(found)
    stored = found.keys
    if names:
        items = [(k, stored[k]) for k in names if isinstance(k, str) and k in stored]
    else:
        items = list(stored.items())
    try:
        result = await context.finder.find(path, items, answer == "paths", CONNECTION_OPEN.get())
    except (paths.PathInvalid, paths.OverBudget):
        await send(r.reply(key, 4, tkn=value))
        return
    if answer == "kv":
        live = found.keys
        await send(r.reply(key, 1, tkn=value, keys={k: live.get(k) for k in result}))
    else:
        await send(r.reply(key, 1, tkn=value, **{answer: result}))
