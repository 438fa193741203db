"""NemesisDB reference server: the 0.3.10 wire beyond what the real suite covers, over a real WebSocket.

Framing, the shapes of error replies (which key, ``tkn: null`` or the token, ``m``), sessions,
keys, JSONPath with RE2 regular expressions, expiry, and the limits on what one client can make
the server hold.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.servers import RunningServer, server
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.nemesisdb.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable=UNREACHABLE)

U64 = 2**64


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    with server("nemesisdb", "--max-payload", "65536") as running:
        yield running


@pytest.fixture
def ws(running: RunningServer) -> Iterator[ClientConnection]:
    with connect(f"ws://{running.host}:{running.port}", max_size=None) as connection:
        yield connection


def ask_raw(ws: ClientConnection, message: str | bytes) -> str:
    ws.send(message)
    reply = ws.recv(timeout=5)
    assert isinstance(reply, str), "replies are text frames"
    return reply


def ask(ws: ClientConnection, message: Any) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(ask_raw(ws, json.dumps(message)))
    return reply


def rsp(ws: ClientConnection, command: str, under: str | None = None, /, **params: Any) -> dict[str, Any]:
    """Send ``{command: params}``; the body of the reply, which must be under ``under`` (``<command>_RSP``)."""
    reply = ask(ws, {command: params})
    expected = under or f"{command}_RSP"
    assert list(reply) == [expected], reply
    body: dict[str, Any] = reply[expected]
    return body


def new_session(ws: ClientConnection, name: str = "s", **params: Any) -> int:
    body = rsp(ws, "SH_NEW", name=name, **params)
    assert body["st"] == 1, body
    token: int = body["tkn"]
    return token


def quiet(ws: ClientConnection) -> None:
    with pytest.raises(TimeoutError):
        ws.recv(timeout=0.2)


# -- framing ------------------------------------------------------------------------------------


def test_binary_frame_is_err_2(ws: ClientConnection) -> None:
    assert ask_raw(ws, b'{"SH_INFO_ALL": {}}') == '{"ERR": {"st": 2, "m": ""}}'


@pytest.mark.parametrize(
    "text", ["{", "not json", '{"KV_GET": {"tkn": NaN}}', "Infinity", "[" * 60_000, "", "null"]
)
def test_text_that_is_not_json_or_is_null_is_err_3(ws: ClientConnection, text: str) -> None:
    assert json.loads(ask_raw(ws, text)) == {"ERR": {"st": 3, "m": ""}}


@pytest.mark.parametrize("text", ["{}", "[]", "5", '"SH_NEW"', '[{"SH_NEW": {}}]'])
def test_empty_or_non_object_top_level_is_err_13(ws: ClientConnection, text: str) -> None:
    assert json.loads(ask_raw(ws, text)) == {"ERR": {"st": 13, "m": ""}}


def test_more_than_one_command_is_err_11(ws: ClientConnection) -> None:
    assert ask(ws, {"KV_GET": {}, "KV_SET": {}}) == {"ERR": {"st": 11, "m": ""}}


@pytest.mark.parametrize("value", [5, [], "x", None, True])
def test_command_value_not_an_object_is_12_with_a_null_token(ws: ClientConnection, value: Any) -> None:
    assert ask(ws, {"KV_GET": value}) == {"KV_GET_RSP": {"st": 12, "tkn": None, "m": ""}}
    assert ask(ws, {"NO_SUCH": value}) == {"NO_SUCH_RSP": {"st": 12, "tkn": None, "m": ""}}


def test_unknown_command_is_10(ws: ClientConnection) -> None:
    assert ask(ws, {"KV_FROB": {}}) == {"KV_FROB_RSP": {"st": 10, "tkn": None, "m": ""}}
    assert ask(ws, {"kv_get": {}}) == {"kv_get_RSP": {"st": 10, "tkn": None, "m": ""}}


def test_injected_line_breaks_stay_inside_json_strings(ws: ClientConnection) -> None:
    raw = ask_raw(ws, json.dumps({"A\r\nB<script>": {}}))
    assert "\r" not in raw and "\n" not in raw
    assert json.loads(raw) == {"A\r\nB<script>_RSP": {"st": 10, "tkn": None, "m": ""}}


def test_lone_surrogates_are_stored_and_sent_back_escaped(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_SET", tkn=token, keys={"\ud800": "\udfff"})["keys"] == {"\ud800": 20}
    raw = ask_raw(ws, json.dumps({"KV_GET": {"tkn": token, "keys": ["\ud800"]}}))
    assert "\\ud800" in raw
    assert json.loads(raw)["KV_GET_RSP"]["keys"] == {"\ud800": "\udfff"}


def test_invalid_utf8_in_a_text_frame_closes_with_1007(running: RunningServer) -> None:
    with connect(f"ws://{running.host}:{running.port}") as connection:
        connection.send(b"\xff\xfe", text=True)  # bytes sent as a text frame, unchecked
        with pytest.raises(ConnectionClosed) as closed:
            connection.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1007


def test_a_message_over_the_default_max_payload_of_1024_closes_with_1009() -> None:
    with server("nemesisdb") as running:
        with connect(f"ws://{running.host}:{running.port}", max_size=None) as connection:
            connection.send(json.dumps({"SH_NEW": {"name": "x" * 990}}))  # 1008 bytes: accepted
            assert json.loads(connection.recv(timeout=5))["SH_NEW_RSP"]["st"] == 1
            connection.send(json.dumps({"SH_NEW": {"name": "x" * 1010}}))
            with pytest.raises(ConnectionClosed) as closed:
                connection.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_the_server_still_answers_after_hostile_input(ws: ClientConnection) -> None:
    for text in ["{" * 5000, "]" * 5000, '{"\\u0000": {}}', '{"SH_NEW": {"name": "\\u0000\\r\\n"}}']:
        reply = json.loads(ask_raw(ws, text))
        assert len(reply) == 1
    assert set(rsp(ws, "SH_INFO_ALL")) == {"totalSessions", "totalKeys"}


# -- tokens and sessions ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, -1, 1.5, "1", True, U64, [1], {}])
def test_a_bad_token_is_101_under_the_key_the_real_server_uses(ws: ClientConnection, bad: Any) -> None:
    error = {"st": 101, "tkn": None, "m": ""}
    for command in ("KV_COUNT", "KV_CLEAR", "SH_END", "SH_INFO"):
        assert rsp(ws, command, command, tkn=bad) == error  # no _RSP on these, as in 0.3.10
    assert rsp(ws, "KV_CONTAINS", "KV_CONTAINS", tkn=bad, keys=[]) == error
    for command in ("KV_SET", "KV_ADD", "KV_SETQ", "KV_ADDQ", "KV_CLEAR_SET"):
        assert rsp(ws, command, tkn=bad, keys={}) == error
    for command in ("KV_GET", "KV_RMV"):
        assert rsp(ws, command, tkn=bad, keys=[]) == error
    assert rsp(ws, "KV_KEYS", tkn=bad) == error
    assert rsp(ws, "KV_FIND", tkn=bad, path="$", rsp="keys") == error
    assert rsp(ws, "KV_UPDATE", tkn=bad, key="k", path="$", value=1) == error


def test_an_unknown_session_is_100_with_its_token(ws: ClientConnection) -> None:
    gone = 12345
    error = {"st": 100, "tkn": gone, "m": ""}
    for command in ("KV_SET", "KV_SETQ", "KV_ADD", "KV_ADDQ", "KV_CLEAR_SET"):
        assert rsp(ws, command, tkn=gone, keys={"a": 1}) == error
    for command in ("KV_GET", "KV_RMV", "KV_CONTAINS"):
        assert rsp(ws, command, tkn=gone, keys=["a"]) == error
    for command in ("KV_COUNT", "KV_CLEAR", "KV_KEYS"):
        assert rsp(ws, command, tkn=gone) == error
    assert rsp(ws, "KV_FIND", tkn=gone, path="$", rsp="keys") == error
    assert rsp(ws, "KV_UPDATE", tkn=gone, key="k", path="$", value=1) == error
    assert rsp(ws, "SH_END", tkn=gone) == {"st": 100, "tkn": gone}
    assert rsp(ws, "SH_INFO", tkn=gone) == {"st": 100, "tkn": gone, "shared": None, "keyCnt": None}


def test_sh_new_gives_a_random_uint64_token(ws: ClientConnection) -> None:
    first, second = rsp(ws, "SH_NEW", name="alpha"), rsp(ws, "SH_NEW", name="alpha")
    assert first["st"] == 1 and first["name"] == "alpha"
    assert type(first["tkn"]) is int and 0 <= first["tkn"] < U64
    assert first["tkn"] != second["tkn"]


def test_sh_new_checks_in_the_real_order(ws: ClientConnection) -> None:
    error = {"tkn": None}
    assert rsp(ws, "SH_NEW", shared=True) == {**error, "st": 40, "m": "name"}
    assert rsp(ws, "SH_NEW", name="a", shared=True, expiry={}, extra=1) == {**error, "st": 13, "m": ""}
    bad = {"duration": -1, "deleteSession": True}
    assert rsp(ws, "SH_NEW", name="a", shared=1, expiry=bad) == {**error, "st": 13, "m": "expiry"}
    assert rsp(ws, "SH_NEW", name="a", shared=1) == {**error, "st": 13, "m": "shared"}


def test_shared_sessions_open_by_name_and_names_are_unique(ws: ClientConnection) -> None:
    token = new_session(ws, "team-protocol", shared=True)
    assert rsp(ws, "SH_NEW", name="team-protocol", shared=True) == {
        "st": 103,
        "name": "team-protocol",
        "tkn": None,
    }
    assert rsp(ws, "SH_OPEN", name="team-protocol") == {"st": 1, "tkn": token}
    assert rsp(ws, "SH_INFO", tkn=token)["shared"] is True


def test_sh_open_errors(ws: ClientConnection) -> None:
    new_session(ws, "private-one")
    assert rsp(ws, "SH_OPEN", name="private-one") == {"st": 102, "tkn": None}
    assert rsp(ws, "SH_OPEN", name="never-made") == {"st": 102, "tkn": None}
    assert rsp(ws, "SH_OPEN", name="x", tkn=1) == {"st": 13, "tkn": None, "m": ""}
    assert rsp(ws, "SH_OPEN", nam="x") == {"st": 40, "tkn": None, "m": "name"}
    assert rsp(ws, "SH_OPEN", name=1) == {"st": 41, "tkn": None, "m": "name"}
    assert rsp(ws, "SH_OPEN", name="") == {"st": 42, "tkn": None, "m": "name"}


def test_sh_end_ends_the_session(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "SH_END", tkn=token) == {"st": 1, "tkn": token}
    assert rsp(ws, "SH_END", tkn=token) == {"st": 100, "tkn": token}
    assert rsp(ws, "KV_COUNT", tkn=token) == {"st": 100, "tkn": token, "m": ""}


def test_sh_info_of_a_session_without_expiry(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": 1, "b": 2})
    assert rsp(ws, "SH_INFO", tkn=token) == {
        "st": 1,
        "tkn": token,
        "shared": False,
        "keyCnt": 2,
        "expires": False,
    }
    assert rsp(ws, "SH_INFO") == {"st": 13, "tkn": None, "m": ""}, "SH_INFO counts its members first"


def test_sh_exists(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "SH_EXISTS", tkns=[token, 12345]) == {"st": 1, "tkns": {str(token): True, "12345": False}}
    assert rsp(ws, "SH_EXISTS", tkns=[]) == {"st": 1}
    assert rsp(ws, "SH_EXISTS") == {"st": 13, "m": "tkns"}
    assert rsp(ws, "SH_EXISTS", tkns="x") == {"st": 13, "m": "tkns"}
    assert rsp(ws, "SH_EXISTS", tkns=["x"]) == {"st": 41, "m": "tkns"}


def test_expiry_ends_the_session_or_clears_its_keys_and_use_extends_it(ws: ClientConnection) -> None:
    ending = new_session(ws, "ending", expiry={"duration": 1, "deleteSession": True})
    clearing = new_session(ws, "clearing", expiry={"duration": 1, "deleteSession": False})
    used = new_session(ws, "used", expiry={"duration": 1, "deleteSession": True})
    lasting = new_session(ws, "lasting", expiry={"duration": 0, "deleteSession": True})
    for token in (ending, clearing, used, lasting):
        assert rsp(ws, "KV_SET", tkn=token, keys={"k": 1})["keys"] == {"k": 20}
    info = rsp(ws, "SH_INFO", tkn=ending)
    assert info["expires"] is True
    assert info["expiry"] == {"duration": 1, "remaining": 0, "deleteSession": True}
    for _ in range(3):
        time.sleep(0.45)
        assert rsp(ws, "KV_COUNT", tkn=used)["cnt"] == 1, "a KV_ command starts the time again"
    assert rsp(ws, "SH_INFO", tkn=ending)["st"] == 100
    cleared = rsp(ws, "SH_INFO", tkn=clearing)
    assert cleared["st"] == 1 and cleared["keyCnt"] == 0 and cleared["expiry"]["deleteSession"] is False
    assert rsp(ws, "KV_COUNT", tkn=lasting)["cnt"] == 1
    assert rsp(ws, "SH_INFO", tkn=lasting)["expires"] is False


# -- keys ---------------------------------------------------------------------------------------


def test_kv_set_and_kv_get(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_SET", tkn=token, keys={"a": 1}) == {"tkn": token, "keys": {"a": 20}}
    assert rsp(ws, "KV_SET", tkn=token, keys={"a": {"x": [1, 2]}, "b": None})["keys"] == {"a": 21, "b": 20}
    body = rsp(ws, "KV_GET", tkn=token, keys=["a", "b", "c", 5])
    assert body == {"tkn": token, "keys": {"a": {"x": [1, 2]}, "b": None, "c": None}}
    assert rsp(ws, "KV_GET", tkn=token, keys=[]) == {"tkn": token}, "no keys member when none was asked"


def test_quiet_commands_answer_only_what_failed(ws: ClientConnection) -> None:
    token = new_session(ws)
    ws.send(json.dumps({"KV_SETQ": {"tkn": token, "keys": {"a": 1}}}))
    ws.send(json.dumps({"KV_ADDQ": {"tkn": token, "keys": {"b": 1}}}))
    quiet(ws)
    assert rsp(ws, "KV_ADDQ", tkn=token, keys={"a": 2, "c": 3}) == {"keys": {"a": 23}, "tkn": token}
    assert rsp(ws, "KV_GET", tkn=token, keys=["a", "b", "c"])["keys"] == {"a": 1, "b": 1, "c": 3}


def test_kv_rmv_puts_each_keys_status_in_the_reply(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": 1, "b": 2})
    assert rsp(ws, "KV_RMV", tkn=token, keys=["a", "zz", 7]) == {"tkn": token, "a": 24, "zz": 22}


def test_kv_contains_count_keys_clear(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"b": 2, "c": 3})
    assert rsp(ws, "KV_CONTAINS", tkn=token, keys=["b", "a", 1]) == {
        "st": 1,
        "tkn": token,
        "keys": {"b": True, "a": False},
    }
    assert rsp(ws, "KV_CONTAINS", "KV_CONTAINS_RSP", tkn=token) == {"st": 26, "tkn": None, "m": ""}
    assert rsp(ws, "KV_CONTAINS", tkn=token, keys="b") == {"st": 41, "tkn": None, "m": "keys"}
    assert rsp(ws, "KV_COUNT", tkn=token) == {"st": 1, "tkn": token, "cnt": 2}
    assert rsp(ws, "KV_KEYS", tkn=token) == {"st": 1, "tkn": token, "keys": ["b", "c"]}
    assert rsp(ws, "KV_KEYS", tkn=token, extra=1) == {"st": 13, "tkn": None, "m": ""}
    assert rsp(ws, "KV_CLEAR", tkn=token) == {"st": 1, "tkn": token, "cnt": 2}


@pytest.mark.parametrize(
    "command", ["KV_SET", "KV_SETQ", "KV_ADD", "KV_ADDQ", "KV_CLEAR_SET", "KV_GET", "KV_RMV"]
)
def test_keys_are_checked_before_the_token(ws: ClientConnection, command: str) -> None:
    wrong: Any = ["a"] if command in ("KV_SET", "KV_SETQ", "KV_ADD", "KV_ADDQ", "KV_CLEAR_SET") else {"a": 1}
    assert rsp(ws, command) == {"st": 26, "tkn": None, "m": "keys"}
    assert rsp(ws, command, tkn=1) == {"st": 26, "tkn": None, "m": "keys"}
    assert rsp(ws, command, keys=wrong) == {"st": 41, "tkn": None, "m": "keys"}


def test_sh_info_all_takes_no_parameters(ws: ClientConnection) -> None:
    assert rsp(ws, "SH_INFO_ALL", tkn=1) == {"st": 13, "tkn": None, "m": ""}


def test_kv_find(ws: ClientConnection) -> None:
    token = new_session(ws)
    people = {"ann": {"age": 30, "name": "Ann"}, "bob": {"age": 20, "name": "Bob"}, "n": 5}
    rsp(ws, "KV_SET", tkn=token, keys=people)
    assert rsp(ws, "KV_FIND", tkn=token, path="$[?(@.age > 25)]", rsp="keys") == {
        "st": 1,
        "tkn": token,
        "keys": [],
    }
    assert rsp(ws, "KV_FIND", tkn=token, path="$.age", rsp="keys")["keys"] == ["ann", "bob"]
    assert rsp(ws, "KV_FIND", tkn=token, path="$..name", rsp="paths")["paths"] == ["$['name']", "$['name']"]
    found = rsp(ws, "KV_FIND", tkn=token, path="$[?(@ =~ /^b/i)]", rsp="kv")
    assert found == {"st": 1, "tkn": token, "keys": {"bob": people["bob"]}}
    assert rsp(ws, "KV_FIND", tkn=token, path="$.nobody", rsp="keys", keys=["ann", 3, "zz"])["keys"] == []


def test_kv_find_errors(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": {"b": 1}})
    error = {"tkn": None}
    assert rsp(ws, "KV_FIND", tkn=token, path="$") == {**error, "st": 13, "m": ""}
    assert rsp(ws, "KV_FIND", tkn=token, path="$", keys=[]) == {**error, "st": 40, "m": "rsp"}
    assert rsp(ws, "KV_FIND", tkn=token, path="$", rsp=1) == {**error, "st": 41, "m": "rsp"}
    for bad in ("$[", "$..a..b", "$.a.`sub(/x/, y)`", "$[?(@ =~ /(/)]", "$" + ".a" * 3000):
        assert rsp(ws, "KV_FIND", tkn=token, path=bad, rsp="keys") == {"st": 4, "tkn": token}, bad


def test_a_backtracking_regex_never_holds_the_server(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={f"k{i}": {"name": "a" * 40 + "!"} for i in range(50)})
    started = time.monotonic()
    assert rsp(ws, "KV_FIND", tkn=token, path="$[?(@.name =~ '(a+)+$')]", rsp="keys")["keys"] == []
    assert time.monotonic() - started < 1.0, "RE2 is linear; Python's re would take hours here"


def test_kv_update(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"p": {"age": 30, "tags": ["a"]}})
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$.age", value=31) == {
        "st": 1,
        "tkn": token,
        "cnt": 1,
    }
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$.none", value=1) == {
        "st": 1,
        "tkn": token,
        "cnt": 0,
    }
    assert rsp(ws, "KV_GET", tkn=token, keys=["p"])["keys"]["p"] == {"age": 31, "tags": ["a"]}
    assert rsp(ws, "KV_UPDATE", tkn=token, key="q", path="$.age", value=1) == {
        "st": 22,
        "tkn": token,
        "cnt": 0,
    }
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$[[", value=1) == {"st": 4, "tkn": token, "cnt": 0}
    error = {"tkn": None}
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", value=1) == {**error, "st": 13, "m": ""}
    assert rsp(ws, "KV_UPDATE", tkn=token, key=1, path="$", value=1) == {**error, "st": 41, "m": "key"}
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path=1, value=1) == {**error, "st": 41, "m": "path"}
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="", value=1) == {**error, "st": 42, "m": "path"}


# -- limits (their own servers) -----------------------------------------------------------------


def test_limits_answer_42_per_key_and_103_per_session() -> None:
    options = ("--max-keys", "3", "--max-bytes", "1024", "--max-sessions", "2", "--max-payload", "4096")
    with server("nemesisdb", *options) as running, connect(f"ws://{running.host}:{running.port}") as ws:
        token = new_session(ws, "one")
        assert rsp(ws, "KV_SET", tkn=token, keys={"a": 1, "b": 2, "c": 3, "d": 4})["keys"] == {
            "a": 20,
            "b": 20,
            "c": 20,
            "d": 42,
        }
        assert rsp(ws, "KV_SETQ", tkn=token, keys={"a": 5, "e": 5}) == {"keys": {"e": 42}, "tkn": token}
        assert rsp(ws, "KV_ADDQ", tkn=token, keys={"e": 5}) == {"keys": {"e": 42}, "tkn": token}
        assert rsp(ws, "KV_CLEAR_SET", tkn=token, keys={"a": 1, "b": 2, "c": 3, "d": 4}) == {
            "st": 1,
            "tkn": token,
            "cnt": 3,
            "keys": {"a": 20, "b": 20, "c": 20, "d": 42},
        }
        rsp(ws, "KV_RMV", tkn=token, keys=["b", "c"])
        big = "x" * 1020  # with its key and quotes: 1025 bytes
        assert rsp(ws, "KV_ADD", tkn=token, keys={"big": big})["keys"] == {"big": 42}, "over --max-bytes"
        assert rsp(ws, "KV_ADD", tkn=token, keys={"mid": "x" * 500})["keys"] == {"mid": 20}
        assert rsp(ws, "KV_UPDATE", tkn=token, key="mid", path="$", value=big) == {
            "st": 42,
            "tkn": token,
            "cnt": 0,
        }
        assert rsp(ws, "SH_INFO_ALL") == {"totalSessions": 1, "totalKeys": 2}
        new_session(ws, "two")
        assert rsp(ws, "SH_NEW", name="three") == {"st": 103, "name": "three", "tkn": None}
        assert rsp(ws, "SH_END_ALL") == {"st": 1, "cnt": 2}
        assert rsp(ws, "SH_INFO_ALL") == {"totalSessions": 0, "totalKeys": 0}
        new_session(ws, "again")


def test_max_connections_refuses_the_next_handshake_and_idle_connections_are_closed() -> None:
    options = ("--max-connections", "2", "--idle-timeout", "0.5")
    with server("nemesisdb", *options) as running:
        uri = f"ws://{running.host}:{running.port}"
        with connect(uri) as first, connect(uri):
            with pytest.raises(Exception, match="503"):
                connect(uri, open_timeout=5).close()
            with pytest.raises(ConnectionClosed) as closed:
                first.recv(timeout=5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000
        with connect(uri) as again:
            assert rsp(again, "SH_END_ALL")["st"] == 1


# -- random requests ----------------------------------------------------------------------------

COMMANDS = [
    *("SH_NEW", "SH_OPEN", "SH_END", "SH_END_ALL", "SH_INFO", "SH_INFO_ALL", "SH_EXISTS", "SH_SAVE"),
    *("SH_LOAD", "KV_SET", "KV_SETQ", "KV_ADD", "KV_ADDQ", "KV_CLEAR_SET", "KV_GET", "KV_RMV"),
    *("KV_CONTAINS", "KV_COUNT", "KV_CLEAR", "KV_KEYS", "KV_FIND", "KV_UPDATE"),
]
PARAMETERS = ["tkn", "name", "shared", "expiry", "tkns", "names", "keys", "path", "rsp", "key", "value", "x"]
ATOMS: list[Any] = [None, True, -1, 0, U64, 1.5, "s", "$..a", "", "$[?(@.a =~ /a+/)]", "../x"]


def random_value(chance: random.Random, depth: int = 0) -> Any:
    pick = chance.randrange(len(ATOMS) + (2 if depth < 3 else 0))
    if pick == len(ATOMS):
        return [random_value(chance, depth + 1) for _ in range(chance.randrange(3))]
    if pick == len(ATOMS) + 1:
        return {chance.choice(["a", "st", "tkn", "b"]): random_value(chance, depth + 1) for _ in range(3)}
    return ATOMS[pick]


def test_random_requests_each_get_their_answers_and_never_break_the_server(tmp_path: Path) -> None:
    chance = random.Random(20)
    with (
        server("nemesisdb", "--data", str(tmp_path)) as running,
        connect(f"ws://{running.host}:{running.port}") as ws,
    ):
        token = new_session(ws)
        for _ in range(1500):
            command = chance.choice(COMMANDS)
            params = {k: random_value(chance) for k in chance.sample(PARAMETERS, chance.randrange(4))}
            if chance.random() < 0.5:
                params["tkn"] = token
            ws.send(json.dumps({command: params}))
            ws.send(json.dumps({"KV_COUNT": {"tkn": 1}}))  # every reply before its answer is the command's
            while True:
                reply = json.loads(ws.recv(timeout=5))
                assert len(reply) == 1, reply
                if reply == {"KV_COUNT_RSP": {"st": 100, "tkn": 1, "m": ""}}:
                    break
                assert next(iter(reply)) in (f"{command}_RSP", command), (command, params, reply)
        assert rsp(ws, "SH_END_ALL")["st"] == 1
    log = running.stderr_text()
    assert "Traceback" not in log and "internal error" not in log
