"""SH_SAVE and SH_LOAD, and loading at start-up (``--load NAME``).

SH_SAVE answers 120 once its place on disk is made (122 when it cannot be), takes the snapshot on
the event loop so it is consistent, writes it in a thread, and answers 121 or 123 with the time
it took (``duration``, ms). SH_LOAD checks every name first (a name that was never saved refuses
the whole request with 142 ``"<name> does not exist"``), then loads each and answers once, with
one result per name. Tokens already live are skipped and make the name's status 143; a save that
would take the server over its limits, or cannot be read, loads nothing and is 142.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ...errors import UsageError
from ..serving import log_status
from . import snapshots
from .context import MISSING, Context, Send
from .protocol import is_uint64
from .replies import Message, Refused
from .snapshots import SavedSession, SnapshotError
from .store import entry_size


async def sh_save(context: Context, params: dict[str, Any], send: Send) -> None:
    settings, r, key = context.settings, context.replies, "SH_SAVE_RSP"
    if not settings.save_enabled or settings.data is None:
        raise Refused(r.error_plain(key, 14))
    name = params.get("name", MISSING)
    if not isinstance(name, str):
        raise Refused(r.error_plain(key, 13))
    tokens = params.get("tkns", MISSING)
    if tokens is not MISSING:
        if not isinstance(tokens, list):
            raise Refused(r.error_plain(key, 41, "tkns"))
        if not tokens:
            raise Refused(r.error_plain(key, 42, "tkns"))
        if not all(is_uint64(t) for t in tokens):
            raise Refused(r.error_plain(key, 41, "tkns"))
    if not name:
        raise Refused(r.error_plain(key, 42, "name"))
    if not snapshots.valid_name(name):
        raise Refused(r.error_plain(key, 13, "name"))
    directory = settings.data
    started = time.monotonic()
    started_ms = int(time.time() * 1000)
    try:
        building = await asyncio.to_thread(snapshots.begin, directory, name)
    except OSError as error:
        status = r.status(122)
        log_status(status, f"{name}: {error}")
        await send(r.reply(key, 122, name=name))
        return
    chosen = context.store.select(None if tokens is MISSING else tokens)
    log_status(r.status(120), name)
    await send(r.reply(key, 120, name=name))
    try:
        files = snapshots.serialize(chosen)  # on the event loop: no command runs meanwhile
        await asyncio.to_thread(snapshots.finish, building, name, files, tokens is not MISSING, started_ms)
        code, detail = 121, name
    except Exception as error:  # any failure to write is reported, never raised
        code, detail = 123, f"{name}: {error}"
    log_status(r.status(code), detail)
    duration = round((time.monotonic() - started) * 1000)
    await send(r.reply(key, code, name=name, duration=duration))


async def sh_load(context: Context, params: dict[str, Any], send: Send) -> None:
    r, key = context.replies, "SH_LOAD_RSP"
    names = params.get("names", MISSING)
    if not isinstance(names, list):
        raise Refused(r.error_plain(key, 13))
    directory = context.settings.data
    if directory is None or not directory.is_dir():
        raise Refused(r.error_plain(key, 142, "load path not exist"))
    for name in names:
        if not isinstance(name, str):
            raise Refused(r.error_plain(key, 41))
        if not snapshots.valid_name(name) or not (directory / name).is_dir():
            raise Refused(r.error_plain(key, 142, f"{name} does not exist"))
    results: dict[str, Message] = {}
    for name in names:
        results[name] = await _load_one(context, directory / name, name)
    await send(r.plain(key, **results))


async def _load_one(context: Context, root: Path, name: str) -> Message:
    r = context.replies
    try:
        dataset = await asyncio.to_thread(snapshots.latest, root)
        if dataset is None:
            return r.nested_object(141, m="", sessions=0, keys=0)
        if not (dataset / "data").is_dir():
            return r.nested_object(142, m="Data directory does not exist", sessions=0, keys=0)
        saved = await asyncio.to_thread(snapshots.read, dataset)
    except (SnapshotError, OSError) as error:
        log_status(r.status(142), f"{name}: {error}")
        return r.nested_object(142, m="invalid snapshot", sessions=0, keys=0)
    try:
        loaded, keys, duplicates = apply(context, saved)
    except SnapshotError as error:
        log_status(r.status(142), f"{name}: {error}")
        return r.nested_object(142, m=str(error), sessions=0, keys=0)
    code = 143 if duplicates else 141
    log_status(r.status(code), f"{name}: {loaded} sessions, {keys} keys")
    return r.nested_object(code, m="", sessions=loaded, keys=keys)


def apply(context: Context, saved: list[SavedSession]) -> tuple[int, int, int]:
    """Add the saved sessions that are not live yet; (sessions, keys, duplicates).

    Nothing is added when the whole would pass ``--max-sessions``, ``--max-keys`` or
    ``--max-bytes`` (SnapshotError).
    """
    store = context.store
    fresh: list[SavedSession] = []
    seen: set[int] = set()
    for entry in saved:
        taken = entry.shared and entry.name and entry.name in store.shared
        if entry.token in store.sessions or entry.token in seen or taken:
            continue
        seen.add(entry.token)
        fresh.append(entry)
    duplicates = len(saved) - len(fresh)
    keys = sum(len(e.keys) for e in fresh)
    size = sum(entry_size(k, v) for e in fresh for k, v in e.keys.items())
    limits = store.limits
    if (
        store.full_of_sessions(len(fresh))
        or store.total_keys + keys > limits.max_keys
        or store.total_bytes + size > limits.max_bytes
    ):
        raise SnapshotError("over the server's limits")
    for entry in fresh:
        session = store.add(entry.restore())
        for k, v in entry.keys.items():
            store.put(session, k, v)
    return len(fresh), keys, duplicates


async def load_at_startup(context: Context, names: tuple[str, ...]) -> None:
    """Load each ``--load NAME`` as the real server does at start-up; UsageError when one fails."""
    directory = context.settings.data
    for name in names:
        where = f"--load {name}"
        if directory is None:
            raise UsageError(f"{where}: needs --data DIR, where saves are kept")
        root = directory / name
        if not snapshots.valid_name(name) or not root.exists():
            raise UsageError(f"{where}: no save of that name in {directory}")
        if not root.is_dir():
            raise UsageError(f"{where}: {root} is not a directory")
        try:
            dataset = snapshots.latest(root)
            if dataset is None:
                raise UsageError(f"{where}: no data in {root}")
            saved = snapshots.read(dataset)
            loaded, keys, duplicates = apply(context, saved)
        except (SnapshotError, OSError) as error:
            raise UsageError(f"{where}: {error}") from None
        code = 143 if duplicates else 141
        log_status(context.replies.status(code), f"{name}: {loaded} sessions, {keys} keys")
