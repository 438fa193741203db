"""Immutable record classes without the cost of importing ``dataclasses``.

The model's classes are built at import time of every ``statuskit`` command; ``dataclasses``
(with the ``inspect`` module it pulls in) would cost more than the rest of a ``statuskit lookup``.
These two bases give what the model needs: slots, no assignment after ``__init__``, a repr, and
value equality where it makes sense.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, NoReturn


class Frozen:
    """Slots only, assigned once in ``__init__`` through :meth:`_init`; compared by identity."""

    __slots__ = ()
    _repr_skip: tuple[str, ...] = ()

    def _init(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _fields(self) -> tuple[str, ...]:
        names: list[str] = []
        for klass in reversed(type(self).__mro__):
            names.extend(getattr(klass, "__slots__", ()))
        return tuple(names)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._fields() if name not in self._repr_skip
        )
        return f"{type(self).__name__}({shown})"


class Value(Frozen):
    """A Frozen record compared and hashed by its fields (those not in ``_compare_skip``)."""

    __slots__ = ()
    _compare_skip: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields() if name not in self._compare_skip)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())
