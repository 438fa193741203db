"""Numeric options with bounds, as argparse types, worded the same everywhere.

Every number statuskit takes on a command line (the reference servers' limits and timeouts,
``statuskit live --max-body``, the pytest plugin's ``--statuskit-fail-under``) has a lowest and a
highest value, so that no option can ask for a negative timeout, an endless wait or more memory
than the machine has; NaN and the infinities are never within bounds. A wrong value is refused by
argparse (exit status 2) with one message shape: ``expected 1 to 64 connections, not 0``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def bounded(
    kind: type[int] | type[float], low: float, high: float, unit: str = "", *, expected: str = ""
) -> Callable[[str], int | float]:
    """An argparse type: a whole number (``kind`` int) or a number (float) from ``low`` to ``high``.

    ``unit`` names what is counted (``seconds``, ``bytes``); ``expected`` replaces the wording of
    both messages (``a port in 0-65535``) where the range alone would not say enough.
    """
    of_unit = f" {unit}" if unit else ""
    number = f"{'a whole number' if kind is int else 'a number'}{' of' + of_unit if unit else ''}"
    within = f"{_shown(low)} to {_shown(high)}{of_unit}"

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected or number}, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {expected or within}, not {text}")
        return value

    convert.__name__ = kind.__name__
    return convert


def _shown(bound: float) -> str:
    """A bound as people write it: 1000000000 rather than 1e+09, 0.001 as it is."""
    return str(int(bound)) if float(bound).is_integer() else f"{bound:g}"


percent = bounded(float, 0, 100, expected="a percentage from 0 to 100")
"""An argparse type: a coverage threshold (``--fail-under``, ``--statuskit-fail-under``)."""
