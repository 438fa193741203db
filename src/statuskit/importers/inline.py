"""Inline Markdown → plain text: markup removed, words kept, code spans kept as backticks.

Links keep their text (their URLs are collected, for link columns); ``<br>`` and block tags
(``<dt>``, ``<dd>``, ``<p>``, ``<li>``...) become line breaks; other inline HTML tags are
dropped; markdown-it has already decoded entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

_BREAK_TAG = re.compile(r"<br\s*/?>|</?(?:dl|dt|dd|p|div|li|ul|ol)\b[^<>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_MACRO = re.compile(r"\{\{[ \t]*[A-Za-z_][A-Za-z0-9_-]{0,60}[ \t]*(?:\(([^{}()]{0,400})\)[ \t]*)?\}\}")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")


def _macro_text(match: re.Match[str]) -> str:
    """A docs-site macro (MDN's ``{{domxref("CloseEvent")}}``, ``{{HTTPStatus("404", "404 Not
    Found")}}``) shows its link text: the second quoted argument, else the first; none shows
    nothing (``{{APIRef("Websockets API")}}`` shows its first; ``{{Compat}}`` nothing)."""
    arguments: list[str] = [str(a or b) for a, b in _QUOTED.findall(match.group(1) or "")]
    if len(arguments) >= 2:
        return arguments[1]
    return arguments[0] if arguments else ""


def only_macros(raw: str) -> bool:
    """True when ``raw`` is nothing but macro calls (``{{APIRef("X")}}{{Compat}}``): page
    furniture of a docs site, not text."""
    return "{{" in raw and not _MACRO.sub("", raw).strip()


def strip_macros(text: str) -> str:
    """``text`` with ``{{macro(...)}}`` calls replaced by the text they show."""
    return _MACRO.sub(_macro_text, text) if "{{" in text else text


@dataclass(slots=True)
class Text:
    """Text of one inline run, the URLs of its links, and whether it opened with strong/code."""

    text: str
    links: list[str] = field(default_factory=list)
    lead: str = ""


def code_span(content: str) -> str:
    """``content`` as a Markdown code span, with enough backticks around it."""
    fence = "`"
    while fence in content:
        fence += "`"
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


@lru_cache(maxsize=1 << 16)
def tidy(text: str) -> str:
    """Collapse runs of spaces, and trim each line, keeping line breaks."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def to_text(children: Sequence[Token] | None, *, breaks: str = " ") -> Text:
    """The plain text of ``children``; ``breaks`` is what a soft line break becomes."""
    parts: list[str] = []
    links: list[str] = []
    lead: str | None = None
    for token in children or ():
        kind = token.type
        if lead is None and not (kind == "text" and not token.content.strip()):
            lead = {"strong_open": "strong", "em_open": "em", "code_inline": "code"}.get(kind, "")
        if kind == "text":
            parts.append(token.content)
        elif kind == "code_inline":
            parts.append(code_span(token.content))
        elif kind == "softbreak":
            parts.append(breaks)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            href = token.attrGet("href")
            if isinstance(href, str):
                links.append(href)
        elif kind == "image":
            parts.append(token.content)
        elif kind == "html_inline":
            if _BREAK_TAG.fullmatch(token.content.strip()):
                parts.append("\n")
        elif kind == "text_special":
            parts.append(token.content)
    return Text(strip_macros("".join(parts)), links, lead or "")
