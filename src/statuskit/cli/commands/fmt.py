"""Rewrite catalog files in canonical order (keys, codes by number), keeping comments.

With --check nothing is written: exit 1 and name the files that would change (for CI and
pre-commit). CATALOG '-' reads standard input and writes the formatted text to standard output.
Exit 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from ...check.files import declares_catalog
from ...evolve.fmt import format_catalog_text
from ...fileio import atomic_write
from ..arguments import STDIN, read_input
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalogs", nargs="+", metavar="CATALOG", help="catalog files (YAML or JSON), - for standard input"
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    parser.add_argument(
        "--only-catalogs",
        action="store_true",
        help="skip files that do not declare 'catalog:' (for pre-commit hooks)",
    )


def run(args: argparse.Namespace) -> int:
    changed = []
    paths = [p for p in args.catalogs if p == STDIN or not args.only_catalogs or declares_catalog(p)]
    for path in paths:
        text, label = read_input(path)
        formatted = format_catalog_text(text, label)
        if path == STDIN and not args.check:
            sys.stdout.write(formatted)
            continue
        if formatted == text:
            continue
        changed.append(label)
        if args.check:
            print(f"would reformat {label}")
        else:
            atomic_write(path, formatted)
            print(f"reformatted {path}", file=sys.stderr)
    if args.check and changed:
        print(f"statuskit fmt: {len(changed)} of {len(paths)} files not formatted", file=sys.stderr)
        return EXIT_NEGATIVE
    return EXIT_OK
