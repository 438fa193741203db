"""missing-http-status: a code of an HTTP-carried space that has no HTTP status.

A space whose codes travel in HTTP bodies (it declares or sets an ``http`` field, like kAPI's
JSON error codes) needs an HTTP status for every code: the code's own ``http`` field or a
default of one of its groups. Without one, a server cannot send the code (the Starlette
integration refuses such a space at start-up) and clients cannot tell how it arrives. Spaces of
transport ``http`` are their own statuses (see transport-limits).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...errors import UsageError
from ...model import Catalog, Space
from ..finding import Problem
from ..walk import where

ID = "missing-http-status"
CATEGORY = "transport"
SEVERITY = "warning"
OPTIONS: Mapping[str, Any] = {}
FIELD = "http"


def http_carried(space: Space) -> bool:
    """True when ``space`` travels over HTTP in bodies: it declares or sets an ``http`` field."""
    if space.transport == "http":
        return False
    return (
        FIELD in space.fields
        or any(FIELD in group.defaults for group in space.groups)
        or any(FIELD in code.fields for code in space.codes)
    )


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    from ...status import Status
    from ...wire.httpjson import http_status_of

    for space in catalog.spaces:
        if not http_carried(space):
            continue
        for entry in space.codes:
            try:
                http_status_of(Status.received(space, entry.code))
            except UsageError:
                yield Problem(
                    f"code {entry.code} of space {space.name!r} has no HTTP status; give it an "
                    f"'{FIELD}' field or put it in a group whose defaults set one",
                    where(entry, "code"),
                    space.name,
                    entry.code,
                )
