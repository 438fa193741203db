"""Compare two versions of a catalog and say what breaks clients.

OLD and NEW are catalog files or GITREF:path (read from git, e.g. main:catalogs/kapi.yaml).
A GITREF:path that names a git object is always read from git; when a file of that very name
exists too, the command refuses: write ./NAME for the file, or --old-ref/--new-ref for git.
Exit 0 when nothing breaks, 1 when something breaks (see --fail-on), 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import os
import sys

from ...evolve import CLIENT_FIELDS, FORMATS, diff_catalogs, format_changes, read_reference
from ...loading import loads
from ..exitcodes import EXIT_NEGATIVE, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the old catalog: a file or GITREF:path")
    parser.add_argument("new", metavar="NEW", help="the new catalog: a file or GITREF:path")
    parser.add_argument(
        "--old-ref", metavar="GITREF", help="read OLD as a path from git at GITREF, never from a file"
    )
    parser.add_argument(
        "--new-ref", metavar="GITREF", help="read NEW as a path from git at GITREF, never from a file"
    )
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("none", "breaking", "any"),
        default="breaking",
        help="exit 1 on breaking changes (default), on any change, or never",
    )
    parser.add_argument(
        "--client-fields",
        metavar="NAMES",
        default=",".join(CLIENT_FIELDS),
        help=f"comma-separated fields clients act on (default: {','.join(CLIENT_FIELDS)})",
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour the text output"
    )


def run(args: argparse.Namespace) -> int:
    old_text, old_label = read_reference(args.old, git_ref=args.old_ref)
    old = loads(old_text, old_label)
    new_text, new_label = read_reference(args.new, git_ref=args.new_ref)
    # The same text under the same name is the same catalog: a big one is not built twice.
    new = old if (new_text, new_label) == (old_text, old_label) else loads(new_text, new_label)
    fields = [name.strip() for name in args.client_fields.split(",") if name.strip()]
    changes = diff_catalogs(old, new, client_fields=fields)
    title = f"{new.id} {old.version} → {new.version}" if old.version != new.version else f"{new.id}"
    sys.stdout.write(format_changes(changes, args.format, color=_color(args.color), title=title))
    if args.fail_on == "any" and changes:
        return EXIT_NEGATIVE
    if args.fail_on == "breaking" and any(change.breaking for change in changes):
        return EXIT_NEGATIVE
    return EXIT_OK


def _color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
