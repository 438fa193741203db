"""Line replies: ``NNN text\\r\\n``, and multi-line replies ``NNN-first\\r\\n … NNN last\\r\\n``.

Encoding replaces CR, LF and every other control character in the text with a space, so that
neither catalog text nor user input can inject a reply of its own. Decoding is strict: lines end
with CRLF, start with the code (as many digits as the space declares, else one to nine), then a
space, a hyphen (more lines follow) or the line end; a multi-line reply repeats the same code on
every line; a line longer than ``max_line`` bytes is refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import WireError
from ..model import Space
from ..status import Status
from . import record
from .oneline import has_control, one_line

TRANSPORT = "line"
MAX_LINE = 4096
_PRINTABLE = bytes(range(0x20, 0x7F))
"""Printable ASCII: a body left empty once these are deleted needs no further checks."""


def encode(
    status: Status,
    *,
    lang: str | None = None,
    lines: Iterable[str] | None = None,
    operation: str | None = None,
) -> bytes:
    """The reply for ``status``; with ``lines``, a multi-line reply whose first line is the text."""
    code = _code_text(status.space, status.code)
    first = one_line(status.message(lang))
    record.emitted(status, TRANSPORT, operation)
    if lines is None:
        return f"{code} {first}\r\n".encode()
    texts = [first, *(one_line(_as_text(line)) for line in lines)]
    last = len(texts) - 1
    out = [f"{code}{' ' if i == last else '-'}{text}\r\n" for i, text in enumerate(texts)]
    return "".join(out).encode()


def decode(data: bytes, space: Space, *, max_line: int = MAX_LINE) -> Status:
    """One whole reply (one or more lines, ending with CRLF) as a status."""
    if type(data) is bytes and len(data) <= max_line and data.endswith(b"\r\n"):
        # The common case, one line of printable ASCII: slices and C-level byte checks only.
        width = space.digits or data.find(b" ")
        if 0 < width <= 9 and data[width : width + 1] == b" ":
            digits = data[:width]
            body = data[width + 1 : -2]
            if digits.isdigit() and not body.translate(None, _PRINTABLE):
                quick = Status.received(space, int(digits), text=body.decode("ascii"))
                record.received(quick, TRANSPORT)
                return quick
    if not isinstance(data, bytes | bytearray | memoryview):
        raise WireError(f"a line reply is bytes, not {type(data).__name__}")
    raw = bytes(data)
    if not raw.endswith(b"\r\n"):
        raise WireError("a line reply must end with CRLF")
    parts = raw[:-2].split(b"\r\n")
    reader = _Reply(space, max_line)
    status: Status | None = None
    for number, part in enumerate(parts, start=1):
        status = reader.add(part, number)
        if status is not None and number != len(parts):
            raise WireError(f"line {number}: the reply ended, but {len(parts) - number} more line(s) follow")
    if status is None:
        raise WireError(f"line {len(parts)}: the reply's last line must be 'CODE text', not 'CODE-text'")
    record.received(status, TRANSPORT)
    return status


class LineReader:
    """Decode replies from a byte stream that arrives in pieces: ``feed(chunk) -> [Status, ...]``."""

    def __init__(self, space: Space, max_line: int = MAX_LINE) -> None:
        self.space = space
        self.max_line = max_line
        self._buffer = bytearray()
        self._reply = _Reply(space, max_line)
        self._line_number = 0

    def feed(self, chunk: bytes) -> list[Status]:
        """The replies completed by ``chunk``; WireError on malformed input (then start afresh)."""
        self._buffer += chunk
        done: list[Status] = []
        try:
            while True:
                end = self._buffer.find(b"\r\n")
                if end < 0:
                    self._check_pending()
                    return done
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 2]
                self._line_number += 1
                status = self._reply.add(line, self._line_number)
                if status is not None:
                    record.received(status, TRANSPORT)
                    done.append(status)
        except WireError:
            self.reset()
            raise

    def reset(self) -> None:
        """Forget any partial reply."""
        self._buffer.clear()
        self._reply = _Reply(self.space, self.max_line)

    @property
    def pending(self) -> bool:
        """True while a reply has started but not ended."""
        return bool(self._buffer) or self._reply.started

    def _check_pending(self) -> None:
        pending = self._buffer
        if len(pending) > self.max_line:
            raise WireError(f"line {self._line_number + 1}: longer than {self.max_line} bytes")
        bare = pending.find(b"\n")
        if bare >= 0 or pending.find(b"\r", 0, len(pending) - 1) >= 0:
            raise WireError(f"line {self._line_number + 1}: a bare CR or LF inside a line")


class _Reply:
    """The lines of one reply so far."""

    def __init__(self, space: Space, max_line: int) -> None:
        self.space = space
        self.max_line = max_line
        self.code: int | None = None
        self.texts: list[str] = []

    @property
    def started(self) -> bool:
        return self.code is not None

    def add(self, line: bytes, number: int) -> Status | None:
        """Add one line (without CRLF); the status when it was the reply's last line."""
        if len(line) + 2 > self.max_line:
            raise WireError(f"line {number}: longer than {self.max_line} bytes")
        if b"\r" in line or b"\n" in line:
            raise WireError(f"line {number}: a bare CR or LF inside a line")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise WireError(f"line {number}, byte {error.start + 1}: not valid UTF-8") from None
        code, separator, rest = _split(text, self.space.digits, number)
        if self.code is not None and code != self.code:
            raise WireError(f"line {number}: code {code} inside a reply that started with {self.code}")
        self.code = code
        self.texts.append(rest)
        if separator == "-":
            return None
        texts, self.code, self.texts = self.texts, None, []
        data = {"lines": texts[1:]} if len(texts) > 1 else {}
        return Status.received(self.space, code, text=texts[0], data=data)


def _split(text: str, digits: int | None, number: int) -> tuple[int, str, str]:
    width = 0
    while width < len(text) and "0" <= text[width] <= "9":
        width += 1
    expected = f"{digits} digits" if digits else "1 to 9 digits"
    if width == 0 or (digits and width != digits) or (not digits and width > 9):
        shown = text[:20] + ("…" if len(text) > 20 else "")
        raise WireError(f"line {number}: expected a code of {expected} at the start, got {shown!r}")
    separator = text[width : width + 1]
    if separator not in ("", " ", "-"):
        raise WireError(
            f"line {number}, column {width + 1}: expected a space or '-' after the code, got {separator!r}"
        )
    if has_control(text):
        raise WireError(f"line {number}: control character in the text")
    return int(text[:width]), separator or " ", text[width + 1 :]


def _code_text(space: Space, code: int | str) -> str:
    if isinstance(code, str):
        if not code or any(char.isspace() or char == "-" for char in code):
            raise WireError(f"code {code!r} cannot be sent on a line: it has a space or a dash")
        return code
    if code < 0:
        raise WireError(f"code {code} cannot be sent on a line: codes are non-negative")
    return str(code).zfill(space.digits) if space.digits else str(code)


def _as_text(line: object) -> str:
    if not isinstance(line, str):
        raise WireError(f"reply lines are strings, not {type(line).__name__}")
    return line
