"""The ``statuskit live`` receiver: an ASGI app taking OTLP/HTTP traces and answering the report.

    POST /v1/traces       OTLP/HTTP (protobuf or JSON, maybe gzip): 200 with an empty
                          ExportTraceServiceResponse; 400 malformed, 413 too large, 415 an
                          unsupported media type or encoding; 405 for other methods
    GET /statuskit/report the report of :class:`~statuskit.conformance.live.Live` as JSON

A bad request never stops the receiver: it is answered (with a ``google.rpc.Status`` body in the
request's encoding, as OTLP asks) and forgotten. The body is read up to
the size limit and no further (413 as soon as it is passed).
"""

from __future__ import annotations

import json
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import otlp
from .live import KEYS, Live


def create_app(live: Live, *, limit: int = otlp.MAX_BODY) -> Starlette:
    """The receiver feeding ``live``; request bodies over ``limit`` bytes get 413."""

    async def traces(request: Request) -> Response:
        media = otlp.JSON
        try:
            media = otlp.media_type(request.headers.get("content-type"))
            body = await _body(request, limit)
            message = otlp.decode(body, media, request.headers.get("content-encoding"), limit=limit)
        except otlp.OtlpError as error:
            return Response(otlp.failure(error, media), status_code=error.status, media_type=media)
        now = time.time_ns()
        for service, attributes, seen in otlp.server_spans(message, KEYS):
            live.observe(service, attributes, seen or now)
        return Response(otlp.answer(media), media_type=media)

    async def report(request: Request) -> Response:
        return Response(json.dumps(live.report(), indent=1) + "\n", media_type="application/json")

    return Starlette(
        routes=[
            Route("/v1/traces", traces, methods=["POST"]),
            Route("/statuskit/report", report, methods=["GET"]),
        ]
    )


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise otlp.OtlpError(413, f"the request is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise otlp.OtlpError(413, f"the request is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
