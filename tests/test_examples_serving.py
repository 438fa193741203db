"""The reference servers' shared skeleton: common options, the log, binding a socket."""

from __future__ import annotations

import argparse
import json
import socket

import pytest

from statuskit.errors import UsageError
from statuskit.examples import serving
from statuskit.examples.serving import bundled_catalog


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(exit_on_error=False)
    serving.add_common_options(parser, default_port=1234, data_help="where data lives")
    return parser


def test_common_options_have_defaults_and_are_checked() -> None:
    common = serving.common_from(_parser().parse_args([]))
    assert (common.host, common.port, common.data, common.log_format) == ("127.0.0.1", 1234, None, "text")
    with pytest.raises(argparse.ArgumentError, match="0-65535"):
        _parser().parse_args(["--port", "70000"])
    with pytest.raises(argparse.ArgumentError, match=r"expected a port in 0-65535 .*, not 'http'"):
        _parser().parse_args(["--port", "http"])
    with pytest.raises(UsageError, match="--host"):
        serving.common_from(_parser().parse_args(["--host", "a b"]))


def test_numeric_options_from_a_table_are_bounded_and_typed() -> None:
    parser = argparse.ArgumentParser(exit_on_error=False)
    serving.add_numbers(
        parser,
        (
            serving.Number("--workers", int, 1, 64, 2, "workers", "how many"),
            *serving.HTTP_TIMEOUTS,
        ),
    )
    args = parser.parse_args(["--workers", "8", "--header-timeout", "2.5"])
    assert (args.workers, args.header_timeout, args.body_timeout) == (8, 2.5, 30.0)
    assert type(args.workers) is int
    with pytest.raises(argparse.ArgumentError, match="--workers: expected 1 to 64 workers, not 65"):
        parser.parse_args(["--workers", "65"])
    with pytest.raises(
        argparse.ArgumentError, match=r"--body-timeout: expected 0\.1 to 3600 seconds, not inf"
    ):
        parser.parse_args(["--body-timeout", "inf"])


def test_json_log_lines_carry_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    status = bundled_catalog("pec").space("status").status(722)
    serving.common_from(_parser().parse_args(["--log-format", "json"]))
    try:
        serving.log_status(status, "POST /usr/login")
        serving.log("plain\nline")
    finally:
        serving.set_log_format("text")
    first, second = capsys.readouterr().err.splitlines()
    entry = json.loads(first)
    assert entry["code"] == 722 and entry["detail"] == "POST /usr/login" and entry["text"]
    assert json.loads(second)["message"] == "plain\nline"


def test_text_log_lines_cannot_be_split(capsys: pytest.CaptureFixture[str]) -> None:
    serving.log("one\r\nfake 200 line")
    assert capsys.readouterr().err == "one  fake 200 line\n"


def test_bind_picks_a_free_port_and_reports_a_taken_one() -> None:
    listener = serving.bind("127.0.0.1", 0)
    try:
        host, port = serving.bound_address(listener)
        assert host == "127.0.0.1" and port > 0
        with socket.create_connection((host, port), timeout=2):
            pass
        with pytest.raises(serving.ListenError, match=f"cannot listen on 127.0.0.1:{port}"):
            serving.bind("127.0.0.1", port)
    finally:
        listener.close()
    with pytest.raises(UsageError, match="cannot be resolved"):
        serving.bind("no-such-host.invalid", 0)
