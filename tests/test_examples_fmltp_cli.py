"""``statuskit example fmltp`` options: every bad value is a clear message and exit status 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from statuskit.cli import main
from statuskit.examples.fmltp.replies import UNREACHABLE

pytestmark = [
    pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)}),
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]


def run(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    code = main(["example", "fmltp", "--port", "0", "--hash-profile", "cheapest", *options])
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["example", "fmltp", "--help"])
    out = capsys.readouterr().out
    assert code == 0
    for option in (
        *("--host", "--port", "--data", "--version", "--name", "--user", "--lockout", "--log"),
        *("--encryption", "--dh-params", "--handshake-cooldown", "--max-connections-per-address"),
    ):
        assert option in out
    assert "FlexMusic line protocol" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--version", "1.2"), "version '1.2': expected CLASS.STEPPING.SUBSTEPPING"),
        (("--version", "a.b.c"), "expected CLASS.STEPPING.SUBSTEPPING"),
        (("--user", "alice"), "--user 'alice': expected NAME:PASSWORD"),
        (("--user", "al ice:pw"), "cannot contain spaces"),
        (("--user", "a:1", "--user", "a:2"), "--user 'a' is given twice"),
        (("--name", "Evil\r\n200 OK"), "--name"),
        (("--name", "a,b"), "without commas"),
        (("--name", ""), "--name"),
        (("--lockout", "-1"), "argument --lockout: expected 0 to 1000000000 seconds, not -1"),
        (("--lockout", "nan"), "argument --lockout: expected 0 to 1000000000 seconds, not nan"),
        (("--idle-timeout", "inf"), "argument --idle-timeout: expected 0 to 1000000000 seconds, not inf"),
        (("--max-connections", "0"), "argument --max-connections: expected 1 to 1000000 connections, not 0"),
        (("--port", "70000"), "argument --port: expected a port in 0-65535"),
        (("--handshake-cooldown", "-5"), "argument --handshake-cooldown: expected 0 to 1000000000 seconds"),
        (("--max-connections-per-address", "0"), "argument --max-connections-per-address: expected 1 to"),
        (("--encryption", "rot13"), "argument --encryption: invalid choice"),
        (("--encryption", "none", "--dh-params", "x.pem"), "--dh-params is for the key exchange"),
        (("--dh-params", "/no/such/file.pem"), "/no/such/file.pem: cannot read"),
        (("--dh-params", "pyproject.toml"), "pyproject.toml: not DH parameters in PKCS#3 PEM"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *options)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--port", "eighty")
    assert code == 2 and "--port" in err
    code, _, err = run(capsys, "--log", "loud")
    assert code == 2 and "--log" in err


def test_a_bad_data_directory_is_reported_with_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "queues.json").write_bytes(b"\x00\xff")
    code, _, err = run(capsys, "--data", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'queues.json'}: not UTF-8" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "--data", str(blocker / "sub"))
    assert code == 2 and "cannot create the data directory" in err and str(blocker / "sub") in err


def test_a_port_in_use_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["example", "fmltp", "--port", str(port), "--hash-profile", "cheapest"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}:" in err and "Traceback" not in err


def test_an_unknown_host_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--host", "no-such-host.invalid")
    assert code == 2
    assert "--host 'no-such-host.invalid': cannot be resolved" in err
