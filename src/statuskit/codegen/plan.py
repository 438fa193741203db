"""What every generator needs to know about a catalog, decided once: names, fields, groups.

Generated code must use the same identifiers in every language, so member names, class names
and field identifiers are chosen here and nowhere else. Names come from the code's ``name``,
else its title, else the first words of its description, else ``CODE_<n>``; they are always
safe identifiers (ASCII, not starting with a digit) and de-duplicated in code order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import names
from ..errors import TemplateError
from ..fields import FieldSpec
from ..model import Catalog, Code, Group, Space

# Names taken from a title or description use their first words only.
DESCRIPTION_WORDS = 6
TITLE_WORDS = 8
MAX_NAME = 60
# Names already in snake case that start with a letter (most names of big catalogs).
_PLAIN_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
# Names derived from a space class name: its exception, fields and info types, body schemas.
SUFFIXES = ("Error", "Fields", "Info", "Code", "Body", "ErrorBody", "ServerErrorBody", "Problem", "Frame")


@dataclass(frozen=True, slots=True)
class Field:
    """A declared field of a space and the identifier it gets in generated code."""

    key: str
    ident: str
    spec: FieldSpec
    fits: bool


@dataclass(frozen=True, slots=True)
class Member:
    """One code of a space as generated code sees it (group defaults applied)."""

    entry: Code
    name: str
    aliases: tuple[str, ...]
    fields: dict[str, Any]
    groups: tuple[Group, ...]

    @property
    def code(self) -> int | str:
        """The code: ``int`` in integer and hex spaces, ``str`` in string spaces."""
        return self.entry.code

    @property
    def shown(self) -> str:
        """The code as the catalog writes it (``404``, ``0x8007000E``, ``22P02``)."""
        return self.entry.shown

    @property
    def outcome(self) -> str | None:
        value = self.fields.get("outcome")
        return value if isinstance(value, str) else None

    @property
    def documentation(self) -> str:
        """What every target documents a code with: title (else description, else its number),
        the description, and the message template, as paragraphs."""
        entry = self.entry
        parts = [entry.title or entry.description or f"Code {self.shown}."]
        if entry.title and entry.description:
            parts.append(entry.description)
        if entry.message is not None:
            parts.append(f"Message: {entry.message}")
        return "\n\n".join(parts)

    @property
    def deprecation(self) -> str | None:
        """None when in use; else why it is deprecated (or what to use instead)."""
        deprecated = self.entry.deprecated
        if not deprecated:
            return None
        return deprecated if isinstance(deprecated, str) else "deprecated"

    @property
    def placeholders(self) -> tuple[str, ...] | None:
        """The message template's placeholders in order of first use, or None without a template."""
        template = self.entry.template
        if template is None:
            return None
        seen: dict[str, None] = {}
        for _, name in template.parts:
            if name is not None:
                seen.setdefault(name)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class SpacePlan:
    """One space: its class names, fields and members."""

    space: Space
    cls: str
    error_cls: str
    fields_cls: str
    fields: tuple[Field, ...]
    members: tuple[Member, ...]

    @property
    def name(self) -> str:
        return self.space.name

    @property
    def numeric(self) -> bool:
        """True when the space's codes are numbers (integer or hex), False for string codes."""
        return self.space.kind.numeric

    def member(self, code: int | str) -> Member:
        return next(m for m in self.members if m.code == code)


@dataclass(frozen=True, slots=True)
class CatalogPlan:
    catalog: Catalog
    spaces: tuple[SpacePlan, ...]


def plan(catalog: Catalog) -> CatalogPlan:
    """Decide every name the generators use, deterministically."""
    taken: set[str] = {"Outcome"}
    spaces = []
    for space in catalog.spaces:
        base = names.pascal(catalog.id) + names.pascal(space.name)
        cls = _unique(names.safe_identifier(base, fallback="Space"), taken, SUFFIXES)
        taken.update(cls + suffix for suffix in ("", *SUFFIXES))
        codes = space.all_codes()
        groups = [space.groups_of(code.code) for code in codes]
        resolved = _resolved_fields(codes, groups)
        fields = _fields(space, resolved)
        spaces.append(
            SpacePlan(
                space, cls, cls + "Error", cls + "Fields", fields, _members(space, codes, groups, resolved)
            )
        )
    return CatalogPlan(catalog, tuple(spaces))


