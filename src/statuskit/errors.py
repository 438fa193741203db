"""Every error statuskit raises, in one tree.

    StatuskitError                 base of everything below; catch this to catch all
    ├── LoadError                  a catalog file cannot be read, parsed or does not fit the format
    │                              (carries .location: file, line, column)
    ├── UnknownSpaceError          a catalog has no space of that name (also a KeyError)
    ├── UnknownCodeError           a space has no code of that number or name (also a KeyError)
    ├── UnknownBuiltinError        no builtin catalog (or space of one) of that name (also a
    │                              LookupError)
    ├── PatternError               a digit pattern (4xx, x1x) does not parse (also a ValueError)
    ├── TemplateError              a message template does not parse, or was filled with
    │                              missing or unknown arguments
    ├── StatusError                a status raised as an exception (carries .status and .code);
    │                              handlers and integrations answer with its status
    ├── WireError                  bytes on the wire do not fit the codec's format
    │   └── UnsendableCodeError    a code the transport forbids applications to send
    ├── UsageError                 an argument to a statuskit function is not usable
    │   └── AllocationError        no code can be added as asked (group full, code taken,
    │                              retired or reserved)
    ├── WriteError                 a file cannot be written (carries .path)
    ├── FormatError                a catalog cannot be put in canonical order without risk
    ├── UnsupportedEditError       a catalog's text has a shape the line editor leaves alone (the
    │                              editors then fall back to the round-trip document; internal)
    ├── UnusualYamlError           a YAML file has a shape the fast builder leaves to the full one
    │                              (aliases, tags, merge keys...; the loader falls back; internal)
    ├── RecordError                a conformance record file cannot be read or has no record format
    └── OtlpError                  an OTLP export request cannot be read (carries .status, the
                                   HTTP status to answer with)

Every class is defined here; the modules that raise them (``statuskit.status``,
``statuskit.fileio``, ``statuskit.evolve``...) import them from here, and the public ones are
exported from ``statuskit`` itself. The reference servers in ``statuskit.examples`` refuse
requests with their catalog's statuses (``StatusError``), not with classes of their own here.

The command line maps these to exit codes (see ``statuskit.cli``); the library itself never
prints or exits.
"""

from __future__ import annotations

from ._frozen import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any


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

    def __init__(self, message: str, nearest: tuple[int | str, ...] = ()) -> None:
        super().__init__(message)
        self.nearest = nearest

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownBuiltinError(StatuskitError, LookupError):
    """There is no builtin catalog of that name, or it has no space of that name."""


class PatternError(StatuskitError, ValueError):
    """A digit pattern does not parse; the message says where and what was expected."""


class TemplateError(StatuskitError):
    """A message template does not parse, or its arguments do not match its placeholders."""


class StatusError(StatuskitError):
    """A status raised as an exception; handlers and integrations turn it into a response.

    ``status`` is the :class:`statuskit.Status` raised (``space.error(...)`` or
    ``status.error()`` make one). It is typed loosely here because ``Status`` is built on the
    model, which itself raises the errors of this module.
    """

    def __init__(self, status: Any) -> None:
        super().__init__(str(status))
        self.status: Any = status

    @property
    def code(self) -> int:
        """The status code, as ``status.code``."""
        code: int = self.status.code
        return code


class WireError(StatuskitError):
    """Data received or about to be sent does not fit the codec's wire format."""


class UnsendableCodeError(WireError):
    """The transport forbids applications to send this code (e.g. WebSocket close 1006)."""


class UsageError(StatuskitError):
    """An argument given to a statuskit function cannot be used."""


class AllocationError(UsageError):
    """No code can be handed out as asked (group full, code taken, retired or reserved)."""


class WriteError(StatuskitError):
    """A file could not be written."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(f"{Location(path)}: {message}")
        self.path = path


class FormatError(StatuskitError):
    """A file could not be put in canonical order without risk to its content."""


class UnsupportedEditError(StatuskitError):
    """The text has a shape the line editor does not edit; use the round-trip document instead."""


class UnusualYamlError(StatuskitError):
    """A YAML file has a shape the fast builder leaves to the full builder, which says what is wrong."""


class RecordError(StatuskitError):
    """A record file cannot be read or does not have the record format."""


class OtlpError(StatuskitError):
    """An OTLP export request that cannot be read; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
