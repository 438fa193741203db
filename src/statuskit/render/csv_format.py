"""One CSV row per code: space, code, name, title, description, groups, then every field.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
CR) get a leading ``'``, the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import Catalog

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def render(catalog: Catalog, *, expand: bool = False) -> str:
    fields: dict[str, None] = {}
    for space in catalog.spaces:
        for code in space.all_codes() if expand else space.codes:
            fields.update(dict.fromkeys(code.fields))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["space", "code", "name", "title", "description", "groups", *fields])
    for space in catalog.spaces:
        for code in space.all_codes() if expand else space.codes:
            groups = " ".join(g.key for g in space.groups_of(code.code))
            row = [space.name, code.shown, code.name, code.title, code.description, groups]
            row += [code.fields.get(name) for name in fields]
            writer.writerow([_safe(v) for v in row])
    return buffer.getvalue()
