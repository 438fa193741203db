"""Talk to an FmLTP server (statuskit's or FlexMusic's): the handshake, AUTH, then each COMMAND.

Each COMMAND is one argument ('SELECT radio'). Every reply is printed as the server sent it:
the server's first reply (its compatibility code), AUTH's, then one per command. With --user
and --password it logs in first and stops there when AUTH fails. Exit status: 0 when AUTH's
reply and every command's are a success in the catalog (2xx, 150), 1 otherwise, 2 when the
connection or the protocol fails (said in one line on stderr). --encryption none speaks the
plain-line mode of statuskit's server (FlexMusic has none).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass

from ...argtypes import bounded
from ...errors import UsageError
from .client import ENCRYPTIONS, FmltpClient, FmltpError, Reply

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Plan:
    host: str
    port: int
    user: str | None
    password: str | None
    encryption: str
    timeout: float
    commands: tuple[str, ...]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("address", metavar="HOST:PORT", help="the server, e.g. 127.0.0.1:8900")
    parser.add_argument("commands", nargs="*", metavar="COMMAND", help="one command line each")
    parser.add_argument("--user", help="log in as this user before the commands")
    parser.add_argument("--password", help="the user's password (needs --user)")
    parser.add_argument(
        "--encryption",
        choices=ENCRYPTIONS,
        default="fernet",
        help="fernet: the FlexMusic key exchange (default); none: statuskit's plain-line mode",
    )
    parser.add_argument(
        "--timeout",
        type=bounded(float, 0.001, 3600, "seconds"),
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for the handshake and for each reply (default 10)",
    )


def plan_from(args: argparse.Namespace) -> Plan:
    """The checked options; UsageError names the wrong one."""
    host, colon, port_text = str(args.address).rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise UsageError(f"{args.address!r}: expected HOST:PORT, e.g. 127.0.0.1:8900")
    if (args.user is None) != (args.password is None):
        raise UsageError("--user and --password go together")
    for option, value in (("--user", args.user), ("--password", args.password)):
        if value is not None and (not value or any(c.isspace() or not c.isprintable() for c in value)):
            raise UsageError(f"{option}: expected non-empty text without spaces")
    for command in args.commands:
        if not command.strip() or not command.isprintable():
            raise UsageError(f"command {command!r}: expected one line of printable text")
    return Plan(
        host, int(port_text), args.user, args.password, args.encryption, args.timeout, tuple(args.commands)
    )


def run(args: argparse.Namespace) -> int:
    plan = plan_from(args)
    try:
        return asyncio.run(_talk(plan))
    except FmltpError as error:
        reason = str(error)
    except TimeoutError:
        reason = f"no answer within {plan.timeout:g} s"
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
    print(f"statuskit example fmltp-client: {plan.host}:{plan.port}: {reason}", file=sys.stderr)
    return EXIT_ERROR


async def _talk(plan: Plan) -> int:
    client = await FmltpClient.connect(plan.host, plan.port, encryption=plan.encryption, timeout=plan.timeout)
    async with client:
        if client.ready is not None:
            _show(client.ready)
        replies: list[Reply] = []
        if plan.user is not None and plan.password is not None:
            replies.append(await client.auth(plan.user, plan.password))
            _show(replies[-1])
            if not replies[-1].ok:
                return EXIT_FAILED
        for command in plan.commands:
            replies.append(await client.command(command))
            _show(replies[-1])
    return EXIT_OK if all(reply.ok for reply in replies) else EXIT_FAILED


def _show(reply: Reply) -> None:
    """Print a reply; control characters a server sent are shown escaped, never obeyed."""
    for text in reply.text().split("\n"):
        print("".join(c if c.isprintable() else ascii(c)[1:-1] for c in text), flush=True)
