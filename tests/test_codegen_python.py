"""gen python: generated modules type-check, lint clean, import only what they may, and behave."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from fixtures.gen.hostile import EVIL, hostile_catalog

import statuskit
from statuskit.codegen import generate
from statuskit.errors import TemplateError

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CATALOGS = ["fmltp", "kapi", "nemesisdb", "pec"]

MISUSE = """\
from kapi import KapiHttp, KapiJson

KapiJson.UNKNOWN_USER.message()
KapiJson.UNKNOWN_USER.error(user=1)
KapiHttp.USE_PROXY.message()
KapiJson.UNKNOWN_GUILD.message(user_id=1)
"""
GOOD_USE = """\
from kapi import KapiJson, KapiJsonError

text: str = KapiJson.UNKNOWN_USER.message(user_id=5)
error: KapiJsonError = KapiJson.UNKNOWN_USER.error(user_id=5)
other: str = KapiJson.UNKNOWN_GUILD.message()
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every seed catalog (and the hostile one) generated both ways, into one directory."""
    out = tmp_path_factory.mktemp("pygen")
    hostile = out / "evil.json"
    hostile.write_text(json.dumps(hostile_catalog()), "utf-8")
    sources = {name: ROOT / "catalogs" / f"{name}.yaml" for name in CATALOGS} | {"evil": hostile}
    for name, path in sources.items():
        catalog = statuskit.load(path)
        (out / f"{name}.py").write_text(generate(catalog, "python"), "utf-8")
        (out / f"{name}_alone.py").write_text(generate(catalog, "python", standalone=True), "utf-8")
    (out / "good_use.py").write_text(GOOD_USE, "utf-8")
    return out


def _module(directory: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"gen_{name}", directory / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("*.py") if p.name != "misuse.py")


def test_generated_modules_pass_mypy_strict(generated: Path) -> None:
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", *_files(generated)],
        cwd=generated,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_modules_pass_ruff(generated: Path) -> None:
    files = [f for f in _files(generated) if f != "good_use.py"]
    for config in (
        ["--config", str(ROOT / "pyproject.toml")],
        ["--isolated"],  # ruff's default rules, as a project with no ruff configuration runs them
        ["--isolated", "--line-length", "110", "--select", "E,F,W,I,B,UP,SIM,PYI"],
    ):
        result = subprocess.run(
            [str(BIN / "ruff"), "check", *config, *files], cwd=generated, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_type_checker_flags_missing_arguments_and_deprecated_codes(generated: Path) -> None:
    (generated / "misuse.py").write_text(MISUSE, "utf-8")
    try:
        result = subprocess.run(
            [str(BIN / "mypy"), "--strict", "--enable-error-code", "deprecated", "misuse.py"],
            cwd=generated,
            capture_output=True,
            text=True,
        )
    finally:
        (generated / "misuse.py").unlink()
    lines = {int(line.split(":")[1]) for line in result.stdout.splitlines() if line.startswith("misuse.py:")}
    assert result.returncode == 1
    assert {3, 4, 5, 6} <= lines, result.stdout
    assert 'Missing named argument "user_id"' in result.stdout
    assert "USE_PROXY is deprecated" in result.stdout


def test_only_stdlib_and_statuskit_are_imported(generated: Path) -> None:
    for path in generated.glob("*.py"):
        if path.name in ("good_use.py", "misuse.py"):
            continue
        # typing_extensions only for type checkers (see the test without it below)
        allowed = set(sys.stdlib_module_names) | {"typing_extensions"}
        if not path.stem.endswith("_alone"):
            allowed.add("statuskit")
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                found = [(node.module or "").split(".")[0]]
            else:
                continue
            assert set(found) <= allowed, (path.name, found)


def test_standalone_module_imports_without_statuskit_or_typing_extensions(generated: Path) -> None:
    script = (
        "import sys; sys.modules['statuskit'] = None; sys.modules['typing_extensions'] = None\n"
        "sys.path.insert(0, '.')\nimport kapi_alone as k\n"
        "print(k.KapiJson.UNKNOWN_USER.message(user_id=3), k.KapiHttp.USE_PROXY.title)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=generated, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unknown user 3 Use Proxy"


def test_members_carry_the_catalog(generated: Path) -> None:
    kapi = _module(generated, "kapi")
    json_codes = kapi.KapiJson
    assert json_codes.UNKNOWN_USER == 10001 and json_codes(10002) is json_codes.UNKNOWN_GUILD
    assert json_codes.UNKNOWN_USER.description == "unknown user"
    assert json_codes.UNKNOWN_USER.template == "unknown user {user_id}"
    assert json_codes.UNKNOWN_USER.outcome == "failure" and not json_codes.UNKNOWN_USER.ok
    assert json_codes.UNKNOWN_USER.fields.http == 404
    assert json_codes.BLACKLISTED.fields.http == 403
    assert json_codes.UNKNOWN_USER.groups == ("1xxxx",)
    assert kapi.KapiClose.RATELIMITED.fields.action == "resume"
    assert kapi.KapiHttp.OK.fields.cat == "https://http.cat/200" and kapi.KapiHttp.OK.ok
    assert kapi.KapiHttp.REQUEST_ENTITY_TOO_LARGE is kapi.KapiHttp.CONTENT_TOO_LARGE
    assert kapi.KapiHttp.USE_PROXY.deprecated is True
    assert [m.name for m in kapi.KapiOpcode] == ["DISPATCH", "HEARTBEAT", "HELLO", "IDENTIFY", "RESUME"]
    nemesis = _module(generated, "nemesisdb").NemesisdbSt
    assert nemesis.KEY_SET == 20 and nemesis.KEY_NOT_EXIST.outcome == "info"
    pec = _module(generated, "pec").PecStatus
    assert pec.USER_LOGGED_IN == 722 and pec.USER_LOGGED_IN.groups == ("7xx", "x2x")
    assert pec.CODE_813.title is None
    fmltp = _module(generated, "fmltp").FmltpStatus
    assert fmltp(110).name == "THE_CLIENT_S_COMPATIBILITY_STEPPING_IS"


def test_builders_fill_templates_and_raise_typed_errors(generated: Path) -> None:
    kapi = _module(generated, "kapi")
    assert kapi.KapiJson.UNKNOWN_USER.message(user_id=7) == "unknown user 7"
    status = kapi.KapiJson.UNKNOWN_USER.status(user_id=7)
    assert isinstance(status, statuskit.Status) and status.code == 10001 and status.text() == "unknown user 7"
    error = kapi.KapiJson.UNKNOWN_USER.error(user_id=7)
    assert isinstance(error, kapi.KapiJsonError) and isinstance(error, statuskit.StatusError)
    assert error.member is kapi.KapiJson.UNKNOWN_USER and str(error) == "10001 unknown user 7"
    with pytest.raises(TemplateError):
        kapi.KapiJson.UNKNOWN_USER.message()
    assert kapi.KapiJson.UNKNOWN_GUILD.message() == "unknown guild"
    with pytest.warns(DeprecationWarning, match="USE_PROXY is deprecated"):
        kapi.KapiHttp.USE_PROXY.message()
    alone = _module(generated, "kapi_alone")
    assert alone.KapiJson.UNKNOWN_USER.message(user_id=1) == "unknown user 1"
    with pytest.raises(TypeError, match="missing"):
        alone.KapiJson.UNKNOWN_USER.message()
    raised = alone.KapiJson.UNKNOWN_USER.error(user_id=2)
    assert (
        isinstance(raised, alone.KapiJsonError)
        and raised.code == 10001
        and raised.message == "unknown user 2"
    )


def test_hostile_text_survives_exactly(generated: Path) -> None:
    for name in ("evil", "evil_alone"):
        evil = _module(generated, name)
        codes = evil.EvilJson
        assert codes.CLASS.title == EVIL and codes.CLASS.description == EVIL
        assert codes.CLASS.fields.class_ == EVIL
        assert codes.NONE.deprecated == EVIL and codes.NONE.title == "*/ end"
        assert codes.CODE_108.description == '"""'
        assert codes.CODE_1ST_CODE.title == "</script>"
        assert codes.PY != codes.PAY and codes.OLD_PAY is codes.PAY
        assert codes.DEF.message(user="a\nb", what="x") == "user a\nb said x"
        arguments = {"class": 1, "self": 2, "__x": 3, "ключ": 4}
        assert codes.AWAIT.message(**arguments) == "kw 1 self 2 3 4"
        assert codes.KEY_SET_2.fields.retry_after == 5
    assert "os" not in vars(_module(generated, "evil"))


def test_output_is_deterministic(tmp_path: Path) -> None:
    script = (
        "import statuskit, sys; from statuskit.codegen import generate\n"
        "c = statuskit.load(sys.argv[1])\n"
        "sys.stdout.write(''.join(generate(c, t) for t in ('python', 'typescript', 'jsonschema', 'openapi')))"
    )
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "catalogs" / "kapi.yaml")],
            capture_output=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_bad_template_is_reported_with_its_place(tmp_path: Path) -> None:
    data = {"catalog": "x", "spaces": [{"name": "s", "codes": [{"code": 1, "message": "oops {a.b}"}]}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(TemplateError, match=r"bad\.json:\d+:\d+: space 's', code 1"):
        generate(statuskit.load(path), "python")


def test_warnings_module_is_quiet_on_import(generated: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _module(generated, "kapi")
