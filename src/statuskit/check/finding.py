"""What a rule reports: a :class:`Problem` from the rule, a :class:`Finding` from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing a rule found; the engine adds the rule id and severity."""

    message: str
    location: Location | None = None
    space: str | None = None
    code: int | str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem as reported to the user."""

    rule: str
    severity: Severity
    message: str
    file: str | None
    line: int | None
    column: int | None
    space: str | None = None
    code: int | str | None = None

    def to_data(self) -> dict[str, Any]:
        """The finding as in ``statuskit check --format json``."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "space": self.space,
            "code": self.code,
            "message": self.message,
        }

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.rule)
