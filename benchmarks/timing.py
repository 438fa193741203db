"""Side-by-side timing: run the candidate and its baseline interleaved, keep the best of each."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def compare(
    candidate: Callable[[], object], baseline: Callable[[], object], repeat: int = 5
) -> tuple[float, float]:
    """Best times of candidate and baseline, measured in alternation so noise hits both alike."""
    best_candidate = best_baseline = float("inf")
    for _ in range(repeat):
        best_candidate = min(best_candidate, best_of(candidate, 1))
        best_baseline = min(best_baseline, best_of(baseline, 1))
    return best_candidate, best_baseline


def report(name: str, candidate: float, baseline: float, against: str, goal: float) -> None:
    ratio = candidate / baseline
    verdict = "meets" if ratio <= goal else "MISSES"
    print(
        f"{name}: ratio {ratio:.2f}x vs {against} (goal <= {goal}x, {verdict}); "
        f"{candidate * 1000:.2f} ms vs {baseline * 1000:.2f} ms",
        flush=True,
    )
