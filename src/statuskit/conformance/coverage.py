"""Coverage: which of a catalog's codes a server really sent, and which it never did.

The input is observations (:mod:`statuskit.conformance.observation`) of statuses sent and
received. Against each declared catalog (matched by catalog id) a :class:`Coverage` tells, per
space, the codes exercised (with counts and transports), those never exercised, those explained
as unreachable, and the codes sent that the catalog does not declare, which make a run fail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..answers import Policy
from ..model import Catalog, Space
from .observation import Observation

CodeValue = int | str
Unreachable = Mapping[str, Mapping[CodeValue, str]]


def code_order(code: CodeValue) -> tuple[int, int, str]:
    """Numbers in numeric order, then codes written as text."""
    return (0, code, "") if isinstance(code, int) else (1, 0, code)


@dataclass(frozen=True, slots=True)
class Declared:
    """A catalog a test suite declares its server speaks, and the codes it cannot reach.

    ``spaces`` and ``operations`` (None: all) scope what the suite is responsible for covering:
    with ``spaces``, an operation's answers count only in those spaces (an operation with none
    there is out of scope). Undeclared codes and codes outside an operation's answers fail
    wherever they are sent.
    """

    catalog: Catalog
    path: str | None = None
    unreachable: Unreachable = field(default_factory=dict)
    spaces: frozenset[str] | None = None
    operations: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Undeclared:
    """A code that was sent but that the declared catalog does not allow."""

    catalog: str
    space: str
    code: CodeValue
    transports: tuple[str, ...]
    count: int
    why: str

    def __str__(self) -> str:
        return (
            f"{self.catalog} / {self.space}: code {self.code} sent {self.count}× "
            f"via {', '.join(self.transports)}: {self.why}"
        )


@dataclass(frozen=True, slots=True)
class OutsideAnswers:
    """A code an operation sent that is neither among its answers nor the catalog's ``always``."""

    catalog: str
    operation: str
    space: str
    code: CodeValue
    count: int

    def __str__(self) -> str:
        return (
            f"{self.catalog} / operation {self.operation}: code {self.code} of space {self.space} "
            f"sent {self.count}× is not among its answers"
        )


@dataclass(frozen=True, slots=True)
class SpaceCoverage:
    """Coverage of one space."""

    name: str
    exercised: dict[CodeValue, int]
    transports: dict[CodeValue, tuple[str, ...]]
    never: tuple[CodeValue, ...]
    unreachable: dict[CodeValue, str]
    reached_unreachable: tuple[CodeValue, ...]
    undeclared: tuple[Undeclared, ...]
    deprecated_sent: tuple[CodeValue, ...]
    received: dict[CodeValue, int]
    own: tuple[CodeValue, ...]
    in_scope: bool = True

    @property
    def reachable(self) -> tuple[CodeValue, ...]:
        """The space's own codes not explained as unreachable."""
        return tuple(c for c in self.own if c not in self.unreachable)

    @property
    def reached(self) -> tuple[CodeValue, ...]:
        """The reachable codes that were exercised."""
        return tuple(c for c in self.reachable if c in self.exercised)

    @property
    def ratio(self) -> float:
        """Reached over reachable codes (1.0 when there are none)."""
        reachable = self.reachable
        return len(self.reached) / len(reachable) if reachable else 1.0


