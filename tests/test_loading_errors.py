"""Every bad catalog file fails with file:line:column and what was expected, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import WriteCatalog

import statuskit
from statuskit.errors import LoadError

VALID = "catalog: c\nspaces:\n  - name: s\n    codes:\n      - code: 1\n"


def load_error(write_catalog: WriteCatalog, text: str | bytes, name: str = "catalog.yaml") -> LoadError:
    path = write_catalog(text, name)
    with pytest.raises(LoadError) as raised:
        statuskit.load(path)
    error = raised.value
    assert error.location.file == str(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(error)), str(error)
    return error


def test_valid_file_loads(write_catalog: WriteCatalog) -> None:
    assert statuskit.load(write_catalog(VALID)).space("s")[1].code == 1


def test_unknown_key_suggests_the_right_one(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, VALID + "        titel: x\n")
    assert "unknown key 'titel'" in error.message
    assert "did you mean 'title'" in error.message
    assert (error.location.line, error.location.column) == (6, 9)


def test_duplicate_keys_are_an_error(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, VALID + "        code: 2\n")
    assert "duplicate key 'code'" in error.message
    assert "line 5" in error.message
    assert error.location.line == 6


def test_duplicate_keys_in_json(write_catalog: WriteCatalog) -> None:
    text = '{"catalog": "c",\n "catalog": "d", "spaces": []}'
    error = load_error(write_catalog, text, "c.json")
    assert "duplicate key 'catalog'" in error.message
    assert error.location.line == 2


def test_json_syntax_error_has_position(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, '{"catalog": "c",\n  "spaces": [,]}', "c.json")
    assert error.message.startswith("invalid JSON")
    assert (error.location.line, error.location.column) == (2, 14)


def test_yaml_syntax_error_has_position(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, "catalog: c\nspaces: [\n  {name: s\n")
    assert error.message.startswith("invalid YAML")
    assert error.location.line is not None


def test_alias_bomb_is_refused_quickly(write_catalog: WriteCatalog) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    text = "catalog: c\nspaces: []\n" + "\n".join(lines) + "\n"
    error = load_error(write_catalog, text)
    assert "alias" in error.message


def test_deep_nesting_is_refused(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, "catalog: c\nspaces: " + "[" * 200 + "]" * 200 + "\n")
    assert "nest" in error.message
    deep_json = '{"catalog": "c", "spaces": ' + "[" * 100000 + "]" * 100000 + "}"
    error = load_error(write_catalog, deep_json, "deep.json")
    assert "deep" in error.message or "nest" in error.message


def test_huge_numbers_are_refused(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, VALID.replace("code: 1", "code: " + "9" * 5000))
    assert "too large" in error.message
    error = load_error(
        write_catalog,
        '{"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1' + "0" * 400 + "}]}]}",
        "c.json",
    )
    assert "too large" in error.message
    error = load_error(write_catalog, VALID.replace("code: 1", "code: 1e999"))
    assert "too large" in error.message


def test_python_tags_are_never_executed(write_catalog: WriteCatalog, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = f"catalog: !!python/object/apply:os.system ['touch {marker}']\nspaces: []\n"
    error = load_error(write_catalog, text)
    assert "tag '!!python/object/apply:os.system' is not allowed" in error.message
    assert not marker.exists()


def test_binary_and_bad_encodings(write_catalog: WriteCatalog) -> None:
    error = load_error(write_catalog, b"catalog: c\nspaces: []\n\x00\x01\x02")
    assert "NUL" in error.message and error.location.line == 3
    error = load_error(write_catalog, "catalog: caf\xe9\n".encode("latin-1"))
    assert "not valid UTF-8" in error.message
    assert (error.location.line, error.location.column) == (1, 13)
    error = load_error(write_catalog, VALID.encode("utf-16"))
    assert "UTF-16" in error.message


def test_utf8_bom_is_accepted(write_catalog: WriteCatalog) -> None:
    assert statuskit.load(write_catalog(b"\xef\xbb\xbf" + VALID.encode())).id == "c"


@pytest.mark.parametrize("text", ["", "   \n# only a comment\n"])
def test_empty_files(write_catalog: WriteCatalog, text: str) -> None:
    error = load_error(write_catalog, text)
    assert "empty" in error.message
    error = load_error(write_catalog, text, "c.json")
    assert "empty" in error.message or "invalid JSON" in error.message


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("catalog: c\n", "no 'spaces'"),
        ("- a list\n", "must be a mapping"),
        ("catalog: c\nspaces: {}\n", "spaces must be a list"),
        ("catalog: c\nspaces:\n  - title: t\n", "no 'name'"),
        ("catalog: c\nspaces:\n  - name: s\n    transport: tcp\n", "unknown transport 'tcp'"),
        ("catalog: c\nspaces:\n  - name: s\n    groups: [{pattern: 4ax}]\n", "has 'a' at position 2"),
        ("catalog: c\nspaces:\n  - name: s\n    groups: [{title: t}]\n", "exactly one of"),
        ("catalog: c\nspaces:\n  - name: s\n    groups: [{codes: [1]}]\n", "needs a 'name'"),
        ("catalog: c\nspaces:\n  - name: s\n    range: [10, 1]\n", "is empty"),
        ("catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1e30}]\n", "expected an integer from -"),
        ("catalog: c\nspaces:\n  - name: s\n    codes: [{code: '4xx'}]\n", "must be an integer"),
        (
            "catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1, fields: {a: [1]}}]\n",
            "must be a string, number",
        ),
        ("catalog: c\nspaces:\n  - name: s\n    fields: {outcome: {type: string}}\n", "built in"),
        ("catalog: c\nspaces:\n  - name: s\n    fields: {a: {type: list}}\n", "unknown field type"),
        ("catalog: c\nspaces:\n  - name: s\n    extends: ftp\n", "no builtin catalog 'ftp'"),
        ("catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1, deprecated: 3}]\n", "deprecated must be"),
        (
            "catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1, i18n: {de: {titel: x}}}]\n",
            "did you mean 'title'",
        ),
        ("catalog: c\nspaces: []\n<<: {a: 1}\n", "merge keys"),
    ],
)
def test_structure_errors(write_catalog: WriteCatalog, snippet: str, expected: str) -> None:
    error = load_error(write_catalog, snippet)
    assert expected in error.message


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        statuskit.load(tmp_path / "missing.yaml")
    with pytest.raises(LoadError, match="is a directory"):
        statuskit.load(tmp_path)


def test_plain_scalars_follow_yaml_1_2(write_catalog: WriteCatalog) -> None:
    text = VALID + "        name: no\n        title: 'yes'\n        fields: {outcome: info}\n"
    code = statuskit.load(write_catalog(text)).space("s")[1]
    assert code.name == "no", "'no' is a string, not false (YAML 1.2)"
    assert code.title == "yes"


def test_every_bundled_catalog_fits_the_json_schema() -> None:
    import jsonschema
    import yaml
    from conftest import CATALOGS, ROOT

    from statuskit.schema import catalog_schema

    schema = catalog_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(CATALOGS.glob("*.yaml")) + sorted((ROOT / "src/statuskit/registries").glob("*.json"))
    assert len(files) == 9
    for file in files:
        data = yaml.safe_load(file.read_text()) if file.suffix == ".yaml" else json.loads(file.read_text())
        errors = list(validator.iter_errors(data))
        assert errors == [], f"{file}: {errors[0].message if errors else ''}"


def test_schema_rejects_what_the_loader_rejects() -> None:
    import jsonschema

    from statuskit.schema import catalog_schema

    validator = jsonschema.Draft202012Validator(catalog_schema())
    bad = [
        {"catalog": "c"},
        {"catalog": "c", "spaces": [{"name": "s", "titel": "x"}]},
        {"catalog": "c", "spaces": [{"name": "s", "groups": [{"pattern": "401"}]}]},
        {"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": True}]}]},
        {"catalog": "c", "spaces": [{"name": "s", "transport": "tcp"}]},
    ]
    for data in bad:
        assert list(validator.iter_errors(data)), data
        with pytest.raises(LoadError):
            statuskit.loads(json.dumps(data), "bad.json")


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_json_text_comes_back_exactly_as_written(char: str) -> None:
    title = f"line{char}separator{char}"
    text = json.dumps({"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1, "title": title}]}]})
    catalog = statuskit.loads(text, "c.json")
    assert catalog.space("s")[1].title == title
    raw = json.dumps(
        {"catalog": "c", "spaces": [{"name": "s", "codes": [{"code": 1, "title": title}]}]},
        ensure_ascii=False,
    )
    assert statuskit.loads(raw, "c.json").space("s")[1].title == title
    with pytest.raises(LoadError) as raised:
        statuskit.loads(raw.replace('"title"', '"titel"'), "c.json")
    assert raised.value.location.line == 1, "positions still come from the file"
