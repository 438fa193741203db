"""HTTP error bodies: ``{"code", "message"}``, 5xx reports, and RFC 9457 problem+json.

The HTTP status comes from ``http_status=`` when given, else the code's ``http`` field (group
defaults apply), else the code itself when its space's transport is ``http``. A 5xx reply never
shows the status text to the client: it carries ``{"message": "Internal Server Error", "report":
id}``, and the hooks added with :func:`add_report_hook` get the id with the full status, to log it.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..errors import UsageError, WireError
from ..model import Space
from ..status import Status
from . import record
from .catalogs import catalog_id
from .jsonmessage import code_value, parse
from .language import choose

TRANSPORT = "http"
JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
INTERNAL = "Internal Server Error"
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})
_PROBLEM_RESERVED = PROBLEM_MEMBERS | {"code", "report"}

ReportHook = Callable[[str, Status], None]
_report_hooks: list[ReportHook] = []


class HttpReply(NamedTuple):
    """What to send: status code, headers (lower-case names) and body; ``json`` is the body's value."""

    status_code: int
    headers: dict[str, str]
    body: bytes
    json: dict[str, Any]
    status: Status | None = None


def add_report_hook(hook: ReportHook) -> Callable[[], None]:
    """Call ``hook(report_id, status)`` for every 5xx reply encoded; returns a remover."""
    _report_hooks.append(hook)

    def remove() -> None:
        if hook in _report_hooks:
            _report_hooks.remove(hook)

    return remove


def http_status_of(status: Status, http_status: int | None = None) -> int:
    """The HTTP status that carries ``status`` (see the module docstring)."""
    value = http_status if http_status is not None else status.field("http")
    if value is None and status.space.transport == "http":
        value = status.code
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise UsageError(
            f"code {status.code} of space {status.space.name!r} has no HTTP status: declare an "
            f"'http' field for it (or a group default), or pass http_status="
            + ("" if value is None else f" (got {value!r})")
        )
    return value


def status_line(status: Status, *, operation: str | None = None) -> int:
    """The HTTP status line's code for a status of an ``http`` space, recorded as sent.

    For replies whose body comes from another codec (pec's ``{"status", "msg"}`` under HTTP 200,
    or a success body of the application's own): the HTTP status is still a catalog status.
    """
    code = http_status_of(status)
    record.emitted(status, TRANSPORT, operation)
    return code


def encode(
    status: Status,
    *,
    lang: str | None = None,
    report: str | None = None,
    http_status: int | None = None,
    accept_language: str | None = None,
    operation: str | None = None,
) -> HttpReply:
    """A JSON error body ``{"code", "message"}``; for 5xx ``{"message", "report"}``."""
    code = http_status_of(status, http_status)
    if lang is None and accept_language:
        lang = choose(status, accept_language)
    headers = {"content-type": JSON}
    body: dict[str, Any]
    if code >= 500:
        report_id = report if report is not None else secrets.token_hex(8)
        body = {"message": INTERNAL, "report": report_id}
        _notify_report(report_id, status)
    else:
        body = {"code": status.code, "message": status.message(lang)}
        _merge(body, status.data, ("code", "message"))
        if lang is not None:
            headers["content-language"] = lang
    _retry_after(status, headers)
    record.emitted(status, TRANSPORT, operation)
    return HttpReply(code, headers, _dump(body), body, status)


def problem(
    status: Status,
    /,
    *,
    type_base: str | None = None,
    instance: str | None = None,
    lang: str | None = None,
    http_status: int | None = None,
    accept_language: str | None = None,
    report: str | None = None,
    operation: str | None = None,
    **members: Any,
) -> HttpReply:
    """An RFC 9457 ``application/problem+json`` reply for ``status``.

    ``type`` is ``type_base`` followed by the code (default ``urn:statuskit:CATALOG:SPACE:``),
    ``title`` the code's short phrase, ``detail`` the filled message and detail; the code itself
    goes in the extension member ``code``, ``members`` and the status's data beside it. A 5xx
    problem leaves ``detail`` out and carries a ``report`` id instead, as :func:`encode` does.
    """
    if lang is None and accept_language:
        lang = choose(status, accept_language)
    code, title, retry_after = _static(status, http_status, lang)
    base = type_base if type_base is not None else _default_base(status)
    number = status.code
    body: dict[str, Any] = {"type": f"{base}{number}", "title": title, "status": code}
    data = status.data
    if code < 500 and instance is None and not data and not members and type(number) is int:
        # The common reply: the members that never change for this code are written once.
        detail = status.message(lang)
        if detail and detail != title:
            body["detail"] = detail
        body["code"] = number
        headers = {"content-type": PROBLEM_JSON}
        if lang is not None:
            headers["content-language"] = lang
        if retry_after is not None:
            headers["retry-after"] = retry_after
        record.emitted(status, TRANSPORT, operation)
        return HttpReply(code, headers, _quick_problem(body), body, status)
    if code >= 500:
        report_id = report if report is not None else secrets.token_hex(8)
    else:
        detail = status.message(lang)
        if detail and detail != body["title"]:
            body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    body["code"] = status.code
    if code >= 500:
        body["report"] = report_id
        _notify_report(report_id, status)
    else:
        if status.data:
            _merge(body, status.data, _PROBLEM_RESERVED)
    if members:
        _merge(body, members, _PROBLEM_RESERVED)
    headers = {"content-type": PROBLEM_JSON}
    if lang is not None:
        headers["content-language"] = lang
    if status.data:
        retry_after = _retry_after_of(status)
    if retry_after is not None:
        headers["retry-after"] = retry_after
    record.emitted(status, TRANSPORT, operation)
    return HttpReply(code, headers, _dump(body), body, status)


