"""The skeleton every reference server is built on.

Each server package has the same roles: ``cli`` (its options and ``run``), ``settings`` (the
options, checked once), ``protocol`` or ``app`` (what it speaks), ``replies`` (statuses from its
catalog) and ``store`` (its data). What they share lives here, so that it is written once:

- the common options ``--host``, ``--port``, ``--data`` and ``--log-format``, parsed and checked
  by :func:`add_common_options` and :func:`common_from`;
- the log (one line per status, starting with its code; text or JSON lines) and the start-up
  line ``listening on HOST:PORT`` that tests and scripts wait for;
- one way to bind a listening socket (:func:`bind`), used by asyncio servers through
  ``sock=`` and by ASGI servers through :func:`serve_asgi`;
- SIGINT and SIGTERM handling (:func:`run_until_stopped`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..argtypes import bounded
from ..errors import UsageError
from ..model import Catalog
from ..status import Status

LOG_FORMATS = ("text", "json")
LISTEN_BACKLOG = 1024


@dataclass(frozen=True, slots=True)
class Common:
    """The options every reference server takes, already checked."""

    host: str
    port: int
    data: Path | None
    log_format: str = "text"


@cache
def bundled_catalog(name: str) -> Catalog:
    """The seed catalog shipped with statuskit (``catalogs/NAME.yaml``)."""
    from ..loading import loads

    source = resources.files("statuskit").joinpath("catalogs", f"{name}.yaml")
    return loads(source.read_text("utf-8"), f"catalogs/{name}.yaml")


# --- options -------------------------------------------------------------------------------


port_number = bounded(int, 0, 65535, expected="a port in 0-65535 (0 picks a free one)")
"""An argparse type: a TCP port, 0 meaning "pick a free one"."""


@dataclass(frozen=True, slots=True)
class Number:
    """One numeric option of a server as a row: flag, kind, bounds, default, unit and help.

    A server lists its numeric options as a table of these and adds them with
    :func:`add_numbers`, so that every one of them is bounded and refused in the same words
    (``expected 1 to 64 connections, not 0``).
    """

    flag: str
    kind: type[int] | type[float]
    low: float
    high: float
    default: float
    unit: str
    help: str
    metavar: str | None = None


def add_numbers(parser: argparse.ArgumentParser, numbers: Iterable[Number]) -> None:
    """Add each :class:`Number` to ``parser``, typed by :func:`~statuskit.argtypes.bounded`."""
    for number in numbers:
        parser.add_argument(
            number.flag,
            type=bounded(number.kind, number.low, number.high, number.unit),
            default=number.default,
            metavar=number.metavar,
            help=number.help,
        )


def add_common_options(
    parser: argparse.ArgumentParser,
    *,
    default_port: int,
    data_help: str,
    default_data: Path | None = None,
) -> None:
    """Add ``--host``, ``--port``, ``--data`` and ``--log-format`` to a server's parser."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=port_number,
        default=default_port,
        help=f"port to listen on; 0 picks a free one (default {default_port})",
    )
    default = f" (default {default_data})" if default_data is not None else ""
    parser.add_argument("--data", type=Path, default=default_data, metavar="DIR", help=data_help + default)
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="log lines on stderr as text (default) or as one JSON object per line",
    )


def common_from(args: argparse.Namespace) -> Common:
    """The common options of parsed ``args``, checked; sets the log format for the process."""
    host = str(args.host)
    if not host or not host.isprintable() or any(c.isspace() for c in host):
        raise UsageError(f"--host {host!r}: expected an address or a host name")
    common = Common(host=host, port=int(args.port), data=args.data, log_format=str(args.log_format))
    set_log_format(common.log_format)
    return common


# --- the log -------------------------------------------------------------------------------

_log_format = "text"


