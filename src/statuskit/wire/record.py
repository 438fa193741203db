"""Every status encoded or decoded is reported here, so that tests can see what a server says.

Codecs call :func:`emitted` when they encode and :func:`received` when they decode. Callbacks
registered with :func:`subscribe` get an :class:`Event` for each. When the environment variable
``STATUSKIT_RECORD`` names a file, each emitted status is also appended to it as one JSON line::

    {"catalog": "fmltp", "space": "status", "code": 200, "declared": true,
     "transport": "line", "direction": "sent", "pid": 4242}

The file is opened in append mode and each line is one write, so several processes (a test run
and the servers it starts) can share it. Recording never disturbs the server: a file that cannot
be written is skipped, and a failing subscriber is unsubscribed.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .catalogs import catalog_id

if TYPE_CHECKING:
    from ..status import Status

ENVIRONMENT = "STATUSKIT_RECORD"
Direction = Literal["sent", "received"]


@dataclass(frozen=True, slots=True)
class Event:
    """One status seen on the wire by this process."""

    catalog: str
    space: str
    code: int
    declared: bool
    transport: str
    direction: Direction
    status: Status | None = None

    def to_json(self) -> dict[str, Any]:
        """The record line's members (without the status object), as coverage reads them back."""
        from ..coverage import Observation

        seen = Observation(self.catalog, self.space, self.code, self.transport, self.direction, self.declared)
        return seen.to_json()


Subscriber = Callable[[Event], None]
_subscribers: list[Subscriber] = []
_files: dict[str, int] = {}
write_failures = 0


def subscribe(callback: Subscriber) -> Callable[[], None]:
    """Call ``callback(event)`` for every status from now on; returns a function that stops it."""
    _subscribers.append(callback)

    def unsubscribe() -> None:
        if callback in _subscribers:
            _subscribers.remove(callback)

    return unsubscribe


# ``os.environ.get`` costs more than encoding a short reply; the mapping underneath it is kept
# up to date by ``os.environ`` itself, so read that directly where it exists.
_ENV_DATA: dict[Any, Any] | None = getattr(os.environ, "_data", None)
_ENV_KEY: Any = os.environ.encodekey(ENVIRONMENT) if hasattr(os.environ, "encodekey") else ENVIRONMENT


def _record_path() -> str | None:
    if _ENV_DATA is None:
        return os.environ.get(ENVIRONMENT)
    raw = _ENV_DATA.get(_ENV_KEY)
    if not raw:
        return None
    return os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)


def listening() -> bool:
    """True when someone subscribed (decoders may skip building events otherwise)."""
    return bool(_subscribers)


def emitted(status: Status, transport: str) -> None:
    """Report a status this process is sending."""
    path = _record_path()
    if _subscribers or path:
        event = _event(status, transport, "sent")
        if _subscribers:
            _notify(event)
        if path:
            _append(path, event)


def received(status: Status, transport: str) -> None:
    """Report a status this process has decoded from what it received."""
    if _subscribers:
        _notify(_event(status, transport, "received"))


def _event(status: Status, transport: str, direction: Direction) -> Event:
    return Event(
        catalog_id(status.space),
        status.space.name,
        status.code,
        status.entry is not None,
        transport,
        direction,
        status,
    )


def _notify(event: Event) -> None:
    for callback in tuple(_subscribers):
        try:
            callback(event)
        except Exception:
            # A broken listener must not break the server that is talking.
            if callback in _subscribers:
                _subscribers.remove(callback)


def _append(path: str, event: Event) -> None:
    global write_failures
    members = event.to_json()
    members["pid"] = os.getpid()
    line = (json.dumps(members, ensure_ascii=True) + "\n").encode("ascii")
    try:
        descriptor = _files.get(path)
        if descriptor is None:
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            _files[path] = descriptor
        os.write(descriptor, line)
    except OSError:
        write_failures += 1
        stale = _files.pop(path, None)
        if stale is not None:
            _close(stale)


def _close(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        os.close(descriptor)


def read(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The lines of a record file, as dicts; lines that are not records are skipped.

    Raises OSError when the file cannot be read (the caller says where and why).
    """
    found: list[dict[str, Any]] = []
    with open(path, encoding="utf-8", errors="replace") as stream:
        for line in stream:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if _is_record(item):
                found.append(item)
    return found


def _is_record(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("catalog"), str)
        and isinstance(item.get("space"), str)
        and isinstance(item.get("code"), int)
        and not isinstance(item.get("code"), bool)
        and isinstance(item.get("transport"), str)
    )
