"""The pec database: accounts, sessions and offers in one SQLite file under ``--data``.

All methods are synchronous and must be called from one thread at a time (the server calls
them on its event loop: each takes well under a millisecond). Every change is one transaction;
a purchase sells an offer with a conditional UPDATE, so two buyers racing for one offer cannot
both get it, even from two processes sharing the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import StatuskitError

DATABASE_NAME = "pec.sqlite3"
BACKUP_NAME = "pec-backup.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    balance INTEGER NOT NULL,
    address TEXT NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS offers (
    tx_hash TEXT PRIMARY KEY,
    seller INTEGER NOT NULL REFERENCES accounts(id),
    buyer INTEGER REFERENCES accounts(id),
    amount NUMERIC NOT NULL,
    value INTEGER NOT NULL,
    type TEXT NOT NULL,
    timestamp_sell INTEGER NOT NULL,
    timestamp_expire INTEGER NOT NULL,
    timestamp_buy INTEGER,
    power NUMERIC NOT NULL DEFAULT 0,
    input_data TEXT NOT NULL DEFAULT '',
    block_height INTEGER NOT NULL DEFAULT 0,
    nonce INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS offers_open ON offers (buyer, timestamp_expire);
CREATE INDEX IF NOT EXISTS offers_seller ON offers (seller);
"""

_OFFER_COLUMNS = (
    "o.tx_hash, o.amount, o.value, o.type, o.timestamp_expire, o.timestamp_sell, o.timestamp_buy, o.buyer,"
    " o.power, o.input_data, o.block_height, o.nonce, s.address AS seller_address, b.address AS buyer_address"
)
_OFFERS = "offers o JOIN accounts s ON s.id = o.seller LEFT JOIN accounts b ON b.id = o.buyer"
# Columns added after the first release; an older database gets them on open.
_ADDED_COLUMNS = {
    "power": "NUMERIC NOT NULL DEFAULT 0",
    "input_data": "TEXT NOT NULL DEFAULT ''",
    "block_height": "INTEGER NOT NULL DEFAULT 0",
    "nonce": "INTEGER NOT NULL DEFAULT 0",
}


class _NotBought(Exception):
    """Rolls a purchase back: the offer is not on sale to the buyer or is too expensive."""


class StoreError(StatuskitError):
    """The database cannot be opened or used (the server reports 912 or 812)."""


@dataclass(frozen=True, slots=True)
class NewOffer:
    """An offer as delivered by a seller, already validated."""

    amount: int | float
    value: int
    type: str
    timestamp_expire: int
    power: int | float = 0
    input_data: str = ""


