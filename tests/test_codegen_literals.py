"""The fast paths of the literal writers answer exactly as the full ones.

Every text of a catalog becomes a literal (the embedded catalog JSON alone is megabytes on a big
catalog), so printable ASCII text, the common case, takes shortcuts: escaping by two replaces, and
cutting long literals a line at a time. These tests compare the shortcuts with the full
computations on many generated texts and widths, the edge cases included.
"""

from __future__ import annotations

import ast
import random

import pytest

from statuskit.codegen import literals
from statuskit.codegen.literals import py_str, py_str_lines

# Words of every length around the piece size (24), spaces in runs, quotes and backslashes.
ALPHABET = [
    "a",
    "b",
    " ",
    '"',
    "\\",
    "  ",
    "y" * 23,
    "z" * 24,
    "q" * 25,
    "w" * 48,
    " " * 3,
    '"' * 10,
    "\\" * 13,
]
WIDTHS = [-5, 0, 1, 2, 3, 10, 20, 26, 27, 30, 50, 51, 80, 92, 96]
EDGES = ["", " ", "  ", '"', "\\", "x" * 24, "x" * 24 + " ", " " + "x" * 24, "x" * 100, '"' * 100, "a " * 60]


def _texts(count: int) -> list[str]:
    rng = random.Random(20261204)
    made = [*EDGES]
    for _ in range(count):
        made.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))))
    return made


def _full_str(text: str) -> str:
    escaped = text.translate(literals._PY_TABLE).encode("ascii", "backslashreplace").decode("ascii")
    return f'"{escaped}"'


def test_printable_ascii_is_escaped_as_the_full_escape_does() -> None:
    for text in [*_texts(3000), "".join(map(chr, range(0x20, 0x7F)))]:
        assert py_str(text) == _full_str(text)


@pytest.mark.parametrize("width", WIDTHS)
def test_printable_ascii_is_cut_into_the_same_lines(width: int) -> None:
    for text in _texts(3000):
        whole = _full_str(text)
        expected = [whole] if len(whole) <= width else literals._escaped_lines(whole[1:-1], width)
        assert py_str_lines(text, width) == expected, (text, width)


def test_lines_are_no_wider_than_asked_unless_one_piece_is() -> None:
    text = 'a "quoted" word, ' * 50 + "x" * 60
    lines = py_str_lines(text, 40)
    assert "".join(ast.literal_eval(line) for line in lines) == text
    assert all(len(line) <= 40 for line in lines)
    assert len(lines) > 20
