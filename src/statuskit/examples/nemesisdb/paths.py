"""JSONPath for KV_FIND and KV_UPDATE, evaluated against one key's value, with bounded cost.

Paths go through jsonpath-ng (with its filter extensions). Three things keep a hostile path from
holding the server: a regular expression (``=~``, written ``'re'`` or as jsoncons does,
``/re/i``) runs on RE2, whose time is linear in the text; only the plain JSONPath selectors are
allowed (no string or arithmetic functions, which use Python's backtracking ``re``), with at most
``MAX_DESCENDANTS`` recursive descents (``..``), so one value costs at most a few passes over
it; and :class:`Finder` evaluates a session key by key, giving the event loop back between
slices and stopping at its time budget.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, cast

import re2
from jsonpath_ng import JSONPath
from jsonpath_ng.ext.filter import And, Expression, Filter, Or
from jsonpath_ng.ext.parser import parse as _parse
from jsonpath_ng.jsonpath import (
    Child,
    DatumInContext,
    Descendants,
    Fields,
    Index,
    Root,
    Slice,
    This,
    Wildcard,
    _Union,
)

MAX_PATH = 4096
"""Longer paths are refused as invalid rather than handed to the parser."""
MAX_DESCENDANTS = 1
SLICE_SECONDS = 0.005
"""How long a find works before it lets other connections' requests run."""
PAUSE_SECONDS = 0.002
"""How long it then waits: long enough for a waiting request to be read, answered and sent."""
MAX_MATCHES = 100_000
"""More results than this stop a find (answered 4), so one answer's memory is bounded."""

_ALLOWED = (
    *(Root, This, Child, Descendants, Fields, Index, Slice, Wildcard, _Union),
    *(Filter, Expression, And, Or),
)
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 1 << 20
_RE2_OPTIONS.log_errors = False


class PathInvalid(Exception):
    """The path does not parse, uses what is not allowed, or cannot be applied to the data."""


class OverBudget(Exception):
    """A find took longer than its budget."""


class _Regex(Expression):
    """``@.x =~ 're'`` matched by RE2 instead of Python's backtracking ``re``."""

    regex: Any

    def find(self, datum: Any) -> list[DatumInContext]:
        wrapped = DatumInContext.wrap(datum)
        found = self.target.find(wrapped)
        return [d for d in found if isinstance(d.value, str) and self.regex.search(d.value)]


def _jsoncons_regex(text: str) -> str:
    """``=~ /re/i`` (jsoncons) rewritten as ``=~ '(?i)re'`` (jsonpath-ng)."""
    out: list[str] = []
    i = 0
    while True:
        at = text.find("=~", i)
        if at < 0:
            out.append(text[i:])
            return "".join(out)
        j = at + 2
        while j < len(text) and text[j] == " ":
            j += 1
        if j >= len(text) or text[j] != "/":
            out.append(text[i:j])
            i = j
            continue
        k = j + 1
        while k < len(text) and text[k] != "/":
            k += 2 if text[k] == "\\" else 1
        if k >= len(text):
            raise PathInvalid("unterminated regular expression")
        pattern, k = text[j + 1 : k], k + 1
        flags = ""
        while k < len(text) and text[k].isalpha():
            flags += text[k]
            k += 1
        if flags.strip("i"):
            raise PathInvalid(f"unsupported regular expression flags {flags!r}")
        body = ("(?i)" if flags else "") + pattern
        quote = "'" if "'" not in body else '"'
        if quote in body:
            raise PathInvalid("a regular expression with both kinds of quote")
        out.append(f"{text[i:j]}{quote}{body}{quote}")
        i = k


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        if isinstance(value, JSONPath):
            yield from _nodes(value)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, JSONPath):
                    yield from _nodes(item)


