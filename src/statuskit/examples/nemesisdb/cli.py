"""Run the NemesisDB reference server: sessions of keys and values, JSON over WebSocket.

It speaks NemesisDB 0.3's wire as the real 0.3.10 server does; every status comes from
catalogs/nemesisdb.yaml through statuskit's runtime. Saves (SH_SAVE, SH_LOAD, --load) live in
--data DIR, which must exist; without it, or with --no-save, SH_SAVE answers 14. Stops cleanly on
SIGINT or SIGTERM (exit status 0); exit status 2 for a bad option, a port that cannot be bound,
or a --load that fails.
"""

from __future__ import annotations

import argparse

from ...errors import UsageError
from .. import serving
from ..serving import Number
from .settings import MIB, Limits, Options, Settings

MIN_PAYLOAD = 64


_LIMITS = Limits()
NUMBERS = (
    Number("--max-payload", int, MIN_PAYLOAD, 64 * MIB, 1024, "bytes", metavar="BYTES",
           help="largest message; a larger one closes with 1009 (default 1024, the real server's)"),
    Number("--max-sessions", int, 1, 10**9, _LIMITS.max_sessions, "sessions", metavar="N",
           help=f"live sessions at once; SH_NEW beyond answers 103 (default {_LIMITS.max_sessions:,})"),
    Number("--max-keys", int, 1, 10**10, _LIMITS.max_keys, "keys", metavar="N",
           help=f"keys over all sessions; a key beyond is answered 42 (default {_LIMITS.max_keys:,})"),
    Number("--max-bytes", int, 1024, 1 << 40, _LIMITS.max_bytes, "bytes", metavar="BYTES",
           help="bytes of keys and values (compact JSON) over all sessions; beyond is 42 "
           f"(default {_LIMITS.max_bytes // MIB} MiB)"),
    Number("--max-connections", int, 1, 1_000_000, _LIMITS.max_connections, "connections", metavar="N",
           help=f"open connections; more are refused with HTTP 503 (default {_LIMITS.max_connections})"),
    Number("--idle-timeout", float, 0.01, 86_400, _LIMITS.idle_timeout, "seconds", metavar="SECONDS",
           help=f"close a connection silent this long (default {_LIMITS.idle_timeout:g})"),
    Number("--find-budget", float, 0.001, 3600, _LIMITS.find_budget, "seconds", metavar="SECONDS",
           help=f"work one KV_FIND may do before it is answered 4 (default {_LIMITS.find_budget:g})"),
)  # fmt: skip
"""NemesisDB's numeric options: flag, whole number or not, lowest, highest, default, unit."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(
        parser, default_port=1987, data_help="existing directory of saves (SH_SAVE, SH_LOAD, --load)"
    )
    parser.add_argument("--no-save", action="store_true", help="disable SH_SAVE (it answers 14)")
    parser.add_argument(
        "--load",
        action="append",
        default=[],
        metavar="NAME",
        help="load the newest save of NAME from --data before listening (repeatable)",
    )
    serving.add_numbers(parser, NUMBERS)


def run(args: argparse.Namespace) -> int:
    from .server import serve_until

    common = serving.common_from(args)
    data = common.data
    if data is not None and not args.no_save and not data.is_dir():
        raise UsageError(f"--data {data}: no such directory (create it first, as the real server expects)")
    limits = Limits(
        max_sessions=args.max_sessions,
        max_keys=args.max_keys,
        max_bytes=args.max_bytes,
        max_connections=args.max_connections,
        idle_timeout=args.idle_timeout,
        find_budget=args.find_budget,
    )
    settings = Settings(data=data, save_enabled=not args.no_save and data is not None, limits=limits)
    options = Options(common, settings, max_payload=args.max_payload, load=tuple(args.load))
    where = f"saves in {data}" if data is not None else "no save directory"
    serving.log(f"nemesisdb: {where}; saving {'enabled' if settings.save_enabled else 'disabled'}")
    return serving.run_until_stopped(lambda stop: serve_until(options, stop))
