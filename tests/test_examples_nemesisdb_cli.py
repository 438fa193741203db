"""NemesisDB reference server: the command line, its log and its shutdown."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys

import pytest
from support.servers import server, stop
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from statuskit.examples.nemesisdb.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable=UNREACHABLE)

STATUS_LINE = re.compile(r"^(\d+) ")


def run_statuskit(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "statuskit", "example", "nemesisdb", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


def test_help_lists_the_options() -> None:
    result = run_statuskit("--help")
    assert result.returncode == 0
    options = ["--host", "--port", "--data", "--max-payload", "--no-save", "--load", "--max-sessions"]
    options += ["--max-keys", "--max-bytes", "--max-connections", "--idle-timeout", "--find-budget"]
    for option in options:
        assert option in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--max-payload", "63"], "expected 64 to"),
        (["--max-keys", "lots"], "whole number of keys"),
        (["--idle-timeout", "0"], "seconds"),
        (["--port", "70000"], "port in 0-65535"),
        (["--data", "/nonexistent/statuskit"], "no such directory"),
    ],
)
def test_bad_options_exit_2_with_a_message(arguments: list[str], message: str) -> None:
    result = run_statuskit(*arguments)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_exits_2_with_a_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_statuskit("--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_the_server_cleanly_and_close_connections(signum: signal.Signals) -> None:
    with server("nemesisdb") as running, connect(f"ws://{running.host}:{running.port}") as ws:
        ws.send(json.dumps({"SH_NEW": {"name": "s"}}))
        assert json.loads(ws.recv(timeout=5))["SH_NEW_RSP"]["st"] == 1
        running.process.send_signal(signum)
        assert running.process.wait(timeout=10) == 0
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001, "closed as 'going away'"


def test_log_has_one_line_per_logged_status_starting_with_its_code() -> None:
    with server("nemesisdb") as running:
        with connect(f"ws://{running.host}:{running.port}") as ws:
            for frame in (b"binary", "{", "[]", '{"a": {}, "b": {}}'):
                ws.send(frame)
                ws.recv(timeout=5)
        assert stop(running) == 0
        lines = running.stderr_text().splitlines()
    codes = [int(m.group(1)) for m in map(STATUS_LINE.match, lines) if m]
    assert codes == [2, 3, 13, 11]
    assert lines[0].startswith("nemesisdb: ") and lines[-1] == "stopped"
    assert not any("Traceback" in line for line in lines)
