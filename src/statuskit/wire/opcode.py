"""Gateway frames ``{"op", "d", "s", "t"}``: the opcode is the status."""

from __future__ import annotations

from typing import Any

from ..errors import WireError
from ..model import Space
from ..status import Status
from . import record
from .jsonmessage import code_value, parse

TRANSPORT = "opcode"
FRAME_KEYS = ("op", "d", "s", "t")


def encode(
    status: Status,
    *,
    d: Any = None,
    s: int | None = None,
    t: str | None = None,
    operation: str | None = None,
    **members: Any,
) -> dict[str, Any]:
    """The frame for ``status``; ``members`` (and the status's data) go beside ``op, d, s, t``."""
    frame: dict[str, Any] = {"op": status.code, "d": d, "s": s, "t": t}
    for key, value in status.data.items():
        if key not in frame:
            frame[key] = value
    frame.update(members)
    record.emitted(status, TRANSPORT, operation)
    return frame


def decode(frame: dict[str, Any] | str | bytes, space: Space) -> Status:
    """The opcode of a frame as a status; every other member of the frame becomes ``data``."""
    value = parse(frame, "the frame")
    if not isinstance(value, dict):
        raise WireError("a gateway frame must be a JSON object")
    if "op" not in value:
        raise WireError("the frame has no 'op' member")
    code = code_value(value["op"], "the frame's op")
    data = {k: v for k, v in value.items() if k != "op"}
    status = Status.received(space, code, data=data)
    record.received(status, TRANSPORT)
    return status
