"""Everything the command line decides about the NemesisDB server, checked once so the rest can trust it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..serving import Common

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what clients can make the server hold or do; each has a command-line option."""

    max_sessions: int = 10_000
    """Live sessions at once; ``SH_NEW`` beyond it answers 103."""
    max_keys: int = 1_000_000
    """Keys over all sessions; a key beyond it is answered 42."""
    max_bytes: int = 64 * MIB
    """Keys and values over all sessions, as compact JSON in UTF-8; a key beyond it is answered 42."""
    max_connections: int = 1024
    """Open WebSocket connections; the next one is refused during the handshake (HTTP 503)."""
    idle_timeout: float = 180.0
    """Seconds a connection may stay silent before it is closed (the real server's 180 s)."""
    find_budget: float = 2.0
    """Seconds of work one ``KV_FIND`` may take before it is stopped and answered 4."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The protocol's behaviour as the command line chose it."""

    data: Path | None
    """Where snapshots live; None when the server keeps nothing on disk."""
    save_enabled: bool
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the command line decides: the common server options and NemesisDB's own."""

    common: Common
    settings: Settings
    max_payload: int = 1024
    load: tuple[str, ...] = ()
