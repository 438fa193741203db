"""Live conformance: statuses seen in production spans, held against the catalogs, in bounded memory.

:class:`Live` takes the attributes of each server span (:meth:`Live.observe`) and maps them to a
status of a catalog: statuskit's own attributes (``statuskit.catalog``, ``statuskit.space``,
``statuskit.code``, ``statuskit.operation``) when present; otherwise
``http.response.status_code`` with ``http.request.method`` and ``http.route`` (the operation
``METHOD route``) for a catalog with a space that extends the ``http`` builtin, or
``rpc.grpc.status_code`` with ``rpc.method`` for one that extends ``grpc``. It keeps coverage per
operation (and per space for catalogs without operations) and findings of four kinds, from the
least to the most serious:

    unknown-operation  the status names an operation the catalog does not declare
    not-in-answers     an operation sent a code outside its answers and ``always``
    undeclared         the code is not in the catalog
    retired            the code was retired

Findings are aggregated by kind, service, catalog, space, operation and code, each with a count
and the first and last time seen; at most ``max_findings`` distinct ones are kept (then only
``dropped`` counts). Coverage only counts declared answers, so memory is bounded whatever
arrives. Nothing here does I/O: the receiver (:mod:`statuskit.conformance.receiver`) feeds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..answers import Policy
from ..model import Catalog, Space

KINDS = ("unknown-operation", "not-in-answers", "undeclared", "retired")
"""Finding kinds, from the least to the most serious (``--fail-on`` takes one)."""
MAX_FINDINGS = 10_000
STATUSKIT_KEYS = ("statuskit.catalog", "statuskit.space", "statuskit.code", "statuskit.operation")
HTTP_KEYS = ("http.response.status_code", "http.request.method", "http.route")
GRPC_KEYS = ("rpc.grpc.status_code", "rpc.method", "rpc.service")
KEYS = frozenset((*STATUSKIT_KEYS, *HTTP_KEYS, *GRPC_KEYS))
"""The span attributes :meth:`Live.observe` reads; a decoder may drop every other one."""

Code = int | str


@dataclass(slots=True)
class Finding:
    """One kind of problem at one place, seen ``count`` times between two moments (ns since 1970)."""

    kind: str
    service: str
    catalog: str
    space: str
    operation: str | None
    code: Code
    count: int
    first_seen: int
    last_seen: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "service": self.service,
            "catalog": self.catalog,
            "space": self.space,
            "operation": self.operation,
            "code": self.code,
            "count": self.count,
            "first_seen": rfc3339(self.first_seen),
            "last_seen": rfc3339(self.last_seen),
        }


def rfc3339(nanoseconds: int) -> str:
    """``2026-12-04T16:46:20.123456Z``."""
    moment = datetime.fromtimestamp(nanoseconds / 1e9, UTC)
    return moment.isoformat().replace("+00:00", "Z")


class Live:
    """Coverage and findings of the statuses seen so far (see the module docstring)."""

    def __init__(self, catalogs: Iterable[Catalog], *, max_findings: int = MAX_FINDINGS) -> None:
        self.catalogs = {catalog.id: catalog for catalog in catalogs}
        self.policies = {ident: Policy(catalog) for ident, catalog in self.catalogs.items()}
        self.max_findings = max_findings
        self.findings: dict[tuple[Any, ...], Finding] = {}
        self.dropped = 0
        self.spans = 0
        self.matched = 0
        self.exercised: dict[tuple[str, str | None], Counter[tuple[str, Code]]] = {}
        self._http = [(c.id, s) for c in self.catalogs.values() for s in c.spaces if _extends(s, "http")]
        self._grpc = [(c.id, s) for c in self.catalogs.values() for s in c.spaces if _extends(s, "grpc")]

    # -- input ---------------------------------------------------------------------------------

    def observe(self, service: str, attributes: Mapping[str, Any], seen: int) -> None:
        """One server span's attributes (only :data:`KEYS` are read); ``seen`` in ns since 1970."""
        self.spans += 1
        code = attributes.get("statuskit.code")
        if code is not None:
            catalog = self.catalogs.get(str(attributes.get("statuskit.catalog")))
            if catalog is None:
                return
            space = _space(catalog, attributes.get("statuskit.space"))
            if space is None:
                return
            operation = attributes.get("statuskit.operation")
            self._status(service, catalog.id, space, code, _text(operation), seen)
            return
        status = attributes.get("http.response.status_code")
        if status is not None and self._http:
            method, route = attributes.get("http.request.method"), attributes.get("http.route")
            operation = f"{str(method).upper()} {route}" if method is not None and route is not None else None
            for ident, space in self._http:
                self._status(service, ident, space, status, operation, seen)
            return
        status = attributes.get("rpc.grpc.status_code")
        if status is not None and self._grpc:
            method, grpc_service = attributes.get("rpc.method"), attributes.get("rpc.service")
            operation = _text(method)
            if operation is not None and grpc_service is not None:
                operation = f"{grpc_service}/{operation}"
            for ident, space in self._grpc:
                self._status(service, ident, space, status, operation, seen)

    def _status(
        self, service: str, ident: str, space: Space, raw: Any, operation: str | None, seen: int
    ) -> None:
        code = _code(raw)
        if code is None:
            return
        self.matched += 1
        policy = self.policies[ident]
        found = policy.operation(operation) if operation is not None and policy.active else None
        entry = space.get(code)
        if entry is None:
            kind = "retired" if any(r.code == code for r in space.retired) else "undeclared"
            named = found.name if found is not None else operation
            self._find(kind, service, ident, space.name, named, code, seen)
            return
        if not policy.active or operation is None:
            self.exercised.setdefault((ident, None), Counter())[(space.name, code)] += 1
            return
        if found is None:
            self._find("unknown-operation", service, ident, space.name, operation, code, seen)
            self.exercised.setdefault((ident, None), Counter())[(space.name, code)] += 1
            return
        if not policy.allows(found, space.name, code):
            self._find("not-in-answers", service, ident, space.name, found.name, code, seen)
            return
        self.exercised.setdefault((ident, found.name), Counter())[(space.name, code)] += 1

    def _find(
        self, kind: str, service: str, catalog: str, space: str, operation: str | None, code: Code, seen: int
    ) -> None:
        key = (kind, service, catalog, space, operation, code)
        finding = self.findings.get(key)
        if finding is not None:
            finding.count += 1
            finding.first_seen = min(finding.first_seen, seen)
            finding.last_seen = max(finding.last_seen, seen)
        elif len(self.findings) < self.max_findings:
            self.findings[key] = Finding(kind, service, catalog, space, operation, code, 1, seen, seen)
        else:
            self.dropped += 1

    # -- output --------------------------------------------------------------------------------

    def worst(self) -> str | None:
        """The most serious kind of finding seen, or None."""
        kinds = {finding.kind for finding in self.findings.values()}
        return next((kind for kind in reversed(KINDS) if kind in kinds), None)

    def coverage(self) -> list[dict[str, Any]]:
        """Per catalog: each operation's declared answers exercised and never (or each space's codes)."""
        result: list[dict[str, Any]] = []
        for ident, catalog in self.catalogs.items():
            policy = self.policies[ident]
            if policy.active:
                for operation in catalog.operations:
                    seen = self.exercised.get((ident, operation.name), Counter())
                    answers = [
                        (space, code)
                        for space, allowed in policy.answers(operation).items()
                        for code in allowed.declared()
                    ]
                    result.append(_entry(ident, operation.name, None, answers, seen))
            seen = self.exercised.get((ident, None), Counter())
            for space in catalog.spaces:
                codes = [(space.name, c.code) for c in space.codes]
                if codes and (not policy.active or any(s == space.name for s, _ in seen)):
                    result.append(_entry(ident, None, space.name, codes, seen))
        return result

    def report(self) -> dict[str, Any]:
        """The report as ``GET /statuskit/report`` answers it and ``--report`` writes it."""
        findings = sorted(
            self.findings.values(), key=lambda f: (-KINDS.index(f.kind), f.catalog, f.space, str(f.code))
        )
        return {
            "findings": [finding.to_json() for finding in findings],
            "coverage": self.coverage(),
            "spans": self.spans,
            "matched": self.matched,
            "dropped_findings": self.dropped,
        }

    def to_text(self) -> str:
        """The report for people."""
        report = self.report()
        lines = [f"statuskit live: {self.spans} spans, {self.matched} statuses matched a catalog"]
        if report["findings"]:
            lines.append("findings:")
            for item in report["findings"]:
                where = f" operation {item['operation']}" if item["operation"] else ""
                lines.append(
                    f"  {item['kind']:<18}{item['catalog']} / {item['space']}: code {item['code']}{where} "
                    f"from {item['service']} ×{item['count']} ({item['first_seen']} .. {item['last_seen']})"
                )
        if self.dropped:
            lines.append(
                f"  ({self.dropped} findings beyond the first {self.max_findings} were only counted)"
            )
        for entry in report["coverage"]:
            what = f"operation {entry['operation']}" if entry["operation"] else f"space {entry['space']}"
            lines.append(
                f"{entry['catalog']} {what}: {len(entry['exercised'])} of {entry['declared']} exercised "
                f"({entry['ratio']:.0%})"
            )
        return "\n".join(lines) + "\n"


def _entry(
    catalog: str,
    operation: str | None,
    space: str | None,
    declared: list[tuple[str, Code]],
    seen: Counter[tuple[str, Code]],
) -> dict[str, Any]:
    exercised = [{"space": s, "code": c, "count": seen[(s, c)]} for s, c in declared if seen[(s, c)]]
    return {
        "catalog": catalog,
        "operation": operation,
        "space": space,
        "declared": len(declared),
        "ratio": round(len(exercised) / len(declared), 4) if declared else 1.0,
        "exercised": exercised,
        "never": [{"space": s, "code": c} for s, c in declared if not seen[(s, c)]],
    }


def _extends(space: Space, builtin: str) -> bool:
    return space.extends == builtin or (builtin == "http" and space.transport == "http")


def _space(catalog: Catalog, name: Any) -> Space | None:
    return next((s for s in catalog.spaces if s.name == name), None)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _code(raw: Any) -> Code | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw:
        return int(raw) if raw.lstrip("-").isdigit() and len(raw) <= 19 else raw
    return None
