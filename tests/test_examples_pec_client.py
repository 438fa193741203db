"""pec's real web client, replayed: its calls as it makes them, from Python and from a browser.

The web client (a React app) posts form fields as strings, posts to ``/tx/delivery/`` with a
trailing slash, reads ``timestampSell`` and ``blockHeight`` from pool offers and judges every
answer by the ``status`` in its body (7xx is success). The browser test makes the same calls
cross-origin from headless Chromium, so CORS preflights are exercised for real.
"""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.pec import FAST, SPEAKS_PEC
from support.servers import server

pytestmark = SPEAKS_PEC
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pec_client"
CHROMIUM = "/usr/bin/chromium"
SUCCESS = range(700, 800)


def _check_replay(log: list[dict[str, Any]], empty: dict[str, Any], offer: dict[str, Any]) -> None:
    for entry in log:
        assert entry["http"] == 200, entry
        assert entry["body"]["status"] in SUCCESS, entry
    assert len(log) == 12
    assert empty["http"] == 400 and empty["body"]["status"] == 400 and empty["body"]["msg"]
    assert isinstance(offer["timestampSell"], int) and offer["timestampSell"] > 0
    assert "blockHeight" in offer and offer["type"] == "solar" and offer["power"] == 5
    assert (offer["amount"], offer["value"], offer["inputData"]) == (3, 12, "none")


def test_the_web_clients_calls_from_python(tmp_path: Path) -> None:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    log: list[dict[str, Any]] = []
    with (
        server("pec", "--data", str(tmp_path), *FAST) as running,
        httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10, headers=headers) as client,
    ):

        def step(method: str, route: str, body: Any = None) -> dict[str, Any]:
            response = client.request(method, route, json=body)
            log.append({"http": response.status_code, "body": response.json(), "route": route})
            reply: dict[str, Any] = response.json()
            return reply

        step("POST", "/usr/signup", {"account": "ann", "password": "secret1"})
        step("POST", "/usr/signup", {"account": "bob", "password": "secret1"})
        seller = step("POST", "/usr/login", {"account": "ann", "password": "secret1"})["sessionId"]
        buyer = step("POST", "/usr/login", {"account": "bob", "password": "secret1"})["sessionId"]
        step("GET", f"/usr/alive/{seller}")
        step("GET", f"/usr/account/{seller}")
        sale = {"timestampExpire": 4102444800000, "value": "12", "amount": "3", "type": "solar"}
        step(
            "POST",
            "/tx/delivery/",
            {"sessionId": seller, "tx": [{**sale, "inputData": "none", "power": "5"}]},
        )
        blank = {"timestampExpire": None, "value": "", "amount": "", "type": "wind", "power": ""}
        response = client.post("/tx/delivery/", json={"sessionId": seller, "tx": [blank]})
        empty = {"http": response.status_code, "body": response.json()}
        offer = step("GET", f"/tx/pool/{buyer}")["tx"][0]
        step(
            "PUT",
            "/tx/purchase",
            {"sessionId": buyer, "timestampBuy": 1, "tx": [{"txHash": offer["txHash"]}]},
        )
        step("GET", f"/usr/account/{buyer}")
        step("DELETE", "/usr/logout", {"sessionId": buyer, "msg": "logout"})
        step("DELETE", "/usr/logout", {"sessionId": seller, "msg": "logout"})
    _check_replay(log, empty, offer)


def test_the_web_clients_calls_cross_origin_from_chromium(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed (pip install 'playwright>=1.40,<2')")
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    pages = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    errors: list[str] = []
    try:
        with server("pec", "--data", str(tmp_path), *FAST) as running, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                page = browser.new_page()
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(f"http://127.0.0.1:{pages.server_address[1]}/replay.html")
                result = page.evaluate(
                    "([base, name]) => replay(base, name)", [f"http://{running.host}:{running.port}", "carol"]
                )
            finally:
                browser.close()
    finally:
        pages.shutdown()
    assert errors == []
    _check_replay(result["log"], result["empty"], result["offer"])
