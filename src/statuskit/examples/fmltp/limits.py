"""The handshake cool-down: an address whose handshake failed is refused for a while.

The FlexMusic server does this for ``handshake_failure_cooldown`` seconds (300 by default);
statuskit's server does it with ``--handshake-cooldown`` (0, off, by default). Memory is bounded:
past ``max_addresses`` the expired entries are dropped, then the oldest.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Cooldown:
    """Addresses refused until a moment; ``seconds`` 0 refuses none."""

    def __init__(
        self,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 100_000,
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._max_addresses = max_addresses
        self._until: dict[str, float] = {}

    def refused(self, address: str) -> bool:
        """True while ``address`` is cooling down."""
        until = self._until.get(address)
        if until is None:
            return False
        if self._clock() < until:
            return True
        del self._until[address]
        return False

    def failed(self, address: str) -> bool:
        """A handshake from ``address`` failed; True when the address is now refused."""
        if self.seconds <= 0:
            return False
        now = self._clock()
        if address not in self._until and len(self._until) >= self._max_addresses:
            for stale in [a for a, until in self._until.items() if until <= now]:
                del self._until[stale]
            while len(self._until) >= self._max_addresses:
                del self._until[next(iter(self._until))]
        self._until.pop(address, None)
        self._until[address] = now + self.seconds
        return True
