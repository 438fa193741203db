"""Text hygiene shared by the codecs: no control characters where a protocol forbids them."""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls and the Unicode line and paragraph separators all become a space,
# so that no catalog or user text can end a line early (response splitting).
_CONTROLS = {i: " " for i in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}
_TABLE = str.maketrans(_CONTROLS)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with every control and line-breaking character replaced by a space."""
    if text.isprintable():
        return text
    return text.translate(_TABLE)


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding fits in ``limit`` bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def has_control(text: str) -> bool:
    """True when ``text`` holds a character :func:`one_line` would replace."""
    return _CONTROL.search(text) is not None
