"""Add a code to a catalog file: the next free number of a group, or an explicit one.

Keeps the file's comments and layout and writes it atomically. Prints the chosen code on stdout
(a human line on stderr). Exit 2 when the group is full, the code is taken, retired or reserved,
or the name exists.
"""

from __future__ import annotations

import argparse
import sys

from ...evolve.edit import add_code
from ...fileio import atomic_write
from ...loading.utf8 import read_text
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("catalog", metavar="CATALOG", help="the catalog file to edit (YAML or JSON)")
    parser.add_argument("-s", "--space", required=True, help="the space to add the code to")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-g", "--group", metavar="PATTERN_OR_NAME", help="41x, 3000-3999 or a group name")
    where.add_argument("-c", "--code", type=int, metavar="N", help="add exactly this code")
    parser.add_argument("-t", "--title", required=True, help="a short phrase")
    parser.add_argument("-d", "--description", help="the meaning")
    parser.add_argument("-n", "--name", help="the identifier for generated code (e.g. key_missing)")


def run(args: argparse.Namespace) -> int:
    text = read_text(args.catalog)
    edit = add_code(
        text,
        args.catalog,
        space=args.space,
        title=args.title,
        group=args.group,
        code=args.code,
        name=args.name,
        description=args.description,
    )
    atomic_write(args.catalog, edit.text)
    print(edit.code)
    print(f"statuskit add: added code {edit.code} to space {edit.space!r} of {args.catalog}", file=sys.stderr)
    return EXIT_OK
