"""A fast reader for the block YAML that catalog files are written in; libyaml reads the rest.

Why: on a big catalog, libyaml composing its node tree and the walk that turns nodes into data and
positions take most of the time to load (2.5 s for 100,000 codes). The files that people and
``statuskit fmt``/``add``/``import`` write use a small, regular part of YAML, which a reader that
matches one regular expression per line takes several times faster.

What it takes: block mappings and sequences (``key: value``, ``- item``, ``- key: value``, a
sequence as a mapping value at the key's own indentation); plain keys; plain scalars, also
continued on more indented lines (as PyYAML writes long texts); single- and double-quoted
scalars on one line; flow mappings and sequences on one line (``{retryable: true}``,
``[a, b]``, nested too); literal and folded block scalars (``|``, ``|-``, ``>``, ``>-``); comments
and blank lines. Plain scalars resolve by the YAML 1.2 core schema, as ``yamlfile`` resolves them.

What it leaves to libyaml (:func:`read` returns None): anything else or anything it is not sure of,
such as anchors, aliases, tags, explicit (``?``) or quoted keys, quoted scalars over several lines,
a plain scalar on the line after its key, a comment inside a plain scalar, flow collections over
several lines, document markers and directives, tabs, carriage returns and other special
characters, duplicate and merge keys, nesting deeper than :data:`MAX_DEPTH` and numbers too large
to read. ``yamlfile.parse_yaml`` then reads the text with libyaml, which stays the reference and
says what is wrong. On every text it takes, this reader returns exactly the Document of libyaml's
path: the same data and the same positions (recorded as marks, see :mod:`.document`), which are
where libyaml's start marks fall (a block mapping at its first key, a block sequence at its first
``-``, an empty value just after its ``:`` or ``-``, a scalar or flow collection at its first
character).
"""

from __future__ import annotations

import re

from ..errors import LoadError, UnusualYamlError
from .document import Document, new_marks
from .yamlcore import MAX_DEPTH, MAX_DIGITS, SPECIAL_START, resolve_plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

# The limits of yamlfile (a test holds them equal; importing them from there would be a cycle).
MAX_KEY = 200  # characters in a key (libyaml refuses keys of more than 1024 bytes)

