"""Reading a file's bytes as text, refusing what is not UTF-8 text.

Catalog files and imported documents are read the same way; ``what`` names the kind of file
in messages ("a catalog file", "a document").
"""

from __future__ import annotations

import os

from ..errors import LoadError, Location

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_text(path: str, *, what: str = "a catalog file", limit: int = MAX_FILE_BYTES) -> str:
    """The file's text; every failure is a LoadError that names the file (and line:column)."""
    try:
        if os.path.isdir(path):
            raise LoadError(f"is a directory; expected {what}", Location(path))
        size = os.path.getsize(path)
        if size > limit:
            raise LoadError(f"file is {size} bytes; {what} may have at most {limit}", Location(path))
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise LoadError("no such file", Location(path)) from None
    except PermissionError:
        raise LoadError("permission denied", Location(path)) from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}", Location(path)) from None
    return decode(raw, path, what=what)


def decode(raw: bytes, file: str | None, *, what: str = "a catalog file") -> str:
    """Decode UTF-8 (a byte-order mark is allowed); say where the first bad byte is."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise LoadError(f"file is UTF-16; expected {what} in UTF-8", Location(file, 1, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        raise LoadError(
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; expected {what} in UTF-8 text",
            Location(file, line, column),
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(raw, len(text[:nul].encode("utf-8")))
        raise LoadError(
            f"file contains a NUL byte; it looks binary, expected {what}", Location(file, line, column)
        )
    return text


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column
