"""The loader's shortcut for usual code entries (``_Reader.code``) answers exactly as the full
checks (``_Reader.text``, ``_Reader.code_value``): the same value, or the same error at the same
place; and a code's location is worked out only when asked."""

from __future__ import annotations

from typing import Any

import pytest

from statuskit.errors import LoadError, Location
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


def _reader(entry: dict[str, Any]) -> _Reader:
    positions = {
        PATH: (4, 7),
        (*PATH, "code"): (4, 13),
        (*PATH, "title"): (5, 16),
        (*PATH, "title", "\x00key"): (5, 9),
    }
    return _Reader(Document({"x": entry}, "c.yaml", positions), None)


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("key", ["name", "title", "description", "message", "since"])
def test_code_texts_agree_with_text(key: str, value: Any) -> None:
    entry = {"code": 7, key: value}
    reader = _reader(entry)
    fast = _outcome(lambda: getattr(reader.code(PATH, entry), key))
    full = _outcome(lambda: reader.text((*PATH, key), value))
    assert fast == full
    assert type(fast[1]) is type(full[1])


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_code_number_agrees_with_code_value(value: Any) -> None:
    entry = {"code": value}
    reader = _reader(entry)
    fast = _outcome(lambda: reader.code(PATH, entry).code)
    full = _outcome(lambda: reader.code_value((*PATH, "code"), value) if value is not None else None)
    if value is None:  # a missing code is the entry's error, at the entry
        assert fast == ("error", ("a code has no 'code'; it is required", Location("c.yaml", 4, 7)))
    else:
        assert fast == full


def test_unknown_key_is_reported_at_the_key() -> None:
    entry = {"code": 7, "titel": "x"}
    outcome = _outcome(lambda: _reader(entry).code(PATH, entry))
    assert outcome[0] == "error"
    assert "unknown key 'titel'" in outcome[1][0] and "did you mean 'title'" in outcome[1][0]


def test_location_is_worked_out_when_asked() -> None:
    entry = {"code": 7, "title": "x"}
    reader = _reader(entry)
    code = reader.code(PATH, entry)
    assert code.place._location is None  # nothing looked up while building
    assert code.location == Location("c.yaml", 4, 7)
    assert code.locations["title"] == Location("c.yaml", 5, 16)
    assert code.place._location == Location("c.yaml", 4, 7)
