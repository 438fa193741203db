"""Catalog → documents. Each format is a function ``(catalog, expand=False) -> str``.

``FORMATS`` (a :class:`statuskit.plugins.Registry`) maps a format name to the module whose
``render`` function renders it; modules are imported only when their format is used.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Catalog
from ..plugins import Registry

Renderer = Callable[..., str]

FORMATS = Registry(
    "format",
    {
        "json": "statuskit.render.json_format",
        "yaml": "statuskit.render.yaml_format",
        "markdown": "statuskit.render.markdown_format",
        "html": "statuskit.render.html_format",
        "csv": "statuskit.render.csv_format",
    },
)


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (UsageError naming the formats when unknown)."""
    result: Renderer = FORMATS.get(name).render
    return result


def render(catalog: Catalog, format: str, *, expand: bool = False) -> str:
    """The catalog rendered in ``format``."""
    return renderer(format)(catalog, expand=expand)
