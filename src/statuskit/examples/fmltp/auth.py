"""Users with argon2 password hashes, and the per-address lock-out after failed AUTHs."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ...errors import UsageError

FAILURES_BEFORE_LOCKOUT = 5


class Users:
    """The accounts AUTH accepts; only argon2 hashes of the passwords are kept."""

    def __init__(self, hashes: dict[str, str], hasher: PasswordHasher) -> None:
        self._hashes = hashes
        self._hasher = hasher
        # Unknown names are checked against this hash too, so that timing does not tell
        # whether a user exists.
        self._decoy = hasher.hash("statuskit decoy password")

    @classmethod
    def from_options(cls, specs: Iterable[str], hasher: PasswordHasher | None = None) -> Users:
        """Parse ``NAME:PASSWORD`` options; UsageError names the bad one."""
        hasher = hasher or PasswordHasher()
        hashes: dict[str, str] = {}
        for spec in specs:
            name, colon, password = spec.partition(":")
            shown = name if colon else spec
            if not colon or not name or not password:
                raise UsageError(f"--user {shown!r}: expected NAME:PASSWORD, both non-empty")
            if any(ch.isspace() or not ch.isprintable() for ch in spec):
                raise UsageError(
                    f"--user {shown!r}: names and passwords cannot contain spaces or control "
                    "characters (AUTH splits its arguments on spaces)"
                )
            if name in hashes:
                raise UsageError(f"--user {name!r} is given twice")
            hashes[name] = hasher.hash(password)
        return cls(hashes, hasher)

    def __len__(self) -> int:
        return len(self._hashes)

    def verify(self, name: str, password: str) -> bool:
        """True when ``password`` is ``name``'s; slow on purpose (argon2), run it off the loop."""
        stored = self._hashes.get(name)
        try:
            self._hasher.verify(stored or self._decoy, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return stored is not None


class Lockout:
    """Counts failed AUTHs per client address and refuses an address after too many.

    ``limit`` failures within ``seconds`` lock the address for ``seconds``; a success clears
    its count; ``seconds`` 0 turns the lock-out off.

    An attempt is counted *before* its password is checked: :meth:`begin` reserves one of the
    address's ``limit`` attempts (failures so far plus checks under way) and refuses when none is
    left, all in one step on the event loop. So parallel AUTHs from one address cannot get more
    than ``limit`` passwords checked, and none after the lock-out.
    """

    def __init__(
        self,
        seconds: float,
        limit: int = FAILURES_BEFORE_LOCKOUT,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 100_000,
    ) -> None:
        self.seconds = seconds
        self.limit = limit
        self._clock = clock
        self._max_addresses = max_addresses
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._checking: dict[str, int] = {}

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def refused(self, address: str) -> bool:
        """True while ``address`` is locked out."""
        until = self._locked_until.get(address)
        if until is None:
            return False
        if self._clock() < until:
            return True
        del self._locked_until[address]
        return False

    def begin(self, address: str) -> bool:
        """Reserve an attempt before checking a password; False: refuse it unchecked.

        Every True must be followed by :meth:`failed` or :meth:`succeeded` for the address.
        """
        if not self.enabled:
            return True
        if self.refused(address):
            return False
        checking = self._checking.get(address, 0)
        failures = self._failures.get(address)
        recent = 0
        if failures is not None:
            now = self._clock()
            recent = sum(1 for moment in failures if now - moment < self.seconds)
        if recent + checking >= self.limit:
            return False
        self._checking[address] = checking + 1
        return True

    def _done(self, address: str) -> None:
        checking = self._checking.pop(address, 0)
        if checking > 1:
            self._checking[address] = checking - 1

    def failed(self, address: str) -> bool:
        """Count a failed AUTH; True when it locks the address out."""
        if not self.enabled:
            return False
        self._done(address)
        now = self._clock()
        failures = self._failures.get(address)
        if failures is None:
            self._prune(now)
            failures = self._failures[address] = deque(maxlen=self.limit)
        failures.append(now)
        while failures and now - failures[0] >= self.seconds:
            failures.popleft()
        if len(failures) < self.limit:
            return False
        del self._failures[address]
        self._locked_until[address] = now + self.seconds
        return True

    def succeeded(self, address: str) -> None:
        """A successful AUTH starts the count again."""
        self._done(address)
        self._failures.pop(address, None)

    def _prune(self, now: float) -> None:
        """Forget counts too old to matter, so memory stays bounded."""
        if len(self._failures) < self._max_addresses:
            return
        for address, failures in list(self._failures.items()):
            if not failures or now - failures[-1] >= self.seconds:
                del self._failures[address]
        for address, until in list(self._locked_until.items()):
            if now >= until:
                del self._locked_until[address]
        while len(self._failures) >= self._max_addresses:
            del self._failures[next(iter(self._failures))]
