"""Guilds, their per-bot configurations, members and cases (moderation records), kept in memory.

Only the guilds given with ``--guild`` exist (the guilds Kettu is in); there is no Discord to ask.
Case numbers count up from 1 per guild; a number can be reserved first and used later with its key.
"""

from __future__ import annotations

import copy
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

CASE_TYPES = (
    "strike",
    "ban",
    "kick",
    "mute",
    "purge",
    "raidmode",
    "slowmode",
    "lockserver",
    "lockcategory",
    "lockchannel",
    "editcase",
    "deletecase",
)
MAX_CASES = 10_000
MAX_RESERVATIONS = 100
MAX_CONFIGS = 100
MAX_MEMBERS = 100_000


DEFAULT_ACTION_CASES = sum(1 << bit for bit in (0, 1, 2, 3, 5, 7, 8, 11))
"""The mod actions counted as cases unless configured otherwise (the documented defaults)."""


def default_config() -> dict[str, Any]:
    """A guild configuration with every section present (kdjs reads each one)."""
    return {
        "prefix": "k>",
        "disabled": [],
        "disableReply": False,
        "logs": {"modSkip": 0, "type": 0},
        "mod": {
            "confirm": "none",
            "type": 0,
            "deleteCmd": False,
            "deleteErr": False,
            "dm": {"dm": True, "showMod": False},
            "role": {},
            "actionCases": DEFAULT_ACTION_CASES,
        },
        "roles": {"selfroles": [], "reactroles": []},
        "social": {"sDelete": False, "blacklist": []},
        "raidmode": {"state": "off", "action": "kick", "joins": 10, "seconds": 10},
        "boost": {"enabled": False},
    }


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(eq=False)
class Guild:
    id: str
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    premium: str | None = None
    audit: dict[str, Any] | None = None
    next_case: int = 1
    cases: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    reservations: dict[str, int] = field(default_factory=dict)

    def config_of(self, instance: str) -> dict[str, Any]:
        """The configuration of bot ``instance`` (the defaults until one is saved)."""
        return self.configs.get(instance) or default_config()

    def to_json(self, instance: str | None) -> dict[str, Any]:
        """The guild object; ``config`` is that of bot ``instance`` (None: leave it out)."""
        shown: dict[str, Any] = {"id": self.id, "configs": copy.deepcopy(self.configs)}
        if instance is not None:
            shown["config"] = copy.deepcopy(self.config_of(instance))
        if self.premium is not None:
            shown["premium"] = self.premium
        if self.audit is not None:
            shown["audit"] = dict(self.audit)
        shown["nextCaseNumber"] = self.next_case
        return shown

    # -- cases ------------------------------------------------------------------------------

    def reserve(self) -> tuple[str, int]:
        """A fresh case number and the key that creates the case with it."""
        if len(self.reservations) >= MAX_RESERVATIONS:
            del self.reservations[next(iter(self.reservations))]
        number = self.next_case
        self.next_case += 1
        key = secrets.token_urlsafe(12)
        self.reservations[key] = number
        return key, number

    def add_case(self, fields: dict[str, Any], key: str | None) -> dict[str, Any]:
        number = self.reservations.pop(key) if key is not None else None
        if number is None:
            number = self.next_case
            self.next_case += 1
        case = {"id": number, "guild_id": self.id, "created_at": now_ms(), **fields}
        self.cases[number] = case
        return case

    def member(self, member_id: str) -> dict[str, Any]:
        """The member object, or the default one (``"default": true``) for a member never synced."""
        strikes = sum(
            int(case.get("strikes") or 0) for case in self.cases.values() if case.get("user_id") == member_id
        )
        known = self.members.get(member_id)
        if known is None:
            return {
                "id": member_id,
                "nickname": None,
                "strikes": strikes,
                "premium_since": None,
                "default": True,
            }
        return {**known, "strikes": strikes}


class Guilds:
    def __init__(self, ids: tuple[str, ...]) -> None:
        self._guilds = {guild_id: Guild(guild_id) for guild_id in ids}

    def get(self, guild_id: str) -> Guild | None:
        return self._guilds.get(guild_id)
