"""Changes → text (one line per change, grouped by space), JSON, or a Markdown changelog.

Catalog text is untrusted: control characters (terminal escapes, CR, LF) never reach the text
output, and Markdown output escapes everything that could become markup.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .changes import Change

FORMATS = ("text", "json", "markdown")

_RED, _GREEN, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[1m", "\x1b[0m"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")


def format_changes(changes: Sequence[Change], format: str, *, color: bool = False, title: str = "") -> str:
    """The changes in ``format`` (text, json or markdown)."""
    if format == "json":
        return json.dumps({"changes": [c.to_data() for c in changes]}, indent=2, ensure_ascii=False) + "\n"
    if format == "markdown":
        return markdown(changes, title=title)
    return text(changes, color=color)


# -- word diff ---------------------------------------------------------------------------------


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` → ``new`` as segments ``(op, words)``; op is ``=``, ``-`` or ``+``."""
    before, after = old.split(), new.split()
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            segments.append(("+", " ".join(after[j1:j2])))
    return segments


# -- text --------------------------------------------------------------------------------------


def text(changes: Sequence[Change], *, color: bool = False) -> str:
    """One line per change, under a heading per space; a summary line last."""
    if not changes:
        return "no changes\n"
    paint = _painter(color)
    lines: list[str] = []
    for space, group in _by_space(changes):
        lines.append(paint(_BOLD, "catalog" if space is None else f"space {clean(space)}"))
        for change in group:
            if change.breaking:
                tag = paint(_RED, "breaking  ")
            elif change.review:
                tag = paint(_YELLOW, "review    ")
            else:
                tag = paint(_GREEN, "compatible")
            line = f"  {tag} {clean(change.message)}"
            if change.review and isinstance(change.old, str) and isinstance(change.new, str):
                line += ": " + _text_word_diff(change.old, change.new, paint)
            elif change.review:
                line += ": " + clean(str(change.new if change.new else change.old))
            lines.append(line)
    lines.append(_summary(changes))
    return "\n".join(lines) + "\n"


def _text_word_diff(old: str, new: str, paint: Any) -> str:
    parts = []
    for op, words in word_diff(old, new):
        words = clean(words)
        if op == "-":
            parts.append(paint(_RED, f"[-{words}-]"))
        elif op == "+":
            parts.append(paint(_GREEN, f"{{+{words}+}}"))
        else:
            parts.append(words)
    return " ".join(parts)


def clean(value: str) -> str:
    """One line with no control characters (no terminal escapes, no CR/LF)."""
    return _CONTROL.sub(lambda m: " " if m.group() in "\r\n\t" else f"\\x{ord(m.group()):02x}", value)


def _painter(color: bool) -> Any:
    def paint(code: str, value: str) -> str:
        return f"{code}{value}{_RESET}" if color else value

    return paint


# -- markdown ----------------------------------------------------------------------------------


def markdown(changes: Sequence[Change], *, title: str = "") -> str:
    """A changelog section: ``## title`` then ``### Breaking``, ``### Compatible``, ``### Review``."""
    lines = [f"## {escape(title)}" if title else "## Catalog changes", ""]
    if not changes:
        return "\n".join([*lines, "No changes.", ""])
    sections = (
        ("Breaking", [c for c in changes if c.breaking]),
        ("Compatible", [c for c in changes if not c.breaking and not c.review]),
        ("Review (reworded)", [c for c in changes if c.review and not c.breaking]),
    )
    for heading, chosen in sections:
        if not chosen:
            continue
        lines += [f"### {heading}", ""]
        for change in chosen:
            where = f"`{_code_span(change.space)}`" if change.space is not None else "catalog"
            if change.code is not None:
                where += f" {change.code}"
            line = f"- {where}: {escape(change.message)}"
            if change.review and isinstance(change.old, str) and isinstance(change.new, str):
                line += ": " + _markdown_word_diff(change.old, change.new)
            elif change.review:
                line += ": " + escape(str(change.new if change.new else change.old))
            lines.append(line)
        lines.append("")
    lines += [f"_{escape(_summary(changes))}_", ""]
    return "\n".join(lines)


def escape(value: str) -> str:
    """Plain text that Markdown shows as written (no markup, no HTML, one line)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(value))


def _code_span(value: str) -> str:
    return clean(value).replace("`", "'")


def _markdown_word_diff(old: str, new: str) -> str:
    parts = []
    for op, words in word_diff(old, new):
        if op == "-":
            parts.append(f"~~{escape(words)}~~")
        elif op == "+":
            parts.append(f"**{escape(words)}**")
        else:
            parts.append(escape(words))
    return " ".join(parts)


# -- shared ------------------------------------------------------------------------------------


def _by_space(changes: Iterable[Change]) -> list[tuple[str | None, list[Change]]]:
    grouped: dict[str | None, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.space, []).append(change)
    return list(grouped.items())


def _summary(changes: Sequence[Change]) -> str:
    breaking = sum(1 for c in changes if c.breaking)
    review = sum(1 for c in changes if c.review and not c.breaking)
    compatible = len(changes) - breaking
    return f"{breaking} breaking, {compatible} compatible ({review} to review)"
