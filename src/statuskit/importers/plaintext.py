"""Plain-text documents (RFCs, generated lists, header files) → the same section tree as Markdown.

RFC text puts its codes in lists at any indentation (``   500  Syntax error``), a code alone on
a line over an indented paragraph (``   1000``), class lines (``2yz  Positive Completion reply``,
``x0z   Syntax - These replies...``) and numbered headings (``21.4.5 404 Not Found``,
``21.1 Provisional 1xx``). Generated lists and header files put them in whitespace-aligned
columns, with lines such as ``Section: Class 22 - Data Exception`` naming the group of the
rows under them. Page furniture (``[Page 12]`` footers, ``RFC 959 ... October 1985`` headers)
is dropped. A code line counts only when another code line stands at the same indentation in
the same section, so a lone number in an example (``234 A line beginning with numbers``) is no
code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .codes import leading_code, read_code
from .headings import code_heading, heading_group, settle_code_headings
from .inline import Text, tidy
from .lines import read_line
from .parts import Entry, GroupDef, Section
from .report import Report
from .table import interpret

_PAGE_FOOTER = re.compile(r"\S.*\[Page [0-9]{1,4}\]\s*")
_PAGE_HEADER = re.compile(r"RFC [0-9]{1,5}\b.*\b(?:19|20)[0-9]{2}\s*")
_BACK_MATTER = re.compile(
    r"\b(?:references|bibliography|authors?'?s?'? addresses|acknowledge?ments?|contributors|"
    r"index|copyright|intellectual property|full copyright statement)\b",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"\(?[0-9]{1,3}[.)](?:\s|$)")
_HEADING = re.compile(r"( {0,8})([0-9]{1,2}(?:\.[0-9]{1,3})*)(\.?)[ \t]+(\S.*)")
_CLASS = re.compile(r"\s*(?:Section:\s*)?Class\s+([0-9A-Z]{1,3})\s*[-—–:]\s*(\S.*)", re.IGNORECASE)
_SECTION = re.compile(r"\s*Section:\s*(\S.*)")
_CELLS = re.compile(r"\t+\s*|\s{2,}")
_MD_HEADING = re.compile(r"#{1,6} \S")
PLAIN_SUFFIXES = (".txt", ".text", ".h", ".hpp", ".hh", ".c", ".inc", ".rfc", ".lst", ".proto", ".rst")


def _delimiter_row(line: str) -> bool:
    """A Markdown table's delimiter row (``|---|:--:|``): only pipes, dashes, colons, spaces."""
    value = line.strip()
    if "|" not in value or "-" not in value or set(value) - set("|-: "):
        return False
    cores = [cell.strip().strip(":") for cell in value.strip("|").split("|")]
    return all(core and set(core) == {"-"} for core in cores)


def _header_row(line: str, delimiter: str) -> bool:
    """The row above a delimiter row names as many columns as it has, none of them empty."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return "|" in line and all(cells) and len(cells) == len(delimiter.strip().strip("|").split("|"))


def looks_plain(text: str) -> bool:
    """True when a ``.txt``-like document holds no Markdown structure (headings set off by blank
    lines, pipe tables, fences), so its indentation is layout, not code blocks."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("```") or (index and _delimiter_row(line) and _header_row(lines[index - 1], line)):
            return False
        if _MD_HEADING.match(line):
            before = index == 0 or not lines[index - 1].strip()
            after = index + 1 >= len(lines) or not lines[index + 1].strip()
            if before and after:
                return False
    return True


@dataclass(slots=True)
class _Line:
    number: int
    indent: int
    text: str


def read_plain(text: str, report: Report) -> Section:
    """The section tree of a plain-text document."""
    lines, underlined = _underlined(_content(text))
    root = Section("", 0, 1)
    current = root
    blocks: list[tuple[Section, list[_Line]]] = [(root, [])]
    for line in lines:
        heading = (underlined[line.number], line.text) if line.number in underlined else _heading(line)
        if heading is not None:
            level, title = heading
            section = Section(title, level, line.number)
            group = heading_group(line.text)
            if group is not None:
                section.pattern, section.pattern_title = group
            else:
                section.entry = code_heading(line.text, line.number)
            parent = current
            while parent.level >= level and parent.parent is not None:
                parent = parent.parent
            section.parent = parent
            parent.children.append(section)
            current = section
            blocks.append((section, []))
            continue
        blocks[-1][1].append(line)
    for section, body in blocks:
        _read_body(section, body, report)
    settle_code_headings(root)
    return root


_ADORNMENT = frozenset("=-~^*+#\"'`:._")


