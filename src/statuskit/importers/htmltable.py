"""HTML ``<table>`` blocks inside Markdown → rows of cell texts, with the document line of each row.

Python's :mod:`html.parser` does the parsing, so any tag case, attributes, ``<thead>`` and
entities work; inline tags inside cells are dropped, ``<br>`` becomes a line break, ``<code>``
becomes a Markdown code span and ``<a href>`` gives the cell a link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .inline import Text, code_span

_BREAKS = frozenset(("br", "dl", "dt", "dd", "p", "div", "li", "ul", "ol"))


@dataclass(slots=True)
class HtmlTable:
    """One table: an optional header row and body rows, each row with its line."""

    header: list[Text] | None = None
    rows: list[tuple[int, list[Text]]] = field(default_factory=list)


class _TableParser(HTMLParser):
    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[HtmlTable] = []
        self.depth = 0
        self.row: list[Text] | None = None
        self.row_line = 0
        self.row_is_header = False
        self.cell: list[str] | None = None
        self.links: list[str] = []
        self.code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append(HtmlTable())
            return
        if self.depth != 1:
            return
        if tag == "tr":
            self._end_row()
            self.row = []
            self.row_line = self.first_line + self.getpos()[0] - 1
            self.row_is_header = True
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
                self.row_line = self.first_line + self.getpos()[0] - 1
                self.row_is_header = True
            if tag == "td":
                self.row_is_header = False
            self.cell, self.links = [], []
        elif tag in _BREAKS and self.cell is not None:
            self.cell.append("\n")
        elif tag == "code" and self.cell is not None:
            self.code = []
        elif tag == "a" and self.cell is not None:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS and self.cell is not None and self.depth == 1:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self._end_row()
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag in _BREAKS and self.cell is not None:
            self.cell.append("\n")
        elif tag == "code" and self.code is not None and self.cell is not None:
            self.cell.append(code_span("".join(self.code)))
            self.code = None

    def handle_data(self, data: str) -> None:
        if self.depth != 1:
            return
        if self.code is not None:
            self.code.append(data)
        elif self.cell is not None:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            if self.code is not None:
                self.cell.append(code_span("".join(self.code)))
                self.code = None
            self.row.append(Text("".join(self.cell).replace("\r", ""), list(self.links)))
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None and self.tables:
            table = self.tables[-1]
            if self.row_is_header and table.header is None and not table.rows:
                table.header = self.row
            elif self.row:
                table.rows.append((self.row_line, self.row))
        self.row = None


def parse_tables(markup: str, first_line: int) -> list[HtmlTable]:
    """Every top-level table in ``markup``; ``first_line`` is the document line it starts on."""
    parser = _TableParser(first_line)
    parser.feed(markup)
    parser.close()
    parser._end_row()
    return parser.tables
