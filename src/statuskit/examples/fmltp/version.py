"""Version lines and the compatibility code ``1<a><b>`` that answers them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import UsageError

_NUMBERS = re.compile(r"([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})")


@dataclass(frozen=True, slots=True)
class Version:
    """``CLASS.STEPPING.SUBSTEPPING``: a different class cannot talk at all."""

    klass: int
    stepping: int
    substepping: int

    def __str__(self) -> str:
        return f"{self.klass}.{self.stepping}.{self.substepping}"


def parse_version(text: str) -> Version:
    """``"1.2.3"`` → Version; UsageError when it is not three decimal numbers."""
    match = _NUMBERS.fullmatch(text)
    if match is None:
        raise UsageError(f"version {text!r}: expected CLASS.STEPPING.SUBSTEPPING, e.g. 0.0.0")
    return Version(*(int(part) for part in match.groups()))


def parse_version_line(line: str) -> tuple[str, Version] | None:
    """A peer's ``<name>,<class>.<stepping>.<substepping>``; None when it does not parse.

    The name is everything before the last comma (it may itself contain commas); spaces around
    the line are ignored, as the FlexMusic server does.
    """
    name, comma, numbers = line.strip(" \t").rpartition(",")
    match = _NUMBERS.fullmatch(numbers)
    if not comma or match is None:
        return None
    return name, Version(*(int(part) for part in match.groups()))


def _compare(client: int, server: int) -> int:
    if client == server:
        return 0
    return 1 if client > server else 2


def compatibility_code(server: Version, client: Version) -> int | None:
    """The status code ``1<a><b>`` for a client, or None when the classes differ."""
    if server.klass != client.klass:
        return None
    return (
        100
        + 10 * _compare(client.stepping, server.stepping)
        + _compare(client.substepping, server.substepping)
    )
