"""The pec reference server spoken to over real HTTP: every route, every code it can send, bad input."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.pec import FAST as PEC_FAST
from support.pec import FUTURE, SPEAKS_PEC
from support.servers import server

ADMIN = "admin-secret-for-tests"
FAST = (*PEC_FAST, "--admin-id", ADMIN)
pytestmark = SPEAKS_PEC

CORS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, PUT, DELETE",
    "access-control-allow-headers": "Content-Type",
}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pec-protocol")


@pytest.fixture(scope="module")
def pec(data: Path) -> Iterator[httpx.Client]:
    with (
        server("pec", "--data", str(data), *FAST) as running,
        httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10) as client,
    ):
        yield client


_counter = iter(range(10**6))


def fresh_name(prefix: str = "user") -> str:
    return f"{prefix}{next(_counter)}-{time.monotonic_ns()}"


def signed_in(client: httpx.Client, password: str = "secret1") -> tuple[str, str]:
    """A new account and a session of it."""
    account = fresh_name()
    assert client.post("/usr/signup", json={"account": account, "password": password}).json()["status"] == 721
    reply = client.post("/usr/login", json={"account": account, "password": password}).json()
    assert reply["status"] == 722
    return account, reply["sessionId"]


def deliver(client: httpx.Client, session: str, *offers: dict[str, Any]) -> list[dict[str, Any]]:
    reply = client.post("/tx/delivery", json={"sessionId": session, "tx": list(offers)}).json()
    assert reply["status"] == 733
    result: list[dict[str, Any]] = reply["result"]
    return result


def offer(value: int = 10, amount: float = 5, kind: str = "wind", expire: int = FUTURE) -> dict[str, Any]:
    return {"amount": amount, "value": value, "type": kind, "timestampExpire": expire}


def answer(response: httpx.Response, status: int, msg: str) -> dict[str, Any]:
    """A handled request: HTTP 200, CORS, JSON body with the catalog's code and text."""
    assert response.status_code == 200
    for name, value in CORS.items():
        assert response.headers[name] == value
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["msg"] == msg
    return body


def bad(response: httpx.Response, *words: str) -> str:
    """HTTP 400 with ``{"status": 400, "msg"}``, saying what was wrong."""
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert list(body) == ["status", "msg"] and body["status"] == 400
    message: str = body["msg"]
    assert message.startswith("Bad request: ")
    for word in words:
        assert word in message
    return message


# users


def test_signup_answers_721_with_exact_bytes(pec: httpx.Client) -> None:
    response = pec.post("/usr/signup", json={"account": fresh_name(), "password": "abc123"})
    assert response.content == b'{"status":721,"msg":"User Signed up."}'
    answer(response, 721, "User Signed up.")


def test_signup_of_a_taken_name_is_821(pec: httpx.Client) -> None:
    name = fresh_name()
    pec.post("/usr/signup", json={"account": name, "password": "abc123"})
    response = pec.post("/usr/signup", json={"account": name, "password": "xyz789"})
    answer(response, 821, "Account name already been in use.")


@pytest.mark.parametrize("password", ["ab1", "123456", "        ", "12345678901234"])
def test_weak_password_is_822_with_the_rule(pec: httpx.Client, password: str) -> None:
    name = fresh_name()
    response = pec.post("/usr/signup", json={"account": name, "password": password})
    body = answer(response, 822, "Password not strong enough.")
    assert "6 characters" in body["text"] and "letter" in body["text"]
    # nothing was created: the name is still free
    answer(pec.post("/usr/signup", json={"account": name, "password": "good123"}), 721, "User Signed up.")


def test_login_gives_a_session_then_823_and_824(pec: httpx.Client) -> None:
    name = fresh_name()
    pec.post("/usr/signup", json={"account": name, "password": "right1"})
    body = answer(
        pec.post("/usr/login", json={"account": name, "password": "right1"}), 722, "User logged in."
    )
    assert len(body["sessionId"]) == 64 and int(body["sessionId"], 16) >= 0
    answer(
        pec.post("/usr/login", json={"account": name + "x", "password": "right1"}),
        823,
        "Account name does not exist.",
    )
    answer(pec.post("/usr/login", json={"account": name, "password": "wrong1"}), 824, "Incorrect password.")
    other = pec.post("/usr/login", json={"account": name, "password": "right1"}).json()["sessionId"]
    assert other != body["sessionId"]


