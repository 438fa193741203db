"""Pieces the commands share: opening a catalog argument, writing output."""

from __future__ import annotations

import argparse
import os
import sys

from ..model import Catalog


def open_catalog(reference: str) -> Catalog:
    """A catalog file, or a builtin catalog by name (``http``, ``websocket``, ``grpc``)."""
    from ..loading import load
    from ..registries import builtin, builtin_names

    if reference in builtin_names() and not os.path.exists(reference):
        return builtin(reference)
    return load(reference)


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog", metavar="CATALOG", help="a catalog file, or a builtin: http, websocket, grpc"
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
