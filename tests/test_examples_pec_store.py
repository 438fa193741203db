"""The pec database and request parsing, in process: atomic purchases across connections, backups, fields."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from statuskit.examples.pec import parse
from statuskit.examples.pec.parse import BadRequest
from statuskit.examples.pec.store import NewOffer, Store, StoreError

FUTURE = 4102444800000


def test_two_stores_on_one_file_sell_an_offer_once(tmp_path: Path) -> None:
    first, second = Store.open(tmp_path), Store.open(tmp_path)
    for number, name in enumerate(["seller", "a", "b"]):
        assert first.signup(name, "hash", 100, number)
    (offer,) = first.deliver(1, [NewOffer(1, 60, "wind", FUTURE)], 0)
    results: list[list[bool]] = []
    barrier = threading.Barrier(2)

    def buy(store: Store, buyer: int) -> None:
        barrier.wait()
        results.append(store.purchase(buyer, [offer["txHash"]], 1))

    threads = [threading.Thread(target=buy, args=(s, b)) for s, b in ((first, 2), (second, 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [[False], [True]]
    balances = [
        row[0] for row in sqlite3.connect(tmp_path / "pec.sqlite3").execute("SELECT balance FROM accounts")
    ]
    assert sorted(balances) == [40, 100, 160]


def test_a_purchase_beyond_the_balance_changes_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.signup("seller", "h", 100, 0)
    store.signup("buyer", "h", 50, 0)
    (offer,) = store.deliver(1, [NewOffer(1, 60, "wind", FUTURE)], 0)
    assert store.purchase(2, [offer["txHash"]], 1) == [False]
    assert [o["txHash"] for o in store.pool(2, 1)[0]] == [offer["txHash"]]
    assert store.account_info(2, 1)["balance"] == 50 and store.account_info(1, 1)["balance"] == 100


def test_sessions_expire_and_are_stored_hashed(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.signup("user", "h", 1, 0)
    store.open_session(1, "the-session", now=1000.0, ttl=10)
    assert store.session_account("the-session", 1005.0) == 1
    assert store.extend_session("the-session", 1005.0, 10)
    assert store.session_account("the-session", 1014.0) == 1
    assert store.session_account("the-session", 1016.0) is None
    assert not store.extend_session("the-session", 1016.0, 10)
    raw = (tmp_path / "pec.sqlite3").read_bytes() + (tmp_path / "pec.sqlite3-wal").read_bytes()
    assert b"the-session" not in raw


def test_backup_is_a_readable_copy(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.signup("kept", "h", 1, 0)
    target = store.backup()
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT account FROM accounts").fetchall() == [("kept",)]


def test_a_directory_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"not a (usable )?directory"):
        Store.open(tmp_path / "file" / "below")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "not JSON"),
        (b"\xc3\x28", "not UTF-8"),
        (b'{"a": Infinity}', "Infinity"),
        (b"1" * 5000, "not usable JSON"),
        (b"{" * 50000, "JSON"),
    ],
)
def test_json_object_refuses_hostile_bodies(body: bytes, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        parse.json_object(body)


def test_numbers_as_decimal_strings_are_accepted_and_others_are_not() -> None:
    (offer,) = parse.offers({"tx": [{"amount": "3", "value": "10", "type": "w", "timestampExpire": "5"}]}, 10)
    assert offer == NewOffer(3, 10, "w", 5)
    for value in ("1e3", "²", "-1", " 1"):
        with pytest.raises(BadRequest, match="value"):
            parse.offers({"tx": [{"amount": 1, "value": value, "type": "w", "timestampExpire": 1}]}, 10)


def test_password_rule() -> None:
    assert parse.password_problem("abc12") is not None
    assert parse.password_problem("123456") is not None
    assert parse.password_problem("abc123") is None
    assert parse.password_problem("пароль") is None


def test_an_empty_admin_id_is_a_usage_error(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "statuskit", "example", "pec", "--port", "0", "--admin-id", ""]
    result = subprocess.run([*command, "--data", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "--admin-id" in result.stderr and "Traceback" not in result.stderr
