"""JSON's spelling of scalars, shared by generated TypeScript and the YAML text editor."""

from __future__ import annotations

import math

import pytest

from statuskit.codegen.literals import ts_value
from statuskit.evolve.textedit import Unsupported, scalar
from statuskit.jsonscalars import json_scalar


@pytest.mark.parametrize(
    ("value", "spelled"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-42, "-42"),
        (0.5, "0.5"),
        (1e300, "1e+300"),
    ],
)
def test_null_booleans_and_finite_numbers_are_spelled_as_json(value: object, spelled: str) -> None:
    assert json_scalar(value) == spelled
    assert ts_value(value) == spelled
    assert scalar(value) == spelled


@pytest.mark.parametrize("value", ["text", "", [1], {"a": 1}, math.nan, math.inf, -math.inf])
def test_anything_else_is_left_to_the_caller(value: object) -> None:
    assert json_scalar(value) is None


def test_callers_decide_what_json_cannot_spell() -> None:
    assert ts_value(math.nan) == "null" and ts_value(-math.inf) == "null"
    with pytest.raises(Unsupported, match="no scalar for inf"):
        scalar(math.inf)
