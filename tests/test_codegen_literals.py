"""The fast paths of the literal writers answer exactly as the full ones.

Every text of a catalog becomes a literal (the embedded catalog JSON alone is megabytes on a big
catalog), so printable ASCII text, the common case, takes shortcuts: escaping by two replaces, and
cutting long literals a line at a time. These tests compare the shortcuts with the full
computations on many generated texts and widths, the edge cases included.
"""

from __future__ import annotations

import ast
import random
import textwrap

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


def _full_paragraphs(text: str, width: int) -> list[str]:
    """paragraphs() with textwrap for every paragraph, as it was before its shortcuts."""
    lines: list[str] = []
    for paragraph in literals.visible(text).split("\n"):
        if not paragraph.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        lines.extend(
            textwrap.wrap(paragraph, width=max(width, 20), break_long_words=False, break_on_hyphens=False)
        )
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("width", [0, 20, 30, 88, 94])
def test_paragraphs_are_wrapped_as_textwrap_wraps_them(width: int) -> None:
    rng = random.Random(width)
    alphabet = [
        "word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "\r",
        "\x0b",
        "\x1c",
        "\u00e9",
        "\u2028",
        "x" * 30,
    ]
    texts = ["", " ", "\n", " a ", "a  ", "  a", "a\n \n\nb", "\u00e9 " * 30]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert literals.paragraphs(text, width) == _full_paragraphs(text, width), repr(text)
