"""The routes outside the resources: where the gateway is, kAPI's admin actions, debug and not found."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .rest import HOST, Caller, ok, require, shown, state_of


async def gateway(request: Request, caller: Caller) -> Response:
    """``GET /v4/gateway``: where the gateway is, as the client reached this server."""
    state = state_of(request)
    scheme = "wss" if state.settings.tls else "ws"
    host = request.headers.get("host", "")
    if not HOST.match(host):
        host = state.public_address
    return ok(request, {"url": f"{scheme}://{host}/gateway"})


async def actions(request: Request, caller: Caller) -> Response:
    """``GET /v4/kapi/actions`` (``ADMIN``): the running actions; this server runs none."""
    require(request, caller.user, "ADMIN")
    return ok(request, [])


async def dismiss_action(request: Request, caller: Caller) -> Response:
    require(request, caller.user, "ADMIN")
    action = request.path_params["action_id"]
    raise state_of(request).replies.error(0, f"unknown action {shown(action)}", http_status=404)


async def debug_error(request: Request, caller: Caller) -> Response:
    raise RuntimeError("an error raised on purpose by GET /v4/debug/error")


async def not_found(request: Request) -> Response:
    raise state_of(request).replies.error(0, "no such route", http_status=404)
