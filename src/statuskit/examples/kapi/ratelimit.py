"""Fixed-window rate limits: one bucket per token, shared by REST and the gateway.

Clients without a valid token share a bucket per address, so trying tokens is limited too. The
table of buckets is pruned of expired windows, so its size stays bounded by the active clients.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_BUCKETS = 100_000


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one request or message, and what the rate-limit headers say."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float

    @property
    def retry_after(self) -> float:
        """Seconds until the bucket refills, rounded up to the millisecond."""
        return math.ceil(self.reset_after * 1000) / 1000

    def headers(self, now: float | None = None) -> dict[str, str]:
        epoch = (time.time() if now is None else now) + self.reset_after
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": f"{epoch:.3f}",
            "x-ratelimit-reset-after": f"{self.reset_after:.3f}",
        }


class RateLimiter:
    """``hit(key)`` counts one request against ``key``'s bucket of ``limit`` per ``window`` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_buckets = max_buckets
        self._buckets: dict[str, tuple[float, int]] = {}

    def hit(self, key: str) -> Verdict:
        now = self._clock()
        reset_at, count = self._buckets.get(key, (0.0, 0))
        if reset_at <= now:
            reset_at, count = now + self.window, 0
            if len(self._buckets) >= self._max_buckets:
                self._prune(now)
        count += 1
        self._buckets[key] = (reset_at, count)
        return Verdict(count <= self.limit, self.limit, max(0, self.limit - count), reset_at - now)

    def __len__(self) -> int:
        return len(self._buckets)

    def _prune(self, now: float) -> None:
        for key in [k for k, (reset_at, _) in self._buckets.items() if reset_at <= now]:
            del self._buckets[key]
        while len(self._buckets) >= self._max_buckets:
            del self._buckets[next(iter(self._buckets))]