# Any character but a line feed and the printable ones that libyaml reads as they are: tabs,
# carriage returns, byte order marks, YAML 1.1 line breaks (U+0085, U+2028, U+2029), controls.
_SPECIAL_CHARACTER = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"  # the characters that cannot start a plain scalar
_PLAIN_FIRST = r"[^ \-?:,\[\]{}#&*!|>'\"%@`]"
# A plain key: not "<<" (a merge key), at most MAX_KEY characters, and none that could make it
# something else in some context (":", "#", flow indicators).
_PLAIN_KEY = rf"(?!<<:){_PLAIN_FIRST}(?:[^:#,\[\]{{}}]{{0,{MAX_KEY - 2}}}[^ :#,\[\]{{}}])?"
# A plain scalar that is certainly one on its own: no ":" or "#" in it anywhere.
_SIMPLE = rf"(?:{_PLAIN_FIRST}|-(?=[^ ]))(?:[^:#]*[^ :#])?"
# A line: indentation, a sequence entry's "-", a plain key with its ":", and the rest without its
# trailing spaces, either a simple plain scalar or anything else. Every line but a document marker
# matches; a group that is absent is None.
_LINE = re.compile(
    r"(?!---(?: |\Z)|\.\.\.(?: |\Z))( *)(?:(-)(?: +|\Z))?"
    rf"(?:({_PLAIN_KEY}):(?: +|\Z))?(?:({_SIMPLE})|(.*[^ ]))? *\Z"
)
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_FLOW_PLAIN = re.compile(r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^ ,\[\]{}:#]))(?:[^,:\[\]{}#]*[^ ,:\[\]{}#])?")
_FLOW_KEY = re.compile(rf"({_FLOW_PLAIN.pattern}): +")
_SPACES = re.compile(" *")
_COMMENT = re.compile(r"(?: +#.*)?\Z")  # what may follow a quoted scalar or flow collection
_BLOCK_HEADER = re.compile(r"([|>])(-?)(?: +#.*)?\Z")


# Plain scalars by the YAML 1.2 core schema, as yamlfile._Builder.plain resolves them.
def read(text: str, file: str | None) -> Document | None:
    """The Document of ``text`` when it is in the subset this reader takes, else None."""
    if _SPECIAL_CHARACTER.search(text) is not None:
        return None
    try:
        return _Reader(text.split("\n"), file).document()
    except (UnusualYamlError, RecursionError):
        return None


def resolve(text: str) -> Any:
    """A non-empty plain scalar's value (see :mod:`.yamlcore`); UnusualYamlError for a number
    that is too large (libyaml's path says so)."""
    if len(text) <= MAX_DIGITS and text.isdigit() and text.isascii():
        return int(text)  # the usual number: a code
    try:
        return resolve_plain(text)
    except LoadError:
        raise UnusualYamlError from None


class _Frame:
    """A block mapping or sequence still open: its column, its value and its depth."""

    __slots__ = ("column", "container", "depth", "sequence", "indentless")

    def __init__(self, column: int, container: Any, depth: int, sequence: bool, indentless: bool) -> None:
        self.column = column
        self.container = container
        self.depth = depth  # lists and mappings it is inside of
        self.sequence = sequence
        self.indentless = indentless  # a sequence at its mapping key's own column


class _Pending:
    """A key or ``-`` with nothing after it: its value is a collection on the next lines, or null."""

    __slots__ = ("depth", "parent", "slot", "column", "after_key", "null")

    def __init__(
        self, depth: int, parent: Any, slot: str | int, column: int, after_key: bool, null: tuple[int, int]
    ) -> None:
        self.depth = depth  # of the value
        self.parent = parent
        self.slot = slot
        self.column = column  # of the mapping or sequence the key or "-" belongs to
        self.after_key = after_key
        self.null = null  # the position of the value if it is null


class _Reader:
    def __init__(self, lines: list[str], file: str | None) -> None:
        self.lines = lines
        self.file = file
        self.marks = new_marks()  # positions in document order (see .document)
        self.record = self.marks.extend
        self.joined: tuple[int, str, Any, str | int] | None = None  # see go_on

    def document(self) -> Document:
        record = self.record
        match = _LINE.match
        stack: list[_Frame] = []
        top: _Frame | None = None
        pending: _Pending | None = None
        skip = 0  # the lines up to this one are a block scalar already read
        last: re.Match[str] | None = None  # the last line, while a plain scalar may go on after it
        last_number = 0
        for number, line in enumerate(self.lines, 1):
            if number <= skip:
                continue
            found = match(line)
            if found is None:
                raise UnusualYamlError  # a document marker
            dash, key, simple, rest = found.group(2, 3, 4, 5)
            column = found.end(1)
            if key is None and dash is None:
                if simple is None and (rest is None or rest[0] == "#"):
                    if rest is not None:
                        last = None  # a comment ends a plain scalar
                    continue  # a blank or comment line
                if last is None or top is None or pending is not None or column <= top.column:
                    raise UnusualYamlError  # a scalar alone on its line, a quoted key...
                self.go_on(last, last_number, top, simple or rest, number)
                last, last_number = found, number
                continue
            last, last_number = found, number
            if top is None or pending is not None or column != top.column:
                top = self.place(stack, pending, column, number, dash is not None)
                pending = None
            if dash is not None:
                if not top.sequence:
                    raise UnusualYamlError
                items = top.container
                index = len(items)
                depth = top.depth + 1
                if key is None:
                    if simple is not None:
                        record((number, found.start(4) + 1))
                        items.append(resolve(simple) if simple[0] in SPECIAL_START else simple)
                    else:
                        items.append(None)
                        pending, skip = self.value(
                            rest, depth, items, index, number, found.start(5), column + 2, top
                        )
                    continue
                if depth > MAX_DEPTH:
                    raise UnusualYamlError
                column = found.start(3)
                record((number, column + 1))
                mapping: dict[str, Any] = {}
                items.append(mapping)
                top = _Frame(column, mapping, depth, False, False)
                stack.append(top)
            elif top.sequence:
                if not top.indentless:
                    raise UnusualYamlError
                stack.pop()
                top = stack[-1]  # the mapping whose key the sequence was the value of
            mapping = top.container
            if key in mapping:
                raise UnusualYamlError
            if simple is not None:
                record((number, column + 1, number, found.start(4) + 1))  # the key's, the value's
                mapping[key] = resolve(simple) if simple[0] in SPECIAL_START else simple
            else:
                record((number, column + 1))
                mapping[key] = None
                pending, skip = self.value(
                    rest, top.depth + 1, mapping, key, number, found.start(5), found.end(3) + 2, top
                )
        if top is None:
            raise UnusualYamlError  # no content: libyaml's path says the file is empty
        if pending is not None:
            record(pending.null)
        return Document(stack[0].container, self.file, marks=self.marks)

    def go_on(self, last: re.Match[str], last_number: int, top: _Frame, text: str, number: int) -> None:
        """Continue the plain scalar that line ``last_number`` (``last``) ends with by ``text``,
        the whole of line ``number``: the lines of a plain scalar are joined by a space, or by
        as many line breaks as there are blank lines between them."""
        if not _plain_alone(text) or " #" in text:
            raise UnusualYamlError
        if self.joined is not None and self.joined[0] == last_number:
            _, start, parent, slot = self.joined
        else:
            _, key, simple, rest = last.group(2, 3, 4, 5)
            start = simple if simple is not None else rest
            if start is None or not _plain_alone(start) or " #" in start:
                raise UnusualYamlError  # no scalar, another kind of scalar, or one a comment ended
            parent = top.container
            slot = len(parent) - 1 if key is None else key
        breaks = number - last_number - 1
        value = start + ("\n" * breaks if breaks else " ") + text
        self.joined = (number, value, parent, slot)
        parent[slot] = resolve(value) if value[0] in SPECIAL_START else value

    def place(
        self, stack: list[_Frame], pending: _Pending | None, column: int, number: int, dash: bool
    ) -> _Frame:
        """The open collection that a line at ``column`` belongs to: first the value that
        ``pending`` waits for is started (or found null), then deeper collections are closed."""
        if pending is not None:
            if column > pending.column or (dash and column == pending.column and pending.after_key):
                self.open(pending, column, number, dash, stack)
            else:
                self.record(pending.null)
        elif not stack:
            self.record((number, column + 1))
            stack.append(_Frame(column, [] if dash else {}, 0, dash, False))
        top = stack[-1]
        while top.column > column:
            stack.pop()
            if not stack:
                raise UnusualYamlError
            top = stack[-1]
        if top.column != column:
            raise UnusualYamlError  # between two levels, or deeper than any: a continued scalar
        return top

    def open(self, pending: _Pending, column: int, number: int, sequence: bool, stack: list[_Frame]) -> None:
        """Start the block collection that is the value of ``pending`` at this line."""
        if pending.depth > MAX_DEPTH:
            raise UnusualYamlError
        container: Any = [] if sequence else {}
        self.record((number, column + 1))
        pending.parent[pending.slot] = container
        indentless = sequence and column == pending.column
        stack.append(_Frame(column, container, pending.depth, sequence, indentless))

    def value(
        self,
        rest: str | None,
        depth: int,
        parent: Any,
        slot: str | int,
        number: int,
        at: int,
        null: int,
        top: _Frame,
    ) -> tuple[_Pending | None, int]:
        """Read the value after a key or ``-`` (``rest`` from column ``at``) into ``parent[slot]``.

        Returns the value still to come when there is none on the line, and the number of the
        last line read (beyond this one after a block scalar).
        """
        if rest is None or rest[0] == "#":
            return _Pending(depth, parent, slot, top.column, not top.sequence, (number, null)), number
        first = rest[0]
        if first not in _INDICATORS or (first == "-" and len(rest) > 1 and rest[1] != " "):
            cut = rest.find(" #")
            if cut >= 0:
                rest = rest[:cut].rstrip(" ")
            if ": " in rest or rest[-1] == ":":
                raise UnusualYamlError
            self.record((number, at + 1))
            parent[slot] = resolve(rest) if first in SPECIAL_START else rest
            return None, number
        if first == "'" or first == '"' or first == "[" or first == "{":
            value, end = self.flow_node(rest, 0, depth, number, at)
            if _COMMENT.match(rest, end) is None:
                raise UnusualYamlError
            parent[slot] = value
            return None, number
        if first == "|" or first == ">":
            header = _BLOCK_HEADER.match(rest)
            if header is None:
                raise UnusualYamlError
            self.record((number, at + 1))
            parent[slot], number = self.block_scalar(number, top.column + 1, first == ">", header[2] == "-")
            return None, number
        raise UnusualYamlError  # an anchor, alias, tag, explicit key, nested "-" or reserved indicator

    def flow_node(self, text: str, at: int, depth: int, number: int, base: int) -> tuple[Any, int]:
        """The scalar or flow collection at ``text[at]``, and where it ends."""
        first = text[at : at + 1]
        record = self.record
        if first == "'":
            found = _SINGLE.match(text, at)
            if found is None:
                raise UnusualYamlError
            record((number, base + at + 1))
            return found[1].replace("''", "'"), found.end()
        if first == '"':
            found = _DOUBLE.match(text, at)
            if found is None:
                raise UnusualYamlError
            record((number, base + at + 1))
            value = found[1]
            return (_ESCAPE.sub(_unescape, value) if "\\" in value else value), found.end()
        if first == "[" or first == "{":
            if depth > MAX_DEPTH:
                raise UnusualYamlError
            record((number, base + at + 1))
            if first == "[":
                return self.flow_sequence(text, at + 1, depth, number, base)
            return self.flow_mapping(text, at + 1, depth, number, base)
        found = _FLOW_PLAIN.match(text, at)
        if found is None:
            raise UnusualYamlError
        record((number, base + at + 1))
        plain = found[0]
        return (resolve(plain) if plain[0] in SPECIAL_START else plain), found.end()

    def flow_sequence(self, text: str, at: int, depth: int, number: int, base: int) -> tuple[Any, int]:
        items: list[Any] = []
        at = _after_spaces(text, at)
        if text[at : at + 1] == "]":
            return items, at + 1
        while True:
            value, at = self.flow_node(text, at, depth + 1, number, base)
            items.append(value)
            at = _after_spaces(text, at)
            after = text[at : at + 1]
            if after == "]":
                return items, at + 1
            if after != ",":
                raise UnusualYamlError  # a pair, a comment or the end of the line inside the brackets
            at = _after_spaces(text, at + 1)

    def flow_mapping(self, text: str, at: int, depth: int, number: int, base: int) -> tuple[Any, int]:
        mapping: dict[str, Any] = {}
        at = _after_spaces(text, at)
        if text[at : at + 1] == "}":
            return mapping, at + 1
        while True:
            found = _FLOW_KEY.match(text, at)
            if found is None:
                raise UnusualYamlError
            key = found[1]
            if key in mapping or key == "<<" or len(key) > MAX_KEY:
                raise UnusualYamlError
            self.record((number, base + at + 1))
            value, at = self.flow_node(text, found.end(), depth + 1, number, base)
            mapping[key] = value
            at = _after_spaces(text, at)
            after = text[at : at + 1]
            if after == "}":
                return mapping, at + 1
            if after != ",":
                raise UnusualYamlError
            at = _after_spaces(text, at + 1)

    def block_scalar(self, number: int, least: int, folded: bool, strip: bool) -> tuple[str, int]:
        """A literal or folded block scalar on the lines after line ``number`` (content indented
        by at least ``least``), and the number of its last line, as libyaml's scanner reads it."""
        lines = self.lines
        count = len(lines)
        last = count - 1  # the index of the last line, the only one without a line break after it
        index = number
        while index < count and not lines[index]:
            index += 1
        if index == count:
            raise UnusualYamlError
        line = lines[index]
        indent = len(line) - len(line.lstrip(" "))
        if indent < least or indent == len(line):
            raise UnusualYamlError  # empty, or begins with spaces only: left to libyaml
        prefix = " " * indent
        parts: list[str] = []
        trailing = "\n" * (index - number)  # line breaks since the last content line
        leading = ""  # the line break right after the last content line
        leading_blank = False
        while index < count:
            line = lines[index]
            if len(line) > indent and line.startswith(prefix):
                content = line[indent:]
                blank = content[0] == " "
                if folded and leading and not leading_blank and not blank:
                    if not trailing:
                        parts.append(" ")
                else:
                    parts.append(leading)
                parts.append(trailing)
                parts.append(content)
                trailing = ""
                leading = "\n" if index < last else ""
                leading_blank = blank
            elif not line.strip(" "):
                if index < last:
                    trailing += "\n"
            else:
                break
            index += 1
        if not strip:
            parts.append(leading)
        return "".join(parts), index


def _plain_alone(text: str) -> bool:
    """Whether ``text``, a whole line's content, can only be a plain scalar or part of one."""
    first = text[0]
    if first in _INDICATORS and not (first == "-" and len(text) > 1 and text[1] != " "):
        return False
    return ": " not in text and text[-1] != ":"


def _after_spaces(text: str, at: int) -> int:
    found = _SPACES.match(text, at)
    return at if found is None else found.end()


def _unescape(found: re.Match[str]) -> str:
    escape = found[1]
    if len(escape) == 1:
        if escape not in _ESCAPES:
            raise UnusualYamlError
        return _ESCAPES[escape]
    code = int(escape[1:], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise UnusualYamlError
    return chr(code)
