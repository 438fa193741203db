"""Coverage: which of a catalog's codes a server really sent, and which it never did.

The input is observations (:mod:`statuskit.conformance.observation`) of statuses sent and
received. Against each declared catalog (matched by catalog id) a :class:`Coverage` tells, per
space, the codes exercised (with counts and transports), those never exercised, those explained
as unreachable, and the codes sent that the catalog does not declare, which make a run fail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Catalog, Space
from .observation import Observation

Unreachable = Mapping[str, Mapping[int, str]]


@dataclass(frozen=True, slots=True)
class Declared:
    """A catalog a test suite declares its server speaks, and the codes it cannot reach."""

    catalog: Catalog
    path: str | None = None
    unreachable: Unreachable = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Undeclared:
    """A code that was sent but that the declared catalog does not allow."""

    catalog: str
    space: str
    code: int
    transports: tuple[str, ...]
    count: int
    why: str

    def __str__(self) -> str:
        return (
            f"{self.catalog} / {self.space}: code {self.code} sent {self.count}× "
            f"via {', '.join(self.transports)}: {self.why}"
        )


@dataclass(frozen=True, slots=True)
class SpaceCoverage:
    """Coverage of one space."""

    name: str
    exercised: dict[int, int]
    transports: dict[int, tuple[str, ...]]
    never: tuple[int, ...]
    unreachable: dict[int, str]
    reached_unreachable: tuple[int, ...]
    undeclared: tuple[Undeclared, ...]
    deprecated_sent: tuple[int, ...]
    received: dict[int, int]
    own: tuple[int, ...]

    @property
    def reachable(self) -> tuple[int, ...]:
        """The space's own codes not explained as unreachable."""
        return tuple(c for c in self.own if c not in self.unreachable)

    @property
    def reached(self) -> tuple[int, ...]:
        """The reachable codes that were exercised."""
        return tuple(c for c in self.reachable if c in self.exercised)

    @property
    def ratio(self) -> float:
        """Reached over reachable codes (1.0 when there are none)."""
        reachable = self.reachable
        return len(self.reached) / len(reachable) if reachable else 1.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage of one catalog."""

    catalog: str
    path: str | None
    spaces: tuple[SpaceCoverage, ...]
    notes: tuple[str, ...] = ()

    @property
    def undeclared(self) -> tuple[Undeclared, ...]:
        return tuple(u for space in self.spaces for u in space.undeclared)


def compute(declared: Declared, observations: Iterable[Observation]) -> Coverage:
    """The coverage of ``declared.catalog`` by the observations that belong to it."""
    catalog = declared.catalog
    sent: dict[str, Counter[int]] = {s.name: Counter() for s in catalog.spaces}
    got: dict[str, Counter[int]] = {s.name: Counter() for s in catalog.spaces}
    via: dict[tuple[str, int], set[str]] = {}
    foreign: dict[tuple[str, int], Counter[str]] = {}
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
    for (space_name, code), transports in sorted(foreign.items()):
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
    return Coverage(catalog.id, declared.path, tuple(spaces), tuple(notes))


def _space(
    catalog_id: str,
    space: Space,
    sent: Counter[int],
    got: Counter[int],
    via: dict[tuple[str, int], set[str]],
    unreachable_all: Unreachable,
    notes: list[str],
) -> SpaceCoverage:
    own = sorted({c.code for c in space.codes})
    unreachable = {int(k): v for k, v in unreachable_all.get(space.name, {}).items()}
    for code in sorted(unreachable):
        if space.get(code) is None:
            notes.append(f"space {space.name!r}: code {code} is marked unreachable but is not declared")
    undeclared: list[Undeclared] = []
    deprecated: list[int] = []
    for code in sorted(sent):
        entry = space.get(code)
        transports = tuple(sorted(via.get((space.name, code), ())))
        if entry is None:
            undeclared.append(
                Undeclared(catalog_id, space.name, code, transports, sent[code], _why(space, code))
            )
        elif entry.deprecated:
            deprecated.append(code)
    exercised = {code: sent[code] for code in sorted(sent) if space.get(code) is not None}
    return SpaceCoverage(
        name=space.name,
        exercised=exercised,
        transports={code: tuple(sorted(via.get((space.name, code), ()))) for code in exercised},
        never=tuple(c for c in own if c not in exercised and c not in unreachable),
        unreachable=dict(sorted(unreachable.items())),
        reached_unreachable=tuple(c for c in sorted(unreachable) if c in exercised),
        undeclared=tuple(undeclared),
        deprecated_sent=tuple(deprecated),
        received=dict(sorted(got.items())),
        own=tuple(own),
    )


def _why(space: Space, code: int) -> str:
    retired = next((r for r in space.retired if r.code == code), None)
    if retired is not None:
        return "retired" + (f" ({retired.reason})" if retired.reason else "")
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
            item = Observation(
                owners[0], item.space, item.code, item.transport, item.direction, item.declared
            )
        matched.append(item)
    return matched
