"""Each user's play queue: in memory, and with ``--data DIR`` also in ``DIR/queues.json``.

Every change is written atomically (a temporary file renamed over the old one) before QUEUE
answers, so a kill during a write leaves either the old or the new file, and a client that saw
``200`` never loses its track. Concurrent changes share one write.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from ...errors import LoadError, Location
from ...fileio import WriteError, atomic_write, remove_stale_temporaries

QUEUE_LIMIT = 1000
"""Tracks one user's queue may hold; bounds memory and the file."""

FILE_NAME = "queues.json"
FORMAT = "statuskit-fmltp-queues"


class QueueFull(Exception):
    """The user's queue already holds QUEUE_LIMIT tracks."""


class QueueStore:
    """User name → queued track ids; ``path`` None keeps them in memory only."""

    def __init__(self, path: Path | None, queues: dict[str, list[int]] | None = None) -> None:
        self.path = path
        self._queues: dict[str, list[int]] = queues or {}
        self._lock = asyncio.Lock()
        self._changes = 0
        self._saved = 0

    @classmethod
    def open(cls, directory: str | os.PathLike[str] | None) -> QueueStore:
        """The store of ``directory`` (created when missing); LoadError when its file is bad."""
        if directory is None:
            return cls(None)
        folder = Path(directory)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LoadError(
                f"cannot create the data directory: {error.strerror}", Location(str(folder))
            ) from None
        path = folder / FILE_NAME
        remove_stale_temporaries(path)
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return cls(path)
        except UnicodeDecodeError as error:
            raise LoadError(
                f"not UTF-8 (byte {error.start}); restore it or remove it", Location(str(path))
            ) from None
        except OSError as error:
            raise LoadError(f"cannot read: {error.strerror}", Location(str(path))) from None
        return cls(path, _parse(text, str(path)))

    def queue(self, user: str) -> tuple[int, ...]:
        return tuple(self._queues.get(user, ()))

    async def add(self, user: str, track_id: int) -> None:
        """Append a track to ``user``'s queue and return once it is stored.

        QueueFull when the queue is full; WriteError (and nothing queued) when the file
        cannot be written.
        """
        queue = self._queues.setdefault(user, [])
        if len(queue) >= QUEUE_LIMIT:
            raise QueueFull(user)
        queue.append(track_id)
        self._changes += 1
        if self.path is None:
            return
        wanted = self._changes
        async with self._lock:
            if self._saved >= wanted:
                return  # an earlier writer already stored this change
            changes, text = self._changes, self._dump()
            try:
                await asyncio.to_thread(atomic_write, self.path, text)
            except WriteError:
                # Not stored, so not queued: take the track back out and tell the caller.
                queue.reverse()
                queue.remove(track_id)
                queue.reverse()
                raise
            self._saved = changes

    def _dump(self) -> str:
        data = {"format": FORMAT, "version": 1, "queues": self._queues}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _parse(text: str, file: str) -> dict[str, list[int]]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"not valid JSON: {error.msg}", Location(file, error.lineno, error.colno)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LoadError(f'expected an object with "format": "{FORMAT}"', Location(file, 1, 1))
    queues = data.get("queues")
    if not isinstance(queues, dict):
        raise LoadError('expected "queues": an object of user name → list of track ids', Location(file))
    result: dict[str, list[int]] = {}
    for user, ids in queues.items():
        if not isinstance(ids, list) or not all(type(i) is int for i in ids):
            raise LoadError(f"queue of user {user!r}: expected a list of track ids", Location(file))
        result[user] = ids[:QUEUE_LIMIT]
    return result
