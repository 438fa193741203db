"""A catalog as an OpenTelemetry semantic-conventions registry fragment (``statuskit export semconv``).

The fragment (the ``groups`` syntax OpenTelemetry's weaver reads) declares the attributes
statuskit's codecs put on spans (:mod:`statuskit.wire.telemetry`), with the catalog's own values
as enum members: ``statuskit.catalog``, ``statuskit.space``, ``statuskit.code``,
``statuskit.name`` (the codes' names), ``statuskit.operation`` (the operations' names) and
``error.type``, whose members are the names of the catalog's failure codes, so that teams that
check telemetry with ``weaver registry live-check`` can check statuses against the catalog too.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Catalog

STABILITY = "development"
_ID = re.compile(r"[^a-z0-9]+")


def fragment(catalog: Catalog) -> dict[str, Any]:
    """The registry fragment as data (YAML-ready)."""
    names: dict[str, str] = {}
    failures: dict[str, str] = {}
    for space in catalog.spaces:
        for code in space.codes:
            value = code.name or str(code.code)
            if code.name:
                names.setdefault(value, _brief(code.title or code.description or value))
            if space.fields_of(code).get("outcome") == "failure":
                failures.setdefault(value, _brief(code.title or code.description or value))
    attributes: list[dict[str, Any]] = [
        _enum(
            "statuskit.catalog",
            "The catalog the status belongs to.",
            {catalog.id: catalog.title or catalog.id},
        ),
        _enum(
            "statuskit.space",
            "The space of the catalog the status belongs to.",
            {s.name: s.title or s.name for s in catalog.spaces},
        ),
        {
            "id": "statuskit.code",
            "type": "int"
            if all(isinstance(c.code, int) for s in catalog.spaces for c in s.codes)
            else "string",
            "brief": "The status code, as the catalog declares it.",
            "stability": STABILITY,
            "requirement_level": "required",
            "examples": [c.code for s in catalog.spaces for c in s.codes][:3] or [0],
        },
        _enum("statuskit.name", "The name of the status code.", names),
        _enum(
            "statuskit.direction",
            "Whether the status was sent or received.",
            {"sent": "Sent.", "received": "Received."},
        ),
    ]
    if catalog.operations:
        attributes.append(
            _enum(
                "statuskit.operation",
                "The operation the status answers.",
                {op.name: op.description or op.wire or op.name for op in catalog.operations},
            )
        )
    error = _enum(
        "error.type", f"The failure a status of catalog {catalog.id} reports (its code's name).", failures
    )
    error["type"]["members"].append(
        {
            "id": "_other",
            "value": "_OTHER",
            "brief": "A code the catalog does not declare.",
            "stability": STABILITY,
        }
    )
    error["requirement_level"] = {"conditionally_required": "if the status is a failure"}
    attributes.append(error)
    return {
        "groups": [
            {
                "id": f"registry.statuskit.{_identifier(catalog.id)}",
                "type": "attribute_group",
                "display_name": f"statuskit: {catalog.title or catalog.id}",
                "brief": f"Statuses of catalog {catalog.id}, as statuskit's codecs put them on spans.",
                "attributes": attributes,
            }
        ]
    }


def to_yaml(catalog: Catalog) -> str:
    """The fragment as YAML text."""
    import yaml

    header = (
        f"# OpenTelemetry semantic-conventions registry fragment for catalog {catalog.id}, by statuskit.\n"
    )
    return header + yaml.safe_dump(fragment(catalog), sort_keys=False, allow_unicode=True, width=100)


def _enum(ident: str, brief: str, members: dict[str, str]) -> dict[str, Any]:
    seen: set[str] = set()
    listed: list[dict[str, Any]] = []
    for value, text in members.items():
        member_id = _identifier(value)
        while member_id in seen:
            member_id += "_"
        seen.add(member_id)
        listed.append({"id": member_id, "value": value, "brief": text, "stability": STABILITY})
    return {
        "id": ident,
        "type": {"members": listed},
        "brief": brief,
        "stability": STABILITY,
        "requirement_level": "recommended",
    }


def _identifier(text: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return _ID.sub("_", snake.lower()).strip("_") or "_"


def _brief(text: str) -> str:
    return " ".join(text.split())[:200]
