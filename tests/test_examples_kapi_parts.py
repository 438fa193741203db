"""kAPI reference server: its parts on their own (rate limits, sessions, the user store), with a fake clock."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from statuskit.examples.kapi.ratelimit import RateLimiter
from statuskit.examples.kapi.sessions import REPLAY_LIMIT, Sessions
from statuskit.examples.kapi.settings import Client
from statuskit.examples.kapi.store import DataError, User, UserStore, check_name
from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Link:
    def __init__(self) -> None:
        self.frames: list[tuple[int, Any, int | None, str | None]] = []
        self.superseded = False

    def deliver(self, op: int, d: Any, s: int | None, t: str | None) -> None:
        self.frames.append((op, d, s, t))

    def supersede(self) -> None:
        self.superseded = True


USER = User("100000000000000001", "kettu")


def test_a_bucket_refills_when_its_window_ends() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10.0, clock=clock)
    verdicts = [limiter.hit("a") for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert [v.remaining for v in verdicts] == [1, 0, 0]
    assert limiter.hit("b").allowed, "buckets are separate"
    clock.now += 9.5
    assert not limiter.hit("a").allowed
    assert limiter.hit("a").retry_after == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.hit("a").allowed


def test_the_bucket_table_stays_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(5, 10.0, clock=clock, max_buckets=100)
    for n in range(1000):
        limiter.hit(f"addr:{n}")
        clock.now += 0.001
    assert len(limiter) <= 100


def test_dispatches_are_numbered_kept_and_replayed() -> None:
    sessions = Sessions(60)
    link = Link()
    session = sessions.create(USER, 0, link)
    session.dispatch("READY", {"session_id": session.id})
    session.dispatch("USER_UPDATE", {"name": "x"})
    assert [frame[2] for frame in link.frames] == [1, 2]
    assert [event.s for event in session.after(1)] == [2]
    assert session.replayable(0)


def test_the_replay_buffer_is_bounded_and_too_old_a_seq_cannot_be_replayed() -> None:
    session = Sessions(60).create(USER, 0, Link())
    for n in range(REPLAY_LIMIT + 10):
        session.dispatch("USER_UPDATE", {"n": n})
    assert len(session.buffer) == REPLAY_LIMIT
    assert not session.replayable(0)
    assert session.replayable(session.seq - 5)


def test_a_session_expires_after_the_resume_window() -> None:
    clock = Clock()
    sessions = Sessions(5, clock=clock)
    link = Link()
    session = sessions.create(USER, 0, link)
    sessions.detach(session, link, None)
    clock.now += 4.9
    assert sessions.get(session.id, USER) is session
    clock.now += 0.2
    assert sessions.get(session.id, USER) is None


@pytest.mark.parametrize(
    ("code", "resumable"),
    [(4004, False), (4007, False), (4009, False), (4013, False), (4008, True), (4000, True), (None, True)],
)
def test_some_close_codes_end_the_session(code: int | None, resumable: bool) -> None:
    sessions = Sessions(60)
    link = Link()
    session = sessions.create(USER, 0, link)
    sessions.detach(session, link, code)
    assert (sessions.get(session.id, USER) is not None) == resumable


def test_attaching_to_a_new_connection_supersedes_the_old_one() -> None:
    sessions = Sessions(60)
    old, new = Link(), Link()
    session = sessions.create(USER, 0, old)
    sessions.attach(session, new)
    assert old.superseded
    sessions.detach(session, old, 4000)
    assert session.link is new, "the old connection's close does not detach the new one"


def test_the_store_keeps_fields_and_digests_only(tmp_path: Path) -> None:
    clients = (Client("first-token"), Client("second-token", "bot"))
    store = UserStore.open(tmp_path, clients)
    user = store.by_token("first-token")
    assert user is not None and store.by_id(user.id) is user and user.type == "user"

    async def change() -> None:
        async with store.lock:
            user.profile = {"bio": "Fox"}
            await store.save()

    asyncio.run(change())
    text = (tmp_path / "users.json").read_text("utf-8")
    assert "first-token" not in text and "Fox" in text
    again = UserStore.open(tmp_path, (Client("first-token"),))
    reloaded = again.by_token("first-token")
    assert reloaded is not None and reloaded.id == user.id and reloaded.profile == {"bio": "Fox"}
    assert again.by_token("second-token") is None, "a token left off the command line is revoked"
    kept = [user for user in again.all() if user.type == "bot"]
    assert len(kept) == 1 and kept[0].name is not None, "its user is kept"


def test_the_command_line_decides_kind_and_permissions_on_every_start(tmp_path: Path) -> None:
    first = UserStore.open(tmp_path, (Client("t", "bot", 0),)).by_token("t")
    later = UserStore.open(tmp_path, (Client("t", "bot", 1 << 8, ("685932693908881408",)),)).by_token("t")
    assert first is not None and later is not None and first.id == later.id
    assert later.perms == 1 << 8 and later.allowed_guilds == ["685932693908881408"]


def test_the_store_says_where_a_broken_file_is_broken(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_text('{\n  "format": "statuskit-kapi-users",\n  "users": [,]\n}')
    with pytest.raises(DataError) as caught:
        UserStore.open(tmp_path, ())
    assert caught.value.location.line == 3 and caught.value.location.column == 13
    assert str(caught.value).startswith(str(tmp_path / "users.json") + ":3:13:")


def test_the_store_refuses_repeated_users(tmp_path: Path) -> None:
    record = {"id": "1", "name": "a", "token_sha256": "00"}
    document = {"format": "statuskit-kapi-users", "users": [record, record]}
    (tmp_path / "users.json").write_text(json.dumps(document))
    with pytest.raises(DataError, match=r"users\[1\] repeats"):
        UserStore.open(tmp_path, ())


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Kettu", True),
        ("<b>x</b>", True),
        ("ü" * 32, True),
        ("", False),
        (" ", False),
        ("x" * 33, False),
        ("a\nb", False),
        ("a\u2028b", False),
        ("a\x85b", False),
        (None, False),
        (5, False),
    ],
)
def test_names(name: Any, ok: bool) -> None:
    assert (check_name(name) is None) == ok
