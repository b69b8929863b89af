"""What visitors see (species pages, locator maps, numbers): each page built and read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE_MD, MakeSite, own

from aze_site.build import BuildOptions, build
from aze_site.errors import BuildFailed
from aze_site.publish.blobs import MemoryWriter
from aze_site.render.pages import scientific

SITE = "content/sites/chapada-do-araripe.md"
SPECIES = "species/antilophia-bokermanni/index.html"


def pages_of(root: Path) -> dict[str, str]:
    memory = MemoryWriter()
    build(BuildOptions(root=root, jobs=1), memory=memory)
    return {rel: data.decode() for rel, data in memory.files.items() if rel.endswith(".html")}


def with_species_fields(fields: str) -> str:
    return SITE_MD.replace("    status: CR\n", f"    status: CR\n{fields}", 1)


def test_a_species_page_says_what_its_status_means_and_where_it_survives(
        make_site: MakeSite) -> None:
    html = pages_of(make_site())[SPECIES]
    assert '<h1 data-pagefind-meta="title"><i>Antilophia bokermanni</i></h1>' in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert ("Antilophia bokermanni (Araripe manakin) is Critically Endangered on the IUCN Red "
            "List: facing an extremely high risk of extinction in the wild. It survives at one "
            "site only, Chapada do Araripe: if that place is lost, the species is lost with "
            "it.") in text
    card = re.search(r'<li class="site-card">.*?</li>', html, re.S)
    assert card is not None  # its site, as a card: photo, facts, locator map
    assert '<a href="/sites/chapada-do-araripe/">Chapada do Araripe</a>' in card.group()
    assert "<dt>Protection</dt> <dd>Partly protected</dd>" in card.group()
    assert 'class="map-static map-locator"' in card.group()
    assert "<table" not in html  # no table row repeating the species


def test_a_site_whose_aze_status_is_unconfirmed_is_not_called_the_last_refuge(
        make_site: MakeSite) -> None:
    """Without criterion A1e (which every confirmed AZE site meets), the pages say where
    the species is known from, not that it survives there alone."""
    pages = pages_of(make_site({"content/sites/chapada-do-araripe.md":
                                SITE_MD.replace("criteria: [A1e]", "criteria: [A1a]")}))
    text = " ".join(re.sub(r"<[^>]+>", "", pages[SPECIES]).split())
    assert "It is known from Chapada do Araripe, whose AZE status has not been confirmed." in text
    assert "survives at one site only" not in text
    site = pages["sites/chapada-do-araripe/index.html"]
    assert ('<meta name="description" content="Chapada do Araripe, Brazil: home to Araripe '
            'manakin; its AZE status has not been confirmed.">') in site
    assert "last refuge" not in site
    mark = '<span class="unconfirmed-mark">AZE status not confirmed</span>'
    for listing in ("sites/index.html", "species/index.html", "countries/bra/index.html"):
        assert pages[listing].count(mark) == 1, listing  # Chapada do Araripe's, not Xichu's
    assert ("All 2 Alliance for Zero Extinction sites: country, trigger species, Red List "
            "category and protection. The AZE status of 1 of them has not been confirmed."
            ) in pages["sites/index.html"]
    assert mark not in pages_of(make_site(name="confirmed"))["sites/index.html"]


def test_the_map_data_flags_a_site_awaiting_confirmation_only_when_one_does(
        make_site: MakeSite) -> None:
    import json

    def map_data(root: Path) -> dict[str, Any]:
        memory = MemoryWriter()
        build(BuildOptions(root=root, jobs=1), memory=memory)
        return json.loads(memory.files["data/map.json"])  # type: ignore[no-any-return]

    data = map_data(make_site({SITE: SITE_MD.replace("criteria: [A1e]", "criteria: [A1a]")}))
    rows = {row[0]: row[data["fields"].index("unconfirmed")] for row in data["sites"]}
    assert rows == {"chapada-do-araripe": 1, "xichu": 0}
    assert "unconfirmed" not in map_data(make_site(name="confirmed"))["fields"]


def test_read_on_links_search_by_name_or_follow_the_ids(make_site: MakeSite) -> None:
    html = pages_of(make_site())[SPECIES]
    assert ('href="https://www.iucnredlist.org/search?query=Antilophia%20bokermanni&amp;'
            'searchType=species"') in html
    assert 'href="https://www.gbif.org/species/search?q=Antilophia%20bokermanni"' in html
    html = pages_of(make_site({SITE: with_species_fields(
        "    iucn_id: 22728534/130806787\n    gbif_id: 2482524\n")}, name="ids"))[SPECIES]
    assert 'href="https://www.iucnredlist.org/species/22728534/130806787"' in html
    assert 'href="https://www.gbif.org/species/2482524"' in html


def test_a_species_photo_is_shown_with_its_credit(make_site: MakeSite) -> None:
    html = pages_of(make_site({SITE: with_species_fields("    photo: hero.jpg\n")}))[SPECIES]
    figure = re.search(r'<figure class="photo species-photo">.*?</figure>', html, re.S)
    assert figure is not None
    assert 'alt="A drawn landscape"' in figure.group() and "Credit: Test Illustrator" in figure.group()


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "species[0].iucn_id: expected the numbers of the species' address on the IUCN Red "
     "List website, such as 22728534 or 22728534/130806787, got 'abc'"),
    ("0", "species[0].iucn_id: expected the numbers of the species' address on the IUCN Red "
     "List website, such as 22728534 or 22728534/130806787, got '0'"),
])
def test_a_wrong_iucn_id_is_an_error_at_its_line(make_site: MakeSite, value: str,
                                                 message: str) -> None:
    root = make_site({SITE: with_species_fields(f"    iucn_id: '{value}'\n")})
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    assert own([str(d) for d in failed.value.report.items]) == [f"{SITE}:13:14: error: {message}"]


def test_scientific_names_are_italic_wherever_they_are_shown(make_site: MakeSite) -> None:
    pages = pages_of(make_site({SITE: SITE_MD.replace("    common_name: Araripe manakin\n", "")}))
    name = "Antilophia bokermanni"
    for rel in ("index.html", "sites/index.html", "sites/chapada-do-araripe/index.html",
                "species/index.html", SPECIES, "red-list/cr/index.html", "groups/birds/index.html",
                "countries/bra/index.html"):
        shown = re.findall(rf"(?:<i>)?{name}", re.sub(r"<(head|script)\b.*?</\1>", "",
                                                       pages[rel], flags=re.S))
        assert shown and all(s.startswith("<i>") for s in shown), rel


def test_areas_have_thousands_separators(make_site: MakeSite) -> None:
    pages = pages_of(make_site({SITE: SITE_MD.replace("area_km2: 28", "area_km2: 7225.5")}))
    assert "<dd>7,225.5 km²</dd>" in pages["sites/chapada-do-araripe/index.html"]
    assert "<dd>7,225.5 km²</dd>" in pages[SPECIES]


@pytest.mark.browser
def test_a_portrait_photo_in_a_text_fits_the_screen(make_site: MakeSite, browser: Any,
                                                    tmp_path: Path) -> None:
    from browser import serve
    from conftest import IMAGES_YAML, jpeg

    page_md = "---\ntitle: Tall\n---\nBefore.\n\n![A tall tree](../images/tall.jpg)\n\nAfter.\n"
    root = make_site({"content/pages/tall.md": page_md, "content/images/images.yaml":
                      IMAGES_YAML + "tall.jpg:\n  alt: A tall tree\n  credit: Test\n"
                      "  license: CC0 1.0\n"})
    (root / "content/images/tall.jpg").write_bytes(jpeg(1200, 2400))
    build(BuildOptions(root=root, jobs=1, out=tmp_path / "out"))
    with serve(tmp_path / "out") as base:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "/tall/")
        img = page.locator(".photo-content img")
        img.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.photo-content img').complete")
        box = img.bounding_box()
        assert box is not None and box["height"] <= 800 * 0.85 + 1
        assert abs(box["width"] / box["height"] - 0.5) < 0.02  # not stretched
        page.close()


ALIGNED = "| Year of the update | Sites listed that year |\n|:--|--:|\n| 2005 | 595 |\n"
# Where a cell's text sits in it: which side, by the room left on each
SIDE = """td => { const cell = td.getBoundingClientRect(), range = document.createRange();
    range.selectNodeContents(td); const text = range.getBoundingClientRect();
    return text.left - cell.left < cell.right - text.right ? "left" : "right"; }"""


@pytest.mark.browser
def test_a_table_column_aligned_to_the_start_starts_on_the_right_in_arabic(
        make_site: MakeSite, browser: Any, tmp_path: Path) -> None:
    from browser import serve
    from conftest import SITE_YAML

    root = make_site({
        "content/site.yaml": SITE_YAML.replace("language: en\n", "languages: [en, ar]\n"),
        "content/pages/numbers.md": "---\ntitle: Numbers\n---\n" + ALIGNED,
        "content/pages/numbers.ar.md": "---\ntitle: أرقام\n---\n" + ALIGNED})
    build(BuildOptions(root=root, jobs=1, out=tmp_path / "out"))
    with serve(tmp_path / "out") as base:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for url, start, end in (("/numbers/", "left", "right"), ("/ar/numbers/", "right", "left")):
            page.goto(base + url)
            cells = page.locator(".prose table tbody td")
            assert [cells.nth(0).evaluate(SIDE), cells.nth(1).evaluate(SIDE)] == [start, end], url
        page.close()


FOOTER_YAML = """footer:
  contact: mailto:info@zero-test.org
  privacy: /act/
  donate: https://give.zero-test.org/
  social:
    - {name: Mastodon, url: https://social.zero-test.org/@aze}
"""


def test_the_footer_carries_the_organisation_s_links(make_site: MakeSite) -> None:
    from conftest import SITE_YAML

    pages = pages_of(make_site({"content/site.yaml": SITE_YAML + FOOTER_YAML}))
    footer = re.search(r'<nav aria-label="The organisation">.*?</nav>', pages["index.html"], re.S)
    assert footer is not None
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', footer.group())
    assert links == [("mailto:info@zero-test.org", "Contact"),
                     ("https://give.zero-test.org/", "Donate"), ("/act/", "Privacy"),
                     ("https://social.zero-test.org/@aze", "Mastodon")]
    assert '<nav aria-label="The organisation">' not in pages_of(make_site(name="plain"))["index.html"]


@pytest.mark.parametrize(("entry", "message"), [
    ("  legal: /nowhere/\n", "content/site.yaml:12:10: error: footer.legal: /nowhere/ leads "
     "nowhere: no page has this address: write the address of one of the site's pages, e.g. "
     "/about/ for content/pages/about.md"),
    ("  contact: info@zero-test.org\n", "content/site.yaml:12:12: error: footer.contact: write an "
     "e-mail address as 'mailto:info@zero-test.org'"),
    ("  contact: \"mailto:info@zero-test.org?subject=a b\"\n", "content/site.yaml:12:12: error: "
     "footer.contact: 'mailto:info@zero-test.org?subject=a b' is not an e-mail address such as "
     "'mailto:name@example.org' (with no spaces, quotes or angle brackets)"),
])
def test_a_footer_link_is_checked_at_its_line(make_site: MakeSite, entry: str, message: str) -> None:
    from conftest import SITE_YAML

    root = make_site({"content/site.yaml": SITE_YAML + "footer:\n" + entry})
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    assert own([str(d) for d in failed.value.report.items]) == [message]


def test_a_partner_logo_is_shown_whole_with_its_alt_text(make_site: MakeSite) -> None:
    from conftest import PARTNERS_YAML

    partners = PARTNERS_YAML.rstrip("\n") + "\n  logo: hero.jpg\n"
    html = pages_of(make_site({"content/partners.yaml": partners}))["partners/index.html"]
    logo = re.search(r'<figure class="partner-logo">.*?</figure>', html, re.S)
    assert logo is not None and 'alt="A drawn landscape"' in logo.group()
    assert "Credit: Test Illustrator" in logo.group()


def test_a_position_is_written_with_the_same_decimals_for_both_numbers(
        make_site: MakeSite) -> None:
    """1.50° N, 77.00° W: a whole number beside a decimal one read as less precise."""
    root = make_site({SITE: SITE_MD.replace("location: {lat: -7.25, lon: -39.45}",
                                            "location: {lat: 1.5, lon: -77}")})
    factsheet = pages_of(root)["sites/chapada-do-araripe/index.html"]
    assert "<dd><bdi>1.50°\u00a0N</bdi>, <bdi>77.00°\u00a0W</bdi>" in factsheet
    assert "at 1.50°\u00a0N, 77.00°\u00a0W" in factsheet  # the locator map's label


def test_a_new_species_qualifier_stays_upright_whole() -> None:
    """'sp. nov.' (a species just described, not yet named in the Red List) is upright, both
    words, as the sign of a hybrid is."""
    assert str(scientific("Arabitis \u00d7 hybrida sp. nov.")) == (
        'Arabitis <span class="rank">\u00d7</span> hybrida <span class="rank">sp.</span> '
        '<span class="rank">nov.</span>')


def test_ranks_in_a_scientific_name_stay_upright(make_site: MakeSite) -> None:
    """By convention 'subsp.' and 'var.' are not italic: Ctenophorus ornatus subsp. linae."""
    name = "Antilophia bokermanni subsp. araripensis"
    root = make_site({SITE: SITE_MD.replace("Antilophia bokermanni", name)})
    pages = pages_of(root)
    italic = '<i>Antilophia bokermanni <span class="rank">subsp.</span> araripensis</i>'
    assert italic in pages["species/antilophia-bokermanni-subsp-araripensis/index.html"]
    assert italic in pages["sites/chapada-do-araripe/index.html"]
    assert "<i>Mammillaria marcosii</i>" in pages["sites/xichu/index.html"]


def test_names_with_accents_are_listed_with_their_letter_not_after_z(make_site: MakeSite) -> None:
    """São Tomé before Socorro, Côte d'Ivoire before Cuba, as the tables sort them in the
    browser (order.js): not by character codes, which put every accented letter after z."""
    def site(name: str, iso3: str, species: str, lat: int) -> str:
        return SITE_MD.replace("Chapada do Araripe", name).replace("iso3: BRA", f"iso3: {iso3}") \
            .replace("Antilophia bokermanni", species).replace("lat: -7.25", f"lat: {lat}")
    root = make_site({"content/sites/sao-tome.md": site("São Tomé", "CIV", "Aus bus", 1),
                      "content/sites/socorro.md": site("Socorro", "CUB", "Aus cus", 2)})
    pages = pages_of(root)
    listing = pages["sites/index.html"]
    assert listing.index(">São Tomé<") < listing.index(">Socorro<")
    countries = pages["countries/index.html"]
    assert countries.index("Côte d&#39;Ivoire") < countries.index("Cuba")
