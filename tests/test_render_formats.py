"""Rendering catalogs: Markdown round trip, safe HTML, CSV, stable YAML, and the render command."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import statuskit
from statuskit.canonical import catalog_to_data
from statuskit.importers import import_text
from statuskit.loading import loads
from statuskit.render import render

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))

HOSTILE = """
catalog: hostile
title: "<img src=x onerror=alert(1)> & co"
spaces:
  - name: s
    fields: {link: {type: string}}
    groups:
      - {pattern: 4xx, title: "<b>bold</b>", description: "see [docs](javascript:alert(1))"}
    codes:
      - code: 400
        name: bad
        title: "`code` and *em*"
        description: "<script>alert('x')</script> | pipe [ok](https://example.org) [no](javascript:alert(1))"
        fields: {link: "=HYPERLINK(\\"http://evil\\")"}
      - code: 401
        description: "two\\nlines"
"""


def _summary(data: dict[str, Any]) -> list[Any]:
    spaces = []
    for space in data["spaces"]:
        codes = {c["code"]: (c.get("name"), c.get("title"), c.get("description")) for c in space["codes"]}
        groups = sorted(
            str(
                (
                    g.get("pattern"),
                    g.get("range"),
                    g.get("name"),
                    g.get("codes"),
                    g.get("title"),
                    g.get("description"),
                )
            )
            for g in space.get("groups", [])
        )
        spaces.append((codes, groups))
    return spaces


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_markdown_round_trip(path: Path) -> None:
    catalog = statuskit.load(path)
    back = import_text(render(catalog, "markdown"), source=f"{path.stem}.md")
    assert _summary(back.data) == _summary(catalog_to_data(catalog))


def test_markdown_round_trip_keeps_hostile_text() -> None:
    catalog = loads(HOSTILE, "hostile.yaml")
    text = render(catalog, "markdown")
    assert "\\|" in text and "<br>" in text
    back = import_text(text).data["spaces"][0]
    assert back["codes"][1]["description"] == "two\nlines"


def test_html_escapes_text_and_allows_only_safe_links() -> None:
    page = render(loads(HOSTILE, "hostile.yaml"), "html")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x" in page
    assert 'href="javascript' not in page and "[no](javascript:alert(1))" in page
    assert 'href="https://example.org"' in page
    assert "<code>code</code> and <em>em</em>" in page
    assert page.count("<script>") == 1  # the page's own script only
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page
    assert 'id="400"' in page and 'href="#400"' in page
    assert "http://" not in page.split("<body>")[0].replace("http-equiv", "")


def test_html_anchor_of_a_code_repeated_in_another_space() -> None:
    page = render(statuskit.load(ROOT / "catalogs" / "kapi.yaml"), "html")
    assert page.count('id="0"') == 1 and 'id="json-0"' in page and 'id="4008"' in page


def test_csv_rows_and_formula_injection() -> None:
    rows = list(csv.reader(io.StringIO(render(loads(HOSTILE, "hostile.yaml"), "csv"))))
    assert rows[0] == ["space", "code", "name", "title", "description", "groups", "link"]
    assert rows[1][1] == "400" and rows[1][5] == "4xx"
    assert rows[1][6].startswith("'=")
    assert rows[2][4] == "two\nlines"


def test_yaml_output_is_stable_and_loads_back() -> None:
    catalog = statuskit.load(ROOT / "catalogs" / "kapi.yaml")
    first = render(catalog, "yaml")
    assert first == render(loads(first, "again.yaml"), "yaml")
    assert first.index("catalog:") < first.index("title:") < first.index("spaces:")


def test_render_command_writes_each_format(tmp_path: Path) -> None:
    for fmt in ("markdown", "html", "csv", "yaml", "json"):
        out = tmp_path / f"out.{fmt}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "statuskit",
                "render",
                str(ROOT / "catalogs" / "pec.yaml"),
                "-f",
                fmt,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "711" in out.read_text()
    bad = subprocess.run(
        [sys.executable, "-m", "statuskit", "render", str(tmp_path / "none.yaml"), "-f", "html"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_markdown_escapes_raw_html_and_keeps_inline_markdown() -> None:
    from markdown_it import MarkdownIt

    text = render(loads(HOSTILE, "hostile.yaml"), "markdown")
    page = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x" in page
    assert "<code>code</code> and <em>em</em>" in page and '<a href="https://example.org">ok</a>' in page
    assert "<br>" in text  # line breaks in a cell are the one HTML the renderer writes itself
    back = import_text(text).data
    assert back["title"] == "<img src=x onerror=alert(1)> & co"
    assert back["spaces"][0]["codes"][0]["description"].startswith("<script>alert('x')</script> | pipe")


def test_markdown_keeps_html_inside_code_spans_and_is_linear_on_backticks() -> None:
    import time

    from statuskit.render.markdown_format import no_html

    assert no_html("a `<b>` c <d> ``x`<y`` `") == "a `<b>` c \\<d> ``x`<y`` `"
    hostile = "`" + " ``" * 20000 + "<"
    started = time.perf_counter()
    assert no_html(hostile).endswith("\\<")
    assert time.perf_counter() - started < 1
