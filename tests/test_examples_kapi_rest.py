"""kAPI reference server: the REST API under /v4 (clients, users, the store, images, MFA, errors).

Spoken to over real HTTP with httpx. Guilds, members and cases are in ``test_examples_kapi_guilds``.
"""

from __future__ import annotations

import json
import random
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.servers import RunningServer, server

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

TOKEN, OTHER = "rest-token-1", "rest-token-2"
KETTU, BOT, READER, OWNER = "rest-kettu", "rest-fiber", "rest-reader", "rest-owner"
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-reset-after")
CATEGORIES = ("boop", "hug", "kiss", "lick", "nom", "nuzzle", "pat", "pounce", "snuggle")
IMAGE_KEYS = {"id", "category", "direct", "source", "artist", "notes", "tags", "feedback", "added_by"}


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options: tuple[str, ...] = (
        "--token",
        TOKEN,
        "--user-token",
        OTHER,
        "--kettu-token",
        KETTU,
        "--bot-token",
        BOT,
    )
    options += ("--bot-token", f"{READER}:READ_IMAGES,READ_USERS", "--bot-token", f"{OWNER}:OWNER")
    with server("kapi", *options, "--debug-routes", "--rate-limit", "100000") as running:
        yield running


@pytest.fixture
def client(running: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10) as client:
        yield client


def auth(token: str = TOKEN, scheme: str | None = None) -> dict[str, str]:
    if scheme is None:
        scheme = "Bot" if token in (KETTU, BOT, READER, OWNER) else "Bearer"
    return {"Authorization": f"{scheme} {token}"}


def error_of(response: httpx.Response, http: int, code: int) -> dict[str, Any]:
    """Assert an error reply of the contract: HTTP status, JSON ``{"code", "message"}``."""
    assert response.status_code == http, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) >= {"code", "message"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    return body


def user_id(client: httpx.Client, token: str) -> str:
    found: str = client.get("/v4/users/@me", headers=auth(token)).json()["id"]
    return found


def test_gateway_url_comes_from_the_request(client: httpx.Client, running: RunningServer) -> None:
    response = client.get("/v4/gateway", headers=auth())
    assert response.status_code == 200
    assert response.json() == {"url": f"ws://{running.host}:{running.port}/gateway"}
    named = client.get("/v4/gateway", headers={**auth(), "Host": "kettu.example:8443"})
    assert named.json() == {"url": "ws://kettu.example:8443/gateway"}


def test_gateway_url_ignores_a_hostile_host_header(client: httpx.Client, running: RunningServer) -> None:
    response = client.get("/v4/gateway", headers={**auth(), "Host": "<script>x</script>"})
    assert response.json() == {"url": f"ws://{running.host}:{running.port}/gateway"}


# -- clients ---------------------------------------------------------------------------------------


def test_each_kind_of_client_sees_itself_without_a_token(client: httpx.Client) -> None:
    user = client.get("/v4/users/@me", headers=auth()).json()
    assert user["type"] == "user" and user["perms"] == (1 << 11) | (1 << 12) | (1 << 13)
    assert {"flags", "profile", "settings", "votes", "allowed_ips"} <= set(user)
    bot = client.get("/v4/users/@me", headers=auth(BOT)).json()
    assert bot["type"] == "bot" and bot["perms"] == 0 and "name" in bot and bot["allowed_guilds"] == []
    kettu = client.get("/v4/users/@me", headers=auth(KETTU))
    assert kettu.json()["type"] == "kettu" and kettu.json()["perms"] == 1 << 2
    assert {"default_prefix", "options", "secrets", "blacklist"} <= set(kettu.json())
    assert all(token not in kettu.text for token in (TOKEN, KETTU, BOT))
    assert len({user["id"], bot["id"], kettu.json()["id"]}) == 3


def test_a_user_token_also_works_from_the_sess_cookie(client: httpx.Client) -> None:
    response = client.get("/v4/users/@me", headers={"Cookie": f"sess={TOKEN}"})
    assert response.status_code == 200 and response.json()["id"] == user_id(client, TOKEN)
    error_of(client.get("/v4/users/@me", headers={"Cookie": f"sess={KETTU}"}), 401, 40002)


def test_missing_authorization_is_40006(client: httpx.Client) -> None:
    error_of(client.get("/v4/users/@me"), 401, 40006)
    error_of(client.get("/v4/users/@me", headers={"Authorization": ""}), 401, 40006)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nope",
        "Bot nope",
        "Basic cmVzdA==",
        TOKEN,
        "Bearer",
        "bearer  nope x",
        f"Bot {TOKEN}",
        f"Bearer {KETTU}",
        f"Bearer {BOT}",
    ],
)
def test_a_bad_token_or_the_other_scheme_is_40002(client: httpx.Client, header: str) -> None:
    error_of(client.get("/v4/users/@me", headers={"Authorization": header}), 401, 40002)


