"""Pieces the commands share: opening a catalog argument, writing output."""

from __future__ import annotations

import argparse
import os
import sys

from ..model import Catalog

STDIN = "-"
STDIN_LABEL = "<stdin>"


def read_input(path: str) -> tuple[str, str]:
    """The text of file ``path``, or of standard input for ``-``, with the name to report it by."""
    from ..loading.utf8 import MAX_FILE_BYTES, decode, read_text

    if path != STDIN:
        return read_text(path), path
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        from ..errors import LoadError, Location

        raise LoadError(f"a catalog may have at most {MAX_FILE_BYTES} bytes", Location(STDIN_LABEL))
    return decode(raw, STDIN_LABEL), STDIN_LABEL


def open_catalog(reference: str) -> Catalog:
    """A catalog file, ``-`` (standard input), or a builtin by name (``http``, ``websocket``, ``grpc``)."""
    from ..loading import load, loads
    from ..registries import builtin, builtin_names

    if reference == STDIN:
        return loads(*read_input(reference))
    if reference in builtin_names() and not os.path.exists(reference):
        return builtin(reference)
    return load(reference)


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog",
        metavar="CATALOG",
        help="a catalog file, - for standard input, or a builtin: http, websocket, grpc",
    )


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of stdout")


def emit(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` atomically."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from ..fileio import atomic_write

    atomic_write(output, text)
