"""lookup and show print catalog text as visible escapes: nothing in a catalog drives the terminal."""

from __future__ import annotations

import json

import pytest
from conftest import WriteCatalog

from statuskit.cli import main
from statuskit.cli.terminal import safe

HOSTILE = (
    'catalog: "evil\\e]0;pwned\\a"\ntitle: "T\\e[2J"\nspaces:\n  - name: s\n    title: "S\\rX"\n'
    "    groups:\n"
    '      - {pattern: 4xx, title: "G\\e[31m", description: "D\\u202eabc"}\n'
    "    codes:\n"
    '      - {code: 404, name: gone, title: "Not\\e[2Jfound\\a", description: "a\\0b\\rc\\x9bd\\ttab\\nline",'
    ' message: "m\\e[1m"}\n'
)
RAW = ("\x1b", "\r", "\x07", "\x00", "\x9b", "\u202e")


def test_safe_escapes_controls_and_keeps_text() -> None:
    assert safe("plain — ünïcode 🙂") == "plain — ünïcode 🙂"
    assert (
        safe("a\x1b[31mb\rc\x07\x00\x7f\x9b\u202e\u2028")
        == "a\\x1b[31mb\\rc\\x07\\x00\\x7f\\x9b\\u202e\\u2028"
    )


@pytest.mark.parametrize(
    "command", [["lookup", "404"], ["lookup", "gone"], ["show"], ["lookup", "404", "-f", "json"]]
)
def test_lookup_and_show_never_print_control_characters(
    command: list[str], write_catalog: WriteCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(HOSTILE)
    assert main([command[0], str(path), *command[1:]]) == 0
    out, err = capsys.readouterr()
    assert not [c for c in RAW if c in out + err], repr(out)
    if "json" in command:
        data = json.loads(out)
        assert data["title"] == "Not\x1b[2Jfound\x07" and data["description"] == "a\x00b\rc\x9bd\ttab\nline"
    elif command[0] == "lookup":
        assert "Not\\x1b[2Jfound\\x07" in out and "a\\x00b\\rc\\x9bd" in out and "G\\x1b[31m" in out
    else:
        assert out.startswith("evil\\x1b]0;pwned\\x07 — T\\x1b[2J") and "S\\rX" in out
