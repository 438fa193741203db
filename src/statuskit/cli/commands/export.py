"""Export a catalog for other tools: 'semconv' writes an OpenTelemetry semantic-conventions registry fragment.

The fragment declares the span attributes statuskit's codecs set (statuskit.catalog,
statuskit.space, statuskit.code, statuskit.name, statuskit.operation, statuskit.direction) and
error.type, with the catalog's spaces, code names, operations and failure names as enum members,
for OpenTelemetry's weaver (registry check, live-check). Written to standard output, or to
--output FILE (atomically). Exit 2 when the catalog cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from ..arguments import open_catalog
from ..exitcodes import EXIT_OK

FORMATS = ("semconv",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=FORMATS, help="what to export")
    parser.add_argument(
        "catalog", metavar="CATALOG", help="a catalog file, - for standard input, or a builtin"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    from ...conformance.semconv import to_yaml

    text = to_yaml(open_catalog(args.catalog))
    if args.output:
        from ...fileio import atomic_write

        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
