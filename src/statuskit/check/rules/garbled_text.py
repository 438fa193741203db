"""garbled-text: text that looks garbled: mojibake, control characters, replacement characters.

Mojibake is UTF-8 read as Windows-1252 (``Ã©`` for ``é``, ``ðŸ•²`` for an emoji): a run of such
characters that decodes as UTF-8 once re-encoded is reported with what it probably meant.
Control characters other than line breaks and tabs, U+FFFD and bidirectional overrides are
reported too. The test itself is ``statuskit.garbled``, which the importers share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...garbled import ASCII_CONTROL as _ASCII_CONTROL
from ...garbled import garbled
from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "garbled-text"
CATEGORY = "text"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}
_KEYS = ("title", "description", "message")


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    if all_plain(catalog):
        return
    yield from each_problem(catalog)


def all_plain(catalog: Catalog) -> bool:
    """Whether every text of the catalog is ASCII without control characters, and so none is
    garbled: one scan of all texts at once, instead of a test per text (a million on a big
    catalog)."""
    texts: list[Any] = []
    for item in (catalog, *catalog.spaces, *(g for space in catalog.spaces for g in space.groups)):
        texts += (getattr(item, key, None) for key in _KEYS)
        texts += (getattr(t, key) for t in getattr(item, "i18n", {}).values() for key in _KEYS)
    for space in catalog.spaces:
        codes = space.codes
        texts += [code.title for code in codes]
        texts += [code.description for code in codes]
        texts += [code.message for code in codes]
        for code in codes:
            if code.i18n:
                texts += (getattr(t, key) for t in code.i18n.values() for key in _KEYS)
    joined = "\n".join(text for text in texts if isinstance(text, str))
    return joined.isascii() and _ASCII_CONTROL.search(joined) is None


def each_problem(catalog: Catalog) -> Iterator[Problem]:
    """The problems of every text, each tested on its own."""
    items: list[tuple[Any, str | None, int | str | None]] = [(catalog, None, None)]
    for space in catalog.spaces:
        items.append((space, space.name, None))
        items.extend((group, space.name, None) for group in space.groups)
        items.extend((code, space.name, code.code) for code in space.codes)
    for item, space_name, code in items:
        for key in ("title", "description", "message"):
            value = getattr(item, key, None)
            reason = garbled(value) if isinstance(value, str) else None
            if reason is not None:
                location = where(item, key) if hasattr(item, "locations") else None
                yield Problem(f"{key} {reason}", location, space_name, code)
        for lang, translation in getattr(item, "i18n", {}).items():
            for key in ("title", "description", "message"):
                value = getattr(translation, key)
                reason = garbled(value) if isinstance(value, str) else None
                if reason is not None:
                    yield Problem(f"{lang} {key} {reason}", where(item, "i18n"), space_name, code)
