"""Two versions of a catalog → classified changes: what breaks clients and what does not.

Spaces are matched by name and codes by number. A code's effective values are compared (group
defaults applied, codes a space takes from the builtin it ``extends`` included), so moving a code
between groups or changing a group's defaults shows up on every code it affects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import names
from ..canonical import code_to_data
from ..errors import TemplateError
from ..kinds import code_order
from ..model import Catalog, Code, Group, Space
from .changekinds import (
    ALIAS_ADDED,
    ALIAS_REMOVED,
    ANSWER_ADDED,
    ANSWER_REMOVED,
    CATALOG_RENAMED,
    CODE_ADDED,
    CODE_REMOVED,
    CODE_RETIRED,
    DEPRECATED,
    DIGITS_CHANGED,
    EXTENDS_ADDED,
    EXTENDS_CHANGED,
    FIELD_CHANGED,
    FIELD_DECLARED,
    FIELD_REDECLARED,
    FIELD_UNDECLARED,
    GROUP_ADDED,
    GROUP_CHANGED,
    GROUP_REMOVED,
    GROUP_RESIZED,
    MESSAGE_ARGUMENTS_CHANGED,
    NAME_ADDED,
    NAME_REMOVED,
    NAME_RESPELLED,
    OPERATION_ADDED,
    OPERATION_REMOVED,
    OUTCOME_CHANGED,
    RANGE_CHANGED,
    REGROUPED,
    RENAMED,
    RESERVED_ADDED,
    RESERVED_REMOVED,
    RETIRED_REUSED,
    REWORDED,
    SINCE_CHANGED,
    SPACE_ADDED,
    SPACE_REMOVED,
    SPACE_RENAMED,
    TRANSLATION_ADDED,
    TRANSLATION_REMOVED,
    TRANSPORT_CHANGED,
    UNDEPRECATED,
    UNRETIRED,
    VERSION_CHANGED,
)
from .changes import Change

CLIENT_FIELDS = ("action", "retryable", "http")
"""Fields clients act on: a change in their value breaks clients."""


def diff_catalogs(
    old: Catalog, new: Catalog, *, client_fields: Iterable[str] = CLIENT_FIELDS
) -> list[Change]:
    """Every change from ``old`` to ``new``, catalog changes first, then space by space."""
    collecting = gc.isenabled()
    gc.disable()  # two big catalogs are millions of objects the collector would walk, none garbage
    try:
        return list(_Differ(frozenset(client_fields)).catalogs(old, new))
    finally:
        if collecting:
            gc.enable()


class _Differ:
    def __init__(self, client_fields: frozenset[str]) -> None:
        self.client_fields = client_fields

    # -- catalog and spaces --------------------------------------------------------------------

    def catalogs(self, old: Catalog, new: Catalog) -> Iterator[Change]:
        if old.id != new.id:
            yield CATALOG_RENAMED.change(
                space=None,
                message=f"catalog id changed from {old.id!r} to {new.id!r}",
                old=old.id,
                new=new.id,
            )
        if old.version != new.version:
            yield VERSION_CHANGED.change(
                space=None,
                message=f"catalog version {old.version or '(none)'} → {new.version or '(none)'}",
                old=old.version,
                new=new.version,
            )
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
                yield SPACE_RENAMED.change(
                    space=space.name,
                    message=(
                        f"space {space.name!r} was renamed to {target!r}; generated code and clients "
                        f"that name the space break"
                    ),
                    old=space.name,
                    new=target,
                )
            else:
                yield SPACE_REMOVED.change(
                    space=space.name,
                    message=(
                        f"space {space.name!r} was removed with its {len(space.codes)} codes; "
                        "clients that receive them break"
                    ),
                    old=space.name,
                )
        for space in new.spaces:
            if space.name not in old_spaces and space.name not in renamed.values():
                yield SPACE_ADDED.change(
                    space=space.name,
                    message=f"space {space.name!r} was added with {len(space.codes)} codes",
                    new=space.name,
                )
        yield from _operation_changes(old, new)

    def spaces(self, old: Space, new: Space) -> Iterator[Change]:
        name = new.name
        yield from _reworded(name, None, f"space {name!r}", "title", old.title, new.title)
        yield from _reworded(name, None, f"space {name!r}", "description", old.description, new.description)
        if old.transport != new.transport:
            yield TRANSPORT_CHANGED.change(
                space=name,
                message=(
                    f"space {name!r} now travels as {new.transport or '(unset)'} instead of "
                    f"{old.transport or '(unset)'}; clients read it from another place"
                ),
                old=old.transport,
                new=new.transport,
            )
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
        grouped_alike = _grouped_alike(old, new)
        for number in numbers:
            before: Code | None = old.get(number)
            after: Code | None = new.get(number)
            if before is not None and after is not None:
                if grouped_alike and _alike(before, after):
                    continue  # the same entry in the same groups: nothing of it can have changed
                yield from self.code(old, new, before, after)
            elif before is not None:
                retired = new_retired.get(number)
                if retired is not None:
                    why = f": {retired.reason}" if retired.reason else ""
                    yield CODE_RETIRED.change(
                        space=new.name,
                        code=number,
                        message=f"code {_label(before)} was retired{why}",
                        old=code_to_data(before),
                    )
                else:
                    yield CODE_REMOVED.change(
                        space=new.name,
                        code=number,
                        message=(
                            f"code {_label(before)} was removed without being retired; clients that "
                            f"match on {before.shown} break "
                            f"(retire it: statuskit retire --code {before.shown})"
                        ),
                        old=code_to_data(before),
                    )
            elif after is not None:
                retired = old_retired.get(number)
                if retired is not None:
                    why = f" ({retired.reason})" if retired.reason else ""
                    yield RETIRED_REUSED.change(
                        space=new.name,
                        code=number,
                        message=(
                            f"code {after.shown} was retired{why} and is used again as {_label(after)}; "
                            "old clients still read its old meaning"
                        ),
                        new=code_to_data(after),
                    )
                else:
                    yield CODE_ADDED.change(
                        space=new.name,
                        code=number,
                        message=f"code {_label(after)} was added",
                        new=code_to_data(after),
                    )

    def code(self, old: Space, new: Space, before: Code, after: Code) -> Iterator[Change]:
        space, number = new.name, after.code
        yield from _name_changes(space, before, after)
        # Both checks read the resolved fields: resolve each side once.
        old_fields, new_fields = old.fields_of(before), new.fields_of(after)
        yield from _outcome_change(old, new, before, after, old_fields, new_fields)
        yield from self.field_changes(old, new, before, after, old_fields, new_fields)
        yield from _message_change(space, before, after)
        yield from _reworded(space, number, f"code {after.shown}", "title", before.title, after.title)
        yield from _reworded(
            space, number, f"code {after.shown}", "description", before.description, after.description
        )
        yield from _lifecycle_changes(space, before, after)
        yield from _translation_changes(space, before, after)
        old_groups = [g.key for g in old.groups_of(number)]
        new_groups = [g.key for g in new.groups_of(number)]
        if old_groups != new_groups:
            yield REGROUPED.change(
                space=space,
                code=number,
                message=f"code {after.shown} is now in {_keys(new_groups)} (was {_keys(old_groups)})",
                old=old_groups,
                new=new_groups,
            )

    def field_changes(
        self,
        old: Space,
        new: Space,
        before: Code,
        after: Code,
        old_fields: dict[str, Any] | None = None,
        new_fields: dict[str, Any] | None = None,
    ) -> Iterator[Change]:
        """Changed fields of a code, from its resolved fields on each side (resolved here if not given)."""
        old_fields = old.fields_of(before) if old_fields is None else old_fields
        new_fields = new.fields_of(after) if new_fields is None else new_fields
        for name in sorted((set(old_fields) | set(new_fields)) - {"outcome"}):
            was, now = old_fields.get(name), new_fields.get(name)
            if was == now:
                continue
            breaking = name in self.client_fields
            why = "; clients act on it" if breaking else ""
            yield FIELD_CHANGED.change(
                space=new.name,
                code=after.code,
                message=f"code {after.shown} field {name!r}: {_value(was)} → {_value(now)}{why}",
                old=was,
                new=now,
                breaking=breaking,
            )


# -- code attributes -------------------------------------------------------------------------


def _alike(before: Code, after: Code) -> bool:
    """Whether two entries of a code say the same: every attribute a code change is found in."""
    return (
        before.name == after.name
        and before.title == after.title
        and before.description == after.description
        and before.message == after.message
        and before.fields == after.fields
        and before.deprecated == after.deprecated
        and before.since == after.since
        and before.aliases == after.aliases
        and before.i18n == after.i18n
    )


def _grouped_alike(old: Space, new: Space) -> bool:
    """Whether both spaces have the same groups, so a code is in the same groups with the same
    defaults on both sides (then :func:`_alike` entries have the same resolved fields too)."""
    if old.base is not None or new.base is not None or len(old.groups) != len(new.groups):
        return False
    return all(
        (a.key, a.kind, a.range, a.codes, a.prefix, a.code_kind, a.breadth)
        == (b.key, b.kind, b.range, b.codes, b.prefix, b.code_kind, b.breadth)
        and dict(a.defaults) == dict(b.defaults)
        for a, b in zip(old.groups, new.groups, strict=True)
    )


def _name_changes(space: str, before: Code, after: Code) -> Iterator[Change]:
    number = after.code
    kept = {names.snake(a) for a in after.aliases}
    if before.name and before.name != after.name:
        if after.name is None:
            yield NAME_REMOVED.change(
                space=space,
                code=number,
                message=(
                    f"code {after.shown} lost its name {before.name!r}; generated code that uses it breaks"
                ),
                old=before.name,
            )
        elif names.snake(before.name) == names.snake(after.name):
            yield NAME_RESPELLED.change(
                space=space,
                code=number,
                message=f"code {after.shown} name {before.name!r} → {after.name!r} (the same identifier)",
                old=before.name,
                new=after.name,
            )
        elif names.snake(before.name) in kept:
            yield RENAMED.change(
                space=space,
                code=number,
                message=(
                    f"code {after.shown} renamed {before.name!r} → {after.name!r}, old name kept as an alias"
                ),
                old=before.name,
                new=after.name,
                breaking=False,
            )
        else:
            yield RENAMED.change(
                space=space,
                code=number,
                message=(
                    f"code {after.shown} renamed {before.name!r} → {after.name!r} without keeping "
                    f"{before.name!r} as an alias; generated code that uses the old name breaks"
                ),
                old=before.name,
                new=after.name,
                breaking=True,
            )
    elif before.name is None and after.name:
        yield NAME_ADDED.change(
            space=space,
            code=number,
            message=f"code {after.shown} is now named {after.name!r}",
            new=after.name,
        )
    new_labels = {names.snake(label) for label in (after.name, *after.aliases) if label}
    old_aliases = {names.snake(a): a for a in before.aliases}
    for key, alias in old_aliases.items():
        if key not in new_labels:
            yield ALIAS_REMOVED.change(
                space=space,
                code=number,
                message=(
                    f"code {after.shown} no longer accepts the old name {alias!r}; code that uses it breaks"
                ),
                old=alias,
            )
    for alias in after.aliases:
        if names.snake(alias) not in old_aliases:
            yield ALIAS_ADDED.change(
                space=space,
                code=number,
                message=f"code {after.shown} accepts the alias {alias!r}",
                new=alias,
            )


def _outcome_change(
    old: Space,
    new: Space,
    before: Code,
    after: Code,
    old_fields: dict[str, Any],
    new_fields: dict[str, Any],
) -> Iterator[Change]:
    was = old_fields.get("outcome")
    now = new_fields.get("outcome")
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
    yield OUTCOME_CHANGED.change(
        space=new.name,
        code=number,
        message=(
            f"code {_label(after)} outcome {was or '(unset)'} → {now or '(unset)'} ({why}); "
            "clients that test for success break"
        ),
        old=was,
        new=now,
    )


def _message_change(space: str, before: Code, after: Code) -> Iterator[Change]:
    if before.message == after.message:
        return
    was, now = _placeholders(before.message), _placeholders(after.message)
    if was is not None and now is not None and was != now and before.message and after.message:
        yield MESSAGE_ARGUMENTS_CHANGED.change(
            space=space,
            code=after.code,
            message=(
                f"code {after.shown} message placeholders {_keys(sorted(was))} → {_keys(sorted(now))}; "
                "callers that fill the message with the old arguments fail"
            ),
            old=before.message,
            new=after.message,
        )
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
            kind, message = DEPRECATED, f"code {_label(after)} was deprecated{instead}"
        elif not after.deprecated:
            kind, message = UNDEPRECATED, f"code {_label(after)} is no longer deprecated"
        else:
            was, now = _value(before.deprecated), _value(after.deprecated)
            kind, message = DEPRECATED, f"code {after.shown} deprecation note: {was} → {now}"
        yield kind.change(
            space=space, code=number, message=message, old=before.deprecated, new=after.deprecated
        )
    if before.since != after.since:
        yield SINCE_CHANGED.change(
            space=space,
            code=number,
            message=f"code {after.shown} since {before.since or '(unset)'} → {after.since or '(unset)'}",
            old=before.since,
            new=after.since,
        )


def _translation_changes(space: str, before: Code, after: Code) -> Iterator[Change]:
    for lang in sorted(set(before.i18n) | set(after.i18n)):
        was, now = before.i18n.get(lang), after.i18n.get(lang)
        if was is None:
            yield TRANSLATION_ADDED.change(
                space=space,
                code=after.code,
                message=f"code {after.shown} has a {lang!r} translation",
                new=lang,
            )
        elif now is None:
            yield TRANSLATION_REMOVED.change(
                space=space,
                code=after.code,
                message=f"code {after.shown} lost its {lang!r} translation",
                old=lang,
            )
        else:
            for attribute in ("title", "description", "message"):
                yield from _reworded(
                    space,
                    after.code,
                    f"code {after.shown} [{lang}]",
                    attribute,
                    getattr(was, attribute),
                    getattr(now, attribute),
                )


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
    yield REWORDED.change(
        space=space,
        code=code,
        message=f"{what} {attribute} {verb}",
        old=old,
        new=new,
    )


# -- space structure -------------------------------------------------------------------------


def _operation_changes(old: Catalog, new: Catalog) -> Iterator[Change]:
    """Operations removed and added, and the codes and groups each one (and ``always``) answers."""
    before = {op.name: op for op in old.operations}
    after = {op.name: op for op in new.operations}
    for name, operation in before.items():
        if name not in after:
            yield OPERATION_REMOVED.change(
                space=None,
                message=f"operation {name!r} ({operation.wire}) was removed; clients that call it break",
                old=name,
            )
    for name, operation in after.items():
        if name not in before:
            yield OPERATION_ADDED.change(
                space=None, message=f"operation {name!r} ({operation.wire}) was added", new=name
            )
        else:
            yield from _answer_changes(f"operation {name!r}", before[name].answers, operation.answers)
    yield from _answer_changes("always", old.always, new.always)


def _answer_changes(owner: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for space in sorted(set(old) | set(new)):
        was, now = tuple(old.get(space, ())), tuple(new.get(space, ()))
        for item in now:
            if item not in was:
                yield ANSWER_ADDED.change(
                    space=space,
                    code=item,
                    message=(
                        f"{owner} may now answer {item} in space {space!r}; clients that switch on its "
                        "answers exhaustively break"
                    ),
                    new=item,
                )
        for item in was:
            if item not in now:
                yield ANSWER_REMOVED.change(
                    space=space,
                    code=item,
                    message=f"{owner} no longer answers {item} in space {space!r}",
                    old=item,
                )


def _extends_change(old: Space, new: Space) -> Change:
    if old.extends is None:
        return EXTENDS_ADDED.change(
            space=new.name,
            message=f"space {new.name!r} now extends {new.extends!r} and takes its codes",
            new=new.extends,
        )
    lost = [c.code for c in old.all_codes() if c.code not in new]
    what = f"; {len(lost)} codes it took from there are gone" if lost else ""
    return EXTENDS_CHANGED.change(
        space=new.name,
        message=f"space {new.name!r} extends {new.extends or 'nothing'} instead of {old.extends!r}{what}",
        old=old.extends,
        new=new.extends,
        breaking=bool(lost),
    )


def _bounds_changes(old: Space, new: Space) -> Iterator[Change]:
    name = new.name
    existing = [c.code for c in old.codes if isinstance(c.code, int)]
    if old.digits != new.digits:
        out = [c for c in existing if new.digits is not None and len(str(c)) != new.digits]
        yield DIGITS_CHANGED.change(
            space=name,
            message=(
                f"space {name!r} digits {old.digits or '(any)'} → {new.digits or '(any)'}"
                + (f"; existing codes fall out: {_numbers(out)}" if out else "")
            ),
            old=old.digits,
            new=new.digits,
            breaking=bool(out),
        )
    if old.range != new.range:
        low, high = new.range or (None, None)
        out = [c for c in existing if low is not None and high is not None and not low <= c <= high]
        yield RANGE_CHANGED.change(
            space=name,
            message=(
                f"space {name!r} range {_range(old.range)} → {_range(new.range)}"
                + (f"; existing codes fall out: {_numbers(out)}" if out else "")
            ),
            old=list(old.range) if old.range else None,
            new=list(new.range) if new.range else None,
            breaking=bool(out),
        )
    old_reserved = {r.range for r in old.reserved}
    for entry in new.reserved:
        if entry.range in old_reserved:
            continue
        out = [c for c in existing if entry.contains(c)]
        yield RESERVED_ADDED.change(
            space=name,
            message=(
                f"space {name!r} reserves {_range(entry.range)}"
                + (f"; existing codes fall inside: {_numbers(out)}" if out else "")
            ),
            new=list(entry.range),
            breaking=bool(out),
        )
    new_reserved = {r.range for r in new.reserved}
    for entry in old.reserved:
        if entry.range not in new_reserved:
            yield RESERVED_REMOVED.change(
                space=name,
                message=f"space {name!r} no longer reserves {_range(entry.range)}",
                old=list(entry.range),
            )
    for field in sorted(set(old.fields) | set(new.fields)):
        was, now = old.fields.get(field), new.fields.get(field)
        if was == now:
            continue
        kind = FIELD_DECLARED if was is None else FIELD_UNDECLARED if now is None else FIELD_REDECLARED
        yield kind.change(
            space=name,
            message=f"space {name!r} field {field!r}: declaration {kind.id.split('-')[1]}",
            old=was.to_schema() if was else None,
            new=now.to_schema() if now else None,
        )


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
            yield GROUP_ADDED.change(
                space=name,
                message=f"group {group.label} was added",
                new=key,
            )
            continue
        before = old_groups[key]
        if dict(before.defaults) != dict(group.defaults) or before.codes != group.codes:
            yield GROUP_CHANGED.change(
                space=name,
                message=f"group {key} changed its {'defaults' if before.codes == group.codes else 'codes'}",
                old=_group_data(before),
                new=_group_data(group),
            )
        yield from _reworded(name, None, f"group {key}", "title", before.title, group.title)
        yield from _reworded(name, None, f"group {key}", "description", before.description, group.description)
    for key, group in old_groups.items():
        if key not in new_groups and id(group) not in matched:
            yield GROUP_REMOVED.change(
                space=name,
                message=f"group {group.label} was removed",
                old=key,
            )


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
    return GROUP_RESIZED.change(
        space=new.name,
        message=message,
        old=before.key,
        new=after.key,
        breaking=bool(out),
    )


def _retired_changes(old: Space, new: Space) -> Iterator[Change]:
    new_retired = {r.code for r in new.retired}
    old_retired = {r.code for r in old.retired}
    active = {c.code for c in new.codes}
    known = {c.code for c in old.codes}
    for entry in old.retired:
        if entry.code not in new_retired and entry.code not in active:
            yield UNRETIRED.change(
                space=new.name,
                code=entry.code,
                message=(
                    f"retired code {new.kind.show(entry.code)} was dropped from the retired list; "
                    "it could be handed out again with another meaning"
                ),
                old=entry.code,
            )
    for entry in new.retired:
        if entry.code not in old_retired and entry.code not in known:
            yield CODE_RETIRED.change(
                space=new.name,
                code=entry.code,
                message=f"code {new.kind.show(entry.code)} was added to the retired list",
                new=entry.code,
            )


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
    return f"{code.shown} ({code.name})" if code.name else code.shown


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
