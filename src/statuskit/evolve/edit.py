"""Editing a catalog file in place: add a code, retire a code. Comments and layout survive.

Every edit checks the request against the loaded catalog, changes the round-trip document,
and loads the result again before returning it, so a write never produces an invalid catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .. import names
from ..errors import UnknownCodeError
from ..loading import loads
from ..model import Catalog, Space
from .allocate import AllocationError, check_free, next_code, resolve_group
from .roundtrip import RoundTrip, insert, is_flow, parent_slot, remove


@dataclass(frozen=True, slots=True)
class Edit:
    """The new text of the file and the code the edit concerned."""

    text: str
    code: int
    space: str


def add_code(
    text: str,
    file: str | None,
    *,
    space: str,
    title: str,
    group: str | None = None,
    code: int | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Edit:
    """Add a code to ``space``: the next free one of ``group``, or exactly ``code``."""
    if (group is None) == (code is None):
        raise AllocationError("give either a group to allocate from or an explicit code, not both")
    _check_text("title", title)
    catalog = loads(text, file)
    target_space = catalog.space(space)
    target = resolve_group(target_space, group) if group is not None else None
    number = next_code(target_space, target) if target is not None else code
    assert number is not None
    check_free(target_space, number)
    if name is not None:
        _check_name(target_space, name)
    document = RoundTrip.parse(text, file)
    raw_space = _raw_space(document, catalog, space)
    entry: dict[str, Any] = {"code": number}
    for key, value in (("name", name), ("title", title), ("description", description)):
        if value is not None:
            _check_text(key, value)
            entry[key] = value
    codes = raw_space.get("codes")
    if codes is None:
        raw_space["codes"] = codes = [] if document.kind == "json" else _like(None, [])
    position = next((i for i, c in enumerate(codes) if _number(c) > number), len(codes))
    neighbour = codes[position - 1] if position else (codes[0] if codes else None)
    new = _like(neighbour, entry) if document.kind == "yaml" else entry
    insert(codes, position, new, parent_slot(raw_space, "codes"))
    if target is not None and target.list_group is not None:
        _append_to_list_group(raw_space, target.list_group.key, number)
    return Edit(document.dump(), number, space)


def retire_code(
    text: str, file: str | None, *, space: str, code: int, reason: str, version: str | None = None
) -> Edit:
    """Move ``code`` of ``space`` to its retired list, so it is never handed out again."""
    _check_text("reason", reason)
    catalog = loads(text, file)
    target_space = catalog.space(space)
    if not dict.__contains__(target_space, code):
        if any(r.code == code for r in target_space.retired):
            raise AllocationError(f"code {code} of space {space!r} is already retired")
        raise UnknownCodeError(f"space {space!r} declares no code {code}")
    old = target_space[code]
    document = RoundTrip.parse(text, file)
    raw_space = _raw_space(document, catalog, space)
    codes = raw_space["codes"]
    remove(codes, next(i for i, c in enumerate(codes) if _number(c) == code))
    for raw_group in raw_space.get("groups") or []:
        listed = raw_group.get("codes") if isinstance(raw_group, dict) else None
        if isinstance(listed, list) and code in listed:
            listed.remove(code)
    entry: dict[str, Any] = {"code": code}
    if old.name:
        entry["name"] = old.name
    entry["reason"] = reason
    if version is not None:
        entry["version"] = version
    retired = raw_space.get("retired")
    if retired is None:
        retired = [] if document.kind == "json" else _like(None, [])
        _put_key(raw_space, "retired", retired, after=("codes", "extends", "range"))
    new = _like(retired[0] if retired else None, entry) if document.kind == "yaml" else entry
    position = next((i for i, r in enumerate(retired) if _number(r) > code), len(retired))
    insert(retired, position, new)
    return Edit(document.dump(), code, space)


def _raw_space(document: RoundTrip, catalog: Catalog, name: str) -> Any:
    index = next(i for i, s in enumerate(catalog.spaces) if s.name == name)
    return document.data["spaces"][index]


def _number(entry: Any) -> int:
    value = entry.get("code") if isinstance(entry, dict) else None
    return value if isinstance(value, int) else -1


def _like(neighbour: Any, value: Any) -> Any:
    """``value`` as a round-trip node, in the flow or block style of its neighbour."""
    from ruamel.yaml.comments import CommentedSeq

    node: Any = CommentedMap(value) if isinstance(value, dict) else CommentedSeq(value)
    if neighbour is not None and is_flow(neighbour):
        node.fa.set_flow_style()
    return node


def _put_key(mapping: Any, key: str, value: Any, *, after: tuple[str, ...]) -> None:
    keys = list(mapping)
    anchor = next((k for k in after if k in mapping), None)
    if isinstance(mapping, CommentedMap) and anchor is not None:
        mapping.insert(keys.index(anchor) + 1, key, value)
    else:
        mapping[key] = value


def _append_to_list_group(raw_space: Any, key: str, number: int) -> None:
    for raw_group in raw_space.get("groups") or []:
        if isinstance(raw_group, dict) and raw_group.get("name") == key and "pattern" not in raw_group:
            listed = raw_group["codes"]
            listed.append(number)
            return


def _check_name(space: Space, name: str) -> None:
    if not names.words(name):
        raise AllocationError(f"name {name!r} has no letters or digits; it cannot become an identifier")
    try:
        existing = space.by_name(name)
    except UnknownCodeError:
        existing = None
    if existing is not None:
        raise AllocationError(
            f"name {name!r} is already taken in space {space.name!r} by code {existing.label}"
        )
    wanted = names.snake(name)
    for entry in space.retired:
        if entry.name and names.snake(entry.name) == wanted:
            raise AllocationError(
                f"name {name!r} belonged to retired code {entry.code}; pick a new name so old clients "
                "are not confused"
            )


def _check_text(what: str, value: str) -> None:
    if not value.strip():
        raise AllocationError(f"{what} may not be empty")
    if any(ord(c) < 32 and c not in "\n\t" for c in value) or "\x7f" in value:
        raise AllocationError(f"{what} {value[:40]!r} contains control characters")
