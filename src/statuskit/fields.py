"""Typed extra attributes of codes (``action``, ``retryable``, ``http``...).

A space declares each field with a small JSON Schema: ``{"type": "boolean"}``,
``{"type": "integer", "minimum": 100, "maximum": 599}``, ``{"type": "string", "enum": [...]}`` or
``{"enum": [...]}``. Every space has the field ``outcome`` (success, failure or info) without
declaring it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._frozen import Value
from .catalog_format import FIELD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

OUTCOMES = ("success", "failure", "info")


class FieldSpec(Value):
    """The declared type of one field."""

    __slots__ = ("name", "type", "enum", "minimum", "maximum", "description", "format", "builtin")
    _compare_skip = ("builtin",)
    name: str
    type: str | None
    enum: tuple[Any, ...] | None
    minimum: float | None
    maximum: float | None
    description: str | None
    format: str | None
    builtin: bool

    def __init__(
        self,
        name: str,
        type: str | None = None,
        enum: tuple[Any, ...] | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        description: str | None = None,
        format: str | None = None,
        builtin: bool = False,
    ) -> None:
        self._init(
            name=name,
            type=type,
            enum=enum,
            minimum=minimum,
            maximum=maximum,
            description=description,
            format=format,
            builtin=builtin,
        )

    def problem(self, value: Any) -> str | None:
        """Why ``value`` does not fit this field, or None when it does."""
        if self.type is not None and not _has_type(value, self.type):
            return f"field {self.name!r} must be {_article(self.type)}, not {describe(value)}"
        if self.enum is not None and value not in self.enum:
            allowed = ", ".join(repr(v) for v in self.enum)
            return f"field {self.name!r} is {value!r}; expected one of {allowed}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return f"field {self.name!r} is {value}; expected at least {_number(self.minimum)}"
            if self.maximum is not None and value > self.maximum:
                return f"field {self.name!r} is {value}; expected at most {_number(self.maximum)}"
        return None

    def to_schema(self) -> dict[str, Any]:
        """The field's declaration, as written in a catalog file (keys in canonical order)."""
        enum = list(self.enum) if self.enum is not None else None
        values = {"type": self.type, "enum": enum, "minimum": self.minimum, "maximum": self.maximum}
        values.update(format=self.format, description=self.description)
        return {key: values[key] for key in FIELD.names if values.get(key) is not None}


OUTCOME_FIELD = FieldSpec("outcome", type="string", enum=OUTCOMES, builtin=True)


def with_outcome(fields: Mapping[str, FieldSpec]) -> dict[str, FieldSpec]:
    """The declared fields plus ``outcome``, which every space has."""
    merged = {"outcome": OUTCOME_FIELD}
    merged.update(fields)
    return merged


def _has_type(value: Any, kind: str) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    return True


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def describe(value: Any) -> str:
    """What a value from a catalog is, for a message ("the string 'x'", "a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
