"""Evolving catalogs safely: compare versions, allocate and retire codes, keep files formatted.

diff_catalogs(old, new)        classified changes (statuskit.evolve.diff)
format_changes(changes, fmt)   text, json or markdown (statuskit.evolve.report)
load_reference("main:a.yaml")  a catalog from a file or a git reference (statuskit.evolve.revision)
add_code / retire_code         round-trip edits that keep comments (statuskit.evolve.edit)
format_catalog_text            the canonical layout, comments kept (statuskit.evolve.fmt)
"""

from __future__ import annotations

from .changes import Change
from .diff import CLIENT_FIELDS, diff_catalogs
from .report import FORMATS, format_changes
from .revision import load_reference, read_reference

__all__ = [
    "CLIENT_FIELDS",
    "FORMATS",
    "Change",
    "diff_catalogs",
    "format_changes",
    "load_reference",
    "read_reference",
]
