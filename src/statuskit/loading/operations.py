"""A catalog's ``operations`` and ``always`` → :class:`~statuskit.operations.Operation` records.

The keys and shapes come from the format's tables (``catalog_format.OPERATION``,
``HTTP_ROUTE``); this module checks the values the tables cannot say (an answer is a code or a
group's name, an operation name is unique) and builds the records. Whether the answers name
codes, groups and spaces the catalog declares is a ``check`` rule (``operation-answers``), since
that needs the built spaces.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..catalog_format import HTTP_METHODS, HTTP_ROUTE, OPERATION, ObjectFormat
from ..errors import Location
from ..operations import NO_ANSWERS, Answer, Answers, HttpRoute, Operation
from .document import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, NoReturn, Protocol

    class Reader(Protocol):
        """What the catalog builder offers this module (``loading.build._Reader``)."""

        def where(self, path: Path, *, key: bool = False) -> Location: ...
        def fail(self, path: Path, message: str, *, key: bool = False) -> NoReturn: ...
        def mapping(
            self, path: Path, value: Any, declared: ObjectFormat, what: str = ""
        ) -> dict[str, Any]: ...
        def items(self, path: Path, value: Any, what: str) -> list[Any]: ...
        def strict_text(self, path: Path, value: Any) -> str: ...
        def text(self, path: Path, value: Any, *, optional: bool = True) -> str | None: ...
        def integer(self, path: Path, value: Any, *, low: int = ..., high: int = ...) -> int: ...


def read_operations(reader: Reader, root: Mapping[str, Any]) -> tuple[Operation, ...]:
    """The catalog's operations, in file order; a name used twice is a load error."""
    found: list[Operation] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader.items(("operations",), root.get("operations"), "operations")):
        path: Path = ("operations", index)
        value = reader.mapping(path, raw, OPERATION)
        name = reader.strict_text((*path, "name"), value["name"])
        if name in seen:
            reader.fail(
                (*path, "name"), f"operation {name!r} is declared twice (first as operation {seen[name] + 1})"
            )
        seen[name] = index
        found.append(
            Operation(
                name,
                http=_http(reader, (*path, "http"), value.get("http")),
                command=_keyword(reader, (*path, "command"), value.get("command")),
                line=_keyword(reader, (*path, "line"), value.get("line")),
                opcode=None
                if value.get("opcode") is None
                else reader.integer((*path, "opcode"), value["opcode"]),
                answers=read_answers(reader, (*path, "answers"), value.get("answers")),
                description=reader.text((*path, "description"), value.get("description")),
                location=reader.where(path),
            )
        )
    return tuple(found)


def read_answers(reader: Reader, path: Path, raw: Any) -> Answers:
    """An ``answers`` or ``always`` map: space name → list of codes (integers) and group names."""
    if raw is None:
        return NO_ANSWERS
    if not isinstance(raw, dict):
        reader.fail(path, "answers must map a space name to a list of codes and groups")
    result: dict[str, tuple[Answer, ...]] = {}
    for space, items in raw.items():
        where = (*path, space)
        if not isinstance(space, str) or not space:
            reader.fail(where, "a space name must be a non-empty string", key=True)
        answers: list[Answer] = []
        for position, item in enumerate(reader.items(where, items, f"the answers in space {space!r}")):
            if isinstance(item, str) and item.strip():
                answers.append(item.strip())
            elif isinstance(item, int) and not isinstance(item, bool):
                answers.append(reader.integer((*where, position), item))
            else:
                reader.fail(
                    (*where, position),
                    f"an answer is a code (an integer) or a group's pattern or name, not {item!r:.40}",
                )
        result[space] = tuple(answers)
    return result


def _http(reader: Reader, path: Path, raw: Any) -> HttpRoute | None:
    if raw is None:
        return None
    value = reader.mapping(path, raw, HTTP_ROUTE)
    method = reader.strict_text((*path, "method"), value["method"]).upper()
    if method not in HTTP_METHODS:
        reader.fail(
            (*path, "method"), f"unknown HTTP method {method!r}; expected one of: {', '.join(HTTP_METHODS)}"
        )
    route = reader.strict_text((*path, "route"), value["route"])
    if not route.startswith("/"):
        reader.fail(
            (*path, "route"), f"a route template starts with '/', as in /v4/users/{{id}}; got {route!r:.40}"
        )
    return HttpRoute(method, route)


def _keyword(reader: Reader, path: Path, raw: Any) -> str | None:
    return None if raw is None else reader.strict_text(path, raw)
