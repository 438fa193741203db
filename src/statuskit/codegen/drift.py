"""Is a generated file still what the catalog generates? For ``gen --check`` in CI."""

from __future__ import annotations

import difflib
import os

from ..errors import UsageError

MAX_DIFF_LINES = 40


def drift(path: str | os.PathLike[str], expected: str) -> str | None:
    """None when ``path`` holds exactly ``expected``; else a short report with a unified diff.

    A missing file is drift (it has not been generated yet); a file that cannot be read for
    another reason raises :class:`~statuskit.errors.UsageError`.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        return f"{name}: does not exist; generate it first"
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror}") from None
    if data == expected.encode("utf-8"):
        return None
    actual = data.decode("utf-8", errors="replace")
    diff = list(
        difflib.unified_diff(
            actual.splitlines(),
            expected.splitlines(),
            fromfile=f"{name} (on disk)",
            tofile=f"{name} (generated now)",
            lineterm="",
            n=1,
        )
    )
    if not diff:
        diff = ["(the files differ only in line endings or a final newline)"]
    if len(diff) > MAX_DIFF_LINES:
        diff = [*diff[:MAX_DIFF_LINES], f"... {len(diff) - MAX_DIFF_LINES} more lines of diff"]
    shown = "\n".join(line.replace("\r", "\\r") for line in diff)
    return f"{name}: not what the catalog generates now\n{shown}"
