"""fmt's quick test for a file already in order agrees with the reordering it stands in for."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from statuskit.evolve.fmt import format_document, in_order
from statuskit.evolve.roundtrip import RoundTrip
from statuskit.loading import parse

ROOT = Path(__file__).resolve().parents[1]
FILES = [*sorted((ROOT / "catalogs").glob("*.yaml")), ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"]


def moves(data: Any) -> bool:
    return format_document(RoundTrip(copy.deepcopy(data), "x.yaml", "yaml"))


def variants(data: dict[str, Any], seed: int) -> list[Any]:
    """``data`` with one thing at a time out of order: keys of each level, codes, their fields."""
    shuffler = random.Random(seed)
    out = []

    def swapped(node: dict[str, Any]) -> dict[str, Any]:
        keys = list(node)
        shuffler.shuffle(keys)
        return {key: node[key] for key in keys}

    out.append(swapped(data))
    for index in range(len(data.get("spaces", []))):
        for change in ("keys", "codes", "code keys", "groups", "retired", "fields", "i18n"):
            new = copy.deepcopy(data)
            target = new["spaces"][index]
            if change == "keys":
                new["spaces"][index] = swapped(target)
            elif change == "codes" and len(target.get("codes") or []) > 1:
                shuffler.shuffle(target["codes"])
            elif change == "code keys" and target.get("codes"):
                target["codes"][-1] = swapped(target["codes"][-1])
            elif change in ("groups", "retired") and target.get(change):
                target[change][0] = swapped(target[change][0])
            elif change == "fields" and isinstance(target.get("fields"), dict) and target["fields"]:
                name = next(iter(target["fields"]))
                if isinstance(target["fields"][name], dict):
                    target["fields"][name] = swapped(target["fields"][name])
            elif change == "i18n":
                for code in target.get("codes") or []:
                    for lang, text in (code.get("i18n") or {}).items():
                        code["i18n"][lang] = swapped(text)
            out.append(new)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_in_order_is_true_exactly_when_formatting_moves_nothing(path: Path) -> None:
    data = parse(path.read_text(encoding="utf-8"), str(path)).data
    ordered = copy.deepcopy(data)
    format_document(RoundTrip(ordered, "x.yaml", "yaml"))
    assert in_order(ordered) and not moves(ordered)
    seen = {True: 0, False: 0}
    for seed in range(3):
        for variant in [data, *variants(ordered, seed)]:
            assert in_order(variant) == (not moves(variant))
            seen[in_order(variant)] += 1
    assert seen[False] > 0  # the variants did put things out of order
