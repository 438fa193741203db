"""Gateway sessions: what a client can resume after its connection drops.

A session numbers its dispatches (``s`` = 1, 2, ...) and keeps the last ones in a bounded buffer
so that a resume can replay them. It outlives its connection for the resume window, unless the
connection closed with a code that ends the session.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .store import User

REPLAY_LIMIT = 1000
MAX_SESSIONS = 10_000
ENDING_CODES = frozenset({4004, 4007, 4009, 4012, 4013, 4014})
"""Close codes after which a session cannot be resumed."""


class Link(Protocol):
    """The connection a session is attached to (see :mod:`.gateway`)."""

    def deliver(self, op: int, d: Any, s: int | None, t: str | None) -> None: ...

    def supersede(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Dispatch:
    s: int
    t: str
    d: Any


@dataclass(eq=False)
class Session:
    id: str
    user: User
    intents: int
    seq: int = 0
    buffer: deque[Dispatch] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))
    link: Link | None = None
    closed_at: float | None = None
    ended: bool = False

    def dispatch(self, t: str, d: Any) -> Dispatch:
        """Number a dispatch, keep it for replay and send it if a connection is attached."""
        self.seq += 1
        event = Dispatch(self.seq, t, d)
        self.buffer.append(event)
        if self.link is not None:
            self.link.deliver(0, d, event.s, t)
        return event

    def replayable(self, seq: int) -> bool:
        """True when every dispatch after ``seq`` is still in the buffer."""
        return not self.buffer or self.buffer[0].s <= seq + 1

    def after(self, seq: int) -> list[Dispatch]:
        return [event for event in self.buffer if event.s > seq]


class Sessions:
    """Every live or resumable session, by id; expired ones are dropped as time goes by."""

    def __init__(self, resume_window: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.resume_window = resume_window
        self._clock = clock
        self._sessions: dict[str, Session] = {}

    def create(self, user: User, intents: int, link: Link) -> Session:
        self.prune()
        session = Session(secrets.token_hex(16), user, intents, link=link)
        self._sessions[session.id] = session
        return session

    def get(self, session_id: Any, user: User) -> Session | None:
        """The resumable session ``session_id`` of ``user``, or None."""
        self.prune()
        session = self._sessions.get(session_id) if isinstance(session_id, str) else None
        if session is None or session.ended or session.user.id != user.id:
            return None
        return session

    def attach(self, session: Session, link: Link) -> None:
        """Move ``session`` to a new connection; an old one still attached is closed."""
        old = session.link
        session.link, session.closed_at = link, None
        if old is not None and old is not link:
            old.supersede()

    def detach(self, session: Session, link: Link, close_code: int | None) -> None:
        """The connection of ``session`` closed; keep the session for the resume window or end it."""
        if session.link is not link:
            return
        session.link = None
        session.closed_at = self._clock()
        if close_code in ENDING_CODES or self.resume_window <= 0:
            self._end(session)

    def of_user(self, user_id: str) -> Iterator[Session]:
        return (s for s in list(self._sessions.values()) if s.user.id == user_id and not s.ended)

    def live(self) -> Iterator[Session]:
        """Every session not ended (attached or waiting to be resumed)."""
        return (s for s in list(self._sessions.values()) if not s.ended)

    def end(self, session: Session) -> None:
        """End ``session`` now: it can no longer be resumed."""
        self._end(session)

    def __len__(self) -> int:
        return len(self._sessions)

    def prune(self) -> None:
        """Drop sessions whose resume window has passed; cap the number kept."""
        now = self._clock()
        for session in list(self._sessions.values()):
            if session.closed_at is not None and now - session.closed_at >= self.resume_window:
                self._end(session)
        if len(self._sessions) >= MAX_SESSIONS:
            detached = [s for s in self._sessions.values() if s.link is None]
            detached.sort(key=lambda s: s.closed_at or 0.0)
            for session in detached[: len(self._sessions) - MAX_SESSIONS + 1]:
                self._end(session)

    def _end(self, session: Session) -> None:
        session.ended = True
        session.buffer.clear()
        self._sessions.pop(session.id, None)
