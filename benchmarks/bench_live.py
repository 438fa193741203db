"""statuskit live: OTLP trace requests accepted and classified, against decoding them alone.

live-classify  otlp.decode + server_spans + Live.observe of a 512-span protobuf request (kAPI
               catalog, HTTP and statuskit attributes among others) vs decoding the same bytes
               alone: ExportTraceServiceRequest.ParseFromString and reading every span's
               attributes into Python values (what any consumer of the spans must do); reported
               as spans per second, goal >= 0.5x. ParseFromString by itself is lazy (upb builds
               Python objects only when fields are read), so it is printed for reference only.
"""

from __future__ import annotations

from pathlib import Path

import statuskit
from benchmarks.timing import compare

ROOT = Path(__file__).resolve().parent.parent
SPANS = 512


def _request() -> bytes:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
    from opentelemetry.proto.trace.v1.trace_pb2 import Span

    def attribute(key: str, value: object) -> KeyValue:
        if isinstance(value, int):
            return KeyValue(key=key, value=AnyValue(int_value=value))
        return KeyValue(key=key, value=AnyValue(string_value=str(value)))

    request = ExportTraceServiceRequest()
    resource = request.resource_spans.add()
    resource.resource.attributes.append(attribute("service.name", "kapi"))
    scope = resource.scope_spans.add()
    routes = [
        ("GET", "/v4/users/{user_id}", 200),
        ("GET", "/v4/users/{user_id}", 404),
        ("POST", "/v4/x", 418),
    ]
    for number in range(SPANS):
        method, route, code = routes[number % len(routes)]
        span = scope.spans.add()
        span.trace_id = number.to_bytes(16, "big")
        span.span_id = number.to_bytes(8, "big")
        span.name = f"{method} {route}"
        span.kind = Span.SpanKind.SPAN_KIND_SERVER
        span.start_time_unix_nano = 1_764_866_000_000_000_000 + number
        span.end_time_unix_nano = span.start_time_unix_nano + 1_000_000
        span.attributes.extend(
            [
                attribute("http.request.method", method),
                attribute("http.route", route),
                attribute("http.response.status_code", code),
                attribute("url.path", route.replace("{user_id}", str(number))),
                attribute("server.address", "api.example"),
                attribute("network.protocol.version", "1.1"),
                attribute("user_agent.original", "bench/1.0"),
            ]
        )
        if number % 2:
            span.attributes.extend(
                [
                    attribute("statuskit.catalog", "kapi"),
                    attribute("statuskit.space", "json"),
                    attribute("statuskit.code", 10001),
                    attribute("statuskit.operation", "get-user"),
                ]
            )
    return request.SerializeToString()


def main() -> None:
    try:
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

        from statuskit.conformance import otlp
        from statuskit.conformance.live import KEYS, Live
    except ModuleNotFoundError as error:
        print(f"live-classify: skipped, the otel extra is not installed ({error.name})")
        return
    body = _request()
    live = Live([statuskit.load(ROOT / "catalogs" / "kapi.yaml")])

    def classify() -> object:
        message = otlp.decode(body, otlp.PROTOBUF)
        for service, attributes, seen in otlp.server_spans(message, KEYS):
            live.observe(service, attributes, seen)
        return message

    def parse() -> object:
        message = ExportTraceServiceRequest()
        message.ParseFromString(body)
        return message

    def decode() -> object:
        message = ExportTraceServiceRequest()
        message.ParseFromString(body)
        values = []
        for resource_spans in message.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    for attribute in span.attributes:
                        value = attribute.value
                        kind = value.WhichOneof("value")
                        values.append((attribute.key, getattr(value, kind) if kind else None))
        return values

    ours, alone = compare(classify, decode, repeat=15)
    lazy, _ = compare(parse, decode, repeat=5)
    print(
        f"live-classify: {SPANS / ours:,.0f} spans/s accepted and classified vs {SPANS / alone:,.0f} spans/s "
        f"decoded alone: {alone / ours:.2f}x ({ours * 1e3:.2f} ms vs {alone * 1e3:.2f} ms per "
        f"{len(body):,}-byte request of {SPANS} spans; goal >= 0.5x; "
        f"ParseFromString alone, lazy: {lazy * 1e3:.2f} ms)"
    )


if __name__ == "__main__":
    main()
