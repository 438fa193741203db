"""kAPI reference server against Kettu's own client library: kdjs 1.0.9, unchanged, over TLS.

kdjs is not published on the npm registry, and its code is not part of this repository: point
``STATUSKIT_KDJS`` at a checkout of the kettubot/kdjs repository at its 1.0.9 release (or run
``make kdjs KDJS=DIR``) and the test installs it, unchanged, with its discord.js from npm, into
``.cache/node``. Without a kdjs (or without Node.js and npm) the test is skipped and says why.
``tests/kapi_kdjs_driver.js`` drives it as a bot; this module starts
the server with a self-signed certificate that Node trusts through ``NODE_EXTRA_CA_CERTS``, answers
the driver's request for a SIGTERM by restarting the server on the same port, and checks each step.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from support.servers import RunningServer, server, stop

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
DRIVER = Path(__file__).resolve().parent / "kapi_kdjs_driver.js"
KDJS_VERSION = "1.0.9"
KETTU, BOT, USER = "kettu.token.e2e", "fiber.token.e2e", "user.token.e2e"  # kdjs strips a leading "Bot"
GUILD = "685932693908881408"
STEPS = (
    "ready",
    "users",
    "store",
    "images",
    "guild",
    "cases",
    "network drop resumes",
    "sigterm gives 4010 and a fresh identify",
    "bot with default intents gets 4014 and stops",
)
TIMEOUT = 120.0


def write_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (a CA, so Node accepts it as a root)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "statuskit kapi test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def _kdjs_missing() -> str | None:
    """Why kdjs cannot run here (None when it can); installs it as ``make kdjs`` does when needed."""
    if shutil.which("node") is None:
        return "node is not installed: the kdjs end-to-end test needs Node.js 18+"
    if (NODE_MODULES / "@kettubot" / "kdjs" / "package.json").exists():
        return None
    source = os.environ.get("STATUSKIT_KDJS", "")
    if not source:
        return (
            f"kdjs {KDJS_VERSION} is not on the npm registry: set STATUSKIT_KDJS to a checkout of"
            f" kettubot/kdjs at {KDJS_VERSION} to run the end-to-end test"
        )
    package = json.loads((Path(source) / "package.json").read_text(encoding="utf-8"))
    assert package.get("version") == KDJS_VERSION, f"{source} holds kdjs {package.get('version')}"
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed: kdjs cannot be installed (make kdjs)"
    command = [npm, "install", "--silent", "--no-audit", "--no-fund", "--install-links"]
    command += ["--prefix", str(NODE_MODULES.parent), source]
    installed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, f"npm could not install kdjs: {installed.stderr[-2000:]}"
    return None


def _options(cert: Path, key: Path, data: Path) -> tuple[str, ...]:
    return (
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
        "--data",
        str(data),
        "--kettu-token",
        KETTU,
        "--bot-token",
        BOT,
        "--user-token",
        USER,
        "--guild",
        GUILD,
        "--heartbeat-interval",
        "1000",
        "--rate-limit",
        "10000",
    )


def _lines(process: subprocess.Popen[str], deadline: float) -> Iterator[dict[str, Any]]:
    """The driver's JSON lines as they come, until it exits or the deadline passes."""
    assert process.stdout is not None
    stream = process.stdout
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the kdjs driver did not finish within {TIMEOUT} s")
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            continue
        if line is None:
            return
        yield json.loads(line)


def test_kdjs_does_everything_against_the_server(tmp_path: Path) -> None:
    missing = _kdjs_missing()
    if missing is not None:
        pytest.skip(missing)
    cert, key = write_certificate(tmp_path)
    options = _options(cert, key, tmp_path / "data")
    current: RunningServer
    with server("kapi", *options) as first:
        current = first
        with httpx.Client(verify=str(cert), timeout=10) as http:
            me = http.get(
                f"https://127.0.0.1:{first.port}/v4/users/@me", headers={"Authorization": f"Bearer {USER}"}
            )
        assert me.status_code == 200, me.text
        environment = {
            **os.environ,
            "NODE_PATH": str(NODE_MODULES),
            "NODE_EXTRA_CA_CERTS": str(cert),
            "KAPI_PORT": str(first.port),
            "KETTU_TOKEN": KETTU,
            "BOT_TOKEN": BOT,
            "USER_ID": me.json()["id"],
            "GUILD_ID": GUILD,
        }
        driver = subprocess.Popen(
            ["node", str(DRIVER)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )
        steps: dict[str, dict[str, Any]] = {}
        restarted = None
        try:
            for line in _lines(driver, time.monotonic() + TIMEOUT):
                if line.get("wait") == "sigterm":
                    assert stop(current) == 0
                    assert any(entry.startswith("4010 ") for entry in current.log), current.log
                    restarted = server("kapi", *options, "--port", str(first.port))
                    current = restarted.__enter__()
                elif "step" in line:
                    assert line["ok"], (
                        f"kdjs step {line['step']!r} failed: {line.get('error')}; kdjs {line.get('debug')}; server log {current.log}"
                    )
                    steps[line["step"]] = line
        finally:
            if driver.poll() is None:
                driver.kill()
            driver.wait(timeout=10)
            if restarted is not None:
                restarted.__exit__(None, None, None)
        errors = driver.stderr.read() if driver.stderr else ""
        assert driver.returncode == 0, errors
    assert tuple(steps) == STEPS
    assert steps["images"]["direct"].startswith("https://127.0.0.1:")
    assert "Replayed" in steps["network drop resumes"]["replayed"]
    assert steps["sigterm gives 4010 and a fresh identify"]["reason"].startswith("server restarting")
    assert steps["bot with default intents gets 4014 and stops"]["reason"].startswith("disallowed intents")
