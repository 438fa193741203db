"""Generate code from a catalog: python, typescript, jsonschema or openapi.

  statuskit gen python catalogs/kapi.yaml -o kapi_codes.py
  statuskit gen typescript catalogs/kapi.yaml -o src/kapi.ts
  statuskit gen jsonschema catalogs/nemesisdb.yaml --path 'st=*.st' --text-key st= -o st.schema.json
  statuskit gen openapi catalogs/kapi.yaml --body json=error -o kapi.openapi.json
  statuskit gen python catalogs/kapi.yaml -o kapi_codes.py --check   # exit 1 when it drifted

Exit codes: 0 written (or up to date with --check), 1 FILE differs from what the catalog
generates now (--check), 2 unreadable catalog or bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...codegen import TARGETS, generate
from ...errors import UsageError
from ..arguments import add_catalog_argument, emit, open_catalog
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=sorted(TARGETS), help="what to generate")
    add_catalog_argument(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when FILE is not what would be generated"
    )
    parser.add_argument(
        "--standalone", action="store_true", help="python: import only the standard library, not statuskit"
    )
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="SPACE=KEY[.KEY...]",
        help="jsonschema/openapi: where a json space's code sits in a message (default status; * = any key)",
    )
    parser.add_argument(
        "--text-key",
        action="append",
        default=[],
        metavar="SPACE=KEY",
        help="jsonschema/openapi: the member beside the code holding its text (default msg; empty: none)",
    )
    parser.add_argument(
        "--body",
        action="append",
        default=[],
        metavar="SPACE=SHAPE",
        help="openapi: the body a json space's responses use: body (default), error or problem",
    )


def run(args: argparse.Namespace) -> int:
    options = _options(args)
    if args.check and not args.output:
        raise UsageError("--check needs -o FILE: the file to compare with")
    catalog = open_catalog(args.catalog)
    text = generate(catalog, args.target, **options)
    if args.check:
        from ...codegen.drift import drift

        report = drift(args.output, text)
        if report is not None:
            print(report, file=sys.stderr)
            return EXIT_NEGATIVE
        print(f"{args.output}: up to date")
        return EXIT_OK
    emit(text, args.output)
    return EXIT_OK


def _options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {}
    target = args.target
    if args.standalone:
        if target != "python":
            raise UsageError("--standalone applies to python only")
        options["standalone"] = True
    schema_options = {"path": args.path, "text-key": args.text_key, "body": args.body}
    for flag, values in schema_options.items():
        if values and target not in ("jsonschema", "openapi"):
            raise UsageError(f"--{flag} applies to jsonschema and openapi only")
    if args.body and target != "openapi":
        raise UsageError("--body applies to openapi only")
    if args.path:
        options["paths"] = {space: tuple(value.split(".")) for space, value in _pairs("--path", args.path)}
    if args.text_key:
        options["text_keys"] = {space: value or None for space, value in _pairs("--text-key", args.text_key)}
    if args.body:
        options["bodies"] = dict(_pairs("--body", args.body))
    return options


def _pairs(flag: str, values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        space, sep, rest = value.partition("=")
        if not sep or not space:
            raise UsageError(f"{flag} {value!r}: expected SPACE=VALUE")
        pairs.append((space, rest))
    return pairs
