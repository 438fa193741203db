"""JSON text exactly as ``json.dumps(data, indent=2, ensure_ascii=True)`` writes it, faster.

The standard library encodes with an indent in pure Python, a generator per nested value: on a
100,000-code catalog the JSON Schema and OpenAPI documents have millions of values and encoding
them took most of their generation time. This writer walks the data once into a list of pieces,
escaping strings with the same C function the standard library uses, so the text is the same byte
for byte (``tests/test_codegen_jsontext.py`` compares them).
"""

from __future__ import annotations

from json.encoder import encode_basestring_ascii
from typing import Any

INDENT = "  "
_INFINITY = float("inf")


def dumps(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=True)``."""
    out: list[str] = []
    _value(data, out, "\n")
    return "".join(out)


def _value(value: Any, out: list[str], newline: str) -> None:
    """Append ``value``'s text; ``newline`` is a line break and the indent of ``value``'s line."""
    if isinstance(value, dict):
        _object(value, out, newline)
    elif isinstance(value, list | tuple):
        _array(value, out, newline)
    else:
        out.append(_scalar(value))


def _object(value: dict[Any, Any], out: list[str], newline: str) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + INDENT
    separator = "{" + inner
    for key, item in value.items():
        name = encode_basestring_ascii(key) if type(key) is str else _key(key)
        if type(item) is str:
            out.append(f"{separator}{name}: {encode_basestring_ascii(item)}")
        elif isinstance(item, dict | list | tuple):
            out.append(f"{separator}{name}: ")
            _value(item, out, inner)
        else:
            out.append(f"{separator}{name}: {_scalar(item)}")
        separator = "," + inner
    out.append(newline + "}")


def _array(value: list[Any] | tuple[Any, ...], out: list[str], newline: str) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + INDENT
    separator = "[" + inner
    for item in value:
        if type(item) is str:
            out.append(separator + encode_basestring_ascii(item))
        else:
            out.append(separator)
            _value(item, out, inner)
        separator = "," + inner
    out.append(newline + "]")


def _scalar(value: Any) -> str:
    """A value that is no container, as the standard library spells it."""
    if isinstance(value, str):
        text: str = encode_basestring_ascii(value)
        return text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:  # NaN is the one value unequal to itself
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A member name as the standard library spells it: strings, and numbers, booleans and null
    turned into strings."""
    if isinstance(key, str):
        text: str = encode_basestring_ascii(key)
        return text
    if isinstance(key, float):
        return encode_basestring_ascii(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return f'"{int.__repr__(key)}"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
