"""What each install level provides: `make run` installs what running needs, extras stay optional."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from statuskit.cli.commands.example import EXTRA, EXTRA_MODULES

ROOT = Path(__file__).resolve().parent.parent
# Run statuskit's command line with every module of the optional extras made unimportable.
WITHOUT_EXTRAS = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None
from statuskit.cli import main
sys.exit(main(sys.argv[1:]))
"""
TEST_ONLY = ("pytest", "mypy", "ruff", "jsonschema", "openapi_spec_validator", "playwright")


def dry_run(target: str, tmp_path: Path) -> str:
    """The commands `make TARGET` would run on a fresh clone (a venv that does not exist yet)."""
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), target, f"VENV={venv}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def without_extras(*args: str) -> subprocess.CompletedProcess[str]:
    blocked = sorted(EXTRA_MODULES | set(TEST_ONLY))
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRAS.format(blocked=blocked), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_make_run_installs_statuskit_without_extras(tmp_path: Path) -> None:
    installs = [line for line in dry_run("run", tmp_path).splitlines() if "pip install" in line]
    assert any(line.rstrip().endswith("install --quiet -e .") for line in installs), installs
    assert not any("[" in line for line in installs), installs
    assert ".installed-run" in dry_run("run", tmp_path)


def test_make_test_installs_the_test_extra_with_its_own_stamp(tmp_path: Path) -> None:
    commands = dry_run("unit", tmp_path)
    assert "-e '.[test]'" in commands
    assert ".installed-test" in commands and ".installed-run" not in commands


def test_the_quick_start_stays_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in block.strip().splitlines()] == [["make", "run"], ["make", "test"]]


def test_the_tour_runs_with_no_extra_installed() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_EXTRAS.replace("from statuskit.cli import main", "from statuskit.tour import run as main")
            .replace("main(sys.argv[1:])", "main()")
            .format(blocked=sorted(EXTRA_MODULES | set(TEST_ONLY))),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n=== ") == 12


def test_a_server_without_its_extra_is_a_usage_error_naming_the_extra() -> None:
    for server in ("kapi", "pec", "fmltp", "nemesisdb"):
        result = without_extras("example", server, "--port", "0")
        assert result.returncode == 2, (server, result.stderr)
        assert f"pip install 'statuskit[{EXTRA}]'" in result.stderr, result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_the_extra_modules_are_those_of_the_server_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {
        re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].lower()
        for req in project["optional-dependencies"][EXTRA]
    }
    provided = {
        module
        for module, distributions in importlib.metadata.packages_distributions().items()
        if any(d.lower().replace("_", "-") in wanted for d in distributions) and not module.startswith("_")
    }
    assert provided <= EXTRA_MODULES, provided - EXTRA_MODULES
    assert len(wanted) == len(EXTRA_MODULES)
