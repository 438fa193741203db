"""Which rules run, at what severity, with which options.

A configuration comes from the command line (``--select``, ``--ignore``) and from a YAML file
(``.statuskit.yaml`` in the working directory, or ``--config FILE``)::

    rules:
      gap-in-group: {severity: warning, max_gap: 3}
      garbled-text: disable

Options are validated generically against each rule's declared ``OPTIONS``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import LoadError, Location, UsageError
from .finding import SEVERITIES, Severity
from .rule import RuleModule
from .rules import ALIASES, RULES

CONFIG_FILE = ".statuskit.yaml"


def rule_ids() -> list[str]:
    return [rule.ID for rule in RULES]


def resolve_rule(name: str) -> RuleModule:
    """The rule module for an id or a retired alias; UsageError with a hint otherwise."""
    wanted = ALIASES.get(name, name)
    for rule in RULES:
        if wanted == rule.ID:
            return rule
    close = difflib.get_close_matches(name, rule_ids() + list(ALIASES), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"unknown rule {name!r}{hint} (see statuskit check --list-rules)")


@dataclass
class RuleSettings:
    enabled: bool
    severity: Severity
    options: dict[str, Any]


@dataclass
class Config:
    """Settings for every rule, starting from the rules' own defaults."""

    rules: dict[str, RuleSettings] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Config:
        return cls({r.ID: RuleSettings(True, r.SEVERITY, dict(r.OPTIONS)) for r in RULES})

    def select(self, names: Iterable[str]) -> None:
        """Run only these rules (ids, aliases or categories)."""
        wanted = set(self._expand(names))
        for rule_id, settings in self.rules.items():
            settings.enabled = rule_id in wanted

    def ignore(self, names: Iterable[str]) -> None:
        """Do not run these rules (ids, aliases or categories)."""
        for rule_id in self._expand(names):
            self.rules[rule_id].enabled = False

    def _expand(self, names: Iterable[str]) -> list[str]:
        categories = {r.CATEGORY for r in RULES}
        result: list[str] = []
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name in categories:
                result.extend(r.ID for r in RULES if name == r.CATEGORY)
            else:
                result.append(resolve_rule(name).ID)
        return result

    def apply(self, data: Any, where: Location) -> None:
        """Apply a parsed configuration file (``{"rules": {...}}``)."""
        if data is None:
            return
        if not isinstance(data, dict) or set(data) - {"rules"}:
            raise LoadError("a statuskit configuration is a mapping with one key, 'rules'", where)
        rules = data.get("rules") or {}
        if not isinstance(rules, dict):
            raise LoadError("'rules' must map rule ids to settings", where)
        for name, settings in rules.items():
            try:
                rule = resolve_rule(str(name))
            except UsageError as error:
                raise LoadError(str(error), where) from None
            self._apply_rule(rule, settings, where)

    def _apply_rule(self, rule: RuleModule, settings: Any, where: Location) -> None:
        current = self.rules[rule.ID]
        if settings in ("disable", False):
            current.enabled = False
            return
        if settings in ("enable", True, None):
            current.enabled = True
            return
        if not isinstance(settings, Mapping):
            raise LoadError(f"rule {rule.ID}: expected 'enable', 'disable' or a mapping of settings", where)
        for key, value in settings.items():
            if key == "severity":
                if value not in SEVERITIES:
                    raise LoadError(f"rule {rule.ID}: severity must be one of {', '.join(SEVERITIES)}", where)
                current.severity = value
            elif key == "enabled":
                current.enabled = bool(value)
            elif key in rule.OPTIONS:
                default = rule.OPTIONS[key]
                if type(value) is not type(default):
                    raise LoadError(
                        f"rule {rule.ID}: option {key!r} must be {type(default).__name__}, not {value!r}",
                        where,
                    )
                current.options[key] = value
            else:
                known = ", ".join(["severity", "enabled", *rule.OPTIONS])
                raise LoadError(f"rule {rule.ID}: unknown option {key!r}; expected one of: {known}", where)


def load_config(path: str) -> Config:
    """A default configuration with the file at ``path`` applied."""
    from ..loading.utf8 import read_text
    from ..loading.yamlfile import parse_yaml

    config = Config.default()
    document = parse_yaml(read_text(path), path)
    config.apply(document.data, document.location(()))
    return config
