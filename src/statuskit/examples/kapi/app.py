"""The Starlette application: the REST routes under ``/v4``, the gateway route and the shared state."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from .. import serving
from . import guilds_api as g
from . import images_api as i
from . import kapi_api as k
from . import users_api as u
from .gateway import gateway_endpoint
from .rest import endpoint as e
from .state import State

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
GUILD = "/v4/guilds/{guild_id}"
CASE = GUILD + "/cases/{case_id}"
IMAGE = "/v4/images/{category}/{image_id}"


async def _unknown_socket(websocket: WebSocket) -> None:
    """A WebSocket handshake on a path that is not the gateway: HTTP 404 with code 0."""
    state: State = websocket.app.state.kapi
    error = state.replies.error(0, "no such route", http_status=404)
    where = f"WEBSOCKET {websocket.url.path[:200]}"
    await websocket.send_denial_response(state.replies.error_response(error, where, {}))


def routes(state: State) -> list[BaseRoute]:
    """Every route, in the order they must match; a catch-all 404 last."""
    table: list[BaseRoute] = [
        Route("/v4/gateway", e(k.gateway, "gateway-url"), methods=["GET"]),
        Route("/v4/users/@me", e(u.me, "me", private=True), methods=["GET"]),
        Route("/v4/users/@me", e(u.update_me, "update-me", private=True), methods=["PATCH"]),
        Route("/v4/users/@me/store/{key}", e(u.store_get, "store-get", private=True), methods=["GET"]),
        Route("/v4/users/@me/store/{key}", e(u.store_set, "store-set", private=True), methods=["POST"]),
        Route("/v4/users/@me/store/{key}", e(u.store_patch, "store-patch", private=True), methods=["PATCH"]),
        Route("/v4/users/@me/mfa", e(u.mfa_send, "mfa-send", private=True), methods=["POST"]),
        Route("/v4/users/@me/mfa/verify", e(u.mfa_verify, "mfa-verify", private=True), methods=["POST"]),
        Route("/v4/users/{user_id}", e(u.user_by_id, "get-user"), methods=["GET"]),
        Route("/v4/users/{user_id}", e(u.update_user, "update-user"), methods=["PATCH"]),
        Route(GUILD, e(g.get_guild, "get-guild"), methods=["GET"]),
        Route(GUILD, e(g.update_guild, "update-guild"), methods=["PATCH"]),
        Route(GUILD + "/audit", e(g.audit_guild, "audit-guild"), methods=["POST"]),
        Route(GUILD + "/members/{member_id}", e(g.get_member, "get-member"), methods=["GET"]),
        Route(GUILD + "/members/{member_id}", e(g.update_member, "update-member"), methods=["PATCH"]),
        Route(GUILD + "/cases", e(g.list_cases, "list-cases"), methods=["GET"]),
        Route(GUILD + "/cases", e(g.create_case, "create-case"), methods=["POST"]),
        Route(GUILD + "/cases/reserve", e(g.reserve_case, "reserve-case"), methods=["POST"]),
        Route(CASE, e(g.get_case, "get-case"), methods=["GET"]),
        Route(CASE, e(g.update_case, "update-case"), methods=["PATCH"]),
        Route(CASE, e(g.delete_case, "delete-case"), methods=["DELETE"]),
        Route("/v4/images", e(i.categories, "image-categories"), methods=["GET"]),
        Route("/v4/images/{category}", e(i.category_images, "category-images"), methods=["GET"]),
        Route("/v4/images/{category}", e(i.create_image, "create-image"), methods=["POST"]),
        Route(IMAGE, e(i.get_image, "get-image"), methods=["GET"]),
        Route(IMAGE, e(i.update_image, "update-image"), methods=["PATCH"]),
        Route(IMAGE + "/feedback", e(i.add_feedback, "add-feedback"), methods=["PATCH"]),
        Route(IMAGE + "/feedback", e(i.remove_feedback, "remove-feedback"), methods=["DELETE"]),
        Route("/v4/kapi/actions", e(k.actions, "kapi-actions"), methods=["GET"]),
        Route(
            "/v4/kapi/actions/{action_id}/dismiss", e(k.dismiss_action, "dismiss-action"), methods=["POST"]
        ),
        Route(
            "/cdn/images/{category}/{image_id}.svg",
            e(operation="image-file", public=i.image_file),
            methods=["GET"],
        ),
    ]
    if state.settings.debug_routes:
        table.append(Route("/v4/debug/error", e(k.debug_error), methods=["GET"]))
    table += [
        WebSocketRoute("/gateway", gateway_endpoint),
        WebSocketRoute("/gateway/", gateway_endpoint),
        WebSocketRoute("/{path:path}", _unknown_socket),
        Route("/{path:path}", e(public=k.not_found), methods=METHODS),
    ]
    return table


class _RefuseSmuggling:
    """Both Transfer-Encoding and Content-Length on one request: 400 and the connection closed."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and serving.conflicting_framing(scope["headers"]):
            replies = self.state.replies
            error = replies.error(0, "both Transfer-Encoding and Content-Length", http_status=400)
            where = f"{scope.get('method', '?')} {str(scope.get('path', ''))[:200]}"
            response = replies.error_response(error, where, {"connection": "close"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def build_app(state: State) -> ASGIApp:
    """The application, behind the guard against conflicting request framing."""
    app = Starlette(routes=routes(state))
    app.state.kapi = state
    return _RefuseSmuggling(app, state)
