"""Status values: a code of a space as it travels, with its wire text and extra data.

``space.status(22, key="a")`` fills the code's message template ("key a does not exist");
a missing or unknown argument raises :class:`~statuskit.errors.TemplateError` at the call, so a
half-filled message never reaches the wire. A status of an undeclared code (as decoded from the
wire) has ``entry`` None and is still a value, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import StatuskitError, TemplateError, UnknownCodeError
from .model import EMPTY, Code, Group, _empty

if TYPE_CHECKING:
    from .model import Space


@dataclass(frozen=True, slots=True)
class Status:
    """One status: ``code`` in ``space``, the catalog ``entry`` (None when undeclared) and wire data.

    ``arguments`` are the values the message template was filled with, ``detail`` an extra
    free-form text for people, ``data`` any extra members the wire message carries.
    """

    space: Space
    code: int
    entry: Code | None
    detail: str | None = None
    arguments: Mapping[str, Any] = field(default_factory=_empty)
    data: Mapping[str, Any] = field(default_factory=_empty)
    wire_text: str | None = None

    @classmethod
    def of(
        cls,
        space: Space,
        code: int | str,
        *,
        detail: str | None = None,
        arguments: Mapping[str, Any] = EMPTY,
        data: Mapping[str, Any] = EMPTY,
    ) -> Status:
        """A status of a declared code; unknown codes and bad template arguments raise here."""
        entry = space.lookup(code)
        template = entry.template
        if template is not None:
            template.fill(arguments)
        elif arguments:
            raise TemplateError(
                f"code {entry.code} of space {space.name!r} has no message template; "
                f"unexpected arguments: {', '.join(sorted(arguments))}"
            )
        return cls(space, entry.code, entry, detail, dict(arguments), dict(data))

    @classmethod
    def received(
        cls,
        space: Space,
        code: int,
        *,
        text: str | None = None,
        detail: str | None = None,
        data: Mapping[str, Any] = EMPTY,
    ) -> Status:
        """A status decoded from the wire; an undeclared code gives ``entry`` None."""
        entry = space.get(code)
        return cls(space, code, entry, detail, EMPTY, dict(data), text)

    @property
    def declared(self) -> bool:
        return self.entry is not None

    @property
    def name(self) -> str | None:
        return self.entry.name if self.entry is not None else None

    @property
    def groups(self) -> tuple[Group, ...]:
        """The code's groups, derived from the space (also for undeclared codes)."""
        return self.space.groups_of(self.code)

    def field(self, name: str, default: Any = None) -> Any:
        """A field of the code, group defaults applied (also for undeclared codes)."""
        if self.entry is not None:
            return self.entry.field(name, default)
        for group in reversed(self.groups):
            if name in group.defaults:
                return group.defaults[name]
        return default

    @property
    def outcome(self) -> str | None:
        value = self.field("outcome")
        return value if isinstance(value, str) else None

    @property
    def ok(self) -> bool:
        """True when the catalog says the code is a success."""
        return self.outcome == "success"

    def text(self, lang: str | None = None) -> str:
        """The wire text: the message filled with the arguments, in ``lang`` when translated."""
        if self.entry is None:
            return self.wire_text or ""
        message = self.entry.translated("message", lang)
        if message is not None:
            from .templates import Template

            return Template.parse(message).fill(self.arguments)
        return self.entry.text(lang) or self.wire_text or ""

    def error(self) -> StatusError:
        """An exception carrying this status."""
        return StatusError(self)

    def __str__(self) -> str:
        text = self.text()
        if self.detail:
            text = f"{text}: {self.detail}" if text else self.detail
        return f"{self.code} {text}".rstrip()


class StatusError(StatuskitError):
    """A status raised as an exception; handlers and integrations turn it into a response."""

    def __init__(self, status: Status) -> None:
        super().__init__(str(status))
        self.status = status

    @property
    def code(self) -> int:
        return self.status.code


__all__ = ["Status", "StatusError", "UnknownCodeError"]
