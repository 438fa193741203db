"""kAPI reference server: start-up errors, clean shutdown, its log, stored users and TLS."""

from __future__ import annotations

import json
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from support.servers import server, stop
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from statuskit.cli import main
from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

TOKEN = "life-token"
LOG_LINE = re.compile(r"^\d+ ")


def run_cli(capsys: pytest.CaptureFixture[str], *options: str, port: int = 0) -> tuple[int, str, str]:
    """Run the command in this process: the cases here all stop before the server starts."""
    code = main(["example", "kapi", "--host", "127.0.0.1", "--port", str(port), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def me(base: str, token: str = TOKEN) -> httpx.Response:
    return httpx.get(f"{base}/v4/users/@me", headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_sigterm_closes_every_connection_with_4010_and_exits_0() -> None:
    with server("kapi", "--token", TOKEN) as running:
        url = f"ws://{running.host}:{running.port}/gateway"
        with connect(url) as idle, connect(url) as identified:
            idle.recv(timeout=5)
            identified.recv(timeout=5)
            identified.send(json.dumps({"op": 4, "d": {"token": TOKEN, "intents": 0}}))
            assert json.loads(identified.recv(timeout=5))["t"] == "READY"
            running.process.send_signal(signal.SIGTERM)
            for ws in (idle, identified):
                with pytest.raises(ConnectionClosed) as caught:
                    ws.recv(timeout=5)
                assert caught.value.rcvd is not None and caught.value.rcvd.code == 4010
        assert running.process.wait(timeout=10) == 0
        log = running.stderr_text().splitlines()
    assert sum(line.startswith("4010 ") for line in log) == 2
    assert all(LOG_LINE.match(line) for line in log), log


def test_sigint_also_stops_cleanly_and_debug_routes_are_off_by_default() -> None:
    with server("kapi", "--token", TOKEN) as running:
        base = f"http://{running.host}:{running.port}"
        response = httpx.get(f"{base}/v4/debug/error", headers={"Authorization": f"Bot {TOKEN}"})
        assert response.status_code == 404 and response.json()["code"] == 0
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(timeout=10) == 0


def test_a_fault_is_logged_with_the_report_id_it_answered() -> None:
    with server("kapi", "--token", TOKEN, "--debug-routes") as running:
        base = f"http://{running.host}:{running.port}"
        report = httpx.get(f"{base}/v4/debug/error", headers={"Authorization": f"Bearer {TOKEN}"}).json()[
            "report"
        ]
        assert stop(running) == 0
        log = running.stderr_text()
    line = next(line for line in log.splitlines() if report in line)
    assert line.startswith("500 ") and "RuntimeError" in line
    assert "Traceback" not in log


def test_users_survive_a_kill_during_writes_and_tokens_are_not_stored(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    with server("kapi", "--data", str(tmp_path), "--token", TOKEN, "--rate-limit", "100000") as running:
        base = f"http://{running.host}:{running.port}"
        user_id = me(base).json()["id"]
        done = threading.Event()

        def write() -> None:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
                for n in range(10_000):
                    if done.is_set():
                        return
                    try:
                        response = client.patch("/v4/users/@me", json={"profile": {"bio": f"name-{n}"}})
                    except httpx.HTTPError:
                        return
                    if response.status_code == 200:
                        acknowledged.append(f"name-{n}")

        writer = threading.Thread(target=write)
        writer.start()
        while len(acknowledged) < 20 and writer.is_alive():
            threading.Event().wait(0.01)
        running.process.send_signal(signal.SIGKILL)
        running.process.wait(timeout=10)
        done.set()
        writer.join(timeout=10)
    assert len(acknowledged) >= 20
    stored = (tmp_path / "users.json").read_text("utf-8")
    assert TOKEN not in stored
    with server("kapi", "--data", str(tmp_path), "--token", TOKEN, "--token", "newcomer") as running:
        base = f"http://{running.host}:{running.port}"
        after = me(base).json()
        assert me(base, "newcomer").status_code == 200
    last = int(acknowledged[-1].removeprefix("name-"))
    assert after["id"] == user_id
    assert after["profile"]["bio"] in (f"name-{last}", f"name-{last + 1}"), (after, acknowledged[-3:])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "statuskit-kapi-users", "users": [', "users.json:1:"),
        (b"\xff\xfe", "not valid UTF-8"),
        (b'{"format": "other"}', '"format": "statuskit-kapi-users"'),
        (b'{"format": "statuskit-kapi-users", "users": [{"id": "x"}]}', "users[0]"),
    ],
)
def test_an_unusable_data_file_stops_the_start_with_where_and_what(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, expected: str
) -> None:
    (tmp_path / "users.json").write_bytes(content)
    code, out, err = run_cli(capsys, "--data", str(tmp_path), "--token", TOKEN)
    assert code == 2
    assert expected in err and str(tmp_path) in err
    assert "listening" not in out


def test_a_data_path_that_is_a_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli(capsys, "--data", str(tmp_path / "file"))
    assert code == 2 and "data directory" in err


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--token", "has space"), "--token"),
        (("--token", ""), "--token"),
        (("--rate-limit", "0"), "--rate-limit"),
        (("--heartbeat-interval", "-5"), "--heartbeat-interval"),
        (("--resume-window", "-1"), "--resume-window"),
        (("--resume-window", "nan"), "--resume-window"),
        (("--resume-window", "inf"), "--resume-window"),
        (("--tls-cert", "cert.pem"), "--tls-key"),
        (("--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"), "--tls-cert"),
        (("--port", "70000"), "--port"),
        (("--rate-limit", "many"), "--rate-limit"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], expected: str
) -> None:
    code, out, err = run_cli(capsys, *options)
    assert code == 2, (out, err)
    assert expected in err and "listening" not in out


def test_a_certificate_tls_cannot_use_exits_2_naming_the_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not a certificate\n")
    key.write_text("not a key\n")
    code, out, err = run_cli(capsys, "--tls-cert", str(cert), "--tls-key", str(key))
    assert code == 2 and "--tls-cert" in err and "--tls-key" in err and "listening" not in out
    assert "Traceback" not in err


def test_a_port_in_use_exits_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "statuskit",
                "example",
                "kapi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2 and f"127.0.0.1:{port}" in result.stderr


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_serves_https_and_wss(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    with server("kapi", "--kettu-token", TOKEN, "--tls-cert", str(cert), "--tls-key", str(key)) as running:
        context = ssl.create_default_context(cafile=str(cert))
        base = f"https://{running.host}:{running.port}"
        response = httpx.get(f"{base}/v4/gateway", headers={"Authorization": f"Bot {TOKEN}"}, verify=context)
        url = response.json()["url"]
        assert url == f"wss://{running.host}:{running.port}/gateway"
        with connect(url + "?v=4", ssl=context) as ws:
            assert json.loads(ws.recv(timeout=5))["op"] == 3
        image = httpx.get(
            f"{base}/v4/images/pat/random", headers={"Authorization": f"Bot {TOKEN}"}, verify=context
        )
        assert image.json()["direct"].startswith(f"https://{running.host}:{running.port}/cdn/")
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://{running.host}:{running.port}/v4/gateway", timeout=5)


def test_every_option_is_documented() -> None:
    import argparse

    from statuskit.examples.kapi import cli

    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "examples" / "kapi.md").read_text("utf-8")
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    missing = [option for option in options if option != "--help" and f"`{option}" not in doc]
    assert not missing, f"docs/examples/kapi.md does not describe {missing}"


def test_every_route_is_documented() -> None:
    from starlette.routing import Route

    from statuskit.examples.kapi.app import routes
    from statuskit.examples.kapi.settings import Settings
    from statuskit.examples.kapi.state import make_state

    doc = (Path(__file__).resolve().parent.parent / "docs" / "examples" / "kapi.md").read_text("utf-8")
    shape = re.compile(r"\{[^}]*\}")
    documented = shape.sub("{}", doc)
    paths = [r.path for r in routes(make_state(Settings(debug_routes=True))) if isinstance(r, Route)]
    missing = [path for path in paths if "{path" not in path and shape.sub("{}", path) not in documented]
    assert paths and not missing, f"docs/examples/kapi.md does not describe {missing}"
