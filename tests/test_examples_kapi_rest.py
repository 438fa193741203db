"""kAPI reference server: the REST API under /v4, spoken to over real HTTP with httpx."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.servers import RunningServer, server

NOT_OFFERED = "the reference server offers no route that can fail this way"
pytestmark = pytest.mark.statuskit(
    catalog="catalogs/kapi.yaml",
    unreachable={
        "http": {
            201: "no route of the contract creates anything",
            204: "every route of the contract answers with a body",
            403: "the contract has no permission checks (40001, 40003, 5000x are not offered)",
        },
        "json": {
            10002: "the contract has no guild routes",
            10003: "the contract has no guild member routes",
            10006: "the contract has no service routes",
            10007: "the contract has no service event routes",
            10008: "the contract has no service history routes",
            10009: "the contract has no interruption routes",
            10010: "the contract has no interruption update routes",
            10011: "the contract has no kettu routes",
            10012: "the contract has no kettu shard routes",
            40001: "the contract has no blacklist",
            40003: "the contract lets bots use every route",
            40004: "route rate limits are not configurable through the API",
            40005: "the contract has no simulation routes",
            40007: "tokens given with --token never expire",
            50001: NOT_OFFERED,
            50002: NOT_OFFERED,
            50003: "no route of the contract takes a query",
            50006: "the contract has no IP verification",
            50007: "the contract has no MFA",
            50008: "the contract has no MFA",
        },
    },
)

TOKEN, OTHER = "rest-token-1", "rest-token-2"
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-reset-after")
CATEGORIES = ("boop", "hug", "kiss", "lick", "nom", "nuzzle", "pat", "pounce", "snuggle")


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options = ("--token", TOKEN, "--token", OTHER, "--debug-routes", "--rate-limit", "100000")
    with server("kapi", *options) as running:
        yield running


@pytest.fixture
def client(running: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10) as client:
        yield client


def auth(token: str = TOKEN, scheme: str = "Bearer") -> dict[str, str]:
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


def test_gateway_url_comes_from_the_request(client: httpx.Client, running: RunningServer) -> None:
    response = client.get("/v4/gateway", headers=auth())
    assert response.status_code == 200
    assert response.json() == {"url": f"ws://{running.host}:{running.port}/gateway"}
    named = client.get("/v4/gateway", headers={**auth(), "Host": "kettu.example:8443"})
    assert named.json() == {"url": "ws://kettu.example:8443/gateway"}


def test_gateway_url_ignores_a_hostile_host_header(client: httpx.Client, running: RunningServer) -> None:
    response = client.get("/v4/gateway", headers={**auth(), "Host": "<script>x</script>"})
    assert response.json() == {"url": f"ws://{running.host}:{running.port}/gateway"}


def test_me_with_bearer_and_bot_is_the_same_user_without_the_token(client: httpx.Client) -> None:
    bearer = client.get("/v4/users/@me", headers=auth())
    bot = client.get("/v4/users/@me", headers=auth(scheme="Bot"))
    assert bearer.status_code == bot.status_code == 200
    assert bearer.json() == bot.json()
    assert set(bearer.json()) == {"id", "name"}
    assert TOKEN not in bearer.text
    other = client.get("/v4/users/@me", headers=auth(OTHER)).json()
    assert other["id"] != bearer.json()["id"]


def test_missing_authorization_is_40006(client: httpx.Client) -> None:
    error_of(client.get("/v4/users/@me"), 401, 40006)
    error_of(client.get("/v4/users/@me", headers={"Authorization": ""}), 401, 40006)


@pytest.mark.parametrize(
    "header", ["Bearer nope", "Bot nope", "Basic cmVzdA==", TOKEN, "Bearer", "bearer  nope x"]
)
def test_a_bad_token_is_40002(client: httpx.Client, header: str) -> None:
    error_of(client.get("/v4/users/@me", headers={"Authorization": header}), 401, 40002)


def test_user_by_id(client: httpx.Client) -> None:
    me = client.get("/v4/users/@me", headers=auth(OTHER)).json()
    found = client.get(f"/v4/users/{me['id']}", headers=auth())
    assert found.status_code == 200 and found.json() == me


def test_unknown_user_is_10001_with_the_id_in_the_message(client: httpx.Client) -> None:
    body = error_of(client.get("/v4/users/42", headers=auth()), 404, 10001)
    assert body["message"] == "unknown user 42"


def test_a_huge_or_hostile_user_id_is_cut_and_escaped(client: httpx.Client) -> None:
    body = error_of(client.get("/v4/users/" + "9" * 5000, headers=auth()), 404, 10001)
    assert len(body["message"]) < 100
    hostile = error_of(client.get("/v4/users/%3Cb%3E%0D%0Ax", headers=auth()), 404, 10001)
    assert hostile["message"] == "unknown user <b>\r\nx"


@pytest.mark.parametrize("category", CATEGORIES)
def test_random_image_of_every_category(client: httpx.Client, category: str) -> None:
    response = client.get(f"/v4/images/{category}/random", headers=auth())
    assert response.status_code == 200
    image = response.json()
    assert set(image) == {"id", "category", "url"} and image["category"] == category
    again = client.get(f"/v4/images/{category}/{image['id']}", headers=auth())
    assert again.status_code == 200 and again.json() == image


def test_an_image_url_serves_the_picture_and_revalidates(client: httpx.Client) -> None:
    image = client.get("/v4/images/hug/random", headers=auth()).json()
    picture = client.get(image["url"])
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/svg+xml"
    assert picture.content.startswith(b"<svg")
    cached = client.get(image["url"], headers={"If-None-Match": picture.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""
    changed = client.get(image["url"], headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200


def test_unknown_image_category_is_10005(client: httpx.Client) -> None:
    error_of(client.get("/v4/images/cat/random", headers=auth()), 404, 10005)
    error_of(client.get("/v4/images/cat/0123456789abcdef", headers=auth()), 404, 10005)


def test_unknown_image_is_10004(client: httpx.Client) -> None:
    error_of(client.get("/v4/images/hug/nope", headers=auth()), 404, 10004)
    error_of(client.get("/cdn/images/hug/nope.svg"), 404, 10004)


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


def patch(
    client: httpx.Client, content: bytes, content_type: str | None = "application/json"
) -> httpx.Response:
    headers = auth(OTHER)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return client.patch("/v4/users/@me", content=content, headers=headers)


def test_patch_me_renames_the_user(client: httpx.Client) -> None:
    response = client.patch("/v4/users/@me", json={"name": "Kettu <3"}, headers=auth(OTHER))
    assert response.status_code == 200
    assert response.json()["name"] == "Kettu <3"
    assert client.get("/v4/users/@me", headers=auth(OTHER)).json() == response.json()
    unchanged = patch(client, b"{}", "application/json; charset=utf-8")
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "Kettu <3"


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"not json",
        b"",
        b"[1, 2]",
        b'"name"',
        b'{"name": 5}',
        b'{"name": ""}',
        b'{"name": "   "}',
        b'{"name": "' + b"x" * 33 + b'"}',
        b'{"name": "a\\r\\nb"}',
        b'{"name": "\xff\xfe"}',
        b"[" * 100_000,
        b'{"name": "' + b"x" * 70_000 + b'"}',
    ],
)
def test_a_bad_body_is_50004(client: httpx.Client, content: bytes) -> None:
    before = client.get("/v4/users/@me", headers=auth(OTHER)).json()
    error_of(patch(client, content), 400, 50004)
    assert client.get("/v4/users/@me", headers=auth(OTHER)).json() == before


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_another_content_type_is_50005(client: httpx.Client, content_type: str | None) -> None:
    error_of(patch(client, b'{"name": "x"}', content_type), 400, 50005)


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
