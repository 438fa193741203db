"""A short tour of statuskit on the bundled seed catalogs (``make run``).

It runs the same commands a user would type and shows their output, so that a new user sees
what statuskit does in a few seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cli import command_names, main

# From a checkout, show the repository's catalogs/ as users see it; else the bundled copies.
CATALOG_DIR = (
    Path("catalogs") if Path("catalogs/fmltp.yaml").is_file() else Path(__file__).parent / "catalogs"
)
CATALOGS = sorted(str(p) for p in CATALOG_DIR.glob("*.yaml"))


def _catalog(name: str) -> str:
    return str(CATALOG_DIR / f"{name}.yaml")


STEPS: list[tuple[str, list[str]]] = [
    (
        "Check the four seed catalogs (the findings are the seed documents' real defects)",
        ["check", *CATALOGS],
    ),
    ("Look up a WebSocket close code of kAPI", ["lookup", _catalog("kapi"), "4008"]),
    (
        "Look up a NemesisDB status by name, in any spelling",
        ["lookup", _catalog("nemesisdb"), "key-not-exist"],
    ),
    ("Look up a code in the builtin IANA HTTP registry", ["lookup", "http", "429"]),
    ("Outline of the FmLTP catalog", ["show", _catalog("fmltp")]),
    ("Render the pec catalog as Markdown", ["render", _catalog("pec"), "--format", "markdown"]),
]


def run() -> int:
    """Run every step; the tour fails when a step fails unexpectedly."""
    available = set(command_names())
    status = 0
    for title, argv in STEPS:
        if argv[0] == "render" and "markdown" not in _render_formats():
            argv = [*argv[:-1], "yaml"]
            title = title.replace("Markdown", "YAML")
        if argv[0] not in available:
            continue
        shown = " ".join(["statuskit", *argv])
        print(f"\n=== {title}\n$ {shown}", flush=True)
        code = main(argv)
        sys.stdout.flush()
        if code != 0:
            print(f"(exit status {code})")
            status = status or code
    return status


def _render_formats() -> set[str]:
    from .render import FORMATS

    return set(FORMATS)


if __name__ == "__main__":
    sys.exit(run())
