"""OpenTelemetry: every status a codec encodes or decodes, on the current span and in a metric.

When ``opentelemetry-api`` is installed, the event bus calls :func:`observe` for each status.
When an SDK is configured (a tracer or meter provider other than the API's own), it sets on
the current span, when that is recording, the attributes of :data:`ATTRIBUTES`
(``statuskit.catalog``, ``statuskit.space``, ``statuskit.code``, ``statuskit.name``,
``statuskit.operation``, ``statuskit.direction``, and ``error.type`` = the code's name for
failures, as OpenTelemetry's semantic conventions ask: a low-cardinality class, never a
message), and counts the status in the counter ``statuskit.statuses``. A code the catalog does
not declare is counted as ``_OTHER``, so the metric's attributes stay bounded by the catalog
whatever a peer sends.

Without an SDK this costs one clock read per status: whether an SDK is configured is looked up
at most once a second (:func:`refresh` looks now, for a program that has just configured one).
Attribute sets are built once per kind of status. Telemetry never raises into the codec.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, Any

from opentelemetry import metrics, trace

from .catalogs import catalog_id
from .operation import OPERATION

if TYPE_CHECKING:
    from ..status import Status

METRIC = "statuskit.statuses"
OTHER = "_OTHER"
ATTRIBUTES = (
    "statuskit.catalog",
    "statuskit.space",
    "statuskit.code",
    "statuskit.name",
    "statuskit.operation",
    "statuskit.direction",
    "error.type",
)
RECHECK_SECONDS = 1.0
_MAX_KINDS = 4096

_current_span = trace.get_current_span
_counter = metrics.get_meter("statuskit").create_counter(
    METRIC, unit="{status}", description="Statuses encoded (sent) or decoded (received) by statuskit's codecs"
)
_kinds: dict[tuple[Any, ...], tuple[dict[str, Any], dict[str, Any]]] = {}
_state = {"active": False, "next_check": 0.0}


def refresh() -> bool:
    """Look now whether an SDK is configured; True when statuses go to OpenTelemetry."""
    tracing = not type(trace.get_tracer_provider()).__module__.startswith("opentelemetry.trace")
    metering = not type(metrics.get_meter_provider()).__module__.startswith("opentelemetry.metrics")
    _state["active"] = tracing or metering
    _state["next_check"] = monotonic() + RECHECK_SECONDS
    return bool(_state["active"])


def observe(status: Status, direction: str, operation: str | None) -> None:
    """Put ``status`` on the current span and count it (see the module docstring)."""
    state = _state
    if monotonic() >= state["next_check"]:
        refresh()
    if not state["active"]:
        return
    try:
        if operation is None:
            operation = OPERATION.get()
        key = (status.space, status.code, status.entry is not None, direction, operation)
        found = _kinds.get(key)
        if found is None:
            found = _attributes(status, direction, operation)
            if len(_kinds) < _MAX_KINDS:
                _kinds[key] = found
        span = _current_span()
        if span.is_recording():
            span.set_attributes(found[0])
        _counter.add(1, found[1])
    except Exception:
        pass  # telemetry must never break the server that is talking


def _attributes(
    status: Status, direction: str, operation: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    entry = status.entry
    on_span: dict[str, Any] = {
        "statuskit.catalog": catalog_id(status.space),
        "statuskit.space": status.space.name,
        "statuskit.code": status.code,
        "statuskit.direction": direction,
    }
    name = entry.name if entry is not None and entry.name else None
    if name is not None:
        on_span["statuskit.name"] = name
    if operation is not None:
        on_span["statuskit.operation"] = operation
    if status.outcome == "failure":
        on_span["error.type"] = name or (str(status.code) if entry is not None else OTHER)
    counted = dict(on_span)
    if entry is None:
        counted["statuskit.code"] = OTHER
        counted.pop("statuskit.name", None)
    return on_span, counted
