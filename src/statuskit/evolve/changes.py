"""One classified difference between two versions of a catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """What changed, where, and whether it breaks clients.

    ``space`` and ``code`` are None for changes of the whole catalog (or the whole space);
    ``review`` marks rewordings a person should read (the meaning may have shifted).
    """

    space: str | None
    code: int | str | None
    kind: str
    breaking: bool
    message: str
    old: Any = None
    new: Any = None
    review: bool = False

    def to_data(self) -> dict[str, Any]:
        """The change as ``diff --format json`` prints it."""
        data: dict[str, Any] = {
            "space": self.space,
            "code": self.code,
            "kind": self.kind,
            "breaking": self.breaking,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }
        if self.review:
            data["review"] = True
        return data
