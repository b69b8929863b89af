"""The weight budget of the home page, measured in Debian's chromium: at most 200 KB
transferred on a first load (empty cache), the hero photo apart, at a phone's and at a
desktop's width; and every request goes to the site itself (127.0.0.1 here), so nothing,
render-blocking or not, waits on another origin.

The site is served as a static host serves it, text compressed (tests/audit/server.py);
the uncompressed total must stay within the budget too, for a host that does not compress.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from audit.server import serve
from audit.shipped import shipped

BUDGET = 200_000  # bytes


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(shipped()) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_home_page_first_load_is_within_budget(site: str, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    finished: list[Any] = []
    failed: list[str] = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(site + "/", wait_until="load")
    page.wait_for_load_state("networkidle")
    hero = page.evaluate("document.querySelector('.hero img').currentSrc")
    assert hero and hero.startswith(site)
    transferred = decoded = 0
    rows = []
    for request in finished:
        response = request.response()
        sizes = request.sizes()
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        body = len(response.body()) if response else 0
        rows.append(f"{wire:>8} {body:>8}  {request.url}")
        if request.url == hero:
            continue
        transferred += wire
        decoded += body
    context.close()
    origins = {urlsplit(r.url).netloc for r in finished} | {urlsplit(u).netloc for u in failed}
    assert origins == {urlsplit(site).netloc}, f"requests to other origins: {origins}"
    assert failed == []
    assert any(r.url == hero for r in finished)
    report = "\n".join(rows)
    assert transferred <= BUDGET, f"{transferred} bytes transferred besides the hero:\n{report}"
    assert decoded <= BUDGET, f"{decoded} bytes (uncompressed) besides the hero:\n{report}"
    assert len(finished) <= 20, report
