"""Cutting a byte stream into command lines, with a bound on how long a line may be.

A line ends with LF, optionally preceded by CR. A line longer than ``max_line`` bytes (its
line ending not counted) is reported once, as None, and the rest of it is dropped as it
arrives, so memory never holds more than one line.
"""

from __future__ import annotations

MAX_LINE = 4096


class LineSplitter:
    """``feed(bytes)`` → the complete lines so far; None in place of each over-long line."""

    def __init__(self, max_line: int = MAX_LINE) -> None:
        self.max_line = max_line
        self._buffer = bytearray()
        self._discarding = False

    def feed(self, data: bytes) -> list[bytes | None]:
        lines: list[bytes | None] = []
        start = 0
        while True:
            end = data.find(b"\n", start)
            if end < 0:
                if not self._discarding:
                    self._buffer += data[start:]
                    if self._too_long(self._buffer):
                        lines.append(None)
                        self._buffer.clear()
                        self._discarding = True
                return lines
            piece = data[start:end]
            start = end + 1
            if self._discarding:
                self._discarding = False
                continue
            self._buffer += piece
            line = bytes(self._buffer)
            self._buffer.clear()
            if line.endswith(b"\r"):
                line = line[:-1]
            lines.append(None if len(line) > self.max_line else line)

    def _too_long(self, partial: bytearray) -> bool:
        """An unfinished line is too long once it cannot end within the limit."""
        if len(partial) <= self.max_line:
            return False
        # One byte over is still fine if it is the CR of the coming CRLF.
        return len(partial) > self.max_line + 1 or not partial.endswith(b"\r")
