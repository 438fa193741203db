"""Catalog text as source code: literals and comments that no text can break out of.

Every string a catalog holds reaches generated source through these functions. String literals
escape everything outside printable ASCII, so quotes, backslashes, newlines, bidirectional
controls and look-alike letters all stay inside the value, exactly. Comments and docstrings are
for people: control and invisible characters are shown as ``\\u`` escapes (four hex digits)
and comment terminators are broken up, so a description can never end a comment early.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from json.encoder import encode_basestring_ascii
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
    if text.isascii() and text.isprintable():  # most catalog text: only quotes and backslashes
        return f'"{_escape_printable(text)}"'
    escaped = text.translate(_PY_TABLE).encode("ascii", "backslashreplace").decode("ascii")
    return f'"{escaped}"'


def _escape_printable(text: str) -> str:
    """``text`` (printable ASCII) escaped as ``py_str`` escapes it."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    return text


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
    if text.isascii() and text.isprintable():
        return _printable_lines(text, width)
    return _escaped_lines(whole[1:-1], width)


def _escaped_lines(escaped: str, width: int) -> list[str]:
    """The literals of ``py_str_lines`` for text escaped whole as ``escaped``, a piece at a time."""
    chunks: list[str] = []
    current: list[str] = []
    size = 2  # the literal's length so far, quotes included
    for piece in _escaped_pieces(escaped):
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


def _printable_lines(text: str, width: int) -> list[str]:
    """``py_str_lines`` of printable ASCII ``text``, cut a line at a time instead of a piece at a time.

    Such text escapes only quotes and backslashes, one character into two, so a line's escaped
    length is its length plus the quotes and backslashes it holds: each line is the longest run
    of whole pieces (as ``_escaped_pieces`` cuts them) that fits, found with ``rfind`` and
    ``count`` instead of by adding up pieces.
    """
    budget, end = width - 2, len(text)
    escaped = _escape_printable(text)
    plain = len(escaped) == end
    lines: list[str] = []
    rfind = text.rfind
    start = escaped_start = 0  # where the next line starts, in text and in escaped
    while start < end:
        limit = start + budget
        if limit >= end:
            stop = end
        else:  # _last_piece_end(text, start, limit), inlined: this loop runs once per line
            word = rfind(" ", start, limit) + 1 or start
            stop = word + (limit - word) // PIECE * PIECE
        extra = 0  # the escapes between start and stop: each makes one character two
        if not plain and stop > start:
            extra = _escapes(text, start, stop)
            while stop - start + extra > budget:
                stop = _last_piece_end(text, start, stop - 1)
                if stop <= start:
                    break
                extra = _escapes(text, start, stop)
        if stop <= start:  # not even one piece fits: it gets a line of its own
            stop = _piece_end(text, start)
            extra = 0 if plain else _escapes(text, start, stop)
        escaped_stop = escaped_start + stop - start + extra
        lines.append(f'"{escaped[escaped_start:escaped_stop]}"')
        start, escaped_start = stop, escaped_stop
    return lines


def _escapes(text: str, start: int, stop: int) -> int:
    """How many characters of ``text[start:stop]`` (printable ASCII) ``py_str`` escapes."""
    return text.count('"', start, stop) + text.count("\\", start, stop)


# Pieces are words with their trailing space, and words cut every PIECE characters from their start.
PIECE = 24


def _last_piece_end(text: str, start: int, limit: int) -> int:
    """The last end of a piece in ``(start, limit]``, or ``start`` when there is none.

    Pieces end at the end of the text, after every space, and every ``PIECE`` characters from the
    start of a word (a run of characters other than spaces).
    """
    if limit <= start:
        return start
    if limit == len(text):
        return limit
    # ``start`` ends a piece, so it is the start of a word or a cut in one: the cuts of the word
    # running up to ``limit`` can be counted from the last space before it, else from ``start``
    # (searching no further back keeps a long word from being searched once per line).
    word = text.rfind(" ", start, limit) + 1 or start
    cut = word + (limit - word) // PIECE * PIECE
    return cut if cut > start else start


def _piece_end(text: str, start: int) -> int:
    """Where the piece that starts at ``start`` ends."""
    if text[start] == " ":
        return start + 1
    space = text.find(" ", start, start + PIECE)
    if space != -1:
        return space + 1
    return min(start + PIECE, len(text))


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
    width = max(width, 20)
    shown = visible(text)
    plain = shown.isascii()  # then spaces are the only whitespace left: visible shows the rest
    for paragraph in shown.split("\n"):
        if plain:
            kept = paragraph.rstrip(" ")
            if kept and len(paragraph) <= width:
                lines.append(kept)  # what textwrap makes of a line that fits
                continue
            blank = not kept
        else:
            blank = not paragraph.strip()
        if blank:
            if lines and lines[-1]:
                lines.append("")
            continue
        if len(paragraph) <= width and paragraph.isascii():
            lines.append(paragraph.rstrip(" "))
            continue
        lines.extend(textwrap.wrap(paragraph, width=width, break_long_words=False, break_on_hyphens=False))
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
    literal: str = encode_basestring_ascii(text)  # json.dumps(text, ensure_ascii=True), without its detours
    if "<" in literal:
        literal = literal.replace("<", "\\u003c")
    if ">" in literal:
        literal = literal.replace(">", "\\u003e")
    return literal


def ts_value(value: Any) -> str:
    """A TypeScript literal of a JSON-like value (NaN and the infinities as ``null``, as JSON has them)."""
    if type(value) is str:  # most values: texts
        return ts_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
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


def comment_lines(text: str, width: int) -> list[str]:
    """``paragraphs(text, width)``, each line safe inside a ``/* */`` comment."""
    return [_comment_safe(line) for line in paragraphs(text, width)]


def _comment_safe(line: str) -> str:
    """A visible line with ``*/`` broken up and no ``@`` that could start a tag."""
    if "*/" in line:
        line = line.replace("*/", "*\\/")
    if "@" in line:
        line = line.replace("@", "\\@")
    return line


def jsdoc(lines: list[str], indent: str) -> list[str]:
    """A JSDoc block of already safe ``lines``; nothing when there are none."""
    if not lines:
        return []
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}".rstrip() for line in lines), f"{indent} */"]
