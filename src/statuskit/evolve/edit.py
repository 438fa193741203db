"""Editing a catalog file in place: add a code, retire a code. Comments and layout survive.

Every edit checks the request against the loaded catalog, then changes the text. A YAML file in
block style is edited line by line (:mod:`.textedit`): only the lines the edit concerns change,
new entries are written in their neighbours' style and in canonical key order, and the work is
linear in the file's size. Other shapes (JSON, flow-style lists) go through the round-trip
document (:mod:`.roundtrip`). Either way the result is read back and compared with what was
asked before it is returned, so a write never produces an invalid or unintended catalog: a line
edit by reading only the lines around each change (:mod:`.linecheck`; the whole file when that
cannot be trusted), a round-trip edit by loading the whole result.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .. import names
from ..catalog_format import CODE_ENTRY, RETIRED, SPACE
from ..errors import LoadError, UnknownCodeError
from ..kinds import CodeKind, CodeValue, code_order
from ..loading import parse, resolve_base, syntax_of
from ..loading.build import build_catalog
from ..loading.document import Document
from ..model import Catalog, Code, Space
from .allocate import AllocationError, check_free, next_code, parse_code, resolve_group
from .linecheck import Window, reads_back
from .roundtrip import RoundTrip, insert, is_flow, parent_slot, remove
from .textedit import Lines, Unsupported, block_item, mapping_text, scalar


@dataclass(frozen=True, slots=True)
class Edit:
    """The new text of the file and the code the edit concerned (``shown`` as its space writes it)."""

    text: str
    code: CodeValue
    space: str
    shown: str


@dataclass(frozen=True, slots=True)
class _Source:
    """A catalog file's text, its parsed document and the catalog built from it (one parse)."""

    text: str
    file: str | None
    document: Document
    catalog: Catalog

    @classmethod
    def read(cls, text: str, file: str | None) -> _Source:
        document = parse(text, file)
        collecting = gc.isenabled()
        gc.disable()  # as loads() does: millions of new objects, none of them garbage
        try:
            catalog = build_catalog(document, resolve_base)
        finally:
            if collecting:
                gc.enable()
        return cls(text, file, document, catalog)

    def space_index(self, name: str) -> int:
        self.catalog.space(name)  # UnknownSpaceError with a hint
        return next(i for i, s in enumerate(self.catalog.spaces) if s.name == name)

    @property
    def yaml(self) -> bool:
        return syntax_of(self.file, self.text) == "yaml"


def add_code(
    text: str,
    file: str | None,
    *,
    space: str,
    title: str | None = None,
    group: str | None = None,
    code: CodeValue | None = None,
    name: str | None = None,
    description: str | None = None,
) -> Edit:
    """Add a code to ``space``: the next free one of ``group``, or exactly ``code``.

    ``code`` may be written as in the catalog (``"0x80340000"``, ``"404"``); the code needs a
    title or a description (a name alone tells a reader nothing).
    """
    if (group is None) == (code is None):
        raise AllocationError("give either a group to allocate from or an explicit code, not both")
    if title is None and description is None:
        raise AllocationError("give the new code a title or a description: a code needs a meaning")
    for key, value in (("name", name), ("title", title), ("description", description)):
        if value is not None:
            _check_text(key, value)
    source = _Source.read(text, file)
    target_space = source.catalog.space(space)
    target = resolve_group(target_space, group) if group is not None else None
    if target is not None:
        number = next_code(target_space, target)
    else:
        assert code is not None
        number = parse_code(target_space, code) if isinstance(code, str) else code
    check_free(target_space, number)
    if name is not None:
        _check_name(target_space, name)
    values = {
        "code": _written(target_space, number),
        "name": name,
        "title": title,
        "description": description,
    }
    entry = {key: values[key] for key in CODE_ENTRY.names if values.get(key) is not None}
    list_group = target.list_group.key if target is not None and target.list_group is not None else None
    if source.yaml:
        try:
            lines, windows = _add_lines(source, space, number, entry, list_group)
            edited = lines.result()
            if not reads_back(lines, windows, source.file):
                _check_added(source, edited, space, number, entry, list_group)
            return Edit(edited, number, space, target_space.kind.show(number))
        except Unsupported:
            pass  # a shape the line editor leaves alone: the round-trip document does it
    edited = _add_round_trip(source, space, number, entry, list_group)
    return Edit(edited, number, space, target_space.kind.show(number))


