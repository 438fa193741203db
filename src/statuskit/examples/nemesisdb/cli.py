"""Run the NemesisDB reference server: sessions of keys and values, JSON over WebSocket.

It speaks NemesisDB 0.3's wire as the real 0.3.10 server does; every status comes from
catalogs/nemesisdb.yaml through statuskit's runtime. Saves (SH_SAVE, SH_LOAD, --load) live in
--data DIR, which must exist; without it, or with --no-save, SH_SAVE answers 14. Stops cleanly on
SIGINT or SIGTERM (exit status 0); exit status 2 for a bad option, a port that cannot be bound,
or a --load that fails.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ...errors import UsageError
from .. import serving
from .settings import MIB, Limits, Options, Settings

MIN_PAYLOAD = 64


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number of {unit}, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {low} to {high} {unit}, not {value}")
        return value

    return convert


def _seconds(low: float, high: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {low:g} to {high:g} seconds, not {text}")
        return value

    return convert


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(
        parser, default_port=1987, data_help="existing directory of saves (SH_SAVE, SH_LOAD, --load)"
    )
    limits = Limits()
    parser.add_argument(
        "--max-payload",
        type=_whole(MIN_PAYLOAD, 64 * MIB, "bytes"),
        default=1024,
        metavar="BYTES",
        help="largest message; a larger one closes with 1009 (default 1024, the real server's)",
    )
    parser.add_argument("--no-save", action="store_true", help="disable SH_SAVE (it answers 14)")
    parser.add_argument(
        "--load",
        action="append",
        default=[],
        metavar="NAME",
        help="load the newest save of NAME from --data before listening (repeatable)",
    )
    parser.add_argument(
        "--max-sessions",
        type=_whole(1, 10**9, "sessions"),
        default=limits.max_sessions,
        metavar="N",
        help=f"live sessions at once; SH_NEW beyond answers 103 (default {limits.max_sessions:,})",
    )
    parser.add_argument(
        "--max-keys",
        type=_whole(1, 10**10, "keys"),
        default=limits.max_keys,
        metavar="N",
        help=f"keys over all sessions; a key beyond is answered 42 (default {limits.max_keys:,})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_whole(1024, 1 << 40, "bytes"),
        default=limits.max_bytes,
        metavar="BYTES",
        help=f"bytes of keys and values (compact JSON) over all sessions; beyond is 42 "
        f"(default {limits.max_bytes // MIB} MiB)",
    )
    parser.add_argument(
        "--max-connections",
        type=_whole(1, 1_000_000, "connections"),
        default=limits.max_connections,
        metavar="N",
        help=f"open connections; more are refused with HTTP 503 (default {limits.max_connections})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_seconds(0.01, 86_400),
        default=limits.idle_timeout,
        metavar="SECONDS",
        help=f"close a connection silent this long (default {limits.idle_timeout:g})",
    )
    parser.add_argument(
        "--find-budget",
        type=_seconds(0.001, 3600),
        default=limits.find_budget,
        metavar="SECONDS",
        help=f"work one KV_FIND may do before it is answered 4 (default {limits.find_budget:g})",
    )


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
