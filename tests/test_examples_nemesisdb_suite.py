"""NemesisDB 0.3.10's own test suite, played from its recorded pairs against the reference server.

``tests/fixtures/nemesisdb/suite-0.3.10.json`` holds every active test of the real server's
GoogleTest suite as data: the requests, the replies each test expects, and what else it checks
(tokens, saved files). This module runs them with the semantics of the real fixture
(``test/src/useful/TestCommon.h``): a fresh server for every test, ``tkn`` injected into requests
and removed from replies, each reply matched against the expected ones, and no reply where none
is expected. The fixture's ``semantics`` member says each rule in words.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support.servers import server
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.nemesisdb.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable=UNREACHABLE)

FIXTURE = Path(__file__).parent / "fixtures" / "nemesisdb" / "suite-0.3.10.json"
SUITE: dict[str, Any] = json.loads(FIXTURE.read_text("utf-8"))
TESTS = {(s["file"], t["name"]): (s, t) for s in SUITE["suites"] for t in s["tests"]}
REPLY_TIMEOUT = 5.0
QUIET_WAIT = 0.05


@dataclass
class SuiteState:
    """What one C++ file's tests share: its data directory, tokens kept for later tests, tests run."""

    data: Path | None
    kept: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)


@dataclass
class Client:
    connection: ClientConnection
    token: Any = None


@dataclass
class Run:
    state: SuiteState
    clients: dict[str, Client] = field(default_factory=dict)
    actual: dict[str, list[Any]] = field(default_factory=dict)
    captured: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)