def set_log_format(name: str) -> None:
    """Choose how :func:`log` and :func:`log_status` write: ``text`` or ``json``."""
    global _log_format
    if name not in LOG_FORMATS:
        raise UsageError(f"--log-format {name!r}: expected one of {', '.join(LOG_FORMATS)}")
    _log_format = name


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def _write(entry: dict[str, Any]) -> None:
    if _log_format == "json":
        line = json.dumps({"time": round(time.time(), 3), **entry}, ensure_ascii=False)
    else:
        line = _printable(str(entry.pop("message")))
    print(line, file=sys.stderr, flush=True)


def log_status(status: Status, detail: str = "") -> None:
    """One log line on stderr, starting with the status code."""
    extra = f" ({detail})" if detail else ""
    text = status.text()
    entry: dict[str, Any] = {"message": f"{status.code} {text}{extra}"}
    if _log_format == "json":
        entry = {"code": status.code, "text": text, **({"detail": detail} if detail else {})}
    _write(entry)


def log(message: str) -> None:
    """One log line on stderr; CR, LF and other control characters never split or forge lines."""
    _write({"message": message})


def announce(host: str, port: int) -> None:
    """Tell whoever started the server where it listens, once it accepts connections."""
    print(f"listening on {host}:{port}", flush=True)


# --- listening -----------------------------------------------------------------------------


def bind(host: str, port: int) -> socket.socket:
    """A non-blocking listening TCP socket on ``host:port``; :class:`UsageError` when it cannot be had.

    ``IPPROTO_TCP`` is explicit so that asyncio sets TCP_NODELAY on accepted connections
    (without it every small reply waits for the peer's delayed ACK, about 40 ms).
    """
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise UsageError(f"--host {host!r}: cannot be resolved ({reason})") from None
    listener = socket.socket(family, kind, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(LISTEN_BACKLOG)
        listener.setblocking(False)
    except (OSError, OverflowError) as error:
        listener.close()
        raise ListenError(host, port, error) from None
    return listener


class ListenError(UsageError):
    """The address cannot be listened on (in use, not ours, not allowed)."""

    def __init__(self, host: str, port: int, error: OSError | OverflowError) -> None:
        self.errno = error.errno if isinstance(error, OSError) else None
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        super().__init__(f"cannot listen on {host}:{port}: {reason}")


def bound_address(listener: socket.socket) -> tuple[str, int]:
    """The host and port a bound socket listens on (the real port when 0 was asked for)."""
    host, port = listener.getsockname()[:2]
    return str(host), int(port)


class _OneLine(logging.Handler):
    """uvicorn's warnings and errors as single log lines (never a multi-line traceback)."""

    def emit(self, entry: logging.LogRecord) -> None:
        log(f"http: {entry.getMessage()}")


def quiet_uvicorn() -> None:
    """uvicorn logs only its warnings, one line each; the server logs one line per status."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers = [_OneLine(level=logging.WARNING)]
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


async def serve_asgi(
    app: Any,
    listener: socket.socket,
    stop: asyncio.Event,
    *,
    on_started: Callable[[str, int], None] | None = None,
    before_shutdown: Callable[[], Awaitable[None]] | None = None,
    limits: HttpLimits | None = None,
    **uvicorn_options: Any,
) -> None:
    """Serve ``app`` with uvicorn on ``listener`` until ``stop`` is set.

    uvicorn's own signal handling is not used (:func:`run_until_stopped` owns SIGINT and
    SIGTERM). ``on_started(host, port)`` runs once connections are accepted, before the
    ``listening on`` line; ``before_shutdown`` runs when ``stop`` is set, before uvicorn stops
    accepting (a gateway closes its WebSockets there). ``uvicorn_options`` go to
    ``uvicorn.Config`` (TLS files, WebSocket limits, timeouts). HTTP/1.1 is served by h11
    with :class:`HttpLimits` on slow and half-open connections.
    """
    import uvicorn

    quiet_uvicorn()
    options: dict[str, Any] = {
        "lifespan": "off",
        "loop": "asyncio",
        "log_config": None,
        "access_log": False,
        "server_header": False,
        "proxy_headers": False,
        "timeout_keep_alive": 5,
        "timeout_graceful_shutdown": 5,
        "http": guarded_h11(limits or HttpLimits()),
    }
    options.update(uvicorn_options)
    config = uvicorn.Config(app, **options)
    try:
        config.load()
    except OSError as error:  # ssl.SSLError is an OSError
        raise UsageError(f"cannot start the HTTP server: {error}") from None
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=[listener])
    if server.should_exit:  # startup failed and said so through the log
        raise UsageError("the HTTP server could not start (see the log)")
    host, port = bound_address(listener)
    if on_started is not None:
        on_started(host, port)
    announce(host, port)
    ticking = asyncio.create_task(server.main_loop())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({ticking, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if before_shutdown is not None:
        await before_shutdown()
    server.should_exit = True
    await ticking
    stopping.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await stopping
    await server.shutdown(sockets=[listener])


# --- running -------------------------------------------------------------------------------


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


# --- slow and flooding HTTP clients ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HttpLimits:
    """How long a client may take and how many half-open connections it may hold.

    A connection is *pending* from the moment it is made (or a keep-alive connection starts a
    new request) until its request headers are complete. A pending connection is closed after
    ``header_timeout`` seconds, however slowly it trickles bytes; when an address holds more than
    ``pending_per_address`` pending connections, the oldest of them is closed once it has been
    pending for ``grace`` seconds (a burst of fresh connections is let through); past
    ``pending_total`` the oldest pending connection is closed at once. Clients that send a request
    at once are never pending for long, so a flood of slow connections cannot crowd them out, even
    from the same address, nor use up the server's file descriptors.
    """

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    pending_per_address: int = 32
    pending_total: int = 512
    grace: float = 1.0


HTTP_TIMEOUTS = (
    Number("--header-timeout", float, 0.1, 3600, 10.0, "seconds", metavar="SECONDS",
           help="seconds a client may take to send its request headers (default 10)"),
    Number("--body-timeout", float, 0.1, 3600, 30.0, "seconds", metavar="SECONDS",
           help="seconds a client may take to send its request body (default 30)"),
)  # fmt: skip
"""The options of an HTTP server's :class:`HttpLimits` on slow clients, the same in every server."""


