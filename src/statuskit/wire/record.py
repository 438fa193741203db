"""The event bus of the runtime: every status encoded or decoded is announced here.

Codecs call :func:`emitted` when they encode and :func:`received` when they decode. Callbacks
registered with :func:`subscribe` get an :class:`Event` for each. An event names the operation
the status answers (a route, a command) when one is known: the ``operation=`` a codec was given,
else the context variable :data:`OPERATION`, which a server sets where it dispatches a request
(:func:`statuskit.conformance.operation`). The bus knows nothing of what listeners do with
events: the conformance package (:mod:`statuskit.conformance`) turns them into observations and
record files. A failing subscriber is unsubscribed, so listening never disturbs the server that
is talking. When ``opentelemetry-api`` is installed, every status also goes to
:mod:`statuskit.wire.telemetry` (span attributes and the ``statuskit.statuses`` metric);
:func:`set_telemetry` turns that off or on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .catalogs import catalog_id
from .operation import OPERATION

__all__ = ["OPERATION", "Event", "emitted", "listening", "received", "set_telemetry", "subscribe"]

if TYPE_CHECKING:
    from ..status import Status

Direction = Literal["sent", "received"]


@dataclass(frozen=True, slots=True)
class Event:
    """One status seen on the wire by this process."""

    catalog: str
    space: str
    code: int | str
    declared: bool
    transport: str
    direction: Direction
    status: Status | None = None
    operation: str | None = None


Subscriber = Callable[[Event], None]
_subscribers: list[Subscriber] = []


def subscribe(callback: Subscriber) -> Callable[[], None]:
    """Call ``callback(event)`` for every status from now on; returns a function that stops it."""
    _subscribers.append(callback)

    def unsubscribe() -> None:
        if callback in _subscribers:
            _subscribers.remove(callback)

    return unsubscribe


def listening() -> bool:
    """True when someone subscribed (decoders may skip building events otherwise)."""
    return bool(_subscribers)


def emitted(status: Status, transport: str, operation: str | None = None) -> None:
    """Report a status this process is sending (in answer to ``operation``, when given)."""
    if _telemetry is not None:
        _telemetry(status, "sent", operation)
    if _subscribers:
        _notify(_event(status, transport, "sent", operation))


def received(status: Status, transport: str, operation: str | None = None) -> None:
    """Report a status this process has decoded from what it received."""
    if _telemetry is not None:
        _telemetry(status, "received", operation)
    if _subscribers:
        _notify(_event(status, transport, "received", operation))


Telemetry = Callable[["Status", str, "str | None"], None]


def _load_telemetry() -> Telemetry | None:
    try:
        from .telemetry import observe
    except ImportError:  # opentelemetry-api is not installed
        return None
    return observe


_telemetry: Telemetry | None = _load_telemetry()


def set_telemetry(enabled: bool) -> bool:
    """Send statuses to OpenTelemetry (when its API is installed) or not; True when now on."""
    global _telemetry
    _telemetry = _load_telemetry() if enabled else None
    return _telemetry is not None


def _event(status: Status, transport: str, direction: Direction, operation: str | None) -> Event:
    return Event(
        catalog_id(status.space),
        status.space.name,
        status.code,
        status.entry is not None,
        transport,
        direction,
        status,
        operation if operation is not None else OPERATION.get(),
    )


def _notify(event: Event) -> None:
    for callback in tuple(_subscribers):
        try:
            callback(event)
        except Exception:
            # A broken listener must not break the server that is talking.
            if callback in _subscribers:
                _subscribers.remove(callback)
