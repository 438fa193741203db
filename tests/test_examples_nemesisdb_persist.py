"""NemesisDB reference server: SH_SAVE and SH_LOAD against real directories, across restarts."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest
from support.servers import RunningServer, server
from websockets.sync.client import ClientConnection, connect

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable={"st": {}})


def client(running: RunningServer) -> ClientConnection:
    return connect(f"ws://{running.host}:{running.port}")


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


def save(ws: ClientConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """The two replies of a save that starts (120, then 121 or 123)."""
    send(ws, "SH_SAVE", name=name, **params)
    first = receive(ws, "SH_SAVE")
    assert first == {"st": 120, "name": name}
    return [first, receive(ws, "SH_SAVE")]


def fill(ws: ClientConnection) -> tuple[int, int]:
    plain = rsp(ws, "SH_NEW", name="plain")["tkn"]
    shared = rsp(ws, "SH_NEW", name="team", shared=True)["tkn"]
    rsp(ws, "KV_SET", tkn=plain, keys={"a": 1, "b": {"deep": [1, 2]}})
    rsp(ws, "KV_SET", tkn=shared, keys={"c": "three"})
    return plain, shared


def test_save_and_load_across_a_restart(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, shared = fill(ws)
        _first, done = save(ws, "snap_1")
        assert done["st"] == 121 and done["name"] == "snap_1"
        assert type(done["duration"]) is int and done["duration"] >= 0
    assert (tmp_path / "snap_1.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["snap_1.json"], "no temporary file is left"

    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "KV_COUNT", tkn=plain)["st"] == 100
        body = rsp(ws, "SH_LOAD", names=["snap_1"])
        assert body == {"st": 1, "snap_1": {"st": 141, "sessions": 2, "keys": 3}}
        assert rsp(ws, "KV_GET", tkn=plain, keys=["a", "b"])["keys"] == {"a": 1, "b": {"deep": [1, 2]}}
        assert rsp(ws, "SH_OPEN", name="team")["tkn"] == shared
        again = rsp(ws, "SH_LOAD", names=["snap_1"])
        assert again == {"st": 1, "snap_1": {"st": 143, "sessions": 0, "keys": 0}}
        assert rsp(ws, "SH_INFO_ALL") == {"st": 1, "totalSessions": 2, "totalKeys": 3}


def test_save_of_chosen_tokens_and_one_reply_per_dataset(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, _shared = fill(ws)
        assert save(ws, "only_plain", tkns=[plain, 999])[1]["st"] == 121
        rsp(ws, "SH_END_ALL")
        send(ws, "SH_LOAD", names=["only_plain", "never-saved", "only_plain"])
        assert receive(ws, "SH_LOAD") == {"st": 1, "only_plain": {"st": 141, "sessions": 1, "keys": 2}}
        assert receive(ws, "SH_LOAD") == {"st": 1, "never-saved": {"st": 142, "m": "does not exist"}}
        assert rsp(ws, "SH_INFO_ALL")["totalSessions"] == 1, "a repeated name is loaded once"


def test_a_snapshot_survives_a_kill_right_after_saving(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        plain, _ = fill(ws)
        assert save(ws, "killed")[1]["st"] == 121
        rsp(ws, "KV_SET", tkn=plain, keys={"a": 2})
        save(ws, "killed")
        running.process.send_signal(signal.SIGKILL)
        running.process.wait(timeout=10)
    (tmp_path / ".killed.json.123.tmp").write_text('{"half": ')  # what a kill mid-write leaves
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "SH_LOAD", names=["killed"])["killed"]["st"] == 141
        assert rsp(ws, "KV_GET", tkn=plain, keys=["a"])["keys"] == {"a": 2}


def test_bad_snapshot_names_are_13(tmp_path: Path) -> None:
    bad: list[Any] = ["", "../escape", "a" * 65, "sp ace", "dot.json", "new\nline", "st", 5, None]
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        for name in bad:
            body = rsp(ws, "SH_SAVE", name=name)
            assert body["st"] == 13 and body["m"] == "name", name
            assert rsp(ws, "SH_LOAD", names=["ok", name]) == {"st": 13, "m": "name"}
        send(ws, "SH_SAVE")
        assert receive(ws, "SH_SAVE") == {"st": 13, "m": "name"}
    assert list(tmp_path.iterdir()) == []


def test_sh_load_parameters(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        assert rsp(ws, "SH_LOAD") == {"st": 26, "m": "names"}
        assert rsp(ws, "SH_LOAD", names="snap") == {"st": 41, "m": "names"}
        assert rsp(ws, "SH_LOAD", names=[]) == {"st": 41, "m": "names"}
        assert rsp(ws, "SH_SAVE", name="x", tkns="all") == {"st": 41, "m": "tkns", "name": "x"}


def test_a_corrupt_snapshot_is_142_and_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_bytes(b"\xff\xfe not json")
    (tmp_path / "alien.json").write_text(json.dumps({"sessions": []}))
    bad_session = {"format": "statuskit-nemesisdb-snapshot", "version": 1, "sessions": [{"tkn": -1}]}
    (tmp_path / "wrong.json").write_text(json.dumps(bad_session))
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        send(ws, "SH_LOAD", names=["broken", "alien", "wrong"])
        for name in ("broken", "alien", "wrong"):
            assert receive(ws, "SH_LOAD") == {"st": 1, name: {"st": 142, "m": "invalid snapshot"}}
        assert rsp(ws, "SH_INFO_ALL")["totalSessions"] == 0


def test_no_save_and_no_data_dir_disable_sh_save(tmp_path: Path) -> None:
    with server("nemesisdb", "--data", str(tmp_path), "--no-save") as running, client(running) as ws:
        assert rsp(ws, "SH_SAVE", name="x") == {"st": 14, "m": "", "name": "x"}
    with server("nemesisdb") as running, client(running) as ws:
        assert rsp(ws, "SH_SAVE", name="x")["st"] == 14
        assert rsp(ws, "SH_LOAD", names=["x"]) == {"st": 1, "x": {"st": 142, "m": "does not exist"}}
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_data_dir_is_122(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with server("nemesisdb", "--data", str(blocker / "data")) as running, client(running) as ws:
        fill(ws)
        assert rsp(ws, "SH_SAVE", name="snap") == {"st": 122, "name": "snap"}
        assert rsp(ws, "SH_INFO_ALL")["st"] == 1, "the server goes on"
    assert blocker.read_text() == "not a directory"
    assert any(line.startswith("122 ") for line in running.stderr_text().splitlines())


def test_a_write_that_fails_after_starting_is_123(tmp_path: Path) -> None:
    (tmp_path / "taken.json").mkdir()  # the snapshot's place is a directory: the rename fails
    with server("nemesisdb", "--data", str(tmp_path)) as running, client(running) as ws:
        fill(ws)
        _first, done = save(ws, "taken")
        assert done["st"] == 123 and done["name"] == "taken" and type(done["duration"]) is int
        assert save(ws, "other")[1]["st"] == 121
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json", "taken.json"]


def test_deeply_nested_values_never_break_the_connection(tmp_path: Path) -> None:
    deep: Any = "leaf"
    for _ in range(900):
        deep = {"a": deep}
    options = ("--data", str(tmp_path), "--max-value-size", "100000")
    with server("nemesisdb", *options) as running, client(running) as ws:
        token = rsp(ws, "SH_NEW", name="deep")["tkn"]
        assert rsp(ws, "KV_SET", tkn=token, keys={"d": deep})["keys"] == {"d": 20}
        assert rsp(ws, "KV_FIND", tkn=token, path="$..a")["st"] in (1, 4)
        assert rsp(ws, "KV_UPDATE", tkn=token, key="d", path="$.a.a", value=1)["st"] in (1, 4)
        _first, done = save(ws, "deep")
        assert done["st"] in (121, 123)
        assert rsp(ws, "SH_INFO", tkn=token)["st"] == 1, "the connection is still served"
