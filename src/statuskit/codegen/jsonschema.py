"""Catalog → JSON Schema (2020-12) of the codes and of the JSON bodies they travel in.

Every space gets ``<Space>Code``: an integer that is ``oneOf`` the declared codes, each with its
name, title and description (and ``deprecated``). Then, by transport:

* ``json``: ``<Space>Body``, the code as a member of a message (``{"status": 722, "msg": ...}``;
  ``path`` and ``text_key`` describe other layouts, ``*`` standing for any one key, as in
  NemesisDB's ``{"KV_GET_RSP": {"st": 22}}``), ``<Space>ErrorBody`` (``{"code", "message"}``) and
  ``<Space>Problem`` (RFC 9457 problem details with the code in ``code``);
* ``http``: ``<Space>ServerErrorBody`` (``{"message", "report"}``) and ``<Space>Problem``;
* ``opcode``: ``<Space>Frame`` (``{"op", "d", "s", "t"}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import UsageError
from ..model import Catalog
from . import jsontext
from .plan import CatalogPlan, Member, SpacePlan, plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_PATH = ("status",)
DEFAULT_TEXT_KEY = "msg"


def generate(
    catalog: Catalog,
    *,
    paths: Mapping[str, Sequence[str]] | None = None,
    text_keys: Mapping[str, str | None] | None = None,
) -> str:
    """The schema document for ``catalog``, as indented JSON."""
    return dump(schema_document(catalog, paths=paths, text_keys=text_keys))


def dump(data: Any) -> str:
    """``data`` as the document's text: JSON indented by two spaces, in ASCII, with a final newline."""
    return jsontext.dumps(data) + "\n"


