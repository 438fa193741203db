"""Reading one side of a comparison: a catalog file, or ``GITREF:path`` read from git.

A reference is a file when such a file exists; otherwise ``REF:path`` is read with
``git show REF:path`` in the current directory (``path`` is relative to the repository root,
as git reads it). Every failure is a :class:`~statuskit.errors.LoadError` naming the reference.
"""

from __future__ import annotations

import os
import subprocess

from ..errors import LoadError, Location
from ..loading import loads
from ..loading.utf8 import MAX_FILE_BYTES, decode, read_text
from ..model import Catalog

GIT_TIMEOUT = 30.0


def read_reference(reference: str, *, cwd: str | None = None) -> tuple[str, str]:
    """The text behind ``reference`` and the label errors should name."""
    path = os.path.join(cwd, reference) if cwd is not None else reference
    if os.path.exists(path) or ":" not in reference:
        return read_text(path), reference
    ref, _, inner = reference.partition(":")
    return read_git(ref, inner, cwd=cwd), reference


def load_reference(reference: str, *, cwd: str | None = None) -> Catalog:
    """The catalog behind ``reference`` (a file or ``GITREF:path``)."""
    text, label = read_reference(reference, cwd=cwd)
    return loads(text, label)


def read_git(ref: str, path: str, *, cwd: str | None = None) -> str:
    """The text of ``path`` at ``ref``, refusing references git could take for options."""
    label = f"{ref}:{path}"
    if not ref or not path:
        raise LoadError("expected GITREF:path, e.g. main:catalogs/kapi.yaml", Location(label))
    if ref.startswith("-") or any(ord(c) < 32 or c == "\x7f" for c in label):
        raise LoadError(f"{ref!r} is not a usable git reference", Location(label))
    try:
        result = subprocess.run(
            ["git", "--no-pager", "show", "--no-textconv", f"{ref}:{path}"],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise LoadError("git is not installed; cannot read a GITREF:path", Location(label)) from None
    except subprocess.TimeoutExpired:
        raise LoadError(f"git took longer than {GIT_TIMEOUT:.0f} s to answer", Location(label)) from None
    except OSError as error:
        raise LoadError(f"cannot run git: {error.strerror or error}", Location(label)) from None
    if result.returncode != 0:
        reason = _first_line(result.stderr) or f"git exited with status {result.returncode}"
        raise LoadError(f"no file {path!r} at git reference {ref!r} ({reason})", Location(label))
    if len(result.stdout) > MAX_FILE_BYTES:
        raise LoadError(
            f"file is {len(result.stdout)} bytes; catalog files are limited to {MAX_FILE_BYTES} bytes",
            Location(label),
        )
    return decode(result.stdout, label)


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    line = text.splitlines()[0] if text else ""
    return line.removeprefix("fatal: ").strip()