def test_a_blacklisted_user_is_40001(client: httpx.Client) -> None:
    kettu = user_id(client, KETTU)
    listed = client.patch(
        f"/v4/users/{kettu}", json={"blacklist": [user_id(client, OTHER)]}, headers=auth(OWNER)
    )
    assert listed.status_code == 200, listed.text
    try:
        error_of(client.get("/v4/users/@me", headers=auth(OTHER)), 403, 40001)
        assert client.get("/v4/users/@me", headers=auth()).status_code == 200
    finally:
        cleared = client.patch(f"/v4/users/{kettu}", json={"blacklist": []}, headers=auth(OWNER))
        assert cleared.status_code == 200
    assert client.get("/v4/users/@me", headers=auth(OTHER)).status_code == 200


@pytest.mark.parametrize(
    ("token", "target", "why"),
    [
        (TOKEN, "281665697593950209", "only Kettu"),
        (BOT, "281665697593950209", "only Kettu"),
        (KETTU, "not-a-user", "snowflake"),
    ],
)
def test_a_bad_simulation_target_is_40005(client: httpx.Client, token: str, target: str, why: str) -> None:
    other = user_id(client, OTHER)
    body = error_of(
        client.get(f"/v4/users/{other}", headers={**auth(token), "X-Simulating": target}), 400, 40005
    )
    assert why in body["message"]


def test_private_routes_cannot_be_simulated(client: httpx.Client) -> None:
    headers = {**auth(KETTU), "X-Simulating": "281665697593950209"}
    error_of(client.get("/v4/users/@me", headers=headers), 400, 40005)
    assert client.get(f"/v4/users/{user_id(client, OTHER)}", headers=headers).status_code == 200


# -- users -----------------------------------------------------------------------------------------


def test_user_by_id_shows_public_fields_to_users_and_private_ones_to_kettu(client: httpx.Client) -> None:
    other = user_id(client, OTHER)
    public = client.get(f"/v4/users/{other}", headers=auth()).json()
    assert set(public) == {"id", "type", "flags", "profile", "votes"}
    private = client.get(f"/v4/users/{other}", headers=auth(KETTU)).json()
    assert {"perms", "settings"} <= set(private) and "allowed_ips" not in private


def test_user_by_id_needs_read_users(client: httpx.Client) -> None:
    other = user_id(client, OTHER)
    error_of(client.get(f"/v4/users/{other}", headers=auth(BOT)), 403, 50002)
    assert client.get(f"/v4/users/{other}", headers=auth(READER)).status_code == 200


def test_a_profile_that_is_not_public_is_50001(client: httpx.Client) -> None:
    other = user_id(client, OTHER)
    hidden = client.patch("/v4/users/@me", json={"settings": {"public": False}}, headers=auth(OTHER))
    assert hidden.status_code == 200 and hidden.json()["settings"]["public"] is False
    try:
        error_of(client.get(f"/v4/users/{other}", headers=auth()), 403, 50001)
        assert client.get(f"/v4/users/{other}", headers=auth(KETTU)).status_code == 200
    finally:
        client.patch("/v4/users/@me", json={"settings": {"public": True}}, headers=auth(OTHER))


def test_unknown_user_is_10001_with_the_id_in_the_message(client: httpx.Client) -> None:
    body = error_of(client.get("/v4/users/42", headers=auth()), 404, 10001)
    assert body["message"] == "unknown user 42"


def test_a_huge_or_hostile_user_id_is_cut_and_escaped(client: httpx.Client) -> None:
    body = error_of(client.get("/v4/users/" + "9" * 5000, headers=auth()), 404, 10001)
    assert len(body["message"]) < 100
    hostile = error_of(client.get("/v4/users/%3Cb%3E%0D%0Ax", headers=auth()), 404, 10001)
    assert hostile["message"] == "unknown user <b>\r\nx"