def _adornment(text: str) -> str | None:
    """The character of a reStructuredText title underline (``=====``), if ``text`` is one."""
    if len(text) >= 3 and text[0] in _ADORNMENT and text == text[0] * len(text):
        return text[0]
    return None


def _underlined(lines: list[_Line]) -> tuple[list[_Line], dict[int, int]]:
    """reStructuredText titles (a line over ``=====``, with or without an overline) as headings
    (levels in order of first use of each adornment); table borders (``=====  ====``,
    ``+----+----+``) and ``..`` directive lines dropped."""
    levels: dict[tuple[str, bool], int] = {}
    headings: dict[int, int] = {}
    out: list[_Line] = []
    skip: set[int] = set()
    for index, line in enumerate(lines):
        if index in skip:
            continue
        below = lines[index + 1] if index + 1 < len(lines) else None
        char = _adornment(below.text) if below is not None else None
        title = line.text and line.indent == 0 and _adornment(line.text) is None
        if below is not None and char and title and len(below.text) >= len(line.text):
            over = bool(out) and _adornment(out[-1].text) == char
            if over:
                out.pop()
            key = (char, over)
            headings[line.number] = levels.setdefault(key, len(levels) + 1)
            out.append(line)
            skip.add(index + 1)
            continue
        if line.text.startswith(".. ") or _border(line.text):
            continue
        out.append(line)
    return out, headings


def _border(text: str) -> bool:
    """A table border: ``=====  =======`` or ``+------+------+``."""
    return len(text) >= 3 and set(text) <= set("=-+ :|") and ("==" in text or "--" in text)


def _content(text: str) -> list[_Line]:
    """Numbered lines without page furniture, comment lines or form feeds; blanks kept as ''."""
    out: list[_Line] = []
    after_header = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.replace("\f", "").rstrip()
        if _toc_line(line):
            continue
        if _PAGE_FOOTER.fullmatch(line) or _PAGE_HEADER.fullmatch(line):
            after_header = _PAGE_HEADER.fullmatch(line) is not None
            continue
        if after_header and line and not line[0].isspace() and not line[0].isdigit():
            after_header = False
            continue
        after_header = False
        stripped = line.lstrip()
        if stripped.startswith("# ") or stripped == "#" or stripped.startswith(("#ifndef", "#endif", "#if ")):
            continue
        out.append(_Line(number, len(line) - len(stripped), stripped))
    return out


def _heading(line: _Line) -> tuple[int, str] | None:
    match = _HEADING.fullmatch(" " * line.indent + line.text)
    if match is None:
        return None
    number, dot, rest = match.group(2), match.group(3), match.group(4)
    if "." not in number and not (line.indent == 0 and (dot or rest[:1].isupper())):
        return None
    if not rest[:1].isalnum():
        return None
    return number.count(".") + 1, line.text


_DEFINE = re.compile(
    r"#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+\(?[ \t]*(-?(?:0[xX][0-9A-Fa-f]{1,16}|[0-9]{1,18}))"
    r"[uUlL]{0,3}[ \t]*\)?[ \t]*((?:/\*|//).*)?"
)


def _toc_line(line: str) -> bool:
    """A table-of-contents line: text, a dot leader, a page number (found by a scan)."""
    body = line.rstrip()
    rest = body.rstrip("0123456789")
    if not 1 <= len(body) - len(rest) <= 4:
        return False
    rest = rest.rstrip()
    return rest.endswith("...") or rest.endswith(". . .")


def comment_text(cell: str) -> str:
    """``/* text */`` or ``// text`` → ``text``; any other cell as it is."""
    value = cell.strip()
    if value.startswith("/*") and value.endswith("*/") and len(value) >= 4:
        return value[2:-2].strip()
    if value.startswith("//"):
        return value[2:].strip()
    return cell


_ASSIGN = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(-?(?:0[xX][0-9A-Fa-f]{1,16}|[0-9]{1,18}))[uUlL]{0,3}[ \t]*[,;]?"
    r"[ \t]*((?:/\*|//).*)?"
)


def _guard(name: str) -> bool:
    """An include guard (``_OPCUA_STATUSCODES_H_``, ``FOO_HPP``, ``BAR_INCLUDED``), no code."""
    return name.rstrip("_").upper().endswith(("_H", "_HPP", "_INCLUDED"))


