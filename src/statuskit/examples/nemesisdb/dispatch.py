"""The command table: from a parsed frame to the messages that answer it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..serving import log_status
from . import keys, persist, sessions
from .context import Context, echoed_token
from .protocol import FrameRejection, Request, parse
from .replies import Message, Refusal

Handler = Callable[[Context, dict[str, Any]], Message]

COMMANDS: dict[str, Handler] = {
    "SH_NEW": sessions.sh_new,
    "SH_OPEN": sessions.sh_open,
    "SH_END": sessions.sh_end,
    "SH_END_ALL": sessions.sh_end_all,
    "SH_INFO": sessions.sh_info,
    "SH_INFO_ALL": sessions.sh_info_all,
    "SH_EXISTS": sessions.sh_exists,
    "KV_SET": keys.kv_set,
    "KV_ADD": keys.kv_add,
    "KV_GET": keys.kv_get,
    "KV_RMV": keys.kv_rmv,
    "KV_CONTAINS": keys.kv_contains,
    "KV_COUNT": keys.kv_count,
    "KV_CLEAR": keys.kv_clear,
    "KV_KEYS": keys.kv_keys,
    "KV_FIND": keys.kv_find,
    "KV_UPDATE": keys.kv_update,
}

STREAMING: dict[str, Callable[[Context, dict[str, Any], persist.Send], Any]] = {
    "SH_SAVE": persist.sh_save,
    "SH_LOAD": persist.sh_load,
}

ECHOES_TOKEN = frozenset(name for name in COMMANDS if name.startswith("KV_")) | {"SH_END", "SH_INFO"}
"""Commands whose error replies repeat the request's ``tkn`` (null when it was not valid)."""

ECHOES_NAME = frozenset({"SH_NEW", "SH_OPEN", "SH_SAVE"})


async def handle(context: Context, message: str | bytes, send: persist.Send) -> None:
    """Answer one WebSocket message with one or more messages through ``send``."""
    request = parse(message)
    if isinstance(request, FrameRejection):
        await send(_rejected_frame(context, request))
        return
    command, params = request.command, request.params
    try:
        handler = COMMANDS.get(command)
        if handler is not None:
            reply = handler(context, params)
        elif command in STREAMING:
            await STREAMING[command](context, params, send)
            return
        else:
            raise Refusal(10)
    except Refusal as refusal:
        reply = _refusal(context, request, refusal)
    await send(reply)


def _rejected_frame(context: Context, error: FrameRejection) -> Message:
    r = context.replies
    if error.key == "ERR":
        log_status(r.status(error.code))
        return r.frame_error(error.code)
    return r.code(error.key.removesuffix("_RSP"), error.code, m="")


def _refusal(context: Context, request: Request, refusal: Refusal) -> Message:
    members: dict[str, Any] = {}
    if request.command in ECHOES_TOKEN:
        members["tkn"] = echoed_token(request.params)
    if request.command in ECHOES_NAME and isinstance(request.params.get("name"), str):
        members["name"] = request.params["name"]
    return context.replies.refusal(request.command, refusal, **members)
