"""Two versions of a catalog → classified changes: what breaks clients and what does not.

Spaces are matched by name and codes by number. A code's effective values are compared (group
defaults applied, codes a space takes from the builtin it ``extends`` included), so moving a code
between groups or changing a group's defaults shows up on every code it affects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import names
from ..canonical import code_to_data
from ..errors import TemplateError
from ..kinds import code_order
from ..model import Catalog, Code, Group, Space
from .changes import Change

CLIENT_FIELDS = ("action", "retryable", "http")
"""Fields clients act on: a change in their value breaks clients."""


def diff_catalogs(
    old: Catalog, new: Catalog, *, client_fields: Iterable[str] = CLIENT_FIELDS
) -> list[Change]:
    """Every change from ``old`` to ``new``, catalog changes first, then space by space."""
    return list(_Differ(frozenset(client_fields)).catalogs(old, new))


class _Differ:
    def __init__(self, client_fields: frozenset[str]) -> None:
        self.client_fields = client_fields

    # -- catalog and spaces --------------------------------------------------------------------

    def catalogs(self, old: Catalog, new: Catalog) -> Iterator[Change]:
        if old.id != new.id:
            yield Change(
                None, None, "catalog-renamed", False,
                f"catalog id changed from {old.id!r} to {new.id!r}", old.id, new.id,
            )  # fmt: skip
        if old.version != new.version:
            yield Change(
                None, None, "version-changed", False,
                f"catalog version {old.version or '(none)'} → {new.version or '(none)'}",
                old.version, new.version,
            )  # fmt: skip
        yield from _reworded(None, None, "catalog", "title", old.title, new.title)
        yield from _reworded(None, None, "catalog", "description", old.description, new.description)
        old_spaces = {s.name: s for s in old.spaces}
        new_spaces = {s.name: s for s in new.spaces}
        renamed = _renamed_spaces(
            [s for s in old.spaces if s.name not in new_spaces],
            [s for s in new.spaces if s.name not in old_spaces],
        )
        for space in old.spaces:
            if space.name in new_spaces:
                yield from self.spaces(space, new_spaces[space.name])
            elif space.name in renamed:
                target = renamed[space.name]
                yield Change(
                    space.name, None, "space-renamed", True,
                    f"space {space.name!r} was renamed to {target!r}; generated code and clients "
                    f"that name the space break",
                    space.name, target,
                )  # fmt: skip
            else:
                yield Change(
                    space.name, None, "space-removed", True,
                    f"space {space.name!r} was removed with its {len(space.codes)} codes; "
                    "clients that receive them break",
                    space.name, None,
                )  # fmt: skip
        for space in new.spaces:
            if space.name not in old_spaces and space.name not in renamed.values():
                yield Change(
                    space.name, None, "space-added", False,
                    f"space {space.name!r} was added with {len(space.codes)} codes",
                    None, space.name,
                )  # fmt: skip

    def spaces(self, old: Space, new: Space) -> Iterator[Change]:
        name = new.name
        yield from _reworded(name, None, f"space {name!r}", "title", old.title, new.title)
        yield from _reworded(name, None, f"space {name!r}", "description", old.description, new.description)
        if old.transport != new.transport:
            yield Change(
                name, None, "transport-changed", True,
                f"space {name!r} now travels as {new.transport or '(unset)'} instead of "
                f"{old.transport or '(unset)'}; clients read it from another place",
                old.transport, new.transport,
            )  # fmt: skip
        if old.extends != new.extends:
            yield _extends_change(old, new)
        yield from _bounds_changes(old, new)
        yield from _group_changes(old, new)
        yield from self.codes(old, new)
        yield from _retired_changes(old, new)

    # -- codes ---------------------------------------------------------------------------------

    def codes(self, old: Space, new: Space) -> Iterator[Change]:
        numbers = sorted({c.code for c in old.codes} | {c.code for c in new.codes}, key=code_order)
        old_retired = {r.code: r for r in old.retired}
        new_retired = {r.code: r for r in new.retired}
        for number in numbers:
            before: Code | None = old.get(number)
            after: Code | None = new.get(number)
            if before is not None and after is not None:
                yield from self.code(old, new, before, after)
            elif before is not None:
                retired = new_retired.get(number)
                if retired is not None:
                    why = f": {retired.reason}" if retired.reason else ""
                    yield Change(
                        new.name, number, "code-retired", False,
                        f"code {_label(before)} was retired{why}",
                        code_to_data(before), None,
                    )  # fmt: skip
                else:
                    yield Change(
                        new.name, number, "code-removed", True,
                        f"code {_label(before)} was removed without being retired; clients that "
                        f"match on {number} break (retire it: statuskit retire --code {number})",
                        code_to_data(before), None,
                    )  # fmt: skip
            elif after is not None:
                retired = old_retired.get(number)
                if retired is not None:
                    why = f" ({retired.reason})" if retired.reason else ""
                    yield Change(
                        new.name, number, "retired-reused", True,
                        f"code {number} was retired{why} and is used again as {_label(after)}; "
                        "old clients still read its old meaning",
                        None, code_to_data(after),
                    )  # fmt: skip
                else:
                    yield Change(
                        new.name, number, "code-added", False,
                        f"code {_label(after)} was added", None, code_to_data(after),
                    )  # fmt: skip

    def code(self, old: Space, new: Space, before: Code, after: Code) -> Iterator[Change]:
        space, number = new.name, after.code
        yield from _name_changes(space, before, after)
        yield from _outcome_change(old, new, before, after)
        yield from self.field_changes(old, new, before, after)
        yield from _message_change(space, before, after)
        yield from _reworded(space, number, f"code {number}", "title", before.title, after.title)
        yield from _reworded(
            space, number, f"code {number}", "description", before.description, after.description
        )
        yield from _lifecycle_changes(space, before, after)
        yield from _translation_changes(space, before, after)
        old_groups = [g.key for g in old.groups_of(number)]
        new_groups = [g.key for g in new.groups_of(number)]
        if old_groups != new_groups:
            yield Change(
                space, number, "regrouped", False,
                f"code {number} is now in {_keys(new_groups)} (was {_keys(old_groups)})",
                old_groups, new_groups,
            )  # fmt: skip

    def field_changes(self, old: Space, new: Space, before: Code, after: Code) -> Iterator[Change]:
        old_fields = old.fields_of(before)
        new_fields = new.fields_of(after)
        for name in sorted((set(old_fields) | set(new_fields)) - {"outcome"}):
            was, now = old_fields.get(name), new_fields.get(name)
            if was == now:
                continue
            breaking = name in self.client_fields
            why = "; clients act on it" if breaking else ""
            yield Change(
                new.name, after.code, "field-changed", breaking,
                f"code {after.shown} field {name!r}: {_value(was)} → {_value(now)}{why}",
                was, now,
            )  # fmt: skip


# -- code attributes -------------------------------------------------------------------------


def _name_changes(space: str, before: Code, after: Code) -> Iterator[Change]:
    number = after.code
    kept = {names.snake(a) for a in after.aliases}
    if before.name and before.name != after.name:
        if after.name is None:
            yield Change(
                space, number, "name-removed", True,
                f"code {number} lost its name {before.name!r}; generated code that uses it breaks",
                before.name, None,
            )  # fmt: skip
        elif names.snake(before.name) == names.snake(after.name):
            yield Change(
                space, number, "name-respelled", False,
                f"code {number} name {before.name!r} → {after.name!r} (the same identifier)",
                before.name, after.name,
            )  # fmt: skip
        elif names.snake(before.name) in kept:
            yield Change(
                space, number, "renamed", False,
                f"code {number} renamed {before.name!r} → {after.name!r}, old name kept as an alias",
                before.name, after.name,
            )  # fmt: skip
        else:
            yield Change(
                space, number, "renamed", True,
                f"code {number} renamed {before.name!r} → {after.name!r} without keeping "
                f"{before.name!r} as an alias; generated code that uses the old name breaks",
                before.name, after.name,
            )  # fmt: skip
    elif before.name is None and after.name:
        yield Change(
            space, number, "name-added", False, f"code {number} is now named {after.name!r}", None, after.name
        )
    new_labels = {names.snake(label) for label in (after.name, *after.aliases) if label}
    old_aliases = {names.snake(a): a for a in before.aliases}
    for key, alias in old_aliases.items():
        if key not in new_labels:
            yield Change(
                space, number, "alias-removed", True,
                f"code {number} no longer accepts the old name {alias!r}; code that uses it breaks",
                alias, None,
            )  # fmt: skip
    for alias in after.aliases:
        if names.snake(alias) not in old_aliases:
            yield Change(
                space, number, "alias-added", False, f"code {number} accepts the alias {alias!r}", None, alias
            )


def _outcome_change(old: Space, new: Space, before: Code, after: Code) -> Iterator[Change]:
    was = old.fields_of(before).get("outcome")
    now = new.fields_of(after).get("outcome")
    if was == now:
        return
    number = after.code
    if before.fields.get("outcome") != after.fields.get("outcome"):
        why = "its own outcome field changed"
    else:
        old_groups = [g.key for g in old.groups_of(number)]
        new_groups = [g.key for g in new.groups_of(number)]
        if old_groups != new_groups:
            why = f"it moved from {_keys(old_groups)} to {_keys(new_groups)}"
        else:
            why = "the defaults of its groups changed"
    yield Change(
        new.name, number, "outcome-changed", True,
        f"code {_label(after)} outcome {was or '(unset)'} → {now or '(unset)'} ({why}); "
        "clients that test for success break",
        was, now,
    )  # fmt: skip


def _message_change(space: str, before: Code, after: Code) -> Iterator[Change]:
    if before.message == after.message:
        return
    was, now = _placeholders(before.message), _placeholders(after.message)
    if was is not None and now is not None and was != now and before.message and after.message:
        yield Change(
            space, after.code, "message-arguments-changed", True,
            f"code {after.shown} message placeholders {_keys(sorted(was))} → {_keys(sorted(now))}; "
            "callers that fill the message with the old arguments fail",
            before.message, after.message,
        )  # fmt: skip
        return
    yield from _reworded(space, after.code, f"code {after.shown}", "message", before.message, after.message)


def _placeholders(message: str | None) -> frozenset[str] | None:
    if message is None:
        return frozenset()
    from ..templates import Template

    try:
        template = Template.parse(message)
    except TemplateError:
        return None
    return frozenset(field for _, field in template.parts if field)


def _lifecycle_changes(space: str, before: Code, after: Code) -> Iterator[Change]:
    number = after.code
    if before.deprecated != after.deprecated:
        if after.deprecated and not before.deprecated:
            instead = f"; use {after.deprecated}" if isinstance(after.deprecated, str) else ""
            yield Change(
                space, number, "deprecated", False, f"code {_label(after)} was deprecated{instead}",
                before.deprecated, after.deprecated,
            )  # fmt: skip
        elif not after.deprecated:
            yield Change(
                space, number, "undeprecated", False, f"code {_label(after)} is no longer deprecated",
                before.deprecated, after.deprecated,
            )  # fmt: skip
        else:
            yield Change(
                space, number, "deprecated", False,
                f"code {number} deprecation note: {_value(before.deprecated)} → {_value(after.deprecated)}",
                before.deprecated, after.deprecated,
            )  # fmt: skip
    if before.since != after.since:
        yield Change(
            space, number, "since-changed", False,
            f"code {number} since {before.since or '(unset)'} → {after.since or '(unset)'}",
            before.since, after.since,
        )  # fmt: skip


def _translation_changes(space: str, before: Code, after: Code) -> Iterator[Change]:
    for lang in sorted(set(before.i18n) | set(after.i18n)):
        was, now = before.i18n.get(lang), after.i18n.get(lang)
        if was is None:
            yield Change(space, after.code, "translation-added", False,
                         f"code {after.shown} has a {lang!r} translation", None, lang)  # fmt: skip
        elif now is None:
            yield Change(space, after.code, "translation-removed", False,
                         f"code {after.shown} lost its {lang!r} translation", lang, None)  # fmt: skip
        else:
            for attribute in ("title", "description", "message"):
                yield from _reworded(
                    space, after.code, f"code {after.shown} [{lang}]", attribute,
                    getattr(was, attribute), getattr(now, attribute),
                )  # fmt: skip


def _reworded(
    space: str | None, code: int | str | None, what: str, attribute: str, old: str | None, new: str | None
) -> Iterator[Change]:
    if (old or None) == (new or None):
        return
    if not old:
        verb = "added"
    elif not new:
        verb = "removed"
    else:
        verb = "reworded"
    yield Change(space, code, "reworded", False, f"{what} {attribute} {verb}", old, new, review=True)


# -- space structure -------------------------------------------------------------------------


def _extends_change(old: Space, new: Space) -> Change:
    if old.extends is None:
        return Change(
            new.name, None, "extends-added", False,
            f"space {new.name!r} now extends {new.extends!r} and takes its codes",
            None, new.extends,
        )  # fmt: skip
    lost = [c.code for c in old.all_codes() if c.code not in new]
    what = f"; {len(lost)} codes it took from there are gone" if lost else ""
    return Change(
        new.name, None, "extends-changed", bool(lost),
        f"space {new.name!r} extends {new.extends or 'nothing'} instead of {old.extends!r}{what}",
        old.extends, new.extends,
    )  # fmt: skip


def _bounds_changes(old: Space, new: Space) -> Iterator[Change]:
    name = new.name
    existing = [c.code for c in old.codes if isinstance(c.code, int)]
    if old.digits != new.digits:
        out = [c for c in existing if new.digits is not None and len(str(c)) != new.digits]
        yield Change(
            name, None, "digits-changed", bool(out),
            f"space {name!r} digits {old.digits or '(any)'} → {new.digits or '(any)'}"
            + (f"; existing codes fall out: {_numbers(out)}" if out else ""),
            old.digits, new.digits,
        )  # fmt: skip
    if old.range != new.range:
        low, high = new.range or (None, None)
        out = [c for c in existing if low is not None and high is not None and not low <= c <= high]
        yield Change(
            name, None, "range-changed", bool(out),
            f"space {name!r} range {_range(old.range)} → {_range(new.range)}"
            + (f"; existing codes fall out: {_numbers(out)}" if out else ""),
            list(old.range) if old.range else None, list(new.range) if new.range else None,
        )  # fmt: skip
    old_reserved = {r.range for r in old.reserved}
    for entry in new.reserved:
        if entry.range in old_reserved:
            continue
        out = [c for c in existing if entry.contains(c)]
        yield Change(
            name, None, "reserved-added", bool(out),
            f"space {name!r} reserves {_range(entry.range)}"
            + (f"; existing codes fall inside: {_numbers(out)}" if out else ""),
            None, list(entry.range),
        )  # fmt: skip
    new_reserved = {r.range for r in new.reserved}
    for entry in old.reserved:
        if entry.range not in new_reserved:
            yield Change(
                name, None, "reserved-removed", False,
                f"space {name!r} no longer reserves {_range(entry.range)}",
                list(entry.range), None,
            )  # fmt: skip
    for field in sorted(set(old.fields) | set(new.fields)):
        was, now = old.fields.get(field), new.fields.get(field)
        if was == now:
            continue
        kind = "field-declared" if was is None else "field-undeclared" if now is None else "field-redeclared"
        yield Change(
            name, None, kind, False, f"space {name!r} field {field!r}: declaration {kind.split('-')[1]}",
            was.to_schema() if was else None, now.to_schema() if now else None,
        )  # fmt: skip


def _group_changes(old: Space, new: Space) -> Iterator[Change]:
    name = new.name
    old_groups = {g.key: g for g in old.groups}
    new_groups = {g.key: g for g in new.groups}
    resized = _resized_ranges(old, new, old_groups, new_groups)
    for before, after in resized:
        yield _range_resized(old, new, before, after)
    matched = {id(g) for pair in resized for g in pair}
    for key, group in new_groups.items():
        if id(group) in matched:
            continue
        if key not in old_groups:
            yield Change(name, None, "group-added", False, f"group {group.label} was added", None, key)
            continue
        before = old_groups[key]
        if dict(before.defaults) != dict(group.defaults) or before.codes != group.codes:
            yield Change(
                name, None, "group-changed", False,
                f"group {key} changed its " + ("defaults" if before.codes == group.codes else "codes"),
                _group_data(before), _group_data(group),
            )  # fmt: skip
        yield from _reworded(name, None, f"group {key}", "title", before.title, group.title)
        yield from _reworded(name, None, f"group {key}", "description", before.description, group.description)
    for key, group in old_groups.items():
        if key not in new_groups and id(group) not in matched:
            yield Change(name, None, "group-removed", False, f"group {group.label} was removed", key, None)


def _resized_ranges(
    old: Space, new: Space, old_groups: dict[str, Group], new_groups: dict[str, Group]
) -> list[tuple[Group, Group]]:
    """Range groups whose bounds changed: a range gone and an overlapping one, titled alike, new."""
    gone = [g for key, g in old_groups.items() if key not in new_groups and g.range is not None]
    came = [g for key, g in new_groups.items() if key not in old_groups and g.range is not None]
    pairs: list[tuple[Group, Group]] = []
    for before in gone:
        assert before.range is not None
        for after in came:
            assert after.range is not None
            overlap = before.range[0] <= after.range[1] and after.range[0] <= before.range[1]
            if overlap and before.title == after.title and all(after is not b for _, b in pairs):
                pairs.append((before, after))
                break
    return pairs


def _range_resized(old: Space, new: Space, before: Group, after: Group) -> Change:
    """A range group's new bounds; breaking when a code of both versions falls out of it."""
    kept = {c.code for c in new.codes} & {c.code for c in old.codes}
    out = sorted(
        (code for code in kept if before.contains(code) and not after.contains(code)), key=code_order
    )
    message = f"group {before.key} is now {after.key}"
    if out:
        codes = ", ".join(map(str, out))
        message += (
            f"; {'codes' if len(out) > 1 else 'code'} {codes} fell out of it (its meaning no longer applies)"
        )
    return Change(new.name, None, "group-resized", bool(out), message, before.key, after.key)


