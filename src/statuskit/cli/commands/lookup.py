"""Explain a code: title, meaning, groups, fields and lifecycle.

CATALOG is a catalog file or a builtin (http, websocket, grpc); KEY is a code number or a name
(any spelling: KeySet, key-set, KEY_SET). Exit 1 when no space declares it, with the nearest codes.
Control characters in catalog text are printed as escapes (\\x1b), never sent to the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys

from ...errors import UnknownCodeError, UsageError
from ...model import Code, Space
from ..arguments import add_catalog_argument, open_catalog
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK
from ..terminal import safe, safe_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument("key", metavar="CODE|NAME", help="a code number or name")
    parser.add_argument("-s", "--space", help="the space to look in (default: every space)")
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    catalog = open_catalog(args.catalog)
    spaces = [catalog.space(args.space)] if args.space else list(catalog.spaces)
    found: list[tuple[Space, Code]] = []
    misses: list[str] = []
    for space in spaces:
        try:
            found.append((space, space.lookup(args.key)))
        except UnknownCodeError as error:
            misses.append(str(error))
    if not found:
        for miss in misses:
            print(f"statuskit lookup: {miss}", file=sys.stderr)
        return EXIT_NEGATIVE
    if len(found) > 1 and args.format == "json":
        names = ", ".join(space.name for space, _ in found)
        raise UsageError(f"{args.key!r} is declared in several spaces ({names}); choose one with --space")
    if args.format == "json":
        space, code = found[0]
        print(safe_json(json.dumps(describe(space, code), indent=2, ensure_ascii=False)))
        return EXIT_OK
    print("\n\n".join(explain(catalog.id, space, code) for space, code in found))
    return EXIT_OK


def describe(space: Space, code: Code) -> dict[str, Any]:
    """The code as ``lookup --format json`` prints it."""
    return {
        "space": space.name,
        "code": space.kind.to_data(code.code),
        "name": code.name,
        "title": code.title,
        "description": code.description,
        "groups": [group.reference() for group in space.groups_of(code.code)],
        "fields": space.fields_of(code),
        "deprecated": code.deprecated,
        "aliases": list(code.aliases),
    }


def explain(catalog_id: str, space: Space, code: Code) -> str:
    """The code explained for people."""
    head = code.shown + (f" {code.name}" if code.name else "") + f"  ({catalog_id} / {space.name})"
    rows: list[tuple[str, str]] = []
    if code.title:
        rows.append(("title", code.title))
    if code.description:
        rows.append(("meaning", code.description.replace("\n", " ")))
    if code.message:
        rows.append(("message", code.message))
    for group in space.groups_of(code.code):
        text = group.label + (f": {group.description}" if group.description else "")
        rows.append(("group", text))
    for name, value in space.fields_of(code).items():
        rows.append(("field", f"{name} = {value}"))
    if code.aliases:
        rows.append(("aliases", ", ".join(code.aliases)))
    if code.since:
        rows.append(("since", code.since))
    if code.deprecated:
        rows.append(("deprecated", "yes" if code.deprecated is True else f"use {code.deprecated}"))
    if code.space is not None and code.space is not space:
        rows.append(("from", f"{space.extends} (the builtin this space extends)"))
    return "\n".join([safe(head), *(f"  {label:<11}{safe(value)}" for label, value in rows)])