def retire_code(
    text: str,
    file: str | None,
    *,
    space: str,
    code: CodeValue,
    reason: str,
    version: str | None = None,
) -> Edit:
    """Move ``code`` of ``space`` to its retired list, so it is never handed out again."""
    _check_text("reason", reason)
    source = _Source.read(text, file)
    target_space = source.catalog.space(space)
    if isinstance(code, str):
        code = parse_code(target_space, code)
    if not dict.__contains__(target_space, code):
        shown = target_space.kind.show(code)
        if any(r.code == code for r in target_space.retired):
            raise AllocationError(f"code {shown} of space {space!r} is already retired")
        raise UnknownCodeError(f"space {space!r} declares no code {shown}")
    old = target_space[code]
    values = {"code": _written(target_space, code), "name": old.name, "reason": reason, "version": version}
    entry = {key: values[key] for key in RETIRED.names if values.get(key) is not None}
    if source.yaml:
        try:
            lines, windows = _retire_lines(source, space, code, entry)
            edited = lines.result()
            if not reads_back(lines, windows, source.file):
                _check_retired(source, edited, space, code, entry)
            return Edit(edited, code, space, target_space.kind.show(code))
        except Unsupported:
            pass
    return Edit(_retire_round_trip(source, space, code, entry), code, space, target_space.kind.show(code))


def _written(space: Space, code: CodeValue) -> Any:
    """The code as the file writes it: a number, or text (``"0x8007000E"``, ``"22P02"``)."""
    return space.kind.to_data(code)


# -- line edits (YAML in block style) ---------------------------------------------------------


def _add_lines(
    source: _Source, space: str, number: CodeValue, entry: dict[str, Any], list_group: str | None
) -> tuple[Lines, list[Window] | None]:
    """The line edit that adds ``entry``, and the windows that check it (None: check the file)."""
    lines = Lines(source.text, source.document)
    at = ("spaces", source.space_index(space))
    codes = lines.value(at).get("codes")
    if not isinstance(codes, list) or not codes:
        raise Unsupported("a space without codes")
    seq = (*at, "codes")
    declared = source.catalog.space(space).codes
    position = _position(declared, number)
    inserted = _insert_item(lines, seq, codes, position, entry)
    windows = [inserted] if len(codes) == len(declared) else None
    if list_group is not None:
        window = _append_number(lines, at, list_group, entry["code"])
        windows = None if windows is None or window is None else [*windows, window]
    return lines, windows


def _retire_lines(
    source: _Source, space: str, code: CodeValue, entry: dict[str, Any]
) -> tuple[Lines, list[Window] | None]:
    """The line edit that retires ``code``, and the windows that check it (None: check the file)."""
    lines = Lines(source.text, source.document)
    at = ("spaces", source.space_index(space))
    raw = lines.value(at)
    seq = (*at, "codes")
    declared = source.catalog.space(space).codes
    codes = raw["codes"]
    if len(declared) < 2 or len(codes) != len(declared):
        raise Unsupported("the last code of a space")
    kind = source.catalog.space(space).kind
    index = next(i for i, c in enumerate(declared) if c.code == code)
    start, end = lines.item_span(seq, index)
    _, dash, content = lines.item(seq, index)
    flow = lines.text(start)[content : content + 1] == "{"
    removed = lines.replace(start, end, [])
    windows: list[Window | None] = [
        Window(
            lines.item(seq, index - 1)[0] if index else start,
            lines.item_span(seq, index + 1)[1] if index + 1 < len(codes) else end,
            (removed,),
            [*codes[max(index - 1, 0) : index], *codes[index + 1 : index + 2]],
        )
    ]
    for number, raw_group in enumerate(raw.get("groups") or []):
        listed = raw_group.get("codes") if isinstance(raw_group, dict) else None
        found = _index(listed, code, kind)
        if isinstance(listed, list) and found is not None:
            path = (*at, "groups", number, "codes")
            rewritten = _remove_number(lines, path, found)
            kept = [n for n in listed if _value(n, kind) != code]
            windows.append(_item_window(lines, path[:-2], number, rewritten, {**raw_group, "codes": kept}))
    retired = raw.get("retired")
    if isinstance(retired, list) and retired:
        position = next(
            (i for i, r in enumerate(retired) if _number(r, kind) > code_order(code)), len(retired)
        )
        windows.append(_insert_item(lines, (*at, "retired"), retired, position, entry))
    elif retired is None:
        column = lines.key_indent(at)
        offset = column - lines.start(seq, key=True)[1]  # indent the new list as codes is indented
        item = block_item(dash + offset, content + offset, _parts(entry, flow))
        where, inserted = _insert_key(lines, at, "retired", [" " * column + "retired:", *item])
        alone = "retired" not in raw  # a `retired:` without a value is a key the new one repeats
        windows.append(Window(where, where, (inserted,), {"retired": [entry]}) if alone else None)
    else:
        raise Unsupported("an empty retired list")
    return lines, None if None in windows else [w for w in windows if w is not None]


