"""The site index of a big catalogue: static pages of sites, and filters over every site.

A generated project of 60 sites is built with the index's threshold lowered (paged above
20 sites, 25 a page: /sites/, /sites/page/2/, /sites/page/3/), so paging is exercised
without thousands of files. Browser tests drive Debian's chromium, with JavaScript on
(filters over every page, map markers, "Show more", sorting) and off (the pager alone).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import serve
from conftest import FILES as BASE_FILES
from conftest import REPO, SITE_YAML, MakeSite, jpeg
from tiles import offline_tiles

from aze_site.build import BuildOptions, build
from aze_site.content.regions import region
from aze_site.render import paging
from aze_site.render.i18n import country_name

BASE = "https://test.example.org/"
PAGED_ABOVE, PER_PAGE, COUNT = 20, 25, 60
COUNTRIES = {"BRA": (-10.0, -52.0), "MEX": (20.0, -100.0), "PER": (-9.0, -75.0),
             "KEN": (0.5, 37.5), "MDG": (-19.0, 46.5), "IDN": (-2.0, 118.0), "ESP": (40.0, -3.5)}
GROUPS = ("amphibians", "birds", "plants", "mammals")
PROTECTION = ("none", "partial", "full", None)
WORDS = ("Alto", "Bela", "Cerro", "Delta", "Esker", "Fjell", "Gola", "Hoya", "Isla", "Jebel",
         "Kopje", "Loma")


def site_md(i: int) -> tuple[str, dict[str, Any]]:
    """The i-th generated site: its Markdown, and the facts the tests check it by."""
    codes = list(COUNTRIES)
    iso3 = [codes[i % len(codes)]]
    if i % 10 == 9:  # some sites are in two countries
        iso3.append(codes[(i + 3) % len(codes)])
    lat, lon = COUNTRIES[iso3[0]]
    name = f"{WORDS[(i * 5) % len(WORDS)]} {chr(65 + i % 26)}{i:02d}"  # not in file order
    species = [(f"Pagina {WORDS[i % len(WORDS)].lower()}{i}", GROUPS[i % 4], "CR" if i % 3 else "EN")]
    if i % 4 == 0:
        species.append((f"Pagina altera{i}", GROUPS[(i + 1) % 4], "EN"))
    protection = PROTECTION[i % 4]
    lines = ["---", f"name: {name}", f"iso3: [{', '.join(iso3)}]",
             f"location: {{lat: {lat + (i % 5) * 0.7:.2f}, lon: {lon + (i % 7) * 0.6:.2f}}}",
             "criteria: [A1e]"]
    if protection:
        lines.append(f"protection: {protection}")
    lines.append("species:")
    for sp, group, status in species:
        lines += [f"  - name: {sp}", f"    group: {group}", f"    status: {status}"]
    lines += ["---", f"Site {i}.", ""]
    facts = {"name": name, "iso3": iso3, "groups": {g for _, g, _ in species},
             "statuses": {s for _, _, s in species}, "protection": protection or "unknown"}
    return "\n".join(lines), facts


def project() -> tuple[dict[str, str | None], dict[str, dict[str, Any]]]:
    files: dict[str, str | None] = {
        "content/site.yaml": SITE_YAML + "social_cards: false\n",
        "content/sites/chapada-do-araripe.md": None, "content/sites/xichu.md": None,
    }
    facts = {}
    for i in range(COUNT):
        text, fact = site_md(i)
        slug = re.sub(r"[^a-z0-9]+", "-", fact["name"].lower()).strip("-")
        files[f"content/sites/{slug}.md"] = text
        facts[slug] = fact
    return files, facts


FILES, FACTS = project()


def by_name() -> list[str]:
    return sorted(FACTS, key=lambda slug: (FACTS[slug]["name"].casefold(), slug))


def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGED_ABOVE", PAGED_ABOVE)
    monkeypatch.setattr(paging, "SITES_PER_PAGE", PER_PAGE)


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def row_slugs(html: str) -> list[str]:
    table = re.search(r'<table class="site-table[^>]*>.*?</table>', html, re.S)
    assert table is not None
    return re.findall(r'<tr data-slug="([a-z0-9-]+)"', table.group())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The 60-site project, built once with small pages; yields its output folder."""
    yield build_project(tmp_path_factory.mktemp("site-index") / "site", FILES)


