"""Run the FmLTP reference server: the FlexMusic line protocol, plain text over TCP.

The server sends its version line NAME,CLASS.STEPPING.SUBSTEPPING on accept, answers the
client's with a compatibility code (1xx), then takes one command per line until QUIT: AUTH,
HELP and QUIT at first, and after AUTH also SELECT, DESELECT, SEARCH, QUEUE and LIST.
It prints 'listening on HOST:PORT' once it accepts connections and stops on SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse

from argon2 import PasswordHasher, profiles

from ...errors import UsageError
from ..serving import run_until_stopped
from .auth import Lockout, Users
from .server import LOG_LEVELS, FmltpServer, Settings
from .store import QueueStore
from .version import parse_version

HASH_PROFILES = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8900, help="port to listen on; 0 picks a free one (default 8900)"
    )
    parser.add_argument(
        "--data", metavar="DIR", help="directory that keeps the users' queues across restarts"
    )
    parser.add_argument(
        "--version",
        default="0.0.0",
        metavar="CLASS.STEPPING.SUBSTEPPING",
        help="the server's protocol version (default 0.0.0)",
    )
    parser.add_argument("--name", default="FlexMusic Server", help="the name in the version line")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="NAME:PASSWORD",
        help="an account AUTH accepts (repeatable); only an argon2 hash of the password is kept",
    )
    parser.add_argument(
        "--hash-profile",
        choices=tuple(HASH_PROFILES),
        default="default",
        help="argon2 cost: default (RFC 9106, low memory) or cheapest (for tests only; not safe)",
    )
    parser.add_argument(
        "--lockout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="5 failed AUTHs within this time lock the address out for as long; 0 turns it off (default 300)",
    )
    parser.add_argument(
        "--handshake-timeout",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long a client may take to send its version line; 0 waits forever (default 5)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="close connections silent for this long; 0 never does (default 0)",
    )
    parser.add_argument(
        "--max-connections", type=int, default=32, metavar="N", help="connections open at once (default 32)"
    )
    parser.add_argument(
        "--log",
        choices=LOG_LEVELS,
        default="all",
        help="which statuses to log on stderr: all, failures or none (default all)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Check the options and build the server's settings; UsageError says which is wrong."""
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0 to 65535")
    if not args.name or "," in args.name or not args.name.isprintable():
        raise UsageError(f"--name {args.name!r}: expected printable text without commas")
    for option, value in (
        ("--lockout", args.lockout),
        ("--handshake-timeout", args.handshake_timeout),
        ("--idle-timeout", args.idle_timeout),
    ):
        if not 0 <= value < 1e9:
            raise UsageError(f"{option} {value:g}: expected 0 or more seconds")
    if args.max_connections < 1:
        raise UsageError(f"--max-connections {args.max_connections}: expected 1 or more")
    return Settings(
        host=args.host,
        port=args.port,
        name=args.name,
        version=parse_version(args.version),
        users=Users.from_options(args.user, PasswordHasher.from_parameters(HASH_PROFILES[args.hash_profile])),
        lockout=Lockout(args.lockout),
        store=QueueStore.open(args.data),
        handshake_timeout=args.handshake_timeout,
        idle_timeout=args.idle_timeout,
        max_connections=args.max_connections,
        log=args.log,
    )


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    return run_until_stopped(FmltpServer(settings).run)
