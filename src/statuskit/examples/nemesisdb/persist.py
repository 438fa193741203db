"""SH_SAVE and SH_LOAD: the commands that answer with more than one message.

SH_SAVE answers 120 once the data directory is known to be writable (122 when it is not), takes
the snapshot on the event loop so it is consistent, writes it in a thread, and answers 121 or 123
with the time it took. SH_LOAD answers one message per dataset; tokens already live (or shared
names already taken) are skipped and make the dataset's status 143.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..serving import log_status
from . import snapshots
from .context import MISSING, Context
from .protocol import is_uint64
from .replies import Message, Refusal
from .snapshots import SavedSession, SnapshotError

Send = Callable[[Message], Awaitable[None]]


async def sh_save(context: Context, params: dict[str, Any], send: Send) -> None:
    settings, r = context.settings, context.replies
    if not settings.save_enabled or settings.data is None:
        raise Refusal(14)
    name = params.get("name", MISSING)
    if not snapshots.valid_name(name):
        raise Refusal(13, "name")
    tokens = params.get("tkns", MISSING)
    if tokens is not MISSING and (not isinstance(tokens, list) or not all(is_uint64(t) for t in tokens)):
        raise Refusal(41, "tkns")
    directory = settings.data
    started = time.monotonic()
    try:
        await asyncio.to_thread(snapshots.prepare, directory)
    except OSError as error:
        status = r.status(122)
        log_status(status, f"{name}: {error}")
        await send(r.reply("SH_SAVE_RSP", status, name=name))
        return
    chosen = context.store.select(None if tokens is MISSING else tokens)
    start = r.status(120)
    log_status(start, name)
    await send(r.reply("SH_SAVE_RSP", start, name=name))
    try:
        text = snapshots.serialize(chosen)  # on the event loop: no command runs meanwhile
        await asyncio.to_thread(snapshots.write, directory, name, text)
        outcome, detail = r.status(121), name
    except Exception as error:  # any failure to write is reported, never raised
        outcome, detail = r.status(123), f"{name}: {error}"
    log_status(outcome, detail)
    duration = round((time.monotonic() - started) * 1000)
    await send(r.reply("SH_SAVE_RSP", outcome, name=name, duration=duration))


async def sh_load(context: Context, params: dict[str, Any], send: Send) -> None:
    names = params.get("names", MISSING)
    if names is MISSING:
        raise Refusal(26, "names")
    if not isinstance(names, list) or not names:
        raise Refusal(41, "names")
    if not all(snapshots.valid_name(n) for n in names):
        raise Refusal(13, "name")
    for name in dict.fromkeys(names):
        await send(await _load_one(context, name))


async def _load_one(context: Context, name: str) -> Message:
    r = context.replies
    directory = context.settings.data
    try:
        if directory is None:
            raise FileNotFoundError(name)
        saved = await asyncio.to_thread(snapshots.read, directory, name)
    except FileNotFoundError:
        return _dataset(context, name, r.nested_object(142, m="does not exist"))
    except SnapshotError as error:
        log_status(r.status(142), f"{name}: {error}")
        return _dataset(context, name, r.nested_object(142, m="invalid snapshot"))
    loaded, keys, duplicates = _apply(context, saved)
    status = r.status(143 if duplicates else 141)
    log_status(status, f"{name}: {loaded} sessions, {keys} keys")
    return _dataset(context, name, r.nested_object(status.code, sessions=loaded, keys=keys))


def _apply(context: Context, saved: list[SavedSession]) -> tuple[int, int, int]:
    store = context.store
    loaded = keys = duplicates = 0
    for entry in saved:
        if entry.token in store.sessions or (entry.shared and store.shared_name_taken(entry.name)):
            duplicates += 1
            continue
        store.add(entry.restore(), dict(entry.keys))
        loaded += 1
        keys += len(entry.keys)
    return loaded, keys, duplicates


def _dataset(context: Context, name: str, result: Message) -> Message:
    return context.replies.ok("SH_LOAD", **{name: result})
