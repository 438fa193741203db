"""Message templates: the wire text of a code, with named placeholders like ``{key}``.

Only plain names are allowed inside braces (no attribute access, indexing, conversions or format
specs), so a template can never reach into the objects it is filled with. ``{{`` and ``}}`` stand
for literal braces.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._frozen import Value
from .errors import TemplateError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any


class Template(Value):
    """A parsed message template."""

    __slots__ = ("text", "parts")
    text: str
    parts: tuple[tuple[str, str | None], ...]

    def __init__(self, text: str, parts: tuple[tuple[str, str | None], ...]) -> None:
        self._init(text=text, parts=parts)

    @classmethod
    def parse(cls, text: str) -> Template:
        """Parse ``text``; raise TemplateError when a placeholder is not a plain name."""
        from string import Formatter  # imported when a template is first parsed (start-up time)

        try:
            pieces = list(Formatter().parse(text))
        except ValueError as error:
            raise TemplateError(f"message template {text!r} does not parse: {error}") from None
        parts: list[tuple[str, str | None]] = []
        for literal, field, spec, conversion in pieces:
            if field is None:
                parts.append((literal, None))
                continue
            if not field.isidentifier():
                what = "an empty placeholder {}" if not field else f"placeholder {{{field}}}"
                raise TemplateError(f"message template {text!r} has {what}; expected a name such as {{key}}")
            if spec or conversion:
                raise TemplateError(
                    f"message template {text!r}: placeholder {{{field}}} may not carry a format "
                    "spec or conversion"
                )
            parts.append((literal, field))
        return cls(text, tuple(parts))

    @property
    def placeholders(self) -> frozenset[str]:
        """The names the template needs."""
        return frozenset(field for _, field in self.parts if field is not None)

    def fill(self, arguments: Mapping[str, Any]) -> str:
        """The message with every placeholder replaced; missing or unknown arguments are an error."""
        needed = self.placeholders
        missing = sorted(needed - arguments.keys())
        unknown = sorted(arguments.keys() - needed)
        if missing or unknown:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(missing))
            if unknown:
                problems.append("unknown " + ", ".join(unknown))
            expected = ", ".join(sorted(needed)) or "no arguments"
            raise TemplateError(f"message {self.text!r}: {'; '.join(problems)} (expected {expected})")
        return "".join(literal + (str(arguments[field]) if field else "") for literal, field in self.parts)
