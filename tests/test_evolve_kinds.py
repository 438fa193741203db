"""Allocation, add, retire, fmt and diff with codes of every kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import statuskit
from statuskit.errors import AllocationError
from statuskit.evolve.allocate import check_free, next_code, parse_code, resolve_group
from statuskit.evolve.diff import diff_catalogs
from statuskit.evolve.fmt import format_catalog_text

KINDS = Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml"


@pytest.fixture(scope="module")
def catalog() -> statuskit.Catalog:
    return statuskit.load(KINDS)


@pytest.mark.parametrize(
    ("space", "group", "expected"),
    [
        ("rpc", "-32099..-32000", -32099),
        ("rpc", "-32768..-32000", -32600),
        ("hresult", "0x8007xxxx", 0x8007000F),
        ("hresult", "OPC UA bad codes", 0x80340001),
        ("sqlstate", "22xxx", "22P03"),
        ("sqlstate", "08xxx", "08007"),
        ("smtp", "5.1.x", "5.1.11"),
        ("smtp", "4.x.x", "4.0.0"),
    ],
)
def test_next_free_code_in_the_spaces_kind(
    catalog: statuskit.Catalog, space: str, group: str, expected: int | str
) -> None:
    target = catalog.space(space)
    assert next_code(target, resolve_group(target, group)) == expected


def test_identifiers_are_named_not_numbered(catalog: statuskit.Catalog) -> None:
    stripe = catalog.space("stripe")
    with pytest.raises(AllocationError, match="give the new code itself"):
        resolve_group(stripe, "card")


def test_explicit_codes_are_parsed_and_checked_in_the_spaces_kind(catalog: statuskit.Catalog) -> None:
    hresult = catalog.space("hresult")
    assert parse_code(hresult, "0x80070005") == 0x80070005
    with pytest.raises(AllocationError, match="already exists in space 'hresult': 0x80004005"):
        check_free(hresult, parse_code(hresult, "0x80004005"))
    with pytest.raises(AllocationError, match="is retired"):
        check_free(hresult, 0x80004001)
    with pytest.raises(AllocationError, match="expected a string code matching"):
        parse_code(catalog.space("sqlstate"), "22p0")
    check_free(catalog.space("stripe"), "insufficient_funds")


def test_fmt_sorts_codes_of_every_kind() -> None:
    text = KINDS.read_text("utf-8")
    assert format_catalog_text(text, str(KINDS)) == text, "the fixture is in canonical order"
    shuffled = text.replace(
        '      - code: "5.1.1"\n        title: Bad destination mailbox address\n', ""
    ).replace(
        '      - code: "5.1.10"\n',
        '      - code: "5.1.10"\n        title: Recipient address has null MX\n'
        '      - code: "5.1.1"\n        title: Bad destination mailbox address\n      - code: "5.1.99"\n',
        1,
    )
    formatted = format_catalog_text(shuffled, "k.yaml")
    assert formatted.index('"5.1.1"') < formatted.index('"5.1.10"') < formatted.index('"5.1.99"')


def test_diff_of_string_and_hex_spaces(catalog: statuskit.Catalog) -> None:
    text = KINDS.read_text("utf-8")
    changed = text.replace("title: The card was declined", "title: Declined").replace(
        '      - code: "22012"\n        name: division_by_zero\n        title: Division by zero\n', ""
    )
    changes = diff_catalogs(catalog, statuskit.loads(changed, "new.yaml"))
    by_kind = {(c.space, c.code, c.kind) for c in changes}
    assert ("sqlstate", "22012", "code-removed") in by_kind
    assert any(c.code == "card_declined" for c in changes)
    assert any(c.breaking for c in changes if c.code == "22012")


def test_add_and_retire_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from statuskit.cli import main

    path = tmp_path / "kinds.yaml"
    path.write_text(KINDS.read_text("utf-8"), "utf-8")
    assert main(["add", str(path), "-s", "hresult", "-g", "0x8007xxxx", "--title", "Access denied"]) == 0
    assert capsys.readouterr().out.strip() == "0x8007000F"
    assert main(["add", str(path), "-s", "sqlstate", "-c", "22P05", "--title", "Untranslatable"]) == 0
    assert main(["retire", str(path), "-s", "smtp", "-c", "5.1.2", "--reason", "unused"]) == 0
    assert main(["fmt", "--check", str(path)]) == 0
    catalog = statuskit.load(path)
    assert catalog.space("hresult")[0x8007000F].title == "Access denied"
    assert catalog.space("sqlstate")["22P05"].shown == "22P05"
    assert [r.code for r in catalog.space("smtp").retired] == ["5.1.2"]
    assert re.search(r"- code: [\"']?0x8007000F", path.read_text("utf-8")), "written in hex"


def test_diff_messages_show_codes_as_written(catalog: statuskit.Catalog) -> None:
    text = KINDS.read_text("utf-8").replace("title: Out of memory", "title: No memory")
    changes = diff_catalogs(catalog, statuskit.loads(text, "new.yaml"))
    assert [c.message for c in changes] == ["code 0x8007000E title reworded"]
