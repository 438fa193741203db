"""NemesisDB reference server: framing, sessions and keys, spoken to over a real WebSocket."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from support.servers import RunningServer, server
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable={"st": {}})

U64 = 2**64


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    data = tmp_path_factory.mktemp("nemesisdb-protocol")
    with server("nemesisdb", "--data", str(data), "--max-value-size", "1000") as running:
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


def rsp(ws: ClientConnection, command: str, **params: Any) -> dict[str, Any]:
    """Send ``{command: params}``; the body of the ``<command>_RSP`` reply."""
    reply = ask(ws, {command: params})
    assert list(reply) == [f"{command}_RSP"], reply
    body: dict[str, Any] = reply[f"{command}_RSP"]
    return body


def new_session(ws: ClientConnection, name: str = "s", **params: Any) -> int:
    body = rsp(ws, "SH_NEW", name=name, **params)
    assert body["st"] == 1, body
    token: int = body["tkn"]
    return token


# -- framing ------------------------------------------------------------------------------------


def test_binary_frame_is_err_2(ws: ClientConnection) -> None:
    assert ask_raw(ws, b'{"SH_INFO_ALL": {}}') == '{"ERR": {"st": 2, "m": ""}}'


@pytest.mark.parametrize("text", ["{", "not json", '{"KV_GET": {"tkn": NaN}}', "Infinity", "[" * 100_000, ""])
def test_text_that_is_not_json_is_err_3(ws: ClientConnection, text: str) -> None:
    assert json.loads(ask_raw(ws, text)) == {"ERR": {"st": 3, "m": ""}}


@pytest.mark.parametrize("text", ["{}", "[]", "5", '"SH_NEW"', "null", '[{"SH_NEW": {}}]'])
def test_empty_or_non_object_top_level_is_err_13(ws: ClientConnection, text: str) -> None:
    assert json.loads(ask_raw(ws, text)) == {"ERR": {"st": 13, "m": ""}}


def test_more_than_one_command_is_err_11(ws: ClientConnection) -> None:
    assert ask(ws, {"KV_GET": {}, "KV_SET": {}}) == {"ERR": {"st": 11, "m": ""}}


@pytest.mark.parametrize("value", [5, [], "x", None, True])
def test_command_value_not_an_object_is_12(ws: ClientConnection, value: Any) -> None:
    assert ask(ws, {"KV_GET": value}) == {"KV_GET_RSP": {"st": 12, "m": ""}}


def test_value_type_is_checked_before_the_command_name(ws: ClientConnection) -> None:
    assert ask(ws, {"NO_SUCH": 1}) == {"NO_SUCH_RSP": {"st": 12, "m": ""}}


def test_unknown_command_is_10(ws: ClientConnection) -> None:
    assert ask(ws, {"KV_FROB": {}}) == {"KV_FROB_RSP": {"st": 10, "m": ""}}
    assert ask(ws, {"kv_get": {}}) == {"kv_get_RSP": {"st": 10, "m": ""}}


def test_injected_line_breaks_and_markup_stay_inside_json_strings(ws: ClientConnection) -> None:
    raw = ask_raw(ws, json.dumps({"A\r\nB<script>": {}}))
    assert "\r" not in raw and "\n" not in raw
    assert json.loads(raw) == {"A\r\nB<script>_RSP": {"st": 10, "m": ""}}


def test_lone_surrogates_are_stored_and_sent_back_escaped(ws: ClientConnection) -> None:
    token = new_session(ws)
    body = rsp(ws, "KV_SET", tkn=token, keys={"\ud800": "\udfff"})
    assert body["keys"] == {"\ud800": 20}
    raw = ask_raw(ws, json.dumps({"KV_GET": {"tkn": token, "keys": ["\ud800"]}}))
    assert raw.isascii() and "\\ud800" in raw
    assert json.loads(raw)["KV_GET_RSP"]["keys"] == {"\ud800": "\udfff"}


def test_invalid_utf8_in_a_text_frame_closes_with_1007(running: RunningServer) -> None:
    with connect(f"ws://{running.host}:{running.port}") as connection:
        connection.send(b"\xff\xfe", text=True)  # bytes sent as a text frame, unchecked
        with pytest.raises(ConnectionClosed) as closed:
            connection.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1007


def test_message_over_max_payload_closes_with_1009(running: RunningServer) -> None:
    with connect(f"ws://{running.host}:{running.port}", max_size=None) as connection:
        connection.send(json.dumps({"KV_SET": {"tkn": 1, "keys": {"a": "x" * (1024 * 1024)}}}))
        with pytest.raises(ConnectionClosed) as closed:
            connection.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_the_server_still_answers_after_hostile_input(ws: ClientConnection) -> None:
    for text in ["{" * 5000, "]" * 5000, '{"\\u0000": {}}', '{"SH_NEW": {"name": "\\u0000\\r\\n"}}']:
        reply = json.loads(ask_raw(ws, text))
        assert len(reply) == 1
    assert rsp(ws, "SH_INFO_ALL")["st"] == 1


# -- sessions -----------------------------------------------------------------------------------


def test_sh_new_gives_a_random_uint64_token(ws: ClientConnection) -> None:
    first, second = rsp(ws, "SH_NEW", name="alpha"), rsp(ws, "SH_NEW", name="alpha")
    assert first["st"] == 1 and first["name"] == "alpha"
    assert type(first["tkn"]) is int and 0 <= first["tkn"] < U64
    assert first["tkn"] != second["tkn"]


def test_sh_new_without_a_name_is_40(ws: ClientConnection) -> None:
    assert rsp(ws, "SH_NEW") == {"st": 40, "m": "name"}


def test_sh_new_with_a_name_that_is_not_a_string_is_41(ws: ClientConnection) -> None:
    assert rsp(ws, "SH_NEW", name=5) == {"st": 41, "m": "name"}


@pytest.mark.parametrize(
    ("params", "m"),
    [
        ({"shared": "yes"}, "shared"),
        ({"shared": 1}, "shared"),
        ({"expiry": 5}, "expiry"),
        ({"expiry": {"duration": -1, "deleteSession": True}}, "expiry"),
        ({"expiry": {"duration": 1.5, "deleteSession": True}}, "expiry"),
        ({"expiry": {"duration": 10}}, "expiry"),
        ({"expiry": {"duration": 10, "deleteSession": "no"}}, "expiry"),
    ],
)
def test_sh_new_with_a_wrong_shared_or_expiry_is_13(
    ws: ClientConnection, params: dict[str, Any], m: str
) -> None:
    assert rsp(ws, "SH_NEW", name="bad", **params) == {"st": 13, "m": m, "name": "bad"}


def test_shared_sessions_open_by_name_and_names_are_unique(ws: ClientConnection) -> None:
    token = new_session(ws, "team-protocol", shared=True)
    assert rsp(ws, "SH_NEW", name="team-protocol", shared=True) == {
        "st": 103,
        "m": "name",
        "name": "team-protocol",
    }
    assert rsp(ws, "SH_OPEN", name="team-protocol") == {"st": 1, "name": "team-protocol", "tkn": token}
    assert rsp(ws, "SH_INFO", tkn=token)["shared"] is True


def test_sh_open_of_an_unshared_or_unknown_session_is_102(ws: ClientConnection) -> None:
    new_session(ws, "private-one")
    assert rsp(ws, "SH_OPEN", name="private-one")["st"] == 102
    assert rsp(ws, "SH_OPEN", name="never-made")["st"] == 102


def test_sh_end_ends_the_session(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "SH_END", tkn=token) == {"st": 1, "tkn": token}
    assert rsp(ws, "SH_END", tkn=token) == {"st": 100, "tkn": token, "m": "tkn"}
    assert rsp(ws, "KV_COUNT", tkn=token)["st"] == 100


@pytest.mark.parametrize("bad", [None, -1, 1.5, "1", True, U64, [1], {}])
def test_a_token_that_is_not_an_unsigned_int_is_101(ws: ClientConnection, bad: Any) -> None:
    assert rsp(ws, "SH_INFO", tkn=bad) == {"st": 101, "tkn": None, "m": "tkn"}
    assert rsp(ws, "KV_GET", tkn=bad, keys=[]) == {"st": 101, "tkn": None, "m": "tkn"}


def test_a_missing_token_is_101(ws: ClientConnection) -> None:
    assert rsp(ws, "KV_COUNT") == {"st": 101, "tkn": None, "m": "tkn"}


def test_sh_info_reports_shared_and_key_count(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": 1, "b": 2})
    body = rsp(ws, "SH_INFO", tkn=token)
    assert body == {"st": 1, "tkn": token, "shared": False, "keyCnt": 2}


def test_sh_exists(ws: ClientConnection) -> None:
    token = new_session(ws)
    body = rsp(ws, "SH_EXISTS", tkns=[token, 12345])
    assert body == {"st": 1, "tkns": {str(token): True, "12345": False}}
    assert rsp(ws, "SH_EXISTS") == {"st": 26, "m": "tkns"}
    assert rsp(ws, "SH_EXISTS", tkns=["x"]) == {"st": 41, "m": "tkns"}


def test_expiry_ends_the_session_or_clears_its_keys(ws: ClientConnection) -> None:
    ending = new_session(ws, "ending", expiry={"duration": 1, "deleteSession": True})
    clearing = new_session(ws, "clearing", expiry={"duration": 1, "deleteSession": False})
    lasting = new_session(ws, "lasting", expiry={"duration": 0, "deleteSession": True})
    for token in (ending, clearing, lasting):
        assert rsp(ws, "KV_SET", tkn=token, keys={"k": 1})["st"] == 1
    info = rsp(ws, "SH_INFO", tkn=ending)
    assert info["expiry"]["duration"] == 1 and info["expiry"]["deleteSession"] is True
    time.sleep(1.4)
    assert rsp(ws, "SH_INFO", tkn=ending)["st"] == 100
    cleared = rsp(ws, "SH_INFO", tkn=clearing)
    assert cleared["st"] == 1 and cleared["keyCnt"] == 0
    assert cleared["expiry"]["deleteSession"] is False and cleared["expiry"]["remaining"] in (0, 1)
    assert rsp(ws, "KV_COUNT", tkn=lasting)["cnt"] == 1


# -- keys ---------------------------------------------------------------------------------------


def test_kv_set_answers_20_then_21(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_SET", tkn=token, keys={"a": 1}) == {"st": 1, "tkn": token, "keys": {"a": 20}}
    body = rsp(ws, "KV_SET", tkn=token, keys={"a": {"x": [1, 2]}, "b": None})
    assert body["keys"] == {"a": 21, "b": 20}
    assert rsp(ws, "KV_GET", tkn=token, keys=["a", "b", "c"])["keys"] == {
        "a": {"x": [1, 2]},
        "b": None,
        "c": None,
    }


def test_kv_add_never_overwrites(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": 1})
    assert rsp(ws, "KV_ADD", tkn=token, keys={"a": 2, "b": 3})["keys"] == {"a": 23, "b": 20}
    assert rsp(ws, "KV_GET", tkn=token, keys=["a", "b"])["keys"] == {"a": 1, "b": 3}


def test_kv_rmv_contains_count_keys_clear(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"a": 1, "b": 2, "c": 3})
    assert rsp(ws, "KV_RMV", tkn=token, keys=["a", "zz"])["keys"] == {"a": 24, "zz": 22}
    assert rsp(ws, "KV_CONTAINS", tkn=token, keys=["b", "a"])["keys"] == {"b": 23, "a": 22}
    assert rsp(ws, "KV_COUNT", tkn=token) == {"st": 1, "tkn": token, "cnt": 2}
    assert sorted(rsp(ws, "KV_KEYS", tkn=token)["keys"]) == ["b", "c"]
    assert rsp(ws, "KV_CLEAR", tkn=token) == {"st": 1, "tkn": token, "cnt": 2}
    assert rsp(ws, "KV_COUNT", tkn=token)["cnt"] == 0


def test_missing_keys_is_26_and_checked_before_the_token(ws: ClientConnection) -> None:
    assert rsp(ws, "KV_GET") == {"st": 26, "tkn": None, "m": "keys"}
    assert rsp(ws, "KV_SET", tkn=1) == {"st": 26, "tkn": 1, "m": "keys"}


def test_keys_of_the_wrong_type_is_41(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_GET", tkn=token, keys={"a": 1}) == {"st": 41, "tkn": token, "m": "keys"}
    assert rsp(ws, "KV_SET", tkn=token, keys=["a"]) == {"st": 41, "tkn": token, "m": "keys"}


def test_a_key_that_is_not_a_string_is_27(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_RMV", tkn=token, keys=["a", 7]) == {"st": 27, "tkn": token, "m": "7"}


def test_a_value_over_the_limit_is_42_and_nothing_is_applied(ws: ClientConnection) -> None:
    token = new_session(ws)
    body = rsp(ws, "KV_SET", tkn=token, keys={"small": 1, "big": "x" * 2000})
    assert body == {"st": 42, "tkn": token, "m": "big"}
    assert rsp(ws, "KV_COUNT", tkn=token)["cnt"] == 0
    assert rsp(ws, "KV_SET", tkn=token, keys={"edge": "x" * 998})["keys"] == {"edge": 20}  # 1000 bytes


def test_kv_find_with_jsonpath(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"ann": {"age": 30}, "bob": {"age": 20}, "n": 5})
    assert rsp(ws, "KV_FIND", tkn=token, path="$[?(@.age > 25)]") == {"st": 1, "tkn": token, "keys": ["ann"]}
    assert sorted(rsp(ws, "KV_FIND", tkn=token, path="$..age")["keys"]) == ["ann", "bob"]
    assert rsp(ws, "KV_FIND", tkn=token, path="$.nobody")["keys"] == []


def test_kv_find_without_a_path_is_5_and_a_bad_path_is_4(ws: ClientConnection) -> None:
    token = new_session(ws)
    assert rsp(ws, "KV_FIND", tkn=token) == {"st": 5, "tkn": token, "m": "path"}
    assert rsp(ws, "KV_FIND", tkn=token, path="$[") == {"st": 4, "tkn": token, "m": "path"}
    assert rsp(ws, "KV_FIND", tkn=token, path="$" + ".a" * 3000)["st"] == 4


def test_kv_update(ws: ClientConnection) -> None:
    token = new_session(ws)
    rsp(ws, "KV_SET", tkn=token, keys={"p": {"age": 30, "tags": ["a"]}})
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$.age", value=31) == {
        "st": 1,
        "tkn": token,
        "key": "p",
        "cnt": 1,
    }
    assert rsp(ws, "KV_GET", tkn=token, keys=["p"])["keys"]["p"] == {"age": 31, "tags": ["a"]}
    assert rsp(ws, "KV_UPDATE", tkn=token, key="q", path="$.age", value=1) == {
        "st": 22,
        "tkn": token,
        "m": "q",
    }
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$[[", value=1)["st"] == 4
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", value=1)["st"] == 5
    assert rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$.age") == {"st": 40, "tkn": token, "m": "value"}
    assert rsp(ws, "KV_UPDATE", tkn=token, path="$.age", value=1) == {"st": 26, "tkn": token, "m": "key"}
    body = rsp(ws, "KV_UPDATE", tkn=token, key="p", path="$.age", value="x" * 2000)
    assert body == {"st": 42, "tkn": token, "m": "p"}
    assert rsp(ws, "KV_GET", tkn=token, keys=["p"])["keys"]["p"]["age"] == 31


# -- the whole store (its own server, since SH_END_ALL ends every session) ------------------------


def test_sh_info_all_and_sh_end_all() -> None:
    with server("nemesisdb") as running, connect(f"ws://{running.host}:{running.port}") as ws:
        for name in ("a", "b"):
            rsp(ws, "KV_SET", tkn=new_session(ws, name), keys={"k": 1, "l": 2})
        assert rsp(ws, "SH_INFO_ALL") == {"st": 1, "totalSessions": 2, "totalKeys": 4}
        assert rsp(ws, "SH_END_ALL") == {"st": 1, "cnt": 2}
        assert rsp(ws, "SH_INFO_ALL") == {"st": 1, "totalSessions": 0, "totalKeys": 0}
