"""What every reference server shares: its catalog, its log, its start-up line and its signals."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources

from ..model import Catalog
from ..status import Status


@cache
def bundled_catalog(name: str) -> Catalog:
    """The seed catalog shipped with statuskit (``catalogs/NAME.yaml``)."""
    from ..loading import loads

    source = resources.files("statuskit").joinpath("catalogs", f"{name}.yaml")
    return loads(source.read_text("utf-8"), f"catalogs/{name}.yaml")


def log_status(status: Status, detail: str = "") -> None:
    """One log line on stderr, starting with the status code."""
    extra = f" ({detail})" if detail else ""
    log(f"{status.code} {status.text()}{extra}")


def log(message: str) -> None:
    """One log line on stderr; CR, LF and other control characters never split or forge lines."""
    clean = "".join(c if c.isprintable() else " " for c in message)
    print(clean, file=sys.stderr, flush=True)


def announce(host: str, port: int) -> None:
    """Tell whoever started the server where it listens, once it accepts connections."""
    print(f"listening on {host}:{port}", flush=True)


def run_until_stopped(main: Callable[[asyncio.Event], Awaitable[int | None]]) -> int:
    """Run ``main(stop)`` on a new event loop; SIGINT and SIGTERM set ``stop``.

    ``main`` should return once ``stop`` is set, after closing its connections cleanly; its
    return value (default 0) is the exit status.
    """

    async def runner() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        result = await main(stop)
        return 0 if result is None else result

    try:
        return asyncio.run(runner())
    except KeyboardInterrupt:
        return 0
