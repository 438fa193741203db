"""Generated code for codes of every kind: IntEnum/StrEnum, number/string unions, JSON types."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest

import statuskit
from statuskit.codegen import generate

ROOT = Path(__file__).resolve().parent.parent
KINDS = ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"
TSC = ROOT / ".cache" / "node" / "node_modules" / ".bin" / "tsc"
BIN = Path(sys.executable).parent

CHECK_TS = """\
const k = require("./kinds.js");
process.stdout.write(JSON.stringify({
  hex: k.KindsHresult.E_OUTOFMEMORY,
  sql: k.KindsSqlstate.INVALID_TEXT_REPRESENTATION,
  own: k.KindsStripe.CARD_DECLINED,
  rpc: k.KindsRpc.PARSE_ERROR,
  guards: [k.isKindsSqlstate("22P02"), k.isKindsSqlstate(22), k.isKindsRpc(-32700), k.isKindsRpc("-32700")],
  info: k.KindsSmtpInfo["5.1.10"].title,
}));
"""


@pytest.fixture(scope="module")
def catalog() -> statuskit.Catalog:
    return statuskit.load(KINDS)


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("standalone", [False, True])
def test_python_int_and_str_enums(catalog: statuskit.Catalog, tmp_path: Path, standalone: bool) -> None:
    source = generate(catalog, "python", standalone=standalone)
    assert "E_OUTOFMEMORY = 0x8007000E" in source, "hex codes stay hex in generated Python"
    path = tmp_path / f"kinds_{standalone}.py"
    path.write_text(source, "utf-8")
    module = _load(path, f"gen_kinds_{standalone}")
    import enum

    assert issubclass(module.KindsRpc, enum.IntEnum) and module.KindsRpc.PARSE_ERROR == -32700
    assert issubclass(module.KindsSqlstate, enum.StrEnum)
    assert module.KindsSqlstate("22P02") is module.KindsSqlstate.INVALID_TEXT_REPRESENTATION
    assert module.KindsStripe.CARD_DECLINED == "card_declined", "a string code names itself"
    assert module.KindsSmtp.RECIPIENT_ADDRESS_HAS_NULL_MX.groups == ("5.x.x", "5.1.x")
    assert module.KindsHresult.E_FAIL.title == "Unspecified failure"
    if not standalone:
        status = module.KindsSqlstate.DIVISION_BY_ZERO.status()
        assert status.code == "22012" and status.space.name == "sqlstate"
    ruff = BIN / "ruff"
    result = subprocess.run([str(ruff), "check", "--isolated", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_typescript_number_and_string_unions(catalog: statuskit.Catalog, tmp_path: Path) -> None:
    if shutil.which("node") is None or not TSC.exists():
        pytest.skip("node and tsc (the Makefile's tsc target) are needed to compile TypeScript")
    source = generate(catalog, "typescript")
    assert "E_OUTOFMEMORY: 0x8007000E," in source
    assert 'const kindsSqlstateCodes: readonly string[] = ["08006", "22012", "22P02"];' in source
    (tmp_path / "kinds.ts").write_text(source, "utf-8")
    compiled = subprocess.run(
        [str(TSC), "--strict", "--module", "commonjs", "--outDir", "js", "kinds.ts"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    (tmp_path / "js" / "check.js").write_text(CHECK_TS, "utf-8")
    ran = subprocess.run(["node", "check.js"], cwd=tmp_path / "js", capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["hex"] == 0x8007000E and out["sql"] == "22P02" and out["own"] == "card_declined"
    assert out["rpc"] == -32700
    assert out["guards"] == [True, False, True, False]
    assert out["info"] == "Recipient address has null MX"


def test_json_schema_and_openapi_enums_have_the_right_json_type(catalog: statuskit.Catalog) -> None:
    schema = json.loads(generate(catalog, "jsonschema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    defs = schema["$defs"]
    sqlstate = next(v for k, v in defs.items() if k.endswith("SqlstateCode"))
    rpc = next(v for k, v in defs.items() if k.endswith("RpcCode"))
    assert sqlstate["type"] == "string" and {c["const"] for c in sqlstate["oneOf"]} == {
        "08006",
        "22012",
        "22P02",
    }
    assert rpc["type"] == "integer" and -32700 in {c["const"] for c in rpc["oneOf"]}
    assert jsonschema.Draft202012Validator(sqlstate).is_valid("22P02")
    assert not jsonschema.Draft202012Validator(sqlstate).is_valid(22012)
    api = json.loads(generate(catalog, "openapi"))
    examples = api["components"]["examples"]
    assert any(
        e["value"].get("code") == "card_declined" for e in examples.values() if isinstance(e["value"], dict)
    )