def _defines(section: Section, body: list[_Line]) -> set[int]:
    """``#define NAME 0x80010000 /* text */`` lines (two or more), or enum members ``NAME = 5;``
    (proto, C, TypeScript; three or more): codes with their names; the text is the trailing
    comment or the comment block just above the line."""
    found: list[tuple[int, re.Match[str]]] = []
    for index, line in enumerate(body):
        match = _DEFINE.fullmatch(line.text)
        if match is not None and not _guard(match.group(1)):
            found.append((index, match))
    if len(found) < 2:
        found = [
            (index, match)
            for index, line in enumerate(body)
            if (match := _ASSIGN.fullmatch(line.text)) is not None and not match.group(1).islower()
        ]
        if len(found) < 3:
            return set()
    for index, match in found:
        cell = read_code(match.group(2))
        if cell is None or cell.code is None:
            continue
        entry = Entry(cell.code, body[index].number, name=match.group(1))
        entry.hex = cell.hex
        trailing = comment_text(match.group(3)) if match.group(3) else ""
        entry.description = (trailing or _comment_above(body, index)) or None
        section.entries.append(entry)
    return {body[index].number for index, _ in found} | _comment_lines(body, found)


def _comment_above(body: list[_Line], index: int) -> str:
    texts: list[str] = []
    at = index - 1
    if at >= 0 and body[at].text.startswith("//"):
        while at >= 0 and body[at].text.startswith("//"):
            texts.insert(0, body[at].text[2:].strip())
            at -= 1
        return tidy(" ".join(t for t in texts if t))
    if at < 0 or not body[at].text.endswith("*/"):
        return ""
    while at >= 0:
        text = body[at].text
        inner = text.strip("/*=- \t")
        if inner:
            texts.insert(0, inner)
        if text.startswith("/*"):
            break
        at -= 1
    return tidy(" ".join(texts))


def _comment_lines(body: list[_Line], found: list[tuple[int, re.Match[str]]]) -> set[int]:
    taken: set[int] = set()
    for index, _ in found:
        at = index - 1
        while at >= 0 and body[at].text.startswith("//"):
            taken.add(body[at].number)
            at -= 1
        if at < 0 or not body[at].text.endswith("*/"):
            continue
        while at >= 0:
            taken.add(body[at].number)
            if body[at].text.startswith("/*"):
                break
            at -= 1
    return taken


def _read_body(section: Section, body: list[_Line], report: Report) -> None:
    taken = _defines(section, body)
    body = [line for line in body if line.number not in taken]
    columns = _column_rows(body)
    taken = {line.number for line in columns}
    taken |= {line.number for line in body if _CLASS.fullmatch(line.text) or _SECTION.fullmatch(line.text)}
    _columns(section, body, columns, report)
    candidates: dict[int, list[int]] = {}
    back_matter = bool(_BACK_MATTER.search(section.title))
    for index, line in enumerate(body):
        if line.number in taken or not line.text or _LIST_MARKER.match(line.text) or back_matter:
            continue
        first = line.text.split()[0]
        if read_code(first) is None or not _starts_entry(line.text[len(first) :].strip()):
            continue
        found = leading_code(line.text)
        if found is not None and (found[0].code is not None or found[0].range or found[0].pattern):
            candidates.setdefault(line.indent, []).append(index)
    paragraph: list[str] = []
    index = 0
    while index < len(body):
        line = body[index]
        if line.number in taken:
            index += 1
            continue
        if not line.text:
            _flush(section, paragraph)
            index += 1
            continue
        if len(candidates.get(line.indent, [])) >= 2 and index in candidates[line.indent]:
            _flush(section, paragraph)
            index = _code_line(section, body, index, report)
            continue
        paragraph.append(line.text)
        index += 1
    _flush(section, paragraph)


def _starts_entry(rest: str) -> bool:
    """What follows a code on a code line reads as its text, not as prose that wrapped onto a
    number (``488 (Not Acceptable Here), which also...``, ``2543, January 1998.``)."""
    if not rest:
        return True
    if rest.startswith("("):
        close = rest.find(")")
        after = rest[close + 1 :].lstrip() if close > 0 else ","
        return not after or after[0] in ":—–-" or after[0].isupper()
    if rest[0] in ":—–-=":
        return True
    return rest[0].isupper() or rest[0] in "<\"'`*"


def _flush(section: Section, paragraph: list[str]) -> None:
    if paragraph:
        text = tidy(" ".join(paragraph))
        if section.entry is not None:
            entry = section.entry
            entry.description = f"{entry.description}\n\n{text}" if entry.description else text
        elif text:
            section.paragraphs.append(text)
            section.prose.append((0, text))
        paragraph.clear()


