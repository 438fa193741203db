"""``statuskit check``: lint catalogs with a registry of small rules.

:func:`check_catalog` runs the enabled rules on one loaded catalog; :func:`check_paths` loads
files (directories are searched for ``*.yaml``, ``*.yml`` and ``*.json``) and turns files that
cannot be loaded into findings of the rule ``load``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import LoadError, Location
from ..model import Catalog
from .config import Config, load_config, resolve_rule, rule_ids
from .finding import Finding, Problem, Severity
from .rules import RULES

LOAD_RULE = "load"


def check_catalog(catalog: Catalog, config: Config | None = None) -> list[Finding]:
    """Every finding of the enabled rules on ``catalog``, in file order."""
    config = config or Config.default()
    findings: list[Finding] = []
    for rule in RULES:
        settings = config.rules[rule.ID]
        if not settings.enabled:
            continue
        for problem in rule.check(catalog, settings.options):
            findings.append(_finding(rule.ID, settings.severity, problem, catalog.source))
    findings.sort(key=Finding.sort_key)
    return findings


@dataclass
class Report:
    """The outcome of checking files: findings, and whether some file could not be read."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 when an error-severity finding exists, 2 when input could not be read."""
        if self.unreadable:
            return 2
        return 1 if self.count("error") else 0


def catalog_files(paths: Iterable[str]) -> list[str]:
    """The files to check: files as given, directories searched (hidden entries skipped)."""
    from ..loading import CATALOG_SUFFIXES

    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, name)
                    for name in sorted(files)
                    if name.lower().endswith(CATALOG_SUFFIXES) and not name.startswith(".")
                )
        else:
            found.append(path)
    return found


def check_paths(paths: Iterable[str], config: Config | None = None) -> Report:
    """Load and check every catalog file under ``paths``."""
    from ..loading import load

    report = Report()
    for file in catalog_files(paths):
        report.files.append(file)
        try:
            catalog = load(file)
        except LoadError as error:
            report.unreadable = True
            report.findings.append(_finding(LOAD_RULE, "error", Problem(error.message, error.location), file))
            continue
        report.findings.extend(check_catalog(catalog, config))
    return report


def _finding(rule: str, severity: Severity, problem: Problem, source: str | None) -> Finding:
    location = problem.location or Location(source)
    return Finding(
        rule=rule,
        severity=severity,
        message=problem.message,
        file=location.file or source,
        line=location.line,
        column=location.column,
        space=problem.space,
        code=problem.code,
    )


__all__ = [
    "LOAD_RULE",
    "Config",
    "Finding",
    "Problem",
    "Report",
    "check_catalog",
    "check_paths",
    "load_config",
    "resolve_rule",
    "rule_ids",
]
