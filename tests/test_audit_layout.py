"""Every page type of the shipped site at a phone's, a tablet's and a desktop's width:
no horizontal scrolling, no console error, no failed request, every image loaded, and a
full-page screenshot in artifacts/screenshots/<page>-<width>.png to look at. And print:
a factsheet is a clean A4 document of one or two pages (artifacts/print/).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from audit.server import serve
from audit.shipped import ARTIFACTS, PAGE_TYPES, SCREENSHOTS, shipped, watch_problems
from tiles import offline_tiles

WIDTHS = [390, 768, 1280]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(shipped()) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_fits_its_width_and_loads_cleanly(site: str, browser: Any, name: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    offline_tiles(context)
    page = context.new_page()
    problems = watch_problems(page)
    response = page.goto(site + PAGE_TYPES[name], wait_until="load")
    assert response is not None and response.status == 200
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src)")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('main *, header *, footer *')]
        .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
        .filter(el => !el.closest('.table-scroll, .leaflet-container'))
        .slice(0, 5).map(el => el.tagName + '.' + el.className)""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert overflow <= 0, f"horizontal scrolling of {overflow}px at {width}px: {wide}"
    assert broken == []
    assert problems == []


@pytest.mark.browser
def test_nothing_scrolls_sideways_even_at_320px(site: str, browser: Any) -> None:
    """WCAG 1.4.10 (reflow): content fits 320 CSS pixels without scrolling in two directions."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    offline_tiles(context)
    page = context.new_page()
    wide = []
    for name, path in sorted(PAGE_TYPES.items()):
        page.goto(site + path, wait_until="networkidle")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append(f"{name}: {overflow}px")
    context.close()
    assert wide == []


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.browser
def test_factsheets_print_as_one_or_two_clean_a4_pages(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    out = ARTIFACTS / "print"
    out.mkdir(parents=True, exist_ok=True)
    factsheets = sorted(p.parent.name for p in shipped().glob("sites/*/index.html"))
    assert len(factsheets) > 10
    for slug in factsheets:
        page.goto(site + f"/sites/{slug}/", wait_until="networkidle")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (out / f"factsheet-{slug}.pdf").write_bytes(pdf)
        pages = pdf_pages(pdf)
        assert 1 <= len(pages) <= 2, f"{slug}: {len(pages)} pages"
        pages = [" ".join(unicodedata.normalize("NFKC", p).split()) for p in pages]
        text = " ".join(pages)
        title = page.locator("h1").inner_text()
        assert title in pages[0] and "Trigger species" in pages[0]
        assert "Skip to content" not in text and "Search sites" not in text  # no header controls
        assert "Submit a site" not in text and "Photo credits" not in text  # no footer
        assert f"/sites/{slug}/" in pages[0]  # where it comes from
        if len(pages) == 2:  # widows: at least two lines of text, not a stray line or the footer
            assert len(pages[1]) > 80, f"{slug}: a second page with almost nothing on it"
    context.close()


@pytest.mark.browser
def test_print_hides_navigation_search_map_controls_and_buttons(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline_tiles(context)
    page = context.new_page()
    page.goto(site + "/countries/mex/", wait_until="networkidle")
    page.wait_for_selector("#site-map[data-markers]")
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-search", ".site-footer", ".skip-link", ".leaflet-control-zoom",
                   ".map-live", ".button"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("svg.map-static").is_visible()  # the map prints as the static one
    faint = page.evaluate("""() => [...document.querySelectorAll('main a')]
        .filter(a => a.getClientRects().length > 0).filter(a => { const cs = getComputedStyle(a);
          return cs.color !== 'rgb(0, 0, 0)' || !cs.textDecorationLine.includes('underline'); })
        .map(a => a.outerHTML.slice(0, 120))""")
    assert faint == []  # links print black and underlined
    page.goto(site + "/sites/chapada-do-araripe/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".hero-figure").is_hidden()
    outside = page.evaluate("""() => getComputedStyle(
        [...document.querySelectorAll('.prose a[href^="http"]')][0] || document.body, '::after').content""")
    assert outside in ("none", "normal") or "http" in outside
    context.close()
