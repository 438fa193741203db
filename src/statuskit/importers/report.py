"""The import report: what the importer was unsure of, with the document's line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "duplicate",
    "blank-meaning",
    "skipped",
    "no-group",
    "garbled",
    "undefined-code",
    "range-row",
    "layout",
    "merged-group",
    "count-mismatch",
]


@dataclass(frozen=True, slots=True)
class Note:
    """One thing a person should look at: where, what kind, and what the importer did."""

    line: int | None
    kind: Kind
    message: str

    def to_data(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "message": self.message}


@dataclass(slots=True)
class Report:
    """Notes in document order, plus how the importer chose the catalog's spaces."""

    source: str
    notes: list[Note] = field(default_factory=list)
    layout: str = ""

    def add(self, line: int | None, kind: Kind, message: str) -> None:
        self.notes.append(Note(line, kind, message))

    def sorted_notes(self) -> list[Note]:
        return sorted(self.notes, key=lambda n: (n.line is None, n.line or 0))

    def to_data(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "layout": self.layout,
            "notes": [note.to_data() for note in self.sorted_notes()],
        }

    def to_text(self) -> str:
        """One line per note, ``file:line: kind: message``, the layout decision first."""
        lines = [f"{self.source}: layout: {self.layout}"] if self.layout else []
        for note in self.sorted_notes():
            where = f"{self.source}:{note.line}" if note.line is not None else self.source
            lines.append(f"{where}: {note.kind}: {note.message}")
        return "\n".join(lines) + ("\n" if lines else "")
