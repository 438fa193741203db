"""gen jsonschema / openapi: valid documents, and real wire bodies validate against them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fixtures.gen.hostile import EVIL, hostile_catalog
from openapi_spec_validator import validate

import statuskit
from statuskit.codegen import generate
from statuskit.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


def _schema(name: str, **options: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        generate(statuskit.load(ROOT / "catalogs" / f"{name}.yaml"), "jsonschema", **options)
    )
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def _validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/$defs/{name}", "$defs": document["$defs"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_nemesisdb_responses() -> None:
    doc = _schema("nemesisdb", paths={"st": ("*", "st")}, text_keys={"st": None})
    body = _validator(doc, "NemesisdbStBody")
    assert body.is_valid({"KV_GET_RSP": {"st": 41, "tkn": None, "m": "keys"}})
    assert body.is_valid({"CMD_RSP": {"st": 10}})
    assert body.is_valid({"ERR": {"st": 3}})
    assert not body.is_valid({"KV_GET_RSP": {"st": 25}})  # 25 is not declared
    assert not body.is_valid({"A_RSP": {"st": 1}, "B_RSP": {"st": 1}})
    assert not body.is_valid({"KV_GET_RSP": {"tkn": 1}})


def test_pec_bodies() -> None:
    doc = _schema("pec")
    body = _validator(doc, "PecStatusBody")
    assert body.is_valid({"status": 722, "msg": "User logged in.", "sessionId": "abc"})
    assert not body.is_valid({"status": 722})
    assert not body.is_valid({"status": 404, "msg": "x"})
    choices = doc["$defs"]["PecStatusCode"]["oneOf"]
    assert {"const": 722, "title": "USER_LOGGED_IN", "description": "User logged in."} in choices


def test_kapi_bodies_and_problem_details() -> None:
    doc = _schema("kapi")
    assert _validator(doc, "KapiJsonErrorBody").is_valid({"code": 50004, "message": "invalid body"})
    assert not _validator(doc, "KapiJsonErrorBody").is_valid({"code": 50014, "message": "Invalid token"})
    server = _validator(doc, "KapiHttpServerErrorBody")
    assert server.is_valid({"message": "Internal Server Error", "report": "a1b2"})
    problem = _validator(doc, "KapiJsonProblem")
    assert problem.is_valid(
        {"type": "urn:statuskit:kapi:json:10001", "title": "unknown user", "status": 404, "code": 10001}
    )
    assert not problem.is_valid({"type": "x", "title": "t", "status": 404, "code": 1})
    assert _validator(doc, "KapiOpcodeFrame").is_valid(
        {"op": 3, "d": {"heartbeat_interval": 1}, "s": None, "t": None}
    )
    deprecated = [c for c in doc["$defs"]["KapiHttpCode"]["oneOf"] if c.get("deprecated")]
    assert [c["const"] for c in deprecated] == [305, 510]


def test_openapi_components_validate_and_examples_fit() -> None:
    cases: dict[str, dict[str, Any]] = {
        "kapi": {"bodies": {"json": "error"}},
        "pec": {},
        "nemesisdb": {"paths": {"st": ("*", "st")}, "text_keys": {"st": None}},
        "fmltp": {},
    }
    for name, options in cases.items():
        doc = json.loads(generate(statuskit.load(ROOT / "catalogs" / f"{name}.yaml"), "openapi", **options))
        validate(doc)
        components = doc["components"]
        for response in components["responses"].values():
            for content in response["content"].values():
                schema_name = content["schema"]["$ref"].rsplit("/", 1)[1]
                schema = {"$ref": f"#/$defs/{schema_name}", "$defs": components["schemas"]}
                text = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
                validator = jsonschema.Draft202012Validator(json.loads(text))
                for example in content["examples"].values():
                    value = components["examples"][example["$ref"].rsplit("/", 1)[1]]["value"]
                    assert validator.is_valid(value), (name, value)
    kapi = json.loads(
        generate(statuskit.load(ROOT / "catalogs" / "kapi.yaml"), "openapi", bodies={"json": "error"})
    )
    assert "KapiJson_1xxxx" in kapi["components"]["responses"]
    assert kapi["components"]["examples"]["KapiJson_10001"]["value"] == {
        "code": 10001,
        "message": "unknown user {user_id}",
    }


def test_hostile_text_is_carried_exactly(tmp_path: Path) -> None:
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(hostile_catalog()), "utf-8")
    catalog = statuskit.load(path)
    schema = json.loads(generate(catalog, "jsonschema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == EVIL and schema["$defs"]["EvilJsonCode"]["title"] == EVIL
    openapi = json.loads(generate(catalog, "openapi"))
    validate(openapi)
    assert openapi["info"]["description"] == EVIL


def test_unknown_space_in_options_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no space 'nope'"):
        _schema("pec", paths={"nope": ("status",)})
    with pytest.raises(UsageError, match="expected one of"):
        generate(statuskit.load(ROOT / "catalogs" / "kapi.yaml"), "openapi", bodies={"json": "xml"})
