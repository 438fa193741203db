"""How a space's codes are laid out in documents: one section per group, a table per section.

A code goes to the section of its narrowest list group or prefix pattern (``41x`` before
``4xx``); codes in neither stand in a first section with no group. Cross-cutting patterns
(``x1x``, ``1x0``) and ranges are listed as a legend, not as sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kinds import code_order
from ..model import Code, Group, Space


@dataclass(slots=True)
class Section:
    """A group (None for codes outside every section group) and its codes, in code order."""

    group: Group | None
    codes: list[Code] = field(default_factory=list)


def is_section_group(group: Group) -> bool:
    return group.kind == "list" or (group.pattern is not None and group.pattern.is_prefix)


def sections(space: Space, codes: list[Code] | None = None) -> list[Section]:
    """The space's sections in group order, ungrouped codes first; empty sections left out."""
    chosen = sorted(codes if codes is not None else space.codes, key=lambda c: code_order(c.code))
    candidates = [g for g in space.groups if is_section_group(g)]
    by_group: dict[int, Section] = {id(g): Section(g) for g in candidates}
    loose = Section(None)
    for code in chosen:
        holders = [g for g in candidates if g.contains(code.code)]
        if not holders:
            loose.codes.append(code)
            continue
        narrowest = min(holders, key=lambda g: (g.kind != "list", g.breadth))
        by_group[id(narrowest)].codes.append(code)
    ordered = [loose] + [by_group[id(g)] for g in candidates]
    return [s for s in ordered if s.codes]


def field_names(space: Space, codes: list[Code] | None = None) -> list[str]:
    """The fields codes set, declared ones first, then ``outcome`` and undeclared ones."""
    used: dict[str, None] = {}
    for code in codes if codes is not None else space.codes:
        for name in code.fields:
            used[name] = None
    declared = [name for name in space.fields if name in used]
    return declared + [name for name in used if name not in declared]
