"""The FmLTP server's parts on their own: versions, framing, lock-out, users, queues, sessions."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import dh

from statuskit.errors import LoadError, UsageError
from statuskit.examples.fmltp import kex
from statuskit.examples.fmltp.auth import Lockout, Users
from statuskit.examples.fmltp.commands import split_words
from statuskit.examples.fmltp.framing import LineSplitter
from statuskit.examples.fmltp.limits import Cooldown
from statuskit.examples.fmltp.replies import UNREACHABLE
from statuskit.examples.fmltp.session import Session, Shared
from statuskit.examples.fmltp.store import QUEUE_LIMIT, QueueStore
from statuskit.examples.fmltp.tokens import TokenError, TokenReader, token_length
from statuskit.examples.fmltp.version import (
    Version,
    compatibility_code,
    parse_version,
    parse_version_line,
)

pytestmark = [
    pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)}),
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]

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


# --- parallel AUTHs ----------------------------------------------------------------------------


def test_attempts_are_reserved_before_checking_so_parallel_ones_cannot_exceed_the_limit() -> None:
    clock = Clock()
    lockout = Lockout(60, clock=clock)
    granted = [lockout.begin("10.0.0.9") for _ in range(30)]  # thirty AUTHs at once
    assert granted == [True] * 5 + [False] * 25
    assert [lockout.failed("10.0.0.9") for _ in range(5)] == [False] * 4 + [True]
    assert not lockout.begin("10.0.0.9")  # locked now, even for the right password
    assert lockout.begin("10.0.0.10")  # other addresses are not affected


def test_a_success_in_flight_gives_its_attempt_back() -> None:
    lockout = Lockout(60, clock=Clock())
    assert all(lockout.begin("a") for _ in range(5))
    assert not lockout.begin("a")
    lockout.succeeded("a")
    assert lockout.begin("a")


def test_parallel_auths_through_the_session_check_at_most_five_passwords() -> None:
    checked: list[str] = []

    async def slow_verify(user: str, password: str) -> bool:
        checked.append(password)
        await asyncio.sleep(0.01)
        return password == "ok"

    lockout = Lockout(60)
    shared = Shared(slow_verify, lockout, QueueStore(None))

    async def attempts() -> list[tuple[int, bool]]:
        sessions = [Session(shared, "10.2.2.2") for _ in range(30)]
        replies = await asyncio.gather(*(s.handle(b"AUTH a bad") for s in sessions))
        late = await Session(shared, "10.2.2.2").handle(b"AUTH a ok")
        return [(r.code, r.close) for r in (*replies, late)]

    outcome = asyncio.run(attempts())
    assert len(checked) == 5
    assert outcome.count((151, False)) == 4 and outcome[-1] == (151, True)


# --- the handshake cool-down -------------------------------------------------------------------


def test_a_failed_handshake_refuses_the_address_for_the_cooldown() -> None:
    clock = Clock()
    cooldown = Cooldown(300, clock=clock)
    assert cooldown.failed("10.0.0.1") and cooldown.refused("10.0.0.1")
    assert not cooldown.refused("10.0.0.2")
    clock.now += 300
    assert not cooldown.refused("10.0.0.1")
    assert not Cooldown(0).failed("10.0.0.1")  # 0: off


def test_cooldown_memory_is_bounded() -> None:
    clock = Clock()
    cooldown = Cooldown(10, clock=clock, max_addresses=50)
    for number in range(500):
        cooldown.failed(f"10.1.{number // 256}.{number % 256}")
    assert len(cooldown._until) <= 50
    assert cooldown.refused("10.1.1.243")  # the newest are kept


# --- tokens ------------------------------------------------------------------------------------

FERNET = Fernet(Fernet.generate_key())


def test_token_lengths_match_what_fernet_makes() -> None:
    for size in (0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 4097):
        assert len(FERNET.encrypt(b"x" * size)) == token_length(size), size


def test_tokens_are_read_however_the_stream_is_cut() -> None:
    rng = random.Random(7)
    messages = [rng.randbytes(rng.randrange(0, 700)) for _ in range(120)]
    stream = b"".join(FERNET.encrypt(message) for message in messages)
    for piece in (1, 3, 64, 1000, len(stream)):
        reader = TokenReader(FERNET)
        found = []
        for start in range(0, len(stream), piece):
            found += reader.feed(stream[start : start + piece])
        assert found == messages, piece
        assert reader.pending == 0


def test_whitespace_between_tokens_is_skipped() -> None:
    reader = TokenReader(FERNET)
    data = b"\r\n" + FERNET.encrypt(b"a") + b"\n " + FERNET.encrypt(b"b") + b"\r\n"
    assert reader.feed(data) == [b"a", b"b"]


def test_a_token_of_another_key_or_too_much_garbage_is_an_error() -> None:
    other = Fernet(Fernet.generate_key())
    with pytest.raises(TokenError, match="does not decrypt"):
        TokenReader(FERNET).feed(other.encrypt(b"x" * 20))  # 89 bytes: ends in padding
    reader = TokenReader(FERNET, max_plaintext=64)
    with pytest.raises(TokenError, match="no token within"):
        reader.feed(b"g" * (token_length(64) + 1))


def test_a_token_longer_than_the_limit_is_refused_not_buffered() -> None:
    reader = TokenReader(FERNET, max_plaintext=100)
    token = FERNET.encrypt(b"y" * 500)
    with pytest.raises(TokenError):
        reader.feed(token)


# --- the key exchange --------------------------------------------------------------------------

DH_PARAMS = Path(__file__).parent / "fixtures" / "fmltp" / "dh1024.pem"


def test_both_halves_of_the_exchange_derive_the_same_cipher() -> None:
    parameters = kex.load_parameters_file(DH_PARAMS)
    assert kex.parameters_pem(parameters) == DH_PARAMS.read_bytes()
    server_key, client_key = kex.new_private_key(parameters), kex.new_private_key(parameters)
    server_side = kex.cipher(server_key, kex.public_pem(client_key))
    client_side = kex.cipher(client_key, kex.public_pem(server_key))
    assert (
        client_side.decrypt(server_side.encrypt(b"FlexMusic Server,0.0.0\r\n"))
        == b"FlexMusic Server,0.0.0\r\n"
    )


def test_unusable_keys_and_parameter_files_are_reported() -> None:
    parameters = kex.load_parameters_file(DH_PARAMS)
    own = kex.new_private_key(parameters)
    with pytest.raises(kex.KexError, match="SubjectPublicKeyInfo PEM"):
        kex.cipher(own, b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    other = kex.new_private_key(dh.generate_parameters(generator=2, key_size=512))
    with pytest.raises(kex.KexError, match="not on the server's DH parameters"):
        kex.cipher(own, kex.public_pem(other))


def test_a_bad_parameter_file_says_which_and_why(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read"):
        kex.load_parameters_file(tmp_path / "missing.pem")
    (tmp_path / "big.pem").write_bytes(b"x" * 10_000)
    with pytest.raises(LoadError, match="larger than 8192 bytes"):
        kex.load_parameters_file(tmp_path / "big.pem")
    (tmp_path / "key.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(LoadError, match=r"key\.pem: not DH parameters") as caught:
        kex.load_parameters_file(tmp_path / "key.pem")
    assert "openssl dhparam" in str(caught.value)
