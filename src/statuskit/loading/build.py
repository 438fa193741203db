"""A parsed :class:`Document` → the immutable model, checking the file's structure on the way.

Structure (keys, types, required members) is checked here and reported as a LoadError naming
file, line and column, with "did you mean" for misspelt keys. Whether the content makes sense
(duplicates, widths, enums...) is the job of ``statuskit.check``, which works on the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..catalog_format import (
    CATALOG,
    CODE_ENTRY,
    CODE_KIND_ENTRY,
    CODE_KINDS,
    FIELD,
    FIELD_TYPES,
    GROUP,
    MAX_CODE,
    RESERVED,
    RETIRED,
    SPACE,
    TRANSLATION,
    TRANSPORTS,
    ObjectFormat,
)
from ..errors import LoadError, Location, PatternError
from ..fields import FieldSpec, describe
from ..kinds import INTEGER, CodeKind, CodeValue
from ..model import Catalog, Code, Group, Reserved, RetiredCode, Space, Translation
from ..patterns import AnyPattern, HexPattern, Pattern, TextPattern
from .document import Document, DocumentPlace, Locations, Path
from .operations import read_answers, read_operations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, NoReturn

BaseResolver = Callable[[str], Space]


def build_catalog(document: Document, resolve_base: BaseResolver | None = None) -> Catalog:
    """Build the model; raise LoadError at the first structural problem."""
    return _Reader(document, resolve_base).catalog()


class _Reader:
    def __init__(self, document: Document, resolve_base: BaseResolver | None) -> None:
        self.doc = document
        self.resolve_base = resolve_base
        self.kind: CodeKind = INTEGER  # the code kind of the space being read

    # -- reporting -----------------------------------------------------------------------------

    def where(self, path: Path, *, key: bool = False) -> Location:
        return self.doc.location(path, key=key)

    def fail(self, path: Path, message: str, *, key: bool = False) -> NoReturn:
        raise LoadError(message, self.where(path, key=key))

    def locations(self, path: Path, value: Mapping[str, Any]) -> Mapping[str, Location]:
        if not self.doc.has_positions:
            return {}
        return Locations(self.doc, path, tuple(value))

    # -- generic shapes ------------------------------------------------------------------------

    def mapping(self, path: Path, value: Any, declared: ObjectFormat, what: str = "") -> dict[str, Any]:
        """``value`` checked against ``declared``: a mapping of known keys with the required ones."""
        what = what or declared.what
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping, not {describe(value)}")
        allowed = declared.names
        for key in value:
            if key not in allowed:
                close = _close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.fail(
                    (*path, key),
                    f"unknown key {key!r} in {what}; {hint}expected one of: {', '.join(allowed)}",
                    key=True,
                )
        if declared.variants:
            shapes = [k for k in declared.discriminators if value.get(k) is not None]
            if len(shapes) != 1:
                found = ", ".join(shapes) if shapes else "none of them"
                *others, last = [repr(k) for k in declared.discriminators]
                choices = f"{', '.join(others)} or {last}"
                self.fail(path, f"{what} needs exactly one of {choices}; found {found}")
        for key in declared.required:
            self.require(path, value, key, what)
        return value

    def require(self, path: Path, value: Mapping[str, Any], key: str, what: str) -> Any:
        if key not in value or value[key] is None:
            self.fail(path, f"{what} has no {key!r}; it is required")
        return value[key]

    def text(self, path: Path, value: Any, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(path, f"{_name(path)} must be text, not {describe(value)}")
        if not isinstance(value, str):
            return str(value)
        return value

    def strict_text(self, path: Path, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{_name(path)} must be a non-empty string, not {describe(value)}")
        return value

    def integer(self, path: Path, value: Any, *, low: int = 0, high: int = MAX_CODE) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.fail(path, f"{_name(path)} must be an integer, not {describe(value)}")
        number: int = value
        if not low <= number <= high:
            self.fail(path, f"{_name(path)} is {number}; expected an integer from {low} to {high}")
        return number

    def number_range(self, path: Path, value: Any) -> tuple[int, int]:
        if not self.kind.numeric:
            self.fail(path, "ranges are for integer and hex codes; use a pattern, a list or a prefix")
        if not isinstance(value, list) or len(value) != 2:
            self.fail(path, f"{_name(path)} must be a list of two codes [low, high], not {describe(value)}")
        low = self.code_value((*path, 0), value[0])
        high = self.code_value((*path, 1), value[1])
        assert isinstance(low, int) and isinstance(high, int)
        if low > high:
            shown = f"{self.kind.show(low)}, {self.kind.show(high)}"
            self.fail(path, f"{_name(path)} [{shown}] is empty: low is above high")
        return low, high

    def code_value(self, path: Path, value: Any) -> CodeValue:
        """A code in the current space's kind: an integer, a ``0x`` hex string, or a string."""
        kind = self.kind
        if kind.name == "string":
            if not isinstance(value, str) or not value.strip():
                quoted = (
                    f"; write it in quotes ('{value}') so it stays text" if isinstance(value, int) else ""
                )
                self.fail(
                    path, f"{_name(path)} must be a string code in this space, not {describe(value)}{quoted}"
                )
            if len(value) > 200:
                self.fail(path, f"{_name(path)} is longer than 200 characters")
            if not kind.fits(value):
                self.fail(path, f"code {value!r} does not match the space's pattern {kind.pattern!r}")
            return value
        if kind.name == "hex" and isinstance(value, str):
            number = kind.parse(value)
            if number is None or not value.strip().lower().lstrip("-").startswith("0x"):
                self.fail(path, f"{_name(path)} must be a hex code such as 0x80340000, not {describe(value)}")
            assert isinstance(number, int)
            return self.integer(path, number, low=-MAX_CODE)
        if isinstance(value, str) and kind.name == "integer":
            self.fail(
                path,
                f"{_name(path)} must be an integer (the space's codes are integers), not {describe(value)}",
            )
        return self.integer(path, value, low=-MAX_CODE)

    def code_kind(self, path: Path, value: Any, digits: int | None) -> CodeKind:
        """The space's ``code`` key: ``integer``, ``hex``, ``string`` or ``{type, pattern}``."""
        if value is None:
            return INTEGER
        pattern = None
        if isinstance(value, dict):
            entry = self.mapping(path, value, CODE_KIND_ENTRY)
            value, pattern = entry["type"], self.text((*path, "pattern"), entry.get("pattern"))
            path = (*path, "type")
        if value not in CODE_KINDS:
            self.fail(path, f"unknown code kind {value!r}; expected one of: {', '.join(CODE_KINDS)}")
        if pattern is not None and value != "string":
            self.fail(path, "a pattern is for string codes (type: string)")
        try:
            return CodeKind(value, digits=digits, pattern=pattern)
        except PatternError as error:
            self.fail((*path[:-1], "pattern"), str(error))

    def code_pattern(self, path: Path, text: str) -> AnyPattern:
        """A group's pattern in the current space's kind."""
        try:
            if self.kind.name == "string":
                return TextPattern.parse(text)
            if self.kind.name == "hex":
                return HexPattern.parse(text)
            return Pattern.parse(text)
        except ValueError as error:
            self.fail(path, str(error))

    def items(self, path: Path, value: Any, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"{what} must be a list, not {describe(value)}")
        return value

    def scalar_map(self, path: Path, value: Any, what: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping, not {describe(value)}")
        for key, item in value.items():
            if isinstance(item, dict | list):
                self.fail((*path, key), f"{what} value {key!r} must be a string, number or boolean")
        return value

    # -- the catalog ---------------------------------------------------------------------------

    def catalog(self) -> Catalog:
        root = self.mapping((), self.doc.data, CATALOG)
        ident = self.strict_text(("catalog",), root["catalog"])
        spaces_raw = self.items(("spaces",), root["spaces"], "spaces")
        spaces = tuple(self.space(("spaces", i), raw) for i, raw in enumerate(spaces_raw))
        return Catalog(
            id=ident,
            spaces=spaces,
            title=self.text(("title",), root.get("title")),
            version=self.text(("version",), root.get("version")),
            description=self.text(("description",), root.get("description")),
            source=self.doc.file,
            location=self.where(()),
            locations=self.locations((), root),
            operations=read_operations(self, root),
            always=read_answers(self, ("always",), root.get("always")),
        )

    def space(self, path: Path, raw: Any) -> Space:
        value = self.mapping(path, raw, SPACE)
        name = self.strict_text((*path, "name"), value["name"])
        transport = value.get("transport")
        if transport is not None and transport not in TRANSPORTS:
            close = _close_matches(str(transport), TRANSPORTS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self.fail(
                (*path, "transport"),
                f"unknown transport {transport!r}; {hint}expected one of: " + ", ".join(TRANSPORTS),
            )
        digits = value.get("digits")
        if digits is not None:
            digits = self.integer((*path, "digits"), digits, low=1, high=18)
        self.kind = kind = self.code_kind((*path, "code"), value.get("code"), digits)
        number_range = value.get("range")
        if number_range is not None:
            number_range = self.number_range((*path, "range"), number_range)
        extends = self.text((*path, "extends"), value.get("extends"))
        base = None
        if extends is not None:
            if self.resolve_base is None:
                self.fail((*path, "extends"), "extends is not available here")
            try:
                base = self.resolve_base(extends)
            except LookupError as error:
                self.fail((*path, "extends"), str(error.args[0] if error.args else error))
            if base.kind.numeric != kind.numeric:
                self.fail(
                    (*path, "extends"),
                    f"space {name!r} has {kind.name} codes but {extends!r} has {base.kind.name} codes; "
                    "a space can only extend one whose codes are of the same kind",
                )
        fields = self.field_specs((*path, "fields"), value.get("fields"))
        groups = [
            self.group((*path, "groups", i), g)
            for i, g in enumerate(self.items((*path, "groups"), value.get("groups"), "groups"))
        ]
        codes = [
            self.code((*path, "codes", i), c)
            for i, c in enumerate(self.items((*path, "codes"), value.get("codes"), "codes"))
        ]
        retired = [
            self.retired((*path, "retired", i), r)
            for i, r in enumerate(self.items((*path, "retired"), value.get("retired"), "retired"))
        ]
        reserved = [
            self.reserved((*path, "reserved", i), r)
            for i, r in enumerate(self.items((*path, "reserved"), value.get("reserved"), "reserved"))
        ]
        return Space(
            name=name,
            title=self.text((*path, "title"), value.get("title")),
            description=self.text((*path, "description"), value.get("description")),
            transport=transport,
            digits=digits,
            range=number_range,
            kind=kind,
            fields=fields,
            groups=groups,
            codes=codes,
            retired=retired,
            reserved=reserved,
            extends=extends,
            base=base,
            location=self.where(path),
            locations=self.locations(path, value),
        )

    def field_specs(self, path: Path, raw: Any) -> dict[str, FieldSpec]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.fail(path, f"fields must be a mapping of field name to declaration, not {describe(raw)}")
        specs: dict[str, FieldSpec] = {}
        for name, declaration in raw.items():
            where = (*path, name)
            if name == "outcome":
                self.fail(
                    where,
                    "the field 'outcome' is built in (success, failure, info); do not declare it",
                    key=True,
                )
            spec = self.mapping(where, declaration, FIELD, f"the declaration of field {name!r}")
            kind = spec.get("type")
            if kind is not None and kind not in FIELD_TYPES:
                self.fail(
                    (*where, "type"),
                    f"unknown field type {kind!r}; expected one of: " + ", ".join(FIELD_TYPES),
                )
            enum = spec.get("enum")
            if enum is not None and (not isinstance(enum, list) or not enum):
                self.fail((*where, "enum"), "enum must be a non-empty list of allowed values")
            bounds = {}
            for bound in ("minimum", "maximum"):
                if spec.get(bound) is not None:
                    number = spec[bound]
                    if isinstance(number, bool) or not isinstance(number, int | float):
                        self.fail((*where, bound), f"{bound} must be a number, not {describe(number)}")
                    bounds[bound] = number
            specs[name] = FieldSpec(
                name=name,
                type=kind,
                enum=tuple(enum) if enum is not None else None,
                minimum=bounds.get("minimum"),
                maximum=bounds.get("maximum"),
                description=self.text((*where, "description"), spec.get("description")),
                format=self.text((*where, "format"), spec.get("format")),
            )
        return specs

    def group(self, path: Path, raw: Any) -> Group:
        value = self.mapping(path, raw, GROUP)
        kinds = [k for k in GROUP.discriminators if value.get(k) is not None]
        pattern = None
        number_range = None
        prefix = None
        codes: tuple[CodeValue, ...] = ()
        name = self.text((*path, "name"), value.get("name"))
        if "pattern" in kinds:
            text = value["pattern"]
            if isinstance(text, int) and not isinstance(text, bool):
                text = str(text)
            if not isinstance(text, str):
                self.fail((*path, "pattern"), f"pattern must be a string such as '4xx', not {describe(text)}")
            pattern = self.code_pattern((*path, "pattern"), text)
        elif "range" in kinds:
            number_range = self.number_range((*path, "range"), value["range"])
        elif "prefix" in kinds:
            if self.kind.numeric:
                self.fail((*path, "prefix"), "a prefix is for string codes; use a pattern or a range")
            prefix = self.strict_text((*path, "prefix"), value["prefix"])
        else:
            if name is None:
                self.fail(path, "a group listing 'codes' needs a 'name' (e.g. name: session)")
            items = self.items((*path, "codes"), value["codes"], "a group's codes")
            codes = tuple(self.code_value((*path, "codes", i), c) for i, c in enumerate(items))
        return Group(
            pattern=pattern,
            range=number_range,
            prefix=prefix,
            code_kind=self.kind,
            name=name,
            codes=codes,
            title=self.text((*path, "title"), value.get("title")),
            description=self.text((*path, "description"), value.get("description")),
            defaults=self.scalar_map((*path, "defaults"), value.get("defaults"), "defaults"),
            location=self.where(path),
            locations=self.locations(path, value),
        )

    def code(self, path: Path, raw: Any) -> Code:
        # The hottest method of loading a big catalog (once per code): usual entries (known keys,
        # plain texts, an integer code) take no detour, and no path is built unless needed.
        if type(raw) is dict and raw.keys() <= _CODE_KEYS and raw.get("code") is not None:
            value: dict[str, Any] = raw
        else:
            value = self.mapping(path, raw, CODE_ENTRY)
        number = value["code"]
        if type(number) is not int or self.kind is not INTEGER or not -MAX_CODE <= number <= MAX_CODE:
            number = self.code_value((*path, "code"), number)
        get = value.get
        deprecated = get("deprecated", False)
        if deprecated is None:
            deprecated = False
        elif not isinstance(deprecated, bool | str):
            self.fail(
                (*path, "deprecated"), "deprecated must be true, false or a text saying what to use instead"
            )
        aliases_raw = get("aliases")
        aliases: tuple[str, ...] = ()
        if aliases_raw is not None:
            aliases = tuple(
                self.strict_text((*path, "aliases", i), a)
                for i, a in enumerate(self.items((*path, "aliases"), aliases_raw, "aliases"))
            )
        i18n_raw = get("i18n")
        fields = get("fields")
        name, title, description, message, since = texts = (
            get("name"),
            get("title"),
            get("description"),
            get("message"),
            get("since"),
        )
        if not _PLAIN_TEXTS.issuperset(map(type, texts)):  # a number, a list...: checked in full
            checked = [self.text((*path, key), item) for key, item in zip(_CODE_TEXTS, texts, strict=True)]
            name, title, description, message, since = checked
        return Code(
            number,
            name,
            title,
            description,
            message,
            {} if fields is None else self.scalar_map((*path, "fields"), fields, "fields"),
            deprecated,
            since,
            aliases,
            {} if i18n_raw is None else self.translations((*path, "i18n"), i18n_raw),
            place=DocumentPlace(self.doc, path, value),
        )

    def translations(self, path: Path, raw: Any) -> dict[str, Translation]:
        """A code's ``i18n``: language tag → title, description and message in that language."""
        if not isinstance(raw, dict):
            self.fail(path, "i18n must map language tags (de, pt-BR) to {title, description, message}")
        i18n: dict[str, Translation] = {}
        for lang, item in raw.items():
            where = (*path, lang)
            entry = self.mapping(where, item, TRANSLATION, f"translation {lang!r}")
            i18n[lang] = Translation(
                title=self.text((*where, "title"), entry.get("title")),
                description=self.text((*where, "description"), entry.get("description")),
                message=self.text((*where, "message"), entry.get("message")),
            )
        return i18n

    def retired(self, path: Path, raw: Any) -> RetiredCode:
        value = self.mapping(path, raw, RETIRED)
        return RetiredCode(
            code=self.code_value((*path, "code"), value["code"]),
            name=self.text((*path, "name"), value.get("name")),
            reason=self.text((*path, "reason"), value.get("reason")),
            version=self.text((*path, "version"), value.get("version")),
            location=self.where(path),
        )

    def reserved(self, path: Path, raw: Any) -> Reserved:
        value = self.mapping(path, raw, RESERVED)
        return Reserved(
            range=self.number_range((*path, "range"), value["range"]),
            reason=self.text((*path, "reason"), value.get("reason")),
            location=self.where(path),
        )


_CODE_KEYS = frozenset(CODE_ENTRY.names)
_CODE_TEXTS = ("name", "title", "description", "message", "since")
_PLAIN_TEXTS = frozenset((str, type(None)))


def _name(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return repr(part)
    return "value"


def _close_matches(word: str, possibilities: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib's close matches, imported only when a mistake needs a hint (start-up time)."""
    import difflib

    return difflib.get_close_matches(word, list(possibilities), n=n, cutoff=cutoff)
