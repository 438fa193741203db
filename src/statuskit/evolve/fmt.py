"""The canonical layout of a catalog file: keys in canonical order, codes sorted by number.

Spaces and groups keep the order they are written in (it is meaningful to readers); comments
move with the entries they stand above. A file already in canonical order comes back unchanged.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Hashable, Iterator
from typing import Any

from ..canonical import catalog_to_data
from ..catalog_format import CATALOG, CODE_ENTRY, FIELD, GROUP, RESERVED, RETIRED, SPACE, TRANSLATION
from ..errors import FormatError as FormatError  # raised here; also importable from here
from ..errors import LoadError, Location
from ..kinds import CodeKind, code_order
from ..loading import loads, parse, resolve_base, syntax_of
from ..loading.build import build_catalog
from ..loading.document import Document, Path
from .linecheck import reads_as, trusts_windows
from .linefmt import Checks, reorder_lines, snapshot_paths
from .roundtrip import RoundTrip, is_map, parent_slot, reorder
from .textedit import Unsupported

HEX = CodeKind("hex")


def format_catalog_text(text: str, file: str | None = None) -> str:
    """``text`` in canonical layout (raises LoadError when it is no valid catalog).

    The result must load to the same catalog as ``text``; otherwise FormatError is raised and
    nothing should be written.
    """
    # First in plain data (the loader's): a file already in order comes back as it is, and a YAML
    # file in block style is reordered by moving its lines (linefmt); only other files are
    # round-tripped through ruamel.
    parsed = parse(text, file)
    collecting = gc.isenabled()
    gc.disable()  # as loads() does: millions of new objects, none of them garbage
    try:
        build_catalog(parsed, resolve_base)  # every structural problem is reported with file:line:column
        moving = list(unordered(parsed.data))
        if not moving:  # most files, and every file `fmt --check` passes: nothing to move
            return text
        syntax = syntax_of(file, text)
        before, dirty = snapshot_paths(parsed.data, moving)
        shape = _text_shape(parsed, dirty)  # taken before the data is reordered: it describes the text
        if not format_document(RoundTrip(parsed.data, file, syntax)):
            return text
        if syntax == "yaml":
            try:
                checks = Checks()
                formatted = reorder_lines(text, parsed, before, checks, dirty=dirty, shape=shape)
                if _reads_back(checks, text, file) or _ordered(parse(formatted, file).data) == _ordered(
                    parsed.data
                ):
                    return formatted
            except (Unsupported, LoadError):
                pass
    finally:
        if collecting:
            gc.enable()
    document = RoundTrip.parse(text, file)
    if not format_document(document):
        return text
    try:
        formatted = document.dump()
    except LoadError as error:
        raise FormatError(
            f"{Location(file)}: cannot reorder this file while keeping its comments ({error.message}); "
            "put the keys in canonical order by hand"
        ) from None
    if _content(formatted, file) != _content(text, file):
        raise FormatError(f"{Location(file)}: reordering would change the catalog; nothing written")
    return formatted


def _text_shape(document: Document, dirty: set[Path]) -> Document:
    """``document`` as it stands now, kept for after its data is reordered in place.

    Only the containers on ``dirty`` paths move, so copies of those (each a shallow copy, linked
    from the root) keep the text's shape; the rest is shared. The document's positions carry over
    to such a copy as they are (marks stay marks), so no table of every position is built.
    """
    copies: dict[Path, Any] = {}
    for path in sorted(dirty, key=len):
        if not path:
            node = document.data
        else:
            parent = copies[path[:-1]]
            node = parent[path[-1]]
        copy = dict(node) if isinstance(node, dict) else list(node)
        if path:
            copies[path[:-1]][path[-1]] = copy
        copies[path] = copy
    return document.with_data(copies[()])


def _reads_back(checks: Checks, text: str, file: str | None) -> bool:
    """True when the moved list items, each read alone, prove the reorder (see :mod:`.linecheck`)."""
    if checks.whole or not checks.windows or not trusts_windows(text):
        return False
    return all(reads_as("\n".join(window), expected, file) for window, expected in checks.windows)


def _ordered(data: Any) -> str:
    """``data`` as text in which key order counts: the check that lines moved as intended."""
    return json.dumps(data, ensure_ascii=False, default=repr)


def in_order(data: Any) -> bool:
    """True when :func:`format_document` would move nothing in ``data`` (the loader's plain data)."""
    return next(unordered(data), None) is None


def unordered(data: Any) -> Iterator[Path]:
    """The path of every mapping or list that :func:`format_document` would reorder in ``data``.

    The same rules read without moving anything: one pass, and a mapping's keys are ranked once
    per distinct tuple of keys (the codes of a big catalog share a few).
    """
    known: dict[tuple[Any, ...], bool] = {}

    def keys(node: Any, order: tuple[str, ...]) -> bool:
        if not isinstance(node, dict) or len(node) < 2:
            return True
        names = tuple(node)
        found = known.get((order, *names))
        if found is None:
            rank = {key: index for index, key in enumerate(order)}
            ranks = [rank.get(str(key), len(rank)) for key in names]
            found = known[(order, *names)] = ranks == sorted(ranks)
        return found

    def maps(node: Any, key: str) -> list[tuple[int, Any]]:
        value = node.get(key)
        return (
            [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]
            if isinstance(value, list)
            else []
        )

    if not keys(data, CATALOG.names):
        yield ()
    if not isinstance(data, dict):
        return
    for number, space in maps(data, "spaces"):
        at: Path = ("spaces", number)
        if not keys(space, SPACE.names):
            yield at
        fields = space.get("fields")
        if isinstance(fields, dict):
            yield from ((*at, "fields", name) for name, spec in fields.items() if not keys(spec, FIELD.names))
        yield from ((*at, "groups", i) for i, group in maps(space, "groups") if not keys(group, GROUP.names))
        codes = space.get("codes")
        if isinstance(codes, list) and codes:
            numbers: list[Any] = [entry.get("code") if isinstance(entry, dict) else None for entry in codes]
            if not all(type(number) is int for number in numbers):  # integers compare as they are
                numbers = [_order(number) for number in numbers]
            if any(a > b for a, b in itertools.pairwise(numbers)):
                yield (*at, "codes")
        for i, code in maps(space, "codes"):
            if not keys(code, CODE_ENTRY.names):
                yield (*at, "codes", i)
            translations = code.get("i18n")
            if isinstance(translations, dict):
                for lang, text in translations.items():
                    if not keys(text, TRANSLATION.names):
                        yield (*at, "codes", i, "i18n", lang)
        for key, order in (("retired", RETIRED.names), ("reserved", RESERVED.names)):
            yield from ((*at, key, i) for i, entry in maps(space, key) if not keys(entry, order))


def format_document(document: RoundTrip) -> bool:
    """Put ``document`` in canonical order in place; True when anything moved."""
    root = document.data
    moved = _keys(root, CATALOG.names)
    for space in _list(root, "spaces"):
        moved |= _space(space)
    return moved


def _space(space: Any) -> bool:
    moved = _keys(space, SPACE.names)
    fields = space.get("fields")
    if is_map(fields):
        for name in list(fields):
            moved |= _keys(fields[name], FIELD.names, parent_slot(fields, name))
    for group in _list(space, "groups"):
        moved |= _keys(group, GROUP.names)
    codes = space.get("codes")
    if isinstance(codes, list) and codes:
        moved |= reorder(codes, _by_number, parent_slot(space, "codes"))
    for code in _list(space, "codes"):
        moved |= _keys(code, CODE_ENTRY.names)
        translations: Any = code.get("i18n") if is_map(code) else None
        if is_map(translations):
            for lang in list(translations):
                moved |= _keys(translations[lang], TRANSLATION.names, parent_slot(translations, lang))
    for entry in _list(space, "retired"):
        moved |= _keys(entry, RETIRED.names)
    for entry in _list(space, "reserved"):
        moved |= _keys(entry, RESERVED.names)
    return moved


def _content(text: str, file: str | None) -> dict[str, Any]:
    """The catalog's canonical data with codes by number: what formatting must not change."""
    data = catalog_to_data(loads(text, file))
    for space in data["spaces"]:
        space["codes"] = sorted(space["codes"], key=lambda code: _order(code["code"]))
    return data


def _keys(node: Any, order: tuple[str, ...], first: Any = None) -> bool:
    if not is_map(node) or len(node) < 2:
        return False
    names = (order, *node)
    if names in _KEYS_IN_ORDER:  # the codes of a big catalog share a few key orders: rank each once
        return False
    rank = {key: index for index, key in enumerate(order)}
    ranks = [rank.get(str(key), len(rank)) for key in names[1:]]
    if ranks == sorted(ranks):
        if len(_KEYS_IN_ORDER) < 10_000:
            _KEYS_IN_ORDER.add(names)
        return False

    def canonical(entries: list[tuple[Hashable, Any]]) -> list[tuple[Hashable, Any]]:
        return sorted(entries, key=lambda entry: rank.get(str(entry[0]), len(rank)))

    return reorder(node, canonical, first)


_KEYS_IN_ORDER: set[tuple[Any, ...]] = set()  # (canonical order, *keys) already in that order


def _by_number(entries: list[tuple[Hashable, Any]]) -> list[tuple[Hashable, Any]]:
    return sorted(entries, key=lambda entry: _order(entry[1].get("code") if is_map(entry[1]) else None))


def _order(raw: Any) -> tuple[int, int, tuple[str, ...]]:
    """Where a code as written sorts: numbers (``0x`` text too) by value, other text as written."""
    if isinstance(raw, str) and raw.strip().lower().lstrip("+-").startswith("0x"):
        parsed = HEX.parse(raw)
        raw = parsed if parsed is not None else raw
    if isinstance(raw, int | str) and not isinstance(raw, bool):
        return code_order(raw)
    return (-1, 0, ())


def _list(node: Any, key: str) -> list[Any]:
    value = node.get(key) if is_map(node) else None
    return [item for item in value if is_map(item)] if isinstance(value, list) else []
