"""The conformance coverage plugin, run for real in pytest sessions of its own (pytester)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.catalogs import CATALOGS, ROOT, seed

import statuskit.conformance.coverage
import statuskit.wire.line

pytest_plugins = ["pytester"]

# Sessions run inline forget the modules they imported; YAML loading must be imported here once,
# so that every inline session shares the same modules.
seed("fmltp")
assert statuskit.wire.line and statuskit.conformance.coverage

HEADER = """
import subprocess, sys
import pytest
import statuskit
from statuskit.wire import line

CATALOG = statuskit.load("catalogs/fmltp.yaml")
SPACE = CATALOG.space("status")
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A fresh project with the seed catalogs, and no record file inherited from this run."""
    monkeypatch.delenv("STATUSKIT_RECORD", raising=False)
    shutil.copytree(CATALOGS, pytester.path / "catalogs")
    monkeypatch.chdir(pytester.path)
    return pytester


def test_silent_without_a_declared_catalog(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_plain="""
        import os
        def test_it():
            assert os.environ["STATUSKIT_RECORD"]
        """
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    out = result.stdout.str()
    assert "statuskit coverage" not in out and "undeclared" not in out
    assert "STATUSKIT_RECORD" not in os.environ


def test_coverage_table_for_in_process_statuses(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(
    catalog="catalogs/fmltp.yaml",
    unreachable={"status": {100: "the reference server runs one version", 200: "never mind"}},
)

def test_talk():
    line.encode(SPACE.status(200))
    line.encode(SPACE.status(200))
    line.encode(SPACE.status(400))
"""
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    assert result.ret == 0
    out = result.stdout.str()
    assert "statuskit coverage: catalog fmltp (catalogs/fmltp.yaml)" in out
    result.stdout.fnmatch_lines(
        [
            "*space status: 1 of * codes exercised*",
            "*exercised   200×2 400×1*",
            "*never       101 102*",
            "*unreachable 100 the reference server runs one version",
            "*unreachable 200 never mind  (but it was sent!)",
        ]
    )


def test_undeclared_code_fails_the_run(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml")

def test_talk():
    line.encode(statuskit.Status.received(SPACE, 999, text="made up"))
"""
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*statuskit: undeclared codes were sent*",
            "fmltp / status: code 999 sent 1× via line: not declared",
            "*UNDECLARED  999 sent 1× via line: not declared",
        ]
    )


def test_statuses_sent_by_a_subprocess_are_recorded(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml")

SERVER = '''
import statuskit
from statuskit.wire import line
catalog = statuskit.load("catalogs/fmltp.yaml")
line.encode(catalog.space("status").status(150))
line.encode(statuskit.Status.received(catalog.space("status"), 998))
'''

def test_server(statuskit_record):
    subprocess.run([sys.executable, "-c", SERVER], check=True)
    assert 150 in statuskit_record.codes("status")
    assert {o.transport for o in statuskit_record.during_test()} == {"line"}
"""
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["fmltp / status: code 998 sent 1× via line*", "*exercised   150×1*"])


def test_statuskit_record_fixture_sees_in_process_statuses(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml")

def test_one(statuskit_record):
    line.encode(SPACE.status(410))
    line.decode(b"420 failed\\r\\n", SPACE)
    seen = [(o.catalog, o.space, o.code, o.transport, o.direction) for o in statuskit_record]
    assert ("fmltp", "status", 410, "line", "sent") in seen
    assert ("fmltp", "status", 420, "line", "received") in seen
    assert statuskit_record.codes() == {410}

def test_two(statuskit_record):
    assert statuskit_record.during_test() == []
    assert len(statuskit_record) == 2
"""
    )
    project.runpytest().assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ('catalog="catalogs/nope.yaml"', "no such catalog file"),
        ('"catalogs/fmltp.yaml"', "give the catalog as a keyword"),
        ('catalog="catalogs/fmltp.yaml", unreachable={"stat": {1: "x"}}', "names space 'stat'"),
        ('catalog="catalogs/fmltp.yaml", unreachable={"status": {"100": "x"}}', "codes are integers"),
        ('catalog="catalogs/fmltp.yaml", unreachable={"status": {100: ""}}', "non-empty string"),
        ('catalog="catalogs/fmltp.yaml", unreachabel={}', "unknown argument"),
    ],
)
def test_bad_markers_say_what_is_wrong(project: pytest.Pytester, marker: str, message: str) -> None:
    project.makepyfile(
        test_bad=f"""
        import pytest
        pytestmark = pytest.mark.statuskit({marker})
        def test_it():
            pass
        """
    )
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    assert message in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_broken_catalog_file_is_reported_with_its_position(project: pytest.Pytester) -> None:
    (project.path / "catalogs" / "broken.yaml").write_text("catalog: x\nspaces: [\n", encoding="utf-8")
    project.makepyfile(
        test_bad="""
        import pytest
        pytestmark = pytest.mark.statuskit(catalog="catalogs/broken.yaml")
        def test_it():
            pass
        """
    )
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*pytest.mark.statuskit: catalogs/broken.yaml:*"])


def test_saved_record_and_the_coverage_command(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": {913: "x"}})

def test_talk():
    line.encode(SPACE.status(200))
    line.encode(statuskit.Status.received(SPACE, 999))
"""
    )
    saved = project.path / "record.json"
    result = project.runpytest(f"--statuskit-record={saved}")
    assert result.ret == 1
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["statuskit_record"] == 1
    assert data["catalogs"][0]["id"] == "fmltp"
    assert {(o["code"], o["count"]) for o in data["observations"]} == {(200, 1), (999, 1)}
    command = [sys.executable, "-m", "statuskit", "coverage", str(saved)]
    text = subprocess.run(command, capture_output=True, text=True, cwd=project.path)
    assert text.returncode == 1, text.stderr
    assert "exercised   200×1" in text.stdout and "UNDECLARED  999" in text.stdout
    as_json = subprocess.run([*command, "--format", "json"], capture_output=True, text=True, cwd=project.path)
    report = json.loads(as_json.stdout)
    assert report["ok"] is False
    assert report["coverage"][0]["spaces"][0]["undeclared"][0]["code"] == 999


