"""The guild routes: guilds and their configuration, members, and cases (with reservations).

A route needs ``READ_GUILDS`` or ``MANAGE_GUILDS`` (50002 without), and access to the guild
(50001 without): Kettu sees every guild, a bot the guilds in its ``allowed_guilds``, a user only
with the global permissions (there is no Discord here to say which guilds a user manages). Then
the guild must exist (10002). Changes are dispatched to the sessions that may see the guild.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .guilds import CASE_TYPES, MAX_CASES, MAX_CONFIGS, MAX_MEMBERS, Guild, now_ms
from .rest import (
    Caller,
    json_body,
    json_object,
    no_content,
    ok,
    query_int,
    query_snowflake,
    require,
    shown,
    state_of,
)
from .settings import SNOWFLAKE
from .state import sees_guild
from .store import User

PREFIX = re.compile(r"^\S{1,32}$")
CONFIG_SECTIONS = ("logs", "mod", "roles", "social", "raidmode", "boost")
CASE_FIELDS: dict[str, str] = {
    "reason": "text",
    "log": "message",
    "context": "message",
    "user_id": "snowflake",
    "channel_id": "snowflake",
    "user_dm": "dm",
    "strikes": "count",
    "time": "count",
    "meta": "object",
}
NEEDS_USER = ("ban", "kick", "mute")
NEEDS_CHANNEL = ("purge", "slowmode")
MAX_META = 4096
"""Bytes of JSON a case's ``meta`` may take."""


def _guild(request: Request, caller: Caller, permission: str) -> Guild:
    """The guild of the path, after the permission (50002), access (50001) and existence (10002)."""
    state = state_of(request)
    user = caller.user
    require(request, user, permission)
    guild_id: str = request.path_params["guild_id"]
    global_permission = "MANAGE_GUILDS_GLOBAL" if permission == "MANAGE_GUILDS" else "READ_GUILDS_GLOBAL"
    if not (sees_guild(user, guild_id) and (user.type != "user" or user.can(global_permission))):
        raise state.replies.error(50001, f"no access to guild {shown(guild_id)}")
    guild = state.guilds.get(guild_id)
    if guild is None:
        raise state.replies.error(10002)
    return guild


def _instance(request: Request, user: User, guild: Guild) -> str:
    """Whose configuration the request means: Kettu's own, ``?instance=``, the only one, main Kettu's."""
    if user.type == "kettu":
        return user.id
    chosen = query_snowflake(request, "instance")
    if chosen is not None:
        return chosen
    if len(guild.configs) == 1:
        return next(iter(guild.configs))
    main = state_of(request).main_kettu
    return main.id if main is not None else user.id


def _bad(request: Request, why: str) -> Exception:
    return state_of(request).replies.error(50004, why)


# -- guilds --------------------------------------------------------------------------------------


async def get_guild(request: Request, caller: Caller) -> Response:
    guild = _guild(request, caller, "READ_GUILDS")
    return ok(request, guild.to_json(_instance(request, caller.user, guild)))


async def update_guild(request: Request, caller: Caller) -> Response:
    """``PATCH /guilds/{id}``: ``prefix`` (``^\\S{1,32}$``) and the configuration's sections."""
    guild = _guild(request, caller, "MANAGE_GUILDS")
    instance = _instance(request, caller.user, guild)
    changes = await json_object(request)
    for key, value in changes.items():
        if key == "prefix":
            if not isinstance(value, str) or not PREFIX.match(value):
                raise _bad(request, "prefix must be 1 to 32 characters without spaces")
        elif key == "disabled":
            if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 64 for v in value):
                raise _bad(request, "disabled must be a list of command names")
        elif key == "disableReply":
            if not isinstance(value, bool):
                raise _bad(request, "disableReply must be a boolean")
        elif key in CONFIG_SECTIONS:
            if not isinstance(value, dict):
                raise _bad(request, f"{key} must be an object")
            if key == "roles" and not all(
                isinstance(value.get(k, []), list) for k in ("selfroles", "reactroles")
            ):
                raise _bad(request, "roles.selfroles and roles.reactroles must be lists")
        else:
            raise _bad(request, f"{shown(key)} is not a guild setting")
    if instance not in guild.configs and len(guild.configs) >= MAX_CONFIGS:
        raise _bad(request, f"a guild keeps at most {MAX_CONFIGS} bot configurations here")
    config = guild.config_of(instance)
    for key, value in changes.items():
        config[key] = {**config[key], **value} if key in CONFIG_SECTIONS else value
    guild.configs[instance] = config
    _guild_updated(request, guild)
    return ok(request, guild.to_json(instance))


