"""Plug-in parts registered by name: one plain, explicit registry per kind of part.

Check rules, code generators, render formats, commands and reference servers are each a module
of a known shape. Each kind is declared once, in its package's ``__init__.py``, as a
:class:`Registry` that maps every name to the dotted path of its module, in a fixed order::

    FORMATS = Registry("format", {"json": "statuskit.render.json_format", ...})

Adding a part is writing its module and adding one line there. Modules are imported when first
asked for, so ``statuskit lookup`` never imports a generator; ``tests/test_plugins.py`` imports
every registered module and checks its shape.
"""

from __future__ import annotations

from importlib import import_module

from .errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from types import ModuleType


class Registry:
    """The parts of one kind: name → module path, in declaration order; ``get`` imports one.

    ``aliases`` maps old names to the names that replaced them (a renamed rule keeps working in
    configuration). Iterating, ``len`` and ``in`` see the current names only.
    """

    __slots__ = ("kind", "_paths", "aliases")

    def __init__(self, kind: str, paths: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self._paths = dict(paths)
        self.aliases = dict(aliases or {})
        unknown = set(self.aliases.values()) - set(self._paths)
        if unknown:
            raise UsageError(f"{kind} aliases name unregistered {kind}s: {', '.join(sorted(unknown))}")

    def names(self) -> tuple[str, ...]:
        """Every registered name, in declaration order."""
        return tuple(self._paths)

    def path(self, name: str) -> str:
        """The dotted module path of ``name`` (an alias gives its replacement's)."""
        return self._paths[self.canonical(name)]

    def canonical(self, name: str) -> str:
        """``name`` itself, or the name an alias stands for; UsageError when neither is known."""
        name = self.aliases.get(name, name)
        if name not in self._paths:
            raise UsageError(self.unknown(name))
        return name

    def unknown(self, name: str) -> str:
        """The message for an unknown name: what was expected, and the closest name if any."""
        import difflib  # only on this error path

        close = difflib.get_close_matches(name, [*self._paths, *self.aliases], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown {self.kind} {name!r}{hint} (expected one of: {', '.join(self._paths)})"

    def get(self, name: str) -> ModuleType:
        """The module of ``name``, imported on first use."""
        return import_module(self.path(name))

    def load_all(self) -> tuple[ModuleType, ...]:
        """Every registered module, in declaration order (imports them all)."""
        return tuple(import_module(path) for path in self._paths.values())

    def __contains__(self, name: object) -> bool:
        return name in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {len(self._paths)} parts)"
