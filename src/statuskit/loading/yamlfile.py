"""YAML (and JSON, which is read the same way) into a :class:`Document`.

libyaml composes the node tree; this module turns nodes into plain values itself, so that it can
record positions, refuse duplicate keys, refuse tags that would construct objects
(``!!python/...`` is never executed), bound alias expansion (YAML "billion laughs") and nesting
depth, and resolve plain scalars by the YAML 1.2 core schema (``no`` stays a string). Usual files (no
alias, tag, merge key or anything to refuse) take a faster builder; the full one reads the rest.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import LoadError, Location, UnusualYamlError
from . import blockyaml
from .document import KEY, Document, Path, new_marks
from .yamlcore import MAX_DEPTH, SPECIAL_START, resolve_plain

MAX_EXPANSION = 100_000  # lists and mappings built beyond the distinct ones of the file (aliases)

_STANDARD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_MERGE = _STANDARD + "merge"


class _Loader(yaml.CSafeLoader):
    """libyaml's composer without PyYAML's YAML 1.1 scalar resolution, which :meth:`_Builder.plain`
    does itself by YAML 1.2 rules: every untagged node gets the generic tag of its kind (this
    was a third of the time to load a big catalog). Explicit tags are kept, so they are refused."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STANDARD + "str"
        return _STANDARD + ("seq" if kind is yaml.SequenceNode else "map")


def parse_yaml(text: str, file: str | None) -> Document:
    """Parse YAML text into a Document; every problem is a LoadError with a location."""
    quick = blockyaml.read(text, file)  # usual catalog files, without libyaml; None for the rest
    if quick is not None:
        return quick
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise LoadError(f"invalid YAML: {problem}", where) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {_one_line(str(error))}", Location(file, 1, 1)) from None
    except RecursionError:
        raise LoadError("YAML nests too deeply", Location(file, 1, 1)) from None
    if root is None:
        raise LoadError("file is empty; expected a catalog mapping", Location(file, 1, 1))
    fast = _plain_document(root, file)
    return fast if fast is not None else _Builder(file).document(root)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plain_document(root: yaml.Node, file: str | None) -> Document | None:
    """The Document of a file that has no alias, tag, merge key, duplicate key, deep nesting or
    number out of bounds (every catalog written by hand or by statuskit), or None for any other."""
    try:
        return _PlainBuilder(file).document(root)
    except (UnusualYamlError, LoadError, RecursionError):
        return None


class _PlainBuilder:
    """:class:`_Builder` for usual files only, twice as fast: it refuses nothing itself but hands
    any file with something to refuse or count (aliases) to :class:`_Builder`, which then says
    what is wrong; on every other file the two give the same data and positions (a test holds
    them to that). Scalar values are read in the loop over a mapping, without a call each, and
    positions are recorded as marks (see :mod:`.document`), so no path is ever built."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.marks = new_marks()
        self.seen: set[int] = set()
        self.resolver = _Builder(file)

    def document(self, root: yaml.Node) -> Document:
        mark = root.start_mark
        self.marks.extend((mark.line + 1, mark.column + 1))
        return Document(self.collection(root, 0), self.file, marks=self.marks)

    def collection(self, node: yaml.Node, depth: int) -> Any:
        identity = id(node)
        if depth > MAX_DEPTH or identity in self.seen or node.tag not in _ALLOWED_TAGS:
            raise UnusualYamlError
        self.seen.add(identity)
        record = self.marks.extend
        plain = self.resolver.plain
        scalar = yaml.ScalarNode
        inner = depth + 1
        if type(node) is yaml.MappingNode:
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar:
                    raise UnusualYamlError
                key = key_node.value
                if key in result or key == "<<" or key_node.tag == _MERGE:
                    raise UnusualYamlError
                mark = key_node.start_mark
                after = value_node.start_mark
                record((mark.line + 1, mark.column + 1, after.line + 1, after.column + 1))
                if type(value_node) is scalar:
                    if value_node.tag not in _ALLOWED_TAGS:
                        raise UnusualYamlError
                    text = value_node.value
                    if value_node.style or (text and text[0] not in SPECIAL_START):
                        result[key] = text
                    else:
                        result[key] = plain(value_node, text)
                else:
                    result[key] = self.collection(value_node, inner)
            return result
        if type(node) is not yaml.SequenceNode:
            raise UnusualYamlError  # a scalar document, left to _Builder
        items: list[Any] = []
        for item in node.value:
            mark = item.start_mark
            record((mark.line + 1, mark.column + 1))
            if type(item) is scalar:
                if item.tag not in _ALLOWED_TAGS:
                    raise UnusualYamlError
                text = item.value
                if item.style or (text and text[0] not in SPECIAL_START):
                    items.append(text)
                else:
                    items.append(plain(item, text))
            else:
                items.append(self.collection(item, inner))
        return items


class _Builder:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.positions: dict[Path, tuple[int, int]] = {}
        self.built = 0
        self.seen: set[int] = set()  # lists and mappings built so far (scalars are not tracked)

    def document(self, root: yaml.Node) -> Document:
        data = self.value(root, (), 0)
        return Document(data, self.file, self.positions)

    def fail(self, node: yaml.Node, message: str) -> LoadError:
        mark = node.start_mark
        return LoadError(message, Location(self.file, mark.line + 1, mark.column + 1))

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        # The hottest loop of loading a big catalog: one call per value, so it stays flat.
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _ALLOWED_TAGS:
                raise self.fail(
                    node, f"tag {node.tag.replace(_STANDARD, '!!')!r} is not allowed in catalog files"
                )
            text: str = node.value
            return text if node.style else self.plain(node, text)
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels; a catalog is never this deep")
        # Aliases reuse a node: only lists and mappings can multiply (YAML "billion laughs"), so
        # only they are counted: visits beyond the distinct ones are expansions.
        self.built += 1
        identity = id(node)
        if identity in self.seen:
            if self.built > MAX_EXPANSION + len(self.seen):
                raise self.fail(node, "aliases expand to too many values (a YAML alias bomb?)")
        else:
            self.seen.add(identity)
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(
                node, f"tag {node.tag.replace(_STANDARD, '!!')!r} is not allowed in catalog files"
            )
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        return [self.value(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        where: dict[str, yaml.Node] = {}
        positions = self.positions
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain strings")
            key = key_node.value
            if (key == "<<" and not key_node.style) or key_node.tag == _STANDARD + "merge":
                raise self.fail(key_node, "merge keys (<<) are not allowed in catalog files")
            if key in where:
                first = where[key].start_mark
                raise self.fail(
                    key_node,
                    f"duplicate key {key!r} (first at line {first.line + 1}, column {first.column + 1});"
                    " expected each key once",
                )
            where[key] = key_node
            mark = key_node.start_mark
            positions[(*path, key, KEY)] = (mark.line + 1, mark.column + 1)
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.style:  # quoted or block scalars are always strings
            return text
        return self.plain(node, text)

    def plain(self, node: yaml.ScalarNode, text: str) -> Any:
        try:
            return resolve_plain(text)
        except LoadError as error:
            raise self.fail(node, error.message) from None
