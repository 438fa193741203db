"""Which rules run, at what severity, with which options.

A configuration comes from the command line (``--select``, ``--ignore``) and from a file: the
one ``--config FILE`` names, else the first found by :func:`find_config`, as ruff and mypy do:
``.statuskit.yaml``, then ``[tool.statuskit]`` in ``pyproject.toml``, in the working directory and
each parent up to the repository root (the directory holding ``.git``)::

    rules:
      gap-in-group: {severity: warning, max_gap: 3}
      garbled-text: disable

Options are validated generically against each rule's declared ``OPTIONS``: the default's type
is the option's type, and every value has a bound (numbers 0 to :data:`MAX_INT_OPTION`, text and
lists up to :data:`MAX_TEXT_OPTION` characters or entries), so no configuration can make a rule
run without end.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import LoadError, Location, UsageError
from .finding import SEVERITIES, Severity
from .rule import RuleModule
from .rules import ALIASES, RULES

CONFIG_FILE = ".statuskit.yaml"
PYPROJECT = "pyproject.toml"
MAX_INT_OPTION = 1000
MAX_TEXT_OPTION = 1000


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
                _check_bound(rule, key, value, where)
                current.options[key] = value
            else:
                known = ", ".join(["severity", "enabled", *rule.OPTIONS])
                raise LoadError(f"rule {rule.ID}: unknown option {key!r}; expected one of: {known}", where)


def _check_bound(rule: RuleModule, key: str, value: Any, where: Location) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= MAX_INT_OPTION:
        raise LoadError(f"rule {rule.ID}: option {key!r} must be 0 to {MAX_INT_OPTION}, not {value}", where)
    if isinstance(value, str) and len(value) > MAX_TEXT_OPTION:
        raise LoadError(f"rule {rule.ID}: option {key!r} is longer than {MAX_TEXT_OPTION} characters", where)
    if isinstance(value, list | dict) and len(value) > MAX_TEXT_OPTION:
        raise LoadError(f"rule {rule.ID}: option {key!r} has more than {MAX_TEXT_OPTION} entries", where)
    if isinstance(value, float) and not (0 <= value <= MAX_INT_OPTION):
        raise LoadError(f"rule {rule.ID}: option {key!r} must be 0 to {MAX_INT_OPTION}, not {value}", where)


def load_config(path: str) -> Config:
    """A default configuration with the file at ``path`` applied (YAML, or a pyproject.toml)."""
    from ..loading.utf8 import read_text

    config = Config.default()
    text = read_text(path)
    if os.path.basename(path) == PYPROJECT or path.endswith(".toml"):
        table = _tool_table(text, path)
        config.apply(table, Location(path))
        return config
    from ..loading.yamlfile import parse_yaml

    document = parse_yaml(text, path)
    config.apply(document.data, document.location(()))
    return config


def find_config(start: str = ".") -> str | None:
    """The configuration file for a run started in ``start``, or None.

    In ``start`` and each parent up to the repository root (a directory with ``.git``), or the
    file system's root outside a repository: ``.statuskit.yaml``, then a ``pyproject.toml`` that
    has a ``[tool.statuskit]`` table.
    """
    from ..loading.utf8 import read_text

    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and _tool_table(read_text(pyproject), pyproject) is not None:
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            return None
        directory = parent


def _tool_table(text: str, path: str) -> Any:
    """``[tool.statuskit]`` of a pyproject.toml (None when absent); LoadError when not TOML."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = Location(path, int(found[1]), int(found[2])) if found else Location(path)
        reason = re.sub(r" \(at .*\)$", "", message)
        raise LoadError(f"not valid TOML: {reason}", where) from None
    tool = data.get("tool")
    return tool.get("statuskit") if isinstance(tool, dict) else None