def _retired_changes(old: Space, new: Space) -> Iterator[Change]:
    new_retired = {r.code for r in new.retired}
    old_retired = {r.code for r in old.retired}
    active = {c.code for c in new.codes}
    known = {c.code for c in old.codes}
    for entry in old.retired:
        if entry.code not in new_retired and entry.code not in active:
            yield Change(
                new.name, entry.code, "unretired", True,
                f"retired code {entry.code} was dropped from the retired list; it could be handed "
                "out again with another meaning",
                entry.code, None,
            )  # fmt: skip
    for entry in new.retired:
        if entry.code not in old_retired and entry.code not in known:
            yield Change(
                new.name, entry.code, "code-retired", False,
                f"code {entry.code} was added to the retired list", None, entry.code,
            )  # fmt: skip


def _renamed_spaces(removed: list[Space], added: list[Space]) -> dict[str, str]:
    """Removed spaces whose codes reappear, number for number, in an added space."""
    found: dict[str, str] = {}
    for gone in removed:
        numbers = {c.code for c in gone.codes}
        for candidate in added:
            if (
                numbers
                and numbers == {c.code for c in candidate.codes}
                and candidate.name not in found.values()
            ):
                found[gone.name] = candidate.name
                break
    return found


# -- wording -----------------------------------------------------------------------------------


def _label(code: Code) -> str:
    return f"{code.code} ({code.name})" if code.name else str(code.code)


def _keys(keys: Iterable[str]) -> str:
    listed = list(keys)
    return ", ".join(listed) if listed else "no group"


def _value(value: Any) -> str:
    return "(unset)" if value is None else repr(value)


def _range(bounds: tuple[int, int] | None) -> str:
    return f"{bounds[0]}-{bounds[1]}" if bounds else "(any)"


def _numbers(codes: list[int] | list[int | str]) -> str:
    shown = ", ".join(map(str, codes[:10]))
    return shown + (f" and {len(codes) - 10} more" if len(codes) > 10 else "")


def _group_data(group: Group) -> dict[str, Any]:
    from ..canonical import group_to_data

    return group_to_data(group)
