"""The shape of a rule module, and the configuration handed to it.

A rule is a module in ``statuskit.check.rules`` with:

- ``ID``: the rule's id (``duplicate-code``), used to select, ignore and configure it;
- ``CATEGORY``: ``structure``, ``naming``, ``transport``, ``text`` or ``layout``;
- ``SEVERITY``: ``error``, ``warning`` or ``info`` by default;
- ``OPTIONS``: a dict of option name → default value (the default's type is the option's type);
- ``check(catalog, options)``: yields :class:`~statuskit.check.finding.Problem`;
- a module docstring, which is the rule's documentation (``statuskit check --explain ID``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any, Protocol

from ..model import Catalog
from .finding import Problem, Severity


class RuleModule(Protocol):
    ID: str
    CATEGORY: str
    SEVERITY: Severity
    OPTIONS: Mapping[str, Any]

    def check(self, catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]: ...


def documentation(rule: ModuleType | RuleModule) -> str:
    """The rule's docstring, dedented."""
    import inspect

    return inspect.cleandoc(getattr(rule, "__doc__", None) or "")
