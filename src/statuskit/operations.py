"""Operations: which route, command or opcode of a system may answer which codes.

A catalog's ``operations`` name each thing a client can ask (``get-user``), how it is recognised
on the wire (``http: {method, route}``, ``command:``, ``line:`` or ``opcode:``) and its
``answers``: per space, the codes and groups it may send. The catalog-wide ``always`` map holds
what any operation may send (429, 502, 503, 504 from the infrastructure in front of it).

These are the records only; they import nothing of the model, so that the model can hold them.
What an operation allows, with groups resolved against the spaces, is
:mod:`statuskit.conformance.answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._frozen import Value
from .errors import Location

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

Answer = int | str
"""A code (an integer) or a group of the space (its pattern, range ``low-high`` or list name)."""
Answers = Mapping[str, tuple[Answer, ...]]
"""Per space name, the codes and groups."""
NO_ANSWERS: Answers = MappingProxyType({})


class HttpRoute(Value):
    """An HTTP operation's method and route template (``GET``, ``/v4/users/{id}``)."""

    __slots__ = ("method", "route")
    method: str
    route: str

    def __init__(self, method: str, route: str) -> None:
        self._init(method=method.upper(), route=route)

    def __str__(self) -> str:
        return f"{self.method} {self.route}"


class Operation(Value):
    """One operation: its name, how it is recognised on the wire, and the codes it may answer."""

    __slots__ = ("name", "http", "command", "line", "opcode", "answers", "description", "location")
    _compare_skip = ("location",)
    _repr_skip = ("location",)
    name: str
    http: HttpRoute | None
    command: str | None
    line: str | None
    opcode: int | None
    answers: Answers
    description: str | None
    location: Location | None

    def __init__(
        self,
        name: str,
        *,
        http: HttpRoute | None = None,
        command: str | None = None,
        line: str | None = None,
        opcode: int | None = None,
        answers: Answers = NO_ANSWERS,
        description: str | None = None,
        location: Location | None = None,
    ) -> None:
        self._init(
            name=name,
            http=http,
            command=command,
            line=line,
            opcode=opcode,
            answers=MappingProxyType({space: tuple(items) for space, items in answers.items()}),
            description=description,
            location=location,
        )

    @property
    def wire(self) -> str:
        """How the operation is recognised, for people: ``GET /v4/users/{id}``, ``command KV_GET``."""
        if self.http is not None:
            return str(self.http)
        if self.command is not None:
            return f"command {self.command}"
        if self.line is not None:
            return f"line {self.line}"
        if self.opcode is not None:
            return f"opcode {self.opcode}"
        return ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The names the runtime may give the operation: its name, then how it is recognised."""
        found = [self.name]
        if self.http is not None:
            found.append(str(self.http))
        for value in (self.command, self.line, self.opcode):
            if value is not None:
                found.append(str(value))
        return tuple(found)

    def to_data(self) -> dict[str, Any]:
        """The operation as written in a catalog file (keys in canonical order)."""
        data: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            data["description"] = self.description
        if self.http is not None:
            data["http"] = {"method": self.http.method, "route": self.http.route}
        if self.command is not None:
            data["command"] = self.command
        if self.line is not None:
            data["line"] = self.line
        if self.opcode is not None:
            data["opcode"] = self.opcode
        data["answers"] = answers_data(self.answers)
        return data


def answers_data(answers: Answers) -> dict[str, list[Answer]]:
    """An ``answers`` or ``always`` map as written in a catalog file."""
    return {space: list(items) for space, items in answers.items()}


def answers_text(answers: Answers) -> str:
    """An ``answers`` map for people: ``http: 200, 404; json: 10001, 4xxxx``."""
    return "; ".join(f"{space}: {', '.join(str(a) for a in items)}" for space, items in answers.items())


def find(operations: tuple[Operation, ...], key: str) -> Operation | None:
    """The operation ``key`` names: by name first, then by how it is recognised on the wire."""
    for operation in operations:
        if operation.name == key:
            return operation
    for operation in operations:
        if key in operation.keys:
            return operation
    return None
