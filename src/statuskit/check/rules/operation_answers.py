"""operation-answers: an operation's answers, or the catalog's ``always``, name something undeclared.

Every ``answers`` entry of an operation, and every entry of ``always``, names a space of the
catalog and, in it, declared codes or groups (a pattern such as ``4xx``, a range ``low-high`` or
a list name). An answer that names nothing would let a server send a code no test or client can
check against: conformance checks treat it as allowing nothing. Two operations recognised the
same way on the wire (the same method and route, command, line keyword or opcode) are reported
too, since a status could not be told to one of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...answers import resolve
from ...model import Catalog
from ..finding import Problem

ID = "operation-answers"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for problem in resolve(catalog, catalog.always)[1]:
        yield Problem(f"always: {problem.why}", catalog.locations.get("always"), problem.space, problem.item)
    seen: dict[str, str] = {}
    for operation in catalog.operations:
        for problem in resolve(catalog, operation.answers)[1]:
            yield Problem(
                f"operation {operation.name!r}: {problem.why}",
                operation.location,
                problem.space,
                problem.item,
            )
        wire = operation.wire
        if wire in seen:
            yield Problem(
                f"operations {seen[wire]!r} and {operation.name!r} are both recognised as {wire}",
                operation.location,
            )
        seen.setdefault(wire, operation.name)
