"""The shipped site in a real browser: every page type loads cleanly at two widths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import serve

from aze_site.build import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "public"
    build(BuildOptions(root=REPO, out=out, jobs=1))
    with serve(out) as base:
        yield base


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
def test_sorting_by_country_follows_the_page_s_language(site: str, browser: Any) -> None:
    """Éthiopie among the E's of a French list, not after Zimbabwe (by character codes É
    comes after every letter a to z)."""
    page = browser.new_page()
    page.goto(site + "/fr/sites/")
    page.locator("#site-table thead button").nth(1).click()
    countries = page.eval_on_selector_all(
        "#site-table tbody tr td:nth-child(2)", "cells => cells.map(c => c.textContent.trim())")
    assert "Éthiopie" in countries and "Inde" in countries
    assert countries.index("Éthiopie") < countries.index("Inde"), countries
    page.close()


@pytest.mark.browser
def test_the_scripts_that_sort_rows_share_one_order(site: str, browser: Any) -> None:
    """sort.js (the rows on the page) and filters.js (the rows it writes) sort by one
    collator, order.js's, in the page's language: loaded, deferred, before both."""
    collators = sorted(path.name for path in (REPO / "static/js").glob("*.js")
                       if "Intl.Collator" in path.read_text(encoding="utf-8"))
    assert collators == ["order.js"]
    page = browser.new_page()
    page.goto(site + "/fr/sites/")
    scripts = page.eval_on_selector_all("script[src*='/js/']", """scripts => scripts.map(
        s => [new URL(s.src).pathname.split("/").pop(), s.defer])""")
    names = [name for name, _ in scripts]
    assert names.index("order.js") < names.index("filters.js") < names.index("sort.js")
    assert all(defer for _, defer in scripts), scripts
    assert page.evaluate("azeOrder.compare('Éthiopie', 'Inde')") < 0
    page.close()


@pytest.mark.browser
def test_hero_shows_its_credit(site: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site + "/")
    caption = page.locator(".hero figcaption")
    assert caption.is_visible()
    assert "Credit:" in caption.inner_text()
    page.close()
