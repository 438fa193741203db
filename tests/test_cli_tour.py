"""`make run` shows the tour; every step must exit as expected."""

from __future__ import annotations

import pytest

from statuskit import tour


def test_tour_runs_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert tour.run() == 0
    out = capsys.readouterr().out
    assert out.count("\n=== ") == 12
    assert "expected" not in out.replace("as expected", "")
    assert "4008 ratelimited" in out and "breaking" in out
