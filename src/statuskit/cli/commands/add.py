"""Add a code to a catalog file: the next free number of a group, or an explicit one.

The code needs a title or a description (--name alone is not a meaning); --code takes the code
as the catalog writes it (404, 0x80340000, 22P02). Only the lines of the new entry change (and a
list group's codes); the file stays in canonical order and is written atomically. CATALOG '-'
reads standard input and writes the edited catalog to standard output. Prints the chosen code on
stdout (a human line on stderr). Exit 2 when the group is full, the code is taken, retired or
reserved, or the name exists.
"""

from __future__ import annotations

import argparse
import sys

from ...evolve.edit import add_code
from ...fileio import atomic_write
from ..arguments import STDIN, read_input
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog", metavar="CATALOG", help="the catalog file to edit (YAML or JSON), - for standard input"
    )
    parser.add_argument("-s", "--space", required=True, help="the space to add the code to")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-g", "--group", metavar="PATTERN_OR_NAME", help="41x, 3000-3999 or a group name")
    where.add_argument("-c", "--code", metavar="CODE", help="add exactly this code, as the catalog writes it")
    parser.add_argument("-t", "--title", help="a short phrase (a title or a description is needed)")
    parser.add_argument("-d", "--description", help="the meaning")
    parser.add_argument("-n", "--name", help="the identifier for generated code (e.g. key_missing)")


def run(args: argparse.Namespace) -> int:
    text, label = read_input(args.catalog)
    edit = add_code(
        text,
        label,
        space=args.space,
        title=args.title,
        group=args.group,
        code=args.code,
        name=args.name,
        description=args.description,
    )
    if args.catalog == STDIN:
        sys.stdout.write(edit.text)
    else:
        atomic_write(args.catalog, edit.text)
        print(edit.shown)
    print(f"statuskit add: added code {edit.shown} to space {edit.space!r} of {label}", file=sys.stderr)
    return EXIT_OK
