"""The plan's shortcut for names already in snake case gives the identifiers of the full path."""

from __future__ import annotations

import random

from statuskit.codegen import plan
from statuskit.model import Code

ALPHABET = ["a", "z", "0", "9", "_", "A", "-", " ", "\u00e9", "if", "none", "x" * 30]
EDGES = [
    "a",
    "a_b",
    "if",
    "none",
    "true",
    "match",
    "code_100000",
    "x" * 70,
    "a" + "_b" * 40,
    "a__b",
    "a_",
    "1a",
]


def _full(name: str) -> str:
    """member_name without its shortcut, for a code that has only a name (and an integer code)."""
    return plan._identifier(name) or "CODE_1"


def test_names_take_the_same_identifiers_with_and_without_the_shortcut() -> None:
    rng = random.Random(20261204)
    names = [*EDGES, *("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 8))) for _ in range(5000))]
    plain = 0
    for name in names:
        assert plan.member_name(Code(1, name=name)) == _full(name), name
        plain += bool(plan._PLAIN_NAME.match(name))
    assert plain > 100  # the shortcut was taken often enough to be tested
