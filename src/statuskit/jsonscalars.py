"""JSON's spelling of null, booleans and numbers, which other languages read the same way.

TypeScript literals and YAML 1.2 plain scalars both read ``null``, ``true``, ``false``, ``42`` and
``0.5`` exactly as JSON does, so generated code (:mod:`statuskit.codegen.literals`) and the text
editor of YAML catalogs (:mod:`statuskit.evolve.textedit`) spell them through this one function;
each decides for itself what to do with text, collections and NaN or the infinities, which JSON
cannot spell.
"""

from __future__ import annotations

import json
import math


def json_scalar(value: object) -> str | None:
    """``value`` as JSON text when it is None, a boolean, an integer or a finite float; else None."""
    if value is None or isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return json.dumps(value)
    return None
