"""codegen.jsontext writes exactly what ``json.dumps(data, indent=2, ensure_ascii=True)`` writes."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from statuskit.codegen import jsontext

SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**70,
    1.5,
    -0.0,
    1e-07,
    1e300,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    "plain",
    'quote " backslash \\ slash /',
    "new\nline\ttab\r\x00\x1f\x7f",
    "caf\u00e9 \u2028 \U0001f600 \ud800",
    "</script>",
]
KEYS: list[Any] = ["a", "", "caf\u00e9", '"', 1, -5, 2.5, float("nan"), True, False, None]


def _data(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth >= 4 or roll < 0.4:
        return rng.choice(SCALARS)
    if roll < 0.7:
        items = [_data(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return tuple(items) if rng.random() < 0.2 else items
    return {rng.choice(KEYS): _data(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def test_generated_data_is_written_as_json_writes_it() -> None:
    rng = random.Random(20261204)
    for _ in range(3000):
        data = _data(rng, 0)
        assert jsontext.dumps(data) == json.dumps(data, indent=2, ensure_ascii=True)


@pytest.mark.parametrize("data", [*SCALARS, [], {}, [[]], {"a": {}}, {"a": [1, {"b": []}]}])
def test_edge_values_are_written_as_json_writes_them(data: Any) -> None:
    assert jsontext.dumps(data) == json.dumps(data, indent=2, ensure_ascii=True)


@pytest.mark.parametrize("data", [{1j: 1}, [object()], {"a": {1, 2}}])
def test_what_json_cannot_write_is_refused(data: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(data, indent=2)
    with pytest.raises(TypeError):
        jsontext.dumps(data)
