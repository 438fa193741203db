"""The JSON Schema (2020-12) of catalog files, for editors and other tools.

``statuskit schema`` prints it; put ``# yaml-language-server: $schema=...`` or a ``$schema`` key in
a catalog to get completion and validation in editors. The loader checks the same structure
itself (with file:line:column in its messages); a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

SCHEMA_ID = "https://statuskit.dev/schema/catalog.json"

_TEXT: dict[str, Any] = {"type": "string"}
_RANGE: dict[str, Any] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 2,
    "maxItems": 2,
    "description": "[low, high], both included",
}
_CODE_NUMBER: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 999999999999999999}
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean", "null"]}


def catalog_schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    translation = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"title": _TEXT, "description": _TEXT, "message": _TEXT},
    }
    code = {
        "type": "object",
        "additionalProperties": False,
        "required": ["code"],
        "properties": {
            "code": _CODE_NUMBER,
            "name": {"type": "string", "description": "identifier for generated code, e.g. KeySet"},
            "title": {"type": "string", "description": "short phrase"},
            "description": {"type": "string", "description": "the meaning, for people"},
            "message": {"type": "string", "description": "wire text with {placeholders}"},
            "fields": {"type": "object", "additionalProperties": _SCALAR},
            "deprecated": {"type": ["boolean", "string"], "description": "true, or what to use instead"},
            "since": {"type": ["string", "number"]},
            "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "i18n": {"type": "object", "additionalProperties": translation},
        },
    }
    group_common = {
        "title": _TEXT,
        "description": _TEXT,
        "defaults": {"type": "object", "additionalProperties": _SCALAR},
    }
    group = {
        "type": "object",
        "oneOf": [
            {
                "required": ["pattern"],
                "properties": {
                    "pattern": {"type": "string", "pattern": "^[0-9xyzXYZ]{1,18}$"},
                    "name": _TEXT,
                    **group_common,
                },
                "additionalProperties": False,
            },
            {
                "required": ["range"],
                "properties": {"range": _RANGE, "name": _TEXT, **group_common},
                "additionalProperties": False,
            },
            {
                "required": ["name", "codes"],
                "properties": {
                    "name": _TEXT,
                    "codes": {"type": "array", "items": _CODE_NUMBER},
                    **group_common,
                },
                "additionalProperties": False,
            },
        ],
    }
    field_declaration = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "type": {"enum": ["string", "integer", "number", "boolean"]},
            "enum": {"type": "array", "minItems": 1},
            "minimum": {"type": "number"},
            "maximum": {"type": "number"},
            "description": _TEXT,
            "format": _TEXT,
        },
    }
    space = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "title": _TEXT,
            "description": _TEXT,
            "transport": {"enum": ["line", "http", "json", "ws-close", "opcode"]},
            "digits": {"type": "integer", "minimum": 1, "maximum": 18},
            "range": _RANGE,
            "extends": {"type": "string", "description": "a builtin space: http, websocket, grpc"},
            "fields": {
                "type": "object",
                "propertyNames": {"not": {"const": "outcome"}},
                "additionalProperties": field_declaration,
            },
            "groups": {"type": "array", "items": {"$ref": "#/$defs/group"}},
            "codes": {"type": "array", "items": {"$ref": "#/$defs/code"}},
            "retired": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code"],
                    "properties": {
                        "code": _CODE_NUMBER,
                        "name": _TEXT,
                        "reason": _TEXT,
                        "version": {"type": ["string", "number"]},
                    },
                },
            },
            "reserved": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["range"],
                    "properties": {"range": _RANGE, "reason": _TEXT},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "statuskit catalog",
        "description": "One system's status codes, defined once.",
        "type": "object",
        "additionalProperties": False,
        "required": ["catalog", "spaces"],
        "properties": {
            "$schema": _TEXT,
            "catalog": {"type": "string", "minLength": 1, "description": "the catalog's id"},
            "title": _TEXT,
            "version": {"type": ["string", "number"]},
            "description": _TEXT,
            "spaces": {"type": "array", "items": {"$ref": "#/$defs/space"}},
        },
        "$defs": {"space": space, "group": group, "code": code},
    }
