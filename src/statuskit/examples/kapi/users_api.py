"""The user routes: ``/users/@me``, ``/users/{id}``, the user's key-value store and IP verification (MFA).

Which fields a client may see and change follows kAPI's user resource: ``public`` fields for
anyone with ``READ_USERS``, ``private`` ones for the user and ``MANAGE_USERS``, ``self`` ones for
the user only; the fields a user, a bot or Kettu may change differ, and changing another user's
fields needs ``MANAGE_USERS`` (Kettu's: ``MANAGE_KETTU``; permissions and allowed guilds: ``OWNER``).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..serving import log
from .rest import (
    Caller,
    address_of,
    json_body,
    json_object,
    no_content,
    ok,
    require,
    shown,
    state_of,
    users_only,
)
from .settings import SNOWFLAKE
from .store import User, check_name

STORE_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MFA_TRIES = 5
MAX_VERIFIED = 10_000
"""Verified (user, address) pairs kept; past it an arbitrary one is forgotten (and must verify again)."""
OWN_FIELDS = {
    "user": ("profile", "settings", "allowed_ips"),
    "bot": ("name", "allowed_ips"),
    "kettu": (),
}
"""What ``PATCH /users/@me`` lets each kind of client change."""
OTHERS_FIELDS: dict[str, dict[str, str]] = {
    "user": {
        "flags": "MANAGE_USERS",
        "profile": "MANAGE_USERS",
        "settings": "MANAGE_USERS",
        "perms": "OWNER",
    },
    "bot": {
        "allowed_ips": "MANAGE_USERS",
        "name": "MANAGE_USERS",
        "perms": "OWNER",
        "allowed_guilds": "OWNER",
    },
    "kettu": {
        "default_prefix": "MANAGE_KETTU",
        "options": "MANAGE_KETTU",
        "secrets": "MANAGE_KETTU",
        "blacklist": "MANAGE_KETTU",
        "perms": "OWNER",
    },
}
"""What ``PATCH /users/{id}`` may change on each kind of user, and the permission each field needs."""
PROFILE_KEYS = {"bio": str, "color": str, "pronouns": int, "timezone": str}
SETTINGS_KEYS = {
    "socialDisabled": bool,
    "socialPrefs": int,
    "animalDisabled": bool,
    "animalPrefs": int,
    "voteRM": bool,
    "public": bool,
}


async def me(request: Request, caller: Caller) -> Response:
    return ok(request, caller.user.to_json("self"))


async def update_me(request: Request, caller: Caller) -> Response:
    """``PATCH /users/@me``: the fields the caller's kind may change on itself."""
    user = caller.user
    changes = await json_object(request)
    allowed = OWN_FIELDS[user.type]
    for key in changes:
        if key not in allowed:
            kinds = {"user": "users", "bot": "bots", "kettu": "Kettu"}[user.type]
            raise _deny(request, f"{kinds} cannot change {shown(key)} here")
    return await _apply(request, user, changes, "self")


async def user_by_id(request: Request, caller: Caller) -> Response:
    """``GET /users/{id}``: public fields with READ_USERS, private ones with MANAGE_USERS."""
    viewer = caller.user
    require(request, viewer, "READ_USERS")
    target = _target(request)
    visibility = _visibility(viewer, target)
    if visibility == "public" and target.type == "user" and not target.settings.get("public", True):
        raise state_of(request).replies.error(50001, "this profile is not public")
    return ok(request, target.to_json(visibility))


async def update_user(request: Request, caller: Caller) -> Response:
    """``PATCH /users/{id}``: fields of another user, each with the permission the table asks."""
    viewer = caller.user
    if not (viewer.can("MANAGE_USERS") or viewer.can("MANAGE_KETTU")):
        raise _deny(request, "MANAGE_USERS is needed")
    target = _target(request)
    changes = await json_object(request)
    table = OTHERS_FIELDS[target.type]
    for key in changes:
        needed = table.get(key)
        if needed is None:
            raise _bad(request, f"{shown(key)} cannot be changed on a {target.type} user")
        if not viewer.can(needed):
            raise _deny(request, f"{needed} is needed to change {key}")
    return await _apply(request, target, changes, _visibility(viewer, target))


def _target(request: Request) -> User:
    state = state_of(request)
    user_id = request.path_params["user_id"]
    found = state.store.by_id(user_id)
    if found is None:
        raise state.replies.error(10001, user_id=shown(user_id))
    return found


def _visibility(viewer: User, target: User) -> str:
    if viewer.id == target.id:
        return "self"
    manager = "MANAGE_KETTU" if target.type == "kettu" else "MANAGE_USERS"
    return "private" if viewer.can(manager) else "public"


def _deny(request: Request, why: str) -> Exception:
    return state_of(request).replies.error(50002, why)


def _bad(request: Request, why: str) -> Exception:
    return state_of(request).replies.error(50004, why)


async def _apply(request: Request, user: User, changes: dict[str, Any], visibility: str) -> Response:
    """Check every change, then apply them all, persist, answer and dispatch USER_UPDATE."""
    state = state_of(request)
    updates = {key: _checked(request, key, value, user) for key, value in changes.items()}
    if updates:
        async with state.store.lock:
            for key, value in updates.items():
                if key in ("profile", "settings"):
                    value = {**getattr(user, key), **value}
                setattr(user, key, value)
            await state.store.save()
        state.user_updated(user)
    return ok(request, user.to_json(visibility))


