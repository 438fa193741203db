"""Hostile documents import in linear time: no importer pattern backtracks over long runs.

A seeded generator (fixed seed, so a failure reproduces) builds two kinds of input: one
character repeated many times inside each place a code can stand (list item, table cell,
heading, paragraph, indented block, HTML table, plain text), and random soup of the characters
the importer's patterns care about. Each import must finish within a bound that a quadratic
pattern misses by far (40,000 em spaces once took 37 s), and must never raise anything but a
clear statuskit error.
"""

from __future__ import annotations

import contextlib
import random
import time

import pytest

from statuskit.errors import StatuskitError
from statuskit.importers import import_text

SEED = 20_20_8
RUN = 20_000
BOUND = 1.5  # seconds for one document of RUN repeated characters
BUDGET = 6.0  # seconds for the random soup
CHARS = [
    " ", "\t", "\u2003", "\u00a0", "\u3000", "-", "—", "–", ":", "|", "`", "*", "_", "(", ")",
    "0", "7", "x", "X", "a", ".", ",", "0x", "1-", "1 ", "- ", "(1", "#", "<", "\\", "=", ";",
]  # fmt: skip
PLACES = [
    ("- 200 OK", "x\n- 201 Created\n"),
    ("| code | meaning |\n|---|---|\n| 200 | OK", "x |\n| 201 | Created |\n"),
    ("## 200 OK", "x\n\n## 201 Created\n"),
    ("`200` — OK", "x\n`201` — Created\n"),
    ("    200 OK", "x\n    201 Created\n"),
    ("<table><tr><td>200</td><td>OK", "x</td></tr><tr><td>201</td><td>C</td></tr></table>\n"),
    ("The text mentions code 4", "2 and 7 codes\n"),
    ("200", "\n201 Created\n"),
    ("ERROR_ONE\n\n1 (0x1)", "\n\nText.\n"),
    ("## E_ONE (1", ")\n\ntext\n\n## E_TWO (2)\n"),
    ("# Errors {#", "x}\n\n- `card_declined`: no\n- `b_c`: x\n- `c_d`: y\n"),
    ("| **Class 22 — ", "** | |\n|-|-|\n| `22000` | x |\n"),
    ("{{APIRef", "x}}\n\n| Code | M |\n|-|-|\n| 1 | a |\n"),
    ('The {{domxref("', 'x")}} codes.\n\n| Code | M |\n|-|-|\n| 1 | a |\n'),
]
PLAIN_PLACES = [
    ("   4.2.1  Replies\n\n      200 Okay", "x\n      500 Bad\n"),
    ("      1yz   Positive", "\n\n         The action.\n"),
    ("00000    S    ERRCODE_A", "  a\n01000    W    ERRCODE_B    b\n"),
    ("#define E_ONE 1 /* one", " */\n#define E_TWO 2\n"),
    ("#define E_ONE 1 /* one", "\n#define E_TWO 2 // two\n"),
    ("Intro", " ...... 12\n   2.1  Codes\n      1000\n"),
    ("Section: Class 22 - Data", "\n22000    E    ERRCODE_X    x\n22001    E    ERRCODE_Y    y\n"),
    ("RFC 959 ", "October 1985\n   1000\n\n      1000 indicates\n"),
]


def _import(text: str, kind: str = "markdown", source: str = "fuzz.md") -> float:
    start = time.perf_counter()
    with contextlib.suppress(StatuskitError):
        import_text(text, source=source, kind=kind)
    return time.perf_counter() - start


@pytest.mark.parametrize("char", CHARS, ids=[f"U+{ord(c[0]):04X}-{len(c)}" for c in CHARS])
def test_long_runs_import_in_linear_time(char: str) -> None:
    repeat = max(1, RUN // len(char))
    slow: list[str] = []
    places = [(head, tail, "fuzz.md") for head, tail in PLACES]
    places += [(head, tail, "fuzz.txt") for head, tail in PLAIN_PLACES]
    for head, tail, source in places:
        took = _import(head + char * repeat + tail, source=source)
        if took > BOUND:
            slow.append(f"{head[:20]!r} ({source}): {took:.2f} s")
    assert not slow, f"{RUN} × {char!r} took too long in: {slow}"


def test_random_documents_import_within_bounds() -> None:
    rng = random.Random(SEED)
    pieces = [*CHARS, "\n", "\n\n", "200", "0x80004005", "5xx", "-32700", "E_FAIL", "**", "<td>", "</td>"]
    deadline = time.perf_counter() + BUDGET
    done = 0
    while time.perf_counter() < deadline:
        size = rng.randrange(1_000, 20_000)
        text = "".join(rng.choice(pieces) * rng.choice((1, 1, 1, 3, 50)) for _ in range(size // 4))
        kind = "csv" if done % 7 == 6 else "markdown"
        took = _import(text, kind, "fuzz.txt" if done % 3 == 1 else "fuzz.md")
        assert took < BOUND, f"document {done} (seed {SEED}) took {took:.2f} s"
        done += 1
    assert done >= 5