def _position(declared: tuple[Code, ...], number: CodeValue) -> int:
    """Where ``number`` goes among the declared codes: before the first that sorts after it."""
    if isinstance(number, int):  # integers sort as integers among integers: no sort key per code
        return next(
            (
                i
                for i, c in enumerate(declared)
                if (c.code > number if type(c.code) is int else code_order(c.code) > (0, number, ()))
            ),
            len(declared),
        )
    wanted = code_order(number)
    return next((i for i, c in enumerate(declared) if code_order(c.code) > wanted), len(declared))


def _insert_item(lines: Lines, seq: tuple[Any, ...], items: list[Any], position: int, entry: Any) -> Window:
    """Insert ``entry`` as item ``position`` of the block list at ``seq``, laid out as the item
    before it (block or flow); the window that reads it back with its neighbours."""
    line, dash, content = lines.item(seq, position - 1 if position else 0)
    flow = lines.text(line)[content : content + 1] == "{"
    new = block_item(dash, content, _parts(entry, flow))
    if position < len(items):
        where = lines.lead(lines.item(seq, position)[0])
    else:
        where = lines.item_span(seq, len(items) - 1)[1]
    return _beside(lines, seq, items, position, lines.insert(where, new), entry, where)


def _beside(
    lines: Lines, seq: tuple[Any, ...], items: list[Any], position: int, inserted: int, entry: Any, where: int
) -> Window:
    """The window of an item inserted at ``position`` of a block list, with its neighbours."""
    start = lines.item(seq, position - 1)[0] if position else where
    end = lines.item_span(seq, position)[1] if position < len(items) else where
    return Window(
        start,
        end,
        (inserted,),
        [*items[max(position - 1, 0) : position], entry, *items[position : position + 1]],
    )


def _item_window(lines: Lines, seq: tuple[Any, ...], index: int, edit: int, expected: Any) -> Window | None:
    """The window of one block list item that an edit changed inside, or None when it is not one."""
    try:
        start = lines.item(seq, index)[0]
        return Window(start, lines.item_span(seq, index)[1], (edit,), [expected])
    except Unsupported:
        return None


def _parts(entry: dict[str, Any], flow: bool) -> list[str]:
    return mapping_text(entry, flow=flow)


def _insert_key(lines: Lines, mapping: tuple[Any, ...], key: str, new: list[str]) -> tuple[int, int]:
    """Insert ``key`` (already rendered) into a block mapping at its canonical place among the keys.

    Returns the line it went before and the edit's number.
    """
    rank = {name: index for index, name in enumerate(SPACE.names)}
    keys = list(lines.value(mapping))
    later = [k for k in keys if rank.get(k, len(rank)) > rank[key]]
    if later:
        if later[0] == keys[0]:
            raise Unsupported("the new key would go before the mapping's first key")
        where = lines.lead(lines.start((*mapping, later[0]), key=True)[0])
    else:
        where = lines.end_of(mapping)
    return where, lines.insert(where, new)


