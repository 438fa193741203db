"""User permissions and the three kinds of client, as kAPI's user resource defines them.

A permission may imply others (``OWNER`` implies ``ADMIN``, which implies ``MANAGE_USERS``, ...);
:func:`effective` follows the implications in the documented order. User clients get the base
permissions, bots what ``--bot-token`` gives them (none by default), Kettu the ``KETTU`` set.
"""

from __future__ import annotations

from collections.abc import Iterable

FLAGS: dict[str, int] = {
    "OWNER": 1 << 0,
    "MANAGE_KETTU": 1 << 1,
    "KETTU": 1 << 2,
    "ADMIN": 1 << 3,
    "MANAGE_USERS": 1 << 4,
    "MANAGE_IMAGES": 1 << 5,
    "MANAGE_GUILDS_GLOBAL": 1 << 6,
    "READ_GUILDS_GLOBAL": 1 << 7,
    "READ_IMAGES": 1 << 8,
    "READ_METRICS": 1 << 9,
    "BE_IMPRESSED": 1 << 10,
    "MANAGE_GUILDS": 1 << 11,
    "READ_GUILDS": 1 << 12,
    "READ_USERS": 1 << 13,
}
ALL = sum(FLAGS.values())
IMPLICATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("OWNER", ("ADMIN", "MANAGE_KETTU")),
    ("KETTU", ("ADMIN",)),
    ("ADMIN", ("MANAGE_USERS", "MANAGE_IMAGES", "MANAGE_GUILDS_GLOBAL", "READ_METRICS", "MANAGE_GUILDS")),
    ("MANAGE_GUILDS_GLOBAL", ("READ_GUILDS_GLOBAL",)),
    ("MANAGE_USERS", ("READ_USERS",)),
    ("MANAGE_IMAGES", ("READ_IMAGES",)),
    ("MANAGE_GUILDS", ("READ_GUILDS",)),
)
BASE = FLAGS["MANAGE_GUILDS"] | FLAGS["READ_GUILDS"] | FLAGS["READ_USERS"]
KINDS = ("user", "bot", "kettu")
SCHEME = {"user": "bearer", "bot": "bot", "kettu": "bot"}
"""The Authorization scheme each kind of client must use."""


def effective(perms: int) -> int:
    """``perms`` with everything they imply."""
    for name, implied in IMPLICATIONS:
        if perms & FLAGS[name]:
            for other in implied:
                perms |= FLAGS[other]
    return perms


def has(perms: int, name: str) -> bool:
    """Whether granted ``perms`` include ``name``, directly or by implication."""
    return bool(effective(perms) & FLAGS[name])


def default_perms(kind: str) -> int:
    """What a client of ``kind`` is granted when nothing else is said."""
    return {"user": BASE, "bot": 0, "kettu": FLAGS["KETTU"]}[kind]


def parse_names(names: Iterable[str]) -> int:
    """The bits of permission ``names``; ValueError names the first unknown one."""
    perms = 0
    for name in names:
        bit = FLAGS.get(name.strip().upper())
        if bit is None:
            raise ValueError(f"unknown permission {name!r}; expected one of {', '.join(FLAGS)}")
        perms |= bit
    return perms
