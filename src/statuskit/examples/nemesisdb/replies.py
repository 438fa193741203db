"""Building reply messages: every status on the wire passes through ``statuskit.wire.jsonfield``.

NemesisDB replies carry no status text (only ``st`` and, on errors, ``m`` naming the offending
parameter), so every encode uses ``text_key=None``. Nested statuses (per key, per dataset) are
encoded on their own and placed inside the reply, so the recorder sees each of them.
"""

from __future__ import annotations

from typing import Any

from ...model import Space
from ...status import Status
from ...wire import jsonfield
from ..serving import bundled_catalog

Message = dict[str, Any]


class Refusal(Exception):
    """A request the server answers with an error status instead of doing it.

    ``m`` names the offending parameter (empty when there is none); ``arguments`` fill the
    code's message template (``key`` for 22).
    """

    def __init__(self, code: int, m: str = "", /, **arguments: Any) -> None:
        super().__init__(f"{code} {m}")
        self.code = code
        self.m = m
        self.arguments = arguments


class Replies:
    """Statuses of the ``st`` space and the messages that carry them."""

    def __init__(self, space: Space | None = None) -> None:
        self.space = space if space is not None else bundled_catalog("nemesisdb").space("st")
        self._plain: dict[int, Status] = {}

    def status(self, code: int, /, **arguments: Any) -> Status:
        """A status of ``code``; those without template arguments are built once and reused."""
        if arguments:
            return self.space.status(code, **arguments)
        cached = self._plain.get(code)
        if cached is None:
            cached = self._plain[code] = self.space.status(code)
        return cached

    def reply(self, key: str, status: Status, /, **members: Any) -> Message:
        """``{key: {"st": code, **members}}`` through the codec."""
        return jsonfield.encode(status, path=(key, "st"), text_key=None, extra=members)

    def ok(self, command: str, /, **members: Any) -> Message:
        return self.reply(f"{command}_RSP", self.status(1), **members)

    def code(self, command: str, code: int, /, **members: Any) -> Message:
        return self.reply(f"{command}_RSP", self.status(code), **members)

    def nested(self, code: int, /, **arguments: Any) -> int:
        """A bare ``st`` value placed inside a reply (``keys: {k: 20}``), recorded by the codec."""
        encoded = jsonfield.encode(self.status(code, **arguments), path=("st",), text_key=None)
        value: int = encoded["st"]
        return value

    def nested_object(self, code: int, /, **members: Any) -> Message:
        """An object ``{"st": code, **members}`` placed inside a reply (a dataset of SH_LOAD)."""
        return jsonfield.encode(self.status(code), path=("st",), text_key=None, extra=members)

    def refusal(self, command: str, refusal: Refusal, /, **members: Any) -> Message:
        """The error reply for ``refusal``: ``st``, ``m`` and whatever the command echoes (``tkn``)."""
        status = self.status(refusal.code, **refusal.arguments)
        return self.reply(f"{command}_RSP", status, **members, m=refusal.m)

    def frame_error(self, code: int) -> Message:
        """``{"ERR": {"st": code, "m": ""}}`` for a frame whose command cannot be known."""
        return self.reply("ERR", self.status(code), m="")
