"""The catalog model: Catalog → Space → Group and Code, immutable once loaded.

A :class:`Space` is a read-only mapping from code number to :class:`Code`, so ``space[404]`` costs
no more than a dict lookup. A code's groups are derived from the groups' patterns, ranges and
lists, never listed by hand; field values resolve from the code, then from the defaults of its
groups, the narrowest group first. A :class:`Status` is a code of a space as it travels
(``space.status(22, key="a")``); it is re-exported by ``statuskit.status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from . import names
from ._frozen import Frozen, Value
from .errors import Location, StatusError, TemplateError, UnknownCodeError, UnknownSpaceError, UsageError
from .fields import FieldSpec, with_outcome
from .kinds import INTEGER, CodeKind, CodeValue, code_order
from .operations import NO_ANSWERS, Answers, Operation
from .patterns import AnyPattern, Pattern
from .templates import Template

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, NoReturn, TypeAlias

EMPTY: Mapping[str, Any] = MappingProxyType({})
Transport: TypeAlias = 'Literal["line", "http", "json", "ws-close", "opcode"]'


class Translation(Value):
    """A code's title, description and message in one language."""

    __slots__ = ("title", "description", "message")
    title: str | None
    description: str | None
    message: str | None

    def __init__(
        self, title: str | None = None, description: str | None = None, message: str | None = None
    ) -> None:
        self._init(title=title, description=description, message=message)


class Group(Frozen):
    """A class of codes: a pattern, a range, an explicit list of codes, or a prefix of string codes."""

    __slots__ = (
        "pattern",
        "range",
        "name",
        "codes",
        "title",
        "description",
        "defaults",
        "location",
        "locations",
        "prefix",
        "code_kind",
        "_span",
    )
    _repr_skip = ("_span",)
    pattern: AnyPattern | None
    range: tuple[int, int] | None
    name: str | None
    codes: tuple[CodeValue, ...]
    title: str | None
    description: str | None
    defaults: Mapping[str, Any]
    location: Location | None
    locations: Mapping[str, Location]
    prefix: str | None
    code_kind: CodeKind
    _span: tuple[int, int] | None  # the numbers a range or a prefix digit pattern (41x) holds

    def __init__(
        self,
        pattern: AnyPattern | None = None,
        range: tuple[int, int] | None = None,
        name: str | None = None,
        codes: tuple[CodeValue, ...] = (),
        title: str | None = None,
        description: str | None = None,
        defaults: Mapping[str, Any] = EMPTY,
        location: Location | None = None,
        locations: Mapping[str, Location] = EMPTY,
        prefix: str | None = None,
        code_kind: CodeKind = INTEGER,
    ) -> None:
        self._init(
            pattern=pattern,
            range=range,
            name=name,
            codes=tuple(codes),
            title=title,
            description=description,
            defaults=defaults,
            location=location,
            locations=locations,
            prefix=prefix,
            code_kind=code_kind,
            _span=range if range is not None else _prefix_span(pattern),
        )

    @property
    def span(self) -> tuple[int, int] | None:
        """``(low, high)`` when the group holds exactly the integers from low to high (a range, or
        a digit pattern like ``41x``), else None: a test for many codes at once (bisect)."""
        return self._span

    @property
    def kind(self) -> Literal["pattern", "range", "list", "prefix"]:
        if self.pattern is not None:
            return "pattern"
        if self.range is not None:
            return "range"
        if self.prefix is not None:
            return "prefix"
        return "list"

    @property
    def key(self) -> str:
        """How the group is named: its pattern, ``low-high`` (``low..high`` with negatives),
        ``prefix*``, or its list name."""
        if self.pattern is not None:
            return self.pattern.text
        if self.range is not None:
            low, high = self.range
            dash = ".." if low < 0 or high < 0 else "-"
            return f"{self.code_kind.show(low)}{dash}{self.code_kind.show(high)}"
        if self.prefix is not None:
            return f"{self.prefix}*"
        return self.name or ""

    @property
    def label(self) -> str:
        """The key followed by the title, for people."""
        return f"{self.key} ({self.title})" if self.title else self.key

    @property
    def breadth(self) -> int:
        """How many codes the group can hold; narrower groups win when defaults conflict."""
        if self.pattern is not None:
            return self.pattern.breadth
        if self.range is not None:
            return self.range[1] - self.range[0] + 1
        if self.prefix is not None:
            return 10**9
        return len(self.codes)

    def contains(self, code: CodeValue) -> bool:
        span = self._span
        if span is not None:  # the common case, without a call per code
            return type(code) is int and span[0] <= code <= span[1]
        if self.pattern is not None:
            return self.pattern.matches(code)
        if self.range is not None:
            return isinstance(code, int) and self.range[0] <= code <= self.range[1]
        if self.prefix is not None:
            return isinstance(code, str) and code.startswith(self.prefix)
        return code in self.codes

    def reference(self) -> dict[str, Any]:
        """``{"pattern": ...}``, ``{"range": [...]}`` or ``{"name": ...}`` with the title."""
        ref: dict[str, Any]
        if self.pattern is not None:
            ref = {"pattern": self.pattern.text}
        elif self.range is not None:
            ref = {"range": [self.code_kind.to_data(bound) for bound in self.range]}
        elif self.prefix is not None:
            ref = {"prefix": self.prefix}
        else:
            ref = {"name": self.name}
        ref["title"] = self.title
        return ref


