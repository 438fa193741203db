"""A cache of parsed big catalogs, so that commands on a catalog of 100,000 codes do not re-parse it.

Parsing YAML is most of the time any command spends on a big catalog (libyaml's composer alone
takes seconds), while the parsed data and positions reload from ``marshal`` in a few hundredths
of that. Only texts of at least :data:`MIN_BYTES` are cached, under a key that is the SHA-256 of
the text, the syntax and this cache's format; an entry can therefore never be stale, only unused.

The directory is ``$STATUSKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/statuskit``, else
``~/.cache/statuskit``; ``STATUSKIT_CACHE=0`` turns the cache off. A cache that cannot be read or
written is skipped silently: the catalog is parsed as if there were none. Entries are written
atomically into a directory only its owner may use (0700); a directory that another user owns,
or that others may write to, is never read from, since a planted entry would be believed.
"""

from __future__ import annotations

import marshal
import os

from .document import Document, new_marks

MIN_BYTES = 1_000_000
VERSION = "2"  # change when what a parse produces changes


def directory() -> str | None:
    """Where cached parses live, or None when the cache is turned off."""
    if os.environ.get("STATUSKIT_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("STATUSKIT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "statuskit")


def _entry(text: str, syntax: str) -> str | None:
    if len(text) < MIN_BYTES:
        return None
    where = directory()
    if where is None:
        return None
    import hashlib  # only for big texts: start-up stays free of it

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return os.path.join(where, f"parse-{VERSION}-{syntax}-{digest}.marshal")


def _trusted(folder: str) -> bool:
    """Whether only the current user can have written into ``folder``."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return info.st_uid == owner and not info.st_mode & 0o022


def lookup(text: str, syntax: str, file: str | None) -> Document | None:
    """The cached parse of ``text``, or None (too small, off, absent, unreadable or untrusted)."""
    path = _entry(text, syntax)
    if path is None or not _trusted(os.path.dirname(path)):
        return None
    try:
        with open(path, "rb") as handle:
            blob = handle.read()  # marshal.load on a file reads it in tiny pieces: many times slower
        data, positions = marshal.loads(blob)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if isinstance(positions, bytes):  # marks (see .document), kept as their machine bytes
        marks = new_marks()
        if len(positions) % (2 * marks.itemsize):
            return None
        marks.frombytes(positions)
        return Document(data, file, marks=marks)
    if not isinstance(positions, dict):
        return None
    return Document(data, file, positions)


def store(text: str, syntax: str, document: Document) -> None:
    """Keep ``document`` for the next parse of the same ``text`` (best effort, never raises)."""
    path = _entry(text, syntax)
    if path is None:
        return
    from ..errors import WriteError
    from ..fileio import atomic_write

    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        marks = document.marks
        positions = marks.tobytes() if marks else document.positions
        atomic_write(path, marshal.dumps((document.data, positions)))
    except (OSError, ValueError, WriteError):
        return
