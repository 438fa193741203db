"""JSONPath for KV_FIND and KV_UPDATE, through jsonpath-ng (with its filter extensions).

KV_FIND evaluates the path against the session as one object ``{key: value, ...}`` and answers
the keys under which something matched; KV_UPDATE evaluates it against one key's value.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from jsonpath_ng import JSONPath
from jsonpath_ng.exceptions import JSONPathError
from jsonpath_ng.ext.parser import parse as _parse

MAX_PATH = 4096
"""Longer paths are refused as invalid rather than handed to the parser."""


class PathInvalid(Exception):
    """The path does not parse, or cannot be applied to the data."""


@lru_cache(maxsize=512)
def compile_path(text: str) -> JSONPath:
    if len(text) > MAX_PATH or not text.strip():
        raise PathInvalid("path is empty or too long")
    try:
        return _parse(text)
    except (JSONPathError, RecursionError, ValueError, TypeError, AttributeError) as error:
        raise PathInvalid(str(error)) from None
    except Exception as error:  # the parser raises bare Exceptions on some lexer errors
        raise PathInvalid(str(error)) from None


def find_keys(text: str, keys: dict[str, Any]) -> list[str]:
    """The keys of ``keys`` under which ``text`` matches, in the session's order."""
    path = compile_path(text)
    try:
        matches = path.find(keys)
    except Exception as error:  # comparisons of mismatched types inside filters
        raise PathInvalid(str(error)) from None
    found: dict[str, None] = {}
    for match in matches:
        top = match
        while top.context is not None and top.context.context is not None:
            top = top.context
        if top.context is None:
            continue  # the path matched the session itself, not one key
        name = getattr(top.path, "fields", (None,))[0]
        if isinstance(name, str) and name in keys:
            found[name] = None
    return list(found)


def update(text: str, value: Any, new: Any) -> tuple[Any, int]:
    """``value`` with every match of ``text`` replaced by ``new``, and the number of matches.

    ``value`` itself is left alone, so a failure (or a refusal afterwards) changes nothing.
    """
    path = compile_path(text)
    try:
        target = copy.deepcopy(value)
        count = len(path.find(target))
        if count == 0:
            return value, 0
        return path.update(target, copy.deepcopy(new)), count
    except Exception as error:
        raise PathInvalid(str(error)) from None