def _checked(request: Request, key: str, value: Any, user: User) -> Any:
    """``value`` for field ``key`` when it is well formed; 50004 otherwise."""
    if key == "name":
        problem = check_name(value)
        if problem is not None:
            raise _bad(request, problem)
        return value
    if key in ("flags", "perms"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 31:
            raise _bad(request, f"{key} must be a non-negative integer")
        return value
    if key in ("profile", "settings"):
        return _section(request, key, value, PROFILE_KEYS if key == "profile" else SETTINGS_KEYS)
    if key in ("allowed_guilds", "blacklist"):
        if not isinstance(value, list) or len(value) > 1000 or not all(_snowflake(item) for item in value):
            raise _bad(request, f"{key} must be a list of snowflakes")
        return list(dict.fromkeys(value))
    if key == "allowed_ips":
        if not isinstance(value, list) or len(value) > 100 or not all(_ip_entry(item) for item in value):
            raise _bad(request, 'allowed_ips must be a list of {"address", "type"} objects')
        return value
    if key == "default_prefix":
        if not isinstance(value, str) or not re.fullmatch(r"\S{1,32}", value):
            raise _bad(request, "default_prefix must be 1 to 32 characters without spaces")
        return value
    if not isinstance(value, dict):  # options, secrets
        raise _bad(request, f"{key} must be an object")
    return value


def _section(request: Request, key: str, value: Any, schema: dict[str, type]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(request, f"{key} must be an object")
    for name, item in value.items():
        kind = schema.get(name)
        if kind is None:
            raise _bad(request, f"{key}.{shown(name)} is not a field; expected {', '.join(schema)}")
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            raise _bad(request, f"{key}.{name} must be of type {kind.__name__}")
        if isinstance(item, str) and len(item) > 256:
            raise _bad(request, f"{key}.{name} is longer than 256 characters")
    return value


def _snowflake(value: Any) -> bool:
    return isinstance(value, str) and SNOWFLAKE.match(value) is not None


def _ip_entry(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("address"), str)
        and 0 < len(value["address"]) <= 64
        and value.get("type", 0) in (0, 1, 2)
    )


# -- the user's store ----------------------------------------------------------------------------


def _key(request: Request) -> str:
    key: str = request.path_params["key"]
    if not STORE_KEY.match(key):
        raise state_of(request).replies.error(50003, "a store key is 1 to 64 of A-Z a-z 0-9 _ . : -")
    return key


async def store_get(request: Request, caller: Caller) -> Response:
    key = _key(request)
    return ok(request, {"key": key, "data": caller.user.store.get(key)})


async def store_set(request: Request, caller: Caller) -> Response:
    """``POST``: ``{"data": value}`` replaces the value; a request without a body deletes it."""
    key = _key(request)
    body = await json_body(request, empty=None)
    if body is not None and (not isinstance(body, dict) or set(body) - {"data"}):
        raise _bad(request, 'expected {"data": value}, or no body to delete the key')
    value = None if body is None else body.get("data")
    return await _store_write(request, caller.user, key, value)


async def store_patch(request: Request, caller: Caller) -> Response:
    """``PATCH``: ``{"data": object}`` is merged into the object kept under the key."""
    key = _key(request)
    body = await json_object(request)
    patch = body.get("data")
    if not isinstance(patch, dict) or set(body) - {"data"}:
        raise _bad(request, 'expected {"data": object}')
    current = caller.user.store.get(key, {})
    if not isinstance(current, dict):
        raise _bad(request, "the value kept under this key is not an object")
    return await _store_write(request, caller.user, key, {**current, **patch})


async def _store_write(request: Request, user: User, key: str, value: Any) -> Response:
    state = state_of(request)
    if value is not None and key not in user.store and len(user.store) >= state.settings.store_keys:
        raise _bad(request, f"the store holds at most {state.settings.store_keys} keys")
    async with state.store.lock:
        if value is None:
            user.store.pop(key, None)
        else:
            user.store[key] = value
        await state.store.save()
    return ok(request, {"key": key, "data": value})


# -- IP verification -----------------------------------------------------------------------------


async def mfa_send(request: Request, caller: Caller) -> Response:
    """``POST /users/@me/mfa``: a code for this address, sent where Kettu's DM would go (the log)."""
    state = state_of(request)
    users_only(request, caller.user)
    address = address_of(request)
    if (caller.user.id, address) in state.verified:
        raise state.replies.error(50006)
    code = f"{secrets.randbelow(10**6):06d}"
    state.mfa[caller.user.id] = (code, address, MFA_TRIES)
    log(f"mfa: code {code} for user {caller.user.id} at {address} (the direct message Kettu would send)")
    return no_content(request)


async def mfa_verify(request: Request, caller: Caller) -> Response:
    """``POST /users/@me/mfa/verify?code=``: verify the address the code was asked from."""
    state = state_of(request)
    users_only(request, caller.user)
    code = request.query_params.get("code", "")
    if not re.fullmatch(r"[0-9]{6}", code):
        raise state.replies.error(50003, "code must be the six digits that were sent")
    pending = state.mfa.get(caller.user.id)
    if pending is None:
        raise state.replies.error(50007, "no code was asked for")
    expected, address, tries = pending
    if address_of(request) != address:
        raise state.replies.error(50008)
    if not secrets.compare_digest(code, expected):
        if tries <= 1:
            del state.mfa[caller.user.id]
        else:
            state.mfa[caller.user.id] = (expected, address, tries - 1)
        raise state.replies.error(50007)
    del state.mfa[caller.user.id]
    if len(state.verified) >= MAX_VERIFIED:
        state.verified.pop()
    state.verified.add((caller.user.id, address))
    return no_content(request)
