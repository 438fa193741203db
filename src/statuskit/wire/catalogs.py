"""Which catalog a space belongs to, so that a recorded status names its catalog id.

A :class:`~statuskit.model.Space` does not point back at its catalog. Catalogs can be made known
with :func:`register`; otherwise the catalog holding the space is found once, by asking the
garbage collector who refers to the space, and remembered.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Catalog, Space

_KNOWN: dict[int, tuple[Space, str]] = {}
_LIMIT = 1024


def register(catalog: Catalog) -> None:
    """Remember the catalog id of each of ``catalog``'s spaces."""
    for space in catalog.spaces:
        _remember(space, catalog.id)


def catalog_id(space: Space) -> str:
    """The id of the catalog holding ``space`` (``"?"`` when no catalog holds it)."""
    known = _KNOWN.get(id(space))
    if known is not None and known[0] is space:
        return known[1]
    found = _search(space)
    _remember(space, found)
    return found


def _remember(space: Space, ident: str) -> None:
    if len(_KNOWN) >= _LIMIT:
        _KNOWN.pop(next(iter(_KNOWN)))
    _KNOWN[id(space)] = (space, ident)


def _search(space: Space) -> str:
    from ..model import Catalog

    for holder in gc.get_referrers(space):
        if isinstance(holder, tuple):
            for owner in gc.get_referrers(holder):
                if isinstance(owner, Catalog) and owner.spaces is holder:
                    return owner.id
    return "?"
