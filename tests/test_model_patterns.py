from __future__ import annotations

import pytest

from statuskit.patterns import Pattern


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("4xx", 404, True),
        ("4xx", 504, False),
        ("4xx", 4004, False),
        ("41x", 410, True),
        ("41x", 420, False),
        ("x1x", 811, True),
        ("x1x", 821, False),
        ("2yz", 250, True),
        ("X0Z", 505, True),
        ("1xxxx", 10001, True),
        ("1xxxx", 0, False),
        ("40xx", 4008, True),
    ],
)
def test_matches(text: str, code: int, expected: bool) -> None:
    assert Pattern.parse(text).matches(code) is expected


def test_width_and_specificity() -> None:
    pattern = Pattern.parse("41x")
    assert pattern.width == 3
    assert pattern.specificity == 2
    assert Pattern.parse("4xx").specificity == 1


@pytest.mark.parametrize("text", ["", "4a", "4-x", "404", "x" * 19])
def test_bad_patterns_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError) as error:
        Pattern.parse(text)
    assert "pattern" in str(error.value)


def test_codes_and_bounds() -> None:
    assert list(Pattern.parse("41x").codes()) == list(range(410, 420))
    assert Pattern.parse("1x0").codes() == [100, 110, 120, 130, 140, 150, 160, 170, 180, 190]
    assert Pattern.parse("xxx").bounds() == (100, 999)
