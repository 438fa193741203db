"""Catalog files (YAML or JSON, one structure) → the model.

:func:`load` reads a file, :func:`loads` a string; both raise
:class:`~statuskit.errors.LoadError` carrying file, line and column.
"""

from __future__ import annotations

import gc
import os

from ..errors import LoadError, Location
from ..model import Catalog, Space
from . import cache
from .build import build_catalog
from .document import Document
from .syntax import syntax_of
from .utf8 import read_text

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")


def parse(text: str, file: str | None = None, *, format: str | None = None) -> Document:
    """Parse catalog text; ``format`` is ``yaml`` or ``json``, else guessed from the file name.

    Big texts are parsed once and then reloaded from :mod:`.cache`.
    """
    kind = format or syntax_of(file, text)
    collecting = _pause_collection()
    try:
        cached = cache.lookup(text, kind, file)
        if cached is not None:
            return cached
        document = _parse(text, file, kind)
    finally:
        _resume_collection(collecting)
    cache.store(text, kind, document)
    return document


def _pause_collection() -> bool:
    """Pause Python's cyclic garbage collector while a file becomes millions of new objects.

    None of them is garbage, but every few hundred allocations the collector walks them all: for a
    100,000-code catalog that was four fifths of the time to parse it. Reference counting still
    frees everything as usual. Returns whether it was running, for :func:`_resume_collection`.
    """
    running = gc.isenabled()
    gc.disable()
    return running


def _resume_collection(running: bool) -> None:
    if running:
        gc.enable()


def _parse(text: str, file: str | None, kind: str) -> Document:
    if kind == "json":
        from .jsonfile import parse_json

        return parse_json(text, file)
    from .yamlfile import parse_yaml  # imports PyYAML only when a YAML file is read

    return parse_yaml(text, file)


def loads(text: str, file: str | None = None, *, format: str | None = None) -> Catalog:
    """Load a catalog from text."""
    document = parse(text, file, format=format)
    collecting = _pause_collection()
    try:
        return build_catalog(document, resolve_base)
    finally:
        _resume_collection(collecting)


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
