"""The server's options, validated once so that the rest of the server can trust them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ...errors import UsageError

MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the command line decides; see ``docs/examples/kapi.md`` for each option."""

    host: str = "127.0.0.1"
    port: int = 0
    data: Path | None = None
    tokens: tuple[str, ...] = ()
    heartbeat_interval_ms: int = 41250
    rate_limit: int = 120
    rate_window: float = 10.0
    debug_routes: bool = False
    tls_cert: Path | None = None
    tls_key: Path | None = None
    resume_window: float = 60.0
    max_message_bytes: int = 64 * 1024
    max_body_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise UsageError(f"--port must be between 0 and 65535, not {self.port}")
        if self.heartbeat_interval_ms < 1:
            raise UsageError(
                f"--heartbeat-interval must be a positive number of ms, not {self.heartbeat_interval_ms}"
            )
        if self.rate_limit < 1:
            raise UsageError(f"--rate-limit must be at least 1, not {self.rate_limit}")
        if not 0 <= self.resume_window < math.inf:
            raise UsageError(
                f"--resume-window must be a non-negative number of seconds, not {self.resume_window}"
            )
        if (self.tls_cert is None) != (self.tls_key is None):
            raise UsageError("--tls-cert and --tls-key go together: give both or neither")
        for token in self.tokens:
            check_token(token)

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    @property
    def heartbeat_timeout(self) -> float:
        """Seconds without a heartbeat before the gateway closes with 4009."""
        return 1.5 * self.heartbeat_interval_ms / 1000


def check_token(token: str) -> None:
    """A token must fit in an Authorization header: visible ASCII, no spaces, not too long."""
    if not token:
        raise UsageError("--token must not be empty")
    if len(token) > MAX_TOKEN_LENGTH:
        raise UsageError(f"--token is {len(token)} characters long; at most {MAX_TOKEN_LENGTH} are allowed")
    bad = next((c for c in token if not 0x21 <= ord(c) <= 0x7E), None)
    if bad is not None:
        raise UsageError(f"--token may only hold visible ASCII characters without spaces; found {bad!r}")
