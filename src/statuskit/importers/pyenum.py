"""A Python ``IntEnum`` → one space: member names become names, ``phrase`` and ``description``
attributes (as on :class:`http.HTTPStatus`) become titles and meanings, else the member's own
docstring when it differs from the class's.

Importing the module runs its code, as ``python -c "import module"`` would.
"""

from __future__ import annotations

import enum
import importlib
import inspect
from typing import Any

from ..errors import LoadError, Location
from .report import Report


def import_enum(target: str, report: Report, *, catalog_id: str | None) -> dict[str, Any]:
    """The catalog data of ``package.module:EnumName``."""
    module_name, _, attribute = target.partition(":")
    where = Location(f"python:{target}")
    if not module_name or not attribute:
        raise LoadError("expected python:package.module:EnumName", where)
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise LoadError(f"cannot import module {module_name!r}: {error}", where) from None
    except Exception as error:
        raise LoadError(f"importing {module_name!r} failed: {type(error).__name__}: {error}", where) from None
    found: Any = module
    for part in attribute.split("."):
        found = getattr(found, part, None)
        if found is None:
            raise LoadError(f"module {module_name!r} has no {attribute!r}", where)
    if not (isinstance(found, type) and issubclass(found, enum.IntEnum)):
        raise LoadError(f"{attribute!r} is not an IntEnum class", where)
    codes: list[dict[str, Any]] = []
    for member in found:
        entry: dict[str, Any] = {"code": int(member.value), "name": member.name}
        title = getattr(member, "phrase", None)
        description = getattr(member, "description", None)
        doc = member.__doc__ if member.__doc__ != found.__doc__ else None
        if isinstance(title, str) and title:
            entry["title"] = title
        if isinstance(description, str) and description:
            entry["description"] = description
        elif doc and doc.strip():
            entry["description"] = " ".join(doc.split())
        codes.append(entry)
    for alias, member in found.__members__.items():
        if alias != member.name:
            report.add(None, "duplicate", f"{alias} is an alias of {member.name} ({int(member.value)})")
    report.layout = f"one space: the members of {found.__qualname__}"
    space: dict[str, Any] = {"name": "status", "title": found.__name__, "codes": codes}
    if found.__doc__ and found.__doc__ != enum.IntEnum.__doc__:
        space["description"] = inspect.cleandoc(found.__doc__)
    ident = catalog_id or found.__name__.lower()
    return {"catalog": ident, "title": found.__name__, "spaces": [space]}
