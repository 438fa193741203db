"""Which catalog a space belongs to, so that a recorded status names its catalog id."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Space


def catalog_id(space: Space) -> str:
    """The id of the catalog holding ``space`` (``"?"`` for a space built outside a catalog)."""
    return space.catalog_id or "?"