def _prefix_span(pattern: AnyPattern | None) -> tuple[int, int] | None:
    if isinstance(pattern, Pattern) and pattern.is_prefix:
        return pattern.bounds()
    return None


class _Outcome:
    """``outcome`` and ``ok`` read from ``field``: what a code and a status of it have alike."""

    __slots__ = ()

    if TYPE_CHECKING:  # each record that mixes this in defines field()

        def field(self, name: str, default: Any = None) -> Any: ...

    @property
    def outcome(self) -> str | None:
        """``success``, ``failure`` or ``info`` (from the ``outcome`` field), or None."""
        value = self.field("outcome")
        return value if isinstance(value, str) else None

    @property
    def ok(self) -> bool:
        """True when the outcome is success."""
        return self.outcome == "success"


def _group_default(groups: tuple[Group, ...], name: str, default: Any) -> Any:
    """The narrowest group's default for field ``name`` (groups broadest first), else ``default``."""
    for group in reversed(groups):
        if name in group.defaults:
            return group.defaults[name]
    return default


class Place:
    """Where a code stands in its file: given outright, or (a loaded file's :class:`Place`
    subclass) worked out only when asked, since most codes of a big catalog never are."""

    __slots__ = ("_location", "_locations")

    def __init__(self, location: Location | None = None, locations: Mapping[str, Location] = EMPTY) -> None:
        self._location = location
        self._locations = locations

    @property
    def location(self) -> Location | None:
        return self._location

    @property
    def locations(self) -> Mapping[str, Location]:
        return self._locations


NOWHERE = Place()
_set = object.__setattr__


