"""Planned spaces → canonical catalog data, noting duplicates, blanks and codes in no group."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import names
from ..fields import OUTCOMES
from ..kinds import code_order
from ..patterns import Pattern
from .layout import Plan, names_kind
from .parts import Entry, FieldDef, GroupDef, Section
from .report import Report

_GENERIC = {
    "code", "codes", "status", "statuses", "response", "responses", "error", "errors", "value",
    "values", "list", "table", "reference", "the", "of", "and", "reply", "replies", "reason",
}  # fmt: skip
_TRANSPORTS = (("opcode", "opcode"), ("close", "ws-close"), ("http", "http"), ("json", "json"))
ENUM_LIMIT = 12


def build_spaces(plans: list[Plan], report: Report) -> list[dict[str, Any]]:
    """One canonical space per plan, named uniquely."""
    spaces: list[dict[str, Any]] = []
    used: set[str] = set()
    titles = [set(names.words(p.section.title)) for p in plans]
    common = set.intersection(*titles) if len(titles) > 1 else set()
    for plan in plans:
        space = _space(plan, report, len(plans) == 1, common)
        name = space["name"]
        number = 2
        while space["name"] in used:
            space["name"] = f"{name}_{number}"
            number += 1
        used.add(space["name"])
        spaces.append(space)
    return spaces


def space_name(title: str, single: bool, common: frozenset[str] | set[str] = frozenset()) -> str:
    """``HTTP Response Codes`` → ``http``; ``Opcodes`` → ``opcode``; ``status`` when nothing is left."""
    if single:
        return "status"
    words = [w for w in names.words(title) if w not in _GENERIC and w not in common]
    if not words:
        return "status"
    word = words[0]
    return word[:-1] if word.endswith("s") and len(word) > 3 and not word.endswith("ss") else word


def _space(plan: Plan, report: Report, single: bool, common: set[str]) -> dict[str, Any]:
    head = plan.section
    title = head.title or None
    data: dict[str, Any] = {"name": space_name(head.title, single, common)}
    if title:
        data["title"] = title
    description = _description(plan)
    if description:
        data["description"] = description
    lower = (head.title or "").lower()
    for word, transport in _TRANSPORTS:
        if re.search(rf"\b{word}", lower):
            data["transport"] = transport
            break
    entries = _entries(plan, report)
    kind = code_kind(entries)
    if kind is not None:
        data["code"] = kind
    widths = {len(str(e.code)) for e in entries}
    groups = _groups(plan, entries, widths, report)
    fields = _fields(plan, entries, groups)
    if groups and len(widths) == 1 and any("pattern" in g for g in groups):
        width = next(iter(widths))
        if all(len(g["pattern"]) == width for g in groups if "pattern" in g):
            data["digits"] = width
    if fields:
        data["fields"] = fields
    if groups:
        data["groups"] = groups
    entries = sorted(entries, key=lambda e: code_order(e.code))
    hex_digits = max((len(f"{e.code:X}") for e in entries if isinstance(e.code, int)), default=0)
    data["codes"] = [_code(e, hex_digits if kind == "hex" else 0) for e in entries]
    if kind == "hex":
        data["digits"] = hex_digits
    http = data.get("transport") == "http"
    if http and entries and all(isinstance(e.code, int) and e.code in _http_codes() for e in entries):
        data["extends"] = "http"
    _no_group(entries, groups, data["name"], report)
    return data


def code_kind(entries: list[Entry]) -> str | dict[str, Any] | None:
    """The space's code kind: ``hex`` when every code was written in hex, a string kind when
    any code is alphanumeric or dotted, None (integer, the default) otherwise."""
    if any(isinstance(e.code, str) for e in entries):
        return {"type": "string"}
    if (
        entries
        and all(e.hex for e in entries)
        and all(isinstance(e.code, int) and e.code >= 0 for e in entries)
    ):
        return "hex"
    return None


def _http_codes() -> set[int]:
    """The codes of the builtin HTTP registry, which an HTTP status table extends."""
    from ..registries import builtin

    return {code.code for code in builtin("http").space().codes if isinstance(code.code, int)}


def _description(plan: Plan) -> str | None:
    """The text under the space's own heading (and under the headings above it that hold no
    other space's codes). Sections without codes elsewhere (examples, notes, see also) are
    the rest of the document, not the space's description."""
    texts: list[str] = []
    ancestors: list[Section] = []
    parent = plan.section.parent
    while parent is not None and parent.level > 0:
        ancestors.insert(0, parent)
        parent = parent.parent
    for ancestor in ancestors:
        if ancestor.parent is not None and ancestor.parent.level > 0 and not _shared(ancestor, plan):
            texts.extend(ancestor.paragraphs)
    if plan.section.level > 1:
        texts.extend(plan.section.paragraphs)
    return "\n\n".join(texts) or None


