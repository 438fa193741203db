"""Which files are catalogs: a repository holds other YAML and JSON (CI workflows, package.json).

A catalog declares ``catalog: ID`` at the top level of its document. Walking a directory, and
the pre-commit hooks (``--only-catalogs``), check the files that declare it and skip the rest;
a file named on the command line is checked whatever it holds. The test reads the file's bytes
without parsing it, so walking a large repository stays cheap, and a catalog that is broken
further down is still found (and reported).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")
# A top-level ``catalog:`` key (column 0, plain or quoted) with a scalar on the same line; a
# ``catalog:`` that opens a mapping (pnpm-workspace.yaml's version catalog) is not a catalog id.
_YAML_KEY = re.compile(rb"""^(?:catalog|"catalog"|'catalog')[ \t]*:[ \t]+[^\s#{\[]""", re.MULTILINE)
# In text that starts a mapping with ``{`` but is no JSON (broken JSON, or a YAML flow mapping).
_FLOW_KEY = re.compile(rb"""[{,]\s*(?:catalog|"catalog"|'catalog')\s*:\s*[^\s{\[]""")
# More than this is not read to decide; catalogs declare ``catalog:`` near their start.
_HEAD = 1 << 20


def declares_catalog(path: str) -> bool:
    """True when the file at ``path`` declares ``catalog:`` at the top level (False if unreadable)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
    except OSError:
        return False
    return declares_catalog_bytes(head)


def declares_catalog_bytes(data: bytes) -> bool:
    """The test of :func:`declares_catalog` on a file's (first) bytes."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.lstrip()[:1] == b"{":
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):  # broken or cut JSON: decide by its text
            return _FLOW_KEY.search(data) is not None or _YAML_KEY.search(data) is not None
        return isinstance(value, dict) and isinstance(value.get("catalog"), str)
    return _YAML_KEY.search(data) is not None


def catalog_files(paths: Iterable[str], *, only_catalogs: bool = False) -> list[str]:
    """The files to check: files as given, catalogs found in directories (hidden entries skipped).

    With ``only_catalogs``, files given by name are skipped too unless they declare a catalog.
    """
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or not name.lower().endswith(CATALOG_SUFFIXES):
                        continue
                    file = os.path.join(root, name)
                    if declares_catalog(file):
                        found.append(file)
        elif not only_catalogs or (os.path.exists(path) and declares_catalog(path)):
            found.append(path)
    return found
