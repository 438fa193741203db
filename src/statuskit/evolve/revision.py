"""Reading one side of a comparison: a catalog file, or ``GITREF:path`` read from git.

``REF:path`` that names a git object is read with ``git show REF:path`` in the current directory
(``path`` is relative to the repository root, as git reads it), never from a file that happens
to carry that name: a CI gate comparing ``main:catalog.yaml`` with ``catalog.yaml`` cannot be
fooled by a committed file called ``main:catalog.yaml``. When such a file exists too, the
reference is ambiguous and refused; ``./main:catalog.yaml`` always means the file, and
``git_ref=`` (``diff --old-ref``/``--new-ref``) always means git. A reference without ``:``, or
one that names no git object, is a file. Every failure is a
:class:`~statuskit.errors.LoadError` naming the reference.
"""

from __future__ import annotations

import os
import subprocess

from ..errors import LoadError, Location
from ..loading import loads
from ..loading.utf8 import MAX_FILE_BYTES, decode, read_text
from ..model import Catalog

GIT_TIMEOUT = 30.0


def read_reference(reference: str, *, cwd: str | None = None, git_ref: str | None = None) -> tuple[str, str]:
    """The text behind ``reference`` and the label errors should name.

    With ``git_ref``, ``reference`` is a path read from git at that reference, whatever exists
    on disk.
    """
    if git_ref is not None:
        return read_git(git_ref, reference, cwd=cwd), f"{git_ref}:{reference}"
    path = os.path.join(cwd, reference) if cwd is not None else reference
    explicit_file = reference.startswith(("./", "../", "/", os.sep)) or os.path.isabs(reference)
    if ":" not in reference or explicit_file:
        return read_text(path), reference
    ref, _, inner = reference.partition(":")
    if _names_git_object(ref, inner, cwd=cwd):
        if os.path.exists(path):
            raise LoadError(
                f"ambiguous: {reference!r} is both a file and a git object; write './{reference}' "
                f"for the file, or --old-ref/--new-ref {ref} {inner} for git",
                Location(reference),
            )
        return read_git(ref, inner, cwd=cwd), reference
    if os.path.exists(path):
        return read_text(path), reference
    return read_git(ref, inner, cwd=cwd), reference  # fails, saying what git said


def load_reference(reference: str, *, cwd: str | None = None, git_ref: str | None = None) -> Catalog:
    """The catalog behind ``reference`` (a file or ``GITREF:path``; see :func:`read_reference`)."""
    text, label = read_reference(reference, cwd=cwd, git_ref=git_ref)
    return loads(text, label)


def _names_git_object(ref: str, path: str, *, cwd: str | None) -> bool:
    """True when ``ref:path`` is an object git knows (False outside a repository or without git)."""
    if not _usable(ref, path):
        return False
    try:
        result = subprocess.run(
            ["git", "--no-pager", "cat-file", "-e", f"{ref}:{path}"],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def _usable(ref: str, path: str) -> bool:
    """Whether ``ref`` and ``path`` can go to git: not empty, no option, no control character."""
    label = f"{ref}:{path}"
    return (
        bool(ref and path) and not ref.startswith("-") and not any(ord(c) < 32 or c == "\x7f" for c in label)
    )


def read_git(ref: str, path: str, *, cwd: str | None = None) -> str:
    """The text of ``path`` at ``ref``, refusing references git could take for options."""
    label = f"{ref}:{path}"
    if not ref or not path:
        raise LoadError("expected GITREF:path, e.g. main:catalogs/kapi.yaml", Location(label))
    if not _usable(ref, path):
        raise LoadError(f"{ref!r} is not a usable git reference", Location(label))
    try:
        result = subprocess.run(
            ["git", "--no-pager", "show", "--no-textconv", f"{ref}:{path}", "--"],
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
