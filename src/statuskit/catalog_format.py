"""The catalog format, declared once: every object's keys, their order, type and whether required.

One table per object (catalog, space, group, code, retired entry, reserved range, field
declaration, translation). The loader checks keys and required members against these tables
(``loading/build.py``), the canonical form and ``fmt`` write keys in their order
(``canonical.py``, ``evolve/fmt.py``) and ``statuskit schema`` is derived from them
(``schema.py``). Adding a key is one :class:`Key` in a table; adding an object type is one
:class:`ObjectFormat` passed to :func:`declare` and a key that refers to it.

A key's ``schema`` is its JSON Schema (2020-12); ``{"$ref": "#/$defs/NAME"}`` names another
declared object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ._frozen import Frozen

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

Schema: TypeAlias = "dict[str, Any]"

MAX_DIGITS = 18
MAX_CODE: int = 10**MAX_DIGITS - 1
TRANSPORTS: tuple[str, ...] = ("line", "http", "json", "ws-close", "opcode")
FIELD_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean")


class Key(Frozen):
    """One key of a catalog object: its name, JSON Schema, and whether it must be present."""

    __slots__ = ("name", "schema", "required")
    name: str
    schema: Schema
    required: bool

    def __init__(self, name: str, schema: Schema, *, required: bool = False) -> None:
        self._init(name=name, schema=schema, required=required)


class ObjectFormat(Frozen):
    """The keys of one kind of catalog object, in canonical order.

    ``what`` names the object in messages ("a code"). ``variants`` lists, for objects that come in
    several shapes (a group is a pattern, a range, a list or a prefix), the keys each shape
    requires; the first key of each shape tells the shapes apart and exactly one must be present.
    """

    __slots__ = ("name", "what", "keys", "variants", "names", "required", "_by_name")
    name: str
    what: str
    keys: tuple[Key, ...]
    variants: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]
    required: tuple[str, ...]
    _by_name: Mapping[str, Key]

    def __init__(
        self, name: str, what: str, keys: Iterable[Key], variants: Iterable[tuple[str, ...]] = ()
    ) -> None:
        keys = tuple(keys)
        self._init(
            name=name,
            what=what,
            keys=keys,
            variants=tuple(variants),
            names=tuple(key.name for key in keys),
            required=tuple(key.name for key in keys if key.required),
            _by_name={key.name: key for key in keys},
        )

    def key(self, name: str) -> Key:
        """The declared key ``name`` (KeyError when the object has none)."""
        return self._by_name[name]

    @property
    def discriminators(self) -> tuple[str, ...]:
        """The keys that tell the variants apart (``pattern``, ``range``, ``codes``...)."""
        return tuple(variant[0] for variant in self.variants)

    def ordered(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` with its declared keys in canonical order (unknown keys last, as given)."""
        result = {name: data[name] for name in self.names if name in data}
        result.update((name, value) for name, value in data.items() if name not in result)
        return result


FORMATS: dict[str, ObjectFormat] = {}
"""Every declared object by name; ``catalog`` is the root of a file."""


def declare(declared: ObjectFormat) -> ObjectFormat:
    """Add an object type to the format (the schema gets a ``$defs`` entry for it)."""
    FORMATS[declared.name] = declared
    return declared


def ref(name: str) -> Schema:
    """The schema of a value that is the declared object ``name``."""
    return {"$ref": f"#/$defs/{name}"}


def list_of(name: str) -> Schema:
    """The schema of a list of the declared object ``name``."""
    return {"type": "array", "items": ref(name)}


# -- value types shared by several keys -------------------------------------------------------

TEXT: Schema = {"type": "string"}
NAME: Schema = {"type": "string", "minLength": 1}
VERSION: Schema = {"type": ["string", "number"]}
SCALARS: Schema = {
    "type": "object",
    "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
}
INTEGER_CODE: Schema = {"type": "integer", "minimum": -MAX_CODE, "maximum": MAX_CODE}
HEX_CODE: Schema = {"type": "string", "pattern": "^-?0[xX][0-9a-fA-F]{1,32}$"}
CODE: Schema = {
    "anyOf": [INTEGER_CODE, {"type": "string", "minLength": 1, "maxLength": 200}],
    "description": "an integer, or a string in hex and string spaces (0x80340000, 22P02, 5.1.1)",
}
"""A code as written in a file, in any kind (the space's ``code`` key says which)."""
RANGE: Schema = {
    "type": "array",
    "items": {"anyOf": [INTEGER_CODE, HEX_CODE]},
    "minItems": 2,
    "maxItems": 2,
    "description": "[low, high], both included",
}
PATTERN: Schema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 200,
    "pattern": "[xyzXYZ]",
    "description": "4xx (digits and x/y/z), 0x8007xxxx (hex), 22xxx or 5.1.x (string codes)",
}
CODE_KINDS: tuple[str, ...] = ("integer", "hex", "string")
CODE_KIND: Schema = {
    "anyOf": [{"enum": list(CODE_KINDS)}, ref("code-kind")],
    "description": "integer (the default), hex, string, or {type: string, pattern: REGEX}",
}


