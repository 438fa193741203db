"""Users and their key-value stores, kept in ``DATA/users.json`` and replaced atomically on every change.

A user is made for each token of the command line the first time it is seen and keeps its id and
fields across restarts; its kind and granted permissions come from the command line on every start,
and only the tokens of this start's command line are accepted (leaving one out revokes it).
Tokens are never stored: the file keeps their SHA-256 digests, so a stolen data directory does not
hand out working tokens. Without a data directory the users live in memory.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Location, StatuskitError
from ...fileio import atomic_write, remove_stale_temporaries
from . import permissions
from .settings import Client

FILE_NAME = "users.json"
FORMAT = "statuskit-kapi-users"
MAX_NAME_LENGTH = 32
VERSION = 2


class DataError(StatuskitError):
    """The data directory or a file in it cannot be used."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(f"{location}: {message}")
        self.message = message
        self.location = location


@dataclass(eq=False)
class User:
    """A kAPI user (``type`` user, bot or kettu) and what it keeps; never its token."""

    id: str
    type: str = "user"
    perms: int = permissions.BASE
    name: str | None = None
    flags: int = 0
    votes: int = 0
    profile: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=lambda: {"public": True})
    allowed_guilds: list[str] = field(default_factory=list)
    allowed_ips: list[dict[str, Any]] = field(default_factory=list)
    default_prefix: str = "k>"
    options: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict)
    blacklist: list[str] = field(default_factory=list)
    store: dict[str, Any] = field(default_factory=dict)

    def can(self, name: str) -> bool:
        return permissions.has(self.perms, name)

    def to_json(self, visibility: str = "public") -> dict[str, Any]:
        """The user object at ``visibility`` ``public``, ``private`` or ``self``; never a token."""
        shown: dict[str, Any] = {"id": self.id, "type": self.type}
        if visibility in ("private", "self"):
            shown["perms"] = self.perms
        if visibility == "self":
            shown["allowed_ips"] = copy.deepcopy(self.allowed_ips)
        if self.type == "user":
            shown.update(flags=self.flags, profile=copy.deepcopy(self.profile), votes=self.votes)
            if visibility != "public":
                shown["settings"] = copy.deepcopy(self.settings)
        elif self.type == "bot":
            if self.name is not None:
                shown["name"] = self.name
            if visibility != "public":
                shown["allowed_guilds"] = list(self.allowed_guilds)
        else:
            shown["default_prefix"] = self.default_prefix
            if visibility != "public":
                shown.update(options=copy.deepcopy(self.options), blacklist=list(self.blacklist))
            if visibility == "self":
                shown["secrets"] = copy.deepcopy(self.secrets)
        return shown

    def record(self) -> dict[str, Any]:
        """What ``users.json`` keeps of this user (without the token digest)."""
        return {
            "id": self.id,
            "type": self.type,
            "perms": self.perms,
            "name": self.name,
            "flags": self.flags,
            "votes": self.votes,
            "profile": self.profile,
            "settings": self.settings,
            "allowed_guilds": self.allowed_guilds,
            "allowed_ips": self.allowed_ips,
            "default_prefix": self.default_prefix,
            "options": self.options,
            "secrets": self.secrets,
            "blacklist": self.blacklist,
            "store": self.store,
        }


