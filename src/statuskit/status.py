"""Status values: a code of a space as it travels, with its wire text and extra data.

``space.status(22, key="a")`` fills the code's message template ("key a does not exist");
a missing or unknown argument raises :class:`~statuskit.errors.TemplateError` at the call, so a
half-filled message never reaches the wire. A status of an undeclared code (as decoded from the
wire) has ``entry`` None and is still a value, never an exception.

This is where users import :class:`Status` from; the class is defined with the model it refers to
(``statuskit.model``), and :class:`StatusError` with the other errors (``statuskit.errors``).
"""

from __future__ import annotations

from .errors import StatusError, UnknownCodeError
from .model import Status

__all__ = ["Status", "StatusError", "UnknownCodeError"]
