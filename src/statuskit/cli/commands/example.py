"""Run a reference server for a seed system: fmltp, nemesisdb, pec or kapi.

Every status the server sends comes from its catalog. Run 'statuskit example NAME --help' for
the server's own options. It prints 'listening on HOST:PORT' once it accepts connections and
stops cleanly on SIGINT or SIGTERM. The servers need the ``server`` extra
(``pip install 'statuskit[server]'``); without it the command says so and exits 2.
"""

from __future__ import annotations

import argparse

from ...errors import UsageError
from ...examples import SERVERS
from ..exitcodes import EXIT_INPUT
from ..helpformat import HelpFormatter

EXTRA = "server"
# The top-level modules of the distributions in the ``server`` extra (pyproject.toml).
EXTRA_MODULES = frozenset(
    {"argon2", "cryptography", "httpx", "jsonpath_ng", "re2", "starlette", "uvicorn", "websockets"}
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("server", choices=SERVERS, help="which system to run")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="the server's own options")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in EXTRA_MODULES:
            raise
        raise UsageError(
            f"the {args.server} server needs the {EXTRA!r} extra, which is not installed "
            f"(no module {missing!r}): pip install 'statuskit[{EXTRA}]'"
        ) from None


def _run(args: argparse.Namespace) -> int:
    module = SERVERS.get(args.server)
    parser = argparse.ArgumentParser(
        prog=f"statuskit example {args.server}",
        description=module.__doc__,
        formatter_class=HelpFormatter,
    )
    module.add_arguments(parser)
    try:
        # Intermixed: the FmLTP client takes options between its address and its commands.
        options = parser.parse_intermixed_args(args.options)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_INPUT
    result: int = module.run(options)
    return result