class Code(Frozen, _Outcome):
    """One status code of a space, with its meaning, fields and lifecycle."""

    __slots__ = (
        "code",
        "name",
        "title",
        "description",
        "message",
        "fields",
        "deprecated",
        "since",
        "aliases",
        "i18n",
        "place",
        "space",
    )
    _repr_skip = ("space", "place")
    code: CodeValue
    name: str | None
    title: str | None
    description: str | None
    message: str | None
    fields: Mapping[str, Any]
    deprecated: bool | str
    since: str | None
    aliases: tuple[str, ...]
    i18n: Mapping[str, Translation]
    place: Place
    space: Space | None

    def __init__(
        self,
        code: CodeValue,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        message: str | None = None,
        fields: Mapping[str, Any] = EMPTY,
        deprecated: bool | str = False,
        since: str | None = None,
        aliases: tuple[str, ...] = (),
        i18n: Mapping[str, Translation] = EMPTY,
        location: Location | None = None,
        locations: Mapping[str, Location] = EMPTY,
        space: Space | None = None,
        place: Place | None = None,
    ) -> None:
        # One call per attribute rather than Frozen._init's keywords: a big catalog builds
        # 100,000 codes, and this was a quarter of the time to build them.
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "title", title)
        _set(self, "description", description)
        _set(self, "message", message)
        _set(self, "fields", fields)
        _set(self, "deprecated", deprecated)
        _set(self, "since", since)
        _set(self, "aliases", aliases if type(aliases) is tuple else tuple(aliases))
        _set(self, "i18n", i18n)
        if place is None:
            place = NOWHERE if location is None and not locations else Place(location, locations)
        _set(self, "place", place)
        _set(self, "space", space)

    @property
    def location(self) -> Location | None:
        """Where the code's entry starts in its file, when it was loaded from one."""
        return self.place.location

    @property
    def locations(self) -> Mapping[str, Location]:
        """Where each key of the code's entry stands in its file."""
        return self.place.locations

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, location={self.location!r})"

    @property
    def groups(self) -> tuple[Group, ...]:
        """The groups this code belongs to, broadest first (derived, never listed)."""
        return self.space.groups_of(self.code) if self.space is not None else ()

    def field(self, name: str, default: Any = None) -> Any:
        """The field's value: the code's own, else the narrowest group default, else ``default``."""
        if name in self.fields:
            return self.fields[name]
        return _group_default(self.groups, name, default)

    def resolved_fields(self) -> dict[str, Any]:
        """Every field with a value, group defaults applied."""
        return self.space.fields_of(self) if self.space is not None else dict(self.fields)

    @property
    def template(self) -> Template | None:
        """The parsed message template, or None when the code has no message."""
        return Template.parse(self.message) if self.message is not None else None

    @property
    def label(self) -> str:
        """``4008 ratelimited``: the code as written with the best short text there is."""
        text = self.title or self.name or self.description or ""
        return f"{self.shown} {text}".rstrip()

    @property
    def shown(self) -> str:
        """The code as its space writes it: ``404``, ``0x8007000E``, ``22P02``."""
        return self.space.kind.show(self.code) if self.space is not None else str(self.code)

    def translated(
        self, attribute: Literal["title", "description", "message"], lang: str | None
    ) -> str | None:
        """``attribute`` in ``lang``, falling back along the tag (``de-AT`` → ``de``) to the original."""
        if lang:
            tag = lang.strip().lower().replace("_", "-")
            by_lower = {key.lower(): value for key, value in self.i18n.items()}
            while tag:
                translation = by_lower.get(tag)
                if translation is not None:
                    value: str | None = getattr(translation, attribute)
                    if value is not None:
                        return value
                tag = tag.rpartition("-")[0]
        original: str | None = getattr(self, attribute)
        return original

    def text(self, lang: str | None = None) -> str:
        """The code's wire text without arguments: message, else title, else description."""
        for attribute in ("message", "title", "description"):
            value = self.translated(attribute, lang)
            if value:
                return value
        return ""


class RetiredCode(Value):
    """A code removed from use; kept so that it is never handed out again."""

    __slots__ = ("code", "name", "reason", "version", "location")
    code: CodeValue
    name: str | None
    reason: str | None
    version: str | None
    location: Location | None

    def __init__(
        self,
        code: CodeValue,
        name: str | None = None,
        reason: str | None = None,
        version: str | None = None,
        location: Location | None = None,
    ) -> None:
        self._init(code=code, name=name, reason=reason, version=version, location=location)


class Reserved(Value):
    """A range of numbers a space must never use, and why."""

    __slots__ = ("range", "reason", "location")
    range: tuple[int, int]
    reason: str | None
    location: Location | None

    def __init__(
        self, range: tuple[int, int], reason: str | None = None, location: Location | None = None
    ) -> None:
        self._init(range=range, reason=reason, location=location)

    def contains(self, code: CodeValue) -> bool:
        return isinstance(code, int) and self.range[0] <= code <= self.range[1]


def _close(word: str, candidates: list[str], n: int = 3) -> list[str]:
    import difflib  # only needed for error messages

    return difflib.get_close_matches(word, candidates, n=n)


def _frozen(*_: object, **__: object) -> NoReturn:
    raise TypeError("a Space is immutable once loaded")


