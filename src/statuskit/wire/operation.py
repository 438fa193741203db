"""The operation being served in this context: one context variable, shared by the bus and telemetry.

A server sets it where it dispatches a request (:func:`statuskit.conformance.operation`); the
event bus (:mod:`statuskit.wire.record`) and OpenTelemetry (:mod:`statuskit.wire.telemetry`)
read it for every status a codec encodes or decodes without an explicit ``operation=``.
"""

from __future__ import annotations

from contextvars import ContextVar

OPERATION: ContextVar[str | None] = ContextVar("statuskit_operation", default=None)
"""The operation being served (a name, ``METHOD /route``, a command), or None."""