def build_project(root: Path, files: dict[str, str | None]) -> Path:
    """Build the project of these files (and the shipped theme, which they may replace)."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    for rel, text in {**BASE_FILES, **files}.items():
        if text is not None:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    (root / "content/images/hero.jpg").write_bytes(jpeg())
    with pytest.MonkeyPatch.context() as mp:
        small_pages(mp)
        build(BuildOptions(root=root, jobs=1, search=False))
    return root / "public"


# -- pages, in files ---------------------------------------------------------------------------


def test_pager_links_a_window_of_pages_with_gaps() -> None:
    assert paging.pager(1, paging.PAGED_ABOVE) is None  # one page up to the threshold
    pager = paging.pager(6, 40 * paging.SITES_PER_PAGE)
    assert pager is not None
    assert [link.number for link in pager.links] == [1, None, 4, 5, 6, 7, 8, None, 40]
    assert [link.url for link in pager.links if link.current] == ["/sites/page/6/"]
    assert [link.number for link in pager.links if link.far] == [4, 8]  # by a gap: phones skip them
    assert pager.prev_url == "/sites/page/5/" and pager.next_url == "/sites/page/7/"
    first = paging.pager(1, 40 * paging.SITES_PER_PAGE)
    assert first is not None and first.prev_url is None
    assert [link.number for link in first.links] == [1, 2, 3, None, 40]
    near = paging.pager(4, 40 * paging.SITES_PER_PAGE)  # no gap that hides a single page
    assert near is not None and [link.number for link in near.links][:6] == [1, 2, 3, 4, 5, 6]
    assert paging.page_urls(paging.PAGED_ABOVE + 1)[1] == "/sites/page/2/"


def test_the_pages_list_every_site_once_by_name(built: Path) -> None:
    urls = ["sites/index.html", "sites/page/2/index.html", "sites/page/3/index.html"]
    pages = [row_slugs(read(built, rel)) for rel in urls]
    assert [len(rows) for rows in pages] == [25, 25, 10]
    assert [slug for rows in pages for slug in rows] == by_name()
    assert not (built / "sites/page/4").exists()
    assert not (built / "sites/page/1").exists()  # page 1 is /sites/


def test_each_page_has_its_title_canonical_address_and_pager(built: Path) -> None:
    first, second, last = (read(built, rel) for rel in (
        "sites/index.html", "sites/page/2/index.html", "sites/page/3/index.html"))
    assert "<title>AZE sites · Test Alliance</title>" in first
    assert "<title>All AZE sites, page 2 of 3 · Test Alliance</title>" in second
    assert '<h1 data-pagefind-meta="title">All AZE sites, page 3 of 3</h1>' in last
    assert f'<link rel="canonical" href="{BASE}sites/page/2/">' in second
    assert f'<link rel="prev" href="{BASE}sites/">' in second
    assert f'<link rel="next" href="{BASE}sites/page/3/">' in second
    descriptions = {re.search(r'<meta name="description" content="([^"]*)"', h).group(1)  # type: ignore[union-attr]
                    for h in (first, second, last)}
    assert len(descriptions) == 3  # no two pages describe themselves alike
    nav = re.search(r'<nav class="pager" id="site-pager" aria-label="Pages of sites">.*?</nav>',
                    second, re.S)
    assert nav is not None
    links = re.findall(r'<a href="([^"]+)"( rel="\w+"| aria-current="page")?>', nav.group())
    assert links == [("/sites/", ' rel="prev"'), ("/sites/", ""), ("/sites/page/2/", ' aria-current="page"'),
                     ("/sites/page/3/", ""), ("/sites/page/3/", ' rel="next"')]
    assert "Sites 26 to 50 of 60, by name" in nav.group()
    assert '<span class="pager-off">Next' in last


def test_index_pages_are_in_the_sitemap_and_not_in_the_search_index(built: Path) -> None:
    sitemap = read(built, "sitemap.xml")
    for url in ("sites/", "sites/page/2/", "sites/page/3/"):
        assert f"<loc>{BASE}{url}</loc>" in sitemap
        html = read(built, url + "index.html")
        assert "data-pagefind-body" not in html  # listings: search finds the sites themselves
    assert "data-pagefind-body" in read(built, "sites/" + by_name()[30] + "/index.html")


def test_a_page_of_the_index_maps_its_own_sites_and_the_map_data_has_them_all(built: Path) -> None:
    second = read(built, "sites/page/2/index.html")
    dots = re.findall(r'<circle [^>]*data-slug="([a-z0-9-]+)"', second)
    assert sorted(dots) == sorted(by_name()[25:50])
    assert "This map shows the 25 sites listed on this page" in second
    assert "All 60 published sites" in second
    data = json.loads(read(built, "data/map.json"))
    fields = data["fields"]
    records = {row[0]: dict(zip(fields, row, strict=True)) for row in data["sites"]}
    assert list(records) == by_name()  # in the order of the table
    for slug, fact in FACTS.items():
        assert records[slug]["iso3"] == fact["iso3"]
        assert set(records[slug]["statuses"]) == fact["statuses"]
        assert set(records[slug]["groups"]) == fact["groups"]
    assert data["regions"] == {code: (region(code) or "").lower() for code in COUNTRIES}


def test_a_small_catalogue_keeps_one_table(make_site: MakeSite) -> None:
    root = make_site()
    build(BuildOptions(root=root, jobs=1, search=False))
    html = read(root / "public", "sites/index.html")
    assert 'id="site-pager"' not in html and "data-paged" not in html
    assert 'data-country="BRA" data-region="americas"' in html  # rows filter by themselves
    assert not (root / "public/sites/page").exists()


# -- in the browser ----------------------------------------------------------------------------

SHOWN = """() => {
  const clusters = [...document.querySelectorAll('#site-map .map-cluster span')]
    .reduce((n, el) => n + parseInt(el.textContent, 10), 0);
  const single = document.querySelectorAll('#site-map .leaflet-overlay-pane path.site-marker').length;
  return clusters + single;
}"""


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    with serve(built) as base:
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


def rows(page: Any) -> list[str]:
    slugs: list[str] = page.eval_on_selector_all("#site-table tbody tr", "rs => rs.map(r => r.dataset.slug)")
    return slugs


def of(wanted: dict[str, str]) -> list[str]:
    """The slugs, by name, of the sites that pass these filters."""
    def ok(fact: dict[str, Any]) -> bool:
        return all(
            value in fact["iso3"] if name == "country" else
            any((region(c) or "").lower() == value for c in fact["iso3"]) if name == "region" else
            value in fact["groups"] if name == "group" else
            value in fact["statuses"] if name == "status" else fact["protection"] == value
            for name, value in wanted.items())
    return [slug for slug in by_name() if ok(FACTS[slug])]


@pytest.mark.browser
def test_without_javascript_every_site_is_reachable_through_the_pager(site: str,
                                                                        browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/sites/")
    assert page.locator("#site-filters").is_hidden()
    seen: list[str] = []
    for _ in range(10):
        seen += rows(page)
        following = page.locator("#site-pager a[rel=next]")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_load_state()
    assert seen == by_name()
    assert page.url.endswith("/sites/page/3/")
    context.close()


@pytest.mark.browser
def test_a_filter_finds_the_sites_of_every_page(site: str, page: Any) -> None:
    page.goto(site + "/sites/")
    markers_settled(page, COUNT)
    first_page = rows(page)
    assert first_page == by_name()[:PER_PAGE]
    mexico = of({"country": "MEX"})
    assert len(mexico) > 2 and set(mexico) - set(first_page)  # some are on later pages
    page.select_option("#filter-country", "MEX")
    markers_settled(page, len(mexico))
    assert rows(page) == mexico
    assert page.locator("#filter-count").inner_text() == f"Showing {len(mexico)} of {COUNT} sites"
    assert page.locator("#site-pager").is_hidden()
    assert page.url.endswith("/sites/?country=MEX")
    row = page.locator("#site-table tbody tr").first
    assert row.locator("th a").get_attribute("href") == f"/sites/{mexico[0]}/"
    assert row.locator("td a").first.inner_text() == "Mexico"
    assert row.locator(".badge").count() >= 1
    # the static map (for print) shows them too, once it is needed
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    dots = page.eval_on_selector_all("svg.map-static circle", "cs => cs.map(c => c.dataset.slug)")
    assert sorted(dots) == sorted(mexico)
    page.select_option("#filter-group", "amphibians")
    both = of({"country": "MEX", "group": "amphibians"})
    markers_settled(page, len(both))
    assert rows(page) == both
    empty = next(c for c in COUNTRIES if not of({"country": c, "group": "amphibians",
                                                  "protection": "full"}))
    page.select_option("#filter-protection", "full")
    page.select_option("#filter-country", empty)
    markers_settled(page, 0)
    assert rows(page) == []
    assert page.locator("#filter-empty").is_visible()
    page.click("#filter-empty button")  # "Clear the filters": page 1 as the server wrote it
    markers_settled(page, COUNT)
    assert rows(page) == first_page
    assert page.locator("#site-pager").is_visible()
    assert page.locator("#filter-count").inner_text() == "60 sites; this page lists 1 to 25"
    assert page.url.endswith("/sites/")
    dots = page.eval_on_selector_all("svg.map-static circle", "cs => cs.map(c => c.dataset.slug)")
    assert sorted(dots) == sorted(first_page)


@pytest.mark.browser
def test_every_filter_agrees_with_the_content(site: str, page: Any) -> None:
    page.goto(site + "/sites/page/2/")
    markers_settled(page, COUNT)
    for name, value in (("region", "africa"), ("status", "EN"), ("protection", "unknown"),
                        ("protection", "full"), ("group", "birds")):
        page.select_option(f"#filter-{name}", value)
        expected = of({name: value})
        markers_settled(page, len(expected))
        shown = rows(page)
        assert shown == expected[:PER_PAGE], (name, value)
        page.click("#site-filters button[type=reset]")
        markers_settled(page, COUNT)
        assert rows(page) == by_name()[PER_PAGE:2 * PER_PAGE]  # page 2, as it was


@pytest.mark.browser
def test_show_more_lists_the_rest_of_a_big_match_and_sorting_sorts_them_all(
        site: str, page: Any) -> None:
    page.goto(site + "/sites/?status=CR")
    cr = of({"status": "CR"})
    assert len(cr) > PER_PAGE
    markers_settled(page, len(cr))
    assert page.input_value("#filter-status") == "CR"  # reopened with its filter
    assert rows(page) == cr[:PER_PAGE]
    more = page.locator("#filter-more button")
    left = len(cr) - PER_PAGE
    assert more.inner_text() == (f"Show the last {left} sites" if left <= PER_PAGE
                                 else f"Show {PER_PAGE} more ({left} not listed yet)")
    more.click()
    assert rows(page) == cr
    assert page.locator("#filter-more").is_hidden()
    focused = page.evaluate("document.activeElement.closest('tr').dataset.slug")
    assert focused == cr[PER_PAGE]  # the first new row
    page.click("#site-table thead button:has-text('Country')")
    countries = [FACTS[s]["iso3"] for s in rows(page)]
    names = [", ".join({"BRA": "Brazil", "ESP": "Spain", "IDN": "Indonesia", "KEN": "Kenya",
                        "MDG": "Madagascar", "MEX": "Mexico", "PER": "Peru"}[c] for c in iso3)
             for iso3 in countries]
    assert names == sorted(names, key=str.casefold) and sorted(rows(page)) == sorted(cr)
    page.click("#site-filters button[type=reset]")  # page 1 comes back sorted the same way
    markers_settled(page, COUNT)
    first = by_name()[:PER_PAGE]
    assert sorted(rows(page)) == sorted(first) and rows(page) != first
    assert page.get_attribute("#site-table thead th:nth-child(2)", "aria-sort") == "ascending"


@pytest.mark.browser
def test_a_filtered_address_of_a_later_page_reopens_filtered(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    offline_tiles(context)
    page = context.new_page()
    page.goto(site + "/sites/page/3/?country=PER&protection=none")
    expected = of({"country": "PER", "protection": "none"})
    markers_settled(page, len(expected))
    assert page.input_value("#filter-country") == "PER"
    assert page.input_value("#filter-protection") == "none"
    assert rows(page) == expected
    assert page.locator("#site-pager").is_hidden()
    context.close()


# -- in Spanish: the rows the filters write, in the page's language -----------------------------

ES_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"

msgid "Showing %(shown)s of %(total)s sites"
msgid_plural "Showing %(shown)s of %(total)s sites"
msgstr[0] "Se muestra %(shown)s de %(total)s sitio"
msgstr[1] "Se muestran %(shown)s de %(total)s de sitios"
msgstr[2] "Se muestran %(shown)s de %(total)s sitios"

msgid "Show the last %(n)s sites"
msgid_plural "Show the last %(n)s sites"
msgstr[0] "Mostrar el último sitio"
msgstr[1] "Mostrar los últimos %(n)s de sitios"
msgstr[2] "Mostrar los últimos %(n)s sitios"

msgid "Show %(batch)s more (%(left)s not listed yet)"
msgid_plural "Show %(batch)s more (%(left)s not listed yet)"
msgstr[0] "Mostrar %(batch)s más (falta %(left)s)"
msgstr[1] "Mostrar %(batch)s más (faltan %(left)s de ellos)"
msgstr[2] "Mostrar %(batch)s más (faltan %(left)s)"

msgid "%(n)s trigger species"
msgid_plural "%(n)s trigger species"
msgstr[0] "%(n)s especie desencadenante"
msgstr[1] "%(n)s de especies desencadenantes"
msgstr[2] "%(n)s especies desencadenantes"

msgid "Unknown"
msgstr "Desconocida"

msgid "No formal protection"
msgstr "Sin protección formal"

msgid "Partly protected"
msgstr "Parcialmente protegido"

msgid "Fully protected"
msgstr "Totalmente protegido"

msgid "Critically Endangered"
msgstr "En peligro crítico"

msgid "Endangered"
msgstr "En peligro"
"""
PROTECTION_ES = {"none": "Sin protección formal", "partial": "Parcialmente protegido",
                 "full": "Totalmente protegido", "unknown": "Desconocida"}


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The 60-site project in English and Spanish, served."""
    files = {**FILES, "content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, es]\n")
             + "social_cards: false\n", "templates/locales/es.po": ES_PO}
    with serve(build_project(tmp_path_factory.mktemp("site-index-es") / "site", files)) as base:
        yield base


@pytest.mark.browser
def test_in_spanish_the_rows_of_a_filter_say_it_in_spanish(spanish_site: str, page: Any) -> None:
    page.goto(spanish_site + "/es/sites/?status=CR")
    cr = of({"status": "CR"})
    markers_settled(page, len(cr))
    assert rows(page) == cr[:PER_PAGE]
    assert page.locator("#filter-count").inner_text() == f"Se muestran {len(cr)} de {COUNT} sitios"
    left = len(cr) - PER_PAGE
    assert page.locator("#filter-more button").inner_text() == (
        f"Mostrar los últimos {left} sitios" if left <= PER_PAGE
        else f"Mostrar {PER_PAGE} más (faltan {left})")
    for index in range(3):
        slug, fact = cr[index], FACTS[cr[index]]
        row = page.locator("#site-table tbody tr").nth(index)
        assert row.locator("th a").get_attribute("href") == f"/es/sites/{slug}/"
        country = row.locator("td a").first
        assert country.inner_text() == country_name(fact["iso3"][0], "es")
        assert country.get_attribute("href") == f"/es/countries/{fact['iso3'][0].lower()}/"
        species = row.locator("td").nth(1).inner_text()
        assert species in ("1 especie desencadenante", "2 especies desencadenantes")
        assert row.locator("td").nth(3).inner_text() == PROTECTION_ES[fact["protection"]]
        assert row.locator(".badge-cr").get_attribute("title") == "En peligro crítico"
    page.click("#site-table thead button:has-text('Country')")  # by the names shown
    names = page.eval_on_selector_all("#site-table tbody tr td:nth-child(2)",
                                      "cells => cells.map(c => c.textContent)")
    assert names == sorted(names, key=str.casefold) and "España" in names  # not Spain


# -- the dev server ------------------------------------------------------------------------------


def test_drafts_published_with_the_others_get_the_index_pages_they_fill(tmp_path: Path) -> None:
    """`--drafts` lists drafts in the index, which then needs more pages; they were counted
    out of its pages, so the pager led to pages not made (an error for each)."""
    files = dict(FILES)
    for rel in [rel for rel in files if rel.startswith("content/sites/")][PAGED_ABOVE:]:
        text = files[rel]
        files[rel] = text.replace("\n---\n", "\ndraft: true\n---\n", 1) if text else text
    root = tmp_path / "site"
    build_project(root, files)  # without drafts: one page
    assert not (root / "public/sites/page/2").exists()
    with pytest.MonkeyPatch.context() as mp:
        small_pages(mp)
        build(BuildOptions(root=root, jobs=1, search=False, drafts=True))
    pages = sorted(p.parent.name for p in (root / "public/sites/page").glob("*/index.html"))
    assert pages == [str(n) for n in range(2, -(-COUNT // PER_PAGE) + 1)]


def test_an_edit_of_a_site_that_keeps_their_number_plans_no_page_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages of the index are counted from the sites published, not from their list:
    a site's protection edited leaves the plan of the site's pages as it was."""
    from aze_site.queries import catalogue

    root = tmp_path / "site"
    build_project(root, FILES)
    rel = next(rel for rel, text in FILES.items() if text and "protection: full" in text)
    (root / rel).write_text(str(FILES[rel]).replace("protection: full", "protection: none"),
                            encoding="utf-8")
    planned: list[int] = []
    real = catalogue.plan_of

    def plan_of(*args: Any) -> Any:
        planned.append(1)
        return real(*args)

    monkeypatch.setattr(catalogue, "plan_of", plan_of)
    small_pages(monkeypatch)
    build(BuildOptions(root=root, jobs=1, search=False))
    assert planned == []


