"""garbled-text's one scan of all texts (``all_plain``) passes a catalog only when testing each
text on its own finds nothing; wherever a garbled text stands, the rule reports it as before."""

from __future__ import annotations

from pathlib import Path

import pytest

import statuskit
from statuskit.check.config import Config
from statuskit.check.rules import garbled_text

ROOT = Path(__file__).resolve().parent.parent
FILES = [*sorted((ROOT / "catalogs").glob("*.yaml")), ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"]
TEMPLATE = """\
catalog: c
title: {catalog}
spaces:
  - name: s
    description: {space}
    groups:
      - {{pattern: 4xx, title: {group}}}
    codes:
      - code: 404
        title: {title}
        description: {description}
        message: {message}
        i18n: {{de: {{title: {de_title}, message: {de_message}}}}}
"""
PLACES = ("catalog", "space", "group", "title", "description", "message", "de_title", "de_message")
BAD = [
    '"caf\\u00c3\\u00a9"',
    '"bell\\u0007"',
    '"nul\\u0000"',
    '"del\\u007f"',
    '"r\\ufffdsum"',
    '"\\u202eevil"',
]


def _problems(catalog: statuskit.Catalog) -> tuple[list[str], list[str]]:
    options = Config.default().rules[garbled_text.ID].options
    shown = [repr(p) for p in garbled_text.check(catalog, options)]
    return shown, [repr(p) for p in garbled_text.each_problem(catalog)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_catalogs_agree(path: Path) -> None:
    fast, full = _problems(statuskit.load(path))
    assert fast == full


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("bad", BAD)
def test_a_garbled_text_anywhere_is_still_reported(place: str, bad: str) -> None:
    texts = {name: f"plain {name}" for name in PLACES} | {place: bad}
    catalog = statuskit.loads(TEMPLATE.format(**texts), "c.yaml")
    assert not garbled_text.all_plain(catalog)
    fast, full = _problems(catalog)
    assert fast == full and len(fast) == 1


def test_plain_texts_pass_in_one_scan() -> None:
    catalog = statuskit.loads(TEMPLATE.format(**{name: f"plain {name}" for name in PLACES}), "c.yaml")
    assert garbled_text.all_plain(catalog)
    assert _problems(catalog) == ([], [])
