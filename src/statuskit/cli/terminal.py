"""Catalog text made safe for a terminal: control characters shown as escapes, never obeyed.

A catalog is data from anywhere (an imported document, a pull request); printed raw, ESC would
start a terminal control sequence (colours, cursor moves, a changed window title), CR would
overwrite the line, BEL ring, and a bidirectional override reorder what the reader sees. Every
such character is printed as a visible escape instead (``\\x1b``, ``\\r``, ``\\u202e``).
"""

from __future__ import annotations

import re

# C0 controls but TAB, DEL, C1 controls, line and paragraph separators, and bidirectional
# embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # json escapes C0 itself
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control character escaped (one line: a newline becomes ``\\n``)."""
    value = str(text)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


def safe_json(text: str) -> str:
    """JSON text with the control characters json leaves raw (DEL, C1, bidi) as ``\\u`` escapes."""
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
