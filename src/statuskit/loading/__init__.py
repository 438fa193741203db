"""Catalog files (YAML or JSON, one structure) → the model.

:func:`load` reads a file, :func:`loads` a string; both raise
:class:`~statuskit.errors.LoadError` carrying file, line and column.
"""

from __future__ import annotations

import os

from ..errors import LoadError, Location
from ..model import Catalog, Space
from .build import build_catalog
from .document import Document
from .syntax import syntax_of
from .utf8 import read_text

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")


def parse(text: str, file: str | None = None, *, format: str | None = None) -> Document:
    """Parse catalog text; ``format`` is ``yaml`` or ``json``, else guessed from the file name."""
    kind = format or syntax_of(file, text)
    if kind == "json":
        from .jsonfile import parse_json

        return parse_json(text, file)
    from .yamlfile import parse_yaml  # imports PyYAML only when a YAML file is read

    return parse_yaml(text, file)


def loads(text: str, file: str | None = None, *, format: str | None = None) -> Catalog:
    """Load a catalog from text."""
    return build_catalog(parse(text, file, format=format), resolve_base)


def load(path: str | os.PathLike[str]) -> Catalog:
    """Load a catalog file (``.yaml``, ``.yml`` or ``.json``)."""
    file = os.fspath(path)
    return loads(read_text(file), file)


def resolve_base(reference: str) -> Space:
    """The builtin space named by ``extends``: ``http`` or ``http.status`` (catalog.space)."""
    from ..registries import builtin, builtin_names

    catalog_name, _, space_name = reference.replace(":", ".").partition(".")
    if catalog_name not in builtin_names():
        raise LookupError(
            f"extends {reference!r}: no builtin catalog {catalog_name!r}; expected one of: "
            + ", ".join(builtin_names())
        )
    catalog = builtin(catalog_name)
    try:
        return catalog.space(space_name or None)
    except Exception as error:
        raise LookupError(f"extends {reference!r}: {error}") from None


__all__ = ["CATALOG_SUFFIXES", "LoadError", "Location", "load", "loads", "parse", "resolve_base", "syntax_of"]
