"""Existing docs → catalogs: Markdown (with HTML tables), CSV, and Python ``IntEnum`` classes.

:func:`import_source` reads a source and returns an :class:`ImportResult`: the canonical catalog
data, the loaded :class:`~statuskit.model.Catalog` (so the result is known to load), and the
:class:`~statuskit.importers.report.Report` of what the importer was unsure of.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..model import Catalog
from .layout import Choice
from .report import Note, Report

CSV_SUFFIXES = (".csv", ".tsv")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import produced."""

    data: dict[str, Any]
    catalog: Catalog
    report: Report


def import_text(
    text: str,
    *,
    source: str = "<input>",
    catalog_id: str | None = None,
    choice: Choice = "guess",
    kind: str = "markdown",
) -> ImportResult:
    """Import a document given as text; ``kind`` is ``markdown``, ``text`` (plain) or ``csv``.

    A Markdown document named ``.txt`` (or ``.h``...) with no Markdown structure is read as
    plain text."""
    data, report = import_data(text, source=source, catalog_id=catalog_id, choice=choice, kind=kind)
    return ImportResult(data, to_catalog(data, source), report)


def import_data(
    text: str,
    *,
    source: str = "<input>",
    catalog_id: str | None = None,
    choice: Choice = "guess",
    kind: str = "markdown",
) -> tuple[dict[str, Any], Report]:
    """The canonical catalog data a document describes and the report, before loading it."""
    report = Report(source)
    ident = catalog_id or _default_id(source)
    if kind == "csv":
        from .csvfile import import_csv

        data = import_csv(
            text, report, catalog_id=ident, delimiter="\t" if source.lower().endswith(".tsv") else None
        )
    else:
        from .markdown import import_markdown
        from .plaintext import PLAIN_SUFFIXES, looks_plain

        suffix = os.path.splitext(source.lower())[1]
        plain = (suffix in PLAIN_SUFFIXES or kind == "text") and looks_plain(text)
        data = import_markdown(text, report, catalog_id=ident, choice=choice, plain=plain)
    return data, report


def import_source(source: str, *, catalog_id: str | None = None, choice: Choice = "guess") -> ImportResult:
    """Import a file (Markdown, CSV) or ``python:package.module:EnumName``."""
    if source.startswith("python:"):
        from .pyenum import import_enum

        report = Report(source)
        data = import_enum(source[len("python:") :], report, catalog_id=catalog_id)
        return ImportResult(data, to_catalog(data, source), report)
    from .textfile import read_source

    text = read_source(source)
    kind = "csv" if source.lower().endswith(CSV_SUFFIXES) else "markdown"
    return import_text(text, source=source, catalog_id=catalog_id, choice=choice, kind=kind)


def to_catalog(data: dict[str, Any], source: str | None = None) -> Catalog:
    """Load imported data through the catalog loader, so it is known to be a valid catalog."""
    from ..loading import resolve_base
    from ..loading.build import build_catalog
    from ..loading.document import Document

    return build_catalog(Document(data, source), resolve_base)


def _default_id(source: str) -> str:
    stem = os.path.splitext(os.path.basename(source))[0]
    return stem if stem and not stem.startswith("<") else "imported"


__all__ = [
    "Choice",
    "ImportResult",
    "Note",
    "Report",
    "import_data",
    "import_source",
    "import_text",
    "to_catalog",
]
