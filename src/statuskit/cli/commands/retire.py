"""Retire a code: move it to the space's retired list, so it is never handed out again.

`statuskit diff` accepts the removal of a retired code; `statuskit add` never reuses it.
Keeps the file's comments and layout and writes it atomically.
"""

from __future__ import annotations

import argparse
import sys

from ...evolve.edit import retire_code
from ...fileio import atomic_write
from ...loading.utf8 import read_text
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("catalog", metavar="CATALOG", help="the catalog file to edit (YAML or JSON)")
    parser.add_argument("-s", "--space", required=True, help="the space of the code")
    parser.add_argument("-c", "--code", type=int, required=True, metavar="N", help="the code to retire")
    parser.add_argument("-r", "--reason", required=True, help="why it was retired (kept in the catalog)")
    parser.add_argument("--version", dest="retired_in", help="the catalog version that retired it")


def run(args: argparse.Namespace) -> int:
    text = read_text(args.catalog)
    edit = retire_code(
        text, args.catalog, space=args.space, code=args.code, reason=args.reason, version=args.retired_in
    )
    atomic_write(args.catalog, edit.text)
    print(
        f"statuskit retire: retired code {edit.code} of space {edit.space!r} in {args.catalog}",
        file=sys.stderr,
    )
    return EXIT_OK