def test_users_change_their_profile_and_settings(client: httpx.Client) -> None:
    changed = client.patch(
        "/v4/users/@me",
        json={"profile": {"bio": "hi!", "pronouns": 1}, "settings": {"voteRM": True}},
        headers=auth(),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["profile"]["bio"] == "hi!" and changed.json()["settings"]["voteRM"] is True
    assert client.get("/v4/users/@me", headers=auth()).json() == changed.json()


def test_bots_change_their_name(client: httpx.Client) -> None:
    renamed = client.patch("/v4/users/@me", json={"name": "Fiber"}, headers=auth(BOT))
    assert renamed.status_code == 200 and renamed.json()["name"] == "Fiber"


@pytest.mark.parametrize(
    ("token", "body"),
    [(TOKEN, {"name": "x"}), (TOKEN, {"flags": 1}), (BOT, {"profile": {}}), (KETTU, {"options": {}})],
)
def test_a_field_the_client_may_not_change_on_itself_is_50002(
    client: httpx.Client, token: str, body: dict[str, Any]
) -> None:
    error_of(client.patch("/v4/users/@me", json=body, headers=auth(token)), 403, 50002)


def test_kettu_changes_other_users_and_owner_their_permissions(client: httpx.Client) -> None:
    other = user_id(client, OTHER)
    flagged = client.patch(f"/v4/users/{other}", json={"flags": 5}, headers=auth(KETTU))
    assert flagged.status_code == 200 and flagged.json()["flags"] == 5
    error_of(client.patch(f"/v4/users/{other}", json={"perms": 0}, headers=auth(KETTU)), 403, 50002)
    error_of(client.patch(f"/v4/users/{other}", json={"flags": 1}, headers=auth()), 403, 50002)
    error_of(client.patch(f"/v4/users/{other}", json={"name": "x"}, headers=auth(KETTU)), 400, 50004)
    error_of(client.patch("/v4/users/42", json={"flags": 1}, headers=auth(KETTU)), 404, 10001)
    reader = user_id(client, READER)
    granted = client.patch(
        f"/v4/users/{reader}", json={"allowed_guilds": ["685932693908881408"]}, headers=auth(OWNER)
    )
    assert granted.status_code == 200 and granted.json()["allowed_guilds"] == ["685932693908881408"]


def patch(
    client: httpx.Client, content: bytes, content_type: str | None = "application/json"
) -> httpx.Response:
    headers = auth(OTHER)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return client.patch("/v4/users/@me", content=content, headers=headers)


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"not json",
        b"",
        b"[1, 2]",
        b'"name"',
        b'{"profile": 5}',
        b'{"profile": {"bio": 5}}',
        b'{"profile": {"shoe": "x"}}',
        b'{"settings": {"public": "yes"}}',
        b'{"profile": {"bio": "\\ud800"}}',
        b'{"profile": {"bio": "\\udc00 lone"}}',
        b'{"profile": {"pronouns": ' + b"9" * 5000 + b"}}",
        b'{"profile": {"bio": "\xff\xfe"}}',
        b"[" * 100_000,
        b'{"profile": {"bio": "' + b"x" * 70_000 + b'"}}',
    ],
)
def test_a_bad_body_is_50004(client: httpx.Client, content: bytes) -> None:
    before = client.get("/v4/users/@me", headers=auth(OTHER)).json()
    error_of(patch(client, content), 400, 50004)
    assert client.get("/v4/users/@me", headers=auth(OTHER)).json() == before


def test_a_lone_surrogate_in_a_name_is_50004_not_500(client: httpx.Client) -> None:
    body = error_of(
        client.patch(
            "/v4/users/@me",
            content=b'{"name": "a\\ud83d"}',
            headers={**auth(BOT), "Content-Type": "application/json"},
        ),
        400,
        50004,
    )
    assert "surrogate" in body["message"]


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_another_content_type_is_50005(client: httpx.Client, content_type: str | None) -> None:
    error_of(patch(client, b'{"profile": {}}', content_type), 400, 50005)


# -- the user's store ------------------------------------------------------------------------------


