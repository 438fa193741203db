"""Run the FmLTP reference server: the FlexMusic line protocol over TCP, encrypted as FlexMusic does.

The server sends its version line NAME,CLASS.STEPPING.SUBSTEPPING on accept and reads the
client's; then, unless --encryption none, a Diffie-Hellman key exchange (1024-bit parameters,
generated at start-up unless --dh-params names a file) makes a Fernet key, and every message
after it is one Fernet token. It answers with a compatibility code (1xx), then takes one command
at a time until QUIT: AUTH, HELP and QUIT at first, and after AUTH also SELECT, DESELECT, SEARCH,
QUEUE and LIST. It prints 'listening on HOST:PORT' once it accepts connections and stops on
SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse

from argon2 import PasswordHasher, profiles

from ...errors import UsageError
from .. import serving
from ..serving import Number
from .auth import Lockout, Users
from .kex import load_parameters_file
from .limits import Cooldown
from .settings import ENCRYPTIONS, LOG_LEVELS, Settings
from .store import QueueStore
from .version import parse_version

HASH_PROFILES = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}
NUMBERS = (
    Number("--lockout", float, 0, 10**9, 300.0, "seconds", metavar="SECONDS",
           help="5 failed AUTHs within this time lock the address out for as long; 0 turns it off "
           "(default 300)"),
    Number("--handshake-timeout", float, 0, 10**9, 5.0, "seconds", metavar="SECONDS",
           help="how long a client may take for the whole handshake; 0 waits forever (default 5)"),
    Number("--handshake-cooldown", float, 0, 10**9, 0.0, "seconds", metavar="SECONDS",
           help="refuse an address this long after its handshake failed; 0 never does (default 0)"),
    Number("--idle-timeout", float, 0, 10**9, 0.0, "seconds", metavar="SECONDS",
           help="close connections silent for this long after the handshake; 0 never does (default 0)"),
    Number("--max-connections", int, 1, 10**6, 32, "connections", metavar="N",
           help="connections open at once (default 32)"),
    Number("--max-connections-per-address", int, 1, 10**6, 8, "connections", metavar="N",
           help="connections open at once from one client address (default 8)"),
)  # fmt: skip
"""FmLTP's numeric options: flag, whole number or not, lowest, highest, default, unit."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serving.add_common_options(
        parser, default_port=8900, data_help="directory that keeps the users' queues across restarts"
    )
    parser.add_argument(
        "--version",
        default="0.0.0",
        metavar="CLASS.STEPPING.SUBSTEPPING",
        help="the server's protocol version (default 0.0.0)",
    )
    parser.add_argument("--name", default="FlexMusic Server", help="the name in the version line")
    parser.add_argument(
        "--encryption",
        choices=ENCRYPTIONS,
        default="fernet",
        help="fernet: the FlexMusic key exchange and one Fernet token per message (default); "
        "none: plain lines after the version lines, for debugging",
    )
    parser.add_argument(
        "--dh-params",
        metavar="FILE",
        help="DH parameters (PKCS#3 PEM) to use instead of generating 1024-bit ones at start-up",
    )
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
    serving.add_numbers(parser, NUMBERS)
    parser.add_argument(
        "--log",
        choices=LOG_LEVELS,
        default="all",
        help="which statuses to log on stderr: all, failures or none (default all)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Check the options and build the server's settings; UsageError says which is wrong."""
    common = serving.common_from(args)
    if not args.name or "," in args.name or not args.name.isprintable():
        raise UsageError(f"--name {args.name!r}: expected printable text without commas")
    if args.dh_params is not None and args.encryption == "none":
        raise UsageError("--dh-params is for the key exchange; it cannot go with --encryption none")
    parameters = load_parameters_file(args.dh_params) if args.dh_params is not None else None
    return Settings(
        common=common,
        name=args.name,
        version=parse_version(args.version),
        users=Users.from_options(args.user, PasswordHasher.from_parameters(HASH_PROFILES[args.hash_profile])),
        lockout=Lockout(args.lockout),
        store=QueueStore.open(common.data),
        encryption=args.encryption,
        dh_parameters=parameters,
        handshake_timeout=args.handshake_timeout,
        handshake_cooldown=Cooldown(args.handshake_cooldown),
        idle_timeout=args.idle_timeout,
        max_connections=args.max_connections,
        max_per_address=args.max_connections_per_address,
        log=args.log,
    )


def run(args: argparse.Namespace) -> int:
    from .server import FmltpServer

    settings = settings_from(args)
    return serving.run_until_stopped(FmltpServer(settings).run)
