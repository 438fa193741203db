"""Codecs that put statuses on the wire and read them back, one module per transport.

    line       ``NNN text\\r\\n`` replies (FmLTP, SMTP-style), multi-line replies, a stream reader
    jsonfield  a status inside a JSON message (``{"KV_GET_RSP": {"st": 22}}``)
    httpjson   HTTP error bodies ``{"code", "message"}`` and RFC 9457 problem+json
    wsclose    WebSocket close code and reason
    opcode     the ``op`` member of gateway frames
    record     the event bus: who is told about every status encoded or decoded
    operation  the operation being served (a context variable every status is stamped with)
    telemetry  OpenTelemetry span attributes and the statuskit.statuses metric (when installed)

Every ``encode`` reports to :func:`statuskit.wire.record.emitted`, every ``decode`` to
:func:`statuskit.wire.record.received`. Malformed input raises
:class:`~statuskit.errors.WireError`; an undeclared code decodes to a status whose ``entry`` is None.
"""

from __future__ import annotations

from ..errors import UnsendableCodeError, WireError

__all__ = ["UnsendableCodeError", "WireError"]
