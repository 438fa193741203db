"""The canonical form of a catalog: plain JSON-ready data with a fixed key order.

``statuskit render --format json`` prints it, and YAML files use the same structure. Empty keys
are left out; codes a space takes from the builtin it ``extends`` are left out unless
``expand`` is set.
"""

from __future__ import annotations

from typing import Any

from .model import Catalog, Code, Group, Space


def catalog_to_data(catalog: Catalog, *, expand: bool = False) -> dict[str, Any]:
    """The catalog as canonical data."""
    data: dict[str, Any] = {"catalog": catalog.id}
    _put(data, "title", catalog.title)
    _put(data, "version", catalog.version)
    _put(data, "description", catalog.description)
    data["spaces"] = [space_to_data(space, expand=expand) for space in catalog.spaces]
    return data


def space_to_data(space: Space, *, expand: bool = False) -> dict[str, Any]:
    """One space as canonical data."""
    data: dict[str, Any] = {"name": space.name}
    _put(data, "title", space.title)
    _put(data, "description", space.description)
    _put(data, "transport", space.transport)
    _put(data, "digits", space.digits)
    if space.range is not None:
        data["range"] = list(space.range)
    if space.extends is not None and not expand:
        data["extends"] = space.extends
    fields = dict(space.fields)
    groups = list(space.groups)
    codes = list(space.codes)
    retired = list(space.retired)
    if expand and space.base is not None:
        base = space.base
        fields = {**base.field_specs(), **fields}
        fields.pop("outcome", None)
        groups = groups + [g for g in base.all_groups() if g.key not in {own.key for own in groups}]
        own = {c.code for c in codes}
        codes = sorted(codes + [c for c in base.all_codes() if c.code not in own], key=lambda c: c.code)
        retired = retired + list(base.retired)
    if fields:
        data["fields"] = {name: spec.to_schema() for name, spec in fields.items()}
    if groups:
        data["groups"] = [group_to_data(g) for g in groups]
    data["codes"] = [code_to_data(c) for c in codes]
    if retired:
        data["retired"] = [
            _compact({"code": r.code, "name": r.name, "reason": r.reason, "version": r.version})
            for r in retired
        ]
    if space.reserved:
        data["reserved"] = [_compact({"range": list(r.range), "reason": r.reason}) for r in space.reserved]
    return data


def group_to_data(group: Group) -> dict[str, Any]:
    """One group as canonical data."""
    data: dict[str, Any]
    if group.pattern is not None:
        data = {"pattern": group.pattern.text}
    elif group.range is not None:
        data = {"range": list(group.range)}
    else:
        data = {"name": group.name, "codes": list(group.codes)}
    _put(data, "title", group.title)
    _put(data, "description", group.description)
    if group.defaults:
        data["defaults"] = dict(group.defaults)
    return data


def code_to_data(code: Code) -> dict[str, Any]:
    """One code as canonical data."""
    data: dict[str, Any] = {"code": code.code}
    _put(data, "name", code.name)
    _put(data, "title", code.title)
    _put(data, "description", code.description)
    _put(data, "message", code.message)
    if code.fields:
        data["fields"] = dict(code.fields)
    if code.deprecated:
        data["deprecated"] = code.deprecated
    _put(data, "since", code.since)
    if code.aliases:
        data["aliases"] = list(code.aliases)
    if code.i18n:
        data["i18n"] = {
            lang: _compact({"title": t.title, "description": t.description, "message": t.message})
            for lang, t in code.i18n.items()
        }
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != "":
        data[key] = value


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != ""}
