"""Deciding the spaces: are several tables one numbering with groups, or separate numberings?

Headings that name a kind of code (``Opcodes``, ``Close Codes``, ``JSON Error Codes``) over
separate blocks of codes make separate spaces. Headings that name classes by digit pattern
(``10x``) or topics (``General``, ``Session``) over one numbering make groups of one space, unless
the same number appears under two of them, which only separate numberings allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .parts import Section

Choice = Literal["guess", "one", "split"]
_KIND_WORDS = re.compile(r"\b(?:codes?|opcodes?|status(?:es)?|statuscodes?)\b", re.IGNORECASE)


@dataclass(slots=True)
class Plan:
    """One space to build: the section it comes from and the sections whose codes it takes."""

    section: Section
    sections: list[Section] = field(default_factory=list)


def names_kind(section: Section) -> bool:
    """True when the heading names a kind of code rather than a class or a topic."""
    return section.pattern is None and bool(_KIND_WORDS.search(section.title))


def plan(root: Section, choice: Choice = "guess") -> tuple[list[Plan], str]:
    """The spaces to build and why, in words for the report."""
    sections = root.walk()
    kinds = [s for s in sections if s.level > 0 and names_kind(s) and s.has_codes]
    deepest = [s for s in kinds if not any(k is not s and _inside(s, k) for k in kinds)]
    if choice == "one":
        return [_one(root)], "one space, as --one-space asks"
    if len(deepest) >= 2 and choice != "split" and _repeats(deepest):
        titles = ", ".join(repr(s.title) for s in deepest)
        return [_one(root)], f"one space: the headings {titles} list the same codes twice"
    if len(deepest) >= 2:
        titles = ", ".join(f"{s.title!r} (line {s.line})" for s in deepest)
        why = f"{len(deepest)} spaces: the headings {titles} each name a kind of code"
        if choice == "split":
            why += " (--split-spaces)"
        return _split(root, deepest), why
    siblings = _sibling_blocks(root)
    if siblings:
        overlap = _overlap(siblings)
        titles = ", ".join(repr(s.title) for s in siblings)
        if choice == "split":
            return _split(
                root, siblings
            ), f"{len(siblings)} spaces, one per heading {titles}, as --split-spaces asks"
        if overlap is not None and all(s.pattern is None for s in siblings):
            code, first, second = overlap
            why = (
                f"{len(siblings)} spaces: code {code} appears under both {first.title!r} (line {first.line}) "
                f"and {second.title!r} (line {second.line}), so the headings {titles} are separate numberings"
            )
            return _split(root, siblings), why
        how = "classes by digit pattern" if all(s.pattern for s in siblings) else "topics"
        return [_one(root)], (
            f"one space: the headings {titles} name {how} of one numbering "
            "(no number appears under two of them)"
        )
    if choice == "split":
        return [_one(root)], "one space: --split-spaces found no headings to split at"
    return [_one(root)], "one space: the codes stand under one heading"


def _inside(outer: Section, inner: Section) -> bool:
    parent = inner.parent
    while parent is not None:
        if parent is outer:
            return True
        parent = parent.parent
    return False


def _one(root: Section) -> Plan:
    top = _top(root)
    return Plan(top, top.walk() if top is not root else root.walk())


def _top(root: Section) -> Section:
    """The section that holds every code: the single top heading when there is one."""
    holders = [c for c in root.children if c.has_codes or any(s.groups for s in c.walk())]
    if len(holders) == 1 and not root.entries and names_kind(holders[0]):
        return holders[0]
    return root


def _split(root: Section, heads: list[Section]) -> list[Plan]:
    plans = [Plan(h, h.walk()) for h in heads]
    taken = {id(s) for p in plans for s in p.sections}
    rest = [s for s in root.walk() if id(s) not in taken and s.entries]
    if rest:
        plans.append(Plan(root, [s for s in root.walk() if id(s) not in taken]))
    return plans


def _sibling_blocks(root: Section) -> list[Section]:
    """The shallowest set of two or more sibling headings that hold codes."""
    queue = [root]
    while queue:
        node = queue.pop(0)
        holders = [c for c in node.children if c.has_codes]
        if len(holders) >= 2:
            return holders
        queue.extend(holders)
    return []


def _repeats(sections: list[Section]) -> bool:
    """True when the sections share codes and most shared codes say the same under each."""
    return _shared(sections)[1]


def _overlap(sections: list[Section]) -> tuple[int | str, Section, Section] | None:
    shared, repeat = _shared(sections)
    return shared[0] if shared and not repeat else None


def _shared(sections: list[Section]) -> tuple[list[tuple[int | str, Section, Section]], bool]:
    """The codes found under two headings, and whether they mostly say the same there. A code
    under two headings that says something else under each: separate numberings.

    The same list given twice (RFC 959 lists its replies by function, then in numeric order)
    is one numbering: when most shared codes say the same under both, there is no overlap.
    """
    seen: dict[int | str, tuple[Section, str]] = {}
    shared: list[tuple[int | str, Section, Section]] = []
    same = 0
    for section in sections:
        for entry in section.all_entries():
            words = " ".join(filter(None, (entry.name, entry.title, entry.description))).lower()
            first = seen.get(entry.code)
            if first is None:
                seen[entry.code] = (section, words)
            elif first[0] is not section:
                shared.append((entry.code, first[0], section))
                same += words[:40] == first[1][:40]
    return shared, bool(shared) and same * 2 >= len(shared)
