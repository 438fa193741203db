"""The HTML page in a real headless Chromium, at desktop and phone widths, as a team would publish it.

Search filters rows and hides sections left without a match, #4008 scrolls, the table of
contents leads to every space and section, header and content share one width, empty columns
are left out, booleans read yes/no, and at 390 px nothing scrolls sideways and every value
carries its label. Needs Debian's ``chromium`` (/usr/bin/chromium) and Playwright for Python;
the test fails, never skips, when either is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import statuskit
from statuskit.loading import loads
from statuskit.render import render

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 700}
DESKTOP = {"width": 1280, "height": 800}
LONG_NAME = "Unauthorized" + "Because" * 12 + "TheTokenExpired"  # one unbreakable 100-letter word

TEAM = f"""
catalog: shop-api
title: Shop API status codes
description: What the shop's services answer.
spaces:
  - name: api
    title: API errors
    fields:
      retryable: {{type: boolean}}
    groups:
      - {{pattern: 4xxx, title: Client errors}}
      - {{pattern: 5xxx, title: Server errors}}
    codes:
      - {{code: 4001, name: {LONG_NAME}, description: the token expired, fields: {{retryable: false}}}}
      - {{code: 4002, name: item_missing, description: no such item, fields: {{retryable: false}}}}
      - {{code: 5001, name: busy, description: the warehouse is busy, fields: {{retryable: true}}}}
  - name: events
    title: Event codes
    codes:
      - {{code: 1, description: order placed}}
      - {{code: 2, description: order shipped}}
"""


@contextmanager
def browser_page(viewport: dict[str, int]) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A Chromium page at ``viewport``, with the console errors and requested URLs it collects."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed (pip install 'playwright>=1.40,<2')")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            yield page, errors, requests
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests


def write_page(tmp_path: Path, catalog: statuskit.Catalog, name: str) -> str:
    page_file = tmp_path / f"{name}.html"
    page_file.write_text(render(catalog, "html"), encoding="utf-8")
    return page_file.as_uri()


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_html_page_in_headless_chromium(tmp_path: Path) -> None:
    uri = write_page(tmp_path, statuskit.load(ROOT / "catalogs" / "kapi.yaml"), "kapi")
    with browser_page(PHONE) as (page, _, _):
        page.goto(uri + "#4008")
        page.wait_for_load_state("load")
        target = page.locator('tr[id="4008"]')
        assert target.is_visible()
        assert page.evaluate("document.querySelector(':target').id") == "4008"
        top = page.evaluate("document.getElementById('4008').getBoundingClientRect().top")
        assert 0 <= top < 700, top
        assert page.evaluate("window.scrollY") > 0
        rows = page.locator("tr[data-search]")
        total = rows.count()
        assert page.locator("section.space:not(#operations) tr[data-search]").count() == 5 + 13 + 9 + 28
        page.fill("#q", "ratelimit")
        visible = page.locator("section.space:not(#operations) tr[data-search]:not([hidden])")
        assert visible.count() == 2  # 4008 ratelimited, 40004 invalid route ratelimit configuration
        assert page.locator("#count").inner_text().endswith(f" of {total} codes")
        page.fill("#q", "4008")
        assert [visible.nth(i).get_attribute("id") for i in range(visible.count())] == ["4008"]
        assert page.locator("#space-json").is_hidden() and page.locator("#space-close").is_visible()
        page.fill("#q", "authorization")
        assert visible.count() == 1 and visible.first.get_attribute("id") == "401"
        page.fill("#q", "")
        assert page.locator("tr[data-search]:not([hidden])").count() == total
        no_sideways_scroll(page)  # readable on a phone: no sideways scrolling


def test_a_published_page_at_desktop_width(tmp_path: Path) -> None:
    catalog = loads(TEAM, "shop.yaml")
    uri = write_page(tmp_path, catalog, "shop")
    with browser_page(DESKTOP) as (page, _, _):
        page.goto(uri)
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Shop API status codes"
        assert page.title() == "Shop API status codes"
        heads = page.locator("#space-api table").first.locator("th").all_inner_texts()
        assert heads == ["Code", "Name", "Meaning", "retryable"]  # no code has a title: no Title column
        assert page.locator("#space-events table th").all_inner_texts() == ["Code", "Meaning"]
        cells = page.locator("#space-api td[data-label='retryable']").all_inner_texts()
        assert cells == ["no", "no", "yes"]
        toc = page.locator("nav.toc a")
        assert toc.all_inner_texts() == [
            "API errors",
            "4xxx (Client errors)",
            "5xxx (Server errors)",
            "Event codes",
        ]
        page.click("nav.toc >> text=Server errors")
        assert page.evaluate("document.querySelector(':target').querySelector('h3').textContent").startswith(
            "5xxx"
        )
        bar = page.locator("header .bar").bounding_box()
        content = page.locator("main").bounding_box()
        assert bar is not None and content is not None
        assert (bar["x"], bar["width"]) == (content["x"], content["width"])
        heading = page.locator("h1").bounding_box()
        first = page.locator("main > p").first.bounding_box()
        assert heading is not None and first is not None and heading["x"] == first["x"]
        page.fill("#q", "shipped")
        assert page.locator("#space-api").is_hidden() and page.locator("#space-events").is_visible()
        assert page.locator("nav.toc").is_hidden()
        page.fill("#q", "warehouse")
        assert page.locator("#space-api section.group").nth(0).is_hidden()  # Client errors: no match
        assert page.locator("#space-api section.group").nth(1).is_visible()
        assert page.locator("#space-events").is_hidden()


def test_a_published_page_on_a_phone(tmp_path: Path) -> None:
    uri = write_page(tmp_path, loads(TEAM, "shop.yaml"), "shop")
    with browser_page(PHONE) as (page, _, _):
        page.goto(uri)
        page.wait_for_load_state("load")
        no_sideways_scroll(page)
        long_cell = page.locator("td[data-label='Name']").first
        box = long_cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert long_cell.inner_text().replace("\n", "") == LONG_NAME  # wrapped, not cut
        label = page.evaluate(
            "getComputedStyle(document.querySelector(\"td[data-label='retryable']\"), '::before').content"
        )
        assert label == '"retryable: "'
        meaning = page.evaluate(
            "getComputedStyle(document.querySelector(\"td[data-label='Meaning']\"), '::before').content"
        )
        assert meaning == '"Meaning: "'
        assert page.locator("thead").first.is_hidden()
        page.fill("#q", "busy")
        assert page.locator("tr[data-search]:not([hidden])").count() == 1
        no_sideways_scroll(page)
