"""Codes of every kind in the model and the loader: integer (negatives too), hex and string."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statuskit
from statuskit.canonical import catalog_to_data
from statuskit.errors import LoadError, UnknownCodeError
from statuskit.kinds import CodeKind, code_order
from statuskit.patterns import HexPattern, TextPattern

KINDS = Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml"


@pytest.fixture(scope="module")
def catalog() -> statuskit.Catalog:
    return statuskit.load(KINDS)


def test_negative_codes_and_ranges(catalog: statuskit.Catalog) -> None:
    rpc = catalog.space("rpc")
    assert rpc[-32700].name == "ParseError"
    assert rpc.lookup("-32601").name == "MethodNotFound"
    assert [g.key for g in rpc[-32700].groups] == ["-32768..-32000"]
    assert rpc.group("-32099..-32000").title == "Server errors"


def test_hex_codes_are_shown_and_accepted_in_hex(catalog: statuskit.Catalog) -> None:
    hresult = catalog.space("hresult")
    entry = hresult[0x8007000E]
    assert entry.shown == "0x8007000E"
    assert entry.label == "0x8007000E Out of memory"
    assert hresult.lookup("0x8007000e") is entry
    assert hresult.lookup(str(0x8007000E)) is entry
    assert [g.key for g in entry.groups] == ["0x8007xxxx"]
    assert [g.key for g in hresult[0x80340000].groups] == ["0x80340000-0x8034FFFF"]
    with pytest.raises(UnknownCodeError, match="code 0x80004001 of space 'hresult' is retired"):
        hresult.lookup("0x80004001")
    with pytest.raises(UnknownCodeError, match="nearest declared: 0x80004005"):
        hresult.lookup("0x80004006")


def test_string_codes_fixed_width_dotted_and_identifiers(catalog: statuskit.Catalog) -> None:
    sqlstate = catalog.space("sqlstate")
    assert sqlstate["22P02"].name == "invalid_text_representation"
    assert [g.key for g in sqlstate["22P02"].groups] == ["22xxx"]
    assert [c.code for c in sqlstate.all_codes()] == ["08006", "22012", "22P02"]
    smtp = catalog.space("smtp")
    assert [c.code for c in smtp.all_codes()] == ["2.0.0", "5.1.1", "5.1.2", "5.1.10"]
    assert [g.key for g in smtp["5.1.10"].groups] == ["5.x.x", "5.1.x"]
    assert smtp["2.0.0"].ok
    stripe = catalog.space("stripe")
    assert stripe.lookup("card_declined").groups[0].key == "card_*"
    assert stripe.by_name("rate_limit").code == "rate_limit", "a string code is its own name"
    assert stripe.group("card").prefix == "card_"
    with pytest.raises(UnknownCodeError, match="did you mean 22P02"):
        sqlstate.lookup("22P03")


def test_canonical_json_writes_integers_as_integers_and_other_kinds_as_strings(
    catalog: statuskit.Catalog,
) -> None:
    data = catalog_to_data(catalog)
    spaces = {s["name"]: s for s in data["spaces"]}
    assert spaces["rpc"]["codes"][0]["code"] == -32700
    assert "code" not in spaces["rpc"]
    assert spaces["hresult"]["code"] == "hex"
    assert spaces["hresult"]["codes"][0]["code"] == "0x80004005"
    assert spaces["hresult"]["groups"][1]["range"] == ["0x80340000", "0x8034FFFF"]
    assert spaces["hresult"]["retired"][0]["code"] == "0x80004001"
    assert spaces["sqlstate"]["code"] == {"type": "string", "pattern": "[0-9A-Z]{5}"}
    assert spaces["stripe"]["groups"][0] == {"prefix": "card_", "name": "card", "title": "Card errors"}
    again = statuskit.loads(json.dumps(data), "again.json")
    assert catalog_to_data(again) == data, "the canonical form loads back to itself"


@pytest.mark.parametrize(
    ("space", "snippet", "expected"),
    [
        ("code: hex", "codes: [{code: '0xZZ'}]", "must be a hex code"),
        ("code: string", "codes: [{code: 22000}]", "write it in quotes"),
        ("code: {type: string, pattern: '[0-9]{5}'}", "codes: [{code: '22P02'}]", "does not match"),
        ("code: {type: string, pattern: '('}", "codes: []", "no regular expression"),
        ("code: {type: hex, pattern: 'x'}", "codes: []", "a pattern is for string codes"),
        ("code: decimal", "codes: []", "unknown code kind 'decimal'"),
        ("code: string", "groups: [{range: [1, 2]}]", "ranges are for integer and hex codes"),
        ("code: integer", "groups: [{prefix: card_}]", "a prefix is for string codes"),
        ("code: string", "groups: [{pattern: '22'}]", "no wildcard x"),
        ("code: hex", "groups: [{pattern: '0x80G'}]", "expected hex digits"),
        ("code: integer", "codes: [{code: 'abc'}]", "must be an integer"),
    ],
)
def test_kind_errors_name_the_place_and_what_was_expected(space: str, snippet: str, expected: str) -> None:
    text = f"catalog: c\nspaces:\n  - name: s\n    {space}\n    {snippet}\n"
    with pytest.raises(LoadError, match=expected) as raised:
        statuskit.loads(text, "c.yaml")
    assert raised.value.location.line is not None and raised.value.location.line >= 4


def test_hex_codes_are_zero_padded_to_the_spaces_digits() -> None:
    kind = CodeKind("hex", digits=8)
    assert kind.show(0x41) == "0x00000041"
    assert kind.parse("0x41") == kind.parse("65") == 65
    assert kind.to_data(65) == "0x00000041"
    assert CodeKind().to_data(-1) == -1


def test_text_and_hex_patterns() -> None:
    assert TextPattern.parse("22xxx").matches("22P02")
    assert not TextPattern.parse("22xxx").matches("2P02")
    assert TextPattern.parse("5.1.x").matches("5.1.10")
    assert not TextPattern.parse("5.1.x").matches("5.1")
    assert TextPattern.parse("4.x.x").matches("4.7.26")
    assert HexPattern.parse("0x8007xxxx").matches(0x8007000E)
    assert not HexPattern.parse("0x8007xxxx").matches(0x80070000E)
    assert HexPattern.parse("0x8007xxxx").bounds() == (0x80070000, 0x8007FFFF)


def test_numbers_sort_by_value_and_strings_as_written() -> None:
    mixed: list[int | str] = ["5.1.10", 7, "5.1.2", -3]
    assert sorted(mixed, key=code_order) == [-3, 7, "5.1.2", "5.1.10"]
    assert sorted(["30000", "22P02", "08006", "22012"], key=code_order) == [
        "08006",
        "22012",
        "22P02",
        "30000",
    ]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(a)\\1", "backreference or lookaround"),
        ("(?=a)a", "backreference or lookaround"),
        ("(", "no regular expression"),
        ("a" * 201, "longer than 200"),
    ],
)
def test_patterns_that_cannot_match_in_linear_time_are_refused(pattern: str, expected: str) -> None:
    text = f"catalog: c\nspaces:\n  - name: s\n    code: {{type: string, pattern: {json.dumps(pattern)}}}\n"
    with pytest.raises(LoadError, match=expected):
        statuskit.loads(text, "c.yaml")


def test_a_pattern_that_backtracks_exponentially_in_python_matches_in_linear_time() -> None:
    import time

    text = 'catalog: c\nspaces:\n  - name: s\n    code: {type: string, pattern: "(a+)+"}\n'
    kind = statuskit.loads(text, "c.yaml").space("s").kind
    start = time.perf_counter()
    assert not kind.fits("a" * 60 + "!")
    assert time.perf_counter() - start < 0.5, "Python's re would take longer than the universe"
    assert kind.fits("aaaa")


def test_a_space_extends_only_a_builtin_of_its_own_kind() -> None:
    text = "catalog: c\nspaces:\n  - name: s\n    code: string\n    extends: http\n"
    with pytest.raises(LoadError, match="has string codes but 'http' has integer codes"):
        statuskit.loads(text, "c.yaml")
    smtp = "catalog: c\nspaces:\n  - name: s\n    code: string\n    extends: smtp-enhanced\n"
    assert (
        statuskit.loads(smtp, "c.yaml").space("s").lookup("5.1.1").title == "Bad destination mailbox address"
    )