def test_the_dev_server_keeps_every_page_of_the_index_right(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename moves a site across pages, a new site makes a fourth page, a deleted one
    takes it away: the dev server's index pages are those of a clean build."""
    from aze_site.serve.builder import SiteBuilder
    from aze_site.serve.changes import Changes

    small_pages(monkeypatch)
    root = tmp_path / "live"
    for rel, text in {**BASE_FILES, **FILES}.items():
        if text is not None:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    (root / "content/images/hero.jpg").write_bytes(jpeg())
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    out = root / ".aze-cache/serve/public"
    builder = SiteBuilder(root, out, jobs=1)
    assert builder.build_all().ok

    def index_pages(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted((folder / "sites").rglob("index.html"))
                if p.parent == folder / "sites" or "page" in p.parts}

    def same_as_full_build() -> None:
        twin = tmp_path / "twin"
        shutil.rmtree(twin, ignore_errors=True)
        for folder in ("content", "templates", "static"):
            shutil.copytree(root / folder, twin / folder)
        build(BuildOptions(root=twin, jobs=1, search=False, drafts=True))
        live, full = index_pages(out), index_pages(twin / "public")
        assert sorted(live) == sorted(full)
        assert [rel for rel in full if live[rel] != full[rel]] == []

    first = by_name()[0]
    path = root / "content/sites" / f"{first}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        f"name: {FACTS[first]['name']}", "name: Zzyzx Springs"), encoding="utf-8")
    assert builder.update(Changes(content_modified=frozenset({path.relative_to(root).as_posix()}))).ok
    same_as_full_build()
    added = [f"content/sites/added-{i}.md" for i in range(16)]  # 76 sites: a fourth page
    for i, rel in enumerate(added):
        (root / rel).write_text(site_md(i)[0].replace("name: ", "name: Added ").replace(
            "Pagina ", "Addita "), encoding="utf-8")
    assert builder.update(Changes(content_added=frozenset(added))).ok
    assert (out / "sites/page/4/index.html").is_file()
    same_as_full_build()
    for rel in added:
        (root / rel).unlink()
    assert builder.update(Changes(content_deleted=frozenset(added))).ok
    assert not (out / "sites/page/4/index.html").exists()
    same_as_full_build()
