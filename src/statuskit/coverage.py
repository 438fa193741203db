"""Conformance coverage: which of a catalog's codes a server really sent, and which it never did.

The input is what :mod:`statuskit.wire.record` saw: observations of statuses sent and received.
Against each declared catalog (matched by catalog id) a :class:`Coverage` tells, per space, the
codes exercised (with counts and transports), those never exercised, those explained as
unreachable, and the codes sent that the catalog does not declare, which make a run fail.

A merged record file (written by the pytest plugin's ``--statuskit-record``) is JSON::

    {"statuskit_record": 1,
     "catalogs": [{"id": "fmltp", "path": "/abs/catalogs/fmltp.yaml",
                   "unreachable": {"status": {"913": "why"}}}],
     "observations": [{"catalog": "fmltp", "space": "status", "code": 200, "declared": true,
                       "transport": "line", "direction": "sent", "count": 3}]}

:func:`read_record` also reads the raw JSON-lines file named by ``STATUSKIT_RECORD``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Location, StatuskitError
from .model import Catalog, Space

FORMAT_VERSION = 1


class RecordError(StatuskitError):
    """A record file cannot be read or does not have the record format."""


@dataclass(frozen=True, slots=True)
class Observation:
    """A status seen on the wire: by whom is told by ``direction`` (``sent`` or ``received``)."""

    catalog: str
    space: str
    code: int
    transport: str
    direction: str = "sent"
    declared: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog,
            "space": self.space,
            "code": self.code,
            "declared": self.declared,
            "transport": self.transport,
            "direction": self.direction,
        }

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Observation:
        return cls(
            str(item["catalog"]),
            str(item["space"]),
            int(item["code"]),
            str(item.get("transport", "?")),
            str(item.get("direction", "sent")),
            bool(item.get("declared", True)),
        )


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


# -- output ---------------------------------------------------------------------------------------


def to_text(coverages: Iterable[Coverage], width: int = 100) -> str:
    """The coverage tables for people."""
    lines: list[str] = []
    for coverage in coverages:
        where = f" ({coverage.path})" if coverage.path else ""
        lines.append(f"statuskit coverage: catalog {coverage.catalog}{where}")
        for space in coverage.spaces:
            if not space.own and not space.exercised and not space.undeclared:
                continue
            summary = f"{len(space.reached)} of {len(space.reachable)} codes exercised ({space.ratio:.0%})"
            if space.unreachable:
                summary += f", {len(space.unreachable)} unreachable"
            lines.append(f"  space {space.name}: {summary}")
            if space.exercised:
                items = [f"{c}×{n}" for c, n in space.exercised.items()]
                lines += _wrapped("exercised", items, width)
            if space.never:
                lines += _wrapped("never", [str(c) for c in space.never], width)
            for code, reason in space.unreachable.items():
                flag = "  (but it was sent!)" if code in space.reached_unreachable else ""
                lines.append(f"    {'unreachable':<12}{code} {_one_line(reason)}{flag}")
            if space.deprecated_sent:
                lines += _wrapped("deprecated", [str(c) for c in space.deprecated_sent], width)
            for item in space.undeclared:
                lines.append(
                    f"    {'UNDECLARED':<12}{item.code} sent {item.count}× via "
                    f"{', '.join(item.transports)}: {item.why}"
                )
        for note in coverage.notes:
            lines.append(f"  note: {note}")
    return "\n".join(lines) + ("\n" if lines else "")


def _wrapped(label: str, items: list[str], width: int) -> list[str]:
    out: list[str] = []
    current = f"    {label:<12}"
    indent = " " * len(current)
    for item in items:
        if len(current) + len(item) + 1 > width and current.strip() != label:
            out.append(current.rstrip())
            current = indent
        current += item + " "
    out.append(current.rstrip())
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_json(coverages: Iterable[Coverage]) -> dict[str, Any]:
    """The coverage as data (``statuskit coverage --format json``)."""
    result: list[dict[str, Any]] = []
    for coverage in coverages:
        result.append(
            {
                "catalog": coverage.catalog,
                "path": coverage.path,
                "spaces": [
                    {
                        "space": s.name,
                        "declared": len(s.own),
                        "ratio": round(s.ratio, 4),
                        "exercised": [
                            {"code": c, "count": n, "transports": list(s.transports.get(c, ()))}
                            for c, n in s.exercised.items()
                        ],
                        "never": list(s.never),
                        "unreachable": [
                            {"code": c, "reason": r, "exercised": c in s.exercised}
                            for c, r in s.unreachable.items()
                        ],
                        "deprecated_sent": list(s.deprecated_sent),
                        "received": [{"code": c, "count": n} for c, n in s.received.items()],
                        "undeclared": [
                            {"code": u.code, "count": u.count, "transports": list(u.transports), "why": u.why}
                            for u in s.undeclared
                        ],
                    }
                    for s in coverage.spaces
                ],
                "notes": list(coverage.notes),
            }
        )
    return {"coverage": result, "ok": not any(c.undeclared for c in coverages)}


# -- record files ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """A record file: declared catalogs (paths, unreachable codes) and observations."""

    catalogs: tuple[dict[str, Any], ...]
    observations: tuple[Observation, ...]


def record_to_json(declared: Iterable[Declared], observations: Iterable[Observation]) -> str:
    """The merged record file's text; equal observations are counted, not repeated."""
    counts: Counter[Observation] = Counter(observations)
    return (
        json.dumps(
            {
                "statuskit_record": FORMAT_VERSION,
                "catalogs": [
                    {
                        "id": d.catalog.id,
                        "path": d.path,
                        "unreachable": {
                            space: {str(code): reason for code, reason in codes.items()}
                            for space, codes in d.unreachable.items()
                        },
                    }
                    for d in declared
                ],
                "observations": [
                    {**item.to_json(), "count": count}
                    for item, count in sorted(
                        counts.items(), key=lambda pair: (pair[0].catalog, pair[0].space, pair[0].code)
                    )
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


def read_record(path: str | os.PathLike[str]) -> Record:
    """A merged record file, or the raw JSON lines of ``STATUSKIT_RECORD``."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as stream:
            raw = stream.read(256 * 1024 * 1024 + 1)
    except OSError as error:
        raise RecordError(f"{Location(name)}: cannot read: {error.strerror}") from None
    if len(raw) > 256 * 1024 * 1024:
        raise RecordError(f"{Location(name)}: larger than 256 MiB; not a record file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(f"{Location(name, line)}: not valid UTF-8") from None
    stripped = text.lstrip()
    if not stripped:
        return Record((), ())
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    except RecursionError:
        raise RecordError(f"{Location(name)}: nested too deeply") from None
    if isinstance(whole, dict) and "statuskit_record" in whole:
        return _merged(name, whole)
    return _lines(name, text)


def _merged(name: str, whole: dict[str, Any]) -> Record:
    catalogs = whole.get("catalogs", [])
    items = whole.get("observations", [])
    if not isinstance(catalogs, list) or not isinstance(items, list):
        raise RecordError(f"{Location(name)}: 'catalogs' and 'observations' must be lists")
    observations: list[Observation] = []
    for index, item in enumerate(items):
        if not _is_observation(item):
            raise RecordError(
                f"{Location(name)}: observation {index + 1} is not a record entry: {item!r:.80}"
            )
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= 10**9:
            raise RecordError(f"{Location(name)}: observation {index + 1} has a bad count {count!r:.20}")
        observations.extend([Observation.from_json(item)] * count)
    for index, entry in enumerate(catalogs):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise RecordError(f"{Location(name)}: catalog {index + 1} must be an object with an 'id'")
    return Record(tuple(catalogs), tuple(observations))


def _lines(name: str, text: str) -> Record:
    observations: list[Observation] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            raise RecordError(
                f"{Location(name, number)}: expected a record line (a JSON object) or a merged record"
            ) from None
        if not _is_observation(item):
            raise RecordError(f"{Location(name, number)}: not a record entry (needs catalog, space, code)")
        observations.append(Observation.from_json(item))
    return Record((), tuple(observations))


def _is_observation(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("catalog"), str)
        and isinstance(item.get("space"), str)
        and isinstance(item.get("code"), int)
        and not isinstance(item.get("code"), bool)
    )


def unreachable_from(entry: Mapping[str, Any]) -> dict[str, dict[int, str]]:
    """The ``unreachable`` member of a record's catalog entry, with integer codes."""
    raw = entry.get("unreachable") or {}
    result: dict[str, dict[int, str]] = {}
    if isinstance(raw, dict):
        for space, codes in raw.items():
            if isinstance(codes, dict):
                result[str(space)] = {
                    int(k): str(v) for k, v in codes.items() if str(k).lstrip("-").isdigit()
                }
    return result
