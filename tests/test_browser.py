"""The shipped site in a real browser: every page type loads cleanly at two widths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launch, serve
from tiles import offline_tiles

from aze_site.build import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts" / "screenshots"

PAGE_TYPES = {
    "home": "/",
    "about": "/about/",
    "about-nested": "/about/kbas/",
    "criteria": "/criteria/",
    "partners": "/partners/",
    "act": "/act/policy-makers/",
    "sites": "/sites/",
    "factsheet": "/sites/chapada-do-araripe/",
    "factsheet-sensitive": "/sites/xichu-guanajuato/",
    "species-index": "/species/",
    "species": "/species/antilophia-bokermanni/",
    "countries": "/countries/",
    "country": "/countries/bra/",
    "categories": "/red-list/",
    "category": "/red-list/cr/",
    "groups": "/groups/",
    "group": "/groups/birds/",
    "news-index": "/news/",
    "news": "/news/aze-2018-update/",
    "search": "/search/?q=newt",
    "404": "/404.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "public"
    build(BuildOptions(root=REPO, out=out, jobs=1))
    with serve(out) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright, browser = launch()
    yield browser
    browser.close()
    playwright.stop()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_loads_cleanly(site: str, browser: Any, name: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    offline_tiles(page)  # the maps' tiles: no test depends on the network
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and not r.url.endswith("/404.html") else None)
    response = page.goto(site + PAGE_TYPES[name], wait_until="load")
    assert response is not None and response.status == 200
    # lazy images load once scrolled to: load them all, then none may be broken
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    assert broken == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scrolling of {overflow}px"
    assert page.title()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.close()
    assert problems == []


@pytest.mark.browser
def test_site_table_sorts_by_red_list(site: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site + "/sites/")
    page.get_by_role("button", name="Red List").click()
    statuses = page.eval_on_selector_all(
        "table.site-table tbody tr td:nth-child(4)", "cells => cells.map(c => c.dataset.value)")
    order = {"EW": 0, "CR": 1, "EN": 2}
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
    assert page.get_attribute("th:nth-child(4)", "aria-sort") == "ascending"
    page.close()


@pytest.mark.browser
def test_hero_shows_its_credit(site: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site + "/")
    caption = page.locator(".hero figcaption")
    assert caption.is_visible()
    assert "Credit:" in caption.inner_text()
    page.close()