def _shared(ancestor: Section, plan: Plan) -> bool:
    """True when ``ancestor`` holds codes outside ``plan`` (its text is not this space's)."""
    mine = {id(s) for s in plan.sections}
    return any(s.entries and id(s) not in mine for s in ancestor.walk())


def _entries(plan: Plan, report: Report) -> list[Entry]:
    seen: dict[int | str, Entry] = {}
    entries: list[Entry] = []
    for section in plan.sections:
        for entry in section.entries:
            first = seen.get(entry.code)
            if first is not None:
                same = (first.name, first.title, first.description) == (
                    entry.name,
                    entry.title,
                    entry.description,
                )
                how = "repeats it" if same else "says something else; kept the first"
                report.add(
                    entry.line,
                    "duplicate",
                    f"code {entry.code} was already given on line {first.line}; this row {how}",
                )
                continue
            seen[entry.code] = entry
            entries.append(entry)
            if not (entry.title or entry.description):
                label = f" ({entry.name})" if entry.name else ""
                report.add(entry.line, "blank-meaning", f"code {entry.code}{label} has no meaning")
    return entries


def _groups(plan: Plan, entries: list[Entry], widths: set[int], report: Report) -> list[dict[str, Any]]:
    found: list[GroupDef] = []
    topics = [s for s in plan.sections if s is not plan.section and s.pattern is None and s.entries]
    all_codes = {e.code for e in entries}
    for section in plan.sections:
        if section is not plan.section and section.pattern is not None:
            found.append(_heading_group(section))
        found.extend(section.groups)
        if section in topics and (len(topics) >= 2 or {e.code for e in section.entries} != all_codes):
            codes = list(dict.fromkeys(e.code for e in section.entries))
            found.append(GroupDef(section.line, name=section.title, codes=codes))
    merged: dict[str, GroupDef] = {}
    listed: set[tuple[int | str, ...]] = set()
    for group in found:
        if group.pattern is None and group.range is None:
            members = tuple(sorted(set(group.codes), key=code_order))
            if members in listed:
                continue  # a bold label over a table its heading already groups
            listed.add(members)
        if group.pattern is not None and widths and len(group.pattern) not in widths:
            report.add(
                group.line,
                "skipped",
                f"{group.pattern} names {len(group.pattern)}-digit codes, but the codes here have "
                f"{', '.join(map(str, sorted(widths)))} digits; it did not become a group",
            )
            continue
        first = merged.get(group.key)
        if first is None:
            merged[group.key] = group
            continue
        if group.title and first.title and group.title != first.title:
            report.add(
                group.line,
                "merged-group",
                f"{group.key} ({group.title}) names the group {group.key} ({first.title}) of line "
                f"{first.line} again; kept the first title",
            )
        first.title = first.title or group.title
        first.description = first.description or group.description
        for key, value in group.defaults.items():
            first.defaults.setdefault(key, value)
    return [_group_data(g) for g in merged.values()]


def _heading_group(section: Section) -> GroupDef:
    text = section.pattern or ""
    group = GroupDef(section.line, title=section.pattern_title)
    if "-" in text:
        low, high = text.split("-")
        group.range = (int(low), int(high))
    else:
        group.pattern = text
    return group


