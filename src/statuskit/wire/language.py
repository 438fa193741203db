"""Choosing a language for a status from an HTTP ``Accept-Language`` header (RFC 9110, 12.5.4)."""

from __future__ import annotations

from ..status import Status

MAX_HEADER = 4096


def preferences(header: str | None) -> list[str]:
    """The language tags of ``header``, most wanted first; ``*`` and q=0 are left out."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(header[:MAX_HEADER].split(",")):
        tag, _, parameters = item.strip().partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*" or not all(part.isalnum() and len(part) <= 8 for part in tag.split("-")):
            continue
        quality = 1.0
        parameter = parameters.strip().lower()
        if parameter.startswith("q="):
            try:
                quality = float(parameter[2:])
            except ValueError:
                continue
        if 0 < quality <= 1:
            weighted.append((-quality, index, tag))
    weighted.sort()
    return [tag for _, _, tag in weighted]


def choose(status: Status, header: str | None) -> str | None:
    """The first wanted language the status's code is translated into (``de-AT`` finds ``de``)."""
    entry = status.entry
    if entry is None or not entry.i18n or not header:
        return None
    available = {key.lower() for key in entry.i18n}
    for tag in preferences(header):
        while tag:
            if tag in available:
                return tag
            tag = tag.rpartition("-")[0]
    return None
