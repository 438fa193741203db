"""What every route and gateway connection of one server shares, and who hears which dispatch.

It sits below :mod:`.rest`, :mod:`.routes` and :mod:`.gateway` and imports none of them, so the
application (:mod:`.app`) can import them all without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..serving import bundled_catalog
from .guilds import Guilds
from .images import Images
from .ratelimit import RateLimiter
from .replies import Replies
from .sessions import Sessions
from .settings import Settings
from .store import User, UserStore

INTENTS = {
    "SHARDS": 0,
    "USERS": 1,
    "GUILDS": 2,
    "GUILD_CASES": 3,
    "GUILD_MEMBERS": 4,
    "IMAGES": 5,
    "INTERNAL": 6,
}
"""Gateway intents by name: the bit each one is."""


class Closable(Protocol):
    """A gateway connection, as far as the shared state needs to know it."""

    def close(self, code: int, why: str) -> None: ...

    def kill(self) -> None: ...


@dataclass(eq=False)
class State:
    """The settings, the data and the live connections of one server."""

    settings: Settings
    store: UserStore
    replies: Replies
    limiter: RateLimiter
    sessions: Sessions
    guilds: Guilds
    images: Images = field(default_factory=Images)
    connections: set[Closable] = field(default_factory=set)
    per_address: dict[str, int] = field(default_factory=dict)
    mfa: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    verified: set[tuple[str, str]] = field(default_factory=set)
    shutting_down: bool = False
    public_address: str = "127.0.0.1"

    @property
    def incoming_ops(self) -> frozenset[int]:
        """The opcodes a client may send: those the catalog marks ``send`` or ``both``."""
        return self._incoming

    def __post_init__(self) -> None:
        space = self.replies.opcodes
        self._incoming = frozenset(
            code.code
            for code in space.all_codes()
            if isinstance(code.code, int) and code.field("direction") in ("send", "both")
        )

    @property
    def main_kettu(self) -> User | None:
        """The first Kettu client: its guild configuration is the one shown by default."""
        return next((user for user in self.store.all() if user.type == "kettu"), None)

    def broadcast(self, intent: str, t: str, d: Any, hears: Callable[[User], bool]) -> None:
        """Dispatch ``t`` to every live session that asked for ``intent`` and whose user ``hears`` it."""
        bit = 1 << INTENTS[intent]
        for session in self.sessions.live():
            if session.intents & bit and (session.user.type == "kettu" or hears(session.user)):
                session.dispatch(t, d)

    def user_updated(self, user: User) -> None:
        """USER_UPDATE for Kettu and the user's own sessions (USERS intent)."""
        self.broadcast("USERS", "USER_UPDATE", user.to_json("private"), lambda other: other.id == user.id)

    def guild_event(self, intent: str, t: str, guild_id: str, d: Any) -> None:
        """A guild dispatch for the clients that may see the guild."""
        self.broadcast(intent, t, d, lambda user: sees_guild(user, guild_id))

    def image_event(self, t: str, d: Any) -> None:
        self.broadcast("IMAGES", t, d, lambda user: user.type == "user" or user.can("READ_IMAGES"))


def sees_guild(user: User, guild_id: str) -> bool:
    """Whether ``user`` may read guild ``guild_id`` at all (the permission aside)."""
    if user.type == "kettu" or user.can("READ_GUILDS_GLOBAL"):
        return True
    return user.type == "bot" and guild_id in user.allowed_guilds


def make_state(settings: Settings) -> State:
    """Load the catalog and the stored users; raises StatuskitError on unusable data."""
    replies = Replies(bundled_catalog("kapi"))
    return State(
        settings=settings,
        store=UserStore.open(settings.data, settings.clients),
        replies=replies,
        limiter=RateLimiter(settings.rate_limit, settings.rate_window),
        sessions=Sessions(settings.resume_window),
        guilds=Guilds(settings.guilds),
    )