def _group_data(group: GroupDef) -> dict[str, Any]:
    data: dict[str, Any]
    if group.pattern is not None:
        data = {"pattern": group.pattern}
    elif group.range is not None:
        data = {"range": list(group.range)}
    else:
        data = {"name": group.name, "codes": group.codes}
    return _present(data, title=group.title, description=group.description, defaults=dict(group.defaults))


def _code(entry: Entry, hex_digits: int = 0) -> dict[str, Any]:
    code: int | str = entry.code
    if hex_digits and isinstance(code, int):
        code = f"0x{code:0{hex_digits}X}"
    data: dict[str, Any] = {"code": code}
    name = entry.name
    if name is None and entry.name_from_title and entry.title:
        name = names.snake(entry.title) or None
    return _present(
        data, name=name, title=entry.title, description=entry.description, fields=dict(entry.fields)
    )


def _present(data: dict[str, Any], **members: Any) -> dict[str, Any]:
    """``data`` with the members that hold something (empty text, mappings and None are left out)."""
    data.update((key, value) for key, value in members.items() if value)
    return data


def _fields(plan: Plan, entries: list[Entry], groups: list[dict[str, Any]]) -> dict[str, Any]:
    defs: dict[str, FieldDef] = {}
    for section in plan.sections:
        defs.update(section.fields)
    specs: dict[str, Any] = {}
    for name, definition in defs.items():
        values = [e.fields[name] for e in entries if name in e.fields]
        values += [g["defaults"][name] for g in groups if name in g.get("defaults", {})]
        if name == "outcome":
            if all(v in OUTCOMES for v in values):
                continue
            _rename(entries, groups, "outcome", "outcome_text")
            name = "outcome_text"
        specs[name] = _spec(definition, values)
    return specs


def _rename(entries: list[Entry], groups: list[dict[str, Any]], old: str, new: str) -> None:
    for entry in entries:
        if old in entry.fields:
            entry.fields[new] = entry.fields.pop(old)
    for group in groups:
        defaults = group.get("defaults", {})
        if old in defaults:
            defaults[new] = defaults.pop(old)


def _spec(definition: FieldDef, values: list[Any]) -> dict[str, Any]:
    if values and all(isinstance(v, bool) for v in values):
        return {"type": "boolean"}
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return {"type": "integer"}
    if definition.is_link:
        return {"type": "string", "format": "uri"}
    texts = [str(v) for v in values]
    distinct = list(dict.fromkeys(texts))
    if (
        texts
        and all(isinstance(v, str) for v in values)
        and len(distinct) <= ENUM_LIMIT
        and len(distinct) < len(texts)
    ):
        return {"type": "string", "enum": distinct}
    return {"type": "string"}


def _fits(pattern: str) -> Callable[[int | str], bool]:
    def test(code: int | str) -> bool:
        text = str(code)
        return len(text) == len(pattern) and all(
            p in "xyzXYZ" or p.upper() == c.upper() for p, c in zip(pattern, text, strict=True)
        )

    return test


def _membership(group: dict[str, Any], strings: bool = False) -> Callable[[Any], bool]:
    if "pattern" in group:
        if strings:
            return _fits(group["pattern"])
        return Pattern.parse(group["pattern"]).matches
    if "range" in group:
        low, high = group["range"]
        return range(low, high + 1).__contains__
    return set(group["codes"]).__contains__


def _no_group(entries: list[Entry], groups: list[dict[str, Any]], space: str, report: Report) -> None:
    strings = any(isinstance(e.code, str) for e in entries)
    listed: set[Any] = {code for g in groups if "codes" in g for code in g["codes"]}
    tests = [_membership(g, strings) for g in groups if "codes" not in g]
    grouped = {e.code for e in entries if e.code in listed or any(test(e.code) for test in tests)}
    if not grouped:
        return
    for entry in entries:
        if entry.code not in grouped:
            report.add(entry.line, "no-group", f"code {entry.code} fits no group of space {space!r}")


__all__ = ["build_spaces", "names_kind", "space_name"]
