"""kAPI reference server: the WebSocket gateway, spoken to with the websockets client."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.servers import RunningServer, server
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

TOKEN, OTHER, THIRD = "gw-token-1", "gw-token-2", "gw-token-3"
KETTU, BOT = "gw-kettu", "gw-fiber"
CLOSE_TITLES = {
    4000: "unknown error",
    4001: "unknown opcode",
    4002: "decode error",
    4003: "not authenticated",
    4004: "authentication failed",
    4005: "already authenticated",
    4007: "invalid `seq`",
    4008: "ratelimited",
    4009: "session timed out",
    4010: "server restarting",
    4012: "invalid api version",
    4013: "invalid intents",
    4014: "disallowed intents",
}


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options: tuple[str, ...] = (
        "--token",
        TOKEN,
        "--user-token",
        OTHER,
        "--user-token",
        THIRD,
        "--rate-limit",
        "100000",
    )
    options += ("--kettu-token", KETTU, "--bot-token", BOT)
    with server("kapi", *options) as running:
        yield running


def open_gateway(running: RunningServer, query: str = "?v=4", path: str = "/gateway") -> ClientConnection:
    return connect(f"ws://{running.host}:{running.port}{path}{query}", open_timeout=5)


@pytest.fixture
def ws(running: RunningServer) -> Iterator[ClientConnection]:
    with open_gateway(running) as connection:
        hello = receive(connection)
        assert hello["op"] == 3
        yield connection


def receive(ws: ClientConnection) -> dict[str, Any]:
    message = ws.recv(timeout=5)
    assert isinstance(message, str), "gateway frames are text"
    frame: dict[str, Any] = json.loads(message)
    return frame


def send(ws: ClientConnection, frame: Any) -> None:
    ws.send(json.dumps(frame))


def closed_with(ws: ClientConnection, code: int) -> str:
    """Assert the server closes the connection with ``code`` and the catalog's words; the reason."""
    with pytest.raises(ConnectionClosed) as caught:
        while True:
            ws.recv(timeout=5)
    received = caught.value.rcvd
    assert received is not None, "the server sent no close frame"
    assert received.code == code, f"closed with {received.code} {received.reason!r}, expected {code}"
    assert received.reason.startswith(CLOSE_TITLES[code])
    assert len(received.reason.encode()) <= 123
    return received.reason


def identify(ws: ClientConnection, token: str = TOKEN, intents: int = 0b10) -> dict[str, Any]:
    send(ws, {"op": 4, "d": {"token": token, "intents": intents, "properties": {"os": "linux"}}})
    ready = receive(ws)
    assert ready["op"] == 0 and ready["t"] == "READY" and ready["s"] == 1
    return ready


