"""What an importer finds in a document, before it becomes a catalog.

Every part keeps the document line it came from, so the report can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Entry:
    """One code as a row or a line states it."""

    code: int | str
    line: int
    name: str | None = None
    title: str | None = None
    description: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    name_from_title: bool = False
    hex: bool = False


@dataclass(slots=True)
class GroupDef:
    """A group a document states: a pattern, a range, or a named list of codes."""

    line: int
    pattern: str | None = None
    range: tuple[int, int] | None = None
    name: str | None = None
    codes: list[int | str] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        if self.pattern is not None:
            return self.pattern.lower()
        if self.range is not None:
            return f"{self.range[0]}-{self.range[1]}"
        return self.name or ""


@dataclass(slots=True)
class FieldDef:
    """An extra column: the field it becomes and how its values look."""

    name: str
    header: str
    is_link: bool = False


@dataclass(slots=True)
class Section:
    """A heading and what stands under it, down to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    pattern: str | None = None
    pattern_title: str | None = None
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    groups: list[GroupDef] = field(default_factory=list)
    fields: dict[str, FieldDef] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    examples: list[tuple[int, str]] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)
    entry: Entry | None = field(default=None, repr=False)

    def walk(self) -> list[Section]:
        """This section and every section under it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def all_entries(self) -> list[Entry]:
        return [entry for section in self.walk() for entry in section.entries]

    @property
    def has_codes(self) -> bool:
        return any(section.entries for section in self.walk())