def test_account_information_is_723_and_825_for_a_bad_session(pec: httpx.Client) -> None:
    account, session = signed_in(pec)
    body = answer(pec.get(f"/usr/account/{session}"), 723, "User account information fetched.")
    assert body["account"] == account
    assert body["balance"] == 1000
    assert isinstance(body["address"], str) and len(body["address"]) == 40
    assert body["purchase"] == [] and body["delivery"] == []
    answer(pec.get("/usr/account/not-a-session"), 825, "Illegal session ID (for account info).")


def test_heartbeat_is_725_and_826_for_an_unknown_session(pec: httpx.Client) -> None:
    _, session = signed_in(pec)
    answer(pec.get(f"/usr/alive/{session}"), 725, "User still alive (for heartbeat query).")
    answer(pec.get("/usr/alive/" + "0" * 64), 826, "User dead (for heartbeat query).")


def test_logout_is_724_and_ends_the_session(pec: httpx.Client) -> None:
    _, session = signed_in(pec)
    response = pec.request("DELETE", "/usr/logout", json={"sessionId": session})
    answer(response, 724, "User logged out.")
    answer(pec.get(f"/usr/alive/{session}"), 826, "User dead (for heartbeat query).")
    answer(pec.get(f"/usr/account/{session}"), 825, "Illegal session ID (for account info).")
    # logging out again, or an unknown session, is still 724
    answer(pec.request("DELETE", "/usr/logout", json={"sessionId": session}), 724, "User logged out.")
    answer(pec.request("DELETE", "/usr/logout", json={"sessionId": "nobody"}), 724, "User logged out.")


# the pool


def test_pool_shows_only_offers_on_sale_to_the_caller(pec: httpx.Client) -> None:
    _, seller = signed_in(pec)
    _, buyer = signed_in(pec)
    on_sale, sold_one = deliver(pec, seller, offer(7, 2.5, "solar"), offer(3))
    expired = deliver(pec, seller, offer(expire=int(time.time() * 1000) - 1000))[0]
    mine = deliver(pec, buyer, offer())[0]
    answer(
        pec.put("/tx/purchase", json={"sessionId": buyer, "tx": [{"txHash": sold_one["txHash"]}]}),
        732,
        "Transactions purchased.",
    )
    _, viewer = signed_in(pec)
    body = answer(pec.get(f"/tx/pool/{viewer}"), 731, "Transaction pool information fetched.")
    hashes = {item["txHash"] for item in body["tx"]}
    assert on_sale["txHash"] in hashes
    assert sold_one["txHash"] not in hashes and expired["txHash"] not in hashes
    listed = next(item for item in body["tx"] if item["txHash"] == on_sale["txHash"])
    assert set(listed) == {
        "txHash", "status", "blockHeight", "timestampSell", "timestampBuy", "timestampExpire",
        "power", "value", "amount", "type", "from", "to", "nonce", "inputData",
    }  # fmt: skip
    assert (listed["amount"], listed["value"], listed["type"]) == (2.5, 7, "solar")
    assert (listed["timestampExpire"], listed["status"], listed["timestampBuy"]) == (FUTURE, "waiting", None)
    assert abs(listed["timestampSell"] - time.time() * 1000) < 60_000
    assert isinstance(listed["blockHeight"], int) and len(listed["to"]) == 40 and listed["from"] == ""
    own_view = answer(pec.get(f"/tx/pool/{buyer}"), 731, "Transaction pool information fetched.")
    assert mine["txHash"] not in {item["txHash"] for item in own_view["tx"]}
    assert mine["txHash"] in hashes


def test_pool_with_a_bad_session_is_811(pec: httpx.Client) -> None:
    answer(pec.get("/tx/pool/unknown"), 811, "Invalid session ID (for fetching global data).")


