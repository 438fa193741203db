"""Every render format shows codes as their space writes them (hex in hex, strings as they are)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import statuskit
from statuskit.canonical import catalog_to_data
from statuskit.render import render

KINDS = Path(__file__).parent / "fixtures" / "kinds" / "kinds.yaml"


@pytest.fixture(scope="module")
def catalog() -> statuskit.Catalog:
    return statuskit.load(KINDS)


def test_html_and_markdown_show_hex_and_string_codes(catalog: statuskit.Catalog) -> None:
    page = render(catalog, "html")
    assert 'href="#0x8007000E">0x8007000E</a>' in page
    assert ">22P02</a>" in page and ">5.1.10</a>" in page and ">card_declined</a>" in page
    assert "2147942414" not in page, "hex codes are never shown in decimal"
    markdown = render(catalog, "markdown")
    assert "0x8007000E" in markdown and "-32700" in markdown and "5.1.10" in markdown
    assert "2147942414" not in markdown


def test_csv_rows_carry_the_written_code(catalog: statuskit.Catalog) -> None:
    rows = list(csv.reader(io.StringIO(render(catalog, "csv"))))
    codes = {(row[0], row[1].removeprefix("'")) for row in rows[1:]}  # ' keeps spreadsheets from formulas
    assert {
        ("hresult", "0x8007000E"),
        ("rpc", "-32700"),
        ("sqlstate", "22P02"),
        ("stripe", "rate_limit"),
    } <= codes


def test_json_and_yaml_are_the_canonical_form(catalog: statuskit.Catalog) -> None:
    data = json.loads(render(catalog, "json"))
    assert data == catalog_to_data(catalog)
    back = statuskit.loads(render(catalog, "yaml"), "back.yaml")
    assert catalog_to_data(back) == data
    assert back.space("sqlstate")["08006"].code == "08006", "numeric-looking string codes stay strings"
