"""Catalog → OpenAPI 3.1 ``components``: schemas, an example per code, a response per code group.

The output is a document with ``openapi``, ``info``, ``components`` and ``paths``: each HTTP
operation the catalog declares, with its answers as ``responses`` (``openapi_paths``; empty
without operations), so that it validates on its own and other documents (FastAPI's among
them) can reference
``statuskit.json#/components/responses/KapiJson_1xxxx``. Schemas are those of ``gen jsonschema``.
A JSON space's responses carry ``<Space>Body`` unless ``bodies`` picks ``error`` (``{"code",
"message"}``) or ``problem`` for it; HTTP spaces answer with problem details.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import UsageError
from ..model import Catalog
from .jsonschema import check_spaces, definitions, dump, example_body
from .openapi_paths import Body, operation_paths
from .plan import Member, SpacePlan, plan

VERSION = "3.1.0"
SHAPES = ("body", "error", "problem")
_KEY = re.compile(r"[^A-Za-z0-9._-]+")


def generate(
    catalog: Catalog,
    *,
    paths: Mapping[str, Sequence[str]] | None = None,
    text_keys: Mapping[str, str | None] | None = None,
    bodies: Mapping[str, str] | None = None,
) -> str:
    """The OpenAPI document for ``catalog``, as indented JSON."""
    return dump(document(catalog, paths=paths, text_keys=text_keys, bodies=bodies))


def document(
    catalog: Catalog,
    *,
    paths: Mapping[str, Sequence[str]] | None = None,
    text_keys: Mapping[str, str | None] | None = None,
    bodies: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    paths, text_keys, bodies = dict(paths or {}), dict(text_keys or {}), dict(bodies or {})
    for space_name, shape in bodies.items():
        if shape not in SHAPES:
            raise UsageError(f"body {space_name}={shape}: expected one of {', '.join(SHAPES)}")
        if space_name not in {s.name for s in catalog.spaces}:
            raise UsageError(f"catalog {catalog.id!r} has no space {space_name!r}")
    check_spaces(catalog, [*paths, *text_keys])
    catalog_plan = plan(catalog)
    schemas = definitions(
        catalog, "#/components/schemas/", paths=paths, text_keys=text_keys, catalog_plan=catalog_plan
    )
    examples: dict[str, Any] = {}
    responses: dict[str, Any] = {}
    carried: dict[str, Body] = {}
    for space in catalog_plan.spaces:
        transport = space.space.transport
        if transport == "json":
            shape = bodies.get(space.name, "body")
            media = "application/problem+json" if shape == "problem" else "application/json"
            schema = {"body": "Body", "error": "ErrorBody", "problem": "Problem"}[shape]
        elif transport == "http":
            shape, media, schema = "problem", "application/problem+json", "Problem"
        else:
            continue
        names: dict[int | str, str] = {}
        for member in space.members:
            key = _unique(f"{space.cls}_{_key(member.shown)}", examples)
            names[member.code] = key
            examples[key] = _example(member, space, shape, paths, text_keys)
        carried[space.name] = Body(media, f"#/components/schemas/{space.cls}{schema}", names)
        for key, title, members in _groups(space):
            if not members:
                continue
            name = _unique(f"{space.cls}_{_key(key)}", responses)
            responses[name] = {
                "description": title,
                "content": {
                    media: {
                        "schema": {"$ref": f"#/components/schemas/{space.cls}{schema}"},
                        "examples": {
                            m.name: {"$ref": f"#/components/examples/{names[m.code]}"} for m in members
                        },
                    }
                },
            }
    info: dict[str, Any] = {"title": catalog.title or catalog.id, "version": catalog.version or "0"}
    if catalog.description:
        info["description"] = catalog.description
    return {
        "openapi": VERSION,
        "info": info,
        "paths": operation_paths(catalog, carried),
        "components": {"schemas": schemas, "responses": responses, "examples": examples},
    }


def _groups(space: SpacePlan) -> list[tuple[str, str, list[Member]]]:
    """Each group with the members it holds, then the members in no group."""
    found = []
    grouped: set[int | str] = set()
    seen: set[str] = set()
    for group in space.space.all_groups():
        if group.key in seen:
            continue  # a space's own group replaces the extended one of the same key
        seen.add(group.key)
        members = [m for m in space.members if group.contains(m.code)]
        grouped.update(m.code for m in members)
        text = " ".join(t for t in (group.title, group.description) if t)
        found.append((group.key, f"{group.key}: {text}" if text else group.key, members))
    rest = [m for m in space.members if m.code not in grouped]
    found.append(("other", "Codes in no group", rest))
    return found


def _example(
    member: Member,
    space: SpacePlan,
    shape: str,
    paths: Mapping[str, Sequence[str]],
    text_keys: Mapping[str, str | None],
) -> dict[str, Any]:
    entry = member.entry
    example: dict[str, Any] = {"summary": f"{member.code} {member.name}"}
    if entry.description:
        example["description"] = entry.description
    example["value"] = example_body(member, space, shape, paths, text_keys)
    return example


def _key(text: str) -> str:
    return _KEY.sub("_", text) or "_"


def _unique(wanted: str, taken: Mapping[str, Any]) -> str:
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}_{number}"
    return candidate
