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