def test_the_store_sets_merges_reads_and_deletes(client: httpx.Client) -> None:
    url = "/v4/users/@me/store/prefs"
    assert client.post(url, json={"data": {"a": 1}}, headers=auth(KETTU)).json() == {
        "key": "prefs",
        "data": {"a": 1},
    }
    merged = client.patch(url, json={"data": {"b": 2}}, headers=auth(KETTU))
    assert merged.json() == {"key": "prefs", "data": {"a": 1, "b": 2}}
    assert client.get(url, headers=auth(KETTU)).json()["data"] == {"a": 1, "b": 2}
    assert client.get(url, headers=auth()).json()["data"] is None, "each user has a store of its own"
    assert client.post(url, headers=auth(KETTU)).json() == {"key": "prefs", "data": None}
    assert client.get(url, headers=auth(KETTU)).json()["data"] is None


def test_store_errors(client: httpx.Client) -> None:
    error_of(client.get("/v4/users/@me/store/" + "k" * 65, headers=auth()), 400, 50003)
    error_of(client.get("/v4/users/@me/store/a%20b", headers=auth()), 400, 50003)
    assert client.post("/v4/users/@me/store/n", json={"data": 5}, headers=auth()).status_code == 200
    error_of(client.patch("/v4/users/@me/store/n", json={"data": {"x": 1}}, headers=auth()), 400, 50004)
    error_of(client.patch("/v4/users/@me/store/n", json={"data": 5}, headers=auth()), 400, 50004)
    error_of(client.post("/v4/users/@me/store/n", json={"value": 5}, headers=auth()), 400, 50004)


# -- IP verification -------------------------------------------------------------------------------


def test_mfa_verifies_the_address_the_code_was_asked_from(
    client: httpx.Client, running: RunningServer
) -> None:
    error_of(client.post("/v4/users/@me/mfa", headers=auth(BOT)), 403, 40003)
    error_of(client.post("/v4/users/@me/mfa/verify?code=123456", headers=auth(KETTU)), 403, 40003)
    error_of(client.post("/v4/users/@me/mfa/verify?code=123456", headers=auth(OTHER)), 400, 50007)
    sent = client.post("/v4/users/@me/mfa", headers=auth(OTHER))
    assert sent.status_code == 204 and sent.content == b""
    other = user_id(client, OTHER)
    line = running.wait_for_log("mfa: code ")
    code = next(entry for entry in reversed(running.log) if f"for user {other}" in entry).split()[2]
    assert len(code) == 6 and line
    error_of(client.post("/v4/users/@me/mfa/verify", headers=auth(OTHER)), 400, 50003)
    error_of(client.post("/v4/users/@me/mfa/verify?code=12ab56", headers=auth(OTHER)), 400, 50003)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    error_of(client.post(f"/v4/users/@me/mfa/verify?code={wrong}", headers=auth(OTHER)), 400, 50007)
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=str(client.base_url), transport=transport, timeout=10) as elsewhere:
        error_of(elsewhere.post(f"/v4/users/@me/mfa/verify?code={code}", headers=auth(OTHER)), 400, 50008)
    verified = client.post(f"/v4/users/@me/mfa/verify?code={code}", headers=auth(OTHER))
    assert verified.status_code == 204
    error_of(client.post("/v4/users/@me/mfa", headers=auth(OTHER)), 400, 50006)


# -- images ----------------------------------------------------------------------------------------


def test_categories_need_read_images(client: httpx.Client) -> None:
    assert client.get("/v4/images", headers=auth(READER)).json() == list(CATEGORIES)
    error_of(client.get("/v4/images", headers=auth()), 403, 50002)
    error_of(client.get("/v4/images/hug/random", headers=auth(BOT)), 403, 50002)


@pytest.mark.parametrize("category", CATEGORIES)
def test_random_image_of_every_category_in_any_case(client: httpx.Client, category: str) -> None:
    for word in ("random", "RANDOM", "Random"):
        response = client.get(f"/v4/images/{category}/{word}", headers=auth(READER))
        assert response.status_code == 200, response.text
        image = response.json()
        assert set(image) == IMAGE_KEYS and image["category"] == category and isinstance(image["id"], int)
        assert image["direct"].startswith("http://") and image["direct"].endswith(".svg")
        again = client.get(f"/v4/images/{category}/{image['id']}", headers=auth(READER))
        assert again.status_code == 200 and again.json() == image


def test_random_avoids_the_last_three(client: httpx.Client) -> None:
    ids = [client.get("/v4/images/nom/random", headers=auth(READER)).json()["id"] for _ in range(30)]
    assert all(len(set(ids[n : n + 4])) == 4 for n in range(len(ids) - 3)), ids


