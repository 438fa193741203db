"""Session snapshots on disk: one JSON file per dataset name, replaced atomically.

``DATA/<name>.json`` holds the sessions of the last ``SH_SAVE`` under that name. A write goes to
a temporary file that is renamed over the old one (``statuskit.fileio.atomic_write``) and the
directory is synced, so a kill during a save leaves the previous snapshot whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...fileio import atomic_write
from .protocol import is_uint64
from .store import Expiry, Session

FORMAT = "statuskit-nemesisdb-snapshot"
VERSION = 1
NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
RESERVED_NAMES = frozenset({"st", "m"})
"""Names that would collide with the members of an SH_LOAD reply."""


class SnapshotError(Exception):
    """A snapshot cannot be read or does not have the expected form."""


def valid_name(name: object) -> bool:
    return isinstance(name, str) and NAME.fullmatch(name) is not None and name not in RESERVED_NAMES


@dataclass(frozen=True, slots=True)
class SavedSession:
    token: int
    name: str
    shared: bool
    expiry: Expiry | None
    keys: dict[str, Any]

    def restore(self) -> Session:
        return Session(self.token, self.name, self.shared, self.expiry)


def path_of(directory: Path, name: str) -> Path:
    return directory / f"{name}.json"


def prepare(directory: Path) -> None:
    """Create the data directory and prove it writable; OSError when it cannot be."""
    directory.mkdir(parents=True, exist_ok=True)
    if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
        raise PermissionError(f"{directory} is not a writable directory")


def serialize(sessions: list[Session]) -> str:
    """The snapshot text of ``sessions`` (taken on the event loop, so it is consistent)."""
    entries = [
        {
            "tkn": s.token,
            "name": s.name,
            "shared": s.shared,
            "expiry": None
            if s.expiry is None
            else {"duration": s.expiry.duration, "deleteSession": s.expiry.delete_session},
            "keys": s.keys,
        }
        for s in sessions
    ]
    return json.dumps({"format": FORMAT, "version": VERSION, "sessions": entries})


def write(directory: Path, name: str, text: str) -> None:
    """Replace the snapshot ``name`` with ``text``; raises on any failure."""
    atomic_write(path_of(directory, name), text)
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read(directory: Path, name: str) -> list[SavedSession]:
    """The sessions of snapshot ``name``; FileNotFoundError or SnapshotError when unusable."""
    try:
        data = json.loads(path_of(directory, name).read_bytes())
    except FileNotFoundError:
        raise
    except (OSError, ValueError, RecursionError) as error:
        raise SnapshotError(f"unreadable snapshot: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise SnapshotError("not a snapshot of this server")
    entries = data.get("sessions")
    if not isinstance(entries, list):
        raise SnapshotError("snapshot has no session list")
    return [_session(entry) for entry in entries]


def _session(entry: Any) -> SavedSession:
    if not isinstance(entry, dict):
        raise SnapshotError("a session is not an object")
    token, name, shared, keys = entry.get("tkn"), entry.get("name"), entry.get("shared"), entry.get("keys")
    if not is_uint64(token) or not isinstance(name, str) or type(shared) is not bool:
        raise SnapshotError("a session lacks its token, name or shared flag")
    if not isinstance(keys, dict):
        raise SnapshotError("a session's keys are not an object")
    raw = entry.get("expiry")
    expiry = None
    if raw is not None:
        if not isinstance(raw, dict):
            raise SnapshotError("a session's expiry is not an object")
        duration, delete = raw.get("duration"), raw.get("deleteSession")
        if not is_uint64(duration) or type(delete) is not bool:
            raise SnapshotError("a session's expiry is malformed")
        expiry = Expiry(duration, delete)
    return SavedSession(token, name, shared, expiry, keys)
