"""Print a catalog's outline: its spaces, their groups and codes.

Control characters in catalog text are printed as escapes (\\x1b), never sent to the terminal.
"""

from __future__ import annotations

import argparse

from ...kinds import code_order
from ...model import Catalog, Space
from ..arguments import add_catalog_argument, open_catalog
from ..exitcodes import EXIT_OK
from ..terminal import safe


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument("-s", "--space", help="show only this space")


def run(args: argparse.Namespace) -> int:
    catalog = open_catalog(args.catalog)
    print(outline(catalog, args.space))
    return EXIT_OK


def outline(catalog: Catalog, only: str | None = None) -> str:
    """The outline as text."""
    title = f" — {catalog.title}" if catalog.title else ""
    version = f" (version {catalog.version})" if catalog.version else ""
    lines = [safe(f"{catalog.id}{title}{version}")]
    spaces = [catalog.space(only)] if only else list(catalog.spaces)
    for space in spaces:
        lines.append("")
        lines.extend(safe(line) for line in _space(space))
    return "\n".join(lines)


def _space(space: Space) -> list[str]:
    facts = [_count(len(space.codes))]
    if space.transport:
        facts.insert(0, f"transport {space.transport}")
    if space.extends:
        facts.append(f"extends {space.extends}")
    title = f": {space.title}" if space.title else ""
    lines = [f"space {space.name}{title} ({', '.join(facts)})"]
    for name, spec in space.fields.items():
        kind = "|".join(map(str, spec.enum)) if spec.enum else (spec.type or "any")
        lines.append(f"  field {name}: {kind}")
    for group in space.groups:
        members = [c.code for c in space.codes if group.contains(c.code)]
        lines.append(f"  group {group.label}: {_count(len(members))}")
    for code in sorted(space.codes, key=lambda c: code_order(c.code)):
        marks = " [deprecated]" if code.deprecated else ""
        lines.append(f"    {code.label}{marks}")
    for retired in space.retired:
        why = f": {retired.reason}" if retired.reason else ""
        lines.append(f"    {space.kind.show(retired.code)} (retired{why})")
    return lines


def _count(number: int) -> str:
    return f"{number} code{'' if number == 1 else 's'}"
