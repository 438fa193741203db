"""Reading an import source: a document's bytes as UTF-8 text with LF line ends."""

from __future__ import annotations

from ..loading.utf8 import decode, read_text

MAX_SOURCE_BYTES = 256 * 1024 * 1024
WHAT = "a text document"


def read_source(path: str) -> str:
    """The document's text; every failure is a LoadError naming the file (and line:column)."""
    return _lf(read_text(path, what=WHAT, limit=MAX_SOURCE_BYTES))


def decode_source(raw: bytes, path: str | None) -> str:
    """UTF-8 text (a byte-order mark allowed, CR LF and CR turned into LF)."""
    return _lf(decode(raw, path, what=WHAT))


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
