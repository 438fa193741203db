"""The loader's shortcut for a code's optional texts (``_Reader.field_text``) answers exactly as
the full check (``_Reader.text``): the same value, or the same error at the same place."""

from __future__ import annotations

from typing import Any

import pytest

from statuskit.errors import LoadError
from statuskit.loading.build import _Reader
from statuskit.loading.document import Document

VALUES: list[Any] = [
    None,
    "",
    "text",
    "ünïcode",
    0,
    7,
    -3,
    1.5,
    float("inf"),
    True,
    False,
    [],
    ["a"],
    {},
    {"a": 1},
]
PATH = ("spaces", 0, "codes", 3)


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return ("value", call())
    except LoadError as error:
        return ("error", (error.message, error.location))


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_field_text_agrees_with_text(value: Any) -> None:
    entry = {"title": value}
    positions = {PATH: (4, 7), (*PATH, "title"): (5, 16), (*PATH, "title", "\x00key"): (5, 9)}
    reader = _Reader(Document({"x": entry}, "c.yaml", positions), None)
    fast = _outcome(lambda: reader.field_text(PATH, entry, "title"))
    full = _outcome(lambda: reader.text((*PATH, "title"), value))
    assert fast == full
    assert type(fast[1]) is type(full[1])


def test_field_text_of_a_missing_key_is_none() -> None:
    reader = _Reader(Document({}, "c.yaml", {}), None)
    assert reader.field_text(PATH, {}, "since") is None
    assert reader.text((*PATH, "since"), None) is None
