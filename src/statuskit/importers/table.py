"""A table's rows → entries, group rows and declared fields.

The code column is found by content, not position: the column whose cells read as codes, with
the headers ``code``/``value``/``status``... breaking ties and a hex column dropped when a decimal
column says the same. The other columns get their role from their headers (a name column, a
short phrase column → title, a meaning column → description) and every other column becomes a
field named after its header. A header row that holds a code is data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import names
from .codes import CodeCell, cell_code, read_code, string_code
from .inline import Text, tidy
from .parts import Entry, FieldDef, GroupDef
from .report import Report

CODE_HEADERS = (
    "code",
    "value",
    "status",
    "opcode",
    "op",
    "number",
    "dec",
    "decimal",
    "id",
    "no",
    "status code",
)
NAME_HEADERS = (
    "name",
    "friendly name",
    "identifier",
    "constant",
    "symbol",
    "enum",
    "mnemonic",
    "code name",
    "status name",
    "error name",
    "reason code name",
    "condition name",
    "condition",
    "macro",
    "constant name",
)
TITLE_HEADERS = ("title", "phrase", "reason phrase", "status text", "short description", "label", "summary")
MEANING_HEADERS = (
    "meaning",
    "explanation",
    "definition",
    "reason",
    "description",
    "details",
    "detail",
    "notes",
    "note",
    "comment",
    "comments",
    "message",
    "desc",
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(slots=True)
class TableResult:
    entries: list[Entry] = field(default_factory=list)
    groups: list[GroupDef] = field(default_factory=list)
    fields: dict[str, FieldDef] = field(default_factory=dict)


def _key(header: str) -> str:
    return " ".join(tidy(header).strip("`*_ :").lower().split())


def interpret(
    header: list[Text] | None, rows: list[tuple[int, list[Text]]], report: Report, first_line: int
) -> TableResult:
    """Read a table; rows it cannot use go to ``report``."""
    if header is not None and any(read_code(tidy(cell.text)) for cell in header):
        rows = [(first_line, header), *rows]
        header = None
    if header is None and len(rows) > 1 and _header_row(rows[0][1]):
        header, rows = rows[0][1], rows[1:]
    result = TableResult()
    width = max([len(cells) for _, cells in rows] + [len(header or [])])
    if not rows or width == 0:
        return result
    grid = [(line, [*cells, *[Text("")] * (width - len(cells))]) for line, cells in rows]
    heads = [_key(cell.text) for cell in header] if header else []
    heads += [""] * (width - len(heads))
    code_col, hex_twin = _code_column(grid, heads)
    strings = False
    named = _identifier_column(grid, heads)
    if named is not None and (code_col is None or _repeats(grid, code_col) or "http" in heads[code_col]):
        code_col, hex_twin, strings = named, None, True
    text_col = _string_column(grid, width)
    if text_col is not None and (
        code_col is None or (code_col == text_col and _alphanumeric(grid, text_col))
    ):
        code_col, hex_twin, strings = text_col, None, True
    if code_col is None:
        for line, cells in grid:
            if any(tidy(c.text) for c in cells):
                report.add(line, "skipped", "table row without a code: " + _row_text(cells))
        return result
    roles = _roles(grid, heads, code_col, hex_twin)
    for column, role in roles.items():
        if role == "field":
            name = names.snake(heads[column]) or f"column_{column + 1}"
            links = sum(1 for _, cells in grid if cells[column].links)
            result.fields[name] = FieldDef(name, heads[column] or name, is_link=links > len(grid) / 2)
    labelled: list[tuple[int, str, list[int | str]]] = []
    for line, cells in grid:
        label = _section_row(cells, code_col)
        if label is not None:
            labelled.append((line, label, []))
            continue
        before = len(result.entries)
        _row(line, cells, code_col, roles, heads, result, report, strings=strings)
        if labelled and len(result.entries) > before:
            labelled[-1][2].append(result.entries[-1].code)
    result.groups.extend(label_group(line, label, codes) for line, label, codes in labelled if codes)
    _category_groups(result)
    return result


_CLASS_LABEL = re.compile(r"(?:Section:\s*)?Class\s+([0-9A-Z]{1,3})\s*[-—–:]\s*(\S.*)", re.IGNORECASE)


def _section_row(cells: list[Text], code_col: int) -> str | None:
    """A row with one filled cell that holds no code (``Class 22 — Data Exception`` spanning the
    table): it names the group of the rows under it."""
    filled = [tidy(c.text) for c in cells if tidy(c.text)]
    if len(filled) != 1 or read_code(filled[0]) is not None or string_code(filled[0]) is not None:
        return None
    if not tidy(cells[code_col].text) and tidy(cells[0].text) != filled[0]:
        return None
    return filled[0] if len(filled[0].split()) <= 12 else None


def label_group(line: int, label: str, codes: list[int | str]) -> GroupDef:
    """The group a label names: ``Class 22 - Data Exception`` over codes that all start with
    ``22`` is the pattern ``22xxx``; any other label is a list of the codes under it."""
    match = _CLASS_LABEL.fullmatch(label)
    if match is not None:
        klass, title = match.group(1), tidy(match.group(2))
        widths = {len(str(c)) for c in codes}
        if len(widths) == 1 and all(str(c).startswith(klass) for c in codes):
            width = next(iter(widths))
            pattern = klass + "x" * (width - len(klass))
            if any(isinstance(c, str) for c in codes) or read_code(pattern) is not None:
                return GroupDef(line, pattern=pattern, title=title)
        return GroupDef(line, name=title, codes=list(dict.fromkeys(codes)))
    return GroupDef(line, name=label, codes=list(dict.fromkeys(codes)))


CATEGORY_HEADERS = (
    "category",
    "class",
    "kind",
    "group",
    "type",
    "error type",
    "error class",
    "error category",
)


def _category_groups(result: TableResult) -> None:
    """A category column (``Channel error``, ``Connection error``) names groups of the rows,
    instead of being a field."""
    for name, definition in list(result.fields.items()):
        if _key(definition.header) not in CATEGORY_HEADERS:
            continue
        values = [e.fields.get(name) for e in result.entries]
        texts = [v for v in values if isinstance(v, str) and v]
        distinct = list(dict.fromkeys(texts))
        if (
            len(texts) * 2 < len(values)
            or not 2 <= len(distinct) <= ENUM_GROUPS
            or len(distinct) == len(texts)
        ):
            continue
        for value in distinct:
            members = [e for e in result.entries if e.fields.get(name) == value]
            result.groups.append(GroupDef(members[0].line, name=value, codes=[e.code for e in members]))
        for entry in result.entries:
            entry.fields.pop(name, None)
        del result.fields[name]


ENUM_GROUPS = 12


def _header_row(cells: list[Text]) -> bool:
    """A first row that names its columns (``Code | Meaning``) in a table read without one."""
    keys = [_key(cell.text) for cell in cells]
    if any(read_code(tidy(cell.text)) for cell in cells):
        return False
    return any(k in CODE_HEADERS or k.endswith(" code") for k in keys) and all(
        len(k.split()) <= 4 for k in keys
    )


def read_cell(text: str) -> tuple[CodeCell | None, str]:
    """The code a cell holds and what else it says (``200 (OK)`` → 200 and ``OK``)."""
    cell = read_code(text)
    if cell is not None:
        return cell, ""
    pair = cell_code(text)
    if pair is not None:
        return pair
    return None, ""


def _string_column(grid: list[tuple[int, list[Text]]], width: int) -> int | None:
    """The column of fixed-width alphanumeric or dotted codes (``22P02``, ``5.1.1``), if any."""
    rows = [cells for _, cells in grid if _section_row(cells, 0) is None]
    for column in range(width):
        values = [tidy(cells[column].text) for cells in rows]
        filled = [v for v in values if v]
        codes = [string_code(v) for v in filled]
        same_width = len({len(c or "") for c in codes}) == 1
        enough = len(filled) >= 2 and len(filled) * 10 >= len(values) * 9
        if enough and all(codes) and same_width and len(set(codes)) * 2 > len(codes):
            return column
    return None


def _alphanumeric(grid: list[tuple[int, list[Text]]], column: int) -> bool:
    """True when a column of fixed-width codes is text, not numbers: some code has a letter or
    a leading zero (SQLSTATE ``0100C``, ``00000``)."""
    values = [string_code(tidy(cells[column].text)) or "" for _, cells in grid]
    return any(v and (not v.isdigit() or (len(v) > 1 and v.startswith("0"))) for v in values)


_WORD_CODE = re.compile(r"`?[A-Za-z_][A-Za-z0-9_.:-]{0,80}`?")


def _identifier_column(grid: list[tuple[int, list[Text]]], heads: list[str]) -> int | None:
    """A column headed as the code (``Error code``, ``Code``, ``Reason``) whose cells are unique
    identifiers: string codes such as ``card_declined``, ``AccessDenied``, ``GL_INVALID_ENUM``."""
    for column, head in enumerate(heads):
        words = head.split()
        if not words or not ({"code", "error", "reason", "status", "type"} & set(words)):
            continue
        values = [tidy(cells[column].text) for _, cells in grid]
        filled = [v for v in values if v]
        if len(filled) < 2 or len(filled) * 10 < len(values) * 9 or len(set(filled)) != len(filled):
            continue
        if all(_WORD_CODE.fullmatch(v) and not read_code(v) for v in filled):
            return column
    return None


def _repeats(grid: list[tuple[int, list[Text]]], column: int) -> bool:
    """True when a numeric column repeats its values (an HTTP status beside each error code)."""
    values = [tidy(cells[column].text) for _, cells in grid if tidy(cells[column].text)]
    return len(set(values)) < len(values)


def _code_column(grid: list[tuple[int, list[Text]]], heads: list[str]) -> tuple[int | None, int | None]:
    scores: list[float] = []
    parsed: list[list[CodeCell | None]] = []
    for column in range(len(heads)):
        cells = [read_cell(tidy(cells[column].text))[0] for _, cells in grid]
        filled = [tidy(cells_[column].text) for _, cells_ in grid if tidy(cells_[column].text)]
        parsed.append(cells)
        found = sum(1 for c in cells if c is not None)
        scores.append(found / len(filled) if filled else 0.0)
    candidates = [c for c in range(len(heads)) if scores[c] >= 0.6]
    if not candidates:
        return None, None

    def rank(column: int) -> tuple[int, float, int]:
        named = 0 if heads[column] in CODE_HEADERS or heads[column].endswith(" code") else 1
        is_hex = all(c is None or c.hex for c in parsed[column])
        return (named + (2 if is_hex else 0), -scores[column], column)

    candidates.sort(key=rank)
    chosen = candidates[0]
    twin = None
    for other in candidates[1:]:
        same = all(
            a is None or b is None or a.code == b.code
            for a, b in zip(parsed[chosen], parsed[other], strict=True)
        )
        if same and any(c is not None and c.hex for c in parsed[other]):
            twin = other
    return chosen, twin


def _roles(
    grid: list[tuple[int, list[Text]]], heads: list[str], code_col: int, twin: int | None
) -> dict[int, str]:
    others = [c for c in range(len(heads)) if c not in (code_col, twin)]
    roles: dict[int, str] = {}
    meaning = [c for c in others if heads[c] in MEANING_HEADERS]
    meaning.sort(key=lambda c: MEANING_HEADERS.index(heads[c]))
    for column in others:
        if heads[column] in NAME_HEADERS and "name" not in roles.values():
            roles[column] = "name"
        elif heads[column] in TITLE_HEADERS and "title" not in roles.values():
            roles[column] = "title"
    if meaning:
        roles[meaning[0]] = "description"
        if len(meaning) > 1 and "title" not in roles.values():
            roles[meaning[1]] = "title"
    if "name" not in roles.values():
        styled = [c for c in others if c not in roles and _styled_identifiers(grid, c)]
        if styled:
            roles[styled[0]] = "name"
    named = [c for c, role in roles.items() if role == "name"]
    if named and not meaning and "title" not in roles.values() and _phrases(grid, named[0]):
        roles[named[0]] = "title"
    rest = [c for c in others if c not in roles]
    if not any(heads):
        return {**roles, **_roles_by_content(grid, rest, has_name="name" in roles.values())}
    if "description" not in roles.values() and rest:
        texts = [c for c in rest if _average(grid, c) > 0 and not _mostly_links(grid, c)]
        unknown = [c for c in texts if not heads[c]] or texts
        if unknown and (not roles or _average(grid, max(unknown, key=lambda c: _average(grid, c))) > 12):
            roles[max(unknown, key=lambda c: _average(grid, c))] = "description"
    for column in others:
        roles.setdefault(column, "field")
    return roles


def _roles_by_content(
    grid: list[tuple[int, list[Text]]], columns: list[int], *, has_name: bool = False
) -> dict[int, str]:
    roles: dict[int, str] = {}
    texts = [c for c in columns if _average(grid, c) > 0]
    for column in texts:
        values = [tidy(cells[column].text) for _, cells in grid if tidy(cells[column].text)]
        identifiers = bool(values) and all(_IDENTIFIER.fullmatch(v) for v in values)
        styled = len(texts) > 1 or any(any(ch.isupper() for ch in v[1:]) or "_" in v for v in values)
        unique = len(set(values)) == len(values)
        if identifiers and styled and unique and not has_name and "name" not in roles.values():
            roles[column] = "name"
    rest = [c for c in texts if c not in roles]
    if rest:
        longest = max(rest, key=lambda c: _average(grid, c))
        roles[longest] = "description"
        rest.remove(longest)
        if rest and _average(grid, rest[0]) > 3:
            roles[rest[0]] = "title"
            rest = rest[1:]
    for column in columns:
        roles.setdefault(column, "field")
    return roles


def _styled_identifiers(grid: list[tuple[int, list[Text]]], column: int) -> bool:
    """True when every cell is a distinct constant-style identifier (``ERROR_SUCCESS``, ``NERR_X``)."""
    values = [tidy(cells[column].text).strip("`") for _, cells in grid]
    filled = [v for v in values if v]
    if len(filled) < 2 or len(filled) < len(values) or len(set(filled)) != len(filled):
        return False
    return all(_IDENTIFIER.fullmatch(v) and ("_" in v or v.isupper()) for v in filled)


def _phrases(grid: list[tuple[int, list[Text]]], column: int) -> bool:
    """True when most cells hold several words: phrases, not identifiers."""
    values = [tidy(cells[column].text) for _, cells in grid if tidy(cells[column].text)]
    return sum(1 for v in values if " " in v) * 2 > len(values)


def _average(grid: list[tuple[int, list[Text]]], column: int) -> float:
    lengths = [len(tidy(cells[column].text)) for _, cells in grid]
    return sum(lengths) / len(lengths) if lengths else 0.0


def _mostly_links(grid: list[tuple[int, list[Text]]], column: int) -> bool:
    return sum(1 for _, cells in grid if cells[column].links) > len(grid) / 2


def _row_text(cells: list[Text]) -> str:
    return " | ".join(tidy(c.text).replace("\n", " ") for c in cells)


def _word_code(raw: str) -> str | None:
    value = raw.strip("`")
    return value if _WORD_CODE.fullmatch(value) else None


def field_value(cell: Text, link_column: bool) -> Any:
    """A field cell's value: a link's URL in a link column, an integer, a boolean, or the text."""
    if link_column and cell.links:
        return cell.links[0]
    text = tidy(cell.text)
    if re.fullmatch(r"-?[0-9]{1,18}", text):
        return int(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text or None


def _row(
    line: int,
    cells: list[Text],
    code_col: int,
    roles: dict[int, str],
    heads: list[str],
    result: TableResult,
    report: Report,
    *,
    strings: bool = False,
) -> None:
    raw = tidy(cells[code_col].text)
    text_code = (string_code(raw) or _word_code(raw)) if strings else None
    cell, extra = (CodeCell(), "") if text_code is not None else read_cell(raw)
    if cell is None:
        if any(tidy(c.text) for c in cells):
            report.add(line, "skipped", f"table row whose code cell {raw!r} is no code: " + _row_text(cells))
        return
    texts: dict[str, str | None] = {"name": None, "title": None, "description": None}
    values: dict[str, Any] = {}
    for column, role in roles.items():
        if role == "field":
            name = names.snake(heads[column]) or f"column_{column + 1}"
            value = field_value(cells[column], result.fields[name].is_link)
            if value is not None:
                values[name] = value
        else:
            value = tidy(cells[column].text)
            if role == "name" and _IDENTIFIER.fullmatch(value.strip("`")):
                value = value.strip("`")
            texts[role] = value or None
    if cell.code is None and text_code is None:
        group = GroupDef(line, pattern=cell.pattern, range=cell.range)
        paren = tidy(extra[1:-1]) if extra.startswith("(") and extra.endswith(")") else ""
        group.title = texts["title"] or texts["name"] or paren or None
        group.description = texts["description"]
        group.defaults = values
        result.groups.append(group)
        report.add(line, "range-row", f"row {raw} is a range of codes, not a code; it became a group")
        return
    if extra.startswith("(") and extra.endswith(")"):
        texts["title"] = texts["title"] or tidy(extra[1:-1]) or None
    elif extra:
        texts["name"] = texts["name"] or extra
    code: int | str = text_code if text_code is not None else cell.code if cell.code is not None else 0
    entry = Entry(code, line, name=texts["name"], title=texts["title"], description=texts["description"])
    entry.hex = cell.hex
    entry.fields = values
    entry.name_from_title = "title" in roles.values() and "name" not in roles.values()
    result.entries.append(entry)
