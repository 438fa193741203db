"""Importing Markdown layouts, other sources, hostile input, and the import command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from statuskit.errors import LoadError
from statuskit.importers import import_data, import_source, import_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"


def _space(text: str, index: int = 0, **options: Any) -> dict[str, Any]:
    result: dict[str, Any] = import_text(text, **options).data["spaces"][index]
    return result


def _codes(space: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {c["code"]: c for c in space["codes"]}


def test_pipe_table_any_column_order_alignment_and_escaped_pipes() -> None:
    doc = "| Meaning | Name | Status |\n|:--|:-:|--:|\n| all \\| good | Ok | 1 |\n| broken | Bad | 2 |\n"
    codes = _codes(_space(doc))
    assert codes[1] == {"code": 1, "name": "Ok", "description": "all | good"}
    assert codes[2]["name"] == "Bad"


def test_table_without_header_row_and_with_data_in_header() -> None:
    doc = "| 200 | OK | The request succeeded |\n|---|---|---|\n| 404 | NotFound | Nothing here |\n"
    codes = _codes(_space(doc))
    assert codes[200]["description"] == "The request succeeded"
    assert codes[404]["name"] == "NotFound"


def test_hex_and_decimal_columns_agree_and_hex_alone_is_read() -> None:
    both = _space("| Dec | Hex | Meaning |\n|-|-|-|\n| 16 | 0x10 | sixteen |\n")
    assert both["codes"] == [{"code": 16, "description": "sixteen"}]
    assert "fields" not in both
    hex_only = import_data("| Code | Meaning |\n|-|-|\n| 0x1F | thirty-one |\n")[0]["spaces"][0]
    assert (hex_only["code"], hex_only["digits"]) == ("hex", 2)
    assert hex_only["codes"][0]["code"] == "0x1F"


def test_html_table_any_case_attributes_entities_inline_tags() -> None:
    doc = (
        '<TABLE border="1"><THEAD><TR><TH>Code</TH><TH>Reason</TH></TR></THEAD>\n'
        "<tbody><tr><td>100</td><td>Fish &amp; chips <b>now</b><br>second line <code>x</code></td></tr>\n"
        "</tbody></TABLE>\n"
    )
    space = _space(doc)
    assert space["codes"] == [{"code": 100, "description": "Fish & chips now\nsecond line `x`"}]


def test_bullets_plain_lines_and_dash_sentences() -> None:
    doc = "- **200** OK\n- 180 Ringing\n\n`125` — Data connection open\n`150` — File okay — about to open\n"
    codes = _codes(_space(doc))
    assert codes[200] == {"code": 200, "title": "OK"}
    assert codes[180] == {"code": 180, "title": "Ringing"}
    assert codes[125]["title"] == "Data connection open"
    assert codes[150] == {"code": 150, "title": "File okay", "description": "about to open"}


def test_prose_numbers_are_never_codes() -> None:
    doc = "# Errors\n\nWe use 7 codes and retry 3 times.\n\n- **400** Bad request.\n\n2 more lines follow.\n"
    assert [c["code"] for c in _space(doc)["codes"]] == [400]


def test_heading_patterns_legends_and_range_rows() -> None:
    doc = (
        "# Codes\n\n- **x1x** (Server Level): server things.\n- **1xxxx**: unknown\n\n"
        "## 4xx — Failure\n\n| code | meaning |\n|-|-|\n| 410 | gone |\n| 3000-3999 | app range |\n"
    )
    space = _space(doc)
    groups = {g.get("pattern") or tuple(g.get("range", ())): g for g in space["groups"]}
    assert groups["x1x"] == {"pattern": "x1x", "title": "Server Level", "description": "server things."}
    assert groups["4xx"]["title"] == "Failure"
    assert groups[(3000, 3999)]["description"] == "app range"
    assert "1xxxx" not in groups  # five-digit pattern, three-digit codes: reported, not a group


def test_topic_tables_are_groups_unless_numbers_overlap() -> None:
    topics = "## General\n\n| code | meaning |\n|-|-|\n| 1 | a |\n\n## Keys\n\n| code | meaning |\n|-|-|\n| 2 | b |\n"
    result = import_text(topics)
    assert len(result.data["spaces"]) == 1
    assert [g["name"] for g in result.data["spaces"][0]["groups"]] == ["General", "Keys"]
    overlap = topics.replace("| 2 | b |", "| 1 | b |")
    split = import_text(overlap)
    assert len(split.data["spaces"]) == 2 and "appears under both" in split.report.layout
    forced = import_text(overlap, choice="one")
    assert len(forced.data["spaces"]) == 1
    assert any(n.kind == "duplicate" for n in forced.report.notes)
    assert len(import_text(topics, choice="split").data["spaces"]) == 2


def test_extra_columns_become_declared_fields() -> None:
    doc = (
        "| code | name | action | retry | docs | meaning |\n|-|-|-|-|-|-|\n"
        "| 1 | a | resume | true | [x](https://e.example/1) | one |\n"
        "| 2 | b | resume | false | [x](https://e.example/2) | two |\n"
    )
    space = _space(doc)
    assert space["fields"] == {
        "action": {"type": "string", "enum": ["resume"]},
        "retry": {"type": "boolean"},
        "docs": {"type": "string", "format": "uri"},
    }
    assert space["codes"][0]["fields"] == {"action": "resume", "retry": True, "docs": "https://e.example/1"}


def test_front_matter_and_line_numbers_survive() -> None:
    doc = "---\ntitle: x\n---\n\n| code | meaning |\n|-|-|\n| 5 | a |\n| 5 | b |\n"
    notes = import_text(doc).report.notes
    assert [(n.line, n.kind) for n in notes] == [(8, "duplicate")]


@pytest.mark.parametrize("name", ["ftp-replies.md", "discord-opcodes.md", "mqtt-reason-codes.md"])
def test_fixture_documents_import_to_valid_catalogs(name: str) -> None:
    result = import_source(str(FIXTURES / name))
    assert result.catalog.spaces and all(len(s.codes) >= 3 for s in result.catalog.spaces)


def test_fixture_details() -> None:
    ftp = import_source(str(FIXTURES / "ftp-replies.md")).data["spaces"][0]
    assert [g["pattern"] for g in ftp["groups"]] == ["1yz", "2yz", "4yz", "5yz"]
    codes = _codes(ftp)
    assert codes[501]["title"].endswith("command line too long.")
    assert codes[226] == {
        "code": 226,
        "title": "Closing data connection",
        "description": "Requested file action successful.",
    }
    discord = import_source(str(FIXTURES / "discord-opcodes.md")).data["spaces"]
    assert [s["name"] for s in discord] == ["opcode", "close"]
    assert _codes(discord[1])[4001]["description"] == "You sent an invalid `opcode` & payload."
    mqtt = import_source(str(FIXTURES / "mqtt-reason-codes.md"))
    assert _codes(mqtt.data["spaces"][0])[151]["title"] == "Quota exceeded | throttled"
    assert {n.kind for n in mqtt.report.notes} == {"duplicate", "range-row"}


def test_csv_and_python_enum_sources(tmp_path: Path) -> None:
    path = tmp_path / "http.csv"
    path.write_text(
        'Value,Description,Reference\n100,Continue,"[RFC9110, Section 15.2.1]"\n104-199,Unassigned,\n'
    )
    result = import_source(str(path))
    space = result.data["spaces"][0]
    assert space["codes"] == [
        {"code": 100, "description": "Continue", "fields": {"reference": "[RFC9110, Section 15.2.1]"}}
    ]
    assert space["groups"] == [{"range": [104, 199], "description": "Unassigned"}]
    assert result.report.notes[0].line == 3
    enum = import_source("python:http:HTTPStatus")
    entry = enum.catalog.space()[404]
    assert (entry.name, entry.title) == ("NOT_FOUND", "Not Found")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("python:http:Nope", "has no 'Nope'"),
        ("python:no_such_mod_x:E", "cannot import"),
        ("python:http", "expected"),
    ],
)
def test_python_source_errors(source: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        import_source(source)


def test_unreadable_documents(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"| code | meaning |\n|-|-|\n| 1 | caf\xe9 |\n")
    with pytest.raises(LoadError) as error:
        import_source(str(latin))
    assert str(error.value.location) == f"{latin}:3:10" and "UTF-8" in error.value.message
    binary = tmp_path / "b.md"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(LoadError, match="binary"):
        import_source(str(binary))
    with pytest.raises(LoadError, match="no such file"):
        import_source(str(tmp_path / "missing.md"))


def test_hostile_text_is_kept_as_text() -> None:
    doc = "| code | meaning |\n|-|-|\n| 1 | <script>alert(1)</script> evil\\r\\n |\n| 2 | a\rb |\n"
    result = import_text(doc)
    codes = _codes(result.data["spaces"][0])
    assert "<script>" not in codes[1]["description"]  # HTML tags are markup, removed
    assert "\r" not in json.dumps(result.data)


def test_huge_and_deeply_nested_input_stay_fast() -> None:
    nested = "> " * 5000 + "- " * 2000 + "**200** OK\n"
    import_text(nested)  # must not raise RecursionError
    rows = "".join(f"| {n} | meaning {n} |\n" for n in range(20000))
    result = import_text("| code | meaning |\n|-|-|\n" + rows)
    assert len(result.data["spaces"][0]["codes"]) == 20000


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statuskit", "import", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_import_formats_output_and_report(tmp_path: Path) -> None:
    doc = FIXTURES / "mqtt-reason-codes.md"
    as_json = _cli(str(doc), "--format", "json", "--report", "json")
    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert data["catalog"] == "mqtt-reason-codes" and data["spaces"][0]["codes"][0]["code"] == 0
    report = json.loads(as_json.stderr)
    assert report["notes"][0] == {
        "line": 11,
        "kind": "duplicate",
        "message": "code 135 was already given on line 10; this row repeats it",
    }
    out = tmp_path / "out.yaml"
    written = _cli(str(doc), "-o", str(out), "--id", "mqtt")
    assert written.returncode == 0 and written.stdout == ""
    assert out.read_text().startswith("catalog: mqtt\n")
    assert f"{doc}:11: duplicate:" in written.stderr
    check = subprocess.run(
        [sys.executable, "-m", "statuskit", "check", str(out)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0 and "0 errors" in check.stdout


def test_cli_import_unreadable_doc_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00x")
    result = _cli(str(bad))
    assert result.returncode == 2
    assert f"{bad}:1:1:" in result.stderr and "UTF-16" in result.stderr and "Traceback" not in result.stderr
    missing = _cli(str(tmp_path / "none.md"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