async def audit_guild(request: Request, caller: Caller) -> Response:
    """``POST /guilds/{id}/audit``: start the guild's one audit (204); a second one is refused."""
    guild = _guild(request, caller, "MANAGE_GUILDS")
    if guild.audit is not None:
        raise state_of(request).replies.error(0, "this guild has been audited already", http_status=400)
    guild.audit = {"audited": 0, "start": now_ms(), "last_member": None}
    _guild_updated(request, guild)
    return no_content(request)


def _guild_updated(request: Request, guild: Guild) -> None:
    state_of(request).guild_event("GUILDS", "GUILD_UPDATE", guild.id, guild.to_json(None))


# -- members -------------------------------------------------------------------------------------


def _member_id(request: Request) -> str:
    member_id: str = request.path_params["member_id"]
    if not SNOWFLAKE.match(member_id):
        raise state_of(request).replies.error(10003, f"{shown(member_id)} is not a user id")
    return member_id


async def get_member(request: Request, caller: Caller) -> Response:
    guild = _guild(request, caller, "MANAGE_GUILDS")
    return ok(request, guild.member(_member_id(request)))


async def update_member(request: Request, caller: Caller) -> Response:
    """``PATCH .../members/{id}`` (``KETTU`` only): sync ``nickname`` and ``premium_since``."""
    require(request, caller.user, "KETTU")
    guild = _guild(request, caller, "MANAGE_GUILDS")
    member_id = _member_id(request)
    changes = await json_object(request)
    for key, value in changes.items():
        if key == "nickname":
            if value is not None and (not isinstance(value, str) or len(value) > 32):
                raise _bad(request, "nickname must be text of at most 32 characters, or null")
        elif key == "premium_since":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise _bad(request, "premium_since must be a time in ms, or null")
        else:
            raise _bad(request, f"{shown(key)} is not a member field; expected nickname, premium_since")
    if member_id not in guild.members and len(guild.members) >= MAX_MEMBERS:
        raise _bad(request, f"a guild keeps at most {MAX_MEMBERS} members here")
    before = guild.members.get(member_id, {"id": member_id, "nickname": None, "premium_since": None})
    after = {**before, **changes}
    guild.members[member_id] = after
    member = guild.member(member_id)
    state = state_of(request)
    state.guild_event("GUILD_MEMBERS", "GUILD_MEMBER_UPDATE", guild.id, {"guild_id": guild.id, **member})
    if before.get("premium_since") is None and after.get("premium_since") is not None:
        state.guild_event("GUILD_MEMBERS", "GUILD_MEMBER_BOOST", guild.id, {"guild_id": guild.id, **member})
    return ok(request, member)


# -- cases ---------------------------------------------------------------------------------------


async def list_cases(request: Request, caller: Caller) -> Response:
    """``GET .../cases?limit&page&type&moderator``: oldest first, ``limit`` (default 20) per page."""
    guild = _guild(request, caller, "MANAGE_GUILDS")
    limit = query_int(request, "limit", 20, 1, MAX_CASES)
    page = query_int(request, "page", 0, 0, MAX_CASES)
    kind = request.query_params.get("type")
    if kind is not None and kind not in CASE_TYPES:
        raise state_of(request).replies.error(50003, f"type must be one of {', '.join(CASE_TYPES)}")
    moderator = query_snowflake(request, "moderator")
    cases = [
        case
        for case in guild.cases.values()
        if (kind is None or case["type"] == kind)
        and (moderator is None or case.get("moderator_id") == moderator)
    ]
    return ok(request, cases[page * limit : (page + 1) * limit])


