"""empty-group's bisection over a group's span finds a code exactly when scanning every code does."""

from __future__ import annotations

from pathlib import Path

import pytest

import statuskit
from statuskit.check.rules.empty_group import _holds_one

ROOT = Path(__file__).resolve().parent.parent
FILES = [*sorted((ROOT / "catalogs").glob("*.yaml")), ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"]
SPANS = """\
catalog: c
spaces:
  - name: s
    digits: 3
    groups:
      - {pattern: 1xx, title: below the first}
      - {pattern: 4xx, title: holds 404}
      - {pattern: 40x, title: holds 404 too}
      - {pattern: 41x, title: between codes}
      - {range: [404, 404], title: exactly one}
      - {range: [405, 498], title: between the last two}
      - {range: [499, 499], title: the last}
      - {pattern: 9xx, title: above the last}
      - {name: listed, codes: [404], title: a list}
    codes:
      - {code: 200}
      - {code: 404}
      - {code: 499}
"""


def _check(catalog: statuskit.Catalog) -> int:
    compared = 0
    for space in catalog.spaces:
        numbers = [c.code for c in space.all_codes()]
        integers = sorted(n for n in numbers if type(n) is int)
        for group in space.groups:
            assert _holds_one(group, numbers, integers) == any(group.contains(n) for n in numbers), group
            compared += group.span is not None
    return compared


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_groups_agree(path: Path) -> None:
    _check(statuskit.load(path))


def test_spans_at_the_edges_agree() -> None:
    catalog = statuskit.loads(SPANS, "c.yaml")
    assert _check(catalog) == 8
    groups = catalog.spaces[0].groups
    numbers = [200, 404, 499]
    held = [_holds_one(g, list(numbers), numbers) for g in groups]
    assert held == [False, True, True, False, True, False, True, False, True]
