"""The command table: from a parsed frame to the messages that answer it (none, one or several)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ...conformance import operation
from ..serving import log_status
from . import find, keys, persist, sessions
from .context import Context, Send
from .protocol import FrameRejection, parse
from .replies import Message, Refused

Handler = Callable[[Context, dict[str, Any]], Message | None]
Streaming = Callable[[Context, dict[str, Any], Send], Awaitable[None]]

COMMANDS: dict[str, Handler] = {
    "SH_NEW": sessions.sh_new,
    "SH_OPEN": sessions.sh_open,
    "SH_END": sessions.sh_end,
    "SH_END_ALL": sessions.sh_end_all,
    "SH_INFO": sessions.sh_info,
    "SH_INFO_ALL": sessions.sh_info_all,
    "SH_EXISTS": sessions.sh_exists,
    "KV_SET": keys.kv_set,
    "KV_SETQ": keys.kv_setq,
    "KV_ADD": keys.kv_add,
    "KV_ADDQ": keys.kv_addq,
    "KV_CLEAR_SET": keys.kv_clear_set,
    "KV_GET": keys.kv_get,
    "KV_RMV": keys.kv_rmv,
    "KV_CONTAINS": keys.kv_contains,
    "KV_COUNT": keys.kv_count,
    "KV_CLEAR": keys.kv_clear,
    "KV_KEYS": keys.kv_keys,
    "KV_UPDATE": keys.kv_update,
}

STREAMING: dict[str, Streaming] = {
    "SH_SAVE": persist.sh_save,
    "SH_LOAD": persist.sh_load,
    "KV_FIND": find.kv_find,
}
"""Commands that wait (for the disk, or between slices of a search) before they answer."""


async def handle(context: Context, message: str | bytes, send: Send) -> None:
    """Answer one WebSocket message through ``send`` (``KV_SETQ``/``KV_ADDQ`` may not answer)."""
    r = context.replies
    request = parse(message)
    if isinstance(request, FrameRejection):
        if request.command is None:
            log_status(r.status(request.code))
            await send(r.frame_error(request.code))
        else:
            await send(r.error(f"{request.command}_RSP", request.code))
        return
    command, params = request.command, request.params
    handler, streaming = COMMANDS.get(command), STREAMING.get(command)
    if handler is None and streaming is None:
        await send(r.error(f"{command}_RSP", 10))
        return
    with operation(command):
        try:
            if streaming is not None:
                await streaming(context, params, send)
                return
            assert handler is not None
            reply = handler(context, params)
        except Refused as refused:
            reply = refused.reply
        if reply is not None:
            await send(reply)
