"""One client's conversation after the handshake: command lines in, replies (code + lines) out.

Nothing here touches sockets or encodes statuses; :mod:`.server` does, so this logic can be
tested and reasoned about on its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from ...fileio import WriteError
from . import library
from .auth import Lockout
from .commands import COMMANDS, Command, help_lines, split_words
from .replies import Reply
from .store import QueueFull, QueueStore

Verify = Callable[[str, str], Awaitable[bool]]
"""``await verify(user, password)``: the (slow) password check, run off the event loop."""


@dataclass(frozen=True, slots=True)
class Shared:
    """What every session of one server shares."""

    verify: Verify
    lockout: Lockout
    store: QueueStore


class Session:
    """State of one connection: who logged in and which back end is selected."""

    def __init__(self, shared: Shared, address: str) -> None:
        self.shared = shared
        self.address = address
        self.user: str | None = None
        self.backend: str | None = None

    async def handle(self, raw: bytes) -> Reply:
        """The reply to one command line (without its CRLF)."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return Reply(400, detail="not UTF-8", note="line is not UTF-8")
        words = split_words(text)
        if not words:
            return Reply(400, detail="empty line", note="empty line")
        command = COMMANDS.get(words[0].upper())
        if command is None:
            return Reply(400, detail="unknown command", note="unknown command")
        return replace(await self._checked(command, words[1:]), operation=command.name)

    async def _checked(self, command: Command, arguments: list[str]) -> Reply:
        if not (command.after_auth if self.user else command.before_auth):
            why = "log in with AUTH first" if command.after_auth else "already logged in"
            return Reply(400, detail=why, note=f"{command.name}: {why}")
        if len(arguments) < command.least:
            return Reply(411, detail=f"usage: {command.usage}", note=command.name)
        if command.most is not None and len(arguments) > command.most:
            return Reply(410, detail=f"usage: {command.usage}", note=command.name)
        return await self._run(command, arguments)

    async def _run(self, command: Command, arguments: list[str]) -> Reply:
        name = command.name
        if name == "AUTH":
            return await self._auth(arguments[0], arguments[1])
        if name == "HELP":
            return self._help(arguments)
        if name == "QUIT":
            return Reply(200, close=True, note=name)
        if name == "SELECT":
            backend = library.backend_named(arguments[0])
            if backend is None:
                return Reply(420, detail="no such back end", note="SELECT: no such back end")
            self.backend = backend
            return Reply(200, note=f"SELECT {backend}")
        if self.backend is None:
            return Reply(420, detail="no back end selected", note=f"{name}: no back end selected")
        if name == "DESELECT":
            self.backend = None
            return Reply(200, note=name)
        if name == "LIST":
            return Reply(200, tuple(t.line() for t in library.BACKENDS[self.backend]), note=name)
        if name == "SEARCH":
            found = library.search(self.backend, " ".join(arguments))
            return Reply(200, tuple(t.line() for t in found), note=f"SEARCH: {len(found)} found")
        return await self._queue(arguments[0])

    def _help(self, arguments: list[str]) -> Reply:
        if not arguments:
            return Reply(200, tuple(help_lines(None)), note="HELP")
        command = COMMANDS.get(arguments[0].upper())
        if command is None:
            return Reply(420, detail="no such command", note="HELP: no such command")
        return Reply(200, tuple(help_lines(command)), note=f"HELP {command.name}")

    async def _auth(self, user: str, password: str) -> Reply:
        lockout = self.shared.lockout
        if not lockout.begin(self.address):
            # Locked out, or the address's attempts are all being checked right now.
            return Reply(151, close=True, note="AUTH: address locked out")
        try:
            right = await self.shared.verify(user, password)
        except BaseException:
            lockout.failed(self.address)  # a check that did not finish still counts
            raise
        if right:
            lockout.succeeded(self.address)
            self.user = user
            return Reply(150, note="AUTH ok")
        if lockout.failed(self.address):
            return Reply(151, close=True, note="AUTH failed; address locked out")
        return Reply(151, note="AUTH failed")

    async def _queue(self, track_id: str) -> Reply:
        assert self.backend is not None and self.user is not None
        track = library.find(self.backend, track_id)
        if track is None:
            return Reply(420, detail="no such track", note="QUEUE: no such track")
        try:
            await self.shared.store.add(self.user, track.id)
        except QueueFull:
            return Reply(420, detail="queue full", note="QUEUE: queue full")
        except WriteError as error:
            return Reply(420, detail="could not store the queue", note=f"QUEUE: not stored: {error}")
        return Reply(200, note=f"QUEUE {track.id}")
