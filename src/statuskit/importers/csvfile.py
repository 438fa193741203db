"""A CSV (or TSV) file with a code column and description columns → one space.

The IANA registries publish their codes this way (``Value,Description,Reference``). The columns
are read like a Markdown table's: the code column by content, the others by their headers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..errors import LoadError, Location
from .assemble import build_spaces
from .inline import Text
from .layout import Plan
from .parts import Section
from .report import Report
from .table import interpret

MAX_FIELD = 1024 * 1024


def import_csv(text: str, report: Report, *, catalog_id: str, delimiter: str | None = None) -> dict[str, Any]:
    """The catalog data of a CSV document; notes go to ``report``."""
    rows = _rows(text, report.source, delimiter)
    section = Section("", 0, 1)
    if rows:
        header_line, header = rows[0]
        result = interpret(header, rows[1:], report, header_line)
        section.entries.extend(result.entries)
        section.groups.extend(result.groups)
        section.fields.update(result.fields)
    report.layout = "one space: a CSV file holds one table"
    spaces = build_spaces([Plan(section, [section])], report)
    return {"catalog": catalog_id.replace("_", "-") or "imported", "spaces": spaces}


def _rows(text: str, source: str, delimiter: str | None) -> list[tuple[int, list[Text]]]:
    sample = text[:4096]
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[Text]]] = []
    try:
        line = 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((line, [Text(cell) for cell in record]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise LoadError(f"not a readable CSV file: {error}", Location(source, reader.line_num)) from None
    return rows