def schema_document(
    catalog: Catalog,
    *,
    paths: Mapping[str, Sequence[str]] | None = None,
    text_keys: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """The whole document: ``$defs`` holds every schema."""
    document: dict[str, Any] = {"$schema": DIALECT}
    document["title"] = catalog.title or catalog.id
    if catalog.description:
        document["description"] = catalog.description
    document["$defs"] = definitions(catalog, "#/$defs/", paths=paths, text_keys=text_keys)
    return document


def definitions(
    catalog: Catalog,
    ref_base: str,
    *,
    paths: Mapping[str, Sequence[str]] | None = None,
    text_keys: Mapping[str, str | None] | None = None,
    catalog_plan: CatalogPlan | None = None,
) -> dict[str, Any]:
    """Every schema by name; references point to ``ref_base + name``. ``catalog_plan`` is the
    catalog's plan when the caller has made it already."""
    paths = dict(paths or {})
    text_keys = dict(text_keys or {})
    check_spaces(catalog, [*paths, *text_keys])
    defs: dict[str, Any] = {}
    for space in (catalog_plan or plan(catalog)).spaces:
        code_ref = {"$ref": f"{ref_base}{space.cls}Code"}
        defs[f"{space.cls}Code"] = code_schema(space)
        transport = space.space.transport
        if transport == "json":
            path = tuple(paths.get(space.name, DEFAULT_PATH))
            text_key = text_keys.get(space.name, DEFAULT_TEXT_KEY)
            defs[f"{space.cls}Body"] = field_body(space, code_ref, path, text_key)
            defs[f"{space.cls}ErrorBody"] = error_body(space, code_ref)
            defs[f"{space.cls}Problem"] = problem(space, code_ref)
        elif transport == "http":
            defs[f"{space.cls}ServerErrorBody"] = server_error_body(space)
            defs[f"{space.cls}Problem"] = problem(space, code_ref)
        elif transport == "opcode":
            defs[f"{space.cls}Frame"] = frame(space, code_ref)
    return defs


def check_spaces(catalog: Catalog, names: Iterable[str]) -> None:
    """UsageError naming the catalog's spaces when one of ``names`` is not among them."""
    known = {space.name for space in catalog.spaces}
    for name in names:
        if name not in known:
            raise UsageError(
                f"catalog {catalog.id!r} has no space {name!r} (spaces: {', '.join(sorted(known))})"
            )


def code_schema(space: SpacePlan) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": space.space.title or space.cls}
    if space.space.description:
        schema["description"] = space.space.description
    schema["type"] = "integer" if space.numeric else "string"
    if space.members:
        schema["oneOf"] = [_code_choice(member) for member in space.members]
    else:
        schema["not"] = {}
    return schema


def _code_choice(member: Member) -> dict[str, Any]:
    entry = member.entry
    choice: dict[str, Any] = {"const": member.code, "title": member.name}
    text = [t for t in (entry.title, entry.description) if t]
    if entry.message is not None:
        text.append(f"Message: {entry.message}")
    if text:
        choice["description"] = "\n\n".join(dict.fromkeys(text))
    if member.deprecation is not None:
        choice["deprecated"] = True
    return choice


def field_body(
    space: SpacePlan, code_ref: dict[str, Any], path: tuple[str, ...], text_key: str | None
) -> dict[str, Any]:
    if not path or any(not key for key in path):
        raise UsageError(f"space {space.name!r}: a body path needs at least one non-empty key")
    last = path[-1]
    if last == "*":
        raise UsageError(f"space {space.name!r}: the last key of a body path names the code member")
    inner: dict[str, Any] = {"type": "object", "required": [last], "properties": {last: code_ref}}
    if text_key:
        inner["required"].append(text_key)
        inner["properties"][text_key] = {"type": "string"}
    schema = inner
    for key in reversed(path[:-1]):
        if key == "*":
            schema = {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": schema,
            }
        else:
            schema = {"type": "object", "required": [key], "properties": {key: schema}}
    shown = ".".join(path)
    schema = {
        "title": f"{space.cls} message",
        "description": f"A message carrying the code at {shown}.",
        **schema,
    }
    return schema


def error_body(space: SpacePlan, code_ref: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": f"{space.cls} error",
        "description": 'An HTTP error body: {"code": <code>, "message": <text>}.',
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": code_ref, "message": {"type": "string"}},
    }


def server_error_body(space: SpacePlan) -> dict[str, Any]:
    return {
        "title": f"{space.cls} server error",
        "description": "A 5xx body: a fixed message and the id of the logged report.",
        "type": "object",
        "required": ["message", "report"],
        "properties": {"message": {"type": "string"}, "report": {"type": "string"}},
    }


def problem(space: SpacePlan, code_ref: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": f"{space.cls} problem details",
        "description": "RFC 9457 problem details (application/problem+json); the code is in `code`.",
        "type": "object",
        "required": ["type", "title", "status", "code"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "code": code_ref,
            "report": {"type": "string"},
        },
    }


def frame(space: SpacePlan, code_ref: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": f"{space.cls} frame",
        "description": "A gateway frame: the opcode in `op`, data in `d`, sequence `s`, event `t`.",
        "type": "object",
        "required": ["op"],
        "properties": {
            "op": code_ref,
            "d": {},
            "s": {"type": ["integer", "null"]},
            "t": {"type": ["string", "null"]},
        },
    }


def example_body(
    member: Member,
    space: SpacePlan,
    shape: str,
    paths: Mapping[str, Sequence[str]],
    text_keys: Mapping[str, str | None],
) -> Any:
    """A body of ``shape`` (``body``, ``error`` or ``problem``) carrying ``member``, for examples."""
    entry = member.entry
    text = entry.message or entry.title or entry.description or ""
    if shape == "error":
        return {"code": member.code, "message": text}
    if shape == "problem":
        http = member.fields.get("http") if space.space.transport != "http" else member.code
        status = http if isinstance(http, int) and 100 <= http <= 599 else 500
        body: dict[str, Any] = {
            "type": f"urn:statuskit:{space.space.name}:{member.shown}",
            "title": entry.title or entry.description or member.shown,
            "status": status,
            "code": member.code,
        }
        return body
    path = tuple(paths.get(space.name, DEFAULT_PATH))
    text_key = text_keys.get(space.name, DEFAULT_TEXT_KEY)
    inner: dict[str, Any] = {path[-1]: member.code}
    if text_key:
        inner[text_key] = text
    value: Any = inner
    for key in reversed(path[:-1]):
        value = {("CMD_RSP" if key == "*" else key): value}
    return value
