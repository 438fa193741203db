"""OpenTelemetry: codecs put each status on the current span and count it, bounded by the catalog."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

pytest.importorskip("opentelemetry.sdk", reason="the otel extra (opentelemetry-sdk) is not installed")

SCRIPT = textwrap.dedent(
    """
    import json, statuskit
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from statuskit.conformance import operation
    from statuskit.wire import jsonfield, line, telemetry

    spans, reader = InMemorySpanExporter(), InMemoryMetricReader()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    trace.set_tracer_provider(provider)
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    assert telemetry.refresh()

    fmltp = statuskit.load("catalogs/fmltp.yaml").space("status")
    st = statuskit.load("catalogs/nemesisdb.yaml").space("st")
    tracer = trace.get_tracer("test")
    with tracer.start_as_current_span("QUEUE"), operation("QUEUE"):
        line.encode(fmltp.status(420, detail="no such track: 77"))
    with tracer.start_as_current_span("ok"):
        line.encode(fmltp.status(200))
    for code in (999, 998, 997):
        jsonfield.decode({"st": code}, st, path=("st",))
    points = []
    for metric in reader.get_metrics_data().resource_metrics[0].scope_metrics[0].metrics:
        for point in metric.data.data_points:
            points.append([metric.name, dict(point.attributes), point.value])
    print(json.dumps({
        "spans": {s.name: dict(s.attributes) for s in spans.get_finished_spans()},
        "points": points,
    }))
    """
)


def test_spans_and_the_metric_carry_the_status() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["spans"]["QUEUE"] == {
        "statuskit.catalog": "fmltp",
        "statuskit.space": "status",
        "statuskit.code": 420,
        "statuskit.operation": "QUEUE",
        "statuskit.direction": "sent",
        "error.type": "420",
    }
    assert "error.type" not in seen["spans"]["ok"] and seen["spans"]["ok"]["statuskit.code"] == 200
    counted = {
        (p[1]["statuskit.catalog"], p[1]["statuskit.code"], p[1]["statuskit.direction"]): p[2]
        for p in seen["points"]
    }
    assert all(p[0] == "statuskit.statuses" for p in seen["points"])
    # three different undeclared codes from a peer are one bounded series
    assert counted == {
        ("fmltp", 420, "sent"): 1,
        ("fmltp", 200, "sent"): 1,
        ("nemesisdb", "_OTHER", "received"): 3,
    }


def test_without_an_sdk_telemetry_stays_off() -> None:
    script = (
        "import statuskit; from statuskit.wire import line, telemetry; "
        "line.encode(statuskit.load('catalogs/fmltp.yaml').space('status').status(200)); "
        "print(telemetry.refresh(), len(telemetry._kinds))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.stdout.split() == ["False", "0"], result.stderr
