"""Catalog → code: Python, TypeScript, JSON Schema and OpenAPI, from one catalog.

``generate(catalog, target, **options)`` returns the source text; the same catalog always gives
the same bytes, so generated files can be committed and checked for drift in CI
(:func:`statuskit.codegen.drift.drift`). Each target is a module with ``generate(catalog, ...)``,
registered in ``TARGETS`` (a :class:`statuskit.plugins.Registry`) and imported only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Catalog
from ..plugins import Registry

TARGETS = Registry(
    "target",
    {
        "python": "statuskit.codegen.python",
        "typescript": "statuskit.codegen.typescript",
        "jsonschema": "statuskit.codegen.jsonschema",
        "openapi": "statuskit.codegen.openapi",
    },
)


def generator(target: str) -> Callable[..., str]:
    """The ``generate`` function of ``target`` (UsageError naming the targets when unknown)."""
    function: Callable[..., str] = TARGETS.get(target).generate
    return function


def generate(catalog: Catalog, target: str, **options: Any) -> str:
    """The source text of ``target`` generated from ``catalog``."""
    return generator(target)(catalog, **options)


__all__ = ["TARGETS", "generate", "generator"]