class Space(dict[CodeValue, Code]):
    """One numbering of codes: a read-only mapping from code to :class:`Code`.

    Codes are ``int`` in integer and hex spaces and ``str`` in string spaces (``kind`` says).

    ``space[code]`` finds the space's own codes at dict speed and falls back to the builtin space
    it ``extends``; :meth:`by_name` finds a code by name or alias.
    """

    __slots__ = (
        "_by_identity",
        "_by_name",
        "_group_cache",
        "base",
        "catalog_id",
        "codes",
        "description",
        "digits",
        "extends",
        "fields",
        "groups",
        "kind",
        "location",
        "locations",
        "name",
        "range",
        "reserved",
        "retired",
        "title",
        "transport",
    )

    name: str
    title: str | None
    description: str | None
    transport: str | None
    digits: int | None
    range: tuple[int, int] | None
    fields: Mapping[str, FieldSpec]
    groups: tuple[Group, ...]
    kind: CodeKind
    codes: tuple[Code, ...]
    retired: tuple[RetiredCode, ...]
    reserved: tuple[Reserved, ...]
    extends: str | None
    base: Space | None
    catalog_id: str | None
    _by_name: dict[str, Code]
    _by_identity: dict[str, Code] | None
    _group_cache: dict[CodeValue, tuple[Group, ...]]
    location: Location | None
    locations: Mapping[str, Location]

    def __init__(
        self,
        *,
        name: str,
        title: str | None = None,
        description: str | None = None,
        transport: str | None = None,
        digits: int | None = None,
        range: tuple[int, int] | None = None,
        fields: Mapping[str, FieldSpec] = EMPTY,
        groups: Iterable[Group] = (),
        codes: Iterable[Code] = (),
        retired: Iterable[RetiredCode] = (),
        reserved: Iterable[Reserved] = (),
        extends: str | None = None,
        base: Space | None = None,
        location: Location | None = None,
        locations: Mapping[str, Location] = EMPTY,
        kind: CodeKind = INTEGER,
    ) -> None:
        dict.__init__(self)
        own_codes = tuple(codes)
        values: dict[str, Any] = {
            "name": name,
            "title": title,
            "description": description,
            "transport": transport,
            "digits": digits,
            "range": range,
            "fields": MappingProxyType(dict(fields)),
            "groups": tuple(groups),
            "kind": kind,
            "codes": own_codes,
            "retired": tuple(retired),
            "reserved": tuple(reserved),
            "extends": extends,
            "base": base,
            "catalog_id": None,
            "location": location,
            "locations": locations,
            "_group_cache": {},
        }
        by_name: dict[str, Code] = {}
        settle = object.__setattr__
        declared = dict.__contains__
        declare = dict.__setitem__
        for entry in own_codes:
            settle(entry, "space", self)
            code = entry.code
            if not declared(self, code):
                declare(self, code, entry)
            label = entry.name
            if label and label not in by_name:
                by_name[label] = entry
            for alias in entry.aliases:
                if alias:
                    by_name.setdefault(alias, entry)
            if type(code) is str:  # a string code serves as its own name too
                by_name.setdefault(code, entry)
        values["_by_name"] = by_name
        values["_by_identity"] = None  # built on the first lookup that needs it (see by_name)
        for key, value in values.items():
            object.__setattr__(self, key, value)

    # Immutability: a loaded space never changes under the code that reads it.
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _frozen

    def __setattr__(self, key: str, value: Any) -> NoReturn:
        _frozen()

    def __missing__(self, code: CodeValue) -> Code:
        if self.base is not None and isinstance(code, int | str) and code in self.base:
            return self.base[code]
        raise self._unknown(code)

    def __contains__(self, code: object) -> bool:
        if dict.__contains__(self, code):
            return True
        return self.base is not None and code in self.base

    def get(self, code: CodeValue, default: Any = None) -> Any:
        """The code's entry, or ``default`` when neither the space nor its base declares it."""
        entry = dict.get(self, code)
        if entry is None and self.base is not None:
            return self.base.get(code, default)
        return default if entry is None else entry

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def __repr__(self) -> str:
        return f"<Space {self.name!r}: {len(self.codes)} codes, {len(self.groups)} groups>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Space cannot be pickled; load the catalog again instead")

    # -- lookups -------------------------------------------------------------------------------

    def by_name(self, name: str) -> Code:
        """The code named ``name`` (or with that alias); ``KeySet``, ``key-set`` and ``KEY_SET`` all match."""
        entry: Code | None = self._by_name.get(name) or self._identities().get(names.snake(name))
        if entry is not None:
            return entry
        if self.base is not None:
            try:
                return self.base.by_name(name)
            except UnknownCodeError:
                pass
        known = [label for label in self._by_name if label]
        close = _close(name, known)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownCodeError(f"space {self.name!r} has no code named {name!r}{hint}")

    def _identities(self) -> dict[str, Code]:
        """Codes by the snake_case form of each name and alias, made on first use (most commands
        never look a code up by a differently written name)."""
        identities = self._by_identity
        if identities is None:
            identities = {}
            for entry in self.codes:
                for label in (entry.name, *entry.aliases):
                    if label:
                        identities.setdefault(names.snake(label), entry)
            object.__setattr__(self, "_by_identity", identities)
        return identities

    def lookup(self, key: CodeValue) -> Code:
        """A code as written in the space's kind (``404``, ``"0x80340000"``, ``"22P02"``) or by name."""
        if isinstance(key, int):
            return self[key]
        parsed = self.kind.parse(key)
        if parsed is not None:
            entry: Code | None = self.get(parsed)
            if entry is not None:
                return entry
            if self.kind.numeric:
                return self[parsed]  # unknown: the error names the nearest declared codes
        return self.by_name(key.strip())

    def _unknown(self, code: object) -> UnknownCodeError:
        kind = self.kind
        if not kind.accepts(code):
            what = "integers" if kind.numeric else "strings"
            extra = f" matching {kind.pattern!r}" if kind.pattern else ""
            return UnknownCodeError(f"space {self.name!r}: its codes are {what}{extra}, not {code!r}")
        assert isinstance(code, int | str)
        shown = kind.show(code)
        retired = next((r for r in self.retired if r.code == code), None)
        if retired is not None:
            why = f": {retired.reason}" if retired.reason else ""
            return UnknownCodeError(f"code {shown} of space {self.name!r} is retired{why}")
        declared = [c.code for c in self.all_codes()]
        nearest: tuple[CodeValue, ...]
        if isinstance(code, int):
            numbers = [c for c in declared if isinstance(c, int)]
            nearest = tuple(sorted(numbers, key=lambda c: (abs(c - code), c))[:3])
        else:
            nearest = tuple(_close(code, [c for c in declared if isinstance(c, str)]))
        listed = ", ".join(kind.show(c) for c in sorted(nearest, key=code_order))
        hint = f"; nearest declared: {listed}" if nearest else ""
        return UnknownCodeError(f"space {self.name!r} declares no code {shown}{hint}", nearest)

    # -- groups --------------------------------------------------------------------------------

    def all_groups(self) -> tuple[Group, ...]:
        """The space's own groups followed by those of the space it extends."""
        if self.base is None:
            return self.groups
        return self.groups + self.base.all_groups()

    def all_codes(self) -> tuple[Code, ...]:
        """Own codes and the codes of the extended space not redeclared here, by number."""
        if self.base is None:
            return tuple(sorted(self.values(), key=lambda c: code_order(c.code)))
        merged = {c.code: c for c in self.base.all_codes()}
        merged.update(dict(self))
        return tuple(merged[k] for k in sorted(merged, key=code_order))

    def groups_of(self, code: CodeValue) -> tuple[Group, ...]:
        """The groups containing ``code``, broadest first; derived from patterns, ranges and lists."""
        cache = self._group_cache
        cached: tuple[Group, ...] | None = cache.get(code)
        if cached is None:
            if not cache and len(self) >= _BULK_GROUPING:
                _group_all(self, cache)
                cached = cache.get(code)
                if cached is not None:
                    return cached
            found = [(g, i) for i, g in enumerate(self.all_groups()) if g.contains(code)]
            found.sort(key=lambda pair: (-pair[0].breadth, pair[1]))
            cached = tuple(g for g, _ in found)
            cache[code] = cached
        return cached

    def group(self, key: str) -> Group:
        """A group by pattern (any case), ``low-high`` range, list name, or title."""
        wanted = key.strip()
        for group in self.all_groups():
            if group.key.lower() == wanted.lower() or (group.name or "").lower() == wanted.lower():
                return group
        for group in self.all_groups():
            if group.title and group.title.lower() == wanted.lower():
                return group
        keys = [g.key for g in self.all_groups()]
        close = _close(wanted, keys)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownCodeError(f"space {self.name!r} has no group {key!r}{hint}")

    def select(self, *keys: str) -> tuple[Code, ...]:
        """The codes in every one of the named groups (``select("11x", "1x0")`` → 110)."""
        chosen = [self.group(k) for k in keys]
        return tuple(c for c in self.all_codes() if all(g.contains(c.code) for g in chosen))

    def fields_of(self, code: Code) -> dict[str, Any]:
        """``code``'s fields as seen from this space: group defaults (broadest first), then its own.

        For a code taken from an extended builtin, this space's groups count too.
        """
        resolved: dict[str, Any] = {}
        for group in self.groups_of(code.code):
            resolved.update(group.defaults)
        resolved.update(code.fields)
        return resolved

    def field_specs(self) -> dict[str, FieldSpec]:
        """The declared fields plus ``outcome``, including those of the extended space."""
        inherited = self.base.field_specs() if self.base is not None else {}
        inherited.update(with_outcome(self.fields))
        return inherited

    # -- runtime -------------------------------------------------------------------------------

    def status(self, code: CodeValue, /, detail: str | None = None, **arguments: Any) -> Status:
        """A :class:`Status` of this space (see there)."""
        return Status.of(self, code, detail=detail, arguments=arguments)

    def error(self, code: CodeValue, /, detail: str | None = None, **arguments: Any) -> StatusError:
        """An exception carrying ``self.status(...)``, ready to ``raise``."""
        return self.status(code, detail, **arguments).error()


