"""`statuskit check` in a real repository: which files are catalogs, which configuration applies."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CATALOGS, ROOT

from statuskit.check import check_paths
from statuskit.check.config import MAX_INT_OPTION, find_config, load_config
from statuskit.check.files import catalog_files, declares_catalog_bytes
from statuskit.cli import main
from statuskit.errors import LoadError

CATALOG = "catalog: demo\nspaces:\n  - name: s\n    codes:\n      - {code: 1, title: one}\n"
GAPPY = (
    "catalog: gaps\nspaces:\n  - name: s\n    groups:\n      - {name: topic, codes: [1, 3]}\n"
    "    codes:\n      - {code: 1, title: one}\n      - {code: 3, title: three}\n"
)
CI = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make test}]\n"
PACKAGE = json.dumps({"name": "web", "version": "1.0.0", "scripts": {"test": "vitest"}}, indent=2)
PNPM = "packages: ['web']\ncatalog:\n  react: ^18.2.0\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A team's repository: catalogs next to CI workflows and a package.json."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(CI)
    (tmp_path / "ci.yml").write_text(CI)
    (tmp_path / "package.json").write_text(PACKAGE)
    (tmp_path / "pnpm-workspace.yaml").write_text(PNPM)
    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "codes.yaml").write_text(CATALOG)
    (tmp_path / "status" / "codes.json").write_text(json.dumps({"catalog": "j", "spaces": []}))
    (tmp_path / "status" / "broken.yaml").write_text("catalog: broken\nspaces: [\n")
    return tmp_path


def test_a_directory_walk_checks_catalogs_only(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = sorted(Path(f).relative_to(repo).as_posix() for f in catalog_files([str(repo)]))
    assert found == ["status/broken.yaml", "status/codes.json", "status/codes.yaml"]
    (repo / "status" / "broken.yaml").unlink()
    code, out, err = run(capsys, "check", str(repo))
    assert code == 0, err
    assert out.strip().endswith("2 files checked: 0 errors, 0 warnings, 0 infos")


def test_a_broken_catalog_in_a_directory_is_still_reported(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check", str(repo))
    assert code == 2 and "broken.yaml:3:1" in err


def test_a_file_named_explicitly_is_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(repo / "ci.yml"))
    assert code == 2 and "ci.yml" in err


def test_pre_commit_hooks_skip_files_that_are_not_catalogs(repo: Path) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    staged = [
        str(repo / name) for name in ("ci.yml", "package.json", "pnpm-workspace.yaml", "status/codes.yaml")
    ]
    for hook in ("statuskit-check", "statuskit-fmt"):
        entry = hooks[hook]["entry"].split()
        assert entry[0] == "statuskit"
        assert main([*entry[1:], *staged]) == 0, hook
        assert main([*entry[1:], *staged, str(repo / "status" / "broken.yaml")]) == 2, hook


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"catalog: x\nspaces: []\n", True),
        (b"# comment\n---\n'catalog': x\n", True),
        (b'\xef\xbb\xbf"catalog" : x\n', True),
        (b'{"spaces": [], "catalog": "x"}', True),
        (b'{"catalog": "x", "spaces": [', True),  # broken JSON is still reported
        (b"{catalog: x, spaces: []}", True),  # YAML flow mapping
        (b"name: ci\nsteps:\n  catalog: x\n", False),
        (PNPM.encode(), False),
        (PACKAGE.encode(), False),
        (b'{"catalog": {"react": "^18"}}', False),
        (b"", False),
    ],
)
def test_what_declares_a_catalog(text: bytes, expected: bool) -> None:
    assert declares_catalog_bytes(text) is expected


def test_configuration_is_found_in_parents_up_to_the_repository_root(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.parent / ".statuskit.yaml").write_text("rules: {missing-meaning: disable}\n")  # outside the repo
    deep = repo / "status" / "deeper"
    deep.mkdir()
    monkeypatch.chdir(deep)
    assert find_config() is None
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "web"\n\n[tool.statuskit.rules]\ngap-in-group = {severity = "error"}\n'
    )
    assert find_config() == str(repo / "pyproject.toml")
    (repo / "status" / "pyproject.toml").write_text('[project]\nname = "no statuskit table here"\n')
    assert find_config() == str(repo / "pyproject.toml")
    code, _, err = run(capsys, "check", "--verbose", str(repo / "status" / "codes.yaml"))
    assert code == 0 and f"configuration from {repo / 'pyproject.toml'}" in err
    (repo / "status" / "gaps.yaml").write_text(GAPPY)
    code, out, _ = run(capsys, "check", str(repo / "status" / "gaps.yaml"))
    assert code == 1 and "error [gap-in-group]" in out
    (repo / "status" / ".statuskit.yaml").write_text("rules: {gap-in-group: disable}\n")
    assert find_config() == str(repo / "status" / ".statuskit.yaml")
    code, _, err = run(capsys, "check", "-v", str(repo / "status" / "gaps.yaml"))
    assert code == 0 and f"configuration from {repo / 'status' / '.statuskit.yaml'}" in err


def test_verbose_says_when_no_configuration_is_used(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    code, _, err = run(capsys, "check", "--verbose", "status/codes.yaml")
    assert code == 0 and "no configuration file; rule defaults" in err


def test_a_pyproject_that_is_not_toml_says_where(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text("[tool.statuskit]\nrules = {\n")
    monkeypatch.chdir(repo)
    code, _, err = run(capsys, "check", "status/codes.yaml")
    assert code == 2 and "pyproject.toml:2:" in err and "not valid TOML" in err


def test_every_option_is_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "huge.yaml"
    config.write_text("rules:\n  gap-in-group: {max_gap: 999999999999999999}\n")
    catalog = tmp_path / "gaps.yaml"
    catalog.write_text(
        GAPPY.replace("[1, 3]", "[1, 900000000000000000]").replace("code: 3,", "code: 900000000000000000,")
    )
    started = time.perf_counter()
    code, _, err = run(capsys, "check", "--config", str(config), str(catalog))
    assert time.perf_counter() - started < 5
    assert code == 2 and f"option 'max_gap' must be 0 to {MAX_INT_OPTION}" in err and "huge.yaml" in err
    config.write_text("rules:\n  gap-in-group: {max_gap: -1}\n")
    assert run(capsys, "check", "--config", str(config), str(catalog))[0] == 2
    config.write_text(
        f"rules:\n  misplaced-code: {{max_gap: {MAX_INT_OPTION}}}\n  gap-in-group: {{max_gap: {MAX_INT_OPTION}}}\n"
    )
    assert load_config(str(config)).rules["gap-in-group"].options["max_gap"] == MAX_INT_OPTION
    started = time.perf_counter()
    assert run(capsys, "check", "--config", str(config), str(catalog))[0] == 0
    assert time.perf_counter() - started < 5


def test_check_and_fmt_read_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (CATALOGS / "pec.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "check", "-")
    assert code == 0 and "<stdin>:102:15: warning [missing-meaning]" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"catalog: x\nspaces: [\n")))
    code, _, err = run(capsys, "check", "-")
    assert code == 2 and "<stdin>:3:1" in err
    assert check_paths(["-"], stdin=(text, "<stdin>")).files == ["<stdin>"]


def test_console_script_reads_a_catalog_from_a_pipe() -> None:
    text = (CATALOGS / "kapi.yaml").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "lookup", "-", "4008"],
        input=text,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0 and b"plz slow down kthx" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "fmt", "-"], input=text, capture_output=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout == text
    for command, expected in (
        (["show", "-"], b"space close"),
        (["render", "-", "-f", "json"], b'"catalog": "kapi"'),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "statuskit", *command], input=text, capture_output=True, timeout=60
        )
        assert result.returncode == 0 and expected in result.stdout, (command, result.stderr)
    result = subprocess.run(
        [sys.executable, "-m", "statuskit", "lookup", "-", "1"],
        input=b"spaces: [\n",
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.startswith(b"<stdin>:2:1: ")


def test_options_of_every_type_are_bounded() -> None:
    from types import SimpleNamespace

    from statuskit.check.config import MAX_TEXT_OPTION, _check_bound
    from statuskit.errors import Location

    rule: Any = SimpleNamespace(ID="some-rule")
    where = Location("cfg.yaml", 2, 3)
    fine: tuple[object, ...] = (MAX_INT_OPTION, 0.5, "x" * MAX_TEXT_OPTION, ["a"] * MAX_TEXT_OPTION, True)
    for value in fine:
        _check_bound(rule, "option", value, where)
    too_big: tuple[object, ...] = (
        MAX_INT_OPTION + 1,
        -1,
        float("nan"),
        1e300,
        "x" * (MAX_TEXT_OPTION + 1),
        [0] * 1001,
    )
    for value in too_big:
        with pytest.raises(LoadError, match="some-rule: option 'option'") as error:
            _check_bound(rule, "option", value, where)
        assert error.value.location == where
