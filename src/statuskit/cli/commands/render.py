"""Render a catalog as a document: json (the canonical form), yaml, markdown, html or csv.

markdown gives tables in the style of hand-written docs (statuskit import reads it back); html a
self-contained searchable page with an anchor per code; csv one row per code. --expand includes
the codes a space takes from the builtin it extends.
"""

from __future__ import annotations

import argparse

from ...render import FORMATS, render
from ..arguments import add_catalog_argument, add_output_argument, emit, open_catalog
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument(
        "-f", "--format", choices=sorted(FORMATS), default="json", help="output format (default: json)"
    )
    add_output_argument(parser)
    parser.add_argument("--expand", action="store_true", help="include codes taken from an extended builtin")


def run(args: argparse.Namespace) -> int:
    catalog = open_catalog(args.catalog)
    emit(render(catalog, args.format, expand=args.expand), args.output)
    return EXIT_OK
