"""The server's options, validated once so that the rest of the server can trust them.

Numbers are bounded where they are parsed (``cli.NUMBERS``); what is checked here is the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import UsageError
from . import permissions

MAX_TOKEN_LENGTH = 512
SNOWFLAKE = re.compile(r"^[0-9]{15,20}$")


@dataclass(frozen=True, slots=True)
class Client:
    """A token given on the command line: its kind, granted permissions and (bots) allowed guilds."""

    token: str
    kind: str = "user"
    perms: int = permissions.BASE
    allowed_guilds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the command line decides; see ``docs/examples/kapi.md`` for each option."""

    host: str = "127.0.0.1"
    port: int = 0
    data: Path | None = None
    clients: tuple[Client, ...] = ()
    guilds: tuple[str, ...] = ()
    heartbeat_interval_ms: int = 41250
    rate_limit: int = 120
    rate_window: float = 10.0
    debug_routes: bool = False
    tls_cert: Path | None = None
    tls_key: Path | None = None
    resume_window: float = 60.0
    max_message_bytes: int = 64 * 1024
    max_body_bytes: int = 64 * 1024
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    pending_per_address: int = 32
    max_gateway_per_address: int = 64
    store_keys: int = 100

    def __post_init__(self) -> None:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise UsageError("--tls-cert and --tls-key go together: give both or neither")
        for name, path in (("--tls-cert", self.tls_cert), ("--tls-key", self.tls_key)):
            if path is not None and not path.is_file():
                raise UsageError(f"{name} {path}: no such file (expected a PEM file)")
        seen: set[str] = set()
        for client in self.clients:
            check_token(client.token, OPTIONS[client.kind])
            if client.token in seen:
                raise UsageError(
                    f"{OPTIONS[client.kind]}: a token is given twice; every client needs its own"
                )
            seen.add(client.token)
        for guild in self.guilds:
            if not SNOWFLAKE.match(guild):
                raise UsageError(f"--guild {guild!r}: expected a snowflake (15 to 20 digits)")

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    @property
    def heartbeat_timeout(self) -> float:
        """Seconds without a heartbeat before the gateway closes with 4009."""
        return 1.5 * self.heartbeat_interval_ms / 1000


OPTIONS = {"user": "--user-token (--token)", "bot": "--bot-token", "kettu": "--kettu-token"}
"""The option that gives each kind of client, for messages."""


def check_token(token: str, option: str = "--token") -> None:
    """A token must fit in an Authorization header: visible ASCII, no spaces, not too long."""
    if not token:
        raise UsageError(f"{option}: a token must not be empty")
    if len(token) > MAX_TOKEN_LENGTH:
        raise UsageError(
            f"{option}: a token is {len(token)} characters long; at most {MAX_TOKEN_LENGTH} are allowed"
        )
    bad = next((c for c in token if not 0x21 <= ord(c) <= 0x7E), None)
    if bad is not None:
        raise UsageError(
            f"{option}: a token may only hold visible ASCII characters without spaces; found {bad!r}"
        )


def bot_client(spec: str) -> Client:
    """``TOKEN[:ITEM,...]`` of ``--bot-token``: each item a permission name or an allowed guild id."""
    token, _, items = spec.partition(":")
    perms = 0
    guilds: list[str] = []
    for item in filter(None, (part.strip() for part in items.split(","))):
        if SNOWFLAKE.match(item):
            guilds.append(item)
            continue
        try:
            perms |= permissions.parse_names([item])
        except ValueError as error:
            raise UsageError(f"--bot-token: {error}, or a guild id") from None
    return Client(token, "bot", perms, tuple(guilds))
