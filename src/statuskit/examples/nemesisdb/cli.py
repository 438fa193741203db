"""Run the NemesisDB reference server: sessions of keys and values, JSON over WebSocket.

Every reply's 'st' comes from catalogs/nemesisdb.yaml through statuskit's runtime. Snapshots
(SH_SAVE, SH_LOAD) live in --data DIR; without it, or with --no-save, SH_SAVE answers 14.
Stops cleanly on SIGINT or SIGTERM (exit status 0).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from ...errors import UsageError
from ..serving import log, run_until_stopped
from .context import Settings
from .server import ServerOptions, serve_until

MIB = 1024 * 1024


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of bytes, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 byte, not {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, not {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port in 0-65535 (0 picks a free one), not {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=1987, help="port (default 1987; 0 picks a free one)")
    parser.add_argument("--data", type=Path, metavar="DIR", help="directory of session snapshots")
    parser.add_argument(
        "--max-payload",
        type=_positive,
        default=MIB,
        metavar="BYTES",
        help="largest message accepted; a larger one closes the connection with 1009 (default 1 MiB)",
    )
    parser.add_argument(
        "--max-value-size",
        type=_positive,
        default=64 * 1024,
        metavar="BYTES",
        help="largest value, as compact JSON in UTF-8 (default 64 KiB); larger ones get 42",
    )
    parser.add_argument("--no-save", action="store_true", help="disable SH_SAVE (it answers 14)")


def run(args: argparse.Namespace) -> int:
    settings = Settings(
        data=args.data,
        save_enabled=not args.no_save and args.data is not None,
        max_value_size=args.max_value_size,
    )
    options = ServerOptions(args.host, args.port, args.max_payload, settings)

    async def main(stop: asyncio.Event) -> int:
        try:
            return await serve_until(options, stop)
        except OSError as error:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None

    where = f"snapshots in {settings.data}" if settings.data is not None else "no snapshot directory"
    log(f"nemesisdb: {where}; saving {'enabled' if settings.save_enabled else 'disabled'}")
    return run_until_stopped(main)