@dataclass(frozen=True, slots=True)
class OperationCoverage:
    """Coverage of one operation's declared answers (its own, not ``always``)."""

    name: str
    wire: str
    answers: dict[str, tuple[CodeValue, ...]]
    exercised: dict[tuple[str, CodeValue], int]
    unreachable: tuple[tuple[str, CodeValue], ...]
    outside: tuple[OutsideAnswers, ...]
    in_scope: bool = True

    @property
    def reachable(self) -> tuple[tuple[str, CodeValue], ...]:
        """Each (space, code) the operation declares it answers, less those explained as unreachable."""
        return tuple(
            (space, code)
            for space, codes in self.answers.items()
            for code in codes
            if (space, code) not in self.unreachable
        )

    @property
    def reached(self) -> tuple[tuple[str, CodeValue], ...]:
        return tuple(pair for pair in self.reachable if pair in self.exercised)

    @property
    def never(self) -> tuple[tuple[str, CodeValue], ...]:
        return tuple(pair for pair in self.reachable if pair not in self.exercised)

    @property
    def ratio(self) -> float:
        reachable = self.reachable
        return len(self.reached) / len(reachable) if reachable else 1.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage of one catalog: per space, and per operation when the catalog declares them."""

    catalog: str
    path: str | None
    spaces: tuple[SpaceCoverage, ...]
    notes: tuple[str, ...] = ()
    operations: tuple[OperationCoverage, ...] = ()

    @property
    def undeclared(self) -> tuple[Undeclared, ...]:
        return tuple(u for space in self.spaces for u in space.undeclared)

    @property
    def outside(self) -> tuple[OutsideAnswers, ...]:
        """Codes operations sent outside their answers."""
        return tuple(o for operation in self.operations for o in operation.outside)

    @property
    def failed(self) -> bool:
        """True when an undeclared code, or a code outside an operation's answers, was sent."""
        return bool(self.undeclared or self.outside)

    @property
    def ratio(self) -> float:
        """The share of what the suite is responsible for that was exercised.

        With operations: the declared answers of the operations in scope; without: the codes of
        the spaces in scope (1.0 when there is nothing to cover).
        """
        if self.operations:
            pairs = [(len(o.reached), len(o.reachable)) for o in self.operations if o.in_scope]
        else:
            pairs = [(len(s.reached), len(s.reachable)) for s in self.spaces if s.in_scope]
        total = sum(whole for _, whole in pairs)
        return sum(part for part, _ in pairs) / total if total else 1.0


def compute(declared: Declared, observations: Iterable[Observation]) -> Coverage:
    """The coverage of ``declared.catalog`` by the observations that belong to it."""
    catalog = declared.catalog
    observations = list(observations)
    sent: dict[str, Counter[CodeValue]] = {s.name: Counter() for s in catalog.spaces}
    got: dict[str, Counter[CodeValue]] = {s.name: Counter() for s in catalog.spaces}
    via: dict[tuple[str, CodeValue], set[str]] = {}
    foreign: dict[tuple[str, CodeValue], Counter[str]] = {}
    names = {s.name for s in catalog.spaces}
    for item in observations:
        if item.space not in names:
            if item.direction == "sent":
                foreign.setdefault((item.space, item.code), Counter())[item.transport] += 1
            continue
        counter = sent if item.direction == "sent" else got
        counter[item.space][item.code] += 1
        if item.direction == "sent":
            via.setdefault((item.space, item.code), set()).add(item.transport)
    notes: list[str] = []
    spaces = [
        _space(catalog.id, space, sent[space.name], got[space.name], via, declared.unreachable, notes)
        for space in catalog.spaces
    ]
    if declared.spaces is not None:
        for name in sorted(declared.spaces - names):
            notes.append(f"the scope names space {name!r}, which catalog {catalog.id!r} does not have")
        spaces = [replace(s, in_scope=s.name in declared.spaces) for s in spaces]
    for (space_name, code), transports in sorted(
        foreign.items(), key=lambda p: (p[0][0], code_order(p[0][1]))
    ):
        known = ", ".join(sorted(names))
        notes.append(
            f"code {code} was sent in space {space_name!r}, which catalog {catalog.id!r} does not have "
            f"(spaces: {known})"
        )
        spaces.append(
            SpaceCoverage(
                space_name,
                {},
                {},
                (),
                {},
                (),
                (
                    Undeclared(
                        catalog.id,
                        space_name,
                        code,
                        tuple(sorted(transports)),
                        sum(transports.values()),
                        "no such space",
                    ),
                ),
                (),
                {},
                (),
            )
        )
    operations = _operations(declared, observations, notes)
    return Coverage(catalog.id, declared.path, tuple(spaces), tuple(notes), operations)


