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
    """The builtin space named by ``extends`` (see :func:`statuskit.registries.resolve_base`).

    The builtins are themselves loaded with this package, so they are imported only when a
    catalog extends one.
    """
    from ..registries import resolve_base as resolve

    return resolve(reference)


__all__ = ["CATALOG_SUFFIXES", "LoadError", "Location", "load", "loads", "parse", "resolve_base", "syntax_of"]
