"""Reading an import source: a file's bytes as UTF-8 text, refusing what is not text."""

from __future__ import annotations

import os

from ..errors import LoadError, Location

MAX_SOURCE_BYTES = 256 * 1024 * 1024


def read_source(path: str) -> str:
    """The document's text; every failure is a LoadError naming the file (and line:column)."""
    try:
        if os.path.isdir(path):
            raise LoadError("is a directory; expected a document", Location(path))
        size = os.path.getsize(path)
        if size > MAX_SOURCE_BYTES:
            raise LoadError(
                f"file is {size} bytes; documents are limited to {MAX_SOURCE_BYTES}", Location(path)
            )
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise LoadError("no such file", Location(path)) from None
    except PermissionError:
        raise LoadError("permission denied", Location(path)) from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}", Location(path)) from None
    return decode_source(raw, path)


def decode_source(raw: bytes, path: str | None) -> str:
    """UTF-8 text (a byte-order mark allowed, CR LF and CR turned into LF)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise LoadError("the document is UTF-16; expected UTF-8 text", Location(path, 1, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        raise LoadError(
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; expected a UTF-8 text document",
            Location(path, line, column),
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(raw, len(text[:nul].encode("utf-8")))
        raise LoadError(
            "the document contains a NUL byte; it looks binary, expected text", Location(path, line, column)
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", errors="replace")) + 1
