"""Request bodies and fields: what pec accepts, and the 400 message for everything else.

The real server trusted whatever body-parser handed it; here every field is checked for
presence, type and size before it reaches the database, and the message names the field and
what was expected.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from .store import NewOffer

MAX_TEXT = 256
"""Longest account name, password, session id or offer type, in characters."""
MAX_VALUE = 10**15
"""Largest price, balance step or energy amount: keeps arithmetic exact and inside SQLite's integers."""
PASSWORD_RULE = "a password needs at least 6 characters, at least one of them a letter"


class BadRequest(Exception):
    """The request does not fit the protocol; answered with HTTP 400 and ``{"msg": message}``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _no_constants(name: str) -> Any:
    raise BadRequest(f"body is not JSON: {name} is not a JSON number")


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object (UTF-8, no NaN/Infinity, not too deeply nested)."""
    if not body.strip():
        raise BadRequest("body is empty; expected a JSON object")
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError as error:
        raise BadRequest(f"body is not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise BadRequest(
            f"body is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except (RecursionError, ValueError) as error:
        raise BadRequest(f"body is not usable JSON: {type(error).__name__}") from None
    if not isinstance(value, dict):
        raise BadRequest(f"body is a JSON {_kind(value)}; expected an object")
    return value


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string" if isinstance(value, str) else type(value).__name__


def text(body: Mapping[str, Any], name: str, where: str = "") -> str:
    """A required non-empty string of printable characters, at most MAX_TEXT long."""
    label = f"{where}{name}"
    if name not in body:
        raise BadRequest(f"missing field {label!r}; expected a string")
    value = body[name]
    if not isinstance(value, str):
        raise BadRequest(f"field {label!r} is a {_kind(value)}; expected a string")
    if not value:
        raise BadRequest(f"field {label!r} is empty; expected a non-empty string")
    if len(value) > MAX_TEXT:
        raise BadRequest(f"field {label!r} is longer than {MAX_TEXT} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"field {label!r} contains a lone surrogate; expected valid Unicode") from None
    if any(not character.isprintable() for character in value):
        raise BadRequest(f"field {label!r} contains control characters; expected printable text")
    return value


def password_problem(password: str) -> str | None:
    """The rule a password breaks (the text of 822), or None when it is strong enough."""
    if len(password) < 6 or not any(character.isalpha() for character in password):
        return PASSWORD_RULE
    return None


_DECIMAL = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,9})?", re.ASCII)


def _number(item: Mapping[str, Any], name: str, where: str, *, integer: bool, minimum: int) -> int | float:
    label = f"{where}{name}"
    if name not in item:
        raise BadRequest(f"missing field {label!r}; expected a number")
    value: object = item[name]
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        # the real web client sends form fields, numbers included, as strings
        value = float(value) if "." in value else int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest(f"field {label!r} is a {_kind(value)}; expected a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadRequest(f"field {label!r} is not finite")
        if integer:
            if not value.is_integer():
                raise BadRequest(f"field {label!r} is {value}; expected a whole number")
            value = int(value)
    if not minimum <= value <= MAX_VALUE:
        raise BadRequest(f"field {label!r} is {value}; expected {minimum} to {MAX_VALUE}")
    return value


def _items(body: Mapping[str, Any], max_items: int) -> list[Mapping[str, Any]]:
    if "tx" not in body:
        raise BadRequest("missing field 'tx'; expected an array of objects")
    items = body["tx"]
    if not isinstance(items, list):
        raise BadRequest(f"field 'tx' is a {_kind(items)}; expected an array of objects")
    if len(items) > max_items:
        raise BadRequest(f"field 'tx' has {len(items)} entries; at most {max_items} are accepted")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadRequest(f"field 'tx[{index}]' is a {_kind(item)}; expected an object")
    return items


def offers(body: Mapping[str, Any], max_items: int) -> list[NewOffer]:
    """``tx: [{amount, value, type, timestampExpire, power?, inputData?}]`` of a delivery."""
    result = []
    for index, item in enumerate(_items(body, max_items)):
        where = f"tx[{index}]."
        amount = _number(item, "amount", where, integer=False, minimum=0)
        if amount <= 0:
            raise BadRequest(f"field '{where}amount' is {amount}; expected more than 0")
        value = int(_number(item, "value", where, integer=True, minimum=0))
        expire = int(_number(item, "timestampExpire", where, integer=True, minimum=0))
        power = _number(item, "power", where, integer=False, minimum=0) if "power" in item else 0
        input_data = text(item, "inputData", where) if item.get("inputData") not in (None, "") else ""
        result.append(NewOffer(amount, value, text(item, "type", where), expire, power, input_data))
    return result


def tx_hashes(body: Mapping[str, Any], max_items: int) -> list[str]:
    """``tx: [{txHash}]`` of a purchase."""
    return [text(item, "txHash", f"tx[{index}].") for index, item in enumerate(_items(body, max_items))]


def query_number(value: str | None, name: str) -> int:
    """A paging parameter of the query string: a whole number, 0 when absent."""
    if value is None or value == "":
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise BadRequest(f"query parameter {name!r} is {value[:20]!r}; expected a whole number")
    return int(value)
