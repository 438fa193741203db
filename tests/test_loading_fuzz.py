"""Mutated catalogs never crash the loader, never hang it, and every refusal says where.

A seeded generator (fixed seed, so a failure reproduces) mutates the four bundled catalogs, in
their YAML text and in their canonical JSON form: it deletes, repeats and swaps lines, cuts and
splices text, and drops in the characters YAML and JSON care about. Each mutant must load, or
be refused with a :class:`~statuskit.errors.LoadError` that carries a location; a loaded mutant
must survive ``check`` and the canonical form. Each load must finish within a bound that a
super-linear path would miss.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from statuskit.canonical import catalog_to_data
from statuskit.check import check_catalog
from statuskit.errors import LoadError
from statuskit.loading import loads

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026_12_04
MUTANTS = 150  # per catalog and syntax
BOUND = 2.0  # seconds for one mutant, a generous multiple of the slowest bundled load
SPECIAL = [
    ":", " ", "-", "[", "]", "{", "}", ",", '"', "'", "#", "&a", "*a", "!", "|", ">", "\t", "\n",
    "0x", "-1", "1e999", "\u2028", "\x00", "\ufeff", "\\", "%", "@", "`", "?", "~", "null", "4xx",
]  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        at = rng.randrange(len(lines))
        operation = rng.randrange(6)
        if operation == 0:
            del lines[at]
        elif operation == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif operation == 2:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == 3:
            line = lines[at]
            cut = rng.randint(0, len(line))
            lines[at] = line[:cut] + rng.choice(SPECIAL) + line[cut:]
        elif operation == 4:
            lines[at] = lines[at][: rng.randint(0, len(lines[at]))]
        else:
            lines[at] = lines[at] + rng.choice(SPECIAL) * rng.randint(1, 40)
    return "\n".join(lines)


def _sources() -> list[tuple[str, str]]:
    sources = []
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        sources.append((path.name, text))
        canonical = json.dumps(catalog_to_data(loads(text, path.name)), indent=2, ensure_ascii=False)
        sources.append((path.with_suffix(".json").name, canonical))
    return sources


@pytest.mark.parametrize(("name", "text"), _sources(), ids=lambda value: value if len(value) < 40 else "")
def test_mutated_catalogs_load_or_say_where(name: str, text: str) -> None:
    rng = random.Random(f"{SEED}:{name}")
    loaded = refused = 0
    for number in range(MUTANTS):
        mutant = _mutate(text, rng)
        started = time.perf_counter()
        try:
            catalog = loads(mutant, name)
        except LoadError as error:
            refused += 1
            assert error.location is not None and error.location.file == name, (number, str(error))
            assert str(error), number
        else:
            loaded += 1
            list(check_catalog(catalog))
            catalog_to_data(catalog)
        took = time.perf_counter() - started
        assert took < BOUND, f"mutant {number} of {name} took {took:.2f} s"
    assert loaded + refused == MUTANTS
    assert refused > 0  # the generator really produces broken catalogs
