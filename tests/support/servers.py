"""Start a reference server as a real subprocess on 127.0.0.1 and a free port, and stop it."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

LISTENING = re.compile(r"listening on (\S+):(\d+)")


@dataclass
class RunningServer:
    process: subprocess.Popen[str]
    host: str
    port: int
    log: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def drain(self) -> None:
        """Read the server's log as it comes, so that a busy log never blocks the server."""
        assert self.process.stderr is not None
        stream = self.process.stderr
        self.reader = threading.Thread(target=lambda: self.log.extend(stream), daemon=True)
        self.reader.start()

    def wait_for_log(self, prefix: str, timeout: float = 10.0) -> str:
        """The first log line starting with ``prefix``, waiting for it while the server runs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.log):
                if line.startswith(prefix):
                    return line.rstrip("\n")
            time.sleep(0.02)
        raise AssertionError(f"no log line starting with {prefix!r} within {timeout} s: {self.log!r}")

    def stderr_text(self, timeout: float = 10.0) -> str:
        """The server's whole log, once it has stopped."""
        if self.reader is not None:
            self.process.wait(timeout=timeout)
            self.reader.join(timeout)
        return "".join(self.log)


def _wait_for_listening(process: subprocess.Popen[str], timeout: float) -> tuple[str, int]:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.1):
            if process.poll() is not None:
                break
            continue
        line = process.stdout.readline()
        if not line:
            break
        match = LISTENING.search(line)
        if match:
            return match.group(1), int(match.group(2))
    process.kill()
    err = process.stderr.read() if process.stderr else ""
    raise RuntimeError(f"server did not start; stderr:\n{err}")


@contextmanager
def server(
    name: str, *options: str, timeout: float = 15.0, env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """Run ``statuskit example NAME --host 127.0.0.1 --port 0 OPTIONS``; SIGTERM it afterwards."""
    command = [
        sys.executable,
        "-m",
        "statuskit",
        "example",
        name,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        *options,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        host, port = _wait_for_listening(process, timeout)
        running = RunningServer(process, host, port)
        running.drain()
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def stop(running: RunningServer, timeout: float = 10.0) -> int:
    """SIGTERM the server and return its exit status."""
    running.process.send_signal(signal.SIGTERM)
    return running.process.wait(timeout=timeout)
