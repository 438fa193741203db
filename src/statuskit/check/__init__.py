"""``statuskit check``: lint catalogs with a registry of small rules.

:func:`check_catalog` runs the enabled rules on one loaded catalog; :func:`check_paths` loads
files (directories are searched for ``*.yaml``, ``*.yml`` and ``*.json`` files that declare
``catalog:``, see :mod:`.files`) and turns files that cannot be loaded into findings of the
rule ``load``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import LoadError, Location
from ..model import Catalog
from .config import Config, load_config, resolve_rule, rule_ids
from .files import catalog_files
from .finding import Finding, Problem, Severity
from .rules import RULES

LOAD_RULE = "load"


def check_catalog(catalog: Catalog, config: Config | None = None) -> list[Finding]:
    """Every finding of the enabled rules on ``catalog``, in file order."""
    config = config or Config.default()
    findings: list[Finding] = []
    collecting = gc.isenabled()
    gc.disable()  # the rules make no garbage cycles; walking a big catalog's objects cost half the time
    try:
        for rule in RULES:
            settings = config.rules[rule.ID]
            if not settings.enabled:
                continue
            for problem in rule.check(catalog, settings.options):
                findings.append(_finding(rule.ID, settings.severity, problem, catalog.source))
    finally:
        if collecting:
            gc.enable()
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


def check_paths(
    paths: Iterable[str],
    config: Config | None = None,
    *,
    only_catalogs: bool = False,
    stdin: tuple[str, str] | None = None,
) -> Report:
    """Load and check every catalog file under ``paths`` (see :func:`.files.catalog_files`).

    ``stdin`` is the text and name of the catalog that the path ``-`` stands for.
    """
    from ..loading import load, loads

    report = Report()
    for file in catalog_files(paths, only_catalogs=only_catalogs):
        label = stdin[1] if file == "-" and stdin is not None else file
        report.files.append(label)
        try:
            catalog = loads(*stdin) if file == "-" and stdin is not None else load(file)
        except LoadError as error:
            report.unreadable = True
            report.findings.append(
                _finding(LOAD_RULE, "error", Problem(error.message, error.location), label)
            )
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
    "catalog_files",
    "check_catalog",
    "check_paths",
    "load_config",
    "resolve_rule",
    "rule_ids",
]
