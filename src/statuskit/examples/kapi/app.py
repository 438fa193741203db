"""The Starlette application: the REST routes, the gateway route and the state they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket

from ..serving import bundled_catalog
from . import rest
from .gateway import Connection, gateway_endpoint
from .images import Images
from .ratelimit import RateLimiter
from .replies import Replies
from .sessions import Sessions
from .settings import Settings
from .store import User, UserStore

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@dataclass(eq=False)
class State:
    """What every route and connection of one server shares."""

    settings: Settings
    store: UserStore
    replies: Replies
    limiter: RateLimiter
    sessions: Sessions
    images: Images = field(default_factory=Images)
    connections: set[Connection] = field(default_factory=set)
    shutting_down: bool = False
    public_address: str = "127.0.0.1"

    @property
    def incoming_ops(self) -> frozenset[int]:
        """The opcodes a client may send: those the catalog marks ``send`` or ``both``."""
        return self._incoming

    def __post_init__(self) -> None:
        space = self.replies.opcodes
        self._incoming = frozenset(
            code.code for code in space.all_codes() if code.field("direction") in ("send", "both")
        )

    def user_updated(self, user: User) -> None:
        """Tell the user's sessions that asked for the USERS intent (bit 1)."""
        for session in self.sessions.of_user(user.id):
            if session.intents & (1 << 1):
                session.dispatch("USER_UPDATE", user.to_json())


def make_state(settings: Settings) -> State:
    """Load the catalog and the stored users; raises StatuskitError on unusable data."""
    replies = Replies(bundled_catalog("kapi"))
    return State(
        settings=settings,
        store=UserStore.open(settings.data, settings.tokens),
        replies=replies,
        limiter=RateLimiter(settings.rate_limit, settings.rate_window),
        sessions=Sessions(settings.resume_window),
    )


async def _unknown_socket(websocket: WebSocket) -> None:
    """A WebSocket handshake on a path that is not the gateway: HTTP 404 with code 0."""
    state: State = websocket.app.state.kapi
    error = state.replies.error(0, "no such route", http_status=404)
    where = f"WEBSOCKET {websocket.url.path[:200]}"
    await websocket.send_denial_response(state.replies.error_response(error, where, {}))


def build_app(state: State) -> Starlette:
    """The application: routes in the order they must match, a catch-all 404 last."""
    e = rest.endpoint
    routes: list[BaseRoute] = [
        Route("/v4/gateway", e(rest.gateway), methods=["GET"]),
        Route("/v4/users/@me", e(rest.me), methods=["GET"]),
        Route("/v4/users/@me", e(rest.update_me), methods=["PATCH"]),
        Route("/v4/users/{user_id}", e(rest.user_by_id), methods=["GET"]),
        Route("/v4/images/{category}/random", e(rest.random_image), methods=["GET"]),
        Route("/v4/images/{category}/{image_id}", e(rest.image_by_id), methods=["GET"]),
        Route("/cdn/images/{category}/{image_id}.svg", e(public=rest.image_file), methods=["GET"]),
    ]
    if state.settings.debug_routes:
        routes.append(Route("/v4/debug/error", e(rest.debug_error), methods=["GET"]))
    routes += [
        WebSocketRoute("/gateway", gateway_endpoint),
        WebSocketRoute("/gateway/", gateway_endpoint),
        WebSocketRoute("/{path:path}", _unknown_socket),
        Route("/{path:path}", e(public=rest.not_found), methods=METHODS),
    ]
    app = Starlette(routes=routes)
    app.state.kapi = state
    return app
