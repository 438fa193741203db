"""Run the kAPI reference server: the Kettu REST API and WebSocket gateway.

REST routes live under /v4 (Authorization: Bearer TOKEN for users, Bot TOKEN for bots and Kettu);
the gateway is the WebSocket at /gateway (GET /v4/gateway says where). Every status comes from
catalogs/kapi.yaml. See docs/examples/kapi.md for the routes, permissions and limits, and for how
the server differs from the real system.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import serving
from ..serving import Number
from .permissions import default_perms
from .settings import Client, Settings, bot_client

NUMBERS = (
    Number("--heartbeat-interval", int, 1, 3_600_000, 41250, "ms", metavar="MS",
           help="gateway heartbeat interval (ms)"),
    Number("--rate-limit", int, 1, 10**9, 120, "requests", metavar="N",
           help="requests or messages per 10 s per token"),
    Number("--resume-window", float, 0, 86_400, 60.0, "seconds", metavar="SECONDS",
           help="how long a closed session stays resumable"),
    *serving.HTTP_TIMEOUTS,
    Number("--max-pending-per-address", int, 1, 100_000, 32, "connections", metavar="N",
           help="connections one address may hold before sending their headers"),
    Number("--max-gateway-per-address", int, 1, 100_000, 64, "connections", metavar="N",
           help="gateway connections one address may hold (more are closed with 4008)"),
)  # fmt: skip
"""kAPI's numeric options: flag, whole number or not, lowest, highest, default, unit."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(parser, default_port=8080, data_help="keep users in DIR/users.json")
    clients = parser.add_argument_group("clients (each option repeatable)")
    clients.add_argument(
        "--user-token", "--token", action="append", default=[], metavar="TOKEN", help="a user (Bearer)"
    )
    clients.add_argument(
        "--bot-token",
        action="append",
        default=[],
        metavar="TOKEN[:ITEM,...]",
        help="a bot (Bot); each ITEM a permission name (READ_IMAGES, ...) or an allowed guild id",
    )
    clients.add_argument(
        "--kettu-token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="Kettu itself (Bot, KETTU permissions)",
    )
    parser.add_argument("--guild", action="append", default=[], metavar="ID", help="a guild Kettu is in")
    parser.add_argument("--debug-routes", action="store_true", help="add GET /v4/debug/error (answers 500)")
    parser.add_argument("--tls-cert", type=Path, metavar="FILE", help="certificate (PEM): https and wss")
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="private key (PEM) of --tls-cert")
    serving.add_numbers(parser, NUMBERS)


def run(args: argparse.Namespace) -> int:
    common = serving.common_from(args)
    clients = (
        *(Client(token, "user") for token in args.user_token),
        *(bot_client(spec) for spec in args.bot_token),
        *(Client(token, "kettu", default_perms("kettu")) for token in args.kettu_token),
    )
    settings = Settings(
        host=common.host,
        port=common.port,
        data=common.data,
        clients=clients,
        guilds=tuple(args.guild),
        heartbeat_interval_ms=args.heartbeat_interval,
        rate_limit=args.rate_limit,
        debug_routes=args.debug_routes,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        resume_window=args.resume_window,
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
        pending_per_address=args.max_pending_per_address,
        max_gateway_per_address=args.max_gateway_per_address,
    )
    from .server import serve

    return serving.run_until_stopped(lambda stop: serve(settings, stop))
