"""The fast paths of ``names.snake`` and ``garbled.garbled`` answer exactly as the full ones.

Both run once per name or text of a catalog (100,000 times on a big one), so each takes a
shortcut for the common case: a name already in snake case, an ASCII text. These tests compare
the shortcut with the full computation on many generated strings, the edge cases included.
"""

from __future__ import annotations

import random

from statuskit import garbled as garbled_module
from statuskit import names
from statuskit.garbled import garbled

ALPHABET = "abcxyzABCXYZ0189_- .\t\n\r\x00\x07\x1b\x7f\x85\u00e9\u00c3\u00a9\ufffd\u202e\u00df\u2122"
EDGES = [
    "",
    "_",
    "a",
    "a_b",
    "a__b",
    "_a",
    "a_",
    "code_100000",
    "1abc",
    "abc\n",
    "KeySet",
    "key-set",
    "KEY_SET",
    "caf\u00e9",
    "A plain title.",
    "tab\tand\nnewline",
    "bell\x07",
    "del\x7f",
    "\u00c3\u00a9t\u00c3\u00a9",
    "nel\x85",
    "r\ufffdsum\u00e9",
]


def _strings(count: int) -> list[str]:
    rng = random.Random(20261204)
    made = [*EDGES]
    for _ in range(count):
        made.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))))
        made.append("_".join(rng.choice(["ab", "c1", "9", "x", "", "Q"]) for _ in range(rng.randint(1, 4))))
    return made


def _full_garbled(text: str) -> str | None:
    for match in garbled_module._SUSPECT_RUN.finditer(text):
        run = match.group()
        try:
            fixed = run.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run:
            return f"{run!r} looks like mojibake (UTF-8 read as Windows-1252; probably {fixed!r})"
    control = garbled_module._CONTROL.search(text)
    if control is not None:
        return f"contains the character U+{ord(control.group()):04X}, which does not belong in text"
    return None


def test_snake_fast_path_agrees_with_words() -> None:
    for text in _strings(20_000):
        assert names.snake(text) == "_".join(names.words(text)), repr(text)


def test_garbled_fast_path_agrees_with_the_full_scan() -> None:
    found = 0
    for text in _strings(20_000):
        expected = _full_garbled(text)
        assert garbled(text) == expected, repr(text)
        found += expected is not None
    assert found > 1000  # the generated texts do hold garbled ones


def test_ascii_control_characters_are_still_reported() -> None:
    assert garbled("bell\x07") == "contains the character U+0007, which does not belong in text"
    assert garbled("A plain title.") is None
