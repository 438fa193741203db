"""The check, lookup, show, render and schema commands, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGS, WriteCatalog

from statuskit.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_seed_catalogs_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(CATALOGS))
    assert code == 0
    assert "pec.yaml:102:15: warning [missing-meaning] code 813 has no meaning" in out
    assert out.strip().endswith("4 files checked: 0 errors, 6 warnings, 3 infos")


def test_check_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "check", "--format", "json", "--ignore", "missing-http-status", str(CATALOGS / "kapi.yaml")
    )
    assert code == 0
    data = json.loads(out)
    assert data == {"findings": [{
        "rule": "code-in-no-group", "severity": "warning", "file": str(CATALOGS / "kapi.yaml"),
        "line": 214, "column": 15, "space": "json", "code": 0,
        "message": "code 0 is in none of the groups of space 'json' (1xxxx, 2xxxx, 3xxxx, 4xxxx, 5xxxx)",
    }]}  # fmt: skip


def test_check_sarif_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "sarif", str(CATALOGS / "pec.yaml"))
    sarif = json.loads(out)
    assert code == 0 and sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"missing-meaning", "empty-group"}
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 0


def test_check_exit_1_on_error_findings(
    capsys: pytest.CaptureFixture[str], write_catalog: WriteCatalog
) -> None:
    path = write_catalog(
        "catalog: c\nspaces:\n  - name: s\n    codes: [{code: 1, title: a}, {code: 1, title: b}]\n"
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "error [duplicate-code]" in out


def test_check_exit_2_on_unreadable_file_with_location(
    capsys: pytest.CaptureFixture[str], write_catalog
) -> None:
    path = write_catalog("catalog: c\nspaces: []\nspace: []\n")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert err.startswith(f"{path}:3:1: unknown key 'space'")
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert code == 2
    [finding] = json.loads(out)["findings"]
    assert finding["rule"] == "load" and finding["line"] == 3 and finding["column"] == 1


def test_check_reads_directories_and_skips_hidden(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("catalog: a\nspaces: []\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text('{"catalog": "b", "spaces": []}')
    (tmp_path / ".hidden.yaml").write_text("not: a catalog\n")
    (tmp_path / "notes.txt").write_text("ignored")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert "2 files checked" in out


def test_check_config_file_and_rule_docs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "rules.yaml"
    config.write_text("rules:\n  missing-meaning: {severity: error}\n")
    code, out, _ = run(capsys, "check", "--config", str(config), str(CATALOGS / "pec.yaml"))
    assert code == 1 and "error [missing-meaning]" in out
    code, out, _ = run(capsys, "check", "--list-rules")
    assert code == 0 and "gap-in-group" in out and "layout" in out
    code, out, _ = run(capsys, "check", "--explain", "mojibake")
    assert code == 0 and out.startswith("garbled-text (text, default severity warning)")
    code, _, err = run(capsys, "check", "--select", "nope", str(CATALOGS))
    assert code == 2 and "unknown rule 'nope'" in err


def test_lookup_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", str(CATALOGS / "kapi.yaml"), "4008")
    assert code == 0
    assert "plz slow down kthx" in out and "40xx (kAPI close codes)" in out and "action = resume" in out
    code, out, _ = run(
        capsys, "lookup", str(CATALOGS / "nemesisdb.yaml"), "key-not-exist", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0
    assert data == {
        "space": "st", "code": 22, "name": "KeyNotExist", "title": None, "description": "Key does not exist",
        "groups": [{"name": "Keys", "title": None}], "fields": {"outcome": "info"}, "deprecated": False,
        "aliases": [],
    }  # fmt: skip


def test_lookup_builtin_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "http", "404")
    assert code == 0 and "Not Found" in out
    code, _, err = run(capsys, "lookup", str(CATALOGS / "kapi.yaml"), "4011", "--space", "close")
    assert code == 1
    assert "declares no code 4011" in err and "4010, 4012" in err
    code, _, err = run(capsys, "lookup", str(CATALOGS / "kapi.yaml"), "0", "--format", "json")
    assert code == 2 and "several spaces (opcode, json)" in err
    code, _, err = run(capsys, "lookup", str(CATALOGS / "kapi.yaml"), "4008", "--space", "closed")
    assert code == 2 and "did you mean close" in err


def test_show_outline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(CATALOGS / "fmltp.yaml"))
    assert code == 0
    assert "space status: Status Codes (transport line, 16 codes)" in out
    assert "group 1x0 (Sub-steppings equal): 4 codes" in out


def test_render_json_is_the_canonical_form_and_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    import statuskit

    for name in ("fmltp", "nemesisdb", "pec", "kapi"):
        code, out, _ = run(capsys, "render", str(CATALOGS / f"{name}.yaml"), "--format", "json")
        assert code == 0
        data = json.loads(out)
        assert list(data)[:2] == ["catalog", "title"]
        again = tmp_path / f"{name}.json"
        again.write_text(out)
        code, out2, _ = run(capsys, "render", str(again), "--format", "json")
        assert out2 == out, f"{name}: render of the rendered JSON differs"
        assert statuskit.load(again).id == name
    code, out, _ = run(capsys, "render", str(CATALOGS / "kapi.yaml"), "--format", "json", "--expand")
    http = next(s for s in json.loads(out)["spaces"] if s["name"] == "http")
    assert "extends" not in http and any(c["code"] == 503 for c in http["codes"])


def test_render_writes_atomically_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "kapi.json"
    code, out, _ = run(capsys, "render", str(CATALOGS / "kapi.yaml"), "-o", str(out_file))
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())["catalog"] == "kapi"
    assert [p.name for p in tmp_path.iterdir()] == ["kapi.json"]


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_unknown_command_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "chek")
    assert code == 2 and "did you mean 'check'" in err
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "lookup" in out and "Exit codes" in out


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "lookup", str(bad), "1"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:1:1: ")


@pytest.mark.parametrize("command", [["gen", "python", "{file}"], ["check", "{file}"]])
def test_console_script_writes_everything_before_it_ends(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """File commands end the process at once after their answer: all of it must be out by then,
    even through a pipe and when it is far larger than the pipe's buffer."""
    file = str(CATALOGS / "kapi.yaml")
    argv = [part.format(file=file) for part in command]
    expected_code, expected, _ = run(capsys, *argv)
    result = subprocess.run([sys.executable, "-m", "statuskit", *argv], capture_output=True, text=True)
    assert result.returncode == expected_code
    assert result.stdout == expected
    assert len(expected) > (65536 if command[0] == "gen" else 0)


def test_console_script_into_a_closed_pipe_ends_quietly() -> None:
    file = str(CATALOGS / "kapi.yaml")
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run(
        [sys.executable, "-m", "statuskit", "gen", "python", file],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in writer.stderr
    assert writer.returncode == 0
