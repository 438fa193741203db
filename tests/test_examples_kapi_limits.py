"""kAPI reference server: rate limits shared by REST and gateway, heartbeat deadlines, resume windows."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from support.servers import RunningServer, server
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

LIMIT = 5
TOKENS = [f"limit-token-{n}" for n in range(6)]


@pytest.fixture(scope="module")
def limited() -> Iterator[RunningServer]:
    options = [item for token in TOKENS for item in ("--bot-token", token)]
    with server("kapi", *options, "--rate-limit", str(LIMIT)) as running:
        yield running


@pytest.fixture(scope="module")
def hasty() -> Iterator[RunningServer]:
    options = ("--bot-token", TOKENS[0], "--heartbeat-interval", "300", "--resume-window", "0.8")
    with server("kapi", *options) as running:
        yield running


def get(running: RunningServer, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bot {token}"} if token is not None else {}
    return httpx.get(f"http://{running.host}:{running.port}{path}", headers=headers, timeout=10)


@contextmanager
def gateway(running: RunningServer) -> Iterator[ClientConnection]:
    with connect(f"ws://{running.host}:{running.port}/gateway?v=4", open_timeout=5) as ws:
        assert receive(ws)["op"] == 3
        yield ws


def receive(ws: ClientConnection, timeout: float = 5) -> dict[str, Any]:
    message = ws.recv(timeout=timeout)
    assert isinstance(message, str)
    frame: dict[str, Any] = json.loads(message)
    return frame


def close_code(ws: ClientConnection, timeout: float = 5) -> int:
    with pytest.raises(ConnectionClosed) as caught:
        while True:
            ws.recv(timeout=timeout)
    assert caught.value.rcvd is not None, "no close frame"
    return caught.value.rcvd.code


def test_over_the_limit_is_429_with_retry_after(limited: RunningServer) -> None:
    token = TOKENS[0]
    remaining = [get(limited, "/v4/users/@me", token) for _ in range(LIMIT)]
    assert [r.status_code for r in remaining] == [200] * LIMIT
    assert [int(r.headers["x-ratelimit-remaining"]) for r in remaining] == list(range(LIMIT - 1, -1, -1))
    over = get(limited, "/v4/users/@me", token)
    assert over.status_code == 429
    body = over.json()
    assert body["code"] == 0 and isinstance(body["message"], str)
    assert 0 < body["retry_after"] <= 10
    retry_header = int(over.headers["retry-after"])
    assert retry_header == max(1, math.ceil(body["retry_after"]))
    assert over.headers["x-ratelimit-remaining"] == "0"
    assert over.headers["x-ratelimit-limit"] == str(LIMIT)
    assert get(limited, "/v4/users/@me", TOKENS[1]).status_code == 200, "another token has its own bucket"


def test_clients_without_a_token_share_a_bucket_per_address(limited: RunningServer) -> None:
    codes = [get(limited, "/v4/users/@me", None).json()["code"] for _ in range(LIMIT)]
    codes += [get(limited, "/v4/users/@me", "wrong").json()["code"] for _ in range(2)]
    assert codes[:LIMIT] == [40006] * LIMIT
    assert codes[LIMIT:] == [0, 0], "guessing tokens is rate limited too"


def test_rest_and_gateway_share_the_bucket_of_a_token(limited: RunningServer) -> None:
    token = TOKENS[2]
    for _ in range(LIMIT - 1):
        assert get(limited, "/v4/gateway", token).status_code == 200
    with gateway(limited) as ws:
        ws.send(json.dumps({"op": 4, "d": {"token": token, "intents": 0}}))
        assert receive(ws)["t"] == "READY"
        ws.send(json.dumps({"op": 1, "d": 1}))
        assert close_code(ws) == 4008
        assert get(limited, "/v4/users/@me", token).status_code == 429


def test_gateway_messages_are_limited(limited: RunningServer) -> None:
    with gateway(limited) as ws:
        ws.send(json.dumps({"op": 4, "d": {"token": TOKENS[3], "intents": 0}}))
        assert receive(ws)["t"] == "READY"
        for _ in range(LIMIT - 1):
            ws.send(json.dumps({"op": 1, "d": 1}))
            assert receive(ws) == {"op": 1, "a": True}
        ws.send(json.dumps({"op": 1, "d": 1}))
        assert close_code(ws) == 4008


def test_a_session_closed_for_the_rate_limit_can_be_resumed_later(limited: RunningServer) -> None:
    token = TOKENS[4]
    with gateway(limited) as ws:
        ws.send(json.dumps({"op": 4, "d": {"token": token, "intents": 0}}))
        session_id = receive(ws)["d"]["session_id"]
        for _ in range(LIMIT):
            ws.send(json.dumps({"op": 1, "d": 1}))
        assert close_code(ws) == 4008
        reset_after = float(get(limited, "/v4/users/@me", TOKENS[5]).headers["x-ratelimit-reset-after"])
        assert reset_after > 0
    with gateway(limited) as again:
        again.send(json.dumps({"op": 5, "d": {"token": token, "session_id": session_id, "seq": 1}}))
        assert close_code(again) == 4008, "still over the limit: the session is not ended by it"


def test_no_heartbeat_in_time_is_4009_and_ends_the_session(hasty: RunningServer) -> None:
    with gateway(hasty) as ws:
        ws.send(json.dumps({"op": 4, "d": {"token": TOKENS[0], "intents": 0}}))
        session_id = receive(ws)["d"]["session_id"]
        started = time.monotonic()
        assert close_code(ws) == 4009
        assert 0.3 <= time.monotonic() - started < 3
    with gateway(hasty) as again:
        again.send(json.dumps({"op": 5, "d": {"token": TOKENS[0], "session_id": session_id, "seq": 1}}))
        assert close_code(again) == 4009


def test_heartbeats_keep_the_connection_open(hasty: RunningServer) -> None:
    with gateway(hasty) as ws:
        for seq in range(6):
            time.sleep(0.2)
            ws.send(json.dumps({"op": 1, "d": seq or None}))
            assert receive(ws) == {"op": 1, "a": True}
        ws.close()


def test_a_session_is_resumable_within_the_window_only(hasty: RunningServer) -> None:
    def closed_session() -> str:
        with gateway(hasty) as ws:
            ws.send(json.dumps({"op": 4, "d": {"token": TOKENS[0], "intents": 0}}))
            session_id: str = receive(ws)["d"]["session_id"]
            ws.close()
            return session_id

    with gateway(hasty) as soon:
        soon.send(json.dumps({"op": 5, "d": {"token": TOKENS[0], "session_id": closed_session(), "seq": 1}}))
        assert receive(soon)["t"] == "RESUMED"
        soon.close()
    late_id = closed_session()
    time.sleep(1.0)
    with gateway(hasty) as late:
        late.send(json.dumps({"op": 5, "d": {"token": TOKENS[0], "session_id": late_id, "seq": 1}}))
        assert close_code(late) == 4009


def test_gateway_connections_per_address_are_bounded() -> None:
    with server("kapi", "--max-gateway-per-address", "3") as running:
        with gateway(running) as one, gateway(running) as two, gateway(running) as three:
            with connect(f"ws://{running.host}:{running.port}/gateway?v=4", open_timeout=5) as fourth:
                assert close_code(fourth) == 4008
            for ws in (one, two, three):
                ws.send(json.dumps({"op": 1, "d": None}))
                assert receive(ws) == {"op": 1, "a": True}
        with gateway(running) as again:
            again.send(json.dumps({"op": 1, "d": None}))
            assert receive(again) == {"op": 1, "a": True}
