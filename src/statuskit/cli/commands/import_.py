"""Import an existing doc (Markdown, HTML tables, CSV, a Python IntEnum) as a catalog.

DOC is a Markdown file (pipe tables, HTML tables, lists of codes), a .csv/.tsv file with code and
description columns, or python:package.module:EnumName. The catalog goes to stdout (or -o OUT,
written atomically) as YAML, or as canonical JSON with --format json. A report of what the
importer was unsure of goes to stderr, with the doc's line numbers (--report json for tools).
The report ends with one line: N codes in M spaces (K groups).
Exit 0 when a catalog was produced, 1 when the doc holds no code (nothing is written), 2 when
the doc cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys

from ...importers import import_source
from ...render import render
from ..arguments import add_output_argument, emit
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc", metavar="DOC", help="a Markdown or CSV file, or python:module:EnumName")
    add_output_argument(parser)
    parser.add_argument(
        "-f", "--format", choices=("yaml", "json"), default="yaml", help="catalog format (default: yaml)"
    )
    parser.add_argument(
        "--report", choices=("text", "json", "none"), default="text", help="report format on stderr"
    )
    parser.add_argument("--id", dest="catalog_id", help="the catalog id (default: from the file name)")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument(
        "--one-space", action="store_const", const="one", dest="choice", help="put every code in one space"
    )
    layout.add_argument(
        "--split-spaces",
        action="store_const",
        const="split",
        dest="choice",
        help="make a space of each heading that holds codes",
    )
    parser.set_defaults(choice="guess")


EXIT_NO_CODES = EXIT_NEGATIVE


def run(args: argparse.Namespace) -> int:
    result = import_source(args.doc, catalog_id=args.catalog_id, choice=args.choice)
    spaces = result.data["spaces"]
    codes = sum(len(space["codes"]) for space in spaces)
    groups = sum(len(space.get("groups", [])) for space in spaces)
    summary = f"{codes} codes in {len(spaces)} spaces ({groups} groups)"
    if codes == 0:
        sys.stderr.write(
            f"{args.doc}: found no code: no table, list, heading or column of the document holds "
            "codes with their meanings; nothing was written\n"
        )
        return EXIT_NO_CODES
    text = render(result.catalog, args.format)
    if args.format == "yaml":
        from ...evolve.fmt import format_catalog_text

        text = format_catalog_text(text, args.output)
    emit(text, args.output)
    if args.report == "json":
        data = result.report.to_data()
        data["summary"] = {"codes": codes, "spaces": len(spaces), "groups": groups}
        sys.stderr.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.report == "text":
        sys.stderr.write(result.report.to_text() + summary + "\n")
    return EXIT_OK
