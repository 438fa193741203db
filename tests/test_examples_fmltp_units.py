"""The FmLTP server's parts on their own: versions, framing, lock-out, users, queues, sessions."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from statuskit.errors import LoadError, UsageError
from statuskit.examples.fmltp.auth import Lockout, Users
from statuskit.examples.fmltp.commands import split_words
from statuskit.examples.fmltp.framing import LineSplitter
from statuskit.examples.fmltp.session import Session, Shared
from statuskit.examples.fmltp.store import QUEUE_LIMIT, QueueStore
from statuskit.examples.fmltp.version import (
    Version,
    compatibility_code,
    parse_version,
    parse_version_line,
)

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)

# --- versions ----------------------------------------------------------------------------------


def test_compatibility_code_is_1_a_b() -> None:
    server = Version(3, 5, 5)
    codes = {(s, ss): compatibility_code(server, Version(3, s, ss)) for s in (4, 5, 6) for ss in (4, 5, 6)}
    assert codes == {
        (5, 5): 100, (5, 6): 101, (5, 4): 102,
        (6, 5): 110, (6, 6): 111, (6, 4): 112,
        (4, 5): 120, (4, 6): 121, (4, 4): 122,
    }  # fmt: skip
    assert compatibility_code(server, Version(2, 5, 5)) is None


def test_version_lines() -> None:
    assert parse_version_line("bot,1.2.3") == ("bot", Version(1, 2, 3))
    assert parse_version_line("a,b,0.0.10 ") == ("a,b", Version(0, 0, 10))
    assert parse_version_line(",0.0.0") == ("", Version(0, 0, 0))
    for bad in ("bot", "bot,1.2", "bot,1.2.3.4", "bot,1 .2.3", "bot,+1.2.3", "bot,1_0.2.3", "bot,٣.2.3"):
        assert parse_version_line(bad) is None, bad


def test_version_option() -> None:
    assert str(parse_version("10.0.7")) == "10.0.7"
    with pytest.raises(UsageError, match=r"CLASS\.STEPPING\.SUBSTEPPING"):
        parse_version("1.2")


# --- framing -----------------------------------------------------------------------------------


def test_lines_end_with_lf_or_crlf_and_may_arrive_in_pieces() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"HE") == []
    assert splitter.feed(b"LP\r") == []
    assert splitter.feed(b"\nQUIT\nA\rB\r\n") == [b"HELP", b"QUIT", b"A\rB"]


def test_over_long_lines_are_reported_once_and_dropped() -> None:
    splitter = LineSplitter(max_line=8)
    assert splitter.feed(b"12345678\r\n") == [b"12345678"]
    assert splitter.feed(b"12345678\r") == []  # the CR may still be the CRLF's
    assert splitter.feed(b"\n") == [b"12345678"]
    assert splitter.feed(b"123456789") == [None]
    assert splitter.feed(b"more and more") == []
    assert splitter.feed(b"end\r\nnext\r\n") == [b"next"]
    assert splitter.feed(b"123456789\r\n") == [None]
    assert splitter.feed(b"12345678x\r\n") == [None]


# --- lock-out ----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_fifth_failure_within_the_window_locks_the_address_for_the_window() -> None:
    clock = Clock()
    lockout = Lockout(300, clock=clock)
    assert [lockout.failed("10.0.0.1") for _ in range(4)] == [False] * 4
    assert not lockout.refused("10.0.0.1")
    assert lockout.failed("10.0.0.1")
    assert lockout.refused("10.0.0.1") and not lockout.refused("10.0.0.2")
    clock.now += 299
    assert lockout.refused("10.0.0.1")
    clock.now += 1
    assert not lockout.refused("10.0.0.1")
    assert not lockout.failed("10.0.0.1")  # the count started afresh


def test_old_failures_fall_out_of_the_window_and_success_resets() -> None:
    clock = Clock()
    lockout = Lockout(10, clock=clock)
    for _ in range(4):
        lockout.failed("a")
    clock.now += 10
    assert not lockout.failed("a")  # the first four are too old now
    for _ in range(3):
        lockout.failed("a")
    lockout.succeeded("a")
    assert [lockout.failed("a") for _ in range(4)] == [False] * 4


def test_lockout_zero_is_off() -> None:
    lockout = Lockout(0)
    assert not any(lockout.failed("a") for _ in range(50))
    assert not lockout.refused("a")


def test_lockout_memory_is_bounded() -> None:
    clock = Clock()
    lockout = Lockout(10, clock=clock, max_addresses=100)
    for number in range(1000):
        lockout.failed(f"10.0.{number // 256}.{number % 256}")
    assert len(lockout._failures) <= 100


# --- users -------------------------------------------------------------------------------------


def test_users_keep_only_argon2_hashes() -> None:
    users = Users.from_options(["alice:pa:ss", "bob:x"], CHEAP)
    assert users.verify("alice", "pa:ss") and users.verify("bob", "x")
    assert not users.verify("alice", "x") and not users.verify("carol", "x")
    assert all(value.startswith("$argon2id$") for value in users._hashes.values())
    assert "pa:ss" not in repr(users._hashes)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("alice", "expected NAME:PASSWORD"),
        (":pw", "expected NAME:PASSWORD"),
        ("alice:", "expected NAME:PASSWORD"),
        ("al ice:pw", "cannot contain spaces"),
        ("alice:p\nw", "cannot contain spaces"),
    ],
)
def test_bad_user_options(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Users.from_options([spec], CHEAP)


def test_a_user_given_twice_is_refused() -> None:
    with pytest.raises(UsageError, match="given twice"):
        Users.from_options(["a:1", "a:2"], CHEAP)


# --- queues ------------------------------------------------------------------------------------


def test_queues_are_stored_atomically_and_read_back(tmp_path: Path) -> None:
    store = QueueStore.open(tmp_path / "data")

    async def fill() -> None:
        await asyncio.gather(*(store.add("alice", n) for n in range(1, 21)), store.add("bob", 7))

    asyncio.run(fill())
    saved = json.loads((tmp_path / "data" / "queues.json").read_text("utf-8"))
    assert saved["queues"] == {"alice": list(range(1, 21)), "bob": [7]}
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["queues.json"]  # no temporary left
    assert QueueStore.open(tmp_path / "data").queue("alice") == tuple(range(1, 21))


def test_a_full_queue_refuses_more(tmp_path: Path) -> None:
    store = QueueStore(None)

    async def fill() -> None:
        for _ in range(QUEUE_LIMIT):
            await store.add("alice", 1)

    asyncio.run(fill())
    session = Session(Shared(_accept_all, Lockout(0), store), "127.0.0.1")
    session.user, session.backend = "alice", "library"
    reply = asyncio.run(session.handle(b"QUEUE 1"))
    assert (reply.code, reply.detail) == (420, "queue full")


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b'{"format": "statuskit-fmltp-queues",\n "queues": [', ":2:13", "not valid JSON"),
        (b"[]", ":1:1", "expected an object"),
        (b'{"format": "statuskit-fmltp-queues", "queues": []}', "queues.json", "user name"),
        (b'{"format": "statuskit-fmltp-queues", "queues": {"a": ["x"]}}', "queues.json", "track ids"),
        (b"\xff\xfe", "queues.json", "not UTF-8"),
    ],
)
def test_a_bad_data_file_says_where_and_what(
    tmp_path: Path, content: bytes, where: str, message: str
) -> None:
    (tmp_path / "queues.json").write_bytes(content)
    with pytest.raises(LoadError, match=message) as caught:
        QueueStore.open(tmp_path)
    assert str(caught.value).startswith(str(tmp_path / "queues.json"))
    assert where in str(caught.value)


def test_a_write_that_fails_queues_nothing(tmp_path: Path) -> None:
    target = tmp_path / "queues.json"
    target.mkdir()  # a directory where the file should be: every write fails, even as root
    store = QueueStore(target)
    session = Session(Shared(_accept_all, Lockout(0), store), "127.0.0.1")
    session.user, session.backend = "alice", "library"
    reply = asyncio.run(session.handle(b"QUEUE 3"))
    assert (reply.code, reply.detail) == (420, "could not store the queue")
    assert "queues.json" in reply.note
    assert store.queue("alice") == ()
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


# --- sessions ----------------------------------------------------------------------------------


async def _accept_all(user: str, password: str) -> bool:
    return password == "ok"


def test_words_split_on_runs_of_spaces_only() -> None:
    assert split_words("  SEARCH  a\tb   c ") == ["SEARCH", "a\tb", "c"]
    assert split_words("   ") == []


def test_the_fifth_failed_auth_closes_the_connection() -> None:
    lockout = Lockout(60)
    session = Session(Shared(_accept_all, lockout, QueueStore(None)), "10.1.1.1")

    async def attempts() -> list[tuple[int, bool]]:
        replies = [await session.handle(b"AUTH a bad") for _ in range(5)]
        return [(r.code, r.close) for r in replies]

    assert asyncio.run(attempts()) == [(151, False)] * 4 + [(151, True)]
    other = Session(Shared(_accept_all, lockout, QueueStore(None)), "10.1.1.1")
    reply = asyncio.run(other.handle(b"AUTH a ok"))  # even the right password, from that address
    assert (reply.code, reply.close) == (151, True)
