"""Every error statuskit raises, in one tree.

    StatuskitError                 base of everything below; catch this to catch all
    ├── LoadError                  a catalog file cannot be read, parsed or does not fit the format
    │                              (carries .location: file, line, column)
    ├── UnknownSpaceError          a catalog has no space of that name (also a KeyError)
    ├── UnknownCodeError           a space has no code of that number or name (also a KeyError)
    ├── TemplateError              a message template does not parse, or was filled with
    │                              missing or unknown arguments
    ├── WireError                  bytes on the wire do not fit the codec's format
    │   └── UnsendableCodeError    a code the transport forbids applications to send
    └── UsageError                 an argument to a statuskit function is not usable

The command line maps these to exit codes (see ``statuskit.cli``); the library itself never
prints or exits.
"""

from __future__ import annotations

from ._frozen import Value


class Location(Value):
    """Where something is in a source file; line and column count from 1."""

    __slots__ = ("file", "line", "column")
    file: str | None
    line: int | None
    column: int | None

    def __init__(self, file: str | None, line: int | None = None, column: int | None = None) -> None:
        self._init(file=file, line=line, column=column)

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class StatuskitError(Exception):
    """Base class of every error statuskit raises on purpose."""


class LoadError(StatuskitError):
    """A catalog file cannot be read, parsed, or does not fit the catalog format."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(f"{location}: {message}")
        self.message = message
        self.location = location


class UnknownSpaceError(StatuskitError, KeyError):
    """A catalog has no space of the requested name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownCodeError(StatuskitError, KeyError):
    """A space has no code of the requested number or name.

    ``nearest`` holds the closest declared codes, to help the user.
    """

    def __init__(self, message: str, nearest: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.nearest = nearest

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class TemplateError(StatuskitError):
    """A message template does not parse, or its arguments do not match its placeholders."""


class WireError(StatuskitError):
    """Data received or about to be sent does not fit the codec's wire format."""


class UnsendableCodeError(WireError):
    """The transport forbids applications to send this code (e.g. WebSocket close 1006)."""


class UsageError(StatuskitError):
    """An argument given to a statuskit function cannot be used."""
