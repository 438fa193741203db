"""The format's tables drive the loader, the canonical order, fmt's order and the JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import CATALOGS

import statuskit
from statuskit.canonical import catalog_to_data
from statuskit.catalog_format import FORMATS, GROUP, Key, ObjectFormat, declare
from statuskit.errors import LoadError
from statuskit.evolve.fmt import format_catalog_text
from statuskit.evolve.roundtrip import RoundTrip
from statuskit.loading import syntax_of
from statuskit.schema import catalog_schema


def _objects(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = [("catalog", data)]
    for space in data["spaces"]:
        found.append(("space", space))
        for name, key in (
            ("group", "groups"),
            ("code", "codes"),
            ("retired", "retired"),
            ("reserved", "reserved"),
        ):
            found.extend((name, item) for item in space.get(key, []))
        found.extend(("field", spec) for spec in space.get("fields", {}).values())
        for code in space["codes"]:
            found.extend(("translation", t) for t in code.get("i18n", {}).values())
    return found


def test_schema_has_one_definition_per_declared_object() -> None:
    schema = catalog_schema()
    assert set(schema["$defs"]) == set(FORMATS) - {"catalog"}
    for name, declared in FORMATS.items():
        part = schema if name == "catalog" else schema["$defs"][name]
        assert list(part["properties"]) == list(declared.names), name
        assert part.get("required", []) == list(declared.required), name


@pytest.mark.parametrize("file", sorted(CATALOGS.glob("*.yaml")), ids=lambda p: p.stem)
def test_canonical_data_follows_the_tables(file: Any) -> None:
    data = catalog_to_data(statuskit.load(file))
    seen = set()
    for name, item in _objects(data):
        order = [key for key in FORMATS[name].names if key in item]
        assert list(item) == order, (name, list(item))
        seen.add(name)
    assert {"catalog", "space", "code", "group"} <= seen


def test_unknown_keys_are_refused_with_the_tables_keys() -> None:
    text = json.dumps({"catalog": "c", "spaces": [{"name": "s", "groups": [{"patern": "4xx"}]}]})
    with pytest.raises(LoadError) as raised:
        statuskit.loads(text, "c.json")
    assert "did you mean 'pattern'" in raised.value.message
    assert ", ".join(GROUP.names) in raised.value.message


def test_required_keys_come_from_the_tables() -> None:
    with pytest.raises(LoadError, match="a catalog has no 'spaces'; it is required"):
        statuskit.loads('{"catalog": "c"}', "c.json")
    with pytest.raises(LoadError, match="a reserved range has no 'range'"):
        statuskit.loads('{"catalog": "c", "spaces": [{"name": "s", "reserved": [{"reason": "r"}]}]}')


def test_a_group_needs_exactly_one_shape() -> None:
    both = {"catalog": "c", "spaces": [{"name": "s", "groups": [{"pattern": "4xx", "range": [400, 499]}]}]}
    with pytest.raises(
        LoadError, match="exactly one of 'pattern', 'range', 'codes' or 'prefix'; found pattern, range"
    ):
        statuskit.loads(json.dumps(both))


def test_fmt_orders_keys_by_the_tables() -> None:
    text = "spaces:\n  - codes:\n      - title: T\n        code: 1\n    name: s\ncatalog: c\n"
    assert format_catalog_text(text, "c.yaml") == (
        "catalog: c\nspaces:\n  - name: s\n    codes:\n      - code: 1\n        title: T\n"
    )


def test_a_declared_object_type_reaches_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    operation = ObjectFormat("operation", "an operation", (Key("name", {"type": "string"}, required=True),))
    monkeypatch.setitem(FORMATS, "operation", operation)
    assert declare(operation) is operation
    assert catalog_schema()["$defs"]["operation"]["required"] == ["name"]


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("c.json", "catalog: c", "json"),
        ("c.YML", '{"catalog": "c"}', "yaml"),
        (None, '  {"catalog": "c"}', "json"),
        (None, "[1]", "json"),
        ("c.txt", "catalog: c", "yaml"),
    ],
)
def test_one_rule_guesses_json_or_yaml(file: str | None, text: str, expected: str) -> None:
    assert syntax_of(file, text) == expected


def test_the_editor_and_the_loader_read_the_same_syntax() -> None:
    text = '{"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1}]}]}'
    assert RoundTrip.parse(text, None).kind == "json"
    assert RoundTrip.parse("catalog: c\nspaces: []\n", "c.yml").kind == "yaml"


def test_the_schema_accepts_codes_of_every_kind() -> None:
    import jsonschema
    import yaml
    from conftest import ROOT

    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(catalog_schema())
    assert [error.message for error in validator.iter_errors(data)] == []
    data["spaces"][0]["code"] = "decimal"
    assert list(validator.iter_errors(data)), "an unknown code kind is refused"


def test_a_catalog_without_a_description_has_no_description_key() -> None:
    data = catalog_to_data(
        statuskit.loads('{"catalog": "c", "spaces": [{"name": "s", "codes": []}]}', "c.json")
    )
    assert data == {"catalog": "c", "spaces": [{"name": "s", "codes": []}]}
