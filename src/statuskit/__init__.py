"""statuskit: a system's status codes, defined once in a catalog.

    >>> import statuskit
    >>> http = statuskit.builtin("http").space()
    >>> http[404].title
    'Not Found'

The public API is small: :func:`load` and :func:`builtin` give a :class:`Catalog`; a
:class:`Space` maps code numbers to :class:`Code` entries; :class:`Status` is a code as it travels
on the wire. Everything else lives in submodules (``statuskit.check``, ``statuskit.wire``...).
Every error class is exported here too; ``statuskit.errors`` draws their tree.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

    from .errors import (
        AllocationError,
        FormatError,
        LoadError,
        Location,
        OtlpError,
        PatternError,
        RecordError,
        StatusError,
        StatuskitError,
        TemplateError,
        UnknownBuiltinError,
        UnknownCodeError,
        UnknownSpaceError,
        UnsendableCodeError,
        UnsupportedEditError,
        UnusualYamlError,
        UsageError,
        WireError,
        WriteError,
    )
    from .loading import load, loads
    from .model import Catalog, Code, Group, Space, Status
    from .registries import builtin

# Each public name and the module it comes from, imported on first use.
_LAZY = {
    "load": "loading",
    "loads": "loading",
    "builtin": "registries",
    "Catalog": "model",
    "Space": "model",
    "Group": "model",
    "Code": "model",
    "Status": "model",
    "AllocationError": "errors",
    "FormatError": "errors",
    "LoadError": "errors",
    "Location": "errors",
    "OtlpError": "errors",
    "PatternError": "errors",
    "RecordError": "errors",
    "StatusError": "errors",
    "StatuskitError": "errors",
    "TemplateError": "errors",
    "UnknownBuiltinError": "errors",
    "UnknownCodeError": "errors",
    "UnknownSpaceError": "errors",
    "UnsendableCodeError": "errors",
    "UnsupportedEditError": "errors",
    "UnusualYamlError": "errors",
    "UsageError": "errors",
    "WireError": "errors",
    "WriteError": "errors",
}

__all__ = [
    "AllocationError",
    "Catalog",
    "Code",
    "FormatError",
    "Group",
    "LoadError",
    "Location",
    "OtlpError",
    "PatternError",
    "RecordError",
    "Space",
    "Status",
    "StatusError",
    "StatuskitError",
    "TemplateError",
    "UnknownBuiltinError",
    "UnknownCodeError",
    "UnknownSpaceError",
    "UnsendableCodeError",
    "UnsupportedEditError",
    "UnusualYamlError",
    "UsageError",
    "WireError",
    "WriteError",
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


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


def _record_if_asked() -> None:
    """A process started with ``STATUSKIT_RECORD`` set (a server under test) records what it sends."""
    import os

    if os.environ.get("STATUSKIT_RECORD"):
        from .conformance.recordfile import attach

        attach()


_record_if_asked()
