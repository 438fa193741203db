"""Catalog text as source code: literals and comments that no text can break out of.

Every string a catalog holds reaches generated source through these functions. String literals
escape everything outside printable ASCII, so quotes, backslashes, newlines, bidirectional
controls and look-alike letters all stay inside the value, exactly. Comments and docstrings are
for people: control and invisible characters are shown as ``\\u`` escapes (four hex digits)
and comment terminators are broken up, so a description can never end a comment early.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
import unicodedata
from typing import Any

from ..jsonscalars import json_scalar

# Categories shown escaped in comments: controls, format (bidi overrides, zero-width), separators,
# private use, unassigned, surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"})
_PY_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# ASCII that needs escaping; everything beyond ASCII is escaped by the codec (\xe9, \u2028...).
_PY_TABLE = {ord(char): escape for char, escape in _PY_ESCAPES.items()} | {
    point: f"\\x{point:02x}" for point in (*range(0x20), 0x7F) if chr(point) not in _PY_ESCAPES
}


def py_str(text: str) -> str:
    """A double-quoted Python string literal of ``text``, in printable ASCII."""
    escaped = text.translate(_PY_TABLE).encode("ascii", "backslashreplace").decode("ascii")
    return f'"{escaped}"'


def _py_escape(char: str) -> str:
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def py_str_lines(text: str, width: int) -> list[str]:
    """``text`` as one literal, or as several literals (implicitly joined) none wider than ``width``."""
    whole = py_str(text)
    if len(whole) <= width:
        return [whole]
    chunks: list[str] = []
    current: list[str] = []
    size = 2  # the literal's length so far, quotes included
    for piece in _escaped_pieces(whole[1:-1]):
        if current and size + len(piece) > width:
            chunks.append("".join(current))
            current, size = [], 2
        current.append(piece)
        size += len(piece)
    if current:
        chunks.append("".join(current))
    return [f'"{chunk}"' for chunk in chunks]


# One character of text as ``py_str`` escapes it: an escape sequence, or a character that needs none.
_ESCAPED_CHAR = r'(?:\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[\\"nrt])|[^\\ ])'
# Up to 23 characters and a space, else 24 characters, else the rest, counted in escaped text.
_ESCAPED_PIECE = re.compile(f"{_ESCAPED_CHAR}{{0,23}} |{_ESCAPED_CHAR}{{24}}|{_ESCAPED_CHAR}+")


def _escaped_pieces(escaped: str) -> list[str]:
    """The pieces of a text (its words with their trailing space, words over 24 characters cut every
    24 so literals stay short), escaped, cut from ``escaped`` (the text escaped whole).

    Escaping works character by character and never makes or removes a space, so the pieces can be
    cut from the escaped text by counting escapes as the characters they stand for.
    """
    return _ESCAPED_PIECE.findall(escaped)


def py_value(value: Any) -> str:
    """A Python literal of a JSON-like value (None, bool, int, float, str, list, dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '-float("inf")'
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list | tuple):
        inner = ", ".join(py_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_value(v)}" for k, v in value.items()) + "}"
    return py_str(str(value))


def visible(text: str) -> str:
    """``text`` with hidden characters shown as ``\\u`` escapes and every line break as ``\\n``."""
    text = text.replace("\r\n", "\n")
    if text.isascii() and text.replace("\n", "").replace("\t", "").isprintable():
        return text.replace("\t", " ")  # no ASCII character but a control is hidden
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) in _HIDDEN:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def paragraphs(text: str, width: int) -> list[str]:
    """``text`` made visible and wrapped to ``width``; blank lines keep paragraphs apart."""
    lines: list[str] = []
    for paragraph in visible(text).split("\n"):
        if not paragraph.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        if len(paragraph) <= max(width, 20) and paragraph.isascii():
            lines.append(paragraph.rstrip(" "))  # what textwrap makes of a line that fits
            continue
        lines.extend(
            textwrap.wrap(paragraph, width=max(width, 20), break_long_words=False, break_on_hyphens=False)
        )
    while lines and not lines[-1]:
        lines.pop()
    return lines


def py_docstring(text: str, indent: str, width: int = 100) -> list[str]:
    """A docstring for ``text``: backslashes and quotes escaped, hidden characters visible."""
    lines = paragraphs(text, width - len(indent) - 6)
    if not lines:
        return []
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    if len(escaped) == 1 and len(escaped[0]) + len(indent) + 6 <= width:
        return [f'{indent}"""{escaped[0]}"""']
    rest = [f"{indent}{line}" if line else "" for line in escaped[1:]]
    return [f'{indent}"""{escaped[0]}', *rest, f'{indent}"""']


def ts_str(text: str) -> str:
    """A double-quoted TypeScript string literal of ``text``, in printable ASCII (``<`` escaped too)."""
    return json.dumps(text, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def ts_value(value: Any) -> str:
    """A TypeScript literal of a JSON-like value (NaN and the infinities as ``null``, as JSON has them)."""
    spelled = json_scalar(value)
    if spelled is not None:
        return spelled
    if isinstance(value, float):
        return "null"
    if isinstance(value, str):
        return ts_str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(ts_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{ts_str(str(k))}: {ts_value(v)}" for k, v in value.items()) + " }"
    return ts_str(str(value))


def comment_text(text: str) -> str:
    """Text safe inside a ``/* */`` comment: ``*/`` is broken up and ``@`` cannot start a tag."""
    return visible(text).replace("*/", "*\\/").replace("@", "\\@")


def jsdoc(lines: list[str], indent: str) -> list[str]:
    """A JSDoc block of already safe ``lines``; nothing when there are none."""
    if not lines:
        return []
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}".rstrip() for line in lines), f"{indent} */"]
