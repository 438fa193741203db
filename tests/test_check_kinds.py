"""check on catalogs of every code kind: numeric rules skip string codes, hex counts hex digits."""

from __future__ import annotations

from pathlib import Path

import statuskit
from statuskit.check import check_catalog

KINDS = Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml"


def _findings(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in check_catalog(statuskit.loads(text, "c.yaml"))]


def test_the_kinds_fixture_checks_clean_of_errors() -> None:
    findings = check_catalog(statuskit.load(KINDS))
    assert [f for f in findings if f.severity == "error"] == []
    messages = {f.message for f in findings}
    assert (
        "code 0x80004005 is in none of the groups of space 'hresult' (0x8007xxxx, 0x80340000-0x8034FFFF)"
        in messages
    )


def test_numeric_rules_skip_string_codes() -> None:
    text = (
        "catalog: c\nspaces:\n  - name: s\n    transport: http\n    code: string\n    digits: 3\n"
        "    groups:\n      - {name: a, codes: [x1, x3]}\n"
        "    codes:\n      - {code: x1, title: One}\n      - {code: x3, title: Three}\n"
    )
    rules = {rule for rule, _ in _findings(text)}
    assert not rules & {"transport-limits", "code-out-of-space", "gap-in-group", "misplaced-code"}


def test_hex_digits_count_hex_digits() -> None:
    text = (
        "catalog: c\nspaces:\n  - name: s\n    code: hex\n    digits: 4\n"
        "    groups:\n      - pattern: 0x1xxxx\n"
        "    codes:\n      - {code: '0x1FFF', title: Fits}\n      - {code: '0x12345', title: Too wide}\n"
    )
    found = _findings(text)
    assert ("code-out-of-space", "code 0x12345 does not have 4 digits as space 's' declares") in found
    assert not any("0x1FFF" in message for _, message in found if "digits" in message)
    assert any(rule == "pattern-width" and "0x1xxxx" in message for rule, message in found)


def test_duplicates_and_retired_reuse_in_string_spaces() -> None:
    text = (
        "catalog: c\nspaces:\n  - name: s\n    code: string\n"
        "    codes:\n      - {code: a_b, title: A}\n      - {code: a_b, title: Again}\n"
        "    retired:\n      - {code: a_b, reason: old}\n"
    )
    rules = {rule for rule, _ in _findings(text)}
    assert {"duplicate-code", "retired-reused"} <= rules
