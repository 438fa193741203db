"""A Markdown document → a tree of sections holding entries, groups, fields and prose.

markdown-it-py (CommonMark with the table extension) gives the token stream; HTML table blocks
go to :mod:`.htmltable`. Nothing here reads structure from raw lines with regular expressions.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..garbled import garbled
from .codes import read_code
from .headings import code_heading, heading_group, settle_code_headings
from .htmltable import parse_tables
from .inline import Text, only_macros, tidy, to_text
from .lines import dash_split, read_line
from .parts import Entry, GroupDef, Section
from .report import Report
from .table import TableResult, interpret


def parser() -> MarkdownIt:
    """The Markdown parser statuskit reads documents with."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


_JSX_LINE = re.compile(r"\s*</?[A-Z][A-Z0-9_.]*[a-z][A-Za-z0-9_.]*(?:\s[^<>]*)?/?>\s*")
_ESM_LINE = re.compile(
    r"(?:import|export)\s.*(?:from\s+)?[\"'][^\"']+[\"'];?\s*|export\s+(?:const|default|function)\b.*"
)


def strip_mdx(text: str) -> str:
    """Blank out MDX ``import``/``export`` lines, lines that are only a JSX tag
    (``<ManualAnchor id="x" />``, ``<Tabs>``) and admonitions (``:::note`` ... ``:::``): they are
    not the document's text, and left in a JSX line would swallow the heading under it into an
    HTML block. Line numbers are kept."""
    if "<" not in text and "import" not in text and "export" not in text and ":::" not in text:
        return text
    lines = text.split("\n")
    fence = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(":::"):
            fence = fence + 1 if len(stripped) > 3 else max(0, fence - 1)
            lines[index] = ""
            continue
        esm = line[:1] in ("i", "e") and _ESM_LINE.fullmatch(line)
        if fence or esm or ("<" in line and _JSX_LINE.fullmatch(line)):
            lines[index] = ""
    return "\n".join(lines)