def _resolved_fields(codes: Sequence[Code], groups: Sequence[tuple[Group, ...]]) -> list[dict[str, Any]]:
    """``Space.fields_of`` of every code (group defaults, broadest first, then its own), merging
    the defaults once per distinct tuple of groups: on a big space most codes share theirs."""
    merged: dict[int, tuple[tuple[Group, ...], dict[str, Any]]] = {}
    resolved = []
    for code, its_groups in zip(codes, groups, strict=True):
        known = merged.get(id(its_groups))
        if known is None or known[0] is not its_groups:
            defaults: dict[str, Any] = {}
            for group in its_groups:
                defaults.update(group.defaults)
            known = merged[id(its_groups)] = (its_groups, defaults)
        fields = dict(known[1])
        if code.fields:
            fields.update(code.fields)
        resolved.append(fields)
    return resolved


def _unique(wanted: str, taken: set[str], suffixes: Iterable[str] = (), sep: str = "") -> str:
    """``wanted``, or ``wanted2``, ``wanted3``... so that it and its suffixed forms are all free."""
    forms = ("", *suffixes)
    candidate, number = wanted, 1
    while any(candidate + s in taken for s in forms):
        number += 1
        candidate = f"{wanted}{sep}{number}"
    return candidate


def _fields(space: Space, resolved: Sequence[dict[str, Any]]) -> tuple[Field, ...]:
    taken = {"outcome"}
    result = []
    for key, spec in sorted(space.field_specs().items()):
        if key == "outcome":
            continue
        ident = names.safe_identifier(names.snake(key), fallback="field")
        ident = _unique(ident, taken)
        taken.add(ident)
        values = [fields.get(key) for fields in resolved]
        fits = all(v is None or spec.problem(v) is None for v in values)
        result.append(Field(key, ident, spec, fits))
    return tuple(result)


def _members(
    space: Space,
    codes: Sequence[Code],
    groups: Sequence[tuple[Group, ...]],
    resolved: Sequence[dict[str, Any]],
) -> tuple[Member, ...]:
    taken: set[str] = set()
    chosen: list[str] = []
    for code in codes:
        name = member_name(code)
        if name in taken:
            name = _unique(f"{name}_{_suffix(code)}", taken, sep="_")
        taken.add(name)
        chosen.append(name)
    members = []
    for code in codes:
        _check_template(space, code)
    for code, name, its_groups, fields in zip(codes, chosen, groups, resolved, strict=True):
        aliases = []
        for alias in code.aliases:
            ident = _identifier(alias)
            if ident and ident not in taken:
                taken.add(ident)
                aliases.append(ident)
        members.append(Member(code, name, tuple(aliases), fields, its_groups))
    return tuple(members)


def member_name(code: Code) -> str:
    """The identifier a code would get before de-duplication."""
    name = code.name
    if name and _PLAIN_NAME.match(name):
        return name[:MAX_NAME].upper()  # what _identifier makes of it, without splitting words
    for source in _name_sources(code):
        ident = _identifier(source)
        if ident:
            return ident
    return f"CODE_{_suffix(code)}"


def _name_sources(code: Code) -> Iterator[str | None]:
    """Where a code's identifier may come from, best first; later ones are only made when needed."""
    yield code.name
    if isinstance(code.code, str) and code.code.isidentifier():
        yield code.code  # a string code may serve as its own name
    if code.title:
        yield " ".join(names.words(code.title)[:TITLE_WORDS])
    if code.description:
        yield " ".join(names.words(code.description)[:DESCRIPTION_WORDS])


def _suffix(code: Code) -> str:
    """The code as part of an identifier: ``404``, ``MINUS_32700``, ``0X8007000E``, ``5_1_1``."""
    text = code.shown.replace("-", "MINUS_")
    return "".join(char if char.isalnum() or char == "_" else "_" for char in text).upper()


def _identifier(source: str | None) -> str:
    text = names.upper_snake(source or "")[:MAX_NAME]
    return names.safe_identifier(text, fallback="CODE") if text else ""


def _check_template(space: Space, code: Code) -> None:
    """Generated builders need a template that parses; say where it does not."""
    try:
        code.template  # noqa: B018 - parsing is the check
    except TemplateError as error:
        where = f"{code.location}: " if code.location is not None else ""
        raise TemplateError(f"{where}space {space.name!r}, code {code.shown}: {error}") from None
