"""The pec server's life: start-up codes, faults, shutdown, restarts, expiry and storage failures."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from support.pec import FAST as PEC_FAST
from support.pec import FUTURE, SPEAKS_PEC
from support.servers import server, stop

ADMIN = "lifecycle-admin"
FAST = (*PEC_FAST, "--admin-id", ADMIN)
pytestmark = SPEAKS_PEC


def client(running: object) -> httpx.Client:
    host, port = running.host, running.port  # type: ignore[attr-defined]
    return httpx.Client(base_url=f"http://{host}:{port}", timeout=10)


def run_pec(*options: str, timeout: float = 15) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "statuskit", "example", "pec", "--host", "127.0.0.1", *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def sign_up_and_in(http: httpx.Client, account: str, password: str = "secret1") -> str:
    assert http.post("/usr/signup", json={"account": account, "password": password}).json()["status"] == 721
    reply = http.post("/usr/login", json={"account": account, "password": password}).json()
    assert reply["status"] == 722
    session: str = reply["sessionId"]
    return session


def test_start_up_logs_712_then_711_and_sigterm_exits_0(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        with client(running) as http:
            http.get("/tx/pool/x")
        assert stop(running) == 0
        log = running.stderr_text().splitlines()
    codes = [line.split()[0] for line in log if line[:1].isdigit()]
    assert codes[:2] == ["712", "711"]
    assert log[0].startswith("712 Database connected.")
    assert any(line.startswith("711 Service in progress. (127.0.0.1:") for line in log)
    assert any(line.startswith("811 Invalid session ID") and "GET /tx/pool" in line for line in log)
    assert not any("Traceback" in line for line in log)
    # session and admin ids never reach the log
    assert not any("/tx/pool/x" in line for line in log)


def test_sigint_also_stops_cleanly(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(timeout=10) == 0


def test_a_port_in_use_is_911_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_pec("--port", str(port), "--data", str(tmp_path), *FAST)
    assert result.returncode == 1
    assert f"911 Server port already been in use. (127.0.0.1:{port})" in result.stderr.splitlines()
    assert "listening" not in result.stdout
    assert "Traceback" not in result.stderr


def test_data_that_is_a_file_is_912_and_exit_1(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    result = run_pec("--port", "0", "--data", str(not_a_directory), *FAST)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("912")]
    assert line.startswith("912 Database connection failed.") and str(not_a_directory) in line
    assert "Traceback" not in result.stderr


def test_a_corrupt_database_is_912(tmp_path: Path) -> None:
    (tmp_path / "pec.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_pec("--port", "0", "--data", str(tmp_path), *FAST)
    assert result.returncode == 1
    assert any(line.startswith("912 Database connection failed.") for line in result.stderr.splitlines())


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    result = run_pec("--port", "70000", "--data", str(tmp_path))
    assert result.returncode == 2
    assert "--port" in result.stderr and "Traceback" not in result.stderr
    result = run_pec("--port", "0", "--session-ttl", "soon", "--data", str(tmp_path))
    assert result.returncode == 2 and "--session-ttl" in result.stderr


def test_a_generated_admin_id_is_printed_on_stderr_and_works(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), "--hash-memory", "64") as running:
        first = running.wait_for_log("admin id: ")
        admin = first.split(": ", 1)[1].strip()
        assert len(admin) >= 24
        with client(running) as http:
            assert http.get(f"/serv/show/{admin}").json()["status"] == 713
            assert http.get("/serv/show/x").json()["status"] == 811


def test_accounts_and_offers_survive_a_restart(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running, client(running) as http:
        session = sign_up_and_in(http, "keeper")
        offer = {"amount": 3, "value": 10, "type": "water", "timestampExpire": FUTURE}
        tx_hash = http.post("/tx/delivery", json={"sessionId": session, "tx": [offer]}).json()["result"][0][
            "txHash"
        ]
    with server("pec", "--data", str(tmp_path), *FAST) as running, client(running) as http:
        # the session lives on too, and so does the account
        assert http.get(f"/usr/alive/{session}").json()["status"] == 725
        assert (
            http.post("/usr/login", json={"account": "keeper", "password": "secret1"}).json()["status"] == 722
        )
        other = sign_up_and_in(http, "visitor")
        pool = http.get(f"/tx/pool/{other}").json()["tx"]
        assert [item["txHash"] for item in pool] == [tx_hash]


def test_nothing_acknowledged_is_lost_when_killed_during_writes(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        base = f"http://{running.host}:{running.port}"

        def write() -> None:
            with httpx.Client(base_url=base, timeout=5) as http:
                for number in range(10_000):
                    name = f"k{number}"
                    try:
                        reply = http.post("/usr/signup", json={"account": name, "password": "secret1"})
                    except httpx.HTTPError:
                        return
                    if reply.json()["status"] == 721:
                        acknowledged.append(name)

        writer = threading.Thread(target=write)
        writer.start()
        while len(acknowledged) < 30:
            time.sleep(0.01)
        os.kill(running.process.pid, signal.SIGKILL)
        running.process.wait(timeout=10)
        writer.join(timeout=10)
    assert len(acknowledged) >= 30
    with sqlite3.connect(tmp_path / "pec.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with server("pec", "--data", str(tmp_path), *FAST) as running, client(running) as http:
        names = {user["account"] for user in http.get(f"/serv/show/{ADMIN}").json()["users"]}
    assert set(acknowledged) <= names


def test_sessions_expire_after_the_ttl_and_heartbeats_extend_them(tmp_path: Path) -> None:
    with (
        server("pec", "--data", str(tmp_path), "--session-ttl", "0.6", *FAST) as running,
        client(running) as http,
    ):
        session = sign_up_and_in(http, "brief")
        for _ in range(3):
            time.sleep(0.3)
            assert http.get(f"/usr/alive/{session}").json()["status"] == 725
        time.sleep(0.8)
        assert http.get(f"/usr/alive/{session}").json()["status"] == 826
        assert http.get(f"/usr/account/{session}").json()["status"] == 825
        assert http.get(f"/tx/pool/{session}").json()["status"] == 811


def test_a_database_locked_by_another_process_is_500_then_recovers(tmp_path: Path) -> None:
    with (
        server("pec", "--data", str(tmp_path), "--db-timeout", "0.2", *FAST) as running,
        client(running) as http,
    ):
        sign_up_and_in(http, "before")
        locker = sqlite3.connect(tmp_path / "pec.sqlite3", isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            response = http.post("/usr/signup", json={"account": "during", "password": "secret1"})
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        assert response.status_code == 500
        assert response.headers["access-control-allow-origin"] == "*"
        body = response.json()
        assert body["msg"] == "Service or resources unavailable."
        assert set(body) == {"msg", "report"}
        assert "locked" not in response.text  # the fault itself stays in the log
        assert (
            http.post("/usr/signup", json={"account": "after", "password": "secret1"}).json()["status"] == 721
        )
        assert stop(running) == 0
        log = running.stderr_text()
    assert f"report {body['report']}" in log and "locked" in log
    assert any(line.startswith("500 Service or resources unavailable.") for line in log.splitlines())


def test_a_backup_that_cannot_be_written_is_812(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running, client(running) as http:
        (tmp_path / "pec-backup.sqlite3").mkdir()  # the backup's place is taken by a directory
        reply = http.post(f"/serv/save/{ADMIN}").json()
        assert reply == {"status": 812, "msg": "Global data persistence failed."}
        assert not [path for path in tmp_path.iterdir() if path.name.endswith(".partial")]
        (tmp_path / "pec-backup.sqlite3").rmdir()
        assert http.post(f"/serv/save/{ADMIN}").json()["status"] == 714
