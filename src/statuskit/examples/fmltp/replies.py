"""What the FmLTP server answers: a status code of ``catalogs/fmltp.yaml`` and its extra lines.

Every code of the catalog can be reached by a client, so :data:`UNREACHABLE` is empty; the test
modules import it for their conformance marker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

UNREACHABLE: Mapping[int, str] = MappingProxyType({})
"""Codes of the catalog no client can make the server send, with the reason: none."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send: a status code, extra lines of a multi-line reply, whether to close after."""

    code: int
    lines: tuple[str, ...] = ()
    close: bool = False
    detail: str | None = None
    """Sent after the catalog text (``420 Command error: no back end selected``); fixed text only."""
    note: str = ""
    """For the log only (never on the wire): what happened, e.g. the command's name."""
    operation: str | None = None
    """The catalog operation this answers (``handshake`` or a command's name), for the recorder."""
