"""Check reports as text, JSON or SARIF 2.1.0 (for code-scanning services)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from .finding import Finding
from .rule import documentation
from .rules import RULES

FORMATS = ("text", "json", "sarif")


def format_report(report: Any, format: str) -> str:
    """The report in ``format``; load errors are included as findings of the rule ``load``."""
    if format == "json":
        return (
            json.dumps({"findings": [f.to_data() for f in report.findings]}, indent=2, ensure_ascii=False)
            + "\n"
        )
    if format == "sarif":
        return json.dumps(sarif(report.findings), indent=2, ensure_ascii=False) + "\n"
    return text(report)


def text(report: Any) -> str:
    lines = [
        f"{f.location}: {f.severity} [{f.rule}] {f.message}" for f in report.findings if f.rule != "load"
    ]
    counts = {s: report.count(s) for s in ("error", "warning", "info")}
    files = len(report.files)
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    lines.append(f"{files} file{'s' if files != 1 else ''} checked: {summary}")
    return "\n".join(lines) + "\n"


def rule_list() -> str:
    lines = []
    for rule in RULES:
        first = documentation(rule).splitlines()[0].partition(": ")[2] if rule.__doc__ else ""
        lines.append(f"{rule.ID:<20} {rule.CATEGORY:<10} {rule.SEVERITY:<8} {first}")
    return "\n".join(lines) + "\n"


def sarif(findings: list[Finding]) -> dict[str, Any]:
    levels = {"error": "error", "warning": "warning", "info": "note"}
    rules = [
        {
            "id": rule.ID,
            "shortDescription": {"text": documentation(rule).splitlines()[0]},
            "fullDescription": {"text": documentation(rule)},
            "defaultConfiguration": {"level": levels[rule.SEVERITY]},
            "properties": {"category": rule.CATEGORY},
        }
        for rule in RULES
    ]
    rules.append({"id": "load", "shortDescription": {"text": "load: the file cannot be read or parsed"}})
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for finding in findings:
        region: dict[str, int] = {}
        if finding.line is not None:
            region["startLine"] = finding.line
            if finding.column is not None:
                region["startColumn"] = finding.column
        location: dict[str, Any] = {"artifactLocation": {"uri": finding.file or "<input>"}}
        if region:
            location["region"] = region
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": levels[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "statuskit", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