def _code_line(section: Section, body: list[_Line], index: int, report: Report) -> int:
    """Read the code line at ``index`` with its continuation; return the next index."""
    line = body[index]
    found = read_line(Text(line.text), line.number, trusted=True)
    index += 1
    more: list[str] = []
    alone = found is not None and _alone(line.text)
    while index < len(body):
        nxt = body[index]
        if not nxt.text:
            ahead = index
            while ahead < len(body) and not body[ahead].text:
                ahead += 1
            deeper = ahead < len(body) and body[ahead].indent > line.indent
            if not more and deeper and (alone or isinstance(found, GroupDef) or _titled(found)):
                index = ahead
                continue
            break
        if nxt.indent <= line.indent:
            break
        more.append(nxt.text)
        index += 1
    extra = tidy(" ".join(more)) or None
    if isinstance(found, Entry):
        if extra and alone:
            found.description = extra
        elif extra:
            found.description = f"{found.description} {extra}" if found.description else extra
        section.entries.append(found)
    elif isinstance(found, GroupDef):
        if extra:
            found.description = f"{found.description} {extra}" if found.description else extra
        section.groups.append(found)
    else:
        report.add(line.number, "skipped", f"skipped the line {line.text!r}: it does not start with a code")
    return index


def _titled(found: Entry | GroupDef | None) -> bool:
    """A code line whose text is a short title (no sentence): the indented paragraph under it,
    after a blank line, is its description."""
    return (
        isinstance(found, Entry)
        and bool(found.title)
        and not found.description
        and not (found.title or "").endswith(".")
    )


def read_block(text: str, first_line: int, report: Report) -> Section:
    """A Markdown code block read as plain text (aligned columns, reply lists); its codes and
    groups are in the returned section."""
    section = Section("", 0, first_line)
    body: list[_Line] = []
    for offset, raw in enumerate(text.split("\n")):
        line = raw.rstrip()
        stripped = line.lstrip()
        body.append(_Line(first_line + offset, len(line) - len(stripped), stripped))
    _read_body(section, body, report)
    return section


def _alone(text: str) -> bool:
    return len(text.split()) == 1


def _split_cells(text: str) -> list[str]:
    value = text.strip()
    if value.startswith("|") and value.endswith("|") and value.count("|") >= 3:
        return [c.strip() for c in value[1:-1].split("|")]  # a grid-table row
    cells = [c for c in _CELLS.split(value) if c]
    out: list[str] = []
    for cell in cells:
        out.append(comment_text(cell))
    if len(out) >= 2 and out[0] == "#define":
        out = out[1:]
    return out


def _column_rows(body: list[_Line]) -> list[_Line]:
    """Lines of a whitespace-aligned table: three or more cells, one of them a code, in runs."""
    rows = [line for line in body if line.text and len(_split_cells(line.text)) >= 3]
    if len(rows) < 2:
        return []
    widths = [len(_split_cells(line.text)) for line in rows]
    common = max(set(widths), key=widths.count)
    return [line for line, width in zip(rows, widths, strict=True) if abs(width - common) <= 1]


def _columns(section: Section, body: list[_Line], rows: list[_Line], report: Report) -> None:
    if not rows:
        return
    grid = [(line.number, [Text(c) for c in _split_cells(line.text)]) for line in rows]
    result = interpret(None, grid, report, rows[0].number)
    if not result.entries:
        return
    section.entries.extend(result.entries)
    section.groups.extend(result.groups)
    section.fields.update({k: v for k, v in result.fields.items() if not _constant(result.entries, k)})
    for entry in result.entries:
        for key in [k for k in entry.fields if k not in section.fields]:
            del entry.fields[key]
    _section_groups(section, body, result.entries)


def _constant(entries: list[Entry], key: str) -> bool:
    return len({str(e.fields.get(key)) for e in entries}) <= 1


def _section_groups(section: Section, body: list[_Line], entries: list[Entry]) -> None:
    """``Section: Class 22 - Data Exception`` lines name the group of the rows under them."""
    marks: list[tuple[int, str | None, str]] = []
    for line in body:
        match = _CLASS.fullmatch(line.text)
        if match is not None:
            marks.append((line.number, match.group(1), tidy(match.group(2))))
            continue
        plain = _SECTION.fullmatch(line.text)
        if plain is not None:
            marks.append((line.number, None, tidy(plain.group(1))))
    for index, (start, klass, title) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else 1 << 60
        members = [e for e in entries if start < e.line < end]
        if not members:
            continue
        codes = [e.code for e in members]
        widths = {len(str(c)) for c in codes}
        if klass and len(widths) == 1 and all(str(c).startswith(klass) for c in codes):
            width = next(iter(widths))
            if isinstance(codes[0], str) or read_code(klass + "x" * (width - len(klass))) is not None:
                pattern = klass + "x" * (width - len(klass))
                section.groups.append(GroupDef(start, pattern=pattern, title=title))
                continue
        section.groups.append(GroupDef(start, name=title, codes=list(dict.fromkeys(codes))))
