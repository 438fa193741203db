"""Status values: a code of a space as it travels, with its wire text and extra data.

``space.status(22, key="a")`` fills the code's message template ("key a does not exist");
a missing or unknown argument raises :class:`~statuskit.errors.TemplateError` at the call, so a
half-filled message never reaches the wire. A status of an undeclared code (as decoded from the
wire) has ``entry`` None and is still a value, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import StatuskitError, TemplateError, UnknownCodeError
from .model import EMPTY, Code, Group
from .templates import Template

if TYPE_CHECKING:
    from .model import Space

_TEMPLATES: dict[str, Template] = {}


def _template(text: str) -> Template:
    """A parsed template, parsed once per distinct text (wire paths fill the same few often)."""
    template = _TEMPLATES.get(text)
    if template is None:
        template = Template.parse(text)
        if len(_TEMPLATES) < 4096:
            _TEMPLATES[text] = template
    return template


class Status(tuple[Any, ...]):
    """One status: ``code`` in ``space``, the catalog ``entry`` (None when undeclared) and wire data.

    ``arguments`` are the values the message template was filled with, ``detail`` an extra
    free-form text for people, ``data`` any extra members the wire message carries.
    ``wire_text`` is the text as it was received (None for statuses made here).
    Immutable; a tuple underneath, because codecs make one per message and that must be cheap.
    """

    __slots__ = ()

    def __new__(
        cls,
        space: Space,
        code: int,
        entry: Code | None,
        detail: str | None = None,
        arguments: Mapping[str, Any] = EMPTY,
        data: Mapping[str, Any] = EMPTY,
        wire_text: str | None = None,
        filled: str | None = None,
    ) -> Status:
        return tuple.__new__(cls, (space, code, entry, detail, arguments, data, wire_text, filled))

    @property
    def space(self) -> Space:
        return self[0]  # type: ignore[no-any-return]

    @property
    def code(self) -> int:
        return self[1]  # type: ignore[no-any-return]

    @property
    def entry(self) -> Code | None:
        return self[2]  # type: ignore[no-any-return]

    @property
    def detail(self) -> str | None:
        return self[3]  # type: ignore[no-any-return]

    @property
    def arguments(self) -> Mapping[str, Any]:
        return self[4]  # type: ignore[no-any-return]

    @property
    def data(self) -> Mapping[str, Any]:
        return self[5]  # type: ignore[no-any-return]

    @property
    def wire_text(self) -> str | None:
        return self[6]  # type: ignore[no-any-return]

    @property
    def filled(self) -> str | None:
        """The message template filled with the arguments, when the status was made here."""
        return self[7]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return (
            f"Status(space={self.space.name!r}, code={self.code}, declared={self.entry is not None}, "
            f"detail={self.detail!r}, arguments={dict(self.arguments)!r}, data={dict(self.data)!r}, "
            f"wire_text={self.wire_text!r})"
        )

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((id(self.space), self.code, self.detail, self.wire_text))

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
        entry = dict.get(space, code) if type(code) is int else None
        if entry is None:
            entry = space.lookup(code)
        filled: str | None = None
        if entry.message is not None:
            filled = _template(entry.message).fill(arguments)
        elif arguments:
            raise TemplateError(
                f"code {entry.code} of space {space.name!r} has no message template; "
                f"unexpected arguments: {', '.join(sorted(arguments))}"
            )
        if detail is not None and not isinstance(detail, str):
            raise TemplateError(f"detail must be a string, not {type(detail).__name__}")
        return tuple.__new__(
            cls,
            (
                space,
                entry.code,
                entry,
                detail,
                dict(arguments) if arguments else EMPTY,
                dict(data) if data else EMPTY,
                None,
                filled,
            ),
        )

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
        entry = dict.get(space, code)
        if entry is None and space.base is not None:
            entry = space.get(code)
        return tuple.__new__(cls, (space, code, entry, detail, EMPTY, data if data else EMPTY, text, None))

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
        """The wire text: the message filled with the arguments, in ``lang`` when translated.

        A received status keeps the text it arrived with; asked for a language, it gives the
        catalog's translation when that needs no arguments, else the received text.
        """
        entry = self.entry
        if entry is None:
            return self.wire_text or ""
        if lang is None:
            if self.wire_text is not None:
                return self.wire_text
            if self.filled is not None:
                return self.filled
        message = entry.translated("message", lang)
        if message is not None:
            template = _template(message)
            if template.placeholders <= self.arguments.keys():
                return template.fill({k: self.arguments[k] for k in template.placeholders})
            if self.wire_text is not None:
                return self.wire_text
        for attribute in ("title", "description"):
            value = entry.translated(attribute, lang)
            if value:
                return value
        return self.wire_text or ""

    def title(self, lang: str | None = None) -> str:
        """A short phrase for the code, the same on every occurrence: title, description or name."""
        entry = self.entry
        if entry is None:
            return self.wire_text or ""
        for attribute in ("title", "description"):
            value = entry.translated(attribute, lang)
            if value:
                return value
        return entry.name or self.text(lang)

    def message(self, lang: str | None = None) -> str:
        """The text with ``detail`` appended: what goes on a wire that has one text slot."""
        text = self.text(lang)
        if self.detail:
            # "Command error." + "no such track" reads "Command error: no such track".
            return f"{text.removesuffix('.')}: {self.detail}" if text else self.detail
        return text

    def error(self) -> StatusError:
        """An exception carrying this status."""
        return StatusError(self)

    def __str__(self) -> str:
        return f"{self.code} {self.message()}".rstrip()


class StatusError(StatuskitError):
    """A status raised as an exception; handlers and integrations turn it into a response."""

    def __init__(self, status: Status) -> None:
        super().__init__(str(status))
        self.status = status

    @property
    def code(self) -> int:
        return self.status.code


__all__ = ["Status", "StatusError", "UnknownCodeError"]
