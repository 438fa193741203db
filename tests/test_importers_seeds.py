"""Importing the four seed documents gives the catalogs in catalogs/, defects in the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import statuskit
from statuskit.canonical import catalog_to_data
from statuskit.importers import import_source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "catalogs" / "sources"
PAIRS = [
    ("fmltp.md", "fmltp.yaml"),
    ("nemesisdb.md", "nemesisdb.yaml"),
    ("pec.md", "pec.yaml"),
    ("kapi.md", "kapi.yaml"),
]


def _seed(name: str) -> Path:
    path = SOURCES / name
    if not path.exists():
        pytest.fail(f"source document {path} is missing")
    return path


def _codes(space: dict[str, Any]) -> dict[int, tuple[Any, Any, Any]]:
    return {c["code"]: (c.get("name"), c.get("title"), c.get("description")) for c in space["codes"]}


def _group_key(group: dict[str, Any]) -> str:
    if "pattern" in group:
        return str(group["pattern"])
    if "range" in group:
        return f"{group['range'][0]}-{group['range'][1]}"
    return str(group["name"])


@pytest.mark.parametrize(("seed", "catalog"), PAIRS)
def test_seed_import_matches_catalog(seed: str, catalog: str) -> None:
    imported = import_source(str(_seed(seed))).data
    expected = catalog_to_data(statuskit.load(ROOT / "catalogs" / catalog))
    assert len(imported["spaces"]) == len(expected["spaces"])
    for got, want in zip(imported["spaces"], expected["spaces"], strict=True):
        assert _codes(got) == _codes(want), want["name"]
        known = {_group_key(g): g for g in want.get("groups", [])}
        for group in got.get("groups", []):
            key = _group_key(group)
            assert key in known, f"group {key} of {want['name']} is not in {catalog}"
            for attribute in ("title", "description", "codes"):
                if attribute in group:
                    assert group[attribute] == known[key].get(attribute), (key, attribute)


def test_seed_groups_are_found() -> None:
    fmltp = import_source(str(_seed("fmltp.md"))).data["spaces"][0]
    assert [g["pattern"] for g in fmltp["groups"]][:3] == ["1xx", "10x", "11x"]
    nemesis = import_source(str(_seed("nemesisdb.md"))).data["spaces"][0]
    assert [g["name"] for g in nemesis["groups"]] == ["General", "Session", "Keys", "Values", "Save", "Load"]
    pec = import_source(str(_seed("pec.md"))).data["spaces"][1]
    assert {g["pattern"] for g in pec["groups"]} == {"6xx", "7xx", "8xx", "9xx", "x1x", "x2x", "x3x"}
    kapi = import_source(str(_seed("kapi.md"))).data
    assert [s["name"] for s in kapi["spaces"]] == ["opcode", "close", "http", "json"]
    http = kapi["spaces"][2]
    assert http["groups"] == [
        {
            "pattern": "5xx",
            "title": "SERVER ERROR",
            "description": "sorry my bad",
            "defaults": {"cat": "https://http.cat/500"},
        }
    ]
    assert http["codes"][0]["fields"] == {"cat": "https://http.cat/200"}
    assert kapi["spaces"][1]["codes"][6]["name"] == "invalid_seq"


def _notes(seed: str) -> list[tuple[int | None, str, str]]:
    report = import_source(str(_seed(seed))).report
    return [(n.line, n.kind, n.message) for n in report.notes]


def test_report_fmltp_and_nemesis_are_clean() -> None:
    assert _notes("fmltp.md") == []
    # the header rows without a closing pipe are valid Markdown: no note
    assert _notes("nemesisdb.md") == []


def test_report_pec_defects() -> None:
    notes = _notes("pec.md")
    by_line = {(line, kind) for line, kind, _ in notes}
    assert (17, "garbled") in by_line
    assert (82, "skipped") in by_line
    assert (5, "count-mismatch") in by_line
    assert {line for line, kind, _ in notes if kind == "blank-meaning"} == {66, 73, 79, 80}
    garbled = next(m for line, k, m in notes if line == 17)
    assert "ðŸ•²" in garbled and "mojibake" in garbled
    assert "EOF" in next(m for line, k, m in notes if line == 82)


def test_report_kapi_defects() -> None:
    notes = _notes("kapi.md")
    messages = {(line, kind): message for line, kind, message in notes}
    assert "50014" in messages[(64, "undefined-code")]
    assert "6 & 7" in messages[(39, "undefined-code")]
    assert (56, "range-row") in messages
    assert (81, "no-group") in messages
    kinds = [kind for _, kind, _ in notes]
    assert kinds.count("undefined-code") == 2


def test_report_says_how_spaces_were_chosen() -> None:
    kapi = import_source(str(_seed("kapi.md"))).report
    assert kapi.layout.startswith("4 spaces") and "'Close Codes' (line 17)" in kapi.layout
    nemesis = import_source(str(_seed("nemesisdb.md"))).report
    assert nemesis.layout.startswith("one space") and "topics" in nemesis.layout
    one = import_source(str(_seed("kapi.md")), choice="one")
    assert len(one.data["spaces"]) == 1 and "--one-space" in one.report.layout
