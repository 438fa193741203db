"""Each rule fires on the problem it documents, at the right place, and stays quiet otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CATALOGS, WriteCatalog

import statuskit
from statuskit.check import Config, check_catalog, check_paths
from statuskit.check.rules import RULES
from statuskit.errors import UsageError


def findings(write_catalog: WriteCatalog, text: str, rule: str) -> list[tuple[int | None, int | None, str]]:
    catalog = statuskit.load(write_catalog(text))
    config = Config.default()
    config.select([rule])
    return [(f.line, f.code, f.message) for f in check_catalog(catalog, config)]


HEAD = "catalog: c\nspaces:\n  - name: s\n"

CASES = [
    ("duplicate-code", "    codes:\n      - {code: 1, title: a}\n      - {code: 1, title: b}\n", [(6, 1)]),
    (
        "duplicate-name",
        "    codes:\n      - {code: 1, name: a}\n      - {code: 2, name: b, aliases: [a]}\n",
        [(6, 2)],
    ),
    (
        "name-collision",
        "    codes:\n      - {code: 1, name: KeySet}\n      - {code: 2, name: KEY_SET}\n",
        [(6, 2)],
    ),
    ("retired-reused", "    codes:\n      - {code: 3, title: x}\n    retired: [{code: 3}]\n", [(5, 3)]),
    (
        "code-out-of-space",
        "    digits: 3\n    range: [100, 500]\n    codes:\n      - {code: 42}\n      - {code: 600}\n",
        [(7, 42), (7, 42), (8, 600)],
    ),
    (
        "pattern-width",
        "    digits: 3\n    groups:\n      - {pattern: 4xxx}\n      - {pattern: 4xx}\n",
        [(6, None)],
    ),
    (
        "duplicate-group",
        "    groups:\n      - {pattern: 4xx, title: A}\n      - {pattern: 4XX, title: B}\n"
        "      - {pattern: 5xx, title: A}\n",
        [(6, None)],
    ),
    (
        "code-in-no-group",
        "    groups:\n      - {pattern: 4xx}\n    codes:\n      - {code: 404}\n      - {code: 500}\n",
        [(8, 500)],
    ),
    (
        "reserved-range",
        "    reserved: [{range: [100, 599], reason: HTTP}]\n    codes:\n      - {code: 404}\n      - {code: 700}\n",
        [(6, 404)],
    ),
    (
        "transport-limits",
        "    transport: ws-close\n    codes:\n      - {code: 1000}\n      - {code: 1006}\n"
        "      - {code: 3000}\n      - {code: 5000}\n",
        [(7, 1006), (9, 5000)],
    ),
    (
        "missing-http-status",
        "    transport: json\n    fields: {http: {type: integer}}\n    groups:\n      - {pattern: 4xx, defaults: {http: 400}}\n"
        "    codes:\n      - {code: 404}\n      - {code: 500}\n      - {code: 501, fields: {http: 501}}\n",
        [(10, 500)],
    ),
    (
        "field-value",
        "    fields:\n      action: {enum: [resume, abort]}\n      http: {type: integer, minimum: 100}\n"
        "    groups:\n      - {pattern: 4xx, defaults: {outcome: bad}}\n    codes:\n      - {code: 404, fields: {action: retry}}\n"
        "      - {code: 405, fields: {http: 99}}\n      - {code: 406, fields: {color: red}}\n",
        [(8, None), (10, 404), (11, 405), (12, 406)],
    ),
    (
        "message-template",
        "    codes:\n      - {code: 1, message: 'key {key} gone', i18n: {de: {message: 'Schlüssel {name}'}}}\n"
        "      - {code: 2, message: 'bad {0.x}'}\n",
        [(5, 1), (6, 2)],
    ),
    (
        "missing-meaning",
        "    codes:\n      - {code: 1}\n      - {code: 2, title: ' '}\n      - {code: 3, title: ok}\n",
        [(5, 1), (6, 2)],
    ),
    (
        "garbled-text",
        "    codes:\n      - {code: 1, title: 'cafÃ©'}\n      - {code: 2, title: \"bell\\a\"}\n"
        "      - {code: 3, title: 'ok é'}\n      - {code: 4, description: \"two\\nlines\"}\n",
        [(5, 1), (6, 2)],
    ),
    (
        "empty-group",
        "    groups:\n      - {pattern: 6xx, title: Info}\n      - {pattern: 3xx, description: later}\n"
        "      - {pattern: 4xx, title: F}\n    codes:\n      - {code: 404}\n",
        [(5, None)],
    ),
    (
        "gap-in-group",
        "    groups:\n      - {name: keys, codes: [20, 21, 23, 24, 27, 40]}\n      - {name: other, codes: [22]}\n"
        "    codes: [{code: 20}, {code: 21}, {code: 22}, {code: 23}, {code: 24}, {code: 27}, {code: 40}]\n",
        [(5, 25), (5, 26)],
    ),
    (
        "misplaced-code",
        "    groups:\n      - {name: general, codes: [1, 2, 3, 26]}\n      - {name: keys, codes: [20, 24, 27]}\n"
        "    codes: []\n",
        [(5, 26)],
    ),
    (
        "operation-answers",
        "    codes: [{code: 1}, {code: 2}]\n"
        "operations:\n"
        "  - name: a\n    command: A\n    answers: {s: [1, 3, 9xx], t: [1]}\n"
        "  - name: b\n    command: A\n    answers: {s: [2]}\n"
        "always: {s: [7]}\n",
        [(6, 3), (6, "9xx"), (6, None), (9, None), (12, 7)],
    ),
]


@pytest.mark.parametrize(("rule", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_where_expected(
    write_catalog: WriteCatalog, rule: str, body: str, expected: list[tuple[int, int | None]]
) -> None:
    found = findings(write_catalog, HEAD + body, rule)
    assert [(line, code) for line, code, _ in found] == expected, found


def test_every_rule_has_a_case_and_documentation() -> None:
    assert {rule.ID for rule in RULES} == {case[0] for case in CASES}
    for rule in RULES:
        assert rule.__doc__ and rule.__doc__.startswith(f"{rule.ID}: "), rule.ID
        assert rule.SEVERITY in ("error", "warning", "info")


def test_garbled_text_names_what_was_meant(write_catalog: WriteCatalog) -> None:
    [(_, _, message)] = findings(
        write_catalog, HEAD + "    codes:\n      - {code: 1, title: '- ðŸ•²'}\n", "garbled-text"
    )
    assert "mojibake" in message and "🕲" in message


def test_seed_catalogs_report_exactly_their_real_defects() -> None:
    report = check_paths([str(CATALOGS)])
    got = sorted((f.file.rsplit("/", 1)[-1], f.rule, f.severity, f.space, f.code) for f in report.findings)  # type: ignore[union-attr]
    assert got == sorted(
        [
            ("kapi.yaml", "code-in-no-group", "warning", "json", 0),
            ("kapi.yaml", "missing-http-status", "warning", "json", 0),
            ("nemesisdb.yaml", "gap-in-group", "info", "st", 25),
            ("nemesisdb.yaml", "misplaced-code", "info", "st", 26),
            ("pec.yaml", "empty-group", "info", "status", None),
            ("pec.yaml", "missing-meaning", "warning", "status", 813),
            ("pec.yaml", "missing-meaning", "warning", "status", 827),
            ("pec.yaml", "missing-meaning", "warning", "status", 913),
            ("pec.yaml", "missing-meaning", "warning", "status", 914),
        ]
    )
    assert report.exit_code == 0


def test_configuration_selects_ignores_and_sets_options(write_catalog: WriteCatalog, tmp_path: Path) -> None:
    catalog = statuskit.load(CATALOGS / "nemesisdb.yaml")
    config = Config.default()
    config.ignore(["layout"])
    assert check_catalog(catalog, config) == []
    config = Config.default()
    config.select(["gap-in-group"])
    config.apply(
        {"rules": {"gap-in-group": {"severity": "error", "max_gap": 0}}}, statuskit.errors.Location("x")
    )
    assert check_catalog(catalog, config) == []
    config.apply({"rules": {"gap-in-group": {"max_gap": 2}}}, statuskit.errors.Location("x"))
    [finding] = check_catalog(catalog, config)
    assert finding.severity == "error"
    config.apply({"rules": {"mojibake": "disable"}}, statuskit.errors.Location("x"))
    assert not config.rules["garbled-text"].enabled, "retired rule ids stay accepted"
    with pytest.raises(UsageError, match="did you mean 'gap-in-group'"):
        config.select(["gap-in-grup"])
    with pytest.raises(statuskit.LoadError, match="must be int"):
        config.apply({"rules": {"gap-in-group": {"max_gap": "2"}}}, statuskit.errors.Location("x"))
    with pytest.raises(statuskit.LoadError, match="unknown option"):
        config.apply({"rules": {"gap-in-group": {"gap": 2}}}, statuskit.errors.Location("x"))


def test_bundled_catalogs_are_formatted() -> None:
    from statuskit.cli import main

    assert main(["fmt", "--check", *map(str, sorted(CATALOGS.glob("*.yaml")))]) == 0
