"""A Markdown document (with HTML tables allowed) → canonical catalog data and a report."""

from __future__ import annotations

from typing import Any

from .. import names
from .assemble import build_spaces
from .blocks import read_sections
from .layout import Choice, plan
from .parts import Section
from .prose import check_prose
from .report import Report


def import_markdown(
    text: str, report: Report, *, catalog_id: str, choice: Choice = "guess", plain: bool = False
) -> dict[str, Any]:
    """The catalog data ``text`` describes; notes go to ``report``. ``plain`` reads it as plain
    text (RFCs, generated lists, header files) rather than Markdown."""
    if plain:
        from .plaintext import read_plain

        root = read_plain(text, report)
    else:
        root = read_sections(text, report)
    plans, why = plan(root, choice)
    report.layout = why
    spaces = build_spaces(plans, report)
    check_prose(root, plans, spaces, report)
    data: dict[str, Any] = {"catalog": names.snake(catalog_id).replace("_", "-") or "imported"}
    top = _title_section(root)
    if top is not None:
        data["title"] = top.title
    description = "\n\n".join(root.paragraphs + (top.paragraphs if top is not None else []))
    if description:
        data["description"] = description
    data["spaces"] = spaces
    return data


def _title_section(root: Section) -> Section | None:
    tops = [c for c in root.children if c.level == 1]
    if len(tops) == 1:
        return tops[0]
    return root.children[0] if len(root.children) == 1 else None