def test_a_category_lists_its_images(client: httpx.Client) -> None:
    images = client.get("/v4/images/pat", headers=auth(READER)).json()
    assert [image["id"] for image in images[:8]] == list(range(1, 9))


def test_a_direct_url_serves_the_picture_and_revalidates(client: httpx.Client) -> None:
    image = client.get("/v4/images/hug/random", headers=auth(READER)).json()
    picture = client.get(image["direct"])
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/svg+xml"
    assert picture.content.startswith(b"<svg")
    cached = client.get(image["direct"], headers={"If-None-Match": picture.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""
    changed = client.get(image["direct"], headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200


def test_unknown_image_category_is_10005(client: httpx.Client) -> None:
    error_of(client.get("/v4/images/cat/random", headers=auth(READER)), 404, 10005)
    error_of(client.get("/v4/images/cat", headers=auth(READER)), 404, 10005)


def test_unknown_image_is_10004(client: httpx.Client) -> None:
    error_of(client.get("/v4/images/hug/nope", headers=auth(READER)), 404, 10004)
    error_of(client.get("/v4/images/hug/99999", headers=auth(READER)), 404, 10004)
    error_of(client.get("/cdn/images/hug/nope.svg"), 404, 10004)


def test_kettu_creates_and_changes_images_and_feedback(client: httpx.Client) -> None:
    error_of(client.post("/v4/images/hug", json={}, headers=auth(READER)), 403, 50002)
    made = client.post(
        "/v4/images/hug", json={"artist": "https://example.org/a", "tags": ["hug"]}, headers=auth(KETTU)
    )
    assert made.status_code == 201 and made.json()["artist"] == "https://example.org/a"
    image = made.json()
    url = f"/v4/images/hug/{image['id']}"
    assert client.post("/v4/images/hug", headers=auth(KETTU)).status_code == 201, "kdjs posts no body"
    changed = client.patch(url, json={"notes": "cute"}, headers=auth(KETTU))
    assert changed.status_code == 200 and changed.json()["notes"] == "cute"
    error_of(client.patch(url, json={"colour": "red"}, headers=auth(KETTU)), 400, 50004)
    liker = user_id(client, OTHER)
    liked = client.patch(url + "/feedback", json={"likes": [liker]}, headers=auth(KETTU))
    assert liked.json()["feedback"]["likes"] == [liker]
    unliked = client.request("DELETE", url + "/feedback", json={"likes": [liker]}, headers=auth(KETTU))
    assert unliked.json()["feedback"]["likes"] == []
    error_of(client.patch(url + "/feedback", json={"likes": ["x"]}, headers=auth(KETTU)), 400, 50004)


# -- kAPI's own routes -----------------------------------------------------------------------------


def test_actions_are_for_admins(client: httpx.Client) -> None:
    assert client.get("/v4/kapi/actions", headers=auth(KETTU)).json() == []
    error_of(client.get("/v4/kapi/actions", headers=auth()), 403, 50002)
    error_of(client.post("/v4/kapi/actions/abc/dismiss", headers=auth(KETTU)), 404, 0)


def test_both_transfer_encoding_and_content_length_is_400_and_closed(running: RunningServer) -> None:
    request = (
        b"POST /v4/users/@me/store/x HTTP/1.1\r\nHost: k\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\n"
    )
    with socket.create_connection((running.host, running.port), timeout=5) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:100]
    assert b'"code":0' in reply and b"connection: close" in reply.lower()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v4/nothing"),
        ("GET", "/"),
        ("POST", "/v4/users/@me"),
        ("DELETE", "/v4/gateway"),
        ("GET", "/v3/gateway"),
    ],
)
def test_an_unknown_route_is_404_with_code_0(client: httpx.Client, method: str, path: str) -> None:
    error_of(client.request(method, path, headers=auth()), 404, 0)
    error_of(client.request(method, path), 404, 0)


