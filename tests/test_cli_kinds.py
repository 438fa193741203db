"""lookup and show take and print codes as the catalog writes them (hex in hex, strings as they are)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statuskit.cli import main

KINDS = str(Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml")


def test_lookup_takes_and_prints_hex_and_string_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", KINDS, "0x80340000"]) == 0
    assert capsys.readouterr().out.startswith("0x80340000 BadUnexpectedError  (kinds / hresult)")
    assert main(["lookup", KINDS, "22P02"]) == 0
    assert capsys.readouterr().out.startswith("22P02 invalid_text_representation  (kinds / sqlstate)")
    assert main(["lookup", "jsonrpc", "--", "-32601"]) == 0
    assert capsys.readouterr().out.startswith("-32601 MethodNotFound  (jsonrpc / error)")


def test_lookup_json_writes_the_canonical_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", KINDS, "0x8007000e", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "0x8007000E"


def test_show_lists_codes_of_every_kind_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", KINDS]) == 0
    out = capsys.readouterr().out
    assert out.index("    5.1.2 ") < out.index("    5.1.10 ")
    assert "    0x80004001 (retired: never sent)" in out
