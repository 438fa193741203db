"""Password hashing with Argon2id, off the event loop, with bounded memory and fair turns.

The real server stored unsalted SHA-256 digests; pec stores Argon2id hashes (argon2-cffi).
Each hash takes tens of megabytes, so at most ``workers`` run at once, whatever the load.

Verifying is the expensive step an attacker can ask for without an account, so it is guarded:
an account has at most ``per_account`` verifications waiting or running, an address at most
``per_address``; beyond that a login is refused at once (:class:`LoginLimited`, HTTP 429) rather
than queued. Waiting verifications take turns by account, so a flood of wrong passwords for one
account delays another account's login by at most one turn.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

RETRY_AFTER = 1.0


class LoginLimited(Exception):
    """Too many logins wait for this account or address; try again after ``retry_after`` s."""

    def __init__(self, why: str, retry_after: float = RETRY_AFTER) -> None:
        super().__init__(why)
        self.retry_after = retry_after


class _FairTurns:
    """Grants up to ``slots`` turns at once, round-robin over keys (accounts)."""

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    async def acquire(self, key: str) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, deque()).append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # granted and cancelled in the same moment: pass the turn on
            else:
                queue = self._waiting.get(key)
                if queue is not None and future in queue:
                    queue.remove(future)
                    if not queue:
                        del self._waiting[key]
            raise

    def release(self) -> None:
        while self._waiting:
            key, queue = next(iter(self._waiting.items()))
            future = queue.popleft()
            del self._waiting[key]
            if queue:
                self._waiting[key] = queue  # to the back of the line: the next account goes first
            if not future.done():
                future.set_result(None)
                return
        self._free += 1


class Passwords:
    """Hash and verify passwords on a small thread pool of their own."""

    def __init__(
        self,
        *,
        time_cost: int = 2,
        memory_kib: int = 19456,
        workers: int = 2,
        per_account: int = 4,
        per_address: int = 64,
    ) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pec-hash")
        self._turns = _FairTurns(workers)
        self._per_account = per_account
        self._per_address = per_address
        self._by_account: dict[str, int] = {}
        self._by_address: dict[str, int] = {}

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._hasher.hash, password)

    async def verify(
        self, stored: str, password: str, *, address: str = "", account: str = ""
    ) -> tuple[bool, str | None]:
        """Whether ``password`` matches; the second item is a fresh hash when the cost settings changed.

        Raises :class:`LoginLimited` at once when the account or the address already has its
        share of verifications waiting.
        """
        if self._by_account.get(account, 0) >= self._per_account:
            raise LoginLimited(f"{self._per_account} logins for this account are already being checked")
        if self._by_address.get(address, 0) >= self._per_address:
            raise LoginLimited(f"{self._per_address} logins from this address are already being checked")
        _count(self._by_account, account, 1)
        _count(self._by_address, address, 1)
        try:
            await self._turns.acquire(account)
            try:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._pool, self._check, stored, password)
            finally:
                self._turns.release()
        finally:
            _count(self._by_account, account, -1)
            _count(self._by_address, address, -1)

    def _check(self, stored: str, password: str) -> tuple[bool, str | None]:
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False, None
        if self._hasher.check_needs_rehash(stored):
            return True, self._hasher.hash(password)
        return True, None

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def _count(counts: dict[str, int], key: str, step: int) -> None:
    value = counts.get(key, 0) + step
    if value > 0:
        counts[key] = value
    else:
        counts.pop(key, None)