ANSWERS: Schema = {
    "type": "object",
    "additionalProperties": {
        "type": "array",
        "items": {"type": ["integer", "string"], "description": "a code, or a group's pattern or name"},
    },
    "description": "per space name, the codes and groups",
}
HTTP_METHODS: tuple[str, ...] = (
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
)


# -- the objects --------------------------------------------------------------------------------

CATALOG = declare(
    ObjectFormat(
        "catalog",
        "a catalog",
        (
            Key("$schema", TEXT),
            Key("catalog", {**NAME, "description": "the catalog's id"}, required=True),
            Key("title", TEXT),
            Key("version", VERSION),
            Key("description", TEXT),
            Key("spaces", list_of("space"), required=True),
            Key("operations", list_of("operation")),
            Key("always", {**ANSWERS, "description": "codes and groups any operation may send"}),
        ),
    )
)

SPACE = declare(
    ObjectFormat(
        "space",
        "a space",
        (
            Key("name", NAME, required=True),
            Key("title", TEXT),
            Key("description", TEXT),
            Key("transport", {"enum": list(TRANSPORTS)}),
            Key("code", CODE_KIND),
            Key("digits", {"type": "integer", "minimum": 1, "maximum": MAX_DIGITS}),
            Key("range", RANGE),
            Key("extends", {**TEXT, "description": "a builtin space: http, websocket, grpc"}),
            Key(
                "fields",
                {
                    "type": "object",
                    "propertyNames": {"not": {"const": "outcome"}},
                    "additionalProperties": ref("field"),
                },
            ),
            Key("groups", list_of("group")),
            Key("codes", list_of("code")),
            Key("retired", list_of("retired")),
            Key("reserved", list_of("reserved")),
        ),
    )
)

GROUP = declare(
    ObjectFormat(
        "group",
        "a group",
        (
            Key("pattern", PATTERN),
            Key("range", RANGE),
            Key("prefix", {**NAME, "description": "string codes starting with it (card_)"}),
            Key("name", TEXT),
            Key("codes", {"type": "array", "items": CODE}),
            Key("title", TEXT),
            Key("description", TEXT),
            Key("defaults", SCALARS),
        ),
        variants=(("pattern",), ("range",), ("codes", "name"), ("prefix",)),
    )
)

CODE_ENTRY = declare(
    ObjectFormat(
        "code",
        "a code",
        (
            Key("code", CODE, required=True),
            Key("name", {**TEXT, "description": "identifier for generated code, e.g. KeySet"}),
            Key("title", {**TEXT, "description": "short phrase"}),
            Key("description", {**TEXT, "description": "the meaning, for people"}),
            Key("message", {**TEXT, "description": "wire text with {placeholders}"}),
            Key("fields", SCALARS),
            Key("deprecated", {"type": ["boolean", "string"], "description": "true, or what to use instead"}),
            Key("since", VERSION),
            Key("aliases", {"type": "array", "items": NAME}),
            Key("i18n", {"type": "object", "additionalProperties": ref("translation")}),
        ),
    )
)

RETIRED = declare(
    ObjectFormat(
        "retired",
        "a retired code",
        (
            Key("code", CODE, required=True),
            Key("name", TEXT),
            Key("reason", TEXT),
            Key("version", VERSION),
        ),
    )
)

RESERVED = declare(
    ObjectFormat("reserved", "a reserved range", (Key("range", RANGE, required=True), Key("reason", TEXT)))
)

TRANSLATION = declare(
    ObjectFormat(
        "translation",
        "a translation",
        (Key("title", TEXT), Key("description", TEXT), Key("message", TEXT)),
    )
)

FIELD = declare(
    ObjectFormat(
        "field",
        "a field declaration",
        (
            Key("type", {"enum": list(FIELD_TYPES)}),
            Key("enum", {"type": "array", "minItems": 1}),
            Key("minimum", {"type": "number"}),
            Key("maximum", {"type": "number"}),
            Key("format", TEXT),
            Key("description", TEXT),
        ),
    )
)

CODE_KIND_ENTRY = declare(
    ObjectFormat(
        "code-kind",
        "a code kind",
        (
            Key("type", {"enum": list(CODE_KINDS)}, required=True),
            Key("pattern", {**NAME, "description": "a regular expression every code matches"}),
        ),
    )
)

OPERATION = declare(
    ObjectFormat(
        "operation",
        "an operation",
        (
            Key("name", NAME, required=True),
            Key("description", TEXT),
            Key("http", ref("http-route")),
            Key("command", {**NAME, "description": "the command that selects it (KV_GET)"}),
            Key("line", {**NAME, "description": "the keyword of a line protocol (SELECT)"}),
            Key("opcode", {"type": "integer", "minimum": 0}),
            Key("answers", {**ANSWERS, "description": "per space, the codes and groups it may send"}),
        ),
        variants=(("http",), ("command",), ("line",), ("opcode",)),
    )
)

HTTP_ROUTE = declare(
    ObjectFormat(
        "http-route",
        "an HTTP operation",
        (
            Key("method", {"enum": list(HTTP_METHODS)}, required=True),
            Key(
                "route",
                {"type": "string", "pattern": "^/", "description": "a template: /v4/users/{id}"},
                required=True,
            ),
        ),
    )
)
