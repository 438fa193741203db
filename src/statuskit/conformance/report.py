"""Coverage for people (a text table per catalog and space) and for programs (JSON).

The pytest plugin's summary and ``statuskit coverage`` print the same text; ``--format json``
gives the same facts as data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .coverage import Coverage


def to_text(coverages: Iterable[Coverage], width: int = 100) -> str:
    """The coverage tables for people."""
    lines: list[str] = []
    for coverage in coverages:
        where = f" ({coverage.path})" if coverage.path else ""
        lines.append(f"statuskit coverage: catalog {coverage.catalog}{where}")
        for space in coverage.spaces:
            if not space.own and not space.exercised and not space.undeclared:
                continue
            if not space.in_scope and not space.undeclared:
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
        lines += _operations(coverage, width)
        for note in coverage.notes:
            lines.append(f"  note: {note}")
    return "\n".join(lines) + ("\n" if lines else "")


def _operations(coverage: Coverage, width: int) -> list[str]:
    lines: list[str] = []
    for operation in coverage.operations:
        if not operation.in_scope and not operation.outside:
            continue
        reachable = operation.reachable
        summary = f"{len(operation.reached)} of {len(reachable)} answers exercised ({operation.ratio:.0%})"
        wire = f" ({operation.wire})" if operation.wire else ""
        lines.append(f"  operation {operation.name}{wire}: {summary}")
        several = len(operation.answers) > 1
        if operation.exercised:
            items = [
                f"{_answer(space, code, several)}×{n}"
                for (space, code), n in operation.exercised.items()
                if all(o.code != code or o.space != space for o in operation.outside)
            ]
            if items:
                lines += _wrapped("exercised", items, width)
        if operation.never:
            lines += _wrapped("never", [_answer(s, c, several) for s, c in operation.never], width)
        for item in operation.outside:
            lines.append(f"    {'NOT ANSWER':<12}{_answer(item.space, item.code, True)} sent {item.count}×")
    return lines


def _answer(space: str, code: object, qualified: bool) -> str:
    return f"{space}:{code}" if qualified else str(code)


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
                        "in_scope": s.in_scope,
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
                "operations": [
                    {
                        "operation": o.name,
                        "wire": o.wire,
                        "ratio": round(o.ratio, 4),
                        "answers": {space: list(codes) for space, codes in o.answers.items()},
                        "exercised": [
                            {"space": space, "code": code, "count": n}
                            for (space, code), n in o.exercised.items()
                        ],
                        "never": [{"space": space, "code": code} for space, code in o.never],
                        "outside": [{"space": x.space, "code": x.code, "count": x.count} for x in o.outside],
                        "in_scope": o.in_scope,
                    }
                    for o in coverage.operations
                ],
                "ratio": round(coverage.ratio, 4),
                "notes": list(coverage.notes),
            }
        )
    return {"coverage": result, "ok": not any(c.failed for c in coverages)}