def _operations(
    declared: Declared, observations: list[Observation], notes: list[str]
) -> tuple[OperationCoverage, ...]:
    policy = Policy(declared.catalog)
    if not policy.active:
        return ()
    sent: dict[str, Counter[tuple[str, CodeValue]]] = {
        op.name: Counter() for op in declared.catalog.operations
    }
    unknown: Counter[str] = Counter()
    for item in observations:
        if item.direction != "sent" or item.operation is None:
            continue
        operation = policy.operation(item.operation)
        if operation is None:
            unknown[item.operation] += 1
            continue
        sent[operation.name][(item.space, item.code)] += 1
    for key, count in sorted(unknown.items()):
        known = ", ".join(op.name for op in declared.catalog.operations)
        notes.append(
            f"{count} status(es) answered operation {key!r}, which the catalog does not declare ({known})"
        )
    scope = declared.operations
    if scope is not None:
        for key in sorted(scope):
            if policy.operation(key) is None:
                notes.append(f"the scope names operation {key!r}, which the catalog does not declare")
        scope = frozenset(op.name for key in scope if (op := policy.operation(key)) is not None)
    result: list[OperationCoverage] = []
    for operation in declared.catalog.operations:
        counts = sent[operation.name]
        answers = {
            space: allowed.declared()
            for space, allowed in policy.answers(operation).items()
            if declared.spaces is None or space in declared.spaces
        }
        unreachable = tuple(
            (space, code)
            for space, codes in answers.items()
            for code in codes
            if code in declared.unreachable.get(space, {})
        )
        outside = tuple(
            OutsideAnswers(declared.catalog.id, operation.name, space, code, count)
            for (space, code), count in sorted(counts.items(), key=lambda p: (p[0][0], code_order(p[0][1])))
            if not policy.allows(operation, space, code)
        )
        result.append(
            OperationCoverage(
                name=operation.name,
                wire=operation.wire,
                answers=answers,
                exercised=dict(counts),
                unreachable=unreachable,
                outside=outside,
                in_scope=(scope is None or operation.name in scope) and bool(answers),
            )
        )
    return tuple(result)


def _space(
    catalog_id: str,
    space: Space,
    sent: Counter[CodeValue],
    got: Counter[CodeValue],
    via: dict[tuple[str, CodeValue], set[str]],
    unreachable_all: Unreachable,
    notes: list[str],
) -> SpaceCoverage:
    own = sorted({c.code for c in space.codes}, key=code_order)
    unreachable = dict(unreachable_all.get(space.name, {}))
    for code in sorted(unreachable, key=code_order):
        if space.get(code) is None:
            notes.append(f"space {space.name!r}: code {code} is marked unreachable but is not declared")
    undeclared: list[Undeclared] = []
    deprecated: list[CodeValue] = []
    for code in sorted(sent, key=code_order):
        entry = space.get(code)
        transports = tuple(sorted(via.get((space.name, code), ())))
        if entry is None:
            undeclared.append(
                Undeclared(catalog_id, space.name, code, transports, sent[code], _why(space, code))
            )
        elif entry.deprecated:
            deprecated.append(code)
    exercised = {code: sent[code] for code in sorted(sent, key=code_order) if space.get(code) is not None}
    return SpaceCoverage(
        name=space.name,
        exercised=exercised,
        transports={code: tuple(sorted(via.get((space.name, code), ()))) for code in exercised},
        never=tuple(c for c in own if c not in exercised and c not in unreachable),
        unreachable=dict(sorted(unreachable.items(), key=lambda p: code_order(p[0]))),
        reached_unreachable=tuple(c for c in sorted(unreachable, key=code_order) if c in exercised),
        undeclared=tuple(undeclared),
        deprecated_sent=tuple(deprecated),
        received=dict(sorted(got.items(), key=lambda p: code_order(p[0]))),
        own=tuple(own),
    )


def _why(space: Space, code: CodeValue) -> str:
    retired = next((r for r in space.retired if r.code == code), None)
    if retired is not None:
        return "retired" + (f" ({retired.reason})" if retired.reason else "")
    if isinstance(code, int):
        reserved = next((r for r in space.reserved if r.contains(code)), None)
        if reserved is not None:
            return "in a reserved range" + (f" ({reserved.reason})" if reserved.reason else "")
    return "not declared"


def match(observations: Iterable[Observation], catalogs: Iterable[Catalog]) -> list[Observation]:
    """Observations with an unknown catalog id (``?``) given the id of the one catalog having the space."""
    by_space: dict[str, list[str]] = {}
    for catalog in catalogs:
        for space in catalog.spaces:
            by_space.setdefault(space.name, []).append(catalog.id)
    matched: list[Observation] = []
    for item in observations:
        owners = by_space.get(item.space, [])
        if item.catalog == "?" and len(owners) == 1:
            item = replace(item, catalog=owners[0])
        matched.append(item)
    return matched
