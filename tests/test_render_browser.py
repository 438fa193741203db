"""The HTML page in a real headless Chromium: search filters rows, #4008 scrolls, no console errors.

Needs Debian's ``chromium`` (/usr/bin/chromium) and Playwright for Python; the test fails, never
skips, when either is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import statuskit
from statuskit.render import render

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def test_html_page_in_headless_chromium(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed (pip install 'playwright>=1.40,<2')")
    page_file = tmp_path / "kapi.html"
    page_file.write_text(render(statuskit.load(ROOT / "catalogs" / "kapi.yaml"), "html"), encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 390, "height": 700})
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri() + "#4008")
            page.wait_for_load_state("load")
            target = page.locator('tr[id="4008"]')
            assert target.is_visible()
            assert page.evaluate("document.querySelector(':target').id") == "4008"
            top = page.evaluate("document.getElementById('4008').getBoundingClientRect().top")
            assert 0 <= top < 700, top
            assert page.evaluate("window.scrollY") > 0
            rows = page.locator("tr[data-search]")
            total = rows.count()
            assert total == 5 + 13 + 9 + 28
            page.fill("#q", "ratelimit")
            visible = page.locator("tr[data-search]:not([hidden])")
            assert visible.count() == 2  # 4008 ratelimited, 40004 invalid route ratelimit configuration
            assert page.locator("#count").inner_text() == f"2 of {total} codes"
            page.fill("#q", "4008")
            assert [visible.nth(i).get_attribute("id") for i in range(visible.count())] == ["4008"]
            page.fill("#q", "authorization")
            assert visible.count() == 1 and visible.first.get_attribute("id") == "401"
            page.fill("#q", "")
            assert visible.count() == total
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, width  # readable on a phone: no sideways scrolling
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests
