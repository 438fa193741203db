"""A status inside a JSON message, under a key path.

NemesisDB answers ``{"KV_GET_RSP": {"st": 22, "tkn": 1}}`` (path ``("KV_GET_RSP", "st")``, no
text); pec answers ``{"status": 722, "msg": "..."}`` (the default path ``("status",)`` and text key
``msg``). On decode a path element ``"*"`` matches the only member of an object, for protocols
whose outer key names the command (``("*", "st")``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import UsageError, WireError
from ..model import Space
from ..status import Status
from . import record
from .jsonmessage import code_value, parse

TRANSPORT = "json"
ANY = "*"


def encode(
    status: Status,
    *,
    path: Sequence[str] = ("status",),
    text_key: str | None = "msg",
    lang: str | None = None,
    extra: Mapping[str, Any] | None = None,
    operation: str | None = None,
) -> dict[str, Any]:
    """The JSON-ready message: the code at ``path``, the text and ``extra`` members beside it."""
    keys = _path(path)
    if ANY in keys:
        raise UsageError("'*' only matches on decode; name the key to encode under")
    inner: dict[str, Any] = {keys[-1]: status.code}
    if text_key is not None:
        inner[text_key] = status.message(lang)
    for members in (status.data, extra or {}):
        for key, value in members.items():
            if key in inner:
                raise UsageError(f"extra member {key!r} would replace the status code or text")
            inner[key] = value
    message: dict[str, Any] = inner
    for key in reversed(keys[:-1]):
        message = {key: message}
    record.emitted(status, TRANSPORT, operation)
    return message


def decode(
    message: dict[str, Any] | str | bytes,
    space: Space,
    *,
    path: Sequence[str] = ("status",),
    text_key: str | None = "msg",
) -> Status:
    """The status at ``path`` in ``message``; the other members of its object become ``data``."""
    keys = _path(path)
    node = parse(message, "the message")
    where = "the message"
    for key in keys[:-1]:
        node, where = _step(node, key, where)
    if not isinstance(node, dict):
        raise WireError(f"{where} must be an object")
    last = keys[-1]
    if last == ANY:
        raise UsageError("the last element of the path names the code's key; it cannot be '*'")
    if last not in node:
        present = ", ".join(sorted(map(str, node))[:8]) or "no members"
        raise WireError(f"{where} has no member {last!r} holding the status code (it has {present})")
    code = code_value(node[last], f"{where}.{last}", space.kind)
    text: str | None = None
    if text_key is not None and node.get(text_key) is not None:
        value = node[text_key]
        if not isinstance(value, str):
            raise WireError(f"{where}.{text_key} must be a string, not {type(value).__name__}")
        text = value
    data = {k: v for k, v in node.items() if k != last and k != text_key}
    status = Status.received(space, code, text=text, data=data)
    record.received(status, TRANSPORT)
    return status


def _path(path: Sequence[str]) -> tuple[str, ...]:
    keys = (path,) if isinstance(path, str) else tuple(path)
    if not keys or not all(isinstance(key, str) and key for key in keys):
        raise UsageError(f"a path is a non-empty sequence of non-empty keys, not {path!r}")
    return keys


def _step(node: Any, key: str, where: str) -> tuple[Any, str]:
    if not isinstance(node, dict):
        raise WireError(f"{where} must be an object")
    if key == ANY:
        if len(node) != 1:
            raise WireError(f"{where} must have exactly one member, not {len(node)}")
        ((name, value),) = node.items()
        return value, f"{where}.{name}"
    if key not in node:
        present = ", ".join(sorted(map(str, node))[:8]) or "no members"
        raise WireError(f"{where} has no member {key!r} (it has {present})")
    return node[key], f"{where}.{key}"
