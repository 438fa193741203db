"""Show which catalog codes a recorded test run exercised, and which it never did.

FILE is a record saved by the pytest plugin (pytest --statuskit-record FILE) or the JSON-lines
file named by STATUSKIT_RECORD. The catalogs are those the record declares, or the CATALOG files
given with --catalog (which replace a declared catalog of the same id). For catalogs that
declare operations it also shows each operation's answers exercised and never, and fails on a
code an operation sent outside its answers. --space and --operation narrow what counts towards
coverage (default: what the record declares, else everything); --fail-under PERCENT fails when
the coverage of declared answers (of codes, without operations) is below PERCENT. Exit 1 when a
code the catalog does not declare or outside an operation's answers was sent, or coverage is
below --fail-under; 2 when FILE or a catalog cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace

from ...argtypes import percent
from ...conformance.coverage import Declared, compute, match
from ...conformance.recordfile import RecordError, read_record, scope_from, unreachable_from
from ...conformance.report import to_json, to_text
from ...errors import UsageError
from ..arguments import open_catalog
from ..exitcodes import EXIT_INPUT, EXIT_NEGATIVE, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a saved record")
    parser.add_argument(
        "-c",
        "--catalog",
        action="append",
        default=[],
        metavar="CATALOG",
        help="a catalog file the server speaks (repeatable); default: those the record declares",
    )
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--space", action="append", default=None, metavar="NAME", help="count only this space (repeatable)"
    )
    parser.add_argument(
        "--operation",
        action="append",
        default=None,
        metavar="NAME",
        help="count only this operation (repeatable)",
    )
    parser.add_argument(
        "--fail-under",
        type=percent,
        default=None,
        metavar="PERCENT",
        help="exit 1 when the coverage of declared answers (or codes) is below PERCENT",
    )


def run(args: argparse.Namespace) -> int:
    try:
        record = read_record(args.file)
    except RecordError as error:
        print(f"statuskit coverage: {error}", file=sys.stderr)
        return EXIT_INPUT
    declared: dict[str, Declared] = {}
    entries = {str(entry["id"]): entry for entry in record.catalogs}
    base = os.path.dirname(os.path.abspath(args.file))
    for entry in record.catalogs:
        if args.catalog:
            break
        path = entry.get("path")
        if not isinstance(path, str):
            raise UsageError(f"the record does not say where catalog {entry['id']!r} is; give --catalog")
        full = path if os.path.isabs(path) or os.path.exists(path) else os.path.join(base, path)
        declared[str(entry["id"])] = Declared(
            open_catalog(full), path, unreachable_from(entry), *scope_from(entry)
        )
    for reference in args.catalog:
        catalog = open_catalog(reference)
        entry = entries.get(catalog.id, {})
        declared[catalog.id] = Declared(catalog, reference, unreachable_from(entry), *scope_from(entry))
    if not declared:
        raise UsageError("the record declares no catalog; name one with --catalog")
    if args.space is not None or args.operation is not None:
        declared = {
            ident: replace(
                item,
                spaces=frozenset(args.space) if args.space is not None else item.spaces,
                operations=frozenset(args.operation) if args.operation is not None else item.operations,
            )
            for ident, item in declared.items()
        }
    observations = match(record.observations, [d.catalog for d in declared.values()])
    coverages = [
        compute(item, [o for o in observations if o.catalog == ident])
        for ident, item in sorted(declared.items())
    ]
    if args.format == "json":
        print(json.dumps(to_json(coverages), indent=2, ensure_ascii=False))
    else:
        undeclared = [u for c in coverages for u in c.undeclared]
        if undeclared:
            print("undeclared codes were sent:")
            for item in undeclared:
                print(f"  {item}")
        outside = [o for c in coverages for o in c.outside]
        if outside:
            print("codes outside an operation's answers were sent:")
            for sent in outside:
                print(f"  {sent}")
        sys.stdout.write(to_text(coverages))
    below = [c for c in coverages if args.fail_under is not None and c.ratio * 100 < args.fail_under]
    for coverage in below:
        what = "declared answers" if coverage.operations else "declared codes"
        print(
            f"statuskit coverage: catalog {coverage.catalog}: coverage of {what} is {coverage.ratio:.1%}, "
            f"below --fail-under {args.fail_under:g}%",
            file=sys.stderr,
        )
    return EXIT_NEGATIVE if any(c.failed for c in coverages) or below else EXIT_OK
