"""The ``paths`` of ``gen openapi``: each HTTP operation of the catalog with the responses it answers.

An operation's ``answers`` (and the catalog's ``always``) become its ``responses``: a code of an
HTTP space is a response of that status (a group written as a pattern such as ``5xx`` is the
range ``5XX``); a code of a space carried in JSON bodies is listed under the HTTP status its
``http`` field (or a group default) gives it, with the space's body schema and the code's
example. Error statuses of HTTP spaces carry problem details; success statuses only a
description, since their bodies are the application's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..answers import resolve
from ..model import Catalog, Space
from ..operations import Answer, Operation

_PARAMETER = re.compile(r"{([^{}/]+)}")
_STATUS_PATTERN = re.compile(r"^[1-5][xX]{2}$")


@dataclass(frozen=True, slots=True)
class Body:
    """How a space's statuses appear in responses: media type, schema and one example per code."""

    media: str
    schema: str
    examples: Mapping[Any, str] = field(default_factory=dict)


def operation_paths(catalog: Catalog, bodies: Mapping[str, Body]) -> dict[str, Any]:
    """``paths`` for the catalog's HTTP operations (empty when it declares none)."""
    paths: dict[str, Any] = {}
    for operation in catalog.operations:
        if operation.http is None:
            continue
        item: dict[str, Any] = {"operationId": operation.name}
        if operation.description:
            item["summary"] = operation.description
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _PARAMETER.findall(operation.http.route)
        ]
        if parameters:
            item["parameters"] = parameters
        item["responses"] = _responses(catalog, operation, bodies)
        paths.setdefault(operation.http.route, {})[operation.http.method.lower()] = item
    return paths


def _responses(catalog: Catalog, operation: Operation, bodies: Mapping[str, Body]) -> dict[str, Any]:
    responses: dict[str, dict[str, Any]] = {}
    for answers in (operation.answers, catalog.always):
        allowed, _ = resolve(catalog, answers)
        for space_name, items in answers.items():
            resolved = allowed.get(space_name)
            if resolved is None:
                continue
            space = resolved.space
            for item in items:
                _add(responses, space, item, bodies.get(space_name))
    return dict(sorted(responses.items()))


def _add(responses: dict[str, dict[str, Any]], space: Space, item: Answer, body: Body | None) -> None:
    one, _ = _single(space, item)
    if space.transport == "http" or space.extends == "http":
        if isinstance(item, str) and _STATUS_PATTERN.match(item):
            status = item.upper()
            group = space.group(item)
            _response(responses, status, group.title or status, body if status[0] in "45" else None, ())
            return
        for code in one:
            entry = space.get(code)
            title = (entry.title or entry.name or str(code)) if entry is not None else str(code)
            error = isinstance(code, int) and code >= 400
            _response(responses, str(code), title, body if error else None, (code,) if error else ())
        return
    for code in one:
        found = space.get(code)
        if found is None:
            continue
        http = space.fields_of(found).get("http")
        if not isinstance(http, int) or isinstance(http, bool):
            continue
        _response(responses, str(http), found.title or found.name or str(code), body, (code,))


def _single(space: Space, item: Answer) -> tuple[tuple[int | str, ...], bool]:
    """The declared codes one answer stands for, and whether it was a group."""
    if space.get(item) is not None:
        return (item,), False
    if isinstance(item, int):
        return (), False
    try:
        group = space.group(item)
    except Exception:
        return (), True
    return tuple(
        c.code for c in space.all_codes() if isinstance(c.code, int) and group.contains(c.code)
    ), True


def _response(
    responses: dict[str, dict[str, Any]],
    status: str,
    title: str,
    body: Body | None,
    codes: tuple[int | str, ...],
) -> None:
    response = responses.setdefault(status, {"description": ""})
    titles = [t for t in response["description"].split("; ") if t]
    if title not in titles:
        response["description"] = "; ".join([*titles, title])
    if body is None:
        return
    content = response.setdefault("content", {}).setdefault(body.media, {"schema": {"$ref": body.schema}})
    for code in codes:
        example = body.examples.get(code)
        if example is not None:
            content.setdefault("examples", {})[example] = {"$ref": f"#/components/examples/{example}"}
