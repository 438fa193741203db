"""NemesisDB reference server: SH_SAVE, SH_LOAD and --load against real directories, across restarts.

Saves use the real server's layout (``DATA/<name>/<timestamp>/{md/md.json, data/0/<n>}``), built
in a hidden directory and renamed into place.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support.servers import LISTENING, RunningServer, server
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.nemesisdb.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable=UNREACHABLE)

BIG = ("--max-payload", "1000000")


def client(running: RunningServer) -> ClientConnection:
    return connect(f"ws://{running.host}:{running.port}", max_size=None)


def send(ws: ClientConnection, command: str, **params: Any) -> None:
    ws.send(json.dumps({command: params}))


def receive(ws: ClientConnection, command: str) -> dict[str, Any]:
    reply = json.loads(ws.recv(timeout=10))
    assert list(reply) == [f"{command}_RSP"], reply
    body: dict[str, Any] = reply[f"{command}_RSP"]
    return body


def rsp(ws: ClientConnection, command: str, **params: Any) -> dict[str, Any]:
    send(ws, command, **params)
    return receive(ws, command)


def save(ws: ClientConnection, name: str, **params: Any) -> dict[str, Any]:
    """The second reply of a save that starts (120, then 121 or 123)."""
    send(ws, "SH_SAVE", name=name, **params)
    assert receive(ws, "SH_SAVE") == {"st": 120, "name": name}
    return receive(ws, "SH_SAVE")


def fill(ws: ClientConnection) -> tuple[int, int]:
    plain = rsp(ws, "SH_NEW", name="plain")["tkn"]
    shared = rsp(ws, "SH_NEW", name="team", shared=True)["tkn"]
    rsp(ws, "KV_SET", tkn=plain, keys={"a": 1, "b": {"deep": [1, 2]}})
    rsp(ws, "KV_SET", tkn=shared, keys={"c": "three"})
    return plain, shared


def the_save(data: Path, name: str) -> Path:
    (dataset,) = (data / name).iterdir()
    return dataset


def test_save_and_load_across_a_restart_in_the_real_layout(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, shared = fill(ws)
        done = save(ws, "snap")
        assert done["st"] == 121 and done["name"] == "snap"
        assert type(done["duration"]) is int and done["duration"] >= 0
    dataset = the_save(tmp_path, "snap")
    assert dataset.name.isdigit(), "no temporary directory is left"
    assert sorted(p.name for p in dataset.iterdir()) == ["data", "md"]
    metadata = json.loads((dataset / "md" / "md.json").read_text())
    assert metadata["status"] == 1 and metadata["pools"] == 1 and metadata["saveType"] == 0
    sessions = json.loads((dataset / "data" / "0" / "0").read_text())
    assert sorted(s["sh"]["tkn"] for s in sessions) == sorted([plain, shared])

    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "KV_COUNT", tkn=plain) == {"st": 100, "tkn": plain, "m": ""}
        assert rsp(ws, "SH_LOAD", names=["snap"]) == {"snap": {"st": 141, "m": "", "sessions": 2, "keys": 3}}
        assert rsp(ws, "KV_GET", tkn=plain, keys=["a", "b"])["keys"] == {"a": 1, "b": {"deep": [1, 2]}}
        assert rsp(ws, "SH_OPEN", name="team") == {"st": 1, "tkn": shared}
        again = rsp(ws, "SH_LOAD", names=["snap"])
        assert again == {"snap": {"st": 143, "m": "", "sessions": 0, "keys": 0}}
        assert rsp(ws, "SH_INFO_ALL") == {"totalSessions": 2, "totalKeys": 3}


def test_load_answers_every_name_in_one_reply_and_an_unknown_name_refuses_all(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, _shared = fill(ws)
        assert save(ws, "only_plain", tkns=[plain, 999])["st"] == 121
        assert save(ws, "both")["st"] == 121
        rsp(ws, "SH_END_ALL")
        refused = rsp(ws, "SH_LOAD", names=["only_plain", "never-saved"])
        assert refused == {"st": 142, "m": "never-saved does not exist"}
        assert rsp(ws, "SH_INFO_ALL")["totalSessions"] == 0, "nothing is loaded when a name is unknown"
        assert rsp(ws, "SH_LOAD", names=["only_plain", "both", "empty"]) == {
            "only_plain": {"st": 141, "m": "", "sessions": 1, "keys": 2},
            "both": {"st": 143, "m": "", "sessions": 1, "keys": 1},
            "empty": {"st": 141, "m": "", "sessions": 0, "keys": 0},
        }


def test_load_at_start_up(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, _shared = fill(ws)
        assert save(ws, "first")["st"] == 121
        rsp(ws, "KV_SET", tkn=plain, keys={"a": 2})
        assert save(ws, "first")["st"] == 121, "a second save of a name is the newest"
    with server("nemesisdb", "--data", str(tmp_path), "--load", "first") as running, client(running) as ws:
        assert rsp(ws, "SH_INFO_ALL") == {"totalSessions": 2, "totalKeys": 3}
        assert rsp(ws, "KV_GET", tkn=plain, keys=["a"])["keys"] == {"a": 2}
    assert any(line.startswith("141 ") for line in running.stderr_text().splitlines())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--load", "nope"], "--load nope: no save of that name"),
        (["--load", "../etc"], "--load ../etc: no save of that name"),
        (["--load", "empty"], "--load empty: no data"),
        (["--load", "x", "--no-save", "--data", "/nonexistent/dir"], "no save of that name"),
    ],
)
def test_a_load_at_start_up_that_fails_stops_the_server(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    command = [
        sys.executable,
        "-m",
        "statuskit",
        "example",
        "nemesisdb",
        "--port",
        "0",
        "--data",
        str(tmp_path),
    ]
    result = subprocess.run([*command, *arguments], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "listening" not in result.stdout


def test_a_kill_during_a_save_leaves_the_last_whole_save(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, _ = fill(ws)
        assert save(ws, "killed")["st"] == 121
        running.process.send_signal(signal.SIGKILL)
        running.process.wait(timeout=10)
    whole = the_save(tmp_path, "killed")
    half = tmp_path / "killed" / ".tmp-0123456789abcdef"  # what a kill while writing leaves
    (half / "data" / "0").mkdir(parents=True)
    (half / "data" / "0" / "0").write_text('[{"sh": ')
    unfinished = tmp_path / "killed" / str(int(whole.name) + 1)  # a real server's interrupted save
    (unfinished / "md").mkdir(parents=True)
    (unfinished / "md" / "md.json").write_text(json.dumps({"status": 0, "pools": 1}))
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "SH_LOAD", names=["killed"])["killed"]["st"] == 141
        assert rsp(ws, "KV_GET", tkn=plain, keys=["a"])["keys"] == {"a": 1}
    assert not half.exists(), "what the kill left is removed at start-up"


def test_any_json_text_survives_a_save_and_odd_directory_names_are_ignored(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        token = rsp(ws, "SH_NEW", name="odd")["tkn"]
        odd = {"\ud800": "\udfff", "é": "\u2028\x00"}
        rsp(ws, "KV_SET", tkn=token, keys=odd)
        assert save(ws, "odd")["st"] == 121
        (tmp_path / "odd" / "²³").mkdir()  # digits, but not a save's
        rsp(ws, "SH_END_ALL")
        assert rsp(ws, "SH_LOAD", names=["odd"])["odd"]["st"] == 141
        assert rsp(ws, "KV_GET", tkn=token, keys=list(odd))["keys"] == odd


def test_a_save_written_by_the_real_server_loads(tmp_path: Path) -> None:
    dataset = tmp_path / "real" / "1733300000000000000"
    (dataset / "md").mkdir(parents=True)
    (dataset / "data" / "0").mkdir(parents=True)
    (dataset / "md" / "md.json").write_text(json.dumps({"name": "real", "status": 1, "pools": 1}))
    session = {"sh": {"tkn": 77, "shared": False, "expiry": {"duration": 0, "deleteSession": True}}}
    (dataset / "data" / "0" / "0").write_text(json.dumps([{**session, "keys": {"k": [1, "two"]}}, {}]))
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "SH_LOAD", names=["real"]) == {"real": {"st": 141, "m": "", "sessions": 1, "keys": 1}}
        assert rsp(ws, "KV_GET", tkn=77, keys=["k"])["keys"] == {"k": [1, "two"]}


def test_save_names_and_parameters(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        for name in ("../escape", ".hidden", "a/b", "new\nline", "a" * 201):
            assert rsp(ws, "SH_SAVE", name=name) == {"st": 13, "m": "name"}, name
            assert rsp(ws, "SH_LOAD", names=[name]) == {"st": 142, "m": f"{name} does not exist"}
        assert rsp(ws, "SH_SAVE", name="") == {"st": 42, "m": "name"}
        assert rsp(ws, "SH_SAVE", name=5) == {"st": 13, "m": ""}
        assert rsp(ws, "SH_SAVE", name="x", tkns="all") == {"st": 41, "m": "tkns"}
        assert rsp(ws, "SH_LOAD") == {"st": 13, "m": ""}
        assert rsp(ws, "SH_LOAD", names=[]) == {}
        assert rsp(ws, "SH_LOAD", names=[2, "x"]) == {"st": 41, "m": ""}
    assert list(tmp_path.iterdir()) == []


def test_a_corrupt_save_is_142_and_loads_nothing(tmp_path: Path) -> None:
    for name, content in (
        ("broken", b"\xff\xfe not json"),
        ("alien", b'{"sessions": []}'),
        ("wrong", b'[{"sh": 1}]'),
    ):
        dataset = tmp_path / name / "1"
        (dataset / "md").mkdir(parents=True)
        (dataset / "data" / "0").mkdir(parents=True)
        (dataset / "md" / "md.json").write_text('{"status": 1, "pools": 1}')
        (dataset / "data" / "0" / "0").write_bytes(content)
    (tmp_path / "nodata" / "1" / "md").mkdir(parents=True)
    (tmp_path / "nodata" / "1" / "md" / "md.json").write_text('{"status": 1, "pools": 1}')
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        body = rsp(ws, "SH_LOAD", names=["broken", "alien", "wrong", "nodata"])
        for name in ("broken", "alien", "wrong"):
            assert body[name] == {"st": 142, "m": "invalid snapshot", "sessions": 0, "keys": 0}
        assert body["nodata"] == {"st": 142, "m": "Data directory does not exist", "sessions": 0, "keys": 0}
        assert rsp(ws, "SH_INFO_ALL")["totalSessions"] == 0


def test_no_save_and_no_data_dir(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path), "--no-save") as running, client(running) as ws:
        assert rsp(ws, "SH_SAVE", name="x") == {"st": 14, "m": ""}
    with server("nemesisdb") as running, client(running) as ws:
        assert rsp(ws, "SH_SAVE", name="x") == {"st": 14, "m": ""}
        assert rsp(ws, "SH_LOAD", names=["x"]) == {"st": 142, "m": "load path not exist"}
    assert list(tmp_path.iterdir()) == []


def test_a_save_whose_place_cannot_be_made_is_122(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the save's directory would go")
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        fill(ws)
        assert rsp(ws, "SH_SAVE", name="blocked") == {"st": 122, "name": "blocked"}
        assert save(ws, "fine")["st"] == 121, "the server goes on"
    assert any(line.startswith("122 ") for line in running.stderr_text().splitlines())


@contextmanager
def limited_server(data: Path, max_file: int, record: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A server whose files can grow to ``max_file`` bytes (RLIMIT_FSIZE), recording into ``record``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file, max_file))

    command = [
        sys.executable,
        "-m",
        "statuskit",
        "example",
        "nemesisdb",
        "--port",
        "0",
        "--data",
        str(data),
        *BIG,
    ]
    env = {**os.environ, "STATUSKIT_RECORD": str(record)}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=limit
    )
    try:
        assert process.stdout is not None
        match = LISTENING.search(process.stdout.readline())
        assert match is not None, process.stderr.read() if process.stderr else ""
        yield f"ws://{match.group(1)}:{match.group(2)}", process
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_a_save_that_fails_while_writing_is_123_and_leaves_nothing(tmp_path: Path) -> None:
    data, record = tmp_path / "data", tmp_path / "record.jsonl"
    data.mkdir()
    with limited_server(data, 64 * 1024, record) as (uri, _process), connect(uri, max_size=None) as ws:
        token = rsp(ws, "SH_NEW", name="big")["tkn"]
        rsp(ws, "KV_SET", tkn=token, keys={"big": "x" * 200_000})
        done = save(ws, "big")
        assert done["st"] == 123 and done["name"] == "big" and type(done["duration"]) is int
        rsp(ws, "KV_RMV", tkn=token, keys=["big"])
        assert save(ws, "big")["st"] == 121
    assert [p.name.isdigit() for p in (data / "big").iterdir()] == [True], "the failed save left nothing"
    shared = os.environ.get("STATUSKIT_RECORD")
    if shared:  # the statuses that server sent count for the session's coverage
        with open(shared, "a", encoding="utf-8") as out:
            out.write(record.read_text("utf-8"))


def test_deeply_nested_values_never_break_the_connection(tmp_path: Path) -> None:
    deep: Any = "leaf"
    for _ in range(900):
        deep = {"a": deep}
    with server("nemesisdb", "--data", str(tmp_path), *BIG) as running, client(running) as ws:
        token = rsp(ws, "SH_NEW", name="deep")["tkn"]
        assert rsp(ws, "KV_SET", tkn=token, keys={"d": deep})["keys"] == {"d": 20}
        assert rsp(ws, "KV_FIND", tkn=token, path="$..a", rsp="keys")["st"] in (1, 4)
        assert rsp(ws, "KV_UPDATE", tkn=token, key="d", path="$.a.a", value=1)["st"] in (1, 4)
        assert save(ws, "deep")["st"] in (121, 123)
        assert rsp(ws, "SH_INFO", tkn=token)["st"] == 1, "the connection is still served"
