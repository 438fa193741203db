"""Catalog → documents. Each format is a function ``(catalog, expand=False) -> str``.

``FORMATS`` maps a format name to the module and function that renders it; modules are imported
only when their format is used.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..errors import UsageError
from ..model import Catalog

Renderer = Callable[..., str]

FORMATS: dict[str, str] = {
    "json": "statuskit.render.json_format:render",
    "yaml": "statuskit.render.yaml_format:render",
    "markdown": "statuskit.render.markdown_format:render",
    "html": "statuskit.render.html_format:render",
    "csv": "statuskit.render.csv_format:render",
}


def renderer(name: str) -> Renderer:
    """The render function of format ``name``."""
    target = FORMATS.get(name)
    if target is None:
        raise UsageError(f"unknown format {name!r}; expected one of: {', '.join(sorted(FORMATS))}")
    module_name, _, function = target.partition(":")
    result: Renderer = getattr(import_module(module_name), function)
    return result


def render(catalog: Catalog, format: str, *, expand: bool = False) -> str:
    """The catalog rendered in ``format``."""
    return renderer(format)(catalog, expand=expand)
