"""Find and reuse in a real browser: search, the map of sites and the index's filters.

The shipped site is built once into a temporary folder and served on loopback; map tiles
are answered from memory (tests/tiles.py), so nothing here depends on the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import serve
from tiles import offline_tiles

from aze_site.build import BuildOptions, build
from aze_site.render.i18n import Translator, read_messages

REPO = Path(__file__).resolve().parent.parent
ORIGINALS = [p for p in (REPO / "content/sites").glob("*.md") if "." not in p.stem]  # not x.es.md
SITES = len(ORIGINALS)
MEXICO = sorted(p.stem for p in ORIGINALS
                if re.search(r"^iso3: \[?[A-Z, ]*MEX", p.read_text(encoding="utf-8"), re.M))

# Markers the map shows: the numbers of its clusters plus the single markers.
SHOWN = """() => {
  const clusters = [...document.querySelectorAll('#site-map .map-cluster span')]
    .reduce((n, el) => n + parseInt(el.textContent, 10), 0);
  const single = document.querySelectorAll('#site-map .leaflet-overlay-pane path.site-marker').length;
  return clusters + single;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("discovery-browser") / "public"
    result = build(BuildOptions(root=REPO, out=out, jobs=1))
    assert result.search.error is None
    with serve(out) as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offline_tiles(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def markers_settled(page: Any, expected: int) -> None:
    page.wait_for_function("n => document.getElementById('site-map').dataset.markers === String(n)",
                           arg=expected)
    page.wait_for_function(f"n => ({SHOWN})() === n", arg=expected)


def visible_rows(page: Any) -> list[str]:
    slugs: list[str] = page.eval_on_selector_all(
        "#site-table tbody tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.dataset.slug)")
    return slugs


@pytest.mark.browser
def test_search_a_common_name_and_reach_its_site(site: str, page: Any) -> None:
    page.goto(site + "/")
    page.fill("#site-search-q", "Araripe manakin")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Araripe\+manakin$"))
    result = page.locator(".pagefind-ui__result-link", has_text="Chapada do Araripe")
    result.first.wait_for()
    assert "Chapada do Araripe" in page.locator(".pagefind-ui__results").inner_text()
    result.first.click()
    page.wait_for_url(re.compile(r"/sites/chapada-do-araripe/$"))
    assert page.locator("h1").inner_text() == "Chapada do Araripe"


@pytest.mark.browser
def test_search_answers_as_you_type_and_finds_scientific_names(site: str, page: Any) -> None:
    page.goto(site + "/search/")
    box = page.locator(".pagefind-ui__search-input")
    box.press_sequentially("Calotriton", delay=40)
    page.locator(".pagefind-ui__result-link", has_text="Montseny").first.wait_for()
    assert page.url.endswith("/search/?q=Calotriton")  # shareable as it is typed
    page.locator(".pagefind-ui__filter-name", has_text="red list").first.wait_for()


@pytest.mark.browser
def test_the_map_shows_every_site(site: str, page: Any) -> None:
    page.goto(site + "/sites/")
    markers_settled(page, SITES)
    assert page.locator("#site-map .map-live").is_visible()
    assert not page.locator("#site-map svg.map-static").is_visible()
    # no tile server: the outlines the build wrote are the base layer, under the markers
    page.wait_for_function(  # added once the outlines have loaded: wait, do not race them
        "document.querySelector('#site-map .leaflet-control-attribution')"
        ".innerText.endsWith('Natural Earth')", timeout=10_000)
    assert page.locator("#site-map .leaflet-control-attribution").inner_text().endswith(
        "Natural Earth")
    page.locator("#site-map .leaflet-outlines-pane path").first.wait_for(state="attached")
    assert page.locator("#site-map img.leaflet-tile").count() == 0
    legend = page.locator("#site-map .map-legend").inner_text()
    assert "Critically Endangered (CR)" in legend and "Endangered (EN)" in legend


@pytest.mark.browser
def test_filtering_to_one_country_shows_only_its_rows_and_markers(site: str, page: Any) -> None:
    page.goto(site + "/sites/")
    markers_settled(page, SITES)
    assert len(visible_rows(page)) == SITES
    page.select_option("#filter-country", "MEX")
    markers_settled(page, len(MEXICO))
    assert sorted(visible_rows(page)) == MEXICO
    assert page.locator("#filter-count").inner_text() == f"Showing {len(MEXICO)} of {SITES} sites"
    assert page.url.endswith("/sites/?country=MEX")
    page.select_option("#filter-group", "birds")
    markers_settled(page, 1)
    assert visible_rows(page) == ["socorro-island"]
    page.select_option("#filter-group", "amphibians")  # no Mexican site has one
    markers_settled(page, 0)
    assert visible_rows(page) == []
    assert page.locator("#filter-empty").is_visible()
    page.click("#filter-empty button")  # "Clear the filters"
    markers_settled(page, SITES)
    assert len(visible_rows(page)) == SITES and page.url.endswith("/sites/")


@pytest.mark.browser
def test_a_filtered_address_reopens_with_the_same_filter(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    offline_tiles(context)
    page = context.new_page()
    page.goto(site + "/sites/?country=MEX&group=plants")
    markers_settled(page, 1)
    assert page.input_value("#filter-country") == "MEX"
    assert page.input_value("#filter-group") == "plants"
    assert visible_rows(page) == ["xichu-guanajuato"]
    dots = page.eval_on_selector_all("svg.map-static circle",
                                     "cs => cs.filter(c => c.style.display !== 'none').length")
    assert dots == 1  # the static map (for print) follows the filters too
    context.close()


@pytest.mark.browser
def test_a_country_page_maps_only_its_sites(site: str, page: Any) -> None:
    page.goto(site + "/countries/bra/")
    markers_settled(page, 1)
    page.locator("#site-map path.site-marker").click()
    popup = page.locator(".leaflet-popup-content")
    assert "Chapada do Araripe" in popup.inner_text() and "Critically Endangered" in popup.inner_text()
    popup.locator("a").click()
    page.wait_for_url(re.compile(r"/sites/chapada-do-araripe/$"))


@pytest.mark.browser
def test_without_javascript_the_svg_map_and_the_full_table_show(site: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/sites/?country=MEX")
    svg = page.locator("#site-map svg.map-static")
    assert svg.is_visible()
    assert svg.bounding_box()["width"] > 600
    assert page.locator("svg.map-static circle").count() == SITES
    assert not page.locator("#site-filters").is_visible()
    assert page.locator("#site-table tbody tr:visible").count() == SITES
    page.goto(site + "/search/")
    assert page.locator("#search-fallback").is_visible()
    assert "Search needs JavaScript" in page.locator("#search-fallback").inner_text()
    context.close()


@pytest.mark.browser
def test_print_shows_the_svg_map_not_the_interactive_one(site: str, page: Any) -> None:
    page.goto(site + "/countries/mex/")
    markers_settled(page, len(MEXICO))
    page.emulate_media(media="print")
    assert page.locator("#site-map svg.map-static").is_visible()
    assert not page.locator("#site-map .map-live").is_visible()


# -- in Spanish: the same scripts, their text and links in the page's language ------------------

def spanish() -> Translator:
    """The shipped Spanish catalogue, as the build read it (English where it has no text)."""
    return Translator(read_messages("es", (REPO / "templates/locales/es.po").read_bytes()))


@pytest.mark.browser
def test_in_spanish_the_map_speaks_spanish_and_leads_to_spanish_pages(site: str,
                                                                      page: Any) -> None:
    es = spanish()
    page.goto(site + "/es/countries/bra/")
    markers_settled(page, 1)
    page.locator("#site-map path.site-marker").click()
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "Brasil" in text and es.gettext("Critically Endangered") in text
    assert es.ngettext("%(n)s trigger species", "%(n)s trigger species", 1) % {"n": 1} in text
    assert es.gettext("Partly protected") in text
    popup.locator("a").click()
    page.wait_for_url(re.compile(r"/es/sites/chapada-do-araripe/$"))


@pytest.mark.browser
def test_in_spanish_the_filters_work_and_count_in_spanish(site: str, page: Any) -> None:
    es = spanish()
    page.goto(site + "/es/sites/")
    markers_settled(page, SITES)
    page.select_option("#filter-country", "MEX")
    markers_settled(page, len(MEXICO))
    assert sorted(visible_rows(page)) == MEXICO
    showing = es.ngettext("Showing %(shown)s of %(total)s sites",
                          "Showing %(shown)s of %(total)s sites", SITES)
    assert page.locator("#filter-count").inner_text() == showing % {"shown": len(MEXICO),
                                                                    "total": SITES}
    assert page.url.endswith("/es/sites/?country=MEX")
    page.click("#site-filters button[type=reset]")
    markers_settled(page, SITES)
    every = es.ngettext("%(n)s sites", "%(n)s sites", SITES) % {"n": SITES}
    assert page.locator("#filter-count").inner_text() == every
    assert page.url.endswith("/es/sites/")


@pytest.mark.browser
def test_in_spanish_search_has_its_placeholder_and_filter_names(site: str, page: Any) -> None:
    es = spanish()
    page.goto(site + "/es/search/?q=Araripe")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for()
    assert box.get_attribute("placeholder") == es.gettext(
        "Search sites, species, countries and pages")
    page.locator(".pagefind-ui__result-link", has_text="Chapada do Araripe").first.wait_for()
    page.locator(".pagefind-ui__filter-name", has_text=es.gettext("red list")).first.wait_for()
