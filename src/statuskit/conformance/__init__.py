"""Conformance: what a server really sent, held against what its catalog declares.

The runtime's event bus (:mod:`statuskit.wire.record`) announces every status a codec encodes
or decodes; this package is everything built on top of it, in one place:

    context      operation(NAME): which operation the statuses of this context answer
    observation  Observation, the one form a recorded status takes (from an event or a record)
    recordfile   the record file: its one writer (JSON lines appended to $STATUSKIT_RECORD and
                 the merged record of a test run) and its one reader
    coverage     Declared catalogs × observations → Coverage per space (undeclared codes fail)
    report       coverage as a text table or as JSON
    live         production spans → findings and coverage per operation, in bounded memory
    otlp         OTLP/HTTP trace requests (protobuf or JSON, gzip) → server spans
    receiver     the ``statuskit live`` ASGI app: POST /v1/traces, GET /statuskit/report
    semconv      a catalog as an OpenTelemetry semantic-conventions registry fragment

The pytest plugin (:mod:`statuskit.integrations.pytest_plugin`), ``statuskit coverage``,
``statuskit live`` and ``statuskit export semconv`` sit on top of these modules; ``live``,
``otlp`` and ``receiver`` need the ``otel`` extra and are imported only by ``statuskit live``.
Nothing here prints or exits.
"""

from __future__ import annotations

from .context import current_operation, operation

__all__ = ["current_operation", "operation"]
