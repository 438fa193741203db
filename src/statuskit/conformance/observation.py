"""Observation: a status seen on the wire, in the one form coverage and record files share.

An event of the runtime's bus becomes an observation here (:meth:`Observation.of_event`), and a
record line becomes one in :mod:`statuskit.conformance.recordfile`; nothing else converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..wire.record import Event


@dataclass(frozen=True, slots=True)
class Observation:
    """A status seen on the wire: by whom is told by ``direction`` (``sent`` or ``received``)."""

    catalog: str
    space: str
    code: int | str
    transport: str
    direction: str = "sent"
    declared: bool = True
    operation: str | None = None

    @classmethod
    def of_event(cls, event: Event) -> Observation:
        """The observation of an event announced on the bus."""
        return cls(
            event.catalog,
            event.space,
            event.code,
            event.transport,
            event.direction,
            event.declared,
            event.operation,
        )

    def to_json(self) -> dict[str, Any]:
        """The members a record line or a merged record holds for this observation."""
        members: dict[str, Any] = {
            "catalog": self.catalog,
            "space": self.space,
            "code": self.code,
            "declared": self.declared,
            "transport": self.transport,
            "direction": self.direction,
        }
        if self.operation is not None:
            members["operation"] = self.operation
        return members