def decode(status_code: int, body: bytes, space: Space) -> Status:
    """The status an HTTP reply carries: the body's ``code`` if any, else the HTTP status.

    Works for ``{"code", "message"}`` bodies, 5xx ``{"message", "report"}`` bodies, problem+json
    (text from ``detail``, else ``title``) and empty bodies. Members other than the code and text
    become ``data``.
    """
    http = code_value(status_code, "the HTTP status")
    if not isinstance(http, int) or not 100 <= http <= 599:
        raise WireError(f"HTTP status {http} is outside 100-599")
    if not body or not bytes(body).strip():
        status = Status.received(space, http)
        record.received(status, TRANSPORT)
        return status
    value = parse(body, "the HTTP body")
    if not isinstance(value, dict):
        raise WireError("the HTTP body must be a JSON object")
    code = code_value(value["code"], "the body's code", space.kind) if "code" in value else http
    text_key = next((k for k in ("message", "detail", "title") if isinstance(value.get(k), str)), None)
    text = value[text_key] if text_key is not None else None
    data = {k: v for k, v in value.items() if k not in ("code", text_key)}
    status = Status.received(space, code, text=text, data=data)
    record.received(status, TRANSPORT)
    return status


_STATIC: dict[Any, tuple[int, str, str | None]] = {}


def _static(status: Status, http_status: int | None, lang: str | None) -> tuple[int, str, str | None]:
    """HTTP status, title and Retry-After of a declared code, worked out once per code."""
    entry = status.entry
    if http_status is not None or lang is not None or entry is None:
        return http_status_of(status, http_status), status.title(lang), _retry_after_of(status)
    found = _STATIC.get(entry)
    if found is None:
        found = (http_status_of(status), status.title(), _retry_after_of(status))
        if len(_STATIC) < 65536:
            _STATIC[entry] = found
    return found


def _default_base(status: Status) -> str:
    return f"urn:statuskit:{catalog_id(status.space)}:{status.space.name}:"


def _merge(body: dict[str, Any], members: Mapping[str, Any], reserved: Any) -> None:
    for key, value in members.items():
        if key in reserved:
            raise UsageError(f"member {key!r} is set by the codec and cannot be replaced")
        body[key] = value


def _retry_after(status: Status, headers: dict[str, str]) -> None:
    value = _retry_after_of(status)
    if value is not None:
        headers["retry-after"] = value


def _retry_after_of(status: Status) -> str | None:
    """The ``Retry-After`` header for a ``retry_after`` field or data member (seconds)."""
    seconds = status.data.get("retry_after", status.field("retry_after"))
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds >= 0:
        return str(math.ceil(seconds))  # rounding down would have clients retry too early
    return None


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


_PREFIXES: dict[tuple[str, str, int], bytes] = {}
_quote = json.encoder.encode_basestring  # the C encoder of json, as _ENCODER uses for strings


def _quick_problem(body: dict[str, Any]) -> bytes:
    """``_dump(body)`` of a problem with only type, title, status, maybe detail, and code."""
    key = (body["type"], body["title"], body["status"])
    prefix = _PREFIXES.get(key)
    if prefix is None:
        prefix = _dump({"type": key[0], "title": key[1], "status": key[2]})[:-1]
        if len(_PREFIXES) < 65536:
            _PREFIXES[key] = prefix
    tail = f',"code":{body["code"]}}}'
    detail = body.get("detail")
    if detail is not None:
        return prefix + f',"detail":{_quote(detail)}{tail}'.encode()
    return prefix + tail.encode()


def _dump(body: dict[str, Any]) -> bytes:
    try:
        return _ENCODER.encode(body).encode()
    except (TypeError, ValueError) as error:
        raise UsageError(f"the body cannot be written as JSON: {error}") from None


def _notify_report(report_id: str, status: Status) -> None:
    for hook in tuple(_report_hooks):
        try:
            hook(report_id, status)
        except Exception:
            if hook in _report_hooks:
                _report_hooks.remove(hook)
