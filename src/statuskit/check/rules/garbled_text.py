"""garbled-text: text that looks garbled: mojibake, control characters, replacement characters.

Mojibake is UTF-8 read as Windows-1252 (``Ã©`` for ``é``, ``ðŸ•²`` for an emoji): a run of such
characters that decodes as UTF-8 once re-encoded is reported with what it probably meant.
Control characters other than line breaks and tabs, U+FFFD and bidirectional overrides are
reported too. The test itself is ``statuskit.garbled``, which the importers share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...garbled import garbled
from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "garbled-text"
CATEGORY = "text"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
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
