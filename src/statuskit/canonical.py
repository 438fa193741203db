"""The canonical form of a catalog: plain JSON-ready data with a fixed key order.

``statuskit render --format json`` prints it, and YAML files use the same structure. Empty keys
are left out; codes a space takes from the builtin it ``extends`` are left out unless
``expand`` is set.
"""

from __future__ import annotations

from typing import Any

from .catalog_format import CATALOG, CODE_ENTRY, GROUP, RESERVED, RETIRED, SPACE, TRANSLATION, ObjectFormat
from .kinds import INTEGER, code_order
from .model import Catalog, Code, Group, Space
from .operations import answers_data


def catalog_to_data(catalog: Catalog, *, expand: bool = False) -> dict[str, Any]:
    """The catalog as canonical data."""
    spaces = [space_to_data(space, expand=expand) for space in catalog.spaces]
    values = {
        "catalog": catalog.id,
        "title": catalog.title,
        "version": catalog.version,
        "description": catalog.description,
        "operations": [operation.to_data() for operation in catalog.operations],
        "always": answers_data(catalog.always),
    }
    return _emit(CATALOG, values, spaces=spaces)


def space_to_data(space: Space, *, expand: bool = False) -> dict[str, Any]:
    """One space as canonical data."""
    kind = space.kind
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
        codes = sorted(
            codes + [c for c in base.all_codes() if c.code not in own], key=lambda c: code_order(c.code)
        )
        retired = retired + list(base.retired)
    values: dict[str, Any] = {
        "name": space.name,
        "title": space.title,
        "description": space.description,
        "transport": space.transport,
        "code": kind.declaration(),
        "digits": space.digits,
        "range": [kind.to_data(bound) for bound in space.range] if space.range is not None else None,
        "extends": space.extends if not expand else None,
        "fields": {name: spec.to_schema() for name, spec in fields.items()},
        "groups": [group_to_data(g) for g in groups],
        "retired": [
            _emit(
                RETIRED, {"name": r.name, "reason": r.reason, "version": r.version}, code=kind.to_data(r.code)
            )
            for r in retired
        ],
        "reserved": [
            _emit(RESERVED, {"range": [kind.to_data(b) for b in r.range], "reason": r.reason})
            for r in space.reserved
        ],
    }
    return _emit(SPACE, values, codes=[code_to_data(c) for c in codes])


def group_to_data(group: Group) -> dict[str, Any]:
    """One group as canonical data."""
    values: dict[str, Any] = {
        "title": group.title,
        "description": group.description,
        "defaults": dict(group.defaults),
    }
    kind = group.code_kind
    if group.pattern is not None:
        values["pattern"] = group.pattern.text
    elif group.range is not None:
        values["range"] = [kind.to_data(bound) for bound in group.range]
    elif group.prefix is not None:
        values["prefix"] = group.prefix
        values["name"] = group.name
    else:
        return _emit(GROUP, values, name=group.name, codes=[kind.to_data(c) for c in group.codes])
    return _emit(GROUP, values)


def code_to_data(code: Code) -> dict[str, Any]:
    """One code as canonical data."""
    values: dict[str, Any] = {
        "name": code.name,
        "title": code.title,
        "description": code.description,
        "message": code.message,
        "fields": dict(code.fields),
        "deprecated": code.deprecated,
        "since": code.since,
        "aliases": list(code.aliases),
        "i18n": {
            lang: _emit(TRANSLATION, {"title": t.title, "description": t.description, "message": t.message})
            for lang, t in code.i18n.items()
        },
    }
    kind = code.space.kind if code.space is not None else INTEGER
    return _emit(CODE_ENTRY, values, code=kind.to_data(code.code))


def _emit(declared: ObjectFormat, values: dict[str, Any], **kept: Any) -> dict[str, Any]:
    """``values`` without empty ones (None, "", false, empty lists and maps), plus ``kept`` as
    they are, in the object's canonical key order."""
    data = {
        key: value
        for key, value in values.items()
        if value is not None and value is not False and value != "" and value != [] and value != {}
    }
    data.update(kept)
    return {key: data[key] for key in declared.names if key in data}