def test_the_plugin_is_registered_by_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--help"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert "--statuskit-record" in result.stdout


def test_record_file_left_behind_is_removed(project: pytest.Pytester, tmp_path: Path) -> None:
    project.makepyfile(
        test_env="""
        import os
        def test_it():
            open(os.path.join(os.environ["TMP_NOTE"], "path"), "w").write(os.environ["STATUSKIT_RECORD"])
        """
    )
    os.environ["TMP_NOTE"] = str(tmp_path)
    try:
        project.runpytest().assert_outcomes(passed=1)
    finally:
        del os.environ["TMP_NOTE"]
    used = (tmp_path / "path").read_text(encoding="utf-8")
    assert used and not os.path.exists(used)


def test_a_nested_session_does_not_leak_into_the_outer_one(
    project: pytest.Pytester, statuskit_record: object
) -> None:
    from statuskit.integrations.pytest_plugin import StatuskitRecord

    assert isinstance(statuskit_record, StatuskitRecord)
    project.makepyfile(
        test_server=HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml")

def test_talk():
    line.encode(statuskit.Status.received(SPACE, 997))
"""
    )
    assert project.runpytest().ret == 1
    assert statuskit_record.during_test() == []


# -- operations ------------------------------------------------------------------------------------

SHOP = """\
catalog: shop
spaces:
  - name: http
    transport: http
    extends: http
  - name: json
    transport: json
    groups:
      - {pattern: 4xxxx, title: Client errors}
    codes:
      - {code: 10001, title: Unknown user}
      - {code: 40002, title: Bad name}
      - {code: 40006, title: Bad age}
operations:
  - name: get-user
    http: {method: GET, route: "/users/{id}"}
    answers: {http: [200, 404], json: [10001]}
  - name: rename-user
    http: {method: PATCH, route: "/users/{id}"}
    answers: {http: [200, 400], json: ["4xxxx"]}
always: {http: [503]}
"""

SHOP_HEADER = """
import pytest
import statuskit
from statuskit.conformance import operation
from statuskit.wire import httpjson, jsonfield

CATALOG = statuskit.load("catalogs/shop.yaml")
HTTP, JSON = CATALOG.space("http"), CATALOG.space("json")
"""


def test_a_code_outside_an_operations_answers_fails_the_run(project: pytest.Pytester) -> None:
    (project.path / "catalogs" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    project.makepyfile(
        test_shop=SHOP_HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/shop.yaml")

def test_get():
    with operation("GET /users/{id}"):
        httpjson.status_line(HTTP.status(200))
        httpjson.status_line(HTTP.status(503))          # always allowed
        jsonfield.encode(JSON.status(10001))

def test_rename():
    with operation("rename-user"):
        jsonfield.encode(JSON.status(40006))             # in the 4xxxx group
    jsonfield.encode(JSON.status(10001), operation="rename-user")
"""
    )
    result = project.runpytest()
    result.assert_outcomes(passed=2)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*statuskit: operations sent codes outside their answers*",
            "shop / operation rename-user: code 10001 of space json sent 1× is not among its answers "
            "(in test_shop.py::test_rename)",
        ]
    )
    out = result.stdout.str()
    assert "operation get-user (GET /users/{id}): 2 of 3 answers exercised (67%)" in out
    assert "operation rename-user (PATCH /users/{id}): 1 of 4 answers exercised (25%)" in out
    assert "NOT ANSWER  json:10001 sent 1×" in out


