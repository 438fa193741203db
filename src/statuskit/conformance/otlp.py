"""OTLP/HTTP trace requests: bytes → the server spans :class:`~statuskit.conformance.live.Live` reads.

The messages are the official ``opentelemetry-proto`` ones (``ExportTraceServiceRequest``), in
either encoding OTLP/HTTP allows: binary protobuf (``application/x-protobuf``) or JSON
(``application/json``, parsed with protobuf's own JSON reader; OTLP's hex trace and span ids
are not needed here). A ``gzip`` body is inflated up to the size limit. What cannot be read
raises :class:`OtlpError` with the HTTP status OTLP prescribes: 400 malformed, 413 too large,
415 an unsupported media type or content encoding.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import DecodeError
from google.rpc.status_pb2 import Status
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from ..errors import OtlpError as OtlpError  # raised here; also importable from here

PROTOBUF = "application/x-protobuf"
JSON = "application/json"
MAX_BODY = 16 * 1024 * 1024
"""The largest request body accepted, before and after gzip (OTLP exporters send far less)."""
SERVER_KINDS = frozenset((Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CONSUMER))


def media_type(content_type: str | None) -> str:
    """``application/x-protobuf`` or ``application/json``; :class:`OtlpError` 415 otherwise."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in (PROTOBUF, JSON):
        raise OtlpError(415, f"Content-Type must be {PROTOBUF} or {JSON}, not {media or 'missing'!r}")
    return media


def decode(
    body: bytes, media: str, encoding: str | None = None, *, limit: int = MAX_BODY
) -> ExportTraceServiceRequest:
    """The request in ``body`` (of ``media``, maybe gzip-compressed); :class:`OtlpError` when unreadable."""
    coding = (encoding or "identity").strip().lower()
    if coding == "gzip":
        body = _gunzip(body, limit)
    elif coding != "identity":
        raise OtlpError(415, f"Content-Encoding {coding!r} is not supported; use gzip or none")
    if len(body) > limit:
        raise OtlpError(413, f"the request is larger than {limit} bytes")
    request = ExportTraceServiceRequest()
    try:
        if media == PROTOBUF:
            request.ParseFromString(body)
        else:
            json_format.Parse(body.decode("utf-8"), request, ignore_unknown_fields=True)
    except (DecodeError, json_format.ParseError, UnicodeDecodeError, RecursionError, ValueError) as error:
        raise OtlpError(400, f"not an OTLP trace request: {str(error)[:200]}") from None
    return request


_RPC_CODES = {400: 3, 413: 8, 415: 3}
"""HTTP status → google.rpc.Code: INVALID_ARGUMENT, RESOURCE_EXHAUSTED."""


def failure(error: OtlpError, media: str) -> bytes:
    """The error body OTLP prescribes: a ``google.rpc.Status`` with the message, in ``media``."""
    status = Status(code=_RPC_CODES.get(error.status, 2), message=error.message)
    if media == PROTOBUF:
        body: bytes = status.SerializeToString()
        return body
    return json_format.MessageToJson(status, indent=None).encode()


def answer(media: str) -> bytes:
    """The success body: an empty ``ExportTraceServiceResponse`` in the request's encoding."""
    response = ExportTraceServiceResponse()
    return response.SerializeToString() if media == PROTOBUF else b"{}"


def server_spans(
    request: ExportTraceServiceRequest, keys: frozenset[str]
) -> Iterator[tuple[str, dict[str, Any], int]]:
    """``(service.name, attributes, end time in ns)`` of each server or consumer span.

    Only the attributes named in ``keys`` are converted: a span's other attributes are skipped.
    """
    for resource_spans in request.resource_spans:
        service = "unknown_service"
        for attribute in resource_spans.resource.attributes:
            if attribute.key == "service.name":
                service = str(_value(attribute.value)) or service
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                if span.kind not in SERVER_KINDS:
                    continue
                attributes = {a.key: _value(a.value) for a in span.attributes if a.key in keys}
                if attributes:
                    yield service, attributes, span.end_time_unix_nano or span.start_time_unix_nano


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "string_value":
        return value.string_value
    if kind == "int_value":
        return value.int_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "double_value":
        return value.double_value
    return None


def _gunzip(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise OtlpError(400, f"the gzip body cannot be inflated: {error}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise OtlpError(413, f"the request inflates to more than {limit} bytes")
    if not inflater.eof:
        raise OtlpError(400, "the gzip body is cut short")
    return out