def test_a_fault_answers_500_with_a_report_id(client: httpx.Client) -> None:
    response = client.get("/v4/debug/error", headers=auth())
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"message", "report"} and body["message"] == "Internal Server Error"
    assert isinstance(body["report"], str) and body["report"]
    assert client.get("/v4/debug/error", headers=auth()).json()["report"] != body["report"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/v4/users/@me", auth()), ("/v4/users/@me", {}), ("/v4/nothing", auth()), ("/v4/debug/error", auth())],
)
def test_every_reply_carries_the_rate_limit_headers(
    client: httpx.Client, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert all(name in response.headers for name in RATE_HEADERS), response.headers
    assert response.headers["x-ratelimit-limit"] == "100000"
    assert 0 <= int(response.headers["x-ratelimit-remaining"]) < 100000
    reset_after = float(response.headers["x-ratelimit-reset-after"])
    assert 0 < reset_after <= 10
    assert abs(float(response.headers["x-ratelimit-reset"]) - (time.time() + reset_after)) < 2


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH"])
def test_every_store_route_checks_the_key(client: httpx.Client, method: str) -> None:
    error_of(
        client.request(method, "/v4/users/@me/store/a%20b", json={"data": {}}, headers=auth()), 400, 50003
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v4/users/@me/store/k"),
        ("PATCH", "/v4/users/@me/store/k"),
        ("PATCH", "/v4/users/1"),
        ("POST", "/v4/images/hug"),
        ("PATCH", "/v4/images/hug/1"),
        ("PATCH", "/v4/images/hug/1/feedback"),
        ("DELETE", "/v4/images/hug/1/feedback"),
    ],
)
def test_every_body_must_be_json(client: httpx.Client, method: str, path: str) -> None:
    path = path.replace("/users/1", f"/users/{user_id(client, OTHER)}")
    headers = {**auth(KETTU), "Content-Type": "text/plain"}
    error_of(client.request(method, path, content=b'{"data": {}}', headers=headers), 400, 50005)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v4/images/cat"),
        ("POST", "/v4/images/cat"),
        ("GET", "/v4/images/cat/1"),
        ("PATCH", "/v4/images/cat/1"),
        ("PATCH", "/v4/images/cat/1/feedback"),
        ("DELETE", "/v4/images/cat/1/feedback"),
        ("GET", "/cdn/images/cat/1.svg"),
    ],
)
def test_every_image_route_checks_the_category_and_the_permission(
    client: httpx.Client, method: str, path: str
) -> None:
    error_of(client.request(method, path, json={}, headers=auth(KETTU)), 404, 10005)
    if not path.startswith("/cdn"):
        error_of(client.request(method, path.replace("cat", "hug"), json={}, headers=auth(BOT)), 403, 50002)
    if path.count("/") >= 4 and not path.startswith("/cdn"):
        error_of(
            client.request(method, path.replace("cat/1", "hug/999"), json={}, headers=auth(KETTU)), 404, 10004
        )


def test_the_rest_of_the_image_and_action_answers(client: httpx.Client) -> None:
    error_of(client.post("/v4/images/hug", json={"tags": "hug"}, headers=auth(KETTU)), 400, 50004)
    error_of(
        client.request("DELETE", "/v4/images/hug/1/feedback", json={"x": []}, headers=auth(KETTU)), 400, 50004
    )
    error_of(client.post("/v4/kapi/actions/abc/dismiss", headers=auth()), 403, 50002)


def _bodies(seed: int, count: int) -> list[bytes]:
    """Mutations of a valid PATCH body, with a fixed seed."""
    rng = random.Random(seed)
    valid = json.dumps({"profile": {"bio": "hi", "pronouns": 1}, "settings": {"voteRM": True}}).encode()
    bodies = [b'{"profile": {"bio": "\\udc80"}}', b'{"profile": {"pronouns": 1' + b"0" * 4400 + b"}}"]
    while len(bodies) < count:
        body = bytearray(valid)
        for _ in range(rng.randint(1, 4)):
            where = rng.randrange(len(body))
            if rng.random() < 0.5:
                body[where] = rng.choice(b'{}[]":,019\\eE.-\xff\x00')
            else:
                del body[where]
        bodies.append(bytes(body))
    return bodies


def test_malformed_bodies_get_a_catalog_code_never_a_fault(client: httpx.Client) -> None:
    headers = {**auth(OTHER), "Content-Type": "application/json"}
    for body in _bodies(20261204, 150):
        response = client.patch("/v4/users/@me", content=body, headers=headers)
        assert response.status_code in (200, 400, 403), (body, response.text)
        if response.status_code != 200:
            assert response.json()["code"] in (50002, 50004), (body, response.text)
