"""A Markdown document → a tree of sections holding entries, groups, fields and prose.

markdown-it-py (CommonMark with the table extension) gives the token stream; HTML table blocks
go to :mod:`.htmltable`. Nothing here reads structure from raw lines with regular expressions.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..garbled import garbled
from .codes import leading_code
from .htmltable import has_open_table, parse_tables
from .inline import Text, tidy, to_text
from .lines import read_line
from .parts import Entry, GroupDef, Section
from .report import Report
from .table import TableResult, interpret


def parser() -> MarkdownIt:
    """The Markdown parser statuskit reads documents with."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def strip_front_matter(text: str) -> str:
    """Blank out a leading YAML front matter block, keeping the line numbers of what follows."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for index in range(1, min(len(lines), 200)):
        if lines[index].strip() in ("---", "..."):
            return "\n" * index + "\n" + "\n".join(lines[index + 1 :])
    return text


def read_sections(text: str, report: Report) -> Section:
    """The section tree of ``text``; the root holds what comes before the first heading."""
    tokens = parser().parse(strip_front_matter(text))
    return _Walker(tokens, report).run()


class _Walker:
    def __init__(self, tokens: list[Token], report: Report) -> None:
        self.tokens = tokens
        self.report = report
        self.root = Section("", 0, 1)
        self.current = self.root
        self.pending_html: list[str] = []
        self.pending_line = 0

    def run(self) -> Section:
        index = 0
        tokens = self.tokens
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self._heading(token, tokens[index + 1])
                index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                index = self._list(index)
            elif kind == "table_open":
                index = self._table(index)
            elif kind == "paragraph_open":
                self._paragraph(tokens[index + 1], _line(token))
                index += 3
            elif kind == "html_block":
                self._html(token)
                index += 1
            elif kind in ("fence", "code_block"):
                self._code_block(token)
                index += 1
            else:
                index += 1
        self._flush_html()
        return self.root

    # -- headings ------------------------------------------------------------------------------

    def _heading(self, token: Token, inline: Token) -> None:
        self._flush_html()
        level = int(token.tag[1:])
        title = tidy(to_text(inline.children).text)
        section = Section(title, level, _line(token))
        found = leading_code(title)
        if found is not None and found[0].code is None:
            cell, rest = found
            section.pattern = cell.pattern or (f"{cell.range[0]}-{cell.range[1]}" if cell.range else None)
            section.pattern_title = tidy(rest.strip().strip("()—–-:").strip()) or None
        parent = self.current
        while parent.level >= level:
            assert parent.parent is not None
            parent = parent.parent
        section.parent = parent
        parent.children.append(section)
        self.current = section

    # -- blocks --------------------------------------------------------------------------------

    def _paragraph(self, inline: Token, line: int) -> None:
        self._flush_html()
        lines = _split_lines(inline, line)
        starts = [read_line(text, number, trusted=False) for number, text in lines]
        hits = sum(1 for s in starts if s is not None)
        if hits and (hits >= 2 or len(lines) == 1):
            trusted = hits >= 2 and hits * 2 >= len(lines)
            self._lines(lines, trusted=trusted)
            return
        text = tidy(to_text(inline.children).text)
        if not text:
            return
        if len(text.split()) == 1 and not text.endswith((".", ":", "!", "?")):
            why = garbled(text)
            extra = f"; it looks garbled: {why}" if why else ""
            self.report.add(line, "skipped", f"a lone word {text!r}, neither a sentence nor a code{extra}")
            return
        self.current.paragraphs.append(text)
        self.current.prose.append((line, text))

    def _lines(self, lines: list[tuple[int, Text]], *, trusted: bool, in_list: bool = False) -> None:
        last: Entry | None = None
        for number, text in lines:
            found = read_line(text, number, trusted=trusted)
            if isinstance(found, Entry):
                self.current.entries.append(found)
                last = found
            elif isinstance(found, GroupDef):
                self.current.groups.append(found)
                last = None
            elif last is not None and not in_list and tidy(text.text):
                continuation = tidy(text.text)
                if last.description:
                    last.description += " " + continuation
                else:
                    last.title = f"{last.title} {continuation}" if last.title else continuation
            elif tidy(text.text):
                shown = tidy(text.text)
                why = garbled(shown)
                what = f"it looks garbled: {why}" if why else "it does not start with a code"
                self.report.add(
                    number, "garbled" if why else "skipped", f"skipped the line {shown!r}: {what}"
                )

    def _list(self, index: int) -> int:
        self._flush_html()
        depth = 0
        items: list[tuple[int, Text]] = []
        item_line = 0
        tokens = self.tokens
        while index < len(tokens):
            token = tokens[index]
            if token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
                if depth == 0:
                    index += 1
                    break
            elif token.type == "list_item_open":
                item_line = _line(token)
                items.append((item_line, Text("")))
            elif token.type == "inline" and items and not items[-1][1].text:
                items[-1] = (items[-1][0], to_text(token.children, breaks=" "))
            index += 1
        loose = sum(1 for line, text in items if read_line(text, line, trusted=True) is not None)
        hits = sum(1 for line, text in items if read_line(text, line, trusted=False) is not None)
        trusted = loose >= 2 and loose * 2 >= len(items)
        if hits == 0 and not trusted:
            return index
        for line, text in items:
            if not tidy(text.text):
                self.report.add(line, "skipped", "an empty list item among codes")
        lines = [(line, text) for line, text in items if tidy(text.text)]
        self._lines(lines, trusted=trusted, in_list=True)
        return index

    def _table(self, index: int) -> int:
        self._flush_html()
        tokens = self.tokens
        first = _line(tokens[index])
        header: list[Text] | None = None
        rows: list[tuple[int, list[Text]]] = []
        row: list[Text] = []
        row_line = first
        in_head = False
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_close":
                index += 1
                break
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row, row_line = [], _line(token, first)
            elif token.type == "inline":
                row.append(to_text(token.children, breaks="\n"))
            elif token.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append((row_line, row))
            index += 1
        self._take(interpret(header, rows, self.report, first))
        return index

    def _html(self, token: Token) -> None:
        if not self.pending_html:
            lower = token.content.lower()
            if "<table" not in lower:
                return
            self.pending_line = _line(token)
        self.pending_html.append(token.content)
        if not has_open_table("".join(self.pending_html)):
            self._flush_html()

    def _flush_html(self) -> None:
        if not self.pending_html:
            return
        markup = "".join(self.pending_html)
        self.pending_html = []
        for table in parse_tables(markup, self.pending_line):
            first = table.rows[0][0] if table.rows else self.pending_line
            self._take(interpret(table.header, table.rows, self.report, first))

    def _code_block(self, token: Token) -> None:
        self._flush_html()
        line = _line(token) + (1 if token.type == "fence" else 0)
        content = token.content
        if token.type == "code_block":
            texts = [
                (line + offset, Text(raw)) for offset, raw in enumerate(content.split("\n")) if raw.strip()
            ]
            hits = sum(1 for n, t in texts if read_line(t, n, trusted=True) is not None)
            if hits >= 2 and hits * 2 >= len(texts):
                self._lines(texts, trusted=True)
                return
        self.current.examples.append((line, content))

    def _take(self, result: TableResult) -> None:
        self.current.entries.extend(result.entries)
        self.current.groups.extend(result.groups)
        self.current.fields.update(result.fields)


def _line(token: Token, default: int = 1) -> int:
    return token.map[0] + 1 if token.map else default


def _split_lines(inline: Token, first: int) -> list[tuple[int, Text]]:
    """An inline run cut at its line breaks, each piece with its document line."""
    pieces: list[tuple[int, list[Token]]] = [(first, [])]
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            pieces.append((pieces[-1][0] + 1, []))
        else:
            pieces[-1][1].append(child)
    return [(number, to_text(children)) for number, children in pieces if children]
