"""WebSocket close frames: a close code and a reason of at most 123 bytes of UTF-8.

Applications may send 1000 and 3000-4999 only (the WebSocket API's rule); any other code raises
:class:`~statuskit.errors.UnsendableCodeError` before it reaches the wire. The reason is cut on a
character boundary, never in the middle of one.
"""

from __future__ import annotations

from ..errors import UnsendableCodeError, WireError
from ..model import Space
from ..status import Status
from . import record
from .oneline import cut_utf8

TRANSPORT = "ws-close"
MAX_REASON = 123


def sendable(code: int | str) -> bool:
    """True for the close codes an application may send: 1000 and 3000-4999 (never a string)."""
    return isinstance(code, int) and (code == 1000 or 3000 <= code <= 4999)


def encode(status: Status, *, lang: str | None = None, operation: str | None = None) -> tuple[int, str]:
    """``(code, reason)`` for a close frame."""
    if not sendable(status.code):
        raise UnsendableCodeError(
            f"close code {status.code} cannot be sent by an application; use 1000 or 3000-4999"
        )
    code = status.code
    assert isinstance(code, int)  # sendable() said so
    reason = cut_utf8(status.message(lang), MAX_REASON)
    record.emitted(status, TRANSPORT, operation)
    return code, reason


def decode(code: int, reason: str, space: Space) -> Status:
    """The status of a received close frame; codes outside 1000-4999 are malformed."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise WireError(f"a close code is an integer, not {type(code).__name__}")
    if not 1000 <= code <= 4999:
        raise WireError(f"close code {code} is outside 1000-4999")
    if not isinstance(reason, str):
        raise WireError(f"a close reason is a string, not {type(reason).__name__}")
    if len(reason.encode("utf-8", errors="surrogatepass")) > MAX_REASON:
        raise WireError(f"the close reason is longer than {MAX_REASON} bytes of UTF-8")
    status = Status.received(space, code, text=reason)
    record.received(status, TRANSPORT)
    return status
