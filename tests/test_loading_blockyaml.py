"""The fast block-YAML reader (``loading/blockyaml.py``) gives exactly what libyaml's path gives,
or hands the text over (None): the same data with the same types, and the same positions in the
same order. It never takes a text that libyaml refuses.

The inputs: every YAML file of the repository and every YAML example in the docs (most of which it
must take, so that it is not a reader that always says None), hand-written edge cases of each
construct it reads, seeded mutants of the catalogs and seeded random lines of keys, items and
scalars (each fuzz bounded in time).
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from statuskit.errors import LoadError
from statuskit.loading import blockyaml
from statuskit.loading.yamlfile import _Builder, _Loader, _plain_document

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(
    path
    for folder in ("catalogs", "src/statuskit", "tests/fixtures", "docs")
    for path in (ROOT / folder).rglob("*.y*ml")
)
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))
SEED = 2026_12_04
FUZZ_SECONDS = 3.0  # for each of the two fuzz tests


def _doc_examples() -> list[str]:
    blocks: list[str] = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        blocks += re.findall(r"```ya?ml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    return blocks


def _libyaml(text: str) -> Any:
    """libyaml's path without the fast reader: a Document, or the error it raises."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return "refused"
    if root is None:
        return "refused"
    try:
        return _plain_document(root, "c.yaml") or _Builder("c.yaml").document(root)
    except LoadError:
        return "refused"


def _agrees(text: str) -> bool:
    """Whether the fast reader took ``text``; it fails the test if it took it wrongly."""
    fast = blockyaml.read(text, "c.yaml")
    if fast is None:
        return False
    reference = _libyaml(text)
    assert reference != "refused", f"libyaml refuses a text the fast reader took: {text[:300]!r}"
    assert repr((fast.data, list(fast.positions.items()))) == repr(
        (reference.data, list(reference.positions.items()))
    ), text[:300]
    assert fast.file == reference.file
    return True


def test_the_repository_has_yaml_to_compare() -> None:
    assert len(YAML_FILES) >= 6 and len(_doc_examples()) >= 3


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_yaml_files_read_the_same(path: Path) -> None:
    _agrees(path.read_text(encoding="utf-8"))


def test_bundled_catalogs_and_doc_examples_are_taken_by_the_fast_reader() -> None:
    texts = [path.read_text(encoding="utf-8") for path in YAML_FILES] + _doc_examples()
    taken = [_agrees(text) for text in texts]
    assert all(_agrees(path.read_text(encoding="utf-8")) for path in CATALOGS)
    assert sum(taken) >= 0.8 * len(taken), taken


TAKEN = [
    "a: 1\nb:\n  c: 2\nd:\n- x\n-\n- y\ne:\n  - z\nf:\n",
    "# c\n\n  a: 1\n  b: [1, {c: d}]\n",
    "- a: 1\n  b: 2\n- \n-   x\n- # c\n  k: v\n",
    "a: x]\nb: x}\nc: x, y\nd: a{b\ne: http://x/y\nf: C# #c\ng: b:#c\n",
    "v: [~, null, true, False, no, +1, -1, 007, 0x1F, -0o17, 1.5, .5, -.5e3, 1e5, .inf, -.Inf, .NaN]\n",
    "t: 12:30\nv: [1_000, 0b1, 2026-12-04, nul, tru, '-', \"+\", 'it''s', \"\\x41\\u00e9\\t\\\\\"]\n",
    "a: 'single # not a comment'  # a comment\nb: \"double: yes\"\nc: {k: 'v', w: \"1\"}\n",
    "a: |\n  literal\n   more\n\n  text\nb: >\n  folded\n  text\n\n  para\n    indented\n  end\n",
    "a: |-\n  x\n\n\nb: >-\n  y\n  z\nc: |\n  no final break",
    "- |\n  item\n-   >\n     folded item\n",
    "a:\n  b:\n    c:\n      - d: [e, {f: g}]\n        h: ~\n",
    "a: " + "[" * 64 + "]" * 64 + "\n",
    "a: b\n  continued\nc: 1\n 2\n\n   3\nd: -x\n  -y\n",
    "- plain over\n  lines\n- k: v\n   w\n    x\n",
]
LEFT_TO_LIBYAML = [
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "? a\n: b\n",
    "'q': 1\n",
    "a: b\n  c #d\n",
    "a: b # c\n  d\n",
    "a: b\n  # c\n  d\n",
    "a: b\n  c: d\n",
    "a: [1,\n  2]\n",
    "a: {b: {c: d}\n",
    "---\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n... b: 2\n",
    "a:\tb\n",
    "a: 1\r\nb: 2\r\n",
    "\ufeffa: 1\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\n",
    "a: " + "[" * 66 + "]" * 66 + "\n",
    "a: " + "9" * 19 + "\n",
    "a: 1e999\n",
    "a: b: c\n",
    "a: |+\n  keep\n\n",
    "a: |2\n   x\n",
    "just a scalar\n",
    "",
    "# only a comment\n",
    "a: [b, ]\n",
    "a: {b}\n",
    "- - a\n",
    'a: "\\q"\n',
    'a: "\\ud800"\n',
    "a:\n  - x\n - y\n",
]