_BULK_GROUPING = 256  # spaces with this many codes find the groups of all of them at once


def _group_all(space: Space, cache: dict[CodeValue, tuple[Group, ...]]) -> None:
    """Fill ``cache`` with the groups of every code the space declares, broadest group first.

    Asking each group about each code costs codes x groups calls; here a group holding a span of
    numbers (a range, ``41x``) takes its members from the sorted codes by bisection, so a big
    space costs about one step per membership. Equal tuples are shared: most codes have few.
    """
    from bisect import bisect_left, bisect_right

    ordered = sorted(enumerate(space.all_groups()), key=lambda pair: (-pair[1].breadth, pair[0]))
    declared = list(dict.keys(space))
    numbers = sorted(code for code in declared if isinstance(code, int))
    members: dict[CodeValue, list[Group]] = {}
    for _, group in ordered:
        span = group.span
        inside: Sequence[CodeValue]
        if span is not None:
            inside = numbers[bisect_left(numbers, span[0]) : bisect_right(numbers, span[1])]
        else:
            inside = [code for code in declared if group.contains(code)]
        for code in inside:
            found = members.get(code)
            if found is None:
                members[code] = [group]
            else:
                found.append(group)
    shared: dict[tuple[Group, ...], tuple[Group, ...]] = {(): ()}
    for code in declared:
        groups = tuple(members.get(code, ()))
        cache[code] = shared.setdefault(groups, groups)


