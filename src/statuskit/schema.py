"""The JSON Schema (2020-12) of catalog files, for editors and other tools.

``statuskit schema`` prints it; put ``# yaml-language-server: $schema=...`` or a ``$schema`` key in
a catalog to get completion and validation in editors. It is derived from the format's tables
(:mod:`statuskit.catalog_format`), which the loader checks too; a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

from .catalog_format import CATALOG, FORMATS, ObjectFormat

SCHEMA_ID = "https://statuskit.dev/schema/catalog.json"


def catalog_schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "statuskit catalog",
        "description": "One system's status codes, defined once.",
        **object_schema(CATALOG),
        "$defs": {
            name: object_schema(declared) for name, declared in FORMATS.items() if declared is not CATALOG
        },
    }


def object_schema(declared: ObjectFormat) -> dict[str, Any]:
    """One object's schema: its keys, the required ones, and one shape of its variants."""
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {key.name: key.schema for key in declared.keys},
    }
    if declared.required:
        schema["required"] = list(declared.required)
    if declared.variants:
        shapes = declared.discriminators
        schema["oneOf"] = [
            {
                "required": list(variant),
                "not": {"anyOf": [{"required": [other]} for other in shapes if other != variant[0]]},
            }
            for variant in declared.variants
        ]
    return schema
