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
from pathlib import Path

from ...errors import UsageError
from .. import serving
from ..serving import Number
from .parse import MAX_VALUE
from .settings import Options, Settings

NUMBERS = (
    Number("--initial-balance", int, 0, MAX_VALUE, 1000, "", "balance of a new account (default 1000)"),
    Number("--session-ttl", float, 0.001, 10**9, 1800.0, "seconds",
           "seconds a session lives after login or its last heartbeat (default 1800)"),
    Number("--max-body", int, 64, 1 << 30, 1 << 20, "bytes", "largest request body, bytes"),
    Number("--max-items", int, 1, 10**6, 1000, "offers", "most offers in one purchase or delivery"),
    Number("--db-timeout", float, 0.0, 3600, 5.0, "seconds",
           "seconds to wait for a database locked by another process before failing (500)"),
    Number("--hash-time-cost", int, 1, 100, 2, "passes", "Argon2id passes"),
    Number("--hash-memory", int, 8, 1 << 22, 19456, "KiB", "Argon2id memory, KiB"),
    Number("--hash-workers", int, 1, 64, 2, "hashes", "password hashes computed at once"),
    *serving.HTTP_TIMEOUTS,
    Number("--max-offers", int, 1, 10**6, 1000, "offers",
           "most offers one account may have on sale at once (default 1000)"),
    Number("--pool-page", int, 1, 10**5, 500, "offers",
           "most offers one GET /tx/pool answers; 'next' gives the offset of the rest (default 500)"),
)  # fmt: skip
"""pec's numeric options: flag, whole number or not, lowest, highest, default, unit, help."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(
        parser, default_port=8080, data_help="directory for the database", default_data=Path("pec-data")
    )
    parser.add_argument(
        "--admin-id", help="secret for /serv/show and /serv/save (default: a new one, printed on stderr)"
    )
    serving.add_numbers(parser, NUMBERS)
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
