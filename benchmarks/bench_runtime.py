"""Runtime codecs against the plain Python they replace, measured side by side in one run.

problem-json-encode  httpjson.problem(status) vs json.dumps of the same, prebuilt dict
line-decode          line.decode(reply, space) vs bytes.split plus int()
"""

from __future__ import annotations

import json
import os
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import statuskit
from statuskit.wire import httpjson, line

ROOT = Path(__file__).resolve().parent.parent


def _pair(ours: Callable[[], object], baseline: Callable[[], object], number: int) -> tuple[float, float]:
    """Best time per call of each, measured in alternation so that both see the same machine load."""
    best_ours = best_base = float("inf")
    for _ in range(9):
        best_ours = min(best_ours, timeit.timeit(ours, number=number) / number)
        best_base = min(best_base, timeit.timeit(baseline, number=number) / number)
    return best_ours, best_base


def bench_problem_encode() -> tuple[float, float]:
    catalog = statuskit.load(ROOT / "catalogs" / "kapi.yaml")
    space = catalog.space("json")
    status = space.status(10001, user_id=7)
    body = httpjson.problem(status, type_base="https://kapi.example/errors/").json
    prebuilt = dict(body)

    def ours() -> object:
        return httpjson.problem(status, type_base="https://kapi.example/errors/")

    def baseline() -> object:
        return json.dumps(prebuilt, ensure_ascii=False, separators=(",", ":")).encode()

    return _pair(ours, baseline, 20000)


def bench_line_decode() -> tuple[float, float]:
    catalog = statuskit.load(ROOT / "catalogs" / "fmltp.yaml")
    space = catalog.space("status")
    reply = b"200 General success.\r\n"

    def ours() -> object:
        return line.decode(reply, space)

    def baseline() -> object:
        code, text = reply[:-2].split(b" ", 1)
        return int(code), text

    return _pair(ours, baseline, 50000)


def main() -> None:
    os.environ.pop("STATUSKIT_RECORD", None)
    encode, dumps = bench_problem_encode()
    print(
        f"problem-json-encode: ratio {encode / dumps:.2f}x vs json.dumps of the prebuilt dict "
        f"({encode * 1e6:.2f} us vs {dumps * 1e6:.2f} us; goal <= 1.3x)"
    )
    decode, split = bench_line_decode()
    print(
        f"line-decode: ratio {decode / split:.2f}x vs bytes.split plus int() "
        f"({decode * 1e6:.2f} us vs {split * 1e6:.2f} us; goal <= 2x)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
