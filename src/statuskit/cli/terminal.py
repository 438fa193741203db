"""Catalog text made safe for a terminal: control characters shown as escapes, never obeyed.

A catalog is data from anywhere (an imported document, a pull request); printed raw, ESC would
start a terminal control sequence (colours, cursor moves, a changed window title), CR would
overwrite the line, BEL ring, and a bidirectional override reorder what the reader sees. Every
such character is printed as a visible escape instead (``\\x1b``, ``\\r``, ``\\u202e``).
Translation tables, not regular expressions: built in microseconds when ``statuskit lookup``
starts, where compiling these character classes cost half a millisecond.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# DEL, C1 controls, line and paragraph separators, and bidirectional embeddings, overrides and
# isolates: json leaves these raw.
_JSON_RAW = [*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# ...and C0 controls but TAB.
_UNSAFE = [*range(0x00, 0x09), *range(0x0A, 0x20), *_JSON_RAW]


def _escape(code: int) -> str:
    named = _NAMED.get(chr(code))
    if named is not None:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_SAFE_TABLE = {code: _escape(code) for code in _UNSAFE}
_JSON_TABLE = {code: f"\\u{code:04x}" for code in _JSON_RAW}


def safe(text: object) -> str:
    """``text`` with every control character escaped (one line: a newline becomes ``\\n``)."""
    return str(text).translate(_SAFE_TABLE)


def safe_json(text: str) -> str:
    """JSON text with the control characters json leaves raw (DEL, C1, bidi) as ``\\u`` escapes."""
    return text.translate(_JSON_TABLE)
