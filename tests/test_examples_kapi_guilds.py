"""kAPI reference server: guilds, members and cases, their permissions, and the dispatches they send."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from support.servers import RunningServer, server
from websockets.sync.client import ClientConnection, connect

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

GUILD, ELSEWHERE, UNKNOWN = "685932693908881408", "690006253027721231", "111111111111111111"
USER, KETTU, MOD, OUTSIDER, PLAIN = "g-user", "g-kettu", "g-mod", "g-outsider", "g-plain"
MODERATOR = "281665697593950209"
GUILDS, GUILD_CASES, GUILD_MEMBERS = 1 << 2, 1 << 3, 1 << 4


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options: tuple[str, ...] = (
        "--user-token",
        USER,
        "--kettu-token",
        KETTU,
        "--guild",
        GUILD,
        "--guild",
        ELSEWHERE,
    )
    options += ("--bot-token", f"{MOD}:MANAGE_GUILDS,{GUILD}", "--bot-token", f"{OUTSIDER}:MANAGE_GUILDS")
    options += ("--bot-token", f"{PLAIN}:{GUILD}", "--rate-limit", "100000")
    with server("kapi", *options) as running:
        yield running


@pytest.fixture
def client(running: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{running.host}:{running.port}/v4", timeout=10) as client:
        yield client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"{'Bearer' if token == USER else 'Bot'} {token}"}


def error_of(response: httpx.Response, http: int, code: int) -> dict[str, Any]:
    assert response.status_code == http, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


@contextmanager
def session(running: RunningServer, token: str, intents: int) -> Iterator[ClientConnection]:
    """A gateway session of ``token`` with ``intents``, READY already read."""
    with connect(f"ws://{running.host}:{running.port}/gateway?v=4", open_timeout=5) as ws:
        assert json.loads(ws.recv(timeout=5))["op"] == 3
        ws.send(json.dumps({"op": 4, "d": {"token": token, "intents": intents, "properties": ""}}))
        assert json.loads(ws.recv(timeout=5))["t"] == "READY"
        yield ws


def dispatch(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=5))
    assert frame["op"] == 0 and isinstance(frame["t"], str)
    return frame


def quiet(ws: ClientConnection) -> None:
    """Nothing was dispatched: the next frame is the ack of a heartbeat."""
    ws.send(json.dumps({"op": 1, "d": None}))
    assert json.loads(ws.recv(timeout=5)) == {"op": 1, "a": True}


def test_kettu_reads_a_guild_with_its_own_config(client: httpx.Client) -> None:
    guild = client.get(f"/guilds/{GUILD}", headers=auth(KETTU)).json()
    assert (
        guild["id"] == GUILD
        and guild["config"]["prefix"] == "k>"
        and isinstance(guild["nextCaseNumber"], int)
    )
    assert {"logs", "mod", "roles", "social", "raidmode", "boost"} <= set(guild["config"])


@pytest.mark.parametrize(
    ("token", "guild", "http", "code"),
    [
        (KETTU, UNKNOWN, 404, 10002),
        (MOD, UNKNOWN, 403, 50001),
        (OUTSIDER, GUILD, 403, 50001),
        (USER, GUILD, 403, 50001),
        (PLAIN, GUILD, 403, 50002),
    ],
)
def test_guild_access(client: httpx.Client, token: str, guild: str, http: int, code: int) -> None:
    error_of(client.get(f"/guilds/{guild}", headers=auth(token)), http, code)


def test_a_bot_reads_a_guild_it_is_allowed_in(client: httpx.Client) -> None:
    assert client.get(f"/guilds/{GUILD}", headers=auth(MOD)).status_code == 200
    error_of(client.get(f"/guilds/{GUILD}?instance=abc", headers=auth(MOD)), 400, 50003)


def test_a_prefix_change_is_dispatched_to_guilds_sessions(
    client: httpx.Client, running: RunningServer
) -> None:
    with session(running, KETTU, GUILDS) as hears, session(running, KETTU, GUILD_CASES) as deaf:
        changed = client.patch(f"/guilds/{ELSEWHERE}", json={"prefix": "k!"}, headers=auth(KETTU))
        assert changed.status_code == 200 and changed.json()["config"]["prefix"] == "k!"
        update = dispatch(hears)
        assert update["t"] == "GUILD_UPDATE" and update["d"]["id"] == ELSEWHERE
        assert any(config["prefix"] == "k!" for config in update["d"]["configs"].values())
        quiet(deaf)
    for prefix in ("has space", "x" * 33, "", 5):
        error_of(
            client.patch(f"/guilds/{ELSEWHERE}", json={"prefix": prefix}, headers=auth(KETTU)), 400, 50004
        )
    error_of(client.patch(f"/guilds/{ELSEWHERE}", json={"colour": 1}, headers=auth(KETTU)), 400, 50004)


def test_a_guild_is_audited_once(client: httpx.Client) -> None:
    first = client.post(f"/guilds/{ELSEWHERE}/audit", headers=auth(KETTU))
    assert first.status_code == 204
    error_of(client.post(f"/guilds/{ELSEWHERE}/audit", headers=auth(KETTU)), 400, 0)
    assert client.get(f"/guilds/{ELSEWHERE}", headers=auth(KETTU)).json()["audit"]["audited"] == 0


def test_members_default_then_sync_and_boost(client: httpx.Client, running: RunningServer) -> None:
    member = client.get(f"/guilds/{GUILD}/members/{MODERATOR}", headers=auth(MOD)).json()
    assert member["default"] is True and member["strikes"] == 0
    error_of(client.get(f"/guilds/{GUILD}/members/nobody", headers=auth(MOD)), 404, 10003)
    error_of(client.patch(f"/guilds/{GUILD}/members/{MODERATOR}", json={}, headers=auth(MOD)), 403, 50002)
    with session(running, KETTU, GUILD_MEMBERS) as ws:
        synced = client.patch(
            f"/guilds/{GUILD}/members/{MODERATOR}",
            json={"nickname": "fox", "premium_since": 5},
            headers=auth(KETTU),
        )
        assert (
            synced.status_code == 200
            and synced.json()["nickname"] == "fox"
            and "default" not in synced.json()
        )
        assert [dispatch(ws)["t"], dispatch(ws)["t"]] == ["GUILD_MEMBER_UPDATE", "GUILD_MEMBER_BOOST"]
    error_of(
        client.patch(f"/guilds/{GUILD}/members/{MODERATOR}", json={"nick": 1}, headers=auth(KETTU)),
        400,
        50004,
    )


def test_cases_are_created_reserved_listed_changed_and_deleted(
    client: httpx.Client, running: RunningServer
) -> None:
    cases = f"/guilds/{GUILD}/cases"
    with session(running, KETTU, GUILD_CASES) as ws, session(running, MOD, GUILD_CASES) as bot:
        key = client.post(cases + "/reserve", headers=auth(KETTU)).json()
        headers = {**auth(KETTU), "X-Simulating": MODERATOR}
        body = {
            "type": "mute",
            "reason": "spam",
            "user_id": MODERATOR,
            "user_dm": True,
            "strikes": 2,
            "time": 60000,
        }
        made = client.post(cases, json=body, headers=headers)
        assert made.status_code == 201, made.text
        case = made.json()
        assert case["moderator_id"] == MODERATOR and case["guild_id"] == GUILD and case["strikes"] == 2
        assert dispatch(ws)["t"] == "GUILD_CASE_CREATE" and dispatch(bot)["d"]["id"] == case["id"]
        kept = client.post(f"{cases}?key={key['key']}", json={"type": "lockserver"}, headers=auth(MOD))
        assert kept.status_code == 201 and kept.json()["id"] == key["case_id"]
        assert kept.json()["moderator_id"] != MODERATOR
        dispatch(ws), dispatch(bot)
        assert len(client.get(cases, headers=auth(KETTU)).json()) == 2
        assert [c["id"] for c in client.get(f"{cases}?type=mute", headers=auth(KETTU)).json()] == [case["id"]]
        assert client.get(f"{cases}?moderator={MODERATOR}&limit=1&page=0", headers=auth(KETTU)).json() == [
            case
        ]
        assert client.get(f"{cases}?limit=1&page=5", headers=auth(KETTU)).json() == []
        assert client.get(f"{cases}/{case['id']}", headers=auth(KETTU)).json() == case
        changed = client.patch(f"{cases}/{case['id']}", json={"reason": "again"}, headers=auth(KETTU))
        assert changed.json()["reason"] == "again" and dispatch(ws)["t"] == "GUILD_CASE_UPDATE"
        member = client.get(f"/guilds/{GUILD}/members/{MODERATOR}", headers=auth(KETTU)).json()
        assert member["strikes"] == 2
        deleted = client.delete(f"{cases}/{case['id']}", headers=auth(KETTU))
        assert deleted.status_code == 200 and deleted.json()["id"] == case["id"]
        assert dispatch(ws)["t"] == "GUILD_CASE_DELETE"
        error_of(client.get(f"{cases}/{case['id']}", headers=auth(KETTU)), 404, 0)


@pytest.mark.parametrize(
    "body",
    [
        {"type": "hug"},
        {"reason": "no type"},
        {"type": "ban"},
        {"type": "purge"},
        {"type": "kick", "user_id": "x"},
        {"type": "strike", "id": 5},
        {"type": "strike", "moderator_id": MODERATOR},
        {"type": "strike", "strikes": -1},
        {"type": "strike", "log": {"channel_id": "1"}},
    ],
)
def test_a_bad_case_is_50004(client: httpx.Client, body: dict[str, Any]) -> None:
    error_of(client.post(f"/guilds/{GUILD}/cases", json=body, headers=auth(KETTU)), 400, 50004)


@pytest.mark.parametrize("query", ["limit=0", "limit=x", "page=-1", "type=hug", "moderator=me"])
def test_a_bad_case_query_is_50003(client: httpx.Client, query: str) -> None:
    error_of(client.get(f"/guilds/{GUILD}/cases?{query}", headers=auth(KETTU)), 400, 50003)


def test_a_case_key_that_was_not_reserved_is_50003(client: httpx.Client) -> None:
    url = f"/guilds/{GUILD}/cases?key=forged"
    error_of(client.post(url, json={"type": "strike"}, headers=auth(KETTU)), 400, 50003)


def test_a_bot_hears_only_its_guilds(client: httpx.Client, running: RunningServer) -> None:
    with session(running, MOD, GUILD_CASES) as bot:
        assert (
            client.post(
                f"/guilds/{ELSEWHERE}/cases", json={"type": "strike"}, headers=auth(KETTU)
            ).status_code
            == 201
        )
        quiet(bot)


GUILD_ROUTES = [
    ("GET", ""),
    ("PATCH", ""),
    ("POST", "/audit"),
    ("GET", f"/members/{MODERATOR}"),
    ("PATCH", f"/members/{MODERATOR}"),
    ("GET", "/cases"),
    ("POST", "/cases"),
    ("POST", "/cases/reserve"),
    ("GET", "/cases/1"),
    ("PATCH", "/cases/1"),
    ("DELETE", "/cases/1"),
]


@pytest.mark.parametrize(("method", "suffix"), GUILD_ROUTES)
@pytest.mark.parametrize(
    ("token", "guild", "http", "code"),
    [(KETTU, UNKNOWN, 404, 10002), (OUTSIDER, GUILD, 403, 50001), (PLAIN, GUILD, 403, 50002)],
)
def test_every_guild_route_checks_permission_access_and_existence(
    client: httpx.Client, method: str, suffix: str, token: str, guild: str, http: int, code: int
) -> None:
    if method == "PATCH" and "members" in suffix and token == OUTSIDER:
        code = 50002  # syncing a member needs KETTU before anything else
    response = client.request(method, f"/guilds/{guild}{suffix}", json={}, headers=auth(token))
    error_of(response, http, code)


@pytest.mark.parametrize(
    ("method", "suffix"), [("PATCH", ""), ("POST", "/cases"), ("PATCH", f"/members/{MODERATOR}")]
)
def test_guild_bodies_must_be_json(client: httpx.Client, method: str, suffix: str) -> None:
    headers = {**auth(KETTU), "Content-Type": "text/plain"}
    error_of(client.request(method, f"/guilds/{GUILD}{suffix}", content=b"{}", headers=headers), 400, 50005)


def test_the_rest_of_the_guild_answers(client: httpx.Client) -> None:
    k = auth(KETTU)
    error_of(
        client.patch(f"/guilds/{GUILD}?instance=me", json={"prefix": "k"}, headers=auth(MOD)), 400, 50003
    )
    error_of(client.patch(f"/guilds/{GUILD}/members/nobody", json={}, headers=k), 404, 10003)
    error_of(client.patch(f"/guilds/{GUILD}/cases/99999", json={}, headers=k), 404, 0)
    error_of(client.delete(f"/guilds/{GUILD}/cases/99999", headers=k), 404, 0)
    case = client.post(f"/guilds/{GUILD}/cases", json={"type": "strike"}, headers=k).json()
    url = f"/guilds/{GUILD}/cases/{case['id']}"
    error_of(client.patch(url, json={"type": "ban"}, headers=k), 400, 50004)
    error_of(client.patch(url, content=b"{}", headers={**k, "Content-Type": "text/plain"}), 400, 50005)
    error_of(
        client.request("DELETE", url, content=b"{", headers={**k, "Content-Type": "application/json"}),
        400,
        50004,
    )
    error_of(
        client.request("DELETE", url, content=b"{}", headers={**k, "Content-Type": "text/plain"}), 400, 50005
    )
    assert client.delete(url, headers=k).status_code == 200


def test_reading_a_guild_for_another_instance_stores_nothing(client: httpx.Client) -> None:
    before = client.get(f"/guilds/{GUILD}", headers=auth(KETTU)).json()["configs"]
    for n in range(5):
        shown = client.get(f"/guilds/{GUILD}?instance=30000000000000000{n}", headers=auth(MOD)).json()
        assert shown["config"]["prefix"] == "k>"
    assert client.get(f"/guilds/{GUILD}", headers=auth(KETTU)).json()["configs"] == before


def test_a_case_meta_over_4_kib_is_50004(client: httpx.Client) -> None:
    body = {"type": "purge", "channel_id": MODERATOR, "meta": {"messages": ["1" * 18] * 300}}
    error_of(client.post(f"/guilds/{GUILD}/cases", json=body, headers=auth(KETTU)), 400, 50004)
