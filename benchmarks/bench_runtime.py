"""Runtime codecs against the plain Python they replace, measured side by side in one run.

problem-json-encode  httpjson.problem(status) vs json.dumps of the same, prebuilt dict
line-decode          line.decode(reply, space) vs bytes.split plus int()
otel-no-sdk          line.encode(status) with opentelemetry-api installed but no SDK vs the same
                     call with OpenTelemetry off (as without the package)
"""

from __future__ import annotations

import json
import os
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import statuskit
from statuskit.wire import httpjson, line, record

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


def bench_telemetry() -> tuple[float, float] | None:
    """line.encode with the OpenTelemetry API (no SDK) vs with it off; None without the API."""
    space = statuskit.load(ROOT / "catalogs" / "fmltp.yaml").space("status")
    status = space.status(420, detail="no such track")

    def encode() -> object:
        return line.encode(status)

    if not record.set_telemetry(True):
        return None
    encode()
    best_on = best_off = float("inf")
    try:
        for _ in range(9):
            record.set_telemetry(True)
            best_on = min(best_on, timeit.timeit(encode, number=50000) / 50000)
            record.set_telemetry(False)
            best_off = min(best_off, timeit.timeit(encode, number=50000) / 50000)
    finally:
        record.set_telemetry(True)
    return best_on, best_off


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
    telemetry = bench_telemetry()
    if telemetry is None:
        print("otel-no-sdk: skipped, opentelemetry-api is not installed")
    else:
        on, off = telemetry
        print(
            f"otel-no-sdk: ratio {on / off:.2f}x vs OpenTelemetry off "
            f"({on * 1e6:.2f} us vs {off * 1e6:.2f} us; goal <= 1.2x)"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