@lru_cache(maxsize=512)
def compile_path(text: str) -> JSONPath:
    if len(text) > MAX_PATH or not text.strip():
        raise PathInvalid("path is empty or too long")
    try:
        parsed = _parse(_jsoncons_regex(text))
    except PathInvalid:
        raise
    except Exception as error:  # the parser raises bare Exceptions on some lexer errors
        raise PathInvalid(str(error)) from None
    descendants = 0
    for node in _nodes(parsed):
        if type(node) not in _ALLOWED:
            raise PathInvalid(f"{type(node).__name__} is not supported")
        descendants += type(node) is Descendants
        if type(node) is Expression and node.op == "=~":
            if not isinstance(node.value, str):
                raise PathInvalid("=~ needs a pattern")
            try:
                regex = re2.compile(node.value, _RE2_OPTIONS)
            except re2.error:
                raise PathInvalid("bad regular expression") from None
            node.__class__ = _Regex
            cast(_Regex, node).regex = regex
    if descendants > MAX_DESCENDANTS:
        raise PathInvalid(f"more than {MAX_DESCENDANTS} recursive descent '..'")
    return parsed


def _segment(path: Any) -> str:
    if isinstance(path, Index) and len(path.indices) == 1:
        return f"[{path.indices[0]}]"
    if isinstance(path, Fields) and len(path.fields) == 1:
        name = str(path.fields[0]).replace("\\", "\\\\").replace("'", "\\'")
        return f"['{name}']"
    if isinstance(path, Child):
        return _segment(path.left) + _segment(path.right)
    if isinstance(path, Root | This):
        return ""
    raise PathInvalid(f"no normalized path for {path!r}")


def normalized(match: DatumInContext) -> str:
    """The match's place as jsoncons writes it: ``$['address']['city']``, ``$[0]``."""
    parts: list[str] = []
    node: DatumInContext | None = match
    while node is not None:
        parts.append(_segment(node.path))
        node = node.context
    return "$" + "".join(reversed(parts))


def evaluate(text: str, value: Any) -> list[DatumInContext]:
    path = compile_path(text)
    try:
        return path.find(value)
    except (RecursionError, TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        raise PathInvalid(str(error)) from None


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
    except (RecursionError, TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        raise PathInvalid(str(error)) from None


class Finder:
    """Evaluates a path over many values without holding the event loop for long.

    One find runs at a time (the others wait their turn), in slices of ``SLICE_SECONDS``, each
    followed by a pause of ``PAUSE_SECONDS`` in which every other connection's requests run. A
    find stops with :class:`OverBudget` after ``budget`` seconds of work or ``MAX_MATCHES``
    results, so its time and memory are bounded.
    """

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self._turn = asyncio.Lock()

    async def find(
        self, text: str, items: list[tuple[str, Any]], want_paths: bool, wanted: Callable[[], bool]
    ) -> list[str]:
        """The keys (or, with ``want_paths``, the normalized paths) under which ``text`` matches.

        ``wanted()`` is asked between slices: when it turns false (the client has gone) the find
        stops with :class:`OverBudget` instead of working for nobody.
        """
        compile_path(text)
        async with self._turn:
            if not wanted():
                raise OverBudget(text)
            return await self._find(text, items, want_paths, wanted)

    async def _find(
        self, text: str, items: list[tuple[str, Any]], want_paths: bool, wanted: Callable[[], bool]
    ) -> list[str]:
        found: list[str] = []
        started = slice_start = time.monotonic()
        for key, value in items:
            matches = evaluate(text, value)
            if matches:
                if want_paths:
                    found.extend(dict.fromkeys(normalized(m) for m in matches))
                else:
                    found.append(key)
            now = time.monotonic()
            if now - started > self.budget or len(found) > MAX_MATCHES:
                raise OverBudget(text)
            if now - slice_start > SLICE_SECONDS:
                await asyncio.sleep(PAUSE_SECONDS)
                if not wanted():
                    raise OverBudget(text)
                slice_start = time.monotonic()
        return found
