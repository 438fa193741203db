"""Cutting a byte stream into Fernet tokens, however TCP splits or joins them.

FmLTP sends every message after the key exchange as one Fernet token and nothing between
tokens, so the stream itself does not say where a token ends. A token is base64url text of
57 + 16·k bytes (k ≥ 1) and always starts with ``g`` (its version byte 0x80); so a token can only
end where the text reaches one of those lengths and the next character starts a token (or
the data so far ends there). The reader tries those places in order, and the token's own HMAC
(checked by ``Fernet.decrypt``) decides: a wrong guess never decrypts. Whitespace between tokens
is skipped, as the FlexMusic server's base64 decoding ignores it.

The buffer is bounded: a peer that sends more than one token's worth of text that never
decrypts gets :class:`TokenError`, and so does one whose token ends in base64 padding but does
not decrypt (it cannot be the start of a longer token).
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken

MAX_PLAINTEXT = 8192
"""The largest message a reader accepts by default."""

_START = ord("g")
_BETWEEN = b" \t\r\n"


def token_length(plaintext: int) -> int:
    """The length in characters of the token of a ``plaintext``-byte message."""
    raw = 57 + 16 * (plaintext // 16 + 1)
    return 4 * -(-raw // 3)


@cache
def _lengths(limit: int) -> tuple[int, ...]:
    """Every possible token length up to ``limit`` characters, shortest first."""
    found = []
    blocks = 1
    while (size := 4 * -(-(57 + 16 * blocks) // 3)) <= limit:
        found.append(size)
        blocks += 1
    return tuple(found)


class TokenError(ValueError):
    """The peer sent something that is not a token of this session."""


class TokenReader:
    """``feed(bytes)`` → the plaintexts of the tokens completed so far, in order."""

    def __init__(self, fernet: Fernet, max_plaintext: int = MAX_PLAINTEXT) -> None:
        self._fernet = fernet
        self.max_chars = token_length(max_plaintext)
        self._lengths = _lengths(self.max_chars)
        self._buffer = bytearray()
        self._tried = 0
        """Every possible end before this index was tried (or ruled out) already."""

    @property
    def pending(self) -> int:
        """Characters of an unfinished token held so far."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        messages = []
        while (message := self._next()) is not None:
            messages.append(message)
        if len(self._buffer) > self.max_chars:
            raise TokenError(f"no token within {self.max_chars} characters")
        return messages

    def _next(self) -> bytes | None:
        buffer = self._buffer
        skip = 0
        while skip < len(buffer) and buffer[skip] in _BETWEEN:
            skip += 1
        if skip:
            del buffer[:skip]
            self._tried = 0
        available = len(buffer)
        for length in self._lengths:
            if length > available:
                return None
            if length <= self._tried:
                continue
            self._tried = length
            if length < available and buffer[length] != _START and buffer[length] not in _BETWEEN:
                continue
            try:
                message = self._fernet.decrypt(bytes(buffer[:length]))
            except InvalidToken:
                if buffer[length - 1] == ord("="):
                    raise TokenError("a token that does not decrypt with this session's key") from None
                continue
            del buffer[:length]
            self._tried = 0
            return message
        return None