def conflicting_framing(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a request has both Transfer-Encoding and Content-Length (request smuggling)."""
    names = {name.lower() for name, _ in headers}
    return b"transfer-encoding" in names and b"content-length" in names


def guarded_h11(limits: HttpLimits) -> type:
    """An h11 protocol class for uvicorn that enforces ``limits`` on request headers."""
    from collections import OrderedDict

    from uvicorn.protocols.http.h11_impl import H11Protocol

    pending: OrderedDict[Any, tuple[str, float]] = OrderedDict()

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._await_headers()

        def data_received(self, data: bytes) -> None:
            if self._header_timer is None and (self.cycle is None or self.cycle.response_complete):
                self._await_headers()
            super().data_received(data)

        def handle_events(self) -> None:
            before = self.cycle
            super().handle_events()
            if self.cycle is not before:
                self._headers_done()

        def handle_websocket_upgrade(self, event: Any) -> None:
            self._headers_done()
            super().handle_websocket_upgrade(event)

        def connection_lost(self, exc: Exception | None) -> None:
            self._headers_done()
            super().connection_lost(exc)

        def _address(self) -> str:
            return str(self.client[0]) if self.client else ""

        def _await_headers(self) -> None:
            self._headers_done()
            self._header_timer = self.loop.call_later(limits.header_timeout, self._too_slow)
            address, now = self._address(), self.loop.time()
            pending[self] = (address, now)
            if len(pending) > limits.pending_total:
                next(iter(pending))._too_slow()
                return
            same = [(c, since) for c, (other, since) in pending.items() if other == address]
            if len(same) > limits.pending_per_address and now - same[0][1] >= limits.grace:
                same[0][0]._too_slow()

        def _headers_done(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            pending.pop(self, None)

        def _too_slow(self) -> None:
            self._headers_done()
            self.transport.close()

    return GuardedH11Protocol
