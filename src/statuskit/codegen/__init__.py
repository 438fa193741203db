"""Catalog → code: Python, TypeScript, JSON Schema and OpenAPI, from one catalog.

``generate(catalog, target, **options)`` returns the source text; the same catalog always gives
the same bytes, so generated files can be committed and checked for drift in CI
(:func:`statuskit.codegen.drift.drift`). Each target is a module with ``generate(catalog, ...)``,
imported only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ..errors import UsageError
from ..model import Catalog

TARGETS: dict[str, str] = {
    "python": "statuskit.codegen.python",
    "typescript": "statuskit.codegen.typescript",
    "jsonschema": "statuskit.codegen.jsonschema",
    "openapi": "statuskit.codegen.openapi",
}


def generator(target: str) -> Callable[..., str]:
    """The ``generate`` function of ``target``."""
    module_name = TARGETS.get(target)
    if module_name is None:
        raise UsageError(f"unknown target {target!r}; expected one of: {', '.join(sorted(TARGETS))}")
    function: Callable[..., str] = import_module(module_name).generate
    return function


def generate(catalog: Catalog, target: str, **options: Any) -> str:
    """The source text of ``target`` generated from ``catalog``."""
    return generator(target)(catalog, **options)


__all__ = ["TARGETS", "generate", "generator"]
