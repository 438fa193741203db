"""Print the JSON Schema of catalog files, for editors and validators."""

from __future__ import annotations

import argparse
import json

from ...schema import catalog_schema
from ..arguments import add_output_argument, emit
from ..exitcodes import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_output_argument(parser)


def run(args: argparse.Namespace) -> int:
    emit(json.dumps(catalog_schema(), indent=2) + "\n", args.output)
    return EXIT_OK