def test_fail_under_and_a_scoped_module(project: pytest.Pytester) -> None:
    (project.path / "catalogs" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    project.makepyfile(
        test_shop=SHOP_HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/shop.yaml", operations=["get-user"])

def test_get():
    with operation("get-user"):
        httpjson.status_line(HTTP.status(200))
        jsonfield.encode(JSON.status(10001))
"""
    )
    passing = project.runpytest("--statuskit-fail-under=60")
    passing.assert_outcomes(passed=1)
    assert passing.ret == 0, passing.stdout.str()
    assert "operation rename-user" not in passing.stdout.str()  # outside the module's scope
    failing = project.runpytest("--statuskit-fail-under=70")
    assert failing.ret == 1
    failing.stdout.fnmatch_lines(
        ["*catalog shop: coverage of declared answers is 66.7%, below --statuskit-fail-under 70%"]
    )
    wrong = project.runpytest("--statuskit-fail-under=120")
    assert wrong.ret == pytest.ExitCode.USAGE_ERROR
    wrong.stderr.fnmatch_lines(["*expected a percentage from 0 to 100*"])


def test_a_scope_naming_an_unknown_operation_errors_the_module(project: pytest.Pytester) -> None:
    (project.path / "catalogs" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    project.makepyfile(
        test_shop=SHOP_HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/shop.yaml", operations=["delete-user"])

def test_nothing():
    pass
"""
    )
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*operations= names 'delete-user', which the catalog does not declare*"])


def test_the_coverage_command_per_operation(project: pytest.Pytester) -> None:
    (project.path / "catalogs" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    project.makepyfile(
        test_shop=SHOP_HEADER
        + """
pytestmark = pytest.mark.statuskit(catalog="catalogs/shop.yaml")

def test_get():
    with operation("get-user"):
        httpjson.status_line(HTTP.status(200))
        httpjson.status_line(HTTP.status(404))
"""
    )
    saved = project.path / "record.json"
    project.runpytest(f"--statuskit-record={saved}")
    command = [sys.executable, "-m", "statuskit", "coverage", str(saved)]
    text = subprocess.run(command, capture_output=True, text=True, cwd=project.path)
    assert text.returncode == 0, text.stderr
    assert "operation get-user (GET /users/{id}): 2 of 3 answers exercised (67%)" in text.stdout
    assert "never       json:10001" in text.stdout
    scoped = subprocess.run(
        [*command, "--operation", "get-user", "--fail-under", "70"], capture_output=True, text=True
    )
    assert scoped.returncode == 1
    assert "coverage of declared answers is 66.7%, below --fail-under 70%" in scoped.stderr
    as_json = json.loads(
        subprocess.run([*command, "--format", "json"], capture_output=True, text=True).stdout
    )
    [get, rename] = as_json["coverage"][0]["operations"]
    assert get["never"] == [{"space": "json", "code": 10001}]
    assert rename["ratio"] == 0 and as_json["ok"] is True


def test_a_spaces_scope_limits_coverage_to_those_spaces(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_kapi="""
import pytest
import statuskit
from statuskit.conformance import operation
from statuskit.wire import opcode

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", spaces=["opcode"])
SPACE = statuskit.load("catalogs/kapi.yaml").space("opcode")

def test_hello():
    for code in (0, 1, 3, 4, 5):
        opcode.encode(SPACE.status(code))
    for name, code in (("heartbeat", 1), ("identify", 0), ("resume", 0)):
        with operation(name):
            opcode.encode(SPACE.status(code))
"""
    )
    result = project.runpytest("--statuskit-fail-under=100", "-p", "no:cacheprovider")
    assert result.ret == 0, result.stdout.str()
    out = result.stdout.str()
    assert "space opcode: 5 of 5 codes exercised (100%)" in out
    assert "space close:" not in out and "space json:" not in out
    assert "operation identify (opcode 4): 1 of 1 answers exercised (100%)" in out
    assert "operation get-user" not in out  # no answer in the opcode space: out of scope
    wrong = project.makepyfile(
        test_kapi="""
import pytest
pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", spaces=["opcodes"])
def test_nothing():
    pass
"""
    )
    assert wrong.exists()
    errored = project.runpytest("-p", "no:cacheprovider")
    errored.assert_outcomes(errors=1)
    errored.stdout.fnmatch_lines(["*spaces= names 'opcodes', which the catalog does not declare*"])