def test_pool_honours_if_none_match_with_304(pec: httpx.Client) -> None:
    _, session = signed_in(pec)
    first = pec.get(f"/tx/pool/{session}")
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')
    again = pec.get(f"/tx/pool/{session}", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["access-control-allow-origin"] == "*"
    assert pec.get(f"/tx/pool/{session}", headers={"If-None-Match": f'"other", W/{tag}'}).status_code == 304
    assert pec.get(f"/tx/pool/{session}", headers={"If-None-Match": '"stale"'}).status_code == 200
    _, seller = signed_in(pec)
    deliver(pec, seller, offer())
    changed = pec.get(f"/tx/pool/{session}", headers={"If-None-Match": tag})
    answer(changed, 731, "Transaction pool information fetched.")
    assert changed.headers["etag"] != tag


def test_purchase_moves_ownership_and_balance(pec: httpx.Client) -> None:
    seller_name, seller = signed_in(pec)
    buyer_name, buyer = signed_in(pec)
    cheap, dear, own = (
        deliver(pec, seller, offer(300))[0],
        deliver(pec, seller, offer(5000))[0],
        deliver(pec, buyer, offer(1))[0],
    )
    wanted = [cheap["txHash"], cheap["txHash"], dear["txHash"], own["txHash"], "no-such-offer"]
    body = answer(
        pec.put("/tx/purchase", json={"sessionId": buyer, "tx": [{"txHash": h} for h in wanted]}),
        732,
        "Transactions purchased.",
    )
    assert body["result"] == [
        {"txHash": h, "msg": m} for h, m in zip(wanted, ["succeed"] + ["failed"] * 4, strict=True)
    ]
    buyer_info = pec.get(f"/usr/account/{buyer}").json()
    seller_info = pec.get(f"/usr/account/{seller}").json()
    assert buyer_info["balance"] == 700 and seller_info["balance"] == 1300
    assert [item["txHash"] for item in buyer_info["purchase"]] == [cheap["txHash"]]
    assert buyer_info["purchase"][0]["status"] == "succeeded"
    assert {item["txHash"]: item["status"] for item in seller_info["delivery"]} == {
        cheap["txHash"]: "succeeded",
        dear["txHash"]: "waiting",
    }
    assert (seller_name, buyer_name) == (seller_info["account"], buyer_info["account"])


def test_purchase_and_delivery_with_a_bad_session_are_811(pec: httpx.Client) -> None:
    answer(
        pec.put("/tx/purchase", json={"sessionId": "bad", "tx": [{"txHash": "x"}]}),
        811,
        "Invalid session ID (for fetching global data).",
    )
    answer(
        pec.post("/tx/delivery", json={"sessionId": "bad", "tx": [offer()]}),
        811,
        "Invalid session ID (for fetching global data).",
    )


def test_delivery_returns_the_new_offers_with_their_hashes(pec: httpx.Client) -> None:
    _, session = signed_in(pec)
    body = answer(
        pec.post(
            "/tx/delivery",
            json={"sessionId": session, "tx": [offer(1, 1), {**offer(2, 0.5), "value": "2"}]},
        ),
        733,
        "Transactions deliveried.",
    )
    assert [item["value"] for item in body["result"]] == [1, 2]
    assert len({item["txHash"] for item in body["result"]}) == 2
    assert all(len(item["txHash"]) == 64 for item in body["result"])


# administration


def test_show_is_713_with_global_data_and_811_for_a_wrong_admin_id(pec: httpx.Client) -> None:
    account, _ = signed_in(pec)
    body = answer(pec.get(f"/serv/show/{ADMIN}"), 713, "Global data fetched.")
    assert account in {user["account"] for user in body["users"]}
    assert all("password" not in user for user in body["users"])
    assert body["usrNum"] == len(body["users"]) and body["txNum"] == len(body["offers"])
    answer(pec.get("/serv/show/guess"), 811, "Invalid session ID (for fetching global data).")


def test_save_is_714_and_writes_a_consistent_backup(pec: httpx.Client, data: Path) -> None:
    account, _ = signed_in(pec)
    answer(pec.post("/serv/save/guess"), 811, "Invalid session ID (for fetching global data).")
    body = answer(pec.post(f"/serv/save/{ADMIN}"), 714, "Global data persisted into disk.")
    backup = data / body["file"]
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {row[0] for row in copy.execute("SELECT account FROM accounts")}
    assert account in names
    assert not [path for path in data.iterdir() if path.name.endswith(".partial")]


# bad requests: HTTP 400 with a message, and the server carries on


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", ("empty",)),
        (b"not json", ("not JSON",)),
        (b"[1, 2]", ("array", "object")),
        (b'"text"', ("string", "object")),
        (b'{"account": "a"}', ("missing", "password")),
        (b'{"account": 5, "password": "abc123"}', ("account", "number", "string")),
        (b'{"account": "", "password": "abc123"}', ("account", "empty")),
        (b'{"account": "a\\r\\nb", "password": "abc123"}', ("account", "control")),
        (b'{"account": "\\ud800", "password": "abc123"}', ("account", "surrogate")),
        (b'{"account": "a", "password": NaN}', ("NaN",)),
        (b'{"account": "\xff\xfe", "password": "abc123"}', ("UTF-8",)),
        (b"[" * 100000 + b"]" * 100000, ("JSON",)),
        (b'{"account": "' + b"a" * 300 + b'", "password": "abc123"}', ("longer",)),
    ],
)
def test_signup_with_a_bad_body_is_400(pec: httpx.Client, body: bytes, words: tuple[str, ...]) -> None:
    bad(pec.post("/usr/signup", content=body), *words)