def _case(request: Request, guild: Guild) -> dict[str, Any]:
    text: str = request.path_params["case_id"]
    case = guild.cases.get(int(text)) if text.isascii() and text.isdigit() and len(text) <= 9 else None
    if case is None:
        raise state_of(request).replies.error(0, f"unknown case {shown(text)}", http_status=404)
    return case


async def get_case(request: Request, caller: Caller) -> Response:
    guild = _guild(request, caller, "MANAGE_GUILDS")
    return ok(request, _case(request, guild))


async def reserve_case(request: Request, caller: Caller) -> Response:
    """``POST .../cases/reserve``: ``{"key", "case_id"}``; the key creates that case later."""
    guild = _guild(request, caller, "MANAGE_GUILDS")
    key, number = guild.reserve()
    return ok(request, {"key": key, "case_id": number})


async def create_case(request: Request, caller: Caller) -> Response:
    """``POST .../cases[?key=]``: 201 with the case; the moderator is the caller or whom it simulates."""
    guild = _guild(request, caller, "MANAGE_GUILDS")
    key = request.query_params.get("key")
    if key is not None and key not in guild.reservations:
        raise state_of(request).replies.error(50003, "key is not a reservation of this guild")
    if key is None and len(guild.cases) >= MAX_CASES:
        raise _bad(request, f"a guild keeps at most {MAX_CASES} cases here")
    body = await json_object(request)
    kind = body.get("type")
    if kind not in CASE_TYPES:
        raise _bad(request, f"type must be one of {', '.join(CASE_TYPES)}")
    fields = _case_fields(request, {k: v for k, v in body.items() if k != "type"})
    if kind in NEEDS_USER and "user_id" not in fields:
        raise _bad(request, f"a {kind} case needs user_id")
    if kind in NEEDS_CHANNEL and "channel_id" not in fields:
        raise _bad(request, f"a {kind} case needs channel_id")
    case = guild.add_case({"type": kind, "moderator_id": caller.acting_id, **fields}, key)
    state_of(request).guild_event("GUILD_CASES", "GUILD_CASE_CREATE", guild.id, case)
    return ok(request, case, status_code=201)


async def update_case(request: Request, caller: Caller) -> Response:
    guild = _guild(request, caller, "MANAGE_GUILDS")
    case = _case(request, guild)
    changes = _case_fields(request, await json_object(request))
    case.update(changes)
    state_of(request).guild_event("GUILD_CASES", "GUILD_CASE_UPDATE", guild.id, case)
    return ok(request, case)


async def delete_case(request: Request, caller: Caller) -> Response:
    guild = _guild(request, caller, "MANAGE_GUILDS")
    case = _case(request, guild)
    await json_body(request, empty=None)
    del guild.cases[case["id"]]
    state_of(request).guild_event("GUILD_CASES", "GUILD_CASE_DELETE", guild.id, case)
    return ok(request, case)  # not the documented 204: kdjs reads a JSON body from every success


def _case_fields(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """The case fields of ``body``, each checked; ``id``, ``guild_id``, ``type``, ``moderator_id`` refused."""
    fields: dict[str, Any] = {}
    for key, value in body.items():
        kind = CASE_FIELDS.get(key)
        if kind is None:
            raise _bad(request, f"{shown(key)} cannot be set; expected {', '.join(CASE_FIELDS)}")
        if not _case_value(kind, value):
            raise _bad(request, f"{key} is not a valid {kind}")
        fields[key] = value
    return fields


def _case_value(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str) and len(value) <= 1024
    if kind == "snowflake":
        return isinstance(value, str) and SNOWFLAKE.match(value) is not None
    if kind == "message":
        return (
            isinstance(value, dict)
            and set(value) <= {"channel_id", "message_id", "pending"}
            and all(_case_value("snowflake", value.get(k)) for k in ("channel_id", "message_id"))
        )
    if kind == "dm":
        return value is True or (isinstance(value, str) and len(value) <= 256)
    if kind == "count":
        return not isinstance(value, bool) and isinstance(value, int) and 0 <= value < 1 << 53
    return isinstance(value, dict) and len(json.dumps(value)) <= MAX_META
