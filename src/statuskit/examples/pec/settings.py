"""Everything the command line decides about pec, checked once so the rest can trust it."""

from __future__ import annotations

from dataclasses import dataclass

from ..serving import Common


@dataclass(frozen=True, slots=True)
class Settings:
    """What the command line can change about the protocol's behaviour."""

    admin_id: str
    initial_balance: int = 1000
    session_ttl: float = 1800.0
    max_body: int = 1 << 20
    max_items: int = 1000
    log_replies: bool = True
    body_timeout: float = 30.0
    max_offers: int = 1000
    pool_page: int = 500


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the command line decides: the common server options, pec's own, the hasher's."""

    common: Common
    settings: Settings
    database_timeout: float = 5.0
    hash_time_cost: int = 2
    hash_memory_kib: int = 19456
    hash_workers: int = 2
    header_timeout: float = 10.0
