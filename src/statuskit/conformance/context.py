"""Which operation a status answers: set once where a server dispatches a request.

    from statuskit.conformance import operation

    async def dispatch(command, ...):
        operation(command.name)          # for the rest of this task (or thread) ...
        with operation("KV_GET"):        # ... or only inside the block
            ...

The name is an operation's ``name`` in the catalog, or how it is recognised on the wire
(``GET /v4/users/{id}``, a command, a line keyword, an opcode); the conformance checks resolve
it against the catalog's ``operations``. It lives in a context variable
(:data:`statuskit.wire.record.OPERATION`), so concurrent asyncio tasks and threads each keep
their own; a codec's ``operation=`` argument overrides it for one status.
"""

from __future__ import annotations

from contextvars import Token
from types import TracebackType

from ..wire.record import OPERATION


class OperationScope:
    """The operation set by :func:`operation`; as a context manager, restores the previous one."""

    __slots__ = ("name", "_token")

    def __init__(self, name: str | None, token: Token[str | None]) -> None:
        self.name = name
        self._token = token

    def __enter__(self) -> OperationScope:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        OPERATION.reset(self._token)


def operation(name: str | None) -> OperationScope:
    """Mark what this context serves as ``name`` (None: nothing) from now on, or inside ``with``."""
    return OperationScope(name, OPERATION.set(name))


def current_operation() -> str | None:
    """The operation this context serves, or None."""
    return OPERATION.get()
