"""Run the kAPI reference server: the Kettu REST API and WebSocket gateway.

REST routes live under /v4 (Authorization: Bearer TOKEN or Bot TOKEN); the gateway is the
WebSocket at /gateway (GET /v4/gateway says where). Every status comes from catalogs/kapi.yaml.
See docs/examples/kapi.md for the protocol and how it differs from the real system.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..serving import run_until_stopped
from .settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one")
    parser.add_argument("--data", type=Path, metavar="DIR", help="keep users in DIR (default: in memory)")
    parser.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="make a user with this token (repeatable)",
    )
    parser.add_argument(
        "--heartbeat-interval", type=int, default=41250, metavar="MS", help="gateway heartbeat interval (ms)"
    )
    parser.add_argument(
        "--rate-limit", type=int, default=120, metavar="N", help="requests or messages per 10 s per token"
    )
    parser.add_argument("--debug-routes", action="store_true", help="add GET /v4/debug/error (answers 500)")
    parser.add_argument(
        "--tls-cert", type=Path, metavar="FILE", help="certificate (PEM): serve https and wss"
    )
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="private key (PEM) of --tls-cert")
    parser.add_argument(
        "--resume-window",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long a closed session stays resumable",
    )


def run(args: argparse.Namespace) -> int:
    settings = Settings(
        host=args.host,
        port=args.port,
        data=args.data,
        tokens=tuple(args.token),
        heartbeat_interval_ms=args.heartbeat_interval,
        rate_limit=args.rate_limit,
        debug_routes=args.debug_routes,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        resume_window=args.resume_window,
    )
    from .server import serve

    return run_until_stopped(lambda stop: serve(settings, stop))
