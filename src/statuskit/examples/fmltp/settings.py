"""Everything the command line decides about the FmLTP server, checked once so the rest can trust it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import dh

from ..serving import Common
from .auth import Lockout, Users
from .limits import Cooldown
from .store import QueueStore
from .version import Version

ENCRYPTIONS = ("fernet", "none")
LOG_LEVELS = ("all", "failures", "none")


@dataclass(frozen=True, slots=True)
class Settings:
    """The server's options; ``dh_parameters`` None means "generate them at start-up"."""

    common: Common
    name: str
    version: Version
    users: Users
    lockout: Lockout
    store: QueueStore
    encryption: str = "fernet"
    dh_parameters: dh.DHParameters | None = None
    handshake_timeout: float = 5.0
    handshake_cooldown: Cooldown = field(default_factory=lambda: Cooldown(0))
    idle_timeout: float = 0.0
    max_connections: int = 32
    max_per_address: int = 8
    log: str = "all"

    @property
    def host(self) -> str:
        return self.common.host

    @property
    def port(self) -> int:
        return self.common.port