def strip_front_matter(text: str) -> str:
    """Blank out a leading YAML front matter block, keeping the line numbers of what follows."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for index in range(1, min(len(lines), 5000)):
        if lines[index].strip() in ("---", "..."):
            return "\n" * index + "\n" + "\n".join(lines[index + 1 :])
    return text


def read_sections(text: str, report: Report) -> Section:
    """The section tree of ``text``; the root holds what comes before the first heading."""
    tokens = parser().parse(strip_mdx(strip_front_matter(text)))
    return _Walker(tokens, report).run()


class _Walker:
    def __init__(self, tokens: list[Token], report: Report) -> None:
        self.tokens = tokens
        self.report = report
        self.root = Section("", 0, 1)
        self.current = self.root
        self.pending_html: list[str] = []
        self.open_tables = 0
        self.pending_line = 0
        self.pending_name: tuple[int, str] | None = None
        self.label: tuple[int, str] | None = None
        self.pending_entry: Entry | None = None

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
        self._drop_name()
        settle_code_headings(self.root)
        return self.root

    # -- headings ------------------------------------------------------------------------------

    def _heading(self, token: Token, inline: Token) -> None:
        self._flush_html()
        self.label = None
        self._drop_name()
        self.pending_entry = None
        level = int(token.tag[1:])
        title = tidy(_strip_anchor(to_text(inline.children).text))
        section = Section(title, level, _line(token))
        group = heading_group(title)
        if group is not None:
            section.pattern, section.pattern_title = group
        else:
            section.entry = code_heading(title, section.line)
        parent = self.current
        while parent.level >= level:
            assert parent.parent is not None
            parent = parent.parent
        section.parent = parent
        parent.children.append(section)
        self.current = section
        if section.entry is not None and isinstance(section.entry.code, str) and not _about_codes(parent):
            section.entry = None

    # -- blocks --------------------------------------------------------------------------------

    def _paragraph(self, inline: Token, line: int) -> None:
        self._flush_html()
        self.label = None
        if only_macros(inline.content):
            return
        label = _label(inline)
        if label is not None:
            self.label = (line, label)
            return
        if self._three_lines(inline, line):
            return
        if self._triple(inline, line):
            return
        if self.current.entry is not None:
            text = tidy(to_text(inline.children).text)
            if text:
                entry = self.current.entry
                entry.description = f"{entry.description}\n\n{text}" if entry.description else text
            return
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

    def _three_lines(self, inline: Token, line: int) -> bool:
        """A triple in one paragraph: a name line, a number line (``14 (0xE)``), text lines."""
        lines = _split_lines(inline, line)
        if len(lines) < 3:
            return False
        name, number = tidy(lines[0][1].text), tidy(lines[1][1].text)
        match = _NUMBER_LINE.fullmatch(number)
        if match is None or not _NAME_LINE.fullmatch(name) or not ("_" in name or name.isupper()):
            return False
        cell = read_code(match.group(1))
        if cell is None or cell.code is None:
            return False
        entry = Entry(cell.code, line, name=name)
        entry.hex = cell.hex
        entry.description = tidy(" ".join(text.text for _, text in lines[2:])) or None
        self.current.entries.append(entry)
        return True

    def _triple(self, inline: Token, line: int) -> bool:
        """Definition-style triples: a name paragraph, a number paragraph (``14 (0xE)``), a text."""
        text = tidy(to_text(inline.children).text)
        pending = self.pending_entry
        self.pending_entry = None
        if pending is not None and text and not _NAME_LINE.fullmatch(text):
            pending.description = text
            return True
        number = _NUMBER_LINE.fullmatch(text)
        if number is not None and self.pending_name is not None:
            cell = read_code(number.group(1))
            if cell is not None and cell.code is not None:
                entry = Entry(cell.code, line, name=self.pending_name[1])
                entry.hex = cell.hex
                self.current.entries.append(entry)
                self.pending_entry = entry
                self.pending_name = None
                return True
        self._drop_name()
        if _NAME_LINE.fullmatch(text) and ("_" in text or text.isupper()):
            self.pending_name = (line, text)
            return True
        return False

    def _drop_name(self) -> None:
        """A name paragraph no number followed: the lone word it is."""
        if self.pending_name is None:
            return
        line, text = self.pending_name
        self.pending_name = None
        why = garbled(text)
        extra = f"; it looks garbled: {why}" if why else ""
        self.report.add(line, "skipped", f"a lone word {text!r}, neither a sentence nor a code{extra}")

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
        self._drop_name()
        self.pending_entry = None
        depth = 0
        raw: list[tuple[int, Text, int]] = []
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
                raw.append((_line(token), Text(""), depth))
            elif token.type == "inline" and raw and not raw[-1][1].text:
                raw[-1] = (raw[-1][0], to_text(token.children, breaks=" "), raw[-1][2])
            index += 1
        items = _nest(raw)
        loose = sum(1 for line, text in items if read_line(text, line, trusted=True) is not None)
        hits = sum(1 for line, text in items if read_line(text, line, trusted=False) is not None)
        trusted = loose >= 2 and loose * 2 >= len(items)
        if hits == 0 and not trusted:
            self._word_list(items)
            return index
        for line, text in items:
            if not tidy(text.text):
                self.report.add(line, "skipped", "an empty list item among codes")
        lines = [(line, text) for line, text in items if tidy(text.text)]
        self._lines(lines, trusted=trusted, in_list=True)
        return index

    def _word_list(self, items: list[tuple[int, Text]]) -> None:
        """A list of string codes, each a code span (or a bold identifier such as
        ``**AccessDenied**``) with its text: ``- `card_declined`: The card was declined.``
        (three or more items, most of the list)."""
        found: list[Entry] = []
        for line, text in items:
            match = _WORD_ITEM.match(text.text.strip())
            if match is None and text.lead == "strong":
                bold = _BOLD_ITEM.match(text.text.strip())
                match = bold if bold is not None and _STYLED.fullmatch(bold.group(1)) else None
            if match is None:
                continue
            rest = match.group(2).strip()
            rest = rest[len("description:") :].strip() if rest.lower().startswith("description:") else rest
            entry = Entry(match.group(1), line)
            title, description = dash_split(rest) if rest else (None, None)
            if description:
                entry.title, entry.description = title, description
            else:
                entry.description = rest or None
            found.append(entry)
        if len(found) >= 3 and len(found) * 5 >= len(items) * 4 and _about_codes(self.current):
            self.current.entries.extend(found)

    def _table(self, index: int) -> int:
        self._flush_html()
        self._drop_name()
        self.pending_entry = None
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
        self._take(interpret(header, rows, self.report, first), labelled=True)
        return index

    def _html(self, token: Token) -> None:
        if not self.pending_html:
            lower = token.content.lower()
            if "<table" not in lower:
                return
            self.pending_line = _line(token)
        self.pending_html.append(token.content)
        lower = token.content.lower()
        self.open_tables += lower.count("<table") - lower.count("</table")
        if self.open_tables <= 0:
            self._flush_html()

    def _flush_html(self) -> None:
        self.open_tables = 0
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
        if token.type == "code_block" and "<table" in content.lower():
            for table in parse_tables(content, line):
                first = table.rows[0][0] if table.rows else line
                self._take(interpret(table.header, table.rows, self.report, first))
            return
        if token.type == "code_block":
            texts = [
                (line + offset, Text(raw)) for offset, raw in enumerate(content.split("\n")) if raw.strip()
            ]
            hits = sum(1 for n, t in texts if read_line(t, n, trusted=True) is not None)
            if hits >= 2 and hits * 2 >= len(texts):
                self._lines(texts, trusted=True)
                return
        if token.type == "code_block" or token.info.strip().lower() in _PLAIN_FENCES:
            from .plaintext import read_block

            block = read_block(content, line, Report(self.report.source))
            if block.entries:
                self.current.entries.extend(block.entries)
                self.current.groups.extend(block.groups)
                self.current.fields.update(block.fields)
                return
        self.current.examples.append((line, content))

    def _take(self, result: TableResult, *, labelled: bool = False) -> None:
        self.current.entries.extend(result.entries)
        self.current.groups.extend(result.groups)
        self.current.fields.update(result.fields)
        label, self.label = self.label, None
        if labelled and label is not None and result.entries:
            codes = list(dict.fromkeys(e.code for e in result.entries))
            self.current.groups.append(GroupDef(label[0], name=label[1], codes=codes))


_WORD_ITEM = re.compile(r"`([A-Za-z_][A-Za-z0-9_.:-]{0,80})`\s*(?:[:—–]|-\s|$)(.*)", re.DOTALL)
_BOLD_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_.:-]{0,80})\s*(?:[:—–]|-\s|$)(.*)", re.DOTALL)
_STYLED = re.compile(
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
)
_ANCHOR = re.compile(r"\{#[A-Za-z0-9_.:-]{1,200}\}")


def _strip_anchor(title: str) -> str:
    """``Title {#custom-id}`` → ``Title`` (a docs-site heading anchor; found by a scan)."""
    at = title.rfind("{#")
    if at < 0 or not _ANCHOR.fullmatch(title[at:].rstrip()):
        return title
    return title[:at]


_PLAIN_FENCES = frozenset(("", "text", "txt", "plain", "plaintext", "none", "table"))
_NAME_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{1,80}")
_NUMBER_LINE = re.compile(
    r"(-?[0-9]{1,18}|0[xX][0-9A-Fa-f]{1,16}[uUlL]{0,3})(?:\s*\(\s*(?:0[xX][0-9A-Fa-f]{1,16}|-?[0-9]{1,18})\s*\))?"
)


_NOT_LABELS = frozenset(("note", "notes", "example", "examples", "warning", "tip", "important", "caution"))


_CODE_WORDS = re.compile(
    r"\b(?:codes?|errors?|status(?:es)?|reasons?|exceptions?|faults?|failures?|results?)\b", re.IGNORECASE
)


def _about_codes(section: Section | None) -> bool:
    """True when ``section`` or a heading above it speaks of codes or errors: string codes (a
    list of code spans, ``### `ERR_X``` headings) count only there, not under ``Parameters``."""
    while section is not None:
        if _CODE_WORDS.search(section.title):
            return True
        section = section.parent
    return False


def _label(inline: Token) -> str | None:
    """A paragraph that is only a short bold phrase (``**Client errors:**``): it names the group
    of the table under it."""
    children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
    if len(children) < 3 or children[0].type != "strong_open":
        return None
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None or any(
        c.type != "text" or c.content.strip() not in (":", ".") for c in children[close + 1 :]
    ):
        return None
    text = tidy(to_text(children[1:close]).text).rstrip(":").strip()
    words = text.split()
    if not words or len(words) > 8 or text.lower() in _NOT_LABELS or read_code(words[0]) is not None:
        return None
    return text


def _nest(raw: list[tuple[int, Text, int]]) -> list[tuple[int, Text]]:
    """List items with the nested items that do not start with a code folded into the item
    above them: MDN's ``- 404 Not Found`` over ``  - : The server cannot find...`` is one code
    with its description (the nested text follows a dash, which separates title and text)."""
    items: list[tuple[int, Text]] = []
    depths: list[int] = []
    for line, text, depth in raw:
        nested = depth > 1 and items and depths[-1] < depth
        if nested and read_line(text, line, trusted=True) is None:
            extra = tidy(text.text).removeprefix(":").strip()
            if extra:
                above = items[-1][1]
                joiner = " — " if " — " not in above.text and ": " not in above.text else " "
                items[-1] = (items[-1][0], Text(f"{above.text}{joiner}{extra}", above.links, above.lead))
            continue
        items.append((line, text))
        depths.append(depth)
    return items


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
