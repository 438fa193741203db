"""statuskit: a system's status codes, defined once in a catalog.

    >>> import statuskit
    >>> http = statuskit.builtin("http").space()
    >>> http[404].title
    'Not Found'

The public API is small: :func:`load` and :func:`builtin` give a :class:`Catalog`; a
:class:`Space` maps code numbers to :class:`Code` entries; :class:`Status` is a code as it travels
on the wire. Everything else lives in submodules (``statuskit.check``, ``statuskit.wire``...).
Errors are in ``statuskit.errors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import LoadError, StatuskitError, TemplateError, UnknownCodeError, UnknownSpaceError
    from .loading import load, loads
    from .model import Catalog, Code, Group, Space
    from .registries import builtin
    from .status import Status, StatusError

_LAZY = {
    "load": "loading",
    "loads": "loading",
    "builtin": "registries",
    "Catalog": "model",
    "Space": "model",
    "Group": "model",
    "Code": "model",
    "Status": "status",
    "StatusError": "status",
    "StatuskitError": "errors",
    "LoadError": "errors",
    "TemplateError": "errors",
    "UnknownCodeError": "errors",
    "UnknownSpaceError": "errors",
}

__all__ = [
    "Catalog",
    "Code",
    "Group",
    "LoadError",
    "Space",
    "Status",
    "StatusError",
    "StatuskitError",
    "TemplateError",
    "UnknownCodeError",
    "UnknownSpaceError",
    "builtin",
    "load",
    "loads",
]


def __getattr__(name: str) -> Any:
    """Import lazily, so that ``import statuskit`` stays cheap for the command line."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'statuskit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def _record_if_asked() -> None:
    """A process started with ``STATUSKIT_RECORD`` set (a server under test) records what it sends."""
    import os

    if os.environ.get("STATUSKIT_RECORD"):
        from .conformance.recordfile import attach

        attach()


_record_if_asked()
