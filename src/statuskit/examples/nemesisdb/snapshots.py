"""Session snapshots on disk, in the real server's layout, each written atomically.

``DATA/<name>/<timestamp>/`` is one save: ``md/md.json`` (its metadata, ``status`` 1 when
complete) and ``data/0/<n>`` (JSON arrays of ``{"sh": {"tkn", "shared", "expiry"}, "keys"}``,
a new file every 10 MiB). This is the layout NemesisDB 0.3 writes and reads, so either server
can load the other's saves. Unlike the real server, a save is built in a hidden directory
``DATA/<name>/.tmp-…`` (files and directories synced) and renamed into place: a kill during a
save leaves the previous save whole and the new one absent, never half-written. Loading takes the
newest save whose metadata says it is complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .protocol import is_uint64
from .store import Expiry, Session

POOL = "0"
"""The one pool directory: this server keeps every session in one pool."""
MAX_FILE = 10 * 1024 * 1024
TEMPORARY = ".tmp-"
MAX_NAME = 200


class SnapshotError(Exception):
    """A save cannot be read or does not have the expected form."""


def valid_name(name: str) -> bool:
    """A name that is one safe path component: no separators, no leading dot, printable, short."""
    return (
        0 < len(name) <= MAX_NAME
        and name.isprintable()
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
    )


@dataclass(frozen=True, slots=True)
class SavedSession:
    token: int
    name: str
    shared: bool
    expiry: Expiry | None
    keys: dict[str, Any]

    def restore(self) -> Session:
        return Session(self.token, self.name, self.shared, self.expiry)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_file(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def serialize(sessions: list[Session]) -> list[str]:
    """The data files of ``sessions`` (taken on the event loop, so they are consistent)."""
    files: list[str] = []
    current: list[str] = []
    size = 0
    for s in sessions:
        expiry = s.expiry or Expiry(0, True)
        sh: dict[str, Any] = {
            "tkn": s.token,
            "shared": s.shared,
            "expiry": {"duration": expiry.duration, "deleteSession": expiry.delete_session},
            "name": s.name,
        }
        text = json.dumps({"sh": sh, "keys": s.keys}, separators=(",", ":"))  # ASCII: lone surrogates survive
        current.append(text)
        size += len(text)
        if size >= MAX_FILE:
            files.append("[" + ",".join(current) + "]")
            current, size = [], 0
    if current:
        files.append("[" + ",".join(current) + "]")
    return files


def begin(directory: Path, name: str) -> Path:
    """Create the hidden directory a save is built in; OSError when it cannot be (122)."""
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory} is not a directory")
    root = directory / name
    root.mkdir(exist_ok=True)
    building = root / f"{TEMPORARY}{secrets.token_hex(8)}"
    (building / "md").mkdir(parents=True)
    (building / "data" / POOL).mkdir(parents=True)
    return building


def finish(building: Path, name: str, files: list[str], selected: bool, started_ms: int) -> None:
    """Write the data and metadata into ``building`` and rename it into place; raises on failure."""
    try:
        pool = building / "data" / POOL
        for number, text in enumerate(files):
            _write_file(pool / str(number), text)
        metadata = {
            "name": name,
            "status": 1,
            "pools": 1,
            "start": started_ms,
            "saveType": 1 if selected else 0,
            "complete": int(time.time() * 1000),
        }
        _write_file(building / "md" / "md.json", json.dumps(metadata))
        for folder in (pool, building / "data", building / "md", building):
            _fsync_dir(folder)
        root = building.parent
        stamp = time.time_ns()
        existing = [int(p.name) for p in root.iterdir() if _stamp(p.name)]
        if existing and stamp <= max(existing):
            stamp = max(existing) + 1
        os.rename(building, root / str(stamp))
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def clean(directory: Path) -> int:
    """Remove what killed saves left (``DATA/*/.tmp-*``); the number removed."""
    removed = 0
    with contextlib.suppress(OSError):
        for stale in directory.glob(f"*/{TEMPORARY}*"):
            shutil.rmtree(stale, ignore_errors=True)
            removed += 1
    return removed


def _stamp(name: str) -> bool:
    """True for the name of a save's directory: ASCII digits only."""
    return name.isascii() and name.isdigit()


def _complete(dataset: Path) -> bool:
    try:
        metadata = json.loads((dataset / "md" / "md.json").read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(metadata, dict) and metadata.get("status") == 1


def latest(root: Path) -> Path | None:
    """The newest complete save under ``root`` (``DATA/<name>``); None when there is none at all."""
    stamps = sorted((int(p.name) for p in root.iterdir() if _stamp(p.name) and p.is_dir()), reverse=True)
    if not stamps:
        return None
    for stamp in stamps:
        if _complete(root / str(stamp)):
            return root / str(stamp)
    raise SnapshotError("no complete save")


def read(dataset: Path) -> list[SavedSession]:
    """Every session of a save; SnapshotError when a file is unreadable or malformed."""
    data = dataset / "data"
    sessions: list[SavedSession] = []
    try:
        files = sorted(f for pool in sorted(data.iterdir()) if pool.is_dir() for f in pool.iterdir())
        for path in files:
            content = json.loads(path.read_bytes())
            if not isinstance(content, list):
                raise SnapshotError(f"{path.name} is not a list of sessions")
            sessions.extend(_session(entry) for entry in content if entry != {})
    except (OSError, ValueError, RecursionError) as error:
        raise SnapshotError(f"unreadable save: {error}") from None
    return sessions


def _session(entry: Any) -> SavedSession:
    if not isinstance(entry, dict) or not isinstance(entry.get("sh"), dict):
        raise SnapshotError("a session is not an object with 'sh'")
    sh = entry["sh"]
    token, shared, raw = sh.get("tkn"), sh.get("shared"), sh.get("expiry")
    if not is_uint64(token) or type(shared) is not bool or not isinstance(raw, dict):
        raise SnapshotError("a session lacks its token, shared flag or expiry")
    duration, delete = raw.get("duration"), raw.get("deleteSession")
    if not is_uint64(duration) or type(delete) is not bool:
        raise SnapshotError("a session's expiry is malformed")
    keys = entry.get("keys", {})
    if not isinstance(keys, dict):
        raise SnapshotError("a session's keys are not an object")
    name = sh.get("name", "")
    if not isinstance(name, str):
        raise SnapshotError("a session's name is not a string")
    return SavedSession(token, name, shared, Expiry(duration, delete) if duration else None, keys)