def same(left: Any, right: Any) -> bool:
    """JSON equality: member order does not matter, and true is not 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(v, right[k]) for k, v in left.items())
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right) and isinstance(left, str) == isinstance(right, str)


def resolve(run: Run, value: Any) -> Any:
    """``value`` with every reference of the fixture replaced by what it names."""
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "$token":
                return run.clients[argument].token
            if key == "$kept":
                return kept(run, argument)
            if key == "$captured":
                return run.captured.get(argument)
            if key == "$actual":
                node: Any = run.actual[argument[0]]
                for part in argument[1:]:
                    node = node[part]
                return node
        return {_key(run, k): resolve(run, v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(run, v) for v in value]
    return value


def _key(run: Run, key: str) -> str:
    if key.startswith("${") and key.endswith("}"):
        return str(run.clients[key[2:-1]].token)
    return key


def kept(run: Run, name: str) -> Any:
    return run.state.kept[name[6:]] if name.startswith("suite:") else run.kept[name]


def receive(connection: ClientConnection) -> Any:
    text = connection.recv(timeout=REPLY_TIMEOUT)
    assert isinstance(text, str), "replies are text frames"
    return json.loads(text)


def open_client(uri: str, how: str, stack: ExitStack) -> Client:
    client = Client(stack.enter_context(connect(uri, max_size=None, open_timeout=REPLY_TIMEOUT)))
    if how == "open":
        client.connection.send(json.dumps({"SH_NEW": {"name": "test"}}))
        reply = receive(client.connection)
        assert reply["SH_NEW_RSP"]["st"] == 1, reply
        client.token = reply["SH_NEW_RSP"]["tkn"]
    return client


def play(run: Run, step: dict[str, Any]) -> None:
    """One TestClient::test call of the real fixture."""
    client = run.clients[step["client"]]
    request = resolve(run, step["request"])
    ((command, params),) = request.items()
    if client.token is not None and isinstance(params, dict) and "tkn" not in params:
        params["tkn"] = client.token
    expected = [resolve(run, e) for e in step.get("expected", [])]
    count = len(expected) or step.get("responses", 0)
    check, check_token = step.get("check", True), step.get("checkToken", False)
    client.connection.send(json.dumps(request))
    replies = [receive(client.connection) for _ in range(count)]
    for reply in replies:
        ((key, body),) = reply.items()
        for member in SUITE["strip"].get(key, []):
            body.pop(member, None)
        if isinstance(body, dict) and "tkn" in body:
            if body["tkn"] is not None:
                run.captured[step.get("id", "")] = body["tkn"]
            if not check_token and check:
                del body["tkn"]
        if check:
            assert any(same(e, reply) for e in expected), (
                f"{command}: got {reply}, expected one of {expected}"
            )
    if "id" in step:
        run.actual[step["id"]] = replies


def path_in(run: Run, relative: str) -> Path:
    assert run.state.data is not None
    where = run.state.data
    for part in relative.split("/"):
        if part == "*":
            entries = sorted(where.iterdir())
            assert entries, f"{where} is empty"
            where = entries[0]
        else:
            where = where / part
    return where


def check(run: Run, step: dict[str, Any]) -> None:
    """The checks a real test makes besides its replies."""
    if "assert_equal" in step:
        left, right = (resolve(run, side) for side in step["assert_equal"])
        assert same(left, right), f"{step['assert_equal']}: {left!r} != {right!r}"
    elif "assert_has" in step:
        assert step["key"] in resolve(run, step["assert_has"]), step
    elif "assert_exists" in step:
        assert path_in(run, step["assert_exists"]).exists(), step
    elif "assert_entries" in step:
        entries = list(path_in(run, step["assert_entries"]).iterdir())
        assert len(entries) == step["equals"], f"{step}: {entries}"
    elif "assert_json" in step:
        content = json.loads(path_in(run, step["assert_json"]).read_text("utf-8"))
        if "type" in step:
            assert isinstance(content, list), step
        if "size" in step:
            assert len(content) == step["size"], content
        for place in step.get("has", []):
            node = content
            for part in place[:-1]:
                node = node[part]
            assert place[-1] in node if isinstance(node, dict) else len(node) > place[-1], (place, content)
        for place in step.get("objects", []):
            node = content
            for part in place:
                node = node[part]
            assert isinstance(node, dict), (place, content)
    elif "set_token" in step:
        source = step["from"]
        token = kept(run, source) if source.startswith("suite:") else run.captured.get(source)
        run.clients[step["set_token"]].token = token
    elif "keep_token" in step:
        token = run.clients[step["keep_token"]].token
        if step["as"].startswith("suite:"):
            run.state.kept[step["as"][6:]] = token
        else:
            run.kept[step["as"]] = token
    elif "create_data_dir" in step:
        assert run.state.data is not None
        run.state.data.mkdir()
    else:
        raise AssertionError(f"unknown step {step}")


def options(suite: dict[str, Any], test: dict[str, Any], state: SuiteState) -> list[str]:
    data = ["--data", str(state.data)] if state.data is not None else []
    fixture = test["fixture"]
    if fixture == "NemesisTest":
        return [*data, "--no-save"]
    if fixture == "NemesisTestLoadOnStartup":
        return [*data, "--load", test["load"]]
    return data


def refuses_to_start(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "statuskit", "example", "nemesisdb", "--host", "127.0.0.1"]
    return subprocess.run([*command, "--port", "0", *arguments], capture_output=True, text=True, timeout=30)


def run_test(key: tuple[str, str], states: dict[str, SuiteState]) -> None:
    suite, test = TESTS[key]
    state = states[suite["file"]]
    required = test.get("requires")
    if required is not None and required not in state.done:
        run_test((suite["file"], required), states)
    run = Run(state)
    arguments = options(suite, test, state)
    if test["fixture"] == "NemesisTestSaveEnablePathNotExist":
        result = refuses_to_start(arguments)
        assert result.returncode == 2 and "no such directory" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        for step in test["steps"]:
            check(run, step)
        state.done.add(test["name"])
        return
    with server("nemesisdb", *arguments) as running, ExitStack() as stack:
        uri = f"ws://{running.host}:{running.port}"
        for name, how in test["clients"].items():
            run.clients[name] = open_client(uri, how, stack)
        for step in test["steps"]:
            if "request" in step:
                play(run, step)
            else:
                check(run, step)
        for name, client in run.clients.items():
            with pytest.raises(TimeoutError):
                stray = client.connection.recv(timeout=QUIET_WAIT)
                pytest.fail(f"{name} got a reply no request asked for: {stray!r}")
    state.done.add(test["name"])


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SuiteState]]:
    made: dict[str, SuiteState] = {}
    for suite in SUITE["suites"]:
        layout = suite.get("data")
        data = None
        if layout is not None:
            data = tmp_path_factory.mktemp(Path(suite["file"]).stem) / "data"
            if layout == "empty":
                data.mkdir()
        made[suite["file"]] = SuiteState(data)
    yield made


def test_the_fixture_holds_every_active_test_of_the_real_suite() -> None:
    assert SUITE["source"]["commit"] == "04ecd9f2a9f657c6d292473f99b2dc4c4e71b987"
    assert len(TESTS) == SUITE["tests"] == 69


@pytest.mark.parametrize("key", list(TESTS), ids=[f"{Path(f).stem}.{name}" for f, name in TESTS])
def test_real_suite(key: tuple[str, str], states: dict[str, SuiteState]) -> None:
    run_test(key, states)
