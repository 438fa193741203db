"""What each operation of a catalog may answer, with its groups resolved against the spaces.

Shared by ``check`` (answers that name nothing), ``render`` (who sends a code), the pytest
plugin and ``statuskit live`` (a status outside its operation's answers).

:class:`Policy` is a catalog's operations made ready for checking statuses: it finds the
operation a runtime name refers to (its name, ``METHOD /route``, a command, a line keyword, an
opcode) and tells whether a code of a space is among the operation's answers or the catalog's
``always``. :func:`resolve` also reports answers that name no declared space, code or group
(the ``operation-answers`` check rule shows them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .errors import StatuskitError
from .model import Catalog, Group, Space
from .operations import Answers, Operation, find


@dataclass(frozen=True, slots=True)
class Allowed:
    """The codes one operation (or ``always``) allows in one space: explicit codes and groups."""

    space: Space
    codes: frozenset[int | str]
    groups: tuple[Group, ...]

    def allows(self, code: int | str) -> bool:
        if code in self.codes:
            return True
        return isinstance(code, int) and any(group.contains(code) for group in self.groups)

    def declared(self) -> tuple[int | str, ...]:
        """The codes it answers, to be covered: the explicit ones, and the space's own codes in its groups.

        A group answers the codes the space itself declares in it, not every code of a builtin
        the space extends (``5xx`` in a space extending ``http`` does not ask for all of HTTP's).
        """
        found = {c for c in self.codes if self.space.get(c) is not None}
        found.update(c.code for c in self.space.codes if self.allows(c.code))
        return tuple(sorted(found, key=lambda c: (isinstance(c, str), str(c).zfill(20))))


@dataclass(frozen=True, slots=True)
class Unresolved:
    """An answer naming something the catalog does not declare."""

    space: str
    item: int | str | None
    why: str


def resolve(catalog: Catalog, answers: Answers) -> tuple[dict[str, Allowed], list[Unresolved]]:
    """``answers`` per space with groups resolved, and what could not be resolved."""
    spaces = {space.name: space for space in catalog.spaces}
    resolved: dict[str, Allowed] = {}
    problems: list[Unresolved] = []
    for name, items in answers.items():
        space = spaces.get(name)
        if space is None:
            known = ", ".join(spaces) or "none"
            problems.append(
                Unresolved(name, None, f"catalog {catalog.id!r} has no space {name!r} (spaces: {known})")
            )
            continue
        codes: set[int | str] = set()
        groups: list[Group] = []
        for item in items:
            if space.get(item) is not None:
                codes.add(item)
            elif isinstance(item, int):
                codes.add(item)
                problems.append(Unresolved(name, item, f"space {name!r} does not declare code {item}"))
            else:
                try:
                    groups.append(space.group(item))
                except StatuskitError as error:
                    problems.append(Unresolved(name, item, str(error)))
        resolved[name] = Allowed(space, frozenset(codes), tuple(groups))
    return resolved, problems


class Policy:
    """A catalog's operations and ``always``, ready to tell what an operation may send."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.always, _ = resolve(catalog, catalog.always)
        self._answers = {op.name: resolve(catalog, op.answers)[0] for op in catalog.operations}
        self._found: dict[str, Operation | None] = {}

    @property
    def active(self) -> bool:
        """True when the catalog declares operations."""
        return bool(self.catalog.operations)

    def operation(self, key: str) -> Operation | None:
        """The operation ``key`` names (a name, ``METHOD /route``, a command, an opcode)."""
        if key not in self._found:
            self._found[key] = find(self.catalog.operations, key)
        return self._found[key]

    def answers(self, operation: Operation) -> dict[str, Allowed]:
        """The operation's own answers per space (without ``always``)."""
        return self._answers[operation.name]

    def allows(self, operation: Operation, space: str, code: int | str) -> bool:
        """True when ``operation`` may send ``code`` of ``space`` (its answers or ``always``)."""
        own = self._answers[operation.name].get(space)
        if own is not None and own.allows(code):
            return True
        common = self.always.get(space)
        return common is not None and common.allows(code)

    def senders(self, space: str, code: int | str) -> Iterator[Operation]:
        """The operations whose own answers include ``code`` of ``space``."""
        for operation in self.catalog.operations:
            own = self._answers[operation.name].get(space)
            if own is not None and own.allows(code):
                yield operation
