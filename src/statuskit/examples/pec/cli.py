"""Run the pec-server reference server: users, sessions and an energy-trading pool over HTTP.

Every reply is HTTP 200 with {"status": <code>, "msg": <text>, ...}, the code and text taken from
the bundled pec catalog; bad requests get HTTP 400 with {"msg": ...}. Accounts, sessions and
offers are kept in SQLite under --data and survive a restart. The log (stderr) has one line per
status, starting with its code. Exit status: 0 after SIGINT/SIGTERM, 1 when the port is in use
(911) or the database cannot be opened (912), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable
from pathlib import Path

from ...errors import UsageError
from .. import serving
from .parse import MAX_VALUE
from .settings import Options, Settings


def _bounded(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is outside {low:g} to {high:g}")
        return value

    convert.__name__ = kind.__name__
    return convert


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(
        parser, default_port=8080, data_help="directory for the database", default_data=Path("pec-data")
    )
    parser.add_argument(
        "--admin-id", help="secret for /serv/show and /serv/save (default: a new one, printed on stderr)"
    )
    parser.add_argument(
        "--initial-balance",
        type=_bounded(int, 0, MAX_VALUE),
        default=1000,
        help="balance of a new account (default 1000)",
    )
    parser.add_argument(
        "--session-ttl",
        type=_bounded(float, 0.001, 10**9),
        default=1800.0,
        help="seconds a session lives after login or its last heartbeat (default 1800)",
    )
    parser.add_argument(
        "--max-body", type=_bounded(int, 64, 1 << 30), default=1 << 20, help="largest request body, bytes"
    )
    parser.add_argument(
        "--max-items",
        type=_bounded(int, 1, 10**6),
        default=1000,
        help="most offers in one purchase or delivery",
    )
    parser.add_argument(
        "--db-timeout",
        type=_bounded(float, 0.0, 3600),
        default=5.0,
        help="seconds to wait for a database locked by another process before failing (500)",
    )
    parser.add_argument("--hash-time-cost", type=_bounded(int, 1, 100), default=2, help="Argon2id passes")
    parser.add_argument(
        "--hash-memory", type=_bounded(int, 8, 1 << 22), default=19456, help="Argon2id memory, KiB"
    )
    parser.add_argument(
        "--hash-workers", type=_bounded(int, 1, 64), default=2, help="password hashes computed at once"
    )
    parser.add_argument(
        "--header-timeout",
        type=_bounded(float, 0.1, 3600),
        default=10.0,
        help="seconds a client may take to send its request headers (default 10)",
    )
    parser.add_argument(
        "--body-timeout",
        type=_bounded(float, 0.1, 3600),
        default=30.0,
        help="seconds a client may take to send its request body (default 30)",
    )
    parser.add_argument(
        "--max-offers",
        type=_bounded(int, 1, 10**6),
        default=1000,
        help="most offers one account may have on sale at once (default 1000)",
    )
    parser.add_argument(
        "--pool-page",
        type=_bounded(int, 1, 10**5),
        default=500,
        help="most offers one GET /tx/pool answers; 'next' gives the offset of the rest (default 500)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="log start-up, faults and shutdown only, not every reply"
    )


def run(args: argparse.Namespace) -> int:
    from .server import serve

    common = serving.common_from(args)
    admin_id = args.admin_id
    if admin_id is not None and (not admin_id or not admin_id.isprintable() or "/" in admin_id):
        raise UsageError("--admin-id must be non-empty printable text without '/' (it is a path segment)")
    if admin_id is None:
        admin_id = secrets.token_urlsafe(24)
        serving.log(f"admin id: {admin_id}")
    settings = Settings(
        admin_id=admin_id,
        initial_balance=int(args.initial_balance),
        session_ttl=float(args.session_ttl),
        max_body=int(args.max_body),
        max_items=int(args.max_items),
        log_replies=not args.quiet,
        body_timeout=float(args.body_timeout),
        max_offers=int(args.max_offers),
        pool_page=int(args.pool_page),
    )
    options = Options(
        common=common,
        settings=settings,
        database_timeout=float(args.db_timeout),
        hash_time_cost=int(args.hash_time_cost),
        hash_memory_kib=int(args.hash_memory),
        hash_workers=int(args.hash_workers),
        header_timeout=float(args.header_timeout),
    )
    return serving.run_until_stopped(lambda stop: serve(options, stop))
