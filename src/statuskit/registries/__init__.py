"""Builtin catalogs of public registries, addressed by name: ``http``, ``websocket``, ``grpc``.

They ship as JSON in this package and load once per process.
"""

from __future__ import annotations

import os
from functools import cache

from ..model import Catalog

_NAMES = ("http", "websocket", "grpc")


def builtin_names() -> tuple[str, ...]:
    """The names :func:`builtin` accepts."""
    return _NAMES


@cache
def builtin(name: str) -> Catalog:
    """The builtin catalog ``name``; LookupError (with the known names) when there is none."""
    if name not in _NAMES:
        raise LookupError(f"no builtin catalog {name!r}; expected one of: {', '.join(_NAMES)}")
    from ..loading import resolve_base
    from ..loading.build import build_catalog
    from ..loading.jsonfile import parse_json_trusted

    with open(os.path.join(os.path.dirname(__file__), f"{name}.json"), encoding="utf-8") as handle:
        text = handle.read()
    return build_catalog(parse_json_trusted(text, f"<builtin:{name}>"), resolve_base)
