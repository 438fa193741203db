"""A short tour of statuskit on the bundled seed catalogs (``make run``).

It runs the same commands a user would type and shows their output, so that a new user sees
what statuskit does in a few seconds: check, explain, render, import back, review a change and
generate code.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .cli import main

# From a checkout, show the repository's catalogs/ as users see it; else the bundled copies.
CATALOG_DIR = (
    Path("catalogs") if Path("catalogs/fmltp.yaml").is_file() else Path(__file__).parent / "catalogs"
)


def _catalog(name: str) -> str:
    return str(CATALOG_DIR / f"{name}.yaml")


def steps(work: Path) -> list[tuple[str, list[str], int]]:
    """(title, command line, expected exit status) for each step."""
    renamed = work / "nemesisdb-next.yaml"
    text = Path(_catalog("nemesisdb")).read_text(encoding="utf-8")
    renamed.write_text(text.replace("name: KeyNotExist", "name: KeyMissing"), encoding="utf-8")
    markdown = work / "fmltp.md"
    imported = work / "fmltp-imported.yaml"
    generated = work / "kapi.ts"
    return [
        (
            "Check the four seed catalogs (the findings are the seed documents' real defects)",
            ["check", *sorted(str(p) for p in CATALOG_DIR.glob("*.yaml"))],
            0,
        ),
        ("Look up a WebSocket close code of kAPI", ["lookup", _catalog("kapi"), "4008"], 0),
        (
            "Look up a NemesisDB status by name, in any spelling",
            ["lookup", _catalog("nemesisdb"), "key-not-exist"],
            0,
        ),
        ("Look up a code in the builtin IANA HTTP registry", ["lookup", "http", "429"], 0),
        ("Outline of the FmLTP catalog", ["show", _catalog("fmltp")], 0),
        ("Render the pec catalog as Markdown", ["render", _catalog("pec"), "--format", "markdown"], 0),
        (
            "Render FmLTP as Markdown to a file...",
            ["render", _catalog("fmltp"), "--format", "markdown", "-o", str(markdown)],
            0,
        ),
        ("...import that document back into a catalog...", ["import", str(markdown), "-o", str(imported)], 0),
        ("...and check what came back", ["check", str(imported)], 0),
        (
            "Review a change: a renamed NemesisDB code breaks generated clients",
            ["diff", _catalog("nemesisdb"), str(renamed)],
            1,
        ),
        ("Generate TypeScript for kAPI...", ["gen", "typescript", _catalog("kapi"), "-o", str(generated)], 0),
        (
            "...and let CI tell when it drifts from the catalog",
            ["gen", "typescript", _catalog("kapi"), "-o", str(generated), "--check"],
            0,
        ),
    ]


def run() -> int:
    """Run every step; the tour fails when a step does not exit as expected."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="statuskit-tour-") as directory:
        for title, argv, expected in steps(Path(directory)):
            shown = " ".join(["statuskit", *(a.replace(directory, "$TMP") for a in argv)])
            print(f"\n=== {title}\n$ {shown}", flush=True)
            code = main(argv)
            sys.stdout.flush()
            if code != expected:
                print(f"(exit status {code}, expected {expected})")
                failed = 1
            elif code:
                print(f"(exit status {code}, as expected)")
    return failed


if __name__ == "__main__":
    sys.exit(run())
