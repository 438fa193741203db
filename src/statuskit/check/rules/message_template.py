"""message-template: a message template that does not parse, or differs between languages.

Placeholders are plain names in braces (``key {key} does not exist``). Every translation of a
message must use the same placeholders as the original, or the runtime could not fill it from
the same arguments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...errors import TemplateError
from ...model import Catalog
from ...templates import Template
from ..finding import Problem
from ..walk import codes, where

ID = "message-template"
CATEGORY = "text"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space, entry in codes(catalog):
        original: frozenset[str] | None = None
        if entry.message is not None:
            try:
                original = Template.parse(entry.message).placeholders
            except TemplateError as error:
                yield Problem(str(error), where(entry, "message"), space.name, entry.code)
        for lang, translation in entry.i18n.items():
            if translation.message is None:
                continue
            try:
                translated = Template.parse(translation.message).placeholders
            except TemplateError as error:
                yield Problem(f"{lang}: {error}", where(entry, "i18n"), space.name, entry.code)
                continue
            if original is None and entry.message is None:
                yield Problem(
                    f"translation {lang!r} has a message but the code has none",
                    where(entry, "i18n"),
                    space.name,
                    entry.code,
                )
            elif original is not None and translated != original:
                want = ", ".join(sorted(original)) or "none"
                got = ", ".join(sorted(translated)) or "none"
                yield Problem(
                    f"translation {lang!r} uses placeholders {got}; the message uses {want}",
                    where(entry, "i18n"),
                    space.name,
                    entry.code,
                )
