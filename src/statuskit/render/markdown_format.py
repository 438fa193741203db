"""Markdown in the style of hand-written status code pages.

A heading per space (worded so that it names a kind of code), a legend of the space's pattern
and range groups, then a section per group with a table of its codes (code, name, title,
meaning, and extra fields as columns). ``statuskit import`` reads the result back into the same
codes, names, meanings and groups.

Catalog text may hold raw HTML (``<script>``) that a docs site would render: every ``<`` outside
a code span is backslash-escaped, so it shows as text, as in the HTML format, while inline
Markdown (code spans, emphasis, links) still renders.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Catalog, Group, Space
from ..operations import answers_text
from .sections import field_names, is_section_group, sections

_KIND = re.compile(r"\b(?:codes?|opcodes?|status(?:es)?)\b", re.IGNORECASE)
_BACKTICKS = re.compile(r"`+")


def no_html(text: str) -> str:
    """``text`` with every ``<`` outside code spans escaped: no tag, comment or autolink opens."""
    if "<" not in text:
        return text
    out: list[str] = []
    position = 0
    unclosed: set[int] = set()  # widths with no run after some point: none after any later one
    while position < len(text):
        opening = _BACKTICKS.search(text, position)
        if opening is None:
            break
        width = len(opening.group())
        closing = None if width in unclosed else _closing_run(text, opening.end(), width)
        if closing is None:
            unclosed.add(width)
        out.append(text[position : opening.start()].replace("<", "\\<"))
        if closing is None:  # an unmatched run is literal backticks; go on after it
            out.append(opening.group())
            position = opening.end()
            continue
        out.append(text[opening.start() : closing])
        position = closing
    out.append(text[position:].replace("<", "\\<"))
    return "".join(out)


def _closing_run(text: str, start: int, width: int) -> int | None:
    """The end of the backtick run of exactly ``width`` that closes a code span, or None."""
    for run in _BACKTICKS.finditer(text, start):
        if len(run.group()) == width:
            return run.end()
    return None


def cell(text: Any) -> str:
    """Text safe inside a pipe table cell: pipes escaped, line breaks as ``<br>``."""
    if text is None:
        return ""
    value = "true" if text is True else "false" if text is False else str(text)
    value = no_html(value.replace("\\", "\\\\").replace("|", "\\|"))
    return "<br>".join(part.strip() for part in value.replace("\r", "").split("\n"))


def block(text: str | None) -> str:
    """A paragraph's text; a line that would start a heading, list or table is escaped."""
    if not text:
        return ""
    lines = []
    for line in text.replace("\r", "").split("\n"):
        stripped = line.lstrip()
        if stripped[:1] in ("#", "|", ">", "-", "+", "*", "=") or re.match(r"[0-9]+[.)]\s", stripped):
            line = "\\" + stripped
        lines.append(no_html(line))
    return "\n".join(lines)


def render(catalog: Catalog, *, expand: bool = False) -> str:
    out: list[str] = [f"# {cell(catalog.title or catalog.id)}", ""]
    if catalog.description:
        out += [block(catalog.description), ""]
    single = len(catalog.spaces) == 1
    for space in catalog.spaces:
        out += _space(space, 2 if single else 3, None if single else _heading(space), expand)
    if catalog.operations:
        out += _operations(catalog)
    return "\n".join(out).rstrip() + "\n"


def _operations(catalog: Catalog) -> list[str]:
    """Each operation, how it is recognised, and the codes and groups it answers.

    The code tables do not list the operations that send each code (the HTML page does): a
    Markdown table column would read back as a field when the document is imported.
    """
    out = ["## Operations", "", "| operation | recognised by | answers |", "| --- | --- | --- |"]
    for operation in catalog.operations:
        name = cell(operation.name) + (f": {cell(operation.description)}" if operation.description else "")
        out.append(f"| {name} | {cell(operation.wire)} | {cell(answers_text(operation.answers))} |")
    out.append("")
    if catalog.always:
        out += [f"Any operation may also answer {cell(answers_text(catalog.always))}.", ""]
    return out


def _heading(space: Space) -> str:
    title = space.title or space.name
    return title if _KIND.search(title) and not title[:1].isdigit() else f"{title} codes"


def _space(space: Space, level: int, heading: str | None, expand: bool) -> list[str]:
    out: list[str] = []
    if heading is not None:
        out += [f"{'#' * (level - 1)} {cell(heading)}", ""]
        if space.description:
            out += [block(space.description), ""]
    legend = [g for g in space.groups if g.kind != "list"]
    if legend:
        out += [_legend(g) for g in legend] + [""]
    codes = list(space.all_codes()) if expand else list(space.codes)
    columns = _columns(space, codes)
    for section in sections(space, codes):
        if section.group is not None:
            out += [f"{'#' * level} {_section_title(section.group)}", ""]
            if section.group.kind == "list" and section.group.description:
                out += [block(section.group.description), ""]
        out += _table(section.codes, columns)
        out.append("")
    return out


def _legend(group: Group) -> str:
    line = f"- **{group.key}**"
    if group.title:
        line += f" ({cell(group.title)})"
    if group.description:
        line += f": {cell(group.description)}"
    return line


def _section_title(group: Group) -> str:
    if group.kind == "list":
        return cell(group.name)
    return f"{group.key} ({cell(group.title)})" if group.title else group.key


def _columns(space: Space, codes: list[Any]) -> list[str]:
    columns = ["code"]
    if any(c.name for c in codes) or any(c.title for c in codes):
        columns.append("name")
    if any(c.title for c in codes):
        columns.append("title")
    if any(c.description for c in codes) or "title" not in columns:
        columns.append("meaning")
    return columns + field_names(space, codes)


def _table(codes: list[Any], columns: list[str]) -> list[str]:
    rows = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    for code in codes:
        values = []
        for column in columns:
            if column == "code":
                values.append(code.shown)
            elif column == "name":
                values.append(cell(code.name))
            elif column == "title":
                values.append(cell(code.title))
            elif column == "meaning":
                values.append(cell(code.description))
            else:
                values.append(cell(code.fields.get(column)))
        rows.append("| " + " | ".join(values) + " |")
    return rows


__all__ = ["block", "cell", "is_section_group", "render"]
