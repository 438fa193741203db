"""Users, kept in ``DATA/users.json`` and replaced atomically on every change.

A user is made for each ``--token`` the first time it is seen and keeps its id and name across
restarts. Tokens are never stored: the file keeps their SHA-256 digests, so a stolen data
directory does not hand out working tokens. Without a data directory the users live in memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import Location, StatuskitError
from ...fileio import atomic_write

FILE_NAME = "users.json"
FORMAT = "statuskit-kapi-users"
MAX_NAME_LENGTH = 32


class DataError(StatuskitError):
    """The data directory or a file in it cannot be used."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(f"{location}: {message}")
        self.message = message
        self.location = location


@dataclass(frozen=True, slots=True)
class User:
    """A kAPI user as the API shows it: ``{"id", "name"}`` (never the token)."""

    id: str
    name: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(value: Any) -> str | None:
    """Why ``value`` is not a usable user name, or None when it is."""
    if not isinstance(value, str):
        return "name must be a string"
    if not 1 <= len(value.strip()) <= MAX_NAME_LENGTH or len(value) > MAX_NAME_LENGTH:
        return f"name must be 1 to {MAX_NAME_LENGTH} characters long, not only spaces"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in value):
        return "name must not contain control characters"
    return None


class UserStore:
    """Users by token digest and by id; :meth:`rename` persists before it answers."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._by_digest: dict[str, User] = {}
        self._by_id: dict[str, User] = {}
        self._lock = asyncio.Lock()

    @classmethod
    def open(cls, data: Path | None, tokens: tuple[str, ...]) -> UserStore:
        """Load the users of ``data`` (if any) and make one for each new token."""
        path = None if data is None else _prepare(data) / FILE_NAME
        store = cls(path)
        if path is not None and path.exists():
            store._load(path)
        added = False
        for token in tokens:
            digest = token_digest(token)
            if digest not in store._by_digest:
                user_id = store._new_id()
                store._put(digest, User(user_id, f"kettu-{user_id[-4:]}"))
                added = True
        if added:
            store._save_sync(store._records())
        return store

    def by_token(self, token: str) -> User | None:
        return self._by_digest.get(token_digest(token))

    def by_id(self, user_id: str) -> User | None:
        return self._by_id.get(user_id)

    async def rename(self, user: User, name: str) -> User:
        """Give ``user`` a new name, written to disk before the change is visible."""
        async with self._lock:
            renamed = User(user.id, name)
            records = [
                {**record, "name": name} if record["id"] == user.id else record for record in self._records()
            ]
            if self.path is not None:
                await asyncio.to_thread(self._save_sync, records)
            for digest, known in list(self._by_digest.items()):
                if known.id == user.id:
                    self._by_digest[digest] = renamed
            self._by_id[user.id] = renamed
            return renamed

    def _new_id(self) -> str:
        while True:
            user_id = str(10**17 + secrets.randbelow(9 * 10**17))
            if user_id not in self._by_id:
                return user_id

    def _put(self, digest: str, user: User) -> None:
        self._by_digest[digest] = user
        self._by_id[user.id] = user

    def _records(self) -> list[dict[str, str]]:
        return [
            {"id": user.id, "name": user.name, "token_sha256": digest}
            for digest, user in self._by_digest.items()
        ]

    def _save_sync(self, records: list[dict[str, str]]) -> None:
        if self.path is None:
            return
        document = {"format": FORMAT, "version": 1, "users": records}
        atomic_write(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")

    def _load(self, path: Path) -> None:
        where = str(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataError(f"byte {error.start + 1} is not valid UTF-8", Location(where)) from None
        except OSError as error:
            raise DataError(f"cannot read: {error.strerror}", Location(where)) from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise DataError(
                f"not valid JSON: {error.msg}", Location(where, error.lineno, error.colno)
            ) from None
        except RecursionError:
            raise DataError("nested too deeply", Location(where)) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise DataError(f'expected a JSON object with "format": "{FORMAT}"', Location(where))
        users = document.get("users")
        if not isinstance(users, list):
            raise DataError('expected "users" to be a list', Location(where))
        for index, record in enumerate(users):
            self._load_record(record, f"users[{index}]", where)

    def _load_record(self, record: Any, label: str, where: str) -> None:
        if not isinstance(record, dict):
            raise DataError(f"{label} must be an object", Location(where))
        user_id, name, digest = record.get("id"), record.get("name"), record.get("token_sha256")
        if not isinstance(user_id, str) or not user_id.isdigit() or not isinstance(digest, str):
            raise DataError(f'{label} needs a numeric string "id" and a "token_sha256"', Location(where))
        problem = check_name(name)
        if problem is not None:
            raise DataError(f"{label}: {problem}", Location(where))
        if user_id in self._by_id or digest in self._by_digest:
            raise DataError(f"{label} repeats an id or a token of an earlier user", Location(where))
        self._put(digest, User(user_id, str(name)))


def _prepare(data: Path) -> Path:
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(f"cannot use as data directory: {error.strerror}", Location(str(data))) from None
    if not os.access(data, os.W_OK | os.X_OK):
        raise DataError("data directory is not writable", Location(str(data)))
    return data
