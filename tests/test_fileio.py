"""Atomic writes, and the temporary files a killed write leaves, removed by the data's owner."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from statuskit.examples.fmltp.store import FILE_NAME as QUEUES
from statuskit.examples.fmltp.store import QueueStore
from statuskit.examples.kapi.settings import Client
from statuskit.examples.kapi.store import FILE_NAME as USERS
from statuskit.examples.kapi.store import UserStore
from statuskit.fileio import atomic_write, remove_stale_temporaries

_WRITER = """
import sys
from statuskit.fileio import atomic_write
payload = b"x" * (64 * 1024 * 1024)
while True:
    atomic_write(sys.argv[1], payload)
"""


def _killed_writer_leaves_a_temporary(target: Path) -> list[Path]:
    """Kill a process in the middle of atomic writes of ``target``; the temporaries it left."""
    process = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)])
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            left = sorted(target.parent.glob(f".{target.name}.*.tmp"))
            if left and left[0].stat().st_size > 0:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return sorted(target.parent.glob(f".{target.name}.*.tmp"))
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    raise AssertionError("the writer never had a temporary file open")


def test_a_killed_write_leaves_the_old_file_and_a_temporary_that_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    atomic_write(target, "old\n")
    left = _killed_writer_leaves_a_temporary(target)
    assert left and target.read_bytes() in (b"old\n", b"x" * (64 * 1024 * 1024))
    neighbour = tmp_path / ".other.json.abc.tmp"
    neighbour.write_text("someone else's")
    assert remove_stale_temporaries(target) == len(left)
    assert not list(tmp_path.glob(f".{target.name}.*.tmp")) and neighbour.exists()


def test_the_servers_stores_remove_stale_temporaries_when_they_open(tmp_path: Path) -> None:
    for name in (USERS, QUEUES):
        (tmp_path / f".{name}.k1ll3d.tmp").write_text("half")
    UserStore.open(tmp_path, (Client("a-token", "user"),))
    QueueStore.open(tmp_path)
    assert not list(tmp_path.glob(".*.tmp"))
