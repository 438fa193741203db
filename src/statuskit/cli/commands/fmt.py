"""Rewrite catalog files in canonical order (keys, codes by number), keeping comments.

With --check nothing is written: exit 1 and name the files that would change (for CI and
pre-commit). Exit 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from ...evolve.fmt import format_catalog_text
from ...fileio import atomic_write
from ...loading.utf8 import read_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("catalogs", nargs="+", metavar="CATALOG", help="catalog files (YAML or JSON)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")


def run(args: argparse.Namespace) -> int:
    changed = []
    for path in args.catalogs:
        text = read_text(path)
        formatted = format_catalog_text(text, path)
        if formatted == text:
            continue
        changed.append(path)
        if args.check:
            print(f"would reformat {path}")
        else:
            atomic_write(path, formatted)
            print(f"reformatted {path}", file=sys.stderr)
    if args.check and changed:
        print(f"statuskit fmt: {len(changed)} of {len(args.catalogs)} files not formatted", file=sys.stderr)
        return 1
    return 0
