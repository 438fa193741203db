"""statuskit gen: writing, --check drift detection for CI, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskit.cli import main

ROOT = Path(__file__).resolve().parent.parent
KAPI = str(ROOT / "catalogs" / "kapi.yaml")


@pytest.mark.parametrize("target", ["python", "typescript", "jsonschema", "openapi"])
def test_write_then_check(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.txt"
    assert main(["gen", target, KAPI, "-o", str(out)]) == 0
    assert out.read_text("utf-8")
    assert main(["gen", target, KAPI, "-o", str(out), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    out.write_text(out.read_text("utf-8").replace("10001", "10009", 1), "utf-8")
    assert main(["gen", target, KAPI, "-o", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{out}: not what the catalog generates now" in err and "+" in err and "10001" in err


def test_check_of_a_missing_file_is_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gen", "python", KAPI, "-o", str(tmp_path / "none.py"), "--check"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_stdout_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "gen",
                "jsonschema",
                str(ROOT / "catalogs" / "nemesisdb.yaml"),
                "--path",
                "st=*.st",
                "--text-key",
                "st=",
            ]
        )
        == 0
    )
    assert '"maxProperties": 1' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["gen", "python", "missing.yaml"], "missing.yaml"),
        (["gen", "python", KAPI, "--check"], "--check needs -o FILE"),
        (["gen", "typescript", KAPI, "--standalone"], "--standalone applies to python only"),
        (["gen", "python", KAPI, "--path", "json=code"], "applies to jsonschema and openapi only"),
        (["gen", "openapi", KAPI, "--body", "json"], "expected SPACE=VALUE"),
        (["gen", "openapi", KAPI, "--body", "nope=error"], "no space 'nope'"),
    ],
)
def test_usage_errors_exit_2(arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(arguments) == 2
    assert message in capsys.readouterr().err


def test_bad_encoding_catalog_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"catalog: x\nspaces: [\xff\xfe]\n")
    assert main(["gen", "python", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_unreadable_output_for_check_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gen", "python", KAPI, "-o", str(tmp_path), "--check"]) == 2
    assert str(tmp_path) in capsys.readouterr().err
