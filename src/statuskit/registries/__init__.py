"""Builtin catalogs of public registries, addressed by name: ``http``, ``websocket``, ``grpc``,
``jsonrpc`` (JSON-RPC 2.0 error codes) and ``smtp-enhanced`` (RFC 3463 enhanced status codes).

They ship as JSON in this package and load once per process.
"""

from __future__ import annotations

import os
from functools import cache

from ..errors import UnknownBuiltinError, UnknownSpaceError
from ..model import Catalog, Space

_NAMES = ("http", "websocket", "grpc", "jsonrpc", "smtp-enhanced")


def builtin_names() -> tuple[str, ...]:
    """The names :func:`builtin` accepts."""
    return _NAMES


@cache
def builtin(name: str) -> Catalog:
    """The builtin catalog ``name``; UnknownBuiltinError (with the known names) when there is none."""
    if name not in _NAMES:
        raise UnknownBuiltinError(f"no builtin catalog {name!r}; expected one of: {', '.join(_NAMES)}")
    from ..loading.build import build_catalog
    from ..loading.jsonfile import parse_json_trusted

    with open(os.path.join(os.path.dirname(__file__), f"{name}.json"), encoding="utf-8") as handle:
        text = handle.read()
    return build_catalog(parse_json_trusted(text, f"<builtin:{name}>"), resolve_base)


def resolve_base(reference: str) -> Space:
    """The builtin space named by ``extends``: ``http`` or ``http.status`` (catalog.space).

    UnknownBuiltinError (a LookupError) names the catalogs or spaces there are.
    """
    catalog_name, _, space_name = reference.replace(":", ".").partition(".")
    if catalog_name not in _NAMES:
        raise UnknownBuiltinError(
            f"extends {reference!r}: no builtin catalog {catalog_name!r}; expected one of: "
            + ", ".join(_NAMES)
        )
    try:
        return builtin(catalog_name).space(space_name or None)
    except UnknownSpaceError as error:
        raise UnknownBuiltinError(f"extends {reference!r}: {error}") from None
