"""Headings that name a code (``## CURLE_COULDNT_CONNECT (7)``, ``21.4.5 404 Not Found``,
``### 0x8007000E E_OUTOFMEMORY``, a bare ``## 7``) or a group (``### 10x (Compatibility)``,
``21.1 Provisional 1xx``, ``## Obsolete errors (50-51)``).

A heading that names a code becomes an entry whose description is the text under it; whether
it counts is decided with its siblings (:func:`.blocks.read_sections`): one such heading alone
is a plain heading.
"""

from __future__ import annotations

import re

from .codes import CodeCell, leading_code, read_code
from .inline import tidy
from .parts import Entry, Section

_SECTION_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3})+\.?\s+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.:]*")


def heading_group(title: str) -> tuple[str, str | None] | None:
    """``(pattern or LOW-HIGH, title)`` when the heading names a group of codes."""
    text = _SECTION_NUMBER.sub("", title, count=1) if _SECTION_NUMBER.match(title) else title
    found = leading_code(text)
    if found is not None and found[0].code is None:
        cell, rest = found
        return _key(cell), tidy(rest.strip().strip("()—–-:").strip()) or None
    trailing = _trailing(text)
    if trailing is not None:
        inner = read_code(trailing[1])
        if inner is not None and inner.code is None:
            return _key(inner), tidy(trailing[0]) or None
    head, _, last = text.rstrip().rpartition(" ")
    if head.strip() and text is not title:
        tail = read_code(last)
        if tail is not None and tail.pattern is not None:
            return _key(tail), tidy(head) or None
    return None


def _trailing(text: str) -> tuple[str, str] | None:
    """``words (inner)`` split at the last parenthesis (a scan: linear on any input); up to
    three trailing non-word characters (a stray quote) are allowed."""
    end = len(text.rstrip())
    cut = 0
    while cut < 3 and end - cut > 0 and not text[end - cut - 1].isalnum() and text[end - cut - 1] != ")":
        cut += 1
    end -= cut
    if end == 0 or text[end - 1] != ")":
        return None
    opening = text.rfind("(", 0, end)
    inner = text[opening + 1 : end - 1].strip()
    head = text[:opening].strip()
    if opening <= 0 or not head or not inner or len(inner) > 40 or ")" in inner:
        return None
    return head, inner


_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Za-z0-9]*(?:Error|Exception|Fault)")


def identifier_code(text: str) -> str | None:
    """A string code written as a code span on its own (``ERR_ACCESS_DENIED``,
    ``ThrottlingException``): constant-style identifiers only, not function or option names."""
    value = text.strip()
    if not (value.startswith("`") and value.endswith("`")) or value.count("`") != 2:
        return None
    inner = value.strip("`").strip()
    return inner if _CONSTANT.fullmatch(inner) else None


def _key(cell: CodeCell) -> str:
    if cell.range is not None:
        return f"{cell.range[0]}-{cell.range[1]}"
    return cell.pattern or ""


def code_heading(title: str, line: int) -> Entry | None:
    """The entry a heading names: ``NAME (7)``, ``404 Not Found`` or ``0x8007000E E_OUTOFMEMORY``."""
    text = _SECTION_NUMBER.sub("", title, count=1) if _SECTION_NUMBER.match(title) else title
    word = identifier_code(text)
    if word is not None:
        return Entry(word, line)
    trailing = _trailing(text)
    if trailing is not None:
        cell = read_code(trailing[1])
        if cell is not None and cell.code is not None:
            return _entry(cell, trailing[0], line)
    found = leading_code(text)
    if found is None:
        return None
    cell, rest = found
    rest = rest.strip().lstrip("—–-:").strip()
    if cell.code is not None and not rest and not text.rstrip().endswith("."):
        entry = Entry(cell.code, line)
        entry.hex = cell.hex
        return entry
    if cell.code is None or not rest or rest.startswith("("):
        return None
    plain = not cell.hex and cell.code >= 0
    if plain and len(str(cell.code)) < 3:
        return None
    return _entry(cell, rest, line)


def _entry(cell: CodeCell, words: str, line: int) -> Entry:
    assert cell.code is not None
    words = tidy(words.strip("`*_ "))
    entry = Entry(cell.code, line)
    entry.hex = cell.hex
    styled = words.isupper() or "_" in words or any(c.isupper() for c in words[1:])
    if _IDENTIFIER.fullmatch(words) and styled:
        entry.name = words
        return entry
    entry.title = words
    return entry


def settle_code_headings(root: Section) -> None:
    """A heading per code counts when two or more headings of its level name codes (siblings,
    or cousins such as ``21.2.1 200 OK`` beside ``21.1.1 100 Trying``); the code goes to the
    parent section, so the headings are not topics. A lone one stays a plain heading."""
    sections = root.walk()
    per_level: dict[int, int] = {}
    for section in sections:
        if section.entry is not None:
            per_level[section.level] = per_level.get(section.level, 0) + 1
    for section in sections:
        for child in section.children:
            entry = child.entry
            if entry is None:
                continue
            if per_level.get(child.level, 0) >= 2:
                section.entries.append(entry)
                continue
            child.entry = None
            if entry.description:
                child.paragraphs.extend(entry.description.split("\n\n"))
