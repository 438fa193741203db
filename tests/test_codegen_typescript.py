"""gen typescript: the output compiles under tsc --strict and its values, guards and info are right."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures.gen.hostile import EVIL, hostile_catalog

import statuskit
from statuskit.codegen import generate

ROOT = Path(__file__).resolve().parent.parent
TSC = ROOT / ".cache" / "node" / "node_modules" / ".bin" / "tsc"
CATALOGS = ["fmltp", "kapi", "nemesisdb", "pec"]

# Fields named after what every JavaScript object inherits, and after reserved words.
PROTO_FIELDS = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "class", "delete", "new"]
PROTO = {
    "catalog": "proto",
    "spaces": [
        {
            "name": "constructor",
            "transport": "json",
            "fields": {name: {"type": "string"} for name in PROTO_FIELDS},
            "codes": [
                {
                    "code": 1,
                    "name": "constructor",
                    "title": "All set",
                    "fields": {n: n for n in PROTO_FIELDS},
                },
                {"code": 2, "name": "__proto__", "title": "None set"},
                {
                    "code": 3,
                    "name": "prototype",
                    "title": "Some set",
                    "fields": {"constructor": "c", "new": "n"},
                },
            ],
        }
    ],
}

CHECK = """\
const kapi = require("./kapi.js");
const evil = require("./evil.js");
const proto = require("./proto.js");
const out = {
  unknownUser: kapi.KapiJson.UNKNOWN_USER,
  alias: kapi.KapiHttp.REQUEST_ENTITY_TOO_LARGE,
  guard: [kapi.isKapiJson(10001), kapi.isKapiJson(99999), kapi.isKapiJson("10001")],
  info: kapi.KapiJsonInfo[10001],
  evilTitle: evil.EvilJsonInfo[100].title,
  evilField: evil.EvilJsonInfo[100].fields["class"],
  keys: Object.keys(evil.EvilJson),
  proto: [1, 2, 3].map((code) => {
    const fields = proto.ProtoConstructorInfo[code].fields;
    return {
      own: Object.keys(fields).filter((key) => fields[key] !== undefined).sort(),
      constructor: fields.constructor === undefined ? null : fields.constructor,
      toString: fields.toString === undefined ? null : fields.toString,
      plainPrototype: Object.getPrototypeOf(fields) === Object.prototype,
    };
  }),
  protoNames: Object.keys(proto.ProtoConstructor),
};
process.stdout.write(JSON.stringify(out));
"""


def _tsc() -> Path:
    """tsc from .cache/node (``make`` installs it there); installed on the spot when missing."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed, so TypeScript output cannot be compiled here")
    if not TSC.exists():
        npm = shutil.which("npm")
        assert npm is not None, "node is installed but npm is not; cannot install typescript"
        subprocess.run(
            [npm, "install", "--prefix", str(ROOT / ".cache" / "node"), "typescript@5"],
            check=False,
            capture_output=True,
        )
    assert TSC.exists(), f"node is installed but tsc is missing at {TSC}; run the Makefile's tsc target"
    return TSC


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tsc = _tsc()
    out = tmp_path_factory.mktemp("tsgen")
    for name in CATALOGS:
        text = generate(statuskit.load(ROOT / "catalogs" / f"{name}.yaml"), "typescript")
        (out / f"{name}.ts").write_text(text, "utf-8")
    hostile = out / "evil.json"
    hostile.write_text(json.dumps(hostile_catalog()), "utf-8")
    (out / "evil.ts").write_text(generate(statuskit.load(hostile), "typescript"), "utf-8")
    (out / "proto.json").write_text(json.dumps(PROTO), "utf-8")
    (out / "proto.ts").write_text(generate(statuskit.load(out / "proto.json"), "typescript"), "utf-8")
    result = subprocess.run(
        [
            str(tsc),
            "--strict",
            "--module",
            "commonjs",
            "--outDir",
            "js",
            *(f"{n}.ts" for n in [*CATALOGS, "evil", "proto"]),
        ],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_all_catalogs_compile_under_strict(compiled: Path) -> None:
    assert sorted(p.name for p in (compiled / "js").glob("*.js")) == sorted(
        f"{n}.js" for n in [*CATALOGS, "evil", "proto"]
    )


def test_values_guards_and_hostile_text(compiled: Path) -> None:
    (compiled / "js" / "check.js").write_text(CHECK, "utf-8")
    result = subprocess.run(["node", "check.js"], cwd=compiled / "js", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["unknownUser"] == 10001 and out["alias"] == 413
    assert out["guard"] == [True, False, False]
    assert out["info"]["message"] == "unknown user {user_id}" and out["info"]["fields"] == {"http": 404}
    assert out["evilTitle"] == EVIL and out["evilField"] == EVIL
    assert "CLASS" in out["keys"] and "PAY" in out["keys"] and "OLD_PAY" in out["keys"]


def test_fields_named_after_object_members_compile_and_read_back(compiled: Path) -> None:
    """A field called constructor (or __proto__, toString...) is the catalog's value or undefined."""
    (compiled / "js" / "check.js").write_text(CHECK, "utf-8")
    result = subprocess.run(["node", "check.js"], cwd=compiled / "js", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    everything, nothing, some = json.loads(result.stdout)["proto"]
    assert everything == {
        "own": sorted(PROTO_FIELDS),
        "constructor": "constructor",
        "toString": "toString",
        "plainPrototype": True,
    }
    assert nothing == {"own": [], "constructor": None, "toString": None, "plainPrototype": True}
    assert some == {
        "own": ["constructor", "new"],
        "constructor": "c",
        "toString": None,
        "plainPrototype": True,
    }
    assert json.loads(result.stdout)["protoNames"] == ["CONSTRUCTOR", "PROTO", "PROTOTYPE"]


def test_jsdoc_cannot_be_closed_by_catalog_text(compiled: Path) -> None:
    source = (compiled / "evil.ts").read_text("utf-8")
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(("/**", "*")) and "*/" in stripped:
            assert stripped.endswith("*/") and stripped.count("*/") == 1, line
        assert "\u202e" not in line and "\u2028" not in line
    assert "@deprecated Renamed to PAY." in source
    assert "\\@deprecated {{braces}}" in source
