"""Tables in the docs that are generated from the code: the rules and the change kinds.

``docs/check.md`` lists the check rules (from each rule module's id, category, severity, options
and the first line of its docstring); ``docs/evolve.md`` lists the change kinds ``diff`` reports
(from ``statuskit.evolve.changekinds``). Each table sits between ``<!-- generated: NAME -->`` and
``<!-- end generated -->``; the test fails when a table is out of date, and running this file
(``python tests/test_docs_tables.py``) rewrites them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from statuskit.check.rule import documentation
from statuskit.check.rules import RULES
from statuskit.evolve.changekinds import KINDS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def rule_table() -> str:
    rows = ["| id | category | severity | finds | options |", "| --- | --- | --- | --- | --- |"]
    for rule in RULES:
        summary = documentation(rule).splitlines()[0].partition(": ")[2].rstrip(".").replace("``", "`")
        options = ", ".join(f"`{name}` (default {value})" for name, value in rule.OPTIONS.items())
        rows.append(f"| {rule.ID} | {rule.CATEGORY} | {rule.SEVERITY} | {summary} | {options} |")
    return "\n".join(rows)


def change_kind_table() -> str:
    rows = ["| kind | breaks clients | when |", "| --- | --- | --- |"]
    for kind in KINDS:
        breaks = {True: "yes", False: "no", None: "it depends"}[kind.breaking]
        rows.append(f"| `{kind.id}` | {breaks} | {kind.when} |")
    return "\n".join(rows)


TABLES: dict[str, tuple[str, Callable[[], str]]] = {
    "rules": ("check.md", rule_table),
    "change-kinds": ("evolve.md", change_kind_table),
}


def _section(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(\n<!-- end generated -->)", re.DOTALL)


def rewrite(text: str, name: str, table: str) -> str:
    return _section(name).sub(lambda match: match.group(1) + table + match.group(3), text)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_generated_tables_are_up_to_date(name: str) -> None:
    file, make = TABLES[name]
    text = (DOCS / file).read_text(encoding="utf-8")
    found = _section(name).search(text)
    assert found is not None, f"docs/{file} has no '<!-- generated: {name} -->' section"
    assert found.group(2) == make(), f"docs/{file} is out of date: run python tests/test_docs_tables.py"


def test_every_rule_and_kind_has_a_row() -> None:
    rules = rule_table()
    assert all(f"| {rule.ID} |" in rules for rule in RULES)
    kinds = change_kind_table()
    assert all(f"| `{kind.id}` |" in kinds for kind in KINDS)
    assert "| `code-removed` | yes |" in kinds and "| `renamed` | it depends |" in kinds


def main() -> int:
    for name, (file, make) in TABLES.items():
        path = DOCS / file
        text = path.read_text(encoding="utf-8")
        updated = rewrite(text, name, make())
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated docs/{file} ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
