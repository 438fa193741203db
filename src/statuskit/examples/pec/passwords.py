"""Password hashing with Argon2id, off the event loop and with bounded memory.

The real server stored unsalted SHA-256 digests; pec stores Argon2id hashes (argon2-cffi).
Each hash takes tens of megabytes, so at most ``workers`` run at once, whatever the load.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """Hash and verify passwords on a small thread pool of their own."""

    def __init__(self, *, time_cost: int = 2, memory_kib: int = 19456, workers: int = 2) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pec-hash")

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._hasher.hash, password)

    async def verify(self, stored: str, password: str) -> tuple[bool, str | None]:
        """Whether ``password`` matches; the second item is a fresh hash when the cost settings changed."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._check, stored, password)

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
