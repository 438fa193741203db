"""The image routes: categories, images (``random`` in any case), changes and feedback, and the files.

Reading needs ``READ_IMAGES`` (not a base permission of users), changing ``MANAGE_IMAGES``. The
picture an image's ``direct`` URL names is served by this server under ``/cdn/images/`` without a token.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .images import CATEGORIES, FEEDBACK_KINDS, Image
from .rest import Caller, base_url, json_body, ok, require, shown, state_of
from .settings import SNOWFLAKE
from .store import User

TEXT_FIELDS = ("source", "artist", "notes")
MAX_FEEDBACK = 10_000


def _reader(request: Request, user: User) -> None:
    require(request, user, "READ_IMAGES")


def _category(request: Request) -> str:
    state = state_of(request)
    category: str = request.path_params["category"]
    if not state.images.has_category(category):
        raise state.replies.error(10005, "try one of " + ", ".join(CATEGORIES))
    return category


def _image(request: Request, category: str) -> Image:
    state = state_of(request)
    text: str = request.path_params["image_id"]
    image = None
    if text.lower() == "random":
        image = state.images.random(category)
    elif text.isascii() and text.isdigit() and len(text) <= 9:
        image = state.images.get(category, int(text))
    if image is None:
        raise state.replies.error(10004, f"no image {shown(text)} in {category}")
    return image


def _json(request: Request, image: Image) -> dict[str, Any]:
    return image.to_json(base_url(request))


async def categories(request: Request, caller: Caller) -> Response:
    _reader(request, caller.user)
    return ok(request, list(CATEGORIES))


async def category_images(request: Request, caller: Caller) -> Response:
    _reader(request, caller.user)
    category = _category(request)
    return ok(request, [_json(request, image) for image in state_of(request).images.all(category)])


async def get_image(request: Request, caller: Caller) -> Response:
    """``GET /images/{category}/{id}``; ``random`` (any case) picks one, avoiding the last three."""
    _reader(request, caller.user)
    category = _category(request)
    return ok(request, _json(request, _image(request, category)))


async def create_image(request: Request, caller: Caller) -> Response:
    """``POST /images/{category}``: 201 with the new image (its ``direct`` is always served here)."""
    require(request, caller.user, "MANAGE_IMAGES")
    state = state_of(request)
    category = _category(request)
    fields = _fields(request, await json_body(request, empty={}))
    if state.images.full(category):
        raise state.replies.error(50004, "this category is full")
    image = state.images.add(category, caller.acting_id)
    _update(image, fields)
    state.image_event("IMAGE_CREATE", _json(request, image))
    return ok(request, _json(request, image), status_code=201)


async def update_image(request: Request, caller: Caller) -> Response:
    require(request, caller.user, "MANAGE_IMAGES")
    category = _category(request)
    image = _image(request, category)
    _update(image, _fields(request, await json_body(request, empty={})))
    state_of(request).image_event("IMAGE_UPDATE", _json(request, image))
    return ok(request, _json(request, image))


async def add_feedback(request: Request, caller: Caller) -> Response:
    return await _feedback(request, caller, adding=True)


async def remove_feedback(request: Request, caller: Caller) -> Response:
    return await _feedback(request, caller, adding=False)


async def _feedback(request: Request, caller: Caller, *, adding: bool) -> Response:
    """``PATCH``/``DELETE .../feedback`` with ``{"likes", "dislikes", "flags"}`` lists of user ids."""
    _reader(request, caller.user)
    state = state_of(request)
    category = _category(request)
    image = _image(request, category)
    body = await json_body(request, empty={})
    if not isinstance(body, dict) or set(body) - set(FEEDBACK_KINDS):
        raise state.replies.error(50004, "expected an object of likes, dislikes and flags")
    changed: dict[str, list[str]] = {}
    for kind in FEEDBACK_KINDS:
        ids = body.get(kind, [])
        if not isinstance(ids, list) or len(ids) > 100 or not all(_snowflake(i) for i in ids):
            raise state.replies.error(50004, f"{kind} must be a list of user ids")
        have = image.feedback[kind]
        changed[kind] = [i for i in dict.fromkeys(ids) if (i not in have) == adding]
        if adding and len(have) + len(changed[kind]) > MAX_FEEDBACK:
            raise state.replies.error(50004, f"an image keeps at most {MAX_FEEDBACK} {kind}")
        if adding:
            have.extend(changed[kind])
        else:
            image.feedback[kind] = [i for i in have if i not in changed[kind]]
    empty: dict[str, list[str]] = {kind: [] for kind in FEEDBACK_KINDS}
    event = {
        "id": image.id,
        "category": category,
        "added": changed if adding else empty,
        "removed": empty if adding else changed,
    }
    state.image_event("IMAGE_FEEDBACK_UPDATE", event)
    return ok(request, _json(request, image))


async def image_file(request: Request) -> Response:
    """``GET /cdn/images/{category}/{id}.svg``: the picture; an ETag, and 304 for ``If-None-Match``."""
    category = _category(request)
    image = _image(request, category)
    replies = state_of(request).replies
    tag = f'"{category}-{image.id}"'
    headers = {"cache-control": "max-age=86400", "etag": tag}
    wanted = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    if tag in wanted or "*" in wanted:
        return replies.not_modified(headers)
    return replies.raw(image.svg(), "image/svg+xml", headers)


def _fields(request: Request, body: Any) -> dict[str, Any]:
    state = state_of(request)
    if not isinstance(body, dict):
        raise state.replies.error(50004, "expected a JSON object")
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if key in TEXT_FIELDS:
            if not isinstance(value, str) or len(value) > 1024:
                raise state.replies.error(50004, f"{key} must be text of at most 1024 characters")
        elif key == "tags":
            if (
                not isinstance(value, list)
                or len(value) > 50
                or not all(isinstance(t, str) and len(t) <= 64 for t in value)
            ):
                raise state.replies.error(50004, "tags must be a list of at most 50 short texts")
        elif key != "direct":  # where the picture is: always this server's /cdn
            raise state.replies.error(50004, f"{shown(key)} is not an image field")
        fields[key] = value
    return fields


def _update(image: Image, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if key != "direct":
            setattr(image, key, list(value) if key == "tags" else value)


def _snowflake(value: Any) -> bool:
    return isinstance(value, str) and SNOWFLAKE.match(value) is not None
