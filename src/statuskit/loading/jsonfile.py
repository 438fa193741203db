"""JSON catalog files: Python's json module checks the syntax, the YAML reader adds positions.

JSON is read twice on purpose: ``json`` gives exact JSON errors (line and column) and the data,
exactly as written; the YAML node reader, which accepts JSON, gives the position of every value
and catches duplicate keys.
"""

from __future__ import annotations

import json

from ..errors import LoadError, Location
from .document import Document

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64


def parse_json(text: str, file: str | None) -> Document:
    """Parse JSON text into a Document; every problem is a LoadError with a location."""
    if not text.strip():
        raise LoadError("file is empty; expected a catalog object", Location(file, 1, 1))
    try:
        data = json.loads(
            text,
            parse_constant=lambda name: _no_constant(name, file),
            parse_int=lambda digits: _bounded_int(digits, file),
        )
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", Location(file, error.lineno, error.colno)) from None
    except RecursionError:
        raise LoadError(f"JSON nests too deeply (limit {MAX_DEPTH})", Location(file, 1, 1)) from None
    from .yamlfile import parse_yaml

    try:
        read_as_yaml = parse_yaml(text, file)
    except LoadError as error:
        if "duplicate key" in error.message or "nesting deeper" in error.message:
            raise
        # Valid JSON that libyaml reads differently: keep the data, without positions.
        return Document(data, file)
    # The data is json's: the YAML reader folds U+2028, U+2029 and U+0085 in strings, and JSON
    # text must come back exactly as written. Only the positions are the YAML reader's.
    return read_as_yaml.with_data(data)


def parse_json_trusted(text: str, file: str | None) -> Document:
    """Parse JSON shipped with statuskit itself: no positions needed, so one fast pass."""
    return Document(json.loads(text), file)


def _no_constant(name: str, file: str | None) -> Any:
    raise LoadError(f"invalid JSON: {name} is not a JSON value", Location(file, 1, 1))


def _bounded_int(text: str, file: str | None) -> int:
    if len(text.lstrip("-")) > 18:
        raise LoadError(
            f"invalid JSON: number {text[:24]} is too large (at most 18 digits)", Location(file, 1, 1)
        )
    return int(text)