def token_hash(session_id: str) -> str:
    """Sessions are stored hashed: a copy of the database does not hand out live sessions."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def _offer(row: sqlite3.Row, now_ms: int) -> dict[str, Any]:
    """An offer with the fields the real server keeps for a transaction (``doc/data.md``)."""
    if row["buyer"] is not None:
        status = "succeeded"
    else:
        status = "waiting" if row["timestamp_expire"] > now_ms else "expired"
    return {
        "txHash": row["tx_hash"],
        "status": status,
        "blockHeight": row["block_height"],
        "timestampSell": row["timestamp_sell"],
        "timestampBuy": row["timestamp_buy"],
        "timestampExpire": row["timestamp_expire"],
        "power": row["power"],
        "value": row["value"],
        "amount": row["amount"],
        "type": row["type"],
        "from": row["buyer_address"] or "",
        "to": row["seller_address"],
        "nonce": row["nonce"],
        "inputData": row["input_data"],
    }


class Store:
    """The open database; ``Store.open(directory)`` creates it when missing."""

    def __init__(self, connection: sqlite3.Connection, directory: Path) -> None:
        self._db = connection
        self.directory = directory

    @classmethod
    def open(cls, directory: Path, *, timeout: float = 5.0) -> Store:
        """Open (or create) the database in ``directory``; StoreError says why it cannot."""
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{directory}: not a usable directory ({error.strerror or error})") from None
        if not directory.is_dir():
            raise StoreError(f"{directory}: not a directory")
        remove_partial_backups(directory)
        path = directory / DATABASE_NAME
        try:
            connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.executescript(_SCHEMA)
            present = {row["name"] for row in connection.execute("PRAGMA table_info(offers)")}
            for column, declaration in _ADDED_COLUMNS.items():
                if column not in present:
                    connection.execute(f"ALTER TABLE offers ADD COLUMN {column} {declaration}")
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot open the database ({error})") from None
        return cls(connection, directory)

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so that concurrent writers queue, never deadlock."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # accounts and sessions

    def signup(self, account: str, password_hash: str, balance: int, now_ms: int) -> bool:
        """Create the account; False when the name is taken."""
        address = secrets.token_hex(20)
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO accounts (account, password, balance, address, created)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (account, password_hash, balance, address, now_ms),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def credentials(self, account: str) -> tuple[int, str] | None:
        """The account's id and password hash, or None when there is no such account."""
        row = self._db.execute("SELECT id, password FROM accounts WHERE account = ?", (account,)).fetchone()
        return None if row is None else (row["id"], row["password"])

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE accounts SET password = ? WHERE id = ?", (password_hash, account_id))

    def open_session(self, account_id: int, session_id: str, now: float, ttl: float) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
            db.execute(
                "INSERT INTO sessions (token_hash, account_id, expires) VALUES (?, ?, ?)",
                (token_hash(session_id), account_id, now + ttl),
            )

    def session_account(self, session_id: str, now: float) -> int | None:
        """The account of a live session, or None when it is unknown or expired."""
        row = self._db.execute(
            "SELECT account_id FROM sessions WHERE token_hash = ? AND expires > ?",
            (token_hash(session_id), now),
        ).fetchone()
        return None if row is None else int(row["account_id"])

    def extend_session(self, session_id: str, now: float, ttl: float) -> bool:
        """Heartbeat: push a live session's expiry to ``now + ttl``; False when it is not live."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET expires = ? WHERE token_hash = ? AND expires > ?",
                (now + ttl, token_hash(session_id), now),
            )
        return cursor.rowcount == 1

    def close_session(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(session_id),))

    def account_info(self, account_id: int, now_ms: int) -> dict[str, Any]:
        """``account``, ``balance``, ``address``; offers bought (``purchase``) and sold (``delivery``)."""
        row = self._db.execute(
            "SELECT account, balance, address FROM accounts WHERE id = ?", (account_id,)
        ).fetchone()
        bought = self._db.execute(
            f"SELECT {_OFFER_COLUMNS} FROM {_OFFERS} WHERE o.buyer = ? ORDER BY o.timestamp_buy, o.rowid",
            (account_id,),
        ).fetchall()
        sold = self._db.execute(
            f"SELECT {_OFFER_COLUMNS} FROM {_OFFERS} WHERE o.seller = ? ORDER BY o.rowid", (account_id,)
        ).fetchall()
        return {
            "account": row["account"],
            "balance": row["balance"],
            "address": row["address"],
            "purchase": [_offer(offer, now_ms) for offer in bought],
            "delivery": [_offer(offer, now_ms) for offer in sold],
        }

    # the pool

    def pool(
        self, account_id: int, now_ms: int, *, offset: int = 0, limit: int = 500
    ) -> tuple[list[dict[str, Any]], bool]:
        """A page of the offers on sale to ``account_id`` (not sold, not expired, not its own),
        oldest first, and whether more follow."""
        rows = self._db.execute(
            f"SELECT {_OFFER_COLUMNS} FROM {_OFFERS} WHERE o.buyer IS NULL AND o.timestamp_expire > ?"
            " AND o.seller != ? ORDER BY o.rowid LIMIT ? OFFSET ?",
            (now_ms, account_id, limit + 1, offset),
        ).fetchall()
        return [_offer(row, now_ms) for row in rows[:limit]], len(rows) > limit

    def deliver(
        self, account_id: int, offers: Sequence[NewOffer], now_ms: int, *, max_on_sale: int = 1000
    ) -> list[dict[str, Any]] | None:
        """Put ``offers`` on sale, all or none; returns them with their new ``txHash``, or None
        when the seller would have more than ``max_on_sale`` offers on sale at once."""
        created = []
        with self._transaction() as db:
            (on_sale,) = db.execute(
                "SELECT COUNT(*) FROM offers WHERE seller = ? AND buyer IS NULL AND timestamp_expire > ?",
                (account_id, now_ms),
            ).fetchone()
            if on_sale + len(offers) > max_on_sale:
                return None
            height = db.execute("SELECT COUNT(*) FROM offers WHERE buyer IS NOT NULL").fetchone()[0]
            last_nonce = db.execute("SELECT COALESCE(MAX(nonce), 0) FROM offers").fetchone()[0]
            for nonce, offer in enumerate(offers, start=last_nonce + 1):
                tx_hash = secrets.token_hex(32)
                db.execute(
                    "INSERT INTO offers (tx_hash, seller, amount, value, type, timestamp_sell,"
                    " timestamp_expire, power, input_data, block_height, nonce)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        tx_hash,
                        account_id,
                        offer.amount,
                        offer.value,
                        offer.type,
                        now_ms,
                        offer.timestamp_expire,
                        offer.power,
                        offer.input_data,
                        height,
                        nonce,
                    ),
                )
                row = db.execute(
                    f"SELECT {_OFFER_COLUMNS} FROM {_OFFERS} WHERE o.tx_hash = ?", (tx_hash,)
                ).fetchone()
                created.append({**_offer(row, now_ms), "msg": "succeed"})
        return created

    def purchase(self, account_id: int, tx_hashes: Sequence[str], now_ms: int) -> list[bool]:
        """Buy each offer in its own transaction; True where it was bought.

        An offer is bought only when it is on sale (not sold, not expired, not the buyer's)
        and the buyer's balance covers its value; ownership and both balances move together.
        """
        results = []
        for tx_hash in tx_hashes:
            try:
                with self._transaction() as db:
                    row = db.execute(
                        "SELECT seller, value FROM offers WHERE tx_hash = ?", (tx_hash,)
                    ).fetchone()
                    if row is None:
                        raise _NotBought
                    sold = db.execute(
                        "UPDATE offers SET buyer = ?, timestamp_buy = ? WHERE tx_hash = ?"
                        " AND buyer IS NULL AND timestamp_expire > ? AND seller != ?",
                        (account_id, now_ms, tx_hash, now_ms, account_id),
                    )
                    paid = db.execute(
                        "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
                        (row["value"], account_id, row["value"]),
                    )
                    if sold.rowcount != 1 or paid.rowcount != 1:
                        raise _NotBought
                    db.execute(
                        "UPDATE accounts SET balance = balance + ? WHERE id = ?",
                        (row["value"], row["seller"]),
                    )
            except _NotBought:
                results.append(False)
            else:
                results.append(True)
        return results

    # administration

    def global_data(self, now_ms: int) -> dict[str, Any]:
        """Everything an administrator may look at: users (without password hashes) and offers."""
        users = [
            {"account": row["account"], "balance": row["balance"], "address": row["address"]}
            for row in self._db.execute("SELECT account, balance, address FROM accounts ORDER BY id")
        ]
        offers = []
        for row in self._db.execute(
            f"SELECT {_OFFER_COLUMNS}, s.account AS seller_name, b.account AS buyer_name FROM {_OFFERS}"
            " ORDER BY o.rowid"
        ):
            offer = _offer(row, now_ms)
            offer["seller"] = row["seller_name"]
            offer["buyer"] = row["buyer_name"]
            offers.append(offer)
        on_sale = sum(1 for offer in offers if offer["status"] == "waiting")
        return {
            "usrNum": len(users),
            "txNum": len(offers),
            "poolNum": on_sale,
            "users": users,
            "offers": offers,
        }

    def backup(self) -> Path:
        """A consistent copy of the database (SQLite's backup API) at ``BACKUP_NAME``, replaced atomically."""
        target = self.directory / BACKUP_NAME
        partial = self.directory / f".{BACKUP_NAME}.{secrets.token_hex(4)}.partial"
        try:
            copy = sqlite3.connect(partial)
            try:
                self._db.backup(copy)
            finally:
                copy.close()
            with open(partial, "rb+") as written:
                os.fsync(written.fileno())
            os.replace(partial, target)
            _fsync_directory(self.directory)
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise StoreError(f"{target}: backup failed ({error})") from None
        return target


def remove_partial_backups(directory: Path) -> None:
    """Delete backups a killed server left half-written (they are never read)."""
    for partial in directory.glob(f".{BACKUP_NAME}.*.partial"):
        with contextlib.suppress(OSError):
            partial.unlink()


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
