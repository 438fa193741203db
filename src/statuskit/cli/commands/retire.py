"""Retire a code: move it to the space's retired list, so it is never handed out again.

`statuskit diff` accepts the removal of a retired code; `statuskit add` never reuses it.
Only the lines concerned change (the code's entry, its list groups, the retired entry); the file
stays in canonical order and is written atomically. CODE is written as in the catalog (404,
0x80340000, 22P02); CATALOG '-' reads standard input and writes the result to standard output.
"""

from __future__ import annotations

import argparse
import sys

from ...evolve.edit import retire_code
from ...fileio import atomic_write
from ..arguments import STDIN, read_input
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog", metavar="CATALOG", help="the catalog file to edit (YAML or JSON), - for standard input"
    )
    parser.add_argument("-s", "--space", required=True, help="the space of the code")
    parser.add_argument("-c", "--code", required=True, metavar="CODE", help="the code to retire")
    parser.add_argument("-r", "--reason", required=True, help="why it was retired (kept in the catalog)")
    parser.add_argument("--version", dest="retired_in", help="the catalog version that retired it")


def run(args: argparse.Namespace) -> int:
    text, label = read_input(args.catalog)
    edit = retire_code(
        text, label, space=args.space, code=args.code, reason=args.reason, version=args.retired_in
    )
    if args.catalog == STDIN:
        sys.stdout.write(edit.text)
    else:
        atomic_write(args.catalog, edit.text)
    print(f"statuskit retire: retired code {edit.shown} of space {edit.space!r} in {label}", file=sys.stderr)
    return EXIT_OK
