"""``space[code]`` against a plain dict holding the same codes (goal <= 1.5x), for integer, hex and
string spaces, and what stands in the way.

A Space subclasses dict, so a hit costs the same C lookup as a dict; the difference is in the
interpreter. CPython 3.11+ specialises ``container[key]`` to ``BINARY_SUBSCR_DICT`` only for an
exact dict; for any subclass the instruction stays generic (``BINARY_SUBSCR_ADAPTIVE`` /
``BINARY_SUBSCR``) and goes through ``PyObject_GetItem``. The report prints the instruction each
loop ran with, so the cause is visible next to the ratio.
"""

from __future__ import annotations

import dis
import io
import sys
from pathlib import Path
from typing import Any

try:
    from benchmarks.timing import compare, report
except ImportError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.timing import compare, report

import statuskit

KINDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "kinds" / "kinds.yaml"


def _lookups(mapping: Any, keys: list[Any]) -> None:
    for key in keys:
        mapping[key]


def _plain_lookups(mapping: Any, keys: list[Any]) -> None:
    for key in keys:
        mapping[key]


def _subscript_instruction(function: Any) -> str:
    out = io.StringIO()
    dis.dis(function, adaptive=True, file=out)
    return next((line.split()[-1] for line in out.getvalue().splitlines() if "SUBSCR" in line), "?")


def bench(name: str, space: statuskit.Space) -> None:
    plain = dict(space)
    keys = list(plain) * max(1, 30_000 // len(plain))

    def with_space() -> None:
        _lookups(space, keys)

    def with_dict() -> None:
        _plain_lookups(plain, keys)

    candidate, baseline = compare(with_space, with_dict, repeat=30)
    report(f"lookup-code-{name}", candidate, baseline, "a plain dict lookup", 1.5)


def main() -> None:
    bench("integer-http", statuskit.builtin("http").space())
    kinds = statuskit.load(KINDS)
    bench("hex", kinds.space("hresult"))
    bench("string", kinds.space("sqlstate"))
    print(
        f"why: space[code] runs {_subscript_instruction(_lookups)}, "
        f"the dict runs {_subscript_instruction(_plain_lookups)} (CPython {sys.version.split()[0]})",
        flush=True,
    )


if __name__ == "__main__":
    main()
