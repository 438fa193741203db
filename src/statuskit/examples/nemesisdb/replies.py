"""Building reply messages: every status on the wire passes through ``statuskit.wire.jsonfield``.

NemesisDB replies carry no status text, so every encode uses ``text_key=None``. The real server
has four shapes of error reply, kept here by name: :meth:`Replies.error` (``st``, ``tkn: null``,
``m``), :meth:`Replies.error_token` (``st``, the token, ``m: ""``), :meth:`Replies.error_plain`
(``st``, ``m``) and :meth:`Replies.frame_error` (``{"ERR": {"st", "m"}}``). A reply that carries
no status (``KV_SET_RSP``, ``KV_GET_RSP``, ``SH_INFO_ALL_RSP``) is built with :meth:`Replies.plain`
and puts no status on the wire; statuses nested per key (``KV_SET``, ``KV_RMV``) or per dataset
(``SH_LOAD``) are encoded one by one, so the recorder sees each of them.
"""

from __future__ import annotations

from typing import Any

from ...model import Space
from ...status import Status
from ...wire import jsonfield
from ..serving import bundled_catalog

Message = dict[str, Any]


class Refused(Exception):
    """The request is answered with ``reply`` (an error) instead of being done."""

    def __init__(self, reply: Message) -> None:
        super().__init__(next(iter(reply), ""))
        self.reply = reply


class Replies:
    """Statuses of the ``st`` space and the messages that carry them."""

    def __init__(self, space: Space | None = None) -> None:
        self.space = space if space is not None else bundled_catalog("nemesisdb").space("st")
        self._plain: dict[int, Status] = {}

    def status(self, code: int, /, **arguments: Any) -> Status:
        """The status of ``code``; those without template arguments are built once and reused."""
        if arguments:
            return self.space.status(code, **arguments)
        cached = self._plain.get(code)
        if cached is None:
            cached = self._plain[code] = self.space.status(code)
        return cached

    def reply(self, key: str, code: int | Status, /, **members: Any) -> Message:
        """``{key: {"st": code, **members}}`` through the codec."""
        status = code if isinstance(code, Status) else self.status(code)
        return jsonfield.encode(status, path=(key, "st"), text_key=None, extra=members)

    @staticmethod
    def plain(key: str, /, **members: Any) -> Message:
        """``{key: {**members}}``: a reply that carries no status."""
        return {key: members}

    def error(self, key: str, code: int, m: str = "") -> Message:
        """``{key: {"st": code, "tkn": null, "m": m}}``, the real server's usual error."""
        return self.reply(key, code, tkn=None, m=m)

    def error_token(self, key: str, code: int, token: int) -> Message:
        """``{key: {"st": code, "tkn": token, "m": ""}}``: the session of ``token`` does not exist."""
        return self.reply(key, code, tkn=token, m="")

    def error_plain(self, key: str, code: int, m: str = "") -> Message:
        """``{key: {"st": code, "m": m}}``, the error of the commands that take no token."""
        return self.reply(key, code, m=m)

    def frame_error(self, code: int) -> Message:
        """``{"ERR": {"st": code, "m": ""}}`` for a frame whose command cannot be known."""
        return self.reply("ERR", code, m="")

    def nested(self, code: int, /, **arguments: Any) -> int:
        """A bare ``st`` value placed inside a reply (``keys: {k: 20}``), recorded by the codec."""
        encoded = jsonfield.encode(self.status(code, **arguments), path=("st",), text_key=None)
        value: int = encoded["st"]
        return value

    def nested_object(self, code: int, /, **members: Any) -> Message:
        """An object ``{"st": code, **members}`` placed inside a reply (a dataset of ``SH_LOAD``)."""
        return jsonfield.encode(self.status(code), path=("st",), text_key=None, extra=members)