class Catalog(Frozen):
    """One system's status codes: its spaces and what identifies the catalog."""

    __slots__ = (
        "id",
        "spaces",
        "title",
        "version",
        "description",
        "source",
        "location",
        "locations",
        "operations",
        "always",
    )
    _repr_skip = ("locations",)
    id: str
    spaces: tuple[Space, ...]
    title: str | None
    version: str | None
    description: str | None
    source: str | None
    location: Location | None
    locations: Mapping[str, Location]
    operations: tuple[Operation, ...]
    always: Answers

    def __init__(
        self,
        id: str,
        spaces: tuple[Space, ...],
        title: str | None = None,
        version: str | None = None,
        description: str | None = None,
        source: str | None = None,
        location: Location | None = None,
        locations: Mapping[str, Location] = EMPTY,
        operations: tuple[Operation, ...] = (),
        always: Answers = NO_ANSWERS,
    ) -> None:
        for space in spaces:
            object.__setattr__(space, "catalog_id", id)  # the space's back-reference, set once
        self._init(
            id=id,
            spaces=tuple(spaces),
            title=title,
            version=version,
            description=description,
            source=source,
            location=location,
            locations=locations,
            operations=tuple(operations),
            always=always,
        )

    def space(self, name: str | None = None) -> Space:
        """The space called ``name``; with no name, the catalog's only space."""
        if name is None:
            if len(self.spaces) == 1:
                return self.spaces[0]
            raise UsageError(
                f"catalog {self.id!r} has {len(self.spaces)} spaces; name one of: "
                + ", ".join(s.name for s in self.spaces)
            )
        for space in self.spaces:
            if space.name == name:
                return space
        close = _close(name, [s.name for s in self.spaces])
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        known = ", ".join(s.name for s in self.spaces) or "none"
        raise UnknownSpaceError(f"catalog {self.id!r} has no space {name!r}{hint} (spaces: {known})")

    def __iter__(self) -> Iterator[Space]:
        return iter(self.spaces)

    def __len__(self) -> int:
        return len(self.spaces)

    def find(self, key: CodeValue, space: str | None = None) -> list[Code]:
        """Every code matching ``key`` (number or name), in one space or across all of them."""
        spaces = [self.space(space)] if space is not None else list(self.spaces)
        found: list[Code] = []
        for candidate in spaces:
            try:
                found.append(candidate.lookup(key))
            except UnknownCodeError:
                continue
        return found