@pytest.mark.parametrize("text", TAKEN, ids=range(len(TAKEN)))
def test_usual_constructs_are_taken_and_read_the_same(text: str) -> None:
    assert _agrees(text), text


@pytest.mark.parametrize("text", LEFT_TO_LIBYAML, ids=range(len(LEFT_TO_LIBYAML)))
def test_unusual_texts_are_left_to_libyaml(text: str) -> None:
    assert blockyaml.read(text, "c.yaml") is None, text


SPECIAL = [":", " ", "-", "#", "'", '"', "\t", "&a", "*a", "!", "{", "}", "[", "]", "|", ">", ",", "? "]
SPECIAL += [
    "- ",
    ": ",
    " #",
    "''",
    "\\",
    "~",
    "0x1F",
    "1e999",
    "9" * 25,
    "<<",
    "|-",
    ">-",
    "\r",
    "---",
    "... ",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines))
        line = lines[at]
        cut = rng.randint(0, len(line))
        operation = rng.randrange(7)
        if operation == 0 and len(lines) > 1:
            del lines[at]
        elif operation == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif operation == 2:
            lines[at] = line[:cut] + rng.choice(SPECIAL) + line[cut:]
        elif operation == 3:
            lines[at] = line[:cut] + line[cut + 1 :]
        elif operation == 4:
            lines[at] = line[:cut] + line[cut : cut + 1] * 2 + line[cut + 1 :]
        elif operation == 5:
            lines[at] = " " * rng.randint(1, 3) + line
        else:
            lines[at] = line[cut:]
    return "\n".join(lines)


def test_mutated_catalogs_are_read_the_same_or_left_to_libyaml() -> None:
    rng = random.Random(SEED)
    sources = [path.read_text(encoding="utf-8") for path in [*CATALOGS, *YAML_FILES]] + TAKEN
    deadline = time.monotonic() + FUZZ_SECONDS
    tried = taken = 0
    while time.monotonic() < deadline:
        taken += _agrees(_mutate(rng.choice(sources), rng))
        tried += 1
    assert tried >= 200, "too few mutants to mean anything"
    assert 0 < taken < tried, (taken, tried)


PIECES = ["b", "1", "true", "x y", "- c", "-c", "c: d", "c:", "#c", "c #d", "c#d", "'q'", "[a]", "a, b"]
PIECES += ["null", "0x1", "~", "\u00e9", "? x", "k: v", "1.5", "|", ">-", "{a: 1}", '"d"', "&a x", "*a"]


def _lines(rng: random.Random) -> str:
    """Lines of keys, items and scalars at random indentations (continued scalars among them)."""
    lines = []
    for _ in range(rng.randint(1, 6)):
        head = rng.choice(["", "", "- ", "k: ", "- k: ", f"k{rng.randrange(3)}:"])
        tail = "" if head.endswith(":") else rng.choice(PIECES)
        lines.append(" " * rng.choice([0, 0, 1, 2, 2, 3, 4, 5]) + head + tail)
        if rng.random() < 0.2:
            lines.append(" " * rng.randint(0, 4))
    return "\n".join(lines) + rng.choice(["", "\n"])


def test_random_lines_are_read_the_same_or_left_to_libyaml() -> None:
    rng = random.Random(SEED)
    deadline = time.monotonic() + FUZZ_SECONDS
    tried = taken = 0
    while time.monotonic() < deadline:
        taken += _agrees(_lines(rng))
        tried += 1
    assert tried >= 200, "too few texts to mean anything"
    assert 0 < taken < tried, (taken, tried)
