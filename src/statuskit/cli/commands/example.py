"""Run a reference server for a seed system: fmltp, nemesisdb, pec or kapi.

Every status the server sends comes from its catalog. Run 'statuskit example NAME --help' for
the server's own options. It prints 'listening on HOST:PORT' once it accepts connections and
stops cleanly on SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
from importlib import import_module

from ...examples import SERVERS
from .. import HelpFormatter


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("server", choices=SERVERS, help="which system to run")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="the server's own options")


def run(args: argparse.Namespace) -> int:
    module = import_module(f"statuskit.examples.{args.server}.cli")
    parser = argparse.ArgumentParser(
        prog=f"statuskit example {args.server}",
        description=module.__doc__,
        formatter_class=HelpFormatter,
    )
    module.add_arguments(parser)
    try:
        options = parser.parse_args(args.options)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    result: int = module.run(options)
    return result
