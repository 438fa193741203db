"""Numeric options: every bound is enforced and every refusal says what was expected."""

from __future__ import annotations

import argparse

import pytest

from statuskit.argtypes import bounded


def test_values_within_bounds_are_converted_to_the_kind() -> None:
    whole = bounded(int, 1, 10, "connections")
    assert whole("1") == 1 and whole("10") == 10 and type(whole("5")) is int
    assert bounded(float, 0, 1.5, "seconds")("0.25") == 0.25


@pytest.mark.parametrize(
    ("kind", "low", "high", "text", "message"),
    [
        (int, 1, 10, "0", "expected 1 to 10 connections, not 0"),
        (int, 1, 10, "11", "expected 1 to 10 connections, not 11"),
        (int, 1, 10, "2.5", "expected a whole number of connections, not '2.5'"),
        (float, 0.01, 86_400, "nan", "expected 0.01 to 86400 seconds, not nan"),
        (float, 0.01, 86_400, "inf", "expected 0.01 to 86400 seconds, not inf"),
        (float, 0, 10**9, "-1", "expected 0 to 1000000000 seconds, not -1"),
        (float, 0, 10**9, "soon", "expected a number of seconds, not 'soon'"),
    ],
)
def test_values_outside_bounds_are_refused_with_the_range(
    kind: type[int] | type[float], low: float, high: float, text: str, message: str
) -> None:
    unit = "connections" if kind is int else "seconds"
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        bounded(kind, low, high, unit)(text)
    assert str(refused.value) == message


def test_expected_words_replace_both_messages() -> None:
    percent = bounded(float, 0, 100, expected="a percentage from 0 to 100")
    for text, shown in (("120", "120"), ("most", "'most'")):
        with pytest.raises(
            argparse.ArgumentTypeError, match=f"^expected a percentage from 0 to 100, not {shown}$"
        ):
            percent(text)


def test_argparse_names_the_option() -> None:
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--max-body", type=bounded(int, 1024, 1 << 30, "bytes"))
    with pytest.raises(
        argparse.ArgumentError, match="argument --max-body: expected 1024 to 1073741824 bytes"
    ):
        parser.parse_args(["--max-body", "12"])
