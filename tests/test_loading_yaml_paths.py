"""The YAML loader's fast path (``_PlainBuilder``) gives exactly what its full path (``_Builder``)
gives: the same data (types included), the same positions in the same order, and on every input
the full path refuses, the same error, because the fast path hands such files over to it.

The inputs: every bundled catalog, the kinds fixture, the builtins, the loader's hostile inputs
(aliases and alias bombs, tags, merge keys, duplicate keys, deep nesting, huge numbers, scalar
documents, YAML 1.2 scalars) and seeded mutants of the bundled catalogs.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from statuskit.errors import LoadError
from statuskit.loading.yamlfile import _Builder, _Loader, _plain_document, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))
FILES = [*CATALOGS, ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"]
FILES += sorted((ROOT / "src" / "statuskit" / "registries").glob("*.json"))
VALID = "catalog: c\nspaces:\n  - name: s\n    codes:\n      - code: 1\n"
HOSTILE = [
    VALID,
    VALID + "        code: 2\n",
    "catalog: c\nspaces: [\n  {name: s\n",
    "catalog: c\nspaces: " + "[" * 200 + "]" * 200 + "\n",
    "catalog: c\nspaces: " + "[" * 64 + "]" * 64 + "\n",
    "catalog: c\nspaces: " + "[" * 66 + "]" * 66 + "\n",
    VALID.replace("code: 1", "code: " + "9" * 5000),
    VALID.replace("code: 1", "code: 1e999"),
    VALID.replace("code: 1", "code: 0x" + "f" * 30),
    VALID.replace("code: 1", "code: -0o17"),
    VALID.replace("code: 1", "code: 1234567890123456789"),
    "catalog: !!python/object/apply:os.system ['true']\nspaces: []\n",
    "catalog: !!str c\nspaces: !!seq []\nx: !!int '5'\ny: !!str 5\n",
    "catalog: !custom c\nspaces: []\n",
    "!!map {catalog: c, spaces: []}\n",
    "catalog: c\nspaces: []\n<<: {a: 1}\n",
    "catalog: c\nspaces: []\n'<<': {a: 1}\n",
    "catalog: c\nspaces: []\n? !!merge x\n: 1\n",
    "catalog: c\nspaces: []\n? [a, b]\n: 1\n",
    "catalog: c\nspaces: []\n? {a: b}\n: 1\n",
    "catalog: &c c\nspaces: []\nname: *c\n",
    "catalog: c\nspaces: &s []\nother: *s\n",
    "a: &a {b: 1}\nc: *a\n",
    "just a scalar\n",
    "- a list\n- 2\n",
    "[1, [2, [3]], {a: ~}]\n",
    "catalog: c\nspaces: []\nv: [~, null, Null, NULL, '', true, True, TRUE, false, FALSE, no, yes, on, off]\n",
    "v: [+1, -1, 007, 0x1F, -0x1f, 0o17, 1.5, .5, -.5e3, 1e5, +.inf, -.Inf, .NaN, .nan, 1_000, 0b1]\n",
    "v: [nul, nulls, t, f, n, T, F, N, tru, '-', '+', '.', ., -, +x, ~x, 12:30, 2026-12-04, 'x', \"y\"]\n",
    "v: |\n  block\n  text\nw: >\n  folded\n  text\nx: plain\n  continued\n",
    "{'quoted key': 1, \"k2\": 2, plain: 3, ? explicit : 4}\n",
    '{"catalog": "c",\n "catalog": "d", "spaces": []}',
    '{"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1' + "0" * 400 + "}]}]}",
    "\ufeffcatalog: c\nspaces: []\n",
    "catalog: c  # comment\nspaces:   # more\n  []\n",
    "%YAML 1.2\n---\ncatalog: c\nspaces: []\n...\n",
    "--- a\n--- b\n",
]


def _outcome(run: Any) -> tuple[str, str]:
    try:
        document = run()
    except LoadError as error:
        return ("error", repr((error.message, error.location)))
    return ("loaded", repr((document.data, list(document.positions.items()))))


def _compare(text: str) -> bool:
    """Both paths agree on ``text``; whether the fast path took it rather than handing it over."""
    loaded = _outcome(lambda: parse_yaml(text, "c.yaml"))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        assert loaded[0] == "error"
        return False
    if root is None:
        assert loaded[0] == "error"
        return False
    assert loaded == _outcome(lambda: _Builder("c.yaml").document(root)), text[:200]
    return _plain_document(root, "c.yaml") is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_files_load_the_same_by_both_paths(path: Path) -> None:
    assert _compare(path.read_text(encoding="utf-8")), "the fast path should take every bundled file"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_inputs_load_or_fail_the_same_by_both_paths(text: str) -> None:
    _compare(text)


def test_files_with_something_to_refuse_are_handed_to_the_full_path() -> None:
    for index in (1, 3, 5, 6, 7, 8, 10, 11, 13, 15, 17, 18, 21, 23):
        text = HOSTILE[index]
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None
        assert _plain_document(root, "c.yaml") is None, text[:60]


def test_mutated_catalogs_load_or_fail_the_same_by_both_paths() -> None:
    rng = random.Random(2026_12_04)
    specials = [":", " ", "-", "[", "]", "{", "}", ",", '"', "'", "&a", "*a", "!", "|", ">", "<<", "~"]
    specials += ["0x", "-1", "1e999", "null", "true", "!!str ", "!!int ", "&b ", "*b", "? "]
    taken = 0
    for path in CATALOGS:
        lines = path.read_text(encoding="utf-8").split("\n")
        for _ in range(60):
            mutant = list(lines)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(mutant))
                line = mutant[at]
                cut = rng.randint(0, len(line))
                mutant[at] = line[:cut] + rng.choice(specials) + line[cut:]
            taken += _compare("\n".join(mutant))
    assert taken > 20  # many mutants stay usual, so the fast path's own answers are compared too
