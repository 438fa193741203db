"""Catalog text → safe HTML: code spans, emphasis and http(s)/mailto links rendered, all else escaped.

Text without Markdown punctuation takes a fast path (plain escaping), so large catalogs render fast.
"""

from __future__ import annotations

import html
from functools import lru_cache

from markdown_it import MarkdownIt

_SPECIAL = frozenset("`*_[]<>&\\!\n")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.disable(["image"])
    md.validateLink = lambda url: url.strip().lower().startswith(_SAFE_SCHEMES)  # type: ignore[method-assign]
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def inline_html(text: str) -> str:
    """``text`` as inline HTML; nothing in it can open a tag, an attribute or a script."""
    if not any(char in _SPECIAL for char in text):
        return html.escape(text, quote=True)
    rendered: str = _MD.renderInline(text)
    return rendered.replace("<a href=", '<a rel="noopener noreferrer" href=')