def rest(running: RunningServer, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
    url = f"http://{running.host}:{running.port}{path}"
    scheme = "Bot" if token in (KETTU, BOT) else "Bearer"
    return httpx.request(method, url, headers={"Authorization": f"{scheme} {token}"}, timeout=10, **kwargs)


def test_hello_comes_first(running: RunningServer) -> None:
    with open_gateway(running) as ws:
        assert receive(ws) == {"op": 3, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}


@pytest.mark.parametrize(("path", "query"), [("/gateway", ""), ("/gateway/", "?v=4&encoding=json")])
def test_the_version_may_be_left_out_and_a_trailing_slash_is_fine(
    running: RunningServer, path: str, query: str
) -> None:
    with open_gateway(running, query, path) as ws:
        assert receive(ws)["op"] == 3


def test_identify_dispatches_ready_with_the_user_and_never_the_token(
    ws: ClientConnection, running: RunningServer
) -> None:
    send(ws, {"op": 4, "d": {"token": TOKEN, "intents": 0b111111, "shard": [0, 1]}})
    raw = ws.recv(timeout=5)
    assert isinstance(raw, str) and TOKEN not in raw
    ready = json.loads(raw)
    assert ready["op"] == 0 and ready["t"] == "READY" and ready["s"] == 1
    assert set(ready["d"]) == {"v", "session_id", "user", "shard"}
    assert ready["d"]["shard"] == [0, 1] and ready["d"]["v"] == 4
    assert ready["d"]["user"] == rest(running, "GET", "/v4/users/@me", TOKEN).json()
    assert ready["d"]["user"]["type"] == "user"


def test_kettu_identifies_as_kdjs_does_with_every_intent(ws: ClientConnection) -> None:
    """kdjs 1.0.9 sends its default intents 127 (INTERNAL too) and ``"properties": ""``."""
    send(ws, {"op": 4, "d": {"intents": 127, "token": KETTU, "properties": ""}})
    raw = ws.recv(timeout=5)
    assert isinstance(raw, str) and KETTU not in raw
    user = json.loads(raw)["d"]["user"]
    assert user["type"] == "kettu" and user["default_prefix"] == "k>" and user["options"] == {}
    assert "token" not in user


@pytest.mark.parametrize("d", [None, -1, 0, 17])
def test_heartbeats_are_acked_before_and_after_identify(ws: ClientConnection, d: int | None) -> None:
    send(ws, {"op": 1, "d": d})
    assert receive(ws) == {"op": 1, "a": True}
    identify(ws)
    send(ws, {"op": 1, "d": 1})
    assert receive(ws) == {"op": 1, "a": True}


@pytest.mark.parametrize(
    "message",
    ["junk", "[1, 2]", '"op"', "{}", '{"op": "1"}', '{"op": true}', '{"op": 1.0}', "[" * 10000],
)
def test_text_that_is_not_a_frame_is_4002(ws: ClientConnection, message: str) -> None:
    ws.send(message)
    closed_with(ws, 4002)


def test_a_text_frame_of_bad_utf8_ends_the_connection_not_the_server(
    running: RunningServer, ws: ClientConnection
) -> None:
    ws.send(b'{"op": 1, "d": "\xff"}', text=True)
    with pytest.raises(ConnectionClosed) as caught:
        while True:
            ws.recv(timeout=5)
    assert caught.value.rcvd is not None and caught.value.rcvd.code == 1007, "closed by the WebSocket layer"
    with open_gateway(running) as again:
        assert receive(again)["op"] == 3


def test_a_binary_frame_is_4002(ws: ClientConnection) -> None:
    ws.send(b'{"op": 1, "d": null}')
    closed_with(ws, 4002)


@pytest.mark.parametrize("op", [2, 3, 6, 7, 99, -1])
def test_an_unknown_opcode_is_4001_even_before_identify(ws: ClientConnection, op: int) -> None:
    send(ws, {"op": op, "d": None})
    closed_with(ws, 4001)


def test_a_dispatch_before_identify_is_4003(ws: ClientConnection) -> None:
    send(ws, {"op": 0, "d": {}, "t": "HELLO"})
    closed_with(ws, 4003)


@pytest.mark.parametrize(
    "d", [{"token": "nope", "intents": 0}, {"intents": 0}, {"token": 5, "intents": 0}, None, "gw-token-1"]
)
def test_identify_with_a_bad_token_is_4004(ws: ClientConnection, d: Any) -> None:
    send(ws, {"op": 4, "d": d})
    closed_with(ws, 4004)


def test_a_bad_token_wins_over_bad_intents(ws: ClientConnection) -> None:
    send(ws, {"op": 4, "d": {"token": "nope", "intents": 1 << 6}})
    closed_with(ws, 4004)


def test_identify_twice_is_4005_and_ends_nothing_else(ws: ClientConnection) -> None:
    identify(ws)
    send(ws, {"op": 4, "d": {"token": TOKEN, "intents": 0}})
    closed_with(ws, 4005)


def test_a_second_identify_with_a_bad_token_is_4004(ws: ClientConnection) -> None:
    identify(ws)
    send(ws, {"op": 4, "d": {"token": "nope", "intents": 0}})
    closed_with(ws, 4004)


@pytest.mark.parametrize("intents", [None, -1, "3", 3.0, True, 1 << 7, (1 << 7) | (1 << 6), 2**70])
def test_bad_intents_are_4013(ws: ClientConnection, intents: Any) -> None:
    d: dict[str, Any] = {"token": TOKEN}
    if intents is not None:
        d["intents"] = intents
    send(ws, {"op": 4, "d": d})
    closed_with(ws, 4013)


@pytest.mark.parametrize(("token", "intents"), [(TOKEN, 1 << 6), (TOKEN, 0b1111111), (BOT, 127)])
def test_the_internal_intent_of_anyone_but_kettu_is_4014(
    ws: ClientConnection, token: str, intents: int
) -> None:
    send(ws, {"op": 4, "d": {"token": token, "intents": intents}})
    assert closed_with(ws, 4014) == "disallowed intents: only Kettu may use the INTERNAL intent"


@pytest.mark.parametrize("properties", ["", "linux", None, 5, {"os": "linux"}])
def test_identify_properties_may_be_any_value(ws: ClientConnection, properties: Any) -> None:
    send(ws, {"op": 4, "d": {"token": TOKEN, "intents": 0, "properties": properties}})
    assert receive(ws)["t"] == "READY"


def test_a_shard_identifier_as_kdjs_sends_it_is_echoed(ws: ClientConnection) -> None:
    identifier = "Njk4MDM4MTQ4MDU1MzAyMTc0LjAuMQ=="
    send(ws, {"op": 4, "d": {"token": KETTU, "intents": 127, "properties": "", "shard": identifier}})
    assert receive(ws)["d"]["shard"] == identifier


@pytest.mark.parametrize("extra", [{"shard": [1, 1]}, {"shard": [0]}, {"shard": "not base64!"}, {"shard": 5}])
def test_bad_identify_properties_or_shard_are_4000(ws: ClientConnection, extra: dict[str, Any]) -> None:
    send(ws, {"op": 4, "d": {"token": TOKEN, "intents": 0, **extra}})
    closed_with(ws, 4000)


def test_a_client_dispatch_after_identify_is_4000(ws: ClientConnection) -> None:
    identify(ws)
    send(ws, {"op": 0, "d": {}, "t": "MESSAGE"})
    closed_with(ws, 4000)


@pytest.mark.parametrize("d", ["1", -2, True, [1], {"seq": 1}])
def test_a_heartbeat_with_a_bad_seq_is_4000(ws: ClientConnection, d: Any) -> None:
    send(ws, {"op": 1, "d": d})
    closed_with(ws, 4000)


def test_api_version_other_than_4_is_4012(running: RunningServer) -> None:
    for query in ("?v=3", "?v=4&v=5", "?v=", "?v=%0d%0a"):
        with open_gateway(running, query) as ws:
            closed_with(ws, 4012)


def start_session(running: RunningServer, token: str = TOKEN, intents: int = 0b10) -> tuple[str, int]:
    """Identify on a new connection, close it from the client side; the session id and last seq."""
    with open_gateway(running) as ws:
        receive(ws)
        ready = identify(ws, token, intents)
    return ready["d"]["session_id"], 1


def resume(ws: ClientConnection, session_id: Any, seq: Any, token: str = TOKEN) -> None:
    send(ws, {"op": 5, "d": {"token": token, "session_id": session_id, "seq": seq}})


def test_resume_with_seq_0_replays_ready_then_resumed(running: RunningServer, ws: ClientConnection) -> None:
    session_id, _ = start_session(running)
    resume(ws, session_id, 0)
    ready = receive(ws)
    assert ready["t"] == "READY" and ready["s"] == 1 and ready["d"]["session_id"] == session_id
    resumed = receive(ws)
    assert resumed["op"] == 0 and resumed["t"] == "RESUMED" and resumed["s"] == 2
    send(ws, {"op": 1, "d": 2})
    assert receive(ws) == {"op": 1, "a": True}


def test_resume_replays_what_happened_while_away(running: RunningServer, ws: ClientConnection) -> None:
    session_id, seq = start_session(running, OTHER)
    changed = rest(running, "PATCH", "/v4/users/@me", OTHER, json={"profile": {"bio": "away"}})
    assert changed.status_code == 200
    resume(ws, session_id, seq, OTHER)
    update = receive(ws)
    assert update["t"] == "USER_UPDATE" and update["s"] == 2 and update["d"]["profile"]["bio"] == "away"
    assert receive(ws)["t"] == "RESUMED"


def test_user_update_reaches_sessions_with_the_users_intent_only(running: RunningServer) -> None:
    with open_gateway(running) as wants, open_gateway(running) as ignores:
        receive(wants), receive(ignores)
        identify(wants, THIRD, 0b10)
        identify(ignores, THIRD, 0b01)
        changed = rest(running, "PATCH", "/v4/users/@me", THIRD, json={"profile": {"bio": "live"}})
        assert changed.status_code == 200
        update = receive(wants)
        assert update["t"] == "USER_UPDATE" and update["s"] == 2 and update["d"]["profile"]["bio"] == "live"
        send(ignores, {"op": 1, "d": 1})
        assert receive(ignores) == {"op": 1, "a": True}


def test_resume_takes_the_session_over_from_an_open_connection(running: RunningServer) -> None:
    with open_gateway(running) as first, open_gateway(running) as second:
        receive(first), receive(second)
        session_id = identify(first)["d"]["session_id"]
        resume(second, session_id, 1)
        assert receive(second)["t"] == "RESUMED"
        closed_with(first, 4000)


def test_resume_with_a_seq_ahead_is_4007(running: RunningServer, ws: ClientConnection) -> None:
    session_id, seq = start_session(running)
    resume(ws, session_id, seq + 5)
    closed_with(ws, 4007)


@pytest.mark.parametrize("seq", [-1, "1", None, True])
def test_resume_with_a_malformed_seq_is_4007(ws: ClientConnection, seq: Any) -> None:
    resume(ws, "0" * 32, seq)
    closed_with(ws, 4007)


@pytest.mark.parametrize("session_id", ["0" * 32, 5, None, "<script>"])
def test_resume_of_an_unknown_session_is_4009(ws: ClientConnection, session_id: Any) -> None:
    resume(ws, session_id, 0)
    closed_with(ws, 4009)


def test_resume_of_another_users_session_is_4009(running: RunningServer, ws: ClientConnection) -> None:
    session_id, _ = start_session(running, TOKEN)
    resume(ws, session_id, 0, OTHER)
    closed_with(ws, 4009)


def test_resume_with_a_bad_token_is_4004(running: RunningServer, ws: ClientConnection) -> None:
    session_id, _ = start_session(running)
    resume(ws, session_id, 0, "nope")
    closed_with(ws, 4004)


def test_resume_after_identify_is_4005(running: RunningServer, ws: ClientConnection) -> None:
    session_id, _ = start_session(running)
    identify(ws)
    resume(ws, session_id, 0)
    closed_with(ws, 4005)


@pytest.mark.parametrize(
    ("ending", "code"),
    [
        ({"op": 4, "d": {"token": "nope", "intents": 0}}, 4004),
        ({"op": 4, "d": {"token": TOKEN, "intents": 0}}, 4005),
    ],
)
def test_only_some_close_codes_end_the_session(
    running: RunningServer, ending: dict[str, Any], code: int
) -> None:
    with open_gateway(running) as ws:
        receive(ws)
        session_id = identify(ws)["d"]["session_id"]
        send(ws, ending)
        closed_with(ws, code)
    with open_gateway(running) as ws:
        receive(ws)
        resume(ws, session_id, 1)
        if code == 4004:
            closed_with(ws, 4009)
        else:
            assert receive(ws)["t"] == "RESUMED"


def test_an_unknown_websocket_path_is_refused_with_404(running: RunningServer) -> None:
    with pytest.raises(InvalidStatus) as caught:
        open_gateway(running, "", "/nowhere")
    response = caught.value.response
    assert response.status_code == 404
    assert json.loads(response.body)["code"] == 0


def test_a_frame_over_the_size_limit_closes_without_a_crash(
    running: RunningServer, ws: ClientConnection
) -> None:
    ws.send(json.dumps({"op": 1, "d": None, "pad": "x" * 200_000}))
    with pytest.raises(ConnectionClosed) as caught:
        while True:
            ws.recv(timeout=5)
    assert caught.value.rcvd is not None and caught.value.rcvd.code == 1009, "closed by the WebSocket layer"
    with open_gateway(running) as again:
        assert receive(again)["op"] == 3


def test_a_resume_with_a_bad_seq_ends_the_session(running: RunningServer) -> None:
    """4007 ends the session it names: the next resume of it is 4009."""
    session_id, seq = start_session(running)
    with open_gateway(running) as ws:
        receive(ws)
        resume(ws, session_id, seq + 5)
        closed_with(ws, 4007)
    with open_gateway(running) as ws:
        receive(ws)
        resume(ws, session_id, seq)
        closed_with(ws, 4009)


def test_close_reasons_carry_the_detail(ws: ClientConnection) -> None:
    ws.send(b"\x01\x02")
    assert closed_with(ws, 4002) == "decode error: binary frame"


def test_an_op_of_5000_digits_is_4002_not_a_dropped_connection(ws: ClientConnection) -> None:
    ws.send('{"op": ' + "9" * 5000 + ', "d": null}')
    reason = closed_with(ws, 4002)
    assert reason.startswith("decode error: ")


def test_every_frame_the_server_sends_has_a_string_t_unless_op_1_or_3(running: RunningServer) -> None:
    """kdjs reads ``packet.t.split`` for every opcode but 1 and 3: the server sends no other kind."""
    with open_gateway(running) as ws:
        frames = [receive(ws)]
        send(ws, {"op": 1, "d": None})
        frames.append(receive(ws))
        send(ws, {"op": 4, "d": {"token": KETTU, "intents": 127, "properties": ""}})
        frames.append(receive(ws))
        assert (
            rest(running, "PATCH", "/v4/users/@me", OTHER, json={"profile": {"bio": "t"}}).status_code == 200
        )
        frames.append(receive(ws))
    assert [frame["op"] for frame in frames] == [3, 1, 0, 0]
    assert all(isinstance(frame.get("t"), str) for frame in frames if frame["op"] not in (1, 3))


@pytest.mark.parametrize("token", ["\\ud800", "a\\udfff"])
def test_a_lone_surrogate_in_a_token_is_4004(ws: ClientConnection, token: str) -> None:
    ws.send('{"op": 4, "d": {"token": "' + token + '", "intents": 0}}')
    closed_with(ws, 4004)


def _mutations(seed: int, count: int) -> list[str]:
    """Malformed and odd frames, derived from a valid identify with a fixed seed."""
    rng = random.Random(seed)
    valid = json.dumps({"op": 4, "d": {"token": TOKEN, "intents": 3, "properties": {"os": "x"}}})
    fixed = [
        '{"op": ' + "9" * 5000 + "}",
        '{"op": 1e400}',
        '{"op": -0.0}',
        '{"op": NaN}',
        "[" * 5000 + "]" * 5000,
        '{"op": 4, "d": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"op": 4, "d": {"token": "\\ud800", "intents": 0}}',
        '{"op": 5, "d": {"token": "' + TOKEN + '", "session_id": "\\udfff", "seq": 0}}',
        '{"op": 4, "d": {"token": "' + TOKEN + '", "intents": ' + "1" * 4400 + "}}",
        '{"op": 1, "d": ' + "7" * 4400 + "}",
        "\ufeff{}",
        "",
    ]
    frames = list(fixed)
    while len(frames) < count:
        text = list(valid)
        for _ in range(rng.randint(1, 4)):
            where = rng.randrange(len(text))
            choice = rng.random()
            if choice < 0.4:
                text[where] = rng.choice('{}[]":,0123456789-eE.\\ ntfu')
            elif choice < 0.7:
                del text[where]
            else:
                text.insert(where, rng.choice('{}[]":,9\\'))
        frames.append("".join(text))
    return frames


@pytest.mark.parametrize("frame", _mutations(20261204, 60))
def test_malformed_frames_get_a_catalog_close_code_or_an_answer(running: RunningServer, frame: str) -> None:
    """Whatever a client sends, the server answers with a frame or closes with one of its codes."""
    with open_gateway(running) as ws:
        receive(ws)
        ws.send(frame)
        try:
            answer = receive(ws)
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, f"dropped without a close frame after {frame[:80]!r}"
            assert closed.rcvd.code in CLOSE_TITLES, (closed.rcvd.code, frame[:80])
        else:
            assert answer["op"] in (0, 1), answer