def token_digest(token: str) -> str:
    """SHA-256 of the token's UTF-8; a lone surrogate (possible in a gateway frame) matches no token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_name(value: Any) -> str | None:
    """Why ``value`` is not a usable display name, or None when it is."""
    if not isinstance(value, str):
        return "name must be a string"
    if not 1 <= len(value.strip()) <= MAX_NAME_LENGTH or len(value) > MAX_NAME_LENGTH:
        return f"name must be 1 to {MAX_NAME_LENGTH} characters long, not only spaces"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in value):
        return "name must not contain control characters"
    return None


class UserStore:
    """Users by token digest and by id; :meth:`save` persists before a change is answered."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._by_digest: dict[str, User] = {}
        self._by_id: dict[str, User] = {}
        self._active: set[str] = set()
        self.lock = asyncio.Lock()

    @classmethod
    def open(cls, data: Path | None, clients: tuple[Client, ...]) -> UserStore:
        """Load the users of ``data`` (if any) and make one for each new token."""
        path = None if data is None else _prepare(data) / FILE_NAME
        store = cls(path)
        if path is not None:
            remove_stale_temporaries(path)
        if path is not None and path.exists():
            store._load(path)
        for client in clients:
            digest = token_digest(client.token)
            user = store._by_digest.get(digest)
            if user is None:
                user = User(store._new_id())
                if client.kind == "bot":
                    user.name = f"bot-{user.id[-4:]}"
                store._put(digest, user)
            user.type, user.perms = client.kind, client.perms
            store._active.add(digest)
            if client.kind == "bot":
                user.allowed_guilds = sorted(set(user.allowed_guilds) | set(client.allowed_guilds))
        store._save_sync(store._records())
        return store

    def by_token(self, token: str) -> User | None:
        """The user of ``token`` when the token was given on this start's command line."""
        digest = token_digest(token)
        return self._by_digest.get(digest) if digest in self._active else None

    def by_id(self, user_id: str) -> User | None:
        return self._by_id.get(user_id)

    def all(self) -> list[User]:
        return list(self._by_id.values())

    async def save(self) -> None:
        """Write every user to disk (off the event loop); call it with :attr:`lock` held."""
        if self.path is not None:
            await asyncio.to_thread(self._save_sync, self._records())

    def _new_id(self) -> str:
        while True:
            user_id = str(10**17 + secrets.randbelow(9 * 10**17))
            if user_id not in self._by_id:
                return user_id

    def _put(self, digest: str, user: User) -> None:
        self._by_digest[digest] = user
        self._by_id[user.id] = user

    def _records(self) -> list[dict[str, Any]]:
        return [
            {**copy.deepcopy(user.record()), "token_sha256": digest}
            for digest, user in self._by_digest.items()
        ]

    def _save_sync(self, records: list[dict[str, Any]]) -> None:
        if self.path is None:
            return
        document = {"format": FORMAT, "version": VERSION, "users": records}
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
        user_id, digest = record.get("id"), record.get("token_sha256")
        if not isinstance(user_id, str) or not user_id.isdigit() or not isinstance(digest, str):
            raise DataError(f'{label} needs a numeric string "id" and a "token_sha256"', Location(where))
        if user_id in self._by_id or digest in self._by_digest:
            raise DataError(f"{label} repeats an id or a token of an earlier user", Location(where))
        user = User(user_id)
        kind, perms = record.get("type", "user"), record.get("perms", user.perms)
        if kind not in ("user", "bot", "kettu") or isinstance(perms, bool) or not isinstance(perms, int):
            raise DataError(
                f'{label}: "type" must be user, bot or kettu and "perms" an integer', Location(where)
            )
        user.type, user.perms = kind, perms
        name = record.get("name")
        if name is not None:
            problem = check_name(name)
            if problem is not None:
                raise DataError(f"{label}: {problem}", Location(where))
            user.name = name
        for key, kind in _FIELD_TYPES.items():
            if key in record and record[key] is not None:
                if not isinstance(record[key], kind) or isinstance(record[key], bool) != (kind is bool):
                    raise DataError(f"{label}: {key} must be a {kind.__name__}", Location(where))
                setattr(user, key, record[key])
        self._put(digest, user)


_FIELD_TYPES: dict[str, type] = {
    "flags": int,
    "votes": int,
    "profile": dict,
    "settings": dict,
    "allowed_guilds": list,
    "allowed_ips": list,
    "default_prefix": str,
    "options": dict,
    "secrets": dict,
    "blacklist": list,
    "store": dict,
}


def _prepare(data: Path) -> Path:
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(f"cannot use as data directory: {error.strerror}", Location(str(data))) from None
    if not os.access(data, os.W_OK | os.X_OK):
        raise DataError("data directory is not writable", Location(str(data)))
    return data
