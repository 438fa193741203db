"""statuskit live: an instrumented Starlette service exports its spans over OTLP/HTTP, live judges them."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from support.servers import _wait_for_listening

pytest.importorskip("opentelemetry.sdk", reason="the otel extra and opentelemetry-sdk are not installed")
pytest.importorskip(
    "opentelemetry.exporter.otlp.proto.http", reason="the OTLP/HTTP exporter is not installed"
)

SHOP = """\
catalog: shop
spaces:
  - name: http
    transport: http
    extends: http
  - name: json
    transport: json
    groups:
      - {pattern: 1xxxx, title: Not found, defaults: {http: 404}}
      - {pattern: 4xxxx, title: Client errors, defaults: {http: 400}}
    codes:
      - {code: 10001, name: UnknownUser, title: Unknown user}
      - {code: 40002, name: BadName, title: Bad name}
    retired:
      - {code: 40009, name: TooOld}
operations:
  - name: get-user
    http: {method: GET, route: "/users/{id}"}
    answers: {http: [200, 404], json: [10001]}
  - name: rename-user
    http: {method: PATCH, route: "/users/{id}"}
    answers: {http: [200, 400], json: [40002]}
always: {http: [503]}
"""

# A service of our own: a Starlette app whose server spans carry the HTTP semantic conventions,
# with statuskit's integration (its codecs add statuskit.* attributes to the span), exported by
# the OpenTelemetry SDK's OTLP/HTTP exporter (protobuf) to statuskit live.
SERVICE = textwrap.dedent(
    """
    import sys
    import statuskit
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from statuskit.integrations.starlette import install
    from statuskit.wire import httpjson, telemetry

    provider = TracerProvider(resource=Resource.create({"service.name": "shop-api"}))
    provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=sys.argv[1] + "/v1/traces")))
    trace.set_tracer_provider(provider)
    telemetry.refresh()
    tracer = trace.get_tracer("shop")
    catalog = statuskit.load(sys.argv[2])
    JSON, HTTP = catalog.space("json"), catalog.space("http")

    async def get_user(request):
        user = request.path_params["id"]
        if user == "2":
            raise JSON.error(10001)            # declared, among get-user's answers
        if user == "3":
            raise JSON.error(40002)            # declared, not among get-user's answers
        if user == "4":
            raise statuskit.Status.received(JSON, 40009).error()   # retired
        httpjson.status_line(HTTP.status(200))
        return JSONResponse({"id": user})

    async def teapot(request):
        return JSONResponse({}, status_code=299)   # not an HTTP status the catalog knows

    class Spans:
        def __init__(self, app):
            self.app = app
        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                return await self.app(scope, receive, send)
            route = "/teapot" if scope["path"] == "/teapot" else "/users/{id}"
            with tracer.start_as_current_span(route, kind=trace.SpanKind.SERVER) as span:
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("http.route", route)
                async def sending(message):
                    if message["type"] == "http.response.start":
                        span.set_attribute("http.response.status_code", message["status"])
                    await send(message)
                await self.app(scope, receive, sending)

    app = Starlette(routes=[Route("/users/{id}", get_user), Route("/teapot", teapot)])
    install(app, JSON)
    app.add_middleware(Spans)
    client = TestClient(app)
    for user in ("1", "1", "2", "3", "4"):
        client.get(f"/users/{user}")
    client.get("/teapot")
    provider.shutdown()
    """
)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    catalog = tmp_path / "shop.yaml"
    catalog.write_text(SHOP, encoding="utf-8")
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "statuskit", "live", str(catalog), "--otlp", "127.0.0.1:0"]
    process = subprocess.Popen(
        [*command, "--report", str(report), "--max-body", "65536"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        host, port = _wait_for_listening(process, 20)
        yield f"http://{host}:{port}", catalog, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _post(url: str, body: bytes, content_type: str, encoding: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": content_type}
    if encoding:
        headers["Content-Encoding"] = encoding
    request = urllib.request.Request(url + "/v1/traces", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _report(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/statuskit/report", timeout=10) as response:
        result: dict[str, Any] = json.loads(response.read())
        return result


def _json_request(code: int, operation: str) -> bytes:
    def attribute(key: str, value: object) -> dict[str, object]:
        kind = "intValue" if isinstance(value, int) else "stringValue"
        return {"key": key, "value": {kind: str(value) if kind == "intValue" else value}}

    span = {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": "eee19b7ec3c1b174",
        "name": operation,
        "kind": 2,
        "startTimeUnixNano": "1764866000000000000",
        "endTimeUnixNano": "1764866000500000000",
        "attributes": [
            attribute("statuskit.catalog", "shop"),
            attribute("statuskit.space", "json"),
            attribute("statuskit.code", code),
            attribute("statuskit.operation", operation),
        ],
    }
    resource = {"attributes": [attribute("service.name", "billing")]}
    request = {"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": [span]}]}]}
    return json.dumps(request).encode()


def test_a_service_exports_to_live_which_reports_what_it_sent(
    live: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, catalog, process = live
    service = subprocess.run(
        [sys.executable, "-c", SERVICE, url, str(catalog)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert service.returncode == 0, service.stderr
    # JSON encoding, gzip-compressed, with statuskit's own attributes
    status, body = _post(url, gzip.compress(_json_request(40002, "rename-user")), "application/json", "gzip")
    assert (status, body) == (200, b"{}")
    status, _ = _post(url, _json_request(10001, "delete-user"), "application/json")
    assert status == 200
    report = _report(url)
    # a span with statuskit's attributes is judged by them (the HTTP 400 of 40002 is not judged twice)
    findings = {
        (f["kind"], f["service"], f["space"], f["operation"], f["code"]): f for f in report["findings"]
    }
    assert set(findings) == {
        ("not-in-answers", "shop-api", "json", "get-user", 40002),
        ("retired", "shop-api", "json", "get-user", 40009),
        ("undeclared", "shop-api", "http", "GET /teapot", 299),
        ("unknown-operation", "billing", "json", "delete-user", 10001),
    }
    first = findings[("unknown-operation", "billing", "json", "delete-user", 10001)]
    assert first["count"] == 1 and first["first_seen"] == "2025-12-04T16:33:20.500000Z"
    coverage = {(c["catalog"], c["operation"]): c for c in report["coverage"]}
    get = coverage[("shop", "get-user")]
    assert {(e["space"], e["code"]) for e in get["exercised"]} == {("http", 200), ("json", 10001)}
    rename = coverage[("shop", "rename-user")]
    assert rename["exercised"] == [{"space": "json", "code": 40002, "count": 1}]
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 1, err  # undeclared and retired codes were seen
    assert "retired           shop / json: code 40009" in out
    saved = json.loads((catalog.parent / "report.json").read_text(encoding="utf-8"))
    assert saved["findings"] == report["findings"]


def test_bad_payloads_get_otlp_errors_and_the_receiver_lives_on(
    live: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, _, process = live
    from google.rpc.status_pb2 import Status

    status, body = _post(url, b"\x0a\xff\xff\xff\xff\x0f garbage", "application/x-protobuf")
    assert status == 400
    refusal = Status.FromString(body)  # OTLP's error body: a google.rpc.Status in the request's encoding
    assert refusal.code == 3 and refusal.message.startswith("not an OTLP trace request")
    assert _post(url, b"{not json", "application/json")[0] == 400
    status, body = _post(url, b"{}", "text/plain")
    assert status == 415 and "Content-Type must be" in json.loads(body)["message"]
    assert _post(url, b"{}", "application/json", "br")[0] == 415
    assert _post(url, b"\x1f\x8b broken gzip", "application/json", "gzip")[0] == 400
    assert _post(url, b"x" * 70000, "application/x-protobuf")[0] == 413
    assert _post(url, gzip.compress(b" " * 200_000), "application/json", "gzip")[0] == 413
    assert _post(url, b"", "application/x-protobuf") == (200, b"")
    assert _report(url)["findings"] == []
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "statuskit live: 0 spans" in out


def test_a_bad_address_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "live", "catalogs/pec.yaml", "--otlp", "nowhere"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "expected HOST:PORT" in result.stderr


COLLECTOR = shutil.which("otelcol") or shutil.which("otelcol-contrib")


@pytest.mark.skipif(
    COLLECTOR is None,
    reason="the OpenTelemetry Collector (otelcol) is not installed: it is not packaged on PyPI, npm or Debian",
)
def test_through_the_collector(live: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path) -> None:
    assert COLLECTOR is not None
    url, _, _ = live
    config = (
        (ROOT / "docs" / "collector.yaml").read_text(encoding="utf-8").replace("http://127.0.0.1:4319", url)
    )
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        front = f"127.0.0.1:{probe.getsockname()[1]}"
    config = config.replace("127.0.0.1:4318", front)
    path = tmp_path / "collector.yaml"
    path.write_text(config, encoding="utf-8")
    collector = subprocess.Popen([COLLECTOR, "--config", str(path)], stderr=subprocess.PIPE, text=True)
    try:
        import time

        deadline = time.monotonic() + 20
        while True:
            try:
                status, _ = _post(f"http://{front}", _json_request(10001, "get-user"), "application/json")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the collector did not start"
            time.sleep(0.2)
        while time.monotonic() < deadline and not _report(url)["coverage"]:
            time.sleep(0.2)
        coverage = _report(url)["coverage"]
        assert any(c["operation"] == "get-user" and c["exercised"] for c in coverage)
    finally:
        collector.send_signal(signal.SIGTERM)
        collector.wait(timeout=20)


def test_export_semconv_declares_the_catalogs_values() -> None:
    import yaml

    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "export", "semconv", "catalogs/nemesisdb.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    [group] = yaml.safe_load(result.stdout)["groups"]
    assert group["id"] == "registry.statuskit.nemesisdb" and group["type"] == "attribute_group"
    attributes = {a["id"]: a for a in group["attributes"]}
    errors = {m["value"]: m["id"] for m in attributes["error.type"]["type"]["members"]}
    assert errors["CommandNotExist"] == "command_not_exist" and "_OTHER" in errors
    assert "Ok" not in errors  # a success is not an error type
    operations = {m["value"] for m in attributes["statuskit.operation"]["type"]["members"]}
    assert {"KV_GET", "SH_NEW"} <= operations
    assert attributes["statuskit.code"]["type"] == "int"


def test_findings_are_aggregated_and_bounded_and_grpc_maps_by_method() -> None:
    import statuskit
    from statuskit.conformance.live import Live

    api = statuskit.loads(
        "catalog: rpc\nspaces:\n  - name: grpc\n    extends: grpc\n"
        "operations:\n  - name: get\n    command: users.Users/Get\n    answers: {grpc: [0, 5]}\n",
        "rpc.yaml",
    )
    live = Live([api], max_findings=3)
    for number in range(1000):
        attributes = {"rpc.grpc.status_code": 100 + number, "rpc.service": "users.Users", "rpc.method": "Get"}
        live.observe("users", attributes, 1_000 + number)
    for code in (0, 5, 5, 7):
        attributes = {"rpc.grpc.status_code": code, "rpc.service": "users.Users", "rpc.method": "Get"}
        live.observe("users", attributes, 5_000)
    report = live.report()
    assert len(live.findings) == 3 and report["dropped_findings"] == 997 + 1
    assert [f["kind"] for f in report["findings"]] == ["undeclared"] * 3
    [entry] = [c for c in report["coverage"] if c["operation"] == "get"]
    assert entry["exercised"] == [
        {"space": "grpc", "code": 0, "count": 1},
        {"space": "grpc", "code": 5, "count": 2},
    ]
    assert live.worst() == "undeclared" and report["spans"] == 1004