# -- a code as it travels --------------------------------------------------------------------------
# Status lives with the model because each refers to the other: a Space makes statuses, and a
# status carries its space and code entry.

_TEMPLATES: dict[str, Template] = {}


def _template(text: str) -> Template:
    """A parsed template, parsed once per distinct text (wire paths fill the same few often)."""
    template = _TEMPLATES.get(text)
    if template is None:
        template = Template.parse(text)
        if len(_TEMPLATES) < 4096:
            _TEMPLATES[text] = template
    return template


class Status(tuple["Any", ...], _Outcome):
    """One status: ``code`` in ``space``, the catalog ``entry`` (None when undeclared) and wire data.

    ``arguments`` are the values the message template was filled with, ``detail`` an extra
    free-form text for people, ``data`` any extra members the wire message carries.
    ``wire_text`` is the text as it was received (None for statuses made here).
    Immutable; a tuple underneath, because codecs make one per message and that must be cheap.
    """

    __slots__ = ()

    def __new__(
        cls,
        space: Space,
        code: CodeValue,
        entry: Code | None,
        detail: str | None = None,
        arguments: Mapping[str, Any] = EMPTY,
        data: Mapping[str, Any] = EMPTY,
        wire_text: str | None = None,
        filled: str | None = None,
    ) -> Status:
        return tuple.__new__(cls, (space, code, entry, detail, arguments, data, wire_text, filled))

    @property
    def space(self) -> Space:
        return self[0]  # type: ignore[no-any-return]

    @property
    def code(self) -> CodeValue:
        """The code: ``int`` in integer and hex spaces, ``str`` in string spaces."""
        return self[1]  # type: ignore[no-any-return]

    @property
    def shown(self) -> str:
        """The code as its space writes it (``404``, ``0x80340000``, ``22P02``)."""
        return self.space.kind.show(self.code)

    @property
    def entry(self) -> Code | None:
        return self[2]  # type: ignore[no-any-return]

    @property
    def detail(self) -> str | None:
        return self[3]  # type: ignore[no-any-return]

    @property
    def arguments(self) -> Mapping[str, Any]:
        return self[4]  # type: ignore[no-any-return]

    @property
    def data(self) -> Mapping[str, Any]:
        return self[5]  # type: ignore[no-any-return]

    @property
    def wire_text(self) -> str | None:
        return self[6]  # type: ignore[no-any-return]

    @property
    def filled(self) -> str | None:
        """The message template filled with the arguments, when the status was made here."""
        return self[7]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return (
            f"Status(space={self.space.name!r}, code={self.code}, declared={self.entry is not None}, "
            f"detail={self.detail!r}, arguments={dict(self.arguments)!r}, data={dict(self.data)!r}, "
            f"wire_text={self.wire_text!r})"
        )

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((id(self.space), self.code, self.detail, self.wire_text))

    @classmethod
    def of(
        cls,
        space: Space,
        code: CodeValue,
        *,
        detail: str | None = None,
        arguments: Mapping[str, Any] = EMPTY,
        data: Mapping[str, Any] = EMPTY,
    ) -> Status:
        """A status of a declared code; unknown codes and bad template arguments raise here."""
        entry = dict.get(space, code) if type(code) is int or type(code) is str else None
        if entry is None:
            entry = space.lookup(code)
        filled: str | None = None
        if entry.message is not None:
            filled = _template(entry.message).fill(arguments)
        elif arguments:
            raise TemplateError(
                f"code {entry.shown} of space {space.name!r} has no message template; "
                f"unexpected arguments: {', '.join(sorted(arguments))}"
            )
        if detail is not None and not isinstance(detail, str):
            raise TemplateError(f"detail must be a string, not {type(detail).__name__}")
        return tuple.__new__(
            cls,
            (
                space,
                entry.code,
                entry,
                detail,
                dict(arguments) if arguments else EMPTY,
                dict(data) if data else EMPTY,
                None,
                filled,
            ),
        )

    @classmethod
    def received(
        cls,
        space: Space,
        code: CodeValue,
        *,
        text: str | None = None,
        detail: str | None = None,
        data: Mapping[str, Any] = EMPTY,
    ) -> Status:
        """A status decoded from the wire; an undeclared code gives ``entry`` None."""
        entry = dict.get(space, code)
        if entry is None and space.base is not None:
            entry = space.get(code)
        return tuple.__new__(cls, (space, code, entry, detail, EMPTY, data if data else EMPTY, text, None))

    @property
    def declared(self) -> bool:
        return self.entry is not None

    @property
    def name(self) -> str | None:
        return self.entry.name if self.entry is not None else None

    @property
    def groups(self) -> tuple[Group, ...]:
        """The code's groups, derived from the space (also for undeclared codes)."""
        return self.space.groups_of(self.code)

    def field(self, name: str, default: Any = None) -> Any:
        """A field of the code, group defaults applied (also for undeclared codes)."""
        if self.entry is not None:
            return self.entry.field(name, default)
        return _group_default(self.groups, name, default)

    def text(self, lang: str | None = None) -> str:
        """The wire text: the message filled with the arguments, in ``lang`` when translated.

        A received status keeps the text it arrived with; asked for a language, it gives the
        catalog's translation when that needs no arguments, else the received text.
        """
        entry = self.entry
        if entry is None:
            return self.wire_text or ""
        if lang is None:
            if self.wire_text is not None:
                return self.wire_text
            if self.filled is not None:
                return self.filled
        message = entry.translated("message", lang)
        if message is not None:
            template = _template(message)
            if template.placeholders <= self.arguments.keys():
                return template.fill({k: self.arguments[k] for k in template.placeholders})
            if self.wire_text is not None:
                return self.wire_text
        for attribute in ("title", "description"):
            value = entry.translated(attribute, lang)
            if value:
                return value
        return self.wire_text or ""

    def title(self, lang: str | None = None) -> str:
        """A short phrase for the code, the same on every occurrence: title, description or name."""
        entry = self.entry
        if entry is None:
            return self.wire_text or ""
        for attribute in ("title", "description"):
            value = entry.translated(attribute, lang)
            if value:
                return value
        return entry.name or self.text(lang)

    def message(self, lang: str | None = None) -> str:
        """The text with ``detail`` appended: what goes on a wire that has one text slot."""
        text = self.text(lang)
        if self.detail:
            # "Command error." + "no such track" reads "Command error: no such track".
            return f"{text.removesuffix('.')}: {self.detail}" if text else self.detail
        return text

    def error(self) -> StatusError:
        """An exception carrying this status."""
        return StatusError(self)

    def __str__(self) -> str:
        return f"{self.code} {self.message()}".rstrip()
