"""Check the statuses a running service really sends, from its OpenTelemetry traces.

Receives OTLP over HTTP (POST /v1/traces, protobuf or JSON, gzip) on --otlp HOST:PORT, from
an OpenTelemetry SDK or a collector's otlphttp exporter, and holds each server span's status
against the CATALOGs: statuskit's own span attributes when present, else the HTTP or gRPC status
for catalogs whose spaces extend the http or grpc builtins. It prints 'listening on HOST:PORT'
once it accepts (port 0 picks a free one); GET /statuskit/report on the same port answers the
report as JSON (findings: undeclared, retired, not-in-answers, unknown-operation; coverage per
operation). On SIGINT or SIGTERM it writes the report to --report FILE and prints it as text.
Exit 1 when a finding at or above --fail-on was seen (kinds from the least to the most serious:
unknown-operation, not-in-answers, undeclared, retired; default undeclared), 2 on a usage error.
Needs the 'otel' extra (pip install 'statuskit[otel]').
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ...argtypes import bounded
from ...errors import UsageError
from ..arguments import open_catalog
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK

KINDS = ("unknown-operation", "not-in-answers", "undeclared", "retired")
EXTRA_MODULES = frozenset({"opentelemetry", "google", "starlette", "uvicorn"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("catalogs", nargs="+", metavar="CATALOG", help="catalog files the service speaks")
    parser.add_argument(
        "--otlp",
        required=True,
        metavar="HOST:PORT",
        help="where to receive OTLP/HTTP (port 0: any free port)",
    )
    parser.add_argument("--report", metavar="FILE", help="write the JSON report here when stopped")
    parser.add_argument(
        "--fail-on",
        choices=KINDS,
        default="undeclared",
        help="exit 1 when a finding of this kind or a more serious one was seen (default: undeclared)",
    )
    parser.add_argument(
        "--max-body",
        type=bounded(int, 1024, 1 << 30, "bytes"),
        default=16 * 1024 * 1024,
        metavar="BYTES",
        help="largest request accepted",
    )


def run(args: argparse.Namespace) -> int:
    host, port = _address(args.otlp)
    catalogs = [open_catalog(reference) for reference in args.catalogs]
    try:
        from ...conformance.live import Live
        from ...conformance.receiver import create_app
        from ...examples import serving
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in EXTRA_MODULES:
            raise
        raise UsageError(
            f"statuskit live needs the 'otel' extra, which is not installed (no module {missing!r}): "
            "pip install 'statuskit[otel]'"
        ) from None
    live = Live(catalogs)
    app = create_app(live, limit=args.max_body)
    listener = serving.bind(host, port)

    async def main(stop: asyncio.Event) -> int:
        await serving.serve_asgi(app, listener, stop)
        return EXIT_OK

    serving.run_until_stopped(main)
    if args.report:
        from ...fileio import atomic_write

        atomic_write(args.report, json.dumps(live.report(), indent=1, ensure_ascii=False) + "\n")
    sys.stdout.write(live.to_text())
    worst = live.worst()
    if worst is not None and KINDS.index(worst) >= KINDS.index(args.fail_on):
        return EXIT_NEGATIVE
    return EXIT_OK


def _address(text: str) -> tuple[str, int]:
    host, colon, port = text.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(
            f"--otlp {text!r}: expected HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:4318"
        )
    return host.strip("[]"), int(port)