def _append_number(lines: Lines, space: tuple[Any, ...], group: str, written: Any) -> Window | None:
    """Append ``written`` to the codes of list group ``group``; the window that checks it."""
    raw_groups = lines.value(space).get("groups") or []
    for index, raw_group in enumerate(raw_groups):
        if not (
            isinstance(raw_group, dict) and raw_group.get("name") == group and "pattern" not in raw_group
        ):
            continue
        listed = raw_group.get("codes")
        path = (*space, "groups", index, "codes")
        if not isinstance(listed, list) or not listed:
            raise Unsupported("an empty list group")
        line, column = lines.start((*path, len(listed) - 1))
        text = lines.text(line)
        token = _TOKEN.match(text, column)
        if token is None:
            raise Unsupported("a list group entry that is not a plain number")
        before = text[:column].rstrip()
        if before.endswith("-") and not before[:-1].strip():  # a block list: a new line below
            edit = lines.insert(line + 1, block_item(len(before) - 1, column, [scalar(written)]))
        else:
            edit = lines.replace(
                line, line + 1, [text[: token.end()] + ", " + scalar(written) + text[token.end() :]]
            )
        return _item_window(
            lines, (*space, "groups"), index, edit, {**raw_group, "codes": [*listed, written]}
        )
    raise Unsupported(f"no list group {group!r}")


def _remove_number(lines: Lines, path: tuple[Any, ...], index: int) -> int:
    """Remove number ``index`` of the list at ``path``; returns the edit's number."""
    listed = lines.value(path)
    line, column = lines.start((*path, index))
    text = lines.text(line)
    before = text[:column].rstrip()
    if before.endswith("-") and not before[:-1].strip():  # a block list: the item is its line
        if len(listed) < 2:
            raise Unsupported("the last number of a list group")
        return lines.replace(line, line + 1, [])
    token = _TOKEN.match(text, column)
    if token is None:
        raise Unsupported("a list group entry that is not a plain number")
    after = re.match(r"\s*,\s*", text[token.end() :])
    if after is not None:
        new = text[:column] + text[token.end() + after.end() :]
    else:
        comma = re.search(r",\s*\Z", text[:column])
        if comma is None:
            raise Unsupported("a list group's only number, or one split over lines")
        new = text[: comma.start()] + text[token.end() :]
    return lines.replace(line, line + 1, [new])


_TOKEN = re.compile(r"""[-+]?(?:0[xX][0-9a-fA-F]+|[0-9]+)|"[^"\\]*"|'[^']*'""")


def _index(listed: Any, code: CodeValue, kind: CodeKind) -> int | None:
    """Where ``code`` stands in a raw list of codes as the file writes them, or None."""
    if not isinstance(listed, list):
        return None
    return next((i for i, raw in enumerate(listed) if _value(raw, kind) == code), None)


def _check_added(
    source: _Source, edited: str, space: str, number: CodeValue, entry: dict[str, Any], list_group: str | None
) -> None:
    """Unsupported unless ``edited`` holds exactly the source's data with the new code added.

    Comparing parsed data (not a rebuilt model) is enough: everything else is the source's, which
    loaded as a valid catalog, and the new entry was checked against that catalog.
    """
    data, raw_space = _copy_space(source, space)
    new = dict(entry)
    codes = raw_space["codes"] = list(raw_space["codes"])
    wanted = code_order(number)
    declared = [c.code for c in source.catalog.space(space).codes]
    codes.insert(next((i for i, c in enumerate(declared) if code_order(c) > wanted), len(codes)), new)
    if list_group is not None:
        groups = raw_space["groups"] = [dict(g) for g in raw_space["groups"]]
        group = next(g for g in groups if g.get("name") == list_group and "pattern" not in g)
        group["codes"] = [*group["codes"], entry["code"]]
    _same(data, edited, source.file)


