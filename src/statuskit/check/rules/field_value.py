"""field-value: a field value that does not fit the field's declared type or enum.

Fields are declared per space (``fields: {action: {enum: [resume, abort, restart]}}``) and set on
codes or as group defaults. ``outcome`` is declared for every space: success, failure or info.
A field that is not declared at all is reported too, since clients cannot know its type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...model import Catalog
from ..finding import Problem
from ..walk import where

ID = "field-value"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: Mapping[str, Any] = {}


def check(catalog: Catalog, options: Mapping[str, Any]) -> Iterator[Problem]:
    for space in catalog.spaces:
        specs = space.field_specs()
        declared = ", ".join(sorted(specs))
        sources = [(g, g.defaults, None) for g in space.groups] + [(c, c.fields, c.code) for c in space.codes]
        for item, values, code in sources:
            for name, value in values.items():
                spec = specs.get(name)
                if spec is None:
                    message = f"field {name!r} is not declared in space {space.name!r} (declared: {declared})"
                else:
                    problem = spec.problem(value)
                    if problem is None:
                        continue
                    message = problem
                yield Problem(
                    message, where(item, "fields" if code is not None else "defaults"), space.name, code
                )