@pytest.mark.parametrize(
    ("tx", "words"),
    [
        (None, ("missing", "tx")),
        ({"a": 1}, ("tx", "object", "array")),
        ([1], ("tx[0]", "object")),
        ([{"value": 1, "type": "wind", "timestampExpire": FUTURE}], ("tx[0].amount", "missing")),
        ([offer(value=-1)], ("tx[0].value",)),
        ([offer(value=True)], ("tx[0].value", "boolean")),  # type: ignore[arg-type]
        ([{**offer(), "value": 1.5}], ("tx[0].value", "whole")),
        ([{**offer(), "value": 10**30}], ("tx[0].value",)),
        ([{**offer(), "amount": 0}], ("tx[0].amount",)),
        ([{**offer(), "type": ["x"]}], ("tx[0].type", "array")),
        ([offer()] * 1001, ("1001", "at most")),
    ],
)
def test_delivery_with_bad_offers_is_400(pec: httpx.Client, tx: Any, words: tuple[str, ...]) -> None:
    _, session = signed_in(pec)
    body: dict[str, Any] = {"sessionId": session}
    if tx is not None:
        body["tx"] = tx
    bad(pec.post("/tx/delivery", json=body), *words)
    assert pec.get(f"/usr/account/{session}").json()["delivery"] == []


def test_purchase_without_tx_hashes_is_400(pec: httpx.Client) -> None:
    _, session = signed_in(pec)
    bad(pec.put("/tx/purchase", json={"sessionId": session, "tx": [{"hash": "x"}]}), "tx[0].txHash")
    bad(pec.put("/tx/purchase", json={"tx": []}), "sessionId")
    bad(pec.request("DELETE", "/usr/logout", json={}), "sessionId")


def test_unknown_routes_and_methods_are_400(pec: httpx.Client) -> None:
    bad(pec.get("/"), "no route")
    bad(pec.get("/usr/nothing"), "no route")
    bad(pec.get("/usr/account/"), "no route")
    bad(pec.get("/usr/login"), "GET", "POST")
    bad(pec.delete("/tx/pool/abc"), "DELETE", "GET")
    bad(pec.request("PATCH", "/usr/signup"), "PATCH", "POST")


def test_a_body_over_the_limit_is_400(pec: httpx.Client) -> None:
    big = b'{"account": "' + b"a" * (2 << 20) + b'"}'
    bad(pec.post("/usr/signup", content=big), "larger than")


def test_cors_preflight_is_answered(pec: httpx.Client) -> None:
    response = pec.options("/tx/purchase", headers={"Origin": "http://example.org"})
    assert response.status_code == 200
    assert response.content == b""
    for name, value in CORS.items():
        assert response.headers[name] == value


def test_markup_in_names_stays_data(pec: httpx.Client) -> None:
    name = f"<script>alert({next(_counter)})</script>"
    response = pec.post("/usr/signup", json={"account": name, "password": "abc123"})
    answer(response, 721, "User Signed up.")
    assert response.headers["x-content-type-options"] == "nosniff"
    session = pec.post("/usr/login", json={"account": name, "password": "abc123"}).json()["sessionId"]
    assert pec.get(f"/usr/account/{session}").json()["account"] == name


def test_malformed_http_gets_an_answer_and_a_closed_connection(pec: httpx.Client) -> None:
    url = httpx.URL(str(pec.base_url))
    with socket.create_connection((url.host, url.port), timeout=5) as raw:
        raw.sendall(b"\x00\x01garbage\r\n\r\n")
        received = b""
        while chunk := raw.recv(4096):
            received += chunk
    assert received.startswith(b"HTTP/1.1 400")
    # the server is still there
    assert pec.get("/tx/pool/x").json()["status"] == 811


def test_a_request_line_with_crlf_in_the_path_cannot_split_the_response(pec: httpx.Client) -> None:
    url = httpx.URL(str(pec.base_url))
    with socket.create_connection((url.host, url.port), timeout=5) as raw:
        raw.sendall(
            b"GET /usr/alive/a%0d%0aSet-Cookie:%20x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        received = b""
        while chunk := raw.recv(4096):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert b"set-cookie" not in head.lower()
    assert json.loads(body)["status"] == 826