def _check_retired(source: _Source, edited: str, space: str, code: CodeValue, entry: dict[str, Any]) -> None:
    """Unsupported unless ``edited`` holds exactly the source's data with ``code`` retired."""
    data, raw_space = _copy_space(source, space)
    declared = [c.code for c in source.catalog.space(space).codes]
    index = declared.index(code)  # once: a big space made this quadratic
    raw_space["codes"] = [c for i, c in enumerate(raw_space["codes"]) if i != index]
    kind = source.catalog.space(space).kind
    if raw_space.get("groups"):
        raw_space["groups"] = [
            {**g, "codes": [n for n in g["codes"] if _value(n, kind) != code]}
            if isinstance(g.get("codes"), list)
            else g
            for g in raw_space["groups"]
        ]
    new = dict(entry)
    retired = list(raw_space.get("retired") or [])
    wanted = code_order(code)
    position = next(
        (i for i, r in enumerate(retired) if _number(r, source.catalog.space(space).kind) > wanted),
        len(retired),
    )
    retired.insert(position, new)
    raw_space["retired"] = retired
    _same(data, edited, source.file)


def _copy_space(source: _Source, space: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A copy of the source's data deep enough to change one space's lists."""
    data = dict(source.document.data)
    spaces = data["spaces"] = list(data["spaces"])
    index = source.space_index(space)
    raw_space = spaces[index] = dict(spaces[index])
    return data, raw_space


def _same(expected: dict[str, Any], edited: str, file: str | None) -> None:
    try:
        found = parse(edited, file).data
    except LoadError:
        raise Unsupported("the line edit does not parse") from None
    if found != expected:
        raise Unsupported("the line edit did not give the expected catalog")


# -- round-trip edits (JSON, flow style) ------------------------------------------------------


def _add_round_trip(
    source: _Source, space: str, number: CodeValue, entry: dict[str, Any], list_group: str | None
) -> str:
    document = RoundTrip.parse(source.text, source.file)
    raw_space = _raw_space(document, source.catalog, space)
    codes = raw_space.get("codes")
    if codes is None:
        raw_space["codes"] = codes = [] if document.kind == "json" else _like(None, [])
    wanted = code_order(number)
    declared = [c.code for c in source.catalog.space(space).codes]
    position = next((i for i, c in enumerate(declared) if code_order(c) > wanted), len(codes))
    neighbour = codes[position - 1] if position else (codes[0] if codes else None)
    new = _like(neighbour, entry) if document.kind == "yaml" else entry
    insert(codes, position, new, parent_slot(raw_space, "codes"))
    if list_group is not None:
        _append_to_list_group(raw_space, list_group, entry["code"])
    return document.dump()


def _retire_round_trip(source: _Source, space: str, code: CodeValue, entry: dict[str, Any]) -> str:
    document = RoundTrip.parse(source.text, source.file)
    raw_space = _raw_space(document, source.catalog, space)
    codes = raw_space["codes"]
    declared = [c.code for c in source.catalog.space(space).codes]
    remove(codes, declared.index(code))
    for raw_group in raw_space.get("groups") or []:
        listed = raw_group.get("codes") if isinstance(raw_group, dict) else None
        found = _index(listed, code, source.catalog.space(space).kind)
        if isinstance(listed, list) and found is not None:
            del listed[found]
    retired = raw_space.get("retired")
    if retired is None:
        retired = [] if document.kind == "json" else _like(None, [])
        _put_key(raw_space, "retired", retired, after=("codes", "extends", "range"))
    new = _like(retired[0] if retired else None, entry) if document.kind == "yaml" else entry
    wanted = code_order(code)
    position = next(
        (i for i, r in enumerate(retired) if _number(r, source.catalog.space(space).kind) > wanted),
        len(retired),
    )
    insert(retired, position, new)
    return document.dump()


def _raw_space(document: RoundTrip, catalog: Catalog, name: str) -> Any:
    index = next(i for i, s in enumerate(catalog.spaces) if s.name == name)
    return document.data["spaces"][index]


def _number(entry: Any, kind: CodeKind) -> tuple[int, int, tuple[str, ...]]:
    """Where a raw code entry sorts (unreadable entries first)."""
    value = _value(entry.get("code") if isinstance(entry, dict) else None, kind)
    return code_order(value) if value is not None else (-1, 0, ())


def _value(raw: Any, kind: CodeKind) -> int | str | None:
    """A code as written in the file (``404``, ``"0x80340000"``, ``"22P02"``) in the space's kind."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    return kind.parse(raw) if isinstance(raw, str) else None


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


def _append_to_list_group(raw_space: Any, key: str, number: int | str) -> None:
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
