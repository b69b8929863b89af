"""Find and reuse, in files: downloads, map data, static map, JSON-LD, feed, sitemap, search index.

Builds of the fixture site on disk (the search index is written by Pagefind) and a few
pure functions (regions, TopoJSON decoding, Pagefind's stable output).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml
from conftest import FILES, REPO, SITE_YAML, MakeSite, deadline, errors_of, files_of, jpeg
from hypothesis import given, settings
from hypothesis import strategies as st

import aze_site.search.pagefind
from aze_site.build import BuildOptions, BuildResult, build
from aze_site.cli import main
from aze_site.content import outlines, positions, utm
from aze_site.content.positions import Number
from aze_site.content.regions import REGIONS, region, regions_of, subregion
from aze_site.content.sensitive import (
    Place,
    Places,
    Readings,
    mentions,
    numbers_in,
    published_text,
)
from aze_site.errors import BuildFailed
from aze_site.render import worldmap
from aze_site.render.downloads import CSV_COLUMNS
from aze_site.search import cbor as pagefind_cbor
from aze_site.search import stable as pagefind_stable

BASE = "https://test.example.org/"

NIMBA_MD = """\
---
name: Mount Nimba
iso3: [GIN, CIV]
location: {lat: 7.59, lon: -8.43}
area_km2: 175.5
wdkba_id: 6432
criteria: [A1a, A1e]
protection: full
species:
  - name: Nimbaphrynoides occidentalis
    common_name: Nimba viviparous toad
    group: amphibians
    status: CR
  - name: Micropotamogale lamottei
    common_name: Nimba otter shrew
    group: mammals
    status: EN
updated: 2019-02-01
---
Montane grassland.
"""

SITES = {"content/sites/mount-nimba.md": NIMBA_MD}
PRECISE = ["21.2987", "21.298", "21.299", "21.29", "21.30", "21.3", "2987",
           "100.0577", "100.057", "100.058", "100.05", "100.06", "100.1", "-100.06", "0577"]


# -- helpers -----------------------------------------------------------------------------


def run(root: Path, **options: Any) -> BuildResult:
    return build(BuildOptions(root=root, jobs=1, **options))


def read(root: Path, rel: str) -> str:
    return (root / "public" / rel).read_text(encoding="utf-8")


def front_matter(root: Path, slug: str) -> dict[str, Any]:
    text = (root / f"content/sites/{slug}.md").read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert isinstance(data, dict)
    return data


def json_ld(html: str) -> list[Any]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def unpacked(path: Path) -> bytes:
    """A file's bytes, Pagefind's gzip-compressed index files decompressed."""
    data = path.read_bytes()
    if path.suffix.startswith(".pf_"):
        data = gzip.decompress(data)
    return data


def fragments(public: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted((public / "pagefind/fragment").iterdir()):
        data = unpacked(path)
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a third, transboundary site of two species, built on disk."""
    root = tmp_path_factory.mktemp("discovery") / "site"
    for rel, text in {**FILES, **SITES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content/images/hero.jpg").write_bytes(jpeg())
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    result = run(root)
    assert result.search.state == "indexed" and result.search.error is None
    return root


# -- downloads ---------------------------------------------------------------------------


def test_csv_has_one_row_per_site_and_species_agreeing_with_the_content(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(read(built, "data/sites.csv"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["slug"], r["species"]) for r in rows] == [
        ("chapada-do-araripe", "Antilophia bokermanni"),
        ("mount-nimba", "Nimbaphrynoides occidentalis"),
        ("mount-nimba", "Micropotamogale lamottei"),
        ("xichu", "Mammillaria marcosii"),
    ]
    chapada = rows[0]
    source = front_matter(built, "chapada-do-araripe")
    assert float(chapada["lat"]) == source["location"]["lat"]
    assert float(chapada["lon"]) == source["location"]["lon"]
    assert chapada["name"] == source["name"] and chapada["iso3"] == "BRA"
    assert chapada["country"] == "Brazil" and chapada["region"] == "Americas"
    assert chapada["coordinates_coarsened"] == "false"
    assert float(chapada["area_km2"]) == source["area_km2"] and chapada["wdkba_id"] == ""
    assert chapada["criteria"] == "A1e" and chapada["protection"] == "partial"
    assert (chapada["common_name"], chapada["group"], chapada["status"]) == (
        "Araripe manakin", "birds", "CR")
    assert chapada["url"] == BASE + "sites/chapada-do-araripe/"
    nimba = rows[1]
    assert nimba["iso3"] == "GIN;CIV" and nimba["country"] == "Guinea; Côte d'Ivoire"
    assert nimba["criteria"] == "A1a;A1e" and nimba["wdkba_id"] == "6432"
    assert nimba["area_km2"] == "175.5"
    xichu = rows[3]
    assert (xichu["lat"], xichu["lon"], xichu["coordinates_coarsened"]) == ("21", "-100", "true")
    assert xichu["common_name"] == "" and xichu["protection"] == "none"


def test_geojson_and_json_hold_the_same_sites(built: Path) -> None:
    geo = json.loads(read(built, "data/sites.geojson"))
    records = json.loads(read(built, "data/sites.json"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    assert records["count"] == 3 and len(records["sites"]) == 3
    for feature, record in zip(geo["features"], records["sites"], strict=True):
        assert feature["type"] == "Feature" and feature["id"] == record["slug"]
        assert feature["geometry"] == {"type": "Point",
                                       "coordinates": [record["lon"], record["lat"]]}
        assert feature["properties"] == {k: v for k, v in record.items() if k not in ("lat", "lon")}
    nimba = records["sites"][1]
    assert nimba["iso3"] == ["GIN", "CIV"] and nimba["regions"] == ["Africa"]
    assert [sp["name"] for sp in nimba["species"]] == [
        sp["name"] for sp in front_matter(built, "mount-nimba")["species"]]
    assert nimba["species"][1] == {"name": "Micropotamogale lamottei",
                                   "common_name": "Nimba otter shrew", "group": "mammals",
                                   "status": "EN"}
    assert records["sites"][2]["coordinates_coarsened"] is True
    assert geo["features"][2]["geometry"]["coordinates"] == [-100, 21]
    assert records["license"] == geo["license"] == "See the site's terms"
    assert records["citation"].startswith("Test Alliance. AZE sites")
    assert BASE + "sites/" in records["citation"]


def test_downloads_are_linked_from_the_index_with_licence_and_citation(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + "data:\n  license: CC BY 4.0\n"
                      "  citation: Test Alliance (2024). AZE sites.\n"})
    run(root, search=False)
    html = read(root, "sites/index.html")
    for rel in ("sites.csv", "sites.geojson", "sites.json"):
        assert f'href="/data/{rel}"' in html
    assert "<dd>CC BY 4.0</dd>" in html
    assert "Test Alliance (2024). AZE sites." in html
    assert json.loads(read(root, "data/sites.json"))["license"] == "CC BY 4.0"


def test_downloads_are_the_same_bytes_every_build(make_site: MakeSite) -> None:
    root = make_site(SITES)
    run(root, search=False, cache=False)
    first = {rel: read(root, rel) for rel in ("data/sites.csv", "data/sites.geojson",
                                              "data/sites.json", "data/map.json")}
    run(root, search=False, cache=False)
    assert {rel: read(root, rel) for rel in first} == first


# -- maps ----------------------------------------------------------------------------------


def test_map_data_is_compact_and_coarsened(built: Path) -> None:
    data = json.loads(read(built, "data/map.json"))
    fields = data["fields"]
    sites = {row[0]: dict(zip(fields, row, strict=True)) for row in data["sites"]}
    assert list(sites) == ["chapada-do-araripe", "mount-nimba", "xichu"]
    assert sites["xichu"]["lat"] == 21 and sites["xichu"]["lon"] == -100
    assert sites["mount-nimba"]["statuses"] == ["CR", "EN"]  # the most threatened first
    assert sites["xichu"]["statuses"] == ["CR"]
    assert sites["mount-nimba"]["iso3"] == ["GIN", "CIV"]
    assert sites["mount-nimba"]["groups"] == ["amphibians", "mammals"]
    assert data["countries"]["CIV"] == "Côte d'Ivoire" and data["red_list"]["EN"] == "Endangered"
    assert data["regions"] == {"BRA": "americas", "CIV": "africa", "GIN": "africa",
                               "MEX": "americas"}  # each country's region, for the filters


def test_static_map_draws_every_site_at_its_published_position(built: Path) -> None:
    html = read(built, "sites/index.html")
    svg = re.search(r'<svg class="map-static".*?</svg>', html, re.S)
    assert svg is not None
    dots = re.findall(r'<circle class="m-(\w+)" cx="(-?\d+)" cy="(-?\d+)" r="\d+" '
                      r'data-slug="([a-z-]+)"/>', svg.group())
    assert sorted(d[3] for d in dots) == ["chapada-do-araripe", "mount-nimba", "xichu"]
    assert ("cr", "-10000", "-2100", "xichu") in dots  # 21° N, 100° W in hundredths
    assert ("cr", "-3945", "725", "chapada-do-araripe") in dots
    assert 'class="map-land" d="M' in svg.group()
    country = read(built, "countries/mex/index.html")
    assert re.findall(r'data-slug="([a-z-]+)"', country) == ["xichu"]
    assert "shown at a position rounded to the nearest whole degree" in country


def test_each_factsheet_has_a_locator_map(built: Path) -> None:
    html = read(built, "sites/chapada-do-araripe/index.html")
    svg = re.search(r'<svg class="map-static map-locator".*?</svg>', html, re.S)
    assert svg is not None
    assert 'aria-label="Map of where Chapada do Araripe is: in Brazil, at 7.25°\u00a0S, ' \
        '39.45°\u00a0W"' in svg.group()
    assert re.search(r'<circle class="locator-dot" cx="-3945" cy="725" r="\d+"/>', svg.group())
    box = [int(v) for v in re.search(r'viewBox="([-\d ]+)"', svg.group()).group(1).split()]  # type: ignore[union-attr]
    assert box[0] < -7400 and box[0] + box[2] > -3500  # all of Brazil is in the frame
    # the map under the point: one file, shared by every site with the same frame and countries
    base = re.search(r'<image href="/(img/maps/[0-9a-f]{12}\.svg)" x="(-?\d+)" y="(-?\d+)" '
                     r'width="(\d+)" height="(\d+)"/>', svg.group())
    assert base is not None and [int(v) for v in base.groups()[1:]] == box
    drawn = read(built, base.group(1))
    assert drawn.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="')
    assert drawn.count("<path") == 3 and len(svg.group()) < 600  # the page carries only the point


def test_a_sensitive_site_s_locator_shows_its_square_not_a_point(built: Path) -> None:
    html = read(built, "sites/xichu/index.html")
    svg = re.search(r'<svg class="map-static map-locator".*?</svg>', html, re.S)
    assert svg is not None and "<circle" not in svg.group()
    # the one-degree square around 21° N, 100° W: whole and half degrees only
    assert '<rect class="locator-area" x="-10050" y="-2150" width="100" height="100"/>' in svg.group()
    assert "within the one-degree square around 21°\u00a0N, 100°\u00a0W" in svg.group()
    assert "its exact position is withheld" in html


def test_interactive_map_settings_come_from_site_yaml(make_site: MakeSite) -> None:
    tiles = "https://tiles.example.net/{z}/{x}/{y}.png"
    root = make_site({"content/site.yaml": SITE_YAML + f"map:\n  tiles: {tiles}\n"
                      "  attribution: Example Tiles\n  max_zoom: 12\n"})
    run(root, search=False)
    html = read(root, "sites/index.html")
    assert f'data-tiles="{tiles}"' in html
    assert 'data-attribution="Example Tiles"' in html and 'data-attribution-url=""' in html
    assert 'data-max-zoom="12"' in html
    assert not (root / "public/data/world-outlines.json").exists()  # tiles instead
    assert "data-outlines" not in html
    default = make_site(name="default")  # no tile server: the outlines, from the site itself
    run(default, search=False)
    country = read(default, "countries/bra/index.html")
    assert 'data-tiles=""' in country and 'data-max-zoom="8"' in country
    outlines = re.search(r'data-outlines="(/data/world-outlines\.json\?v=\w+)"', country)
    assert outlines is not None
    world = json.loads(read(default, "data/world-outlines.json"))
    assert len(world["land"]) > 100 and len(world["borders"]) > 100
    assert world["credit"] == "Natural Earth"
    assert all(-90 <= lat <= 90 and -540 <= lon <= 540 for ring in world["land"] for lat, lon in ring)


@pytest.mark.parametrize(("setting", "message"), [
    ("  tiles: https://tiles.example.net/tile.png\n",
     "content/site.yaml:12:10: error: map.tiles: 'https://tiles.example.net/tile.png' is not a tile "
     "URL template: it needs {z}, {x} and {y}"),
    ("  max_zoom: 40\n", "content/site.yaml:12:13: error: map.max_zoom: 40 is not a zoom level "
     "from 1 to 22"),
    ("  tiles: https://t.example.net/{z}/{x}/{y}.png\n",  # a warning: an error with --strict
     "content/site.yaml:12:10: error: map.tiles: a tile source without 'attribution': most "
     "tile licences require one"),
])
def test_map_settings_are_checked(make_site: MakeSite, setting: str, message: str) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + "map:\n" + setting})
    try:
        report = run(root, search=False, strict=True).report
    except BuildFailed as failed:
        report = failed.report
    assert any(str(d).startswith(message) for d in report.items), [str(d) for d in report.items]


# -- sharing and search engines -----------------------------------------------------------


def test_json_ld_parses_and_describes_each_page(built: Path) -> None:
    [place] = json_ld(read(built, "sites/chapada-do-araripe/index.html"))
    assert place["@type"] == "Place" and place["name"] == "Chapada do Araripe"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": -7.25, "longitude": -39.45}
    assert place["address"]["addressCountry"] == "BR"
    assert place["url"] == BASE + "sites/chapada-do-araripe/"
    [nimba] = json_ld(read(built, "sites/mount-nimba/index.html"))
    assert [a["addressCountry"] for a in nimba["address"]] == ["GN", "CI"]
    [xichu] = json_ld(read(built, "sites/xichu/index.html"))
    assert xichu["geo"]["latitude"] == 21 and xichu["geo"]["longitude"] == -100
    [partners] = json_ld(read(built, "partners/index.html"))
    assert partners["@graph"] == [{"@type": "Organization", "name": "Test Partner",
                                   "url": "https://partner.example.org", "alternateName": "TP"}]
    [news] = json_ld(read(built, "news/update/index.html"))
    assert news["@type"] == "NewsArticle" and news["headline"] == "The 2018 update"
    assert news["datePublished"] == "2018-11-13" and news["url"] == BASE + "news/update/"
    assert news["image"][0].startswith(BASE + "img/social/")
    [home] = json_ld(read(built, "index.html"))
    assert home["@type"] == "WebSite"
    assert home["potentialAction"]["target"]["urlTemplate"] == BASE + "search/?q={search_term_string}"
    assert json_ld(read(built, "sites/index.html")) == []


def test_json_ld_cannot_close_its_script_element(make_site: MakeSite) -> None:
    evil = "- name: Partner </script><script>alert(1)</script> & Co\n  url: https://p.example.org\n"
    root = make_site({"content/partners.yaml": evil})
    run(root, search=False)
    html = read(root, "partners/index.html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None and "<" not in script.group(1)
    assert json.loads(script.group(1))["@graph"][0]["name"] == (
        "Partner </script><script>alert(1)</script> & Co")


def test_open_graph_and_twitter_tags(built: Path) -> None:
    html = read(built, "news/update/index.html")
    for tag in ('property="og:type" content="article"', 'property="og:title"',
                'property="og:image"', 'name="twitter:card" content="summary_large_image"',
                'property="article:published_time" content="2018-11-13"'):
        assert tag in html


def test_atom_feed_has_what_rfc_4287_requires(built: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((built / "public/feed.xml").read_bytes())  # noqa: S314 (our own generated feed)
    assert feed.tag == f"{atom}feed"
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{atom}{name}")) == 1, name
    assert stamp.match(feed.findtext(f"{atom}updated") or "")
    assert feed.find(f"{atom}author/{atom}name") is not None  # so entries need none
    assert [link.get("href") for link in feed.findall(f"{atom}link[@rel='self']")] == [
        BASE + "feed.xml"]
    entries = feed.findall(f"{atom}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{atom}{name}")) == 1, name
        assert stamp.match(entry.findtext(f"{atom}updated") or "")
        alternate = [link for link in entry.findall(f"{atom}link")
                     if link.get("rel", "alternate") == "alternate"]
        assert alternate or entry.find(f"{atom}content") is not None
        content = entry.find(f"{atom}content")
        assert content is not None and content.get("type") == "html"
        assert not (entry.findtext(f"{atom}id") or "").startswith("/")


def test_sitemap_lastmod_comes_from_each_page_updated(built: Path) -> None:
    sitemap = ET.fromstring((built / "public/sitemap.xml").read_bytes())  # noqa: S314 (our own generated sitemap)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in sitemap}
    assert lastmod[BASE + "sites/chapada-do-araripe/"] == "2018-11-13"
    assert lastmod[BASE + "species/antilophia-bokermanni/"] == "2018-11-13"
    assert lastmod[BASE + "countries/gin/"] == "2019-02-01"
    assert lastmod[BASE + "sites/"] == "2019-02-01"  # the newest of its sites
    assert lastmod[BASE + "news/update/"] == "2018-11-13"
    assert lastmod[BASE + "sites/xichu/"] is None  # no `updated`: no guess


# -- the site index's filters ---------------------------------------------------------------


def test_index_rows_carry_what_the_filters_read(built: Path) -> None:
    html = read(built, "sites/index.html")
    rows = dict(re.findall(r'<tr data-slug="([a-z-]+)"([^>]*)>', html))
    assert set(rows) == {"chapada-do-araripe", "mount-nimba", "xichu"}
    assert ('data-country="GIN CIV" data-region="africa" data-group="amphibians mammals" '
            'data-status="CR EN" data-protection="full"') in rows["mount-nimba"]
    assert 'data-protection="none"' in rows["xichu"]
    form = re.search(r'<form class="filters" id="site-filters" hidden.*?</form>', html, re.S)
    assert form is not None  # hidden until filters.js runs: without it, the whole table
    for name in ("country", "region", "group", "status", "protection"):
        assert f'<select id="filter-{name}" name="{name}">' in form.group()
    assert '<option value="CIV">Côte d&#39;Ivoire</option>' in form.group()
    assert '<option value="africa">Africa</option>' in form.group()


# -- search --------------------------------------------------------------------------------


def test_every_page_has_the_header_search_form(built: Path) -> None:
    public = built / "public"
    for path in public.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        has_form = '<form class="site-search" role="search" action="/search/"' in html
        assert has_form == (path.relative_to(public).as_posix() != "search/index.html"), path


def test_search_page_works_without_javascript_by_listing_the_indexes(built: Path) -> None:
    html = read(built, "search/index.html")
    assert "Search needs JavaScript" in html
    for url in ("/sites/", "/species/", "/countries/", "/red-list/", "/groups/"):
        assert f'href="{url}"' in html
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in html
    assert (built / "public/pagefind/pagefind-ui.js").is_file()


def test_search_index_holds_the_content_pages_with_their_filters(built: Path) -> None:
    public = built / "public"
    entry = json.loads(read(built, "pagefind/pagefind-entry.json"))
    found = {f["url"]: f for f in fragments(public)}
    assert entry["languages"]["en"]["page_count"] == len(found)
    assert "/sites/" not in found and "/404.html" not in found and "/credits/" not in found
    assert "/" not in found  # the home page is a listing too
    for url in ("/sites/chapada-do-araripe/", "/news/update/", "/act/"):
        assert url in found, url
    # pages made from the factsheets hold no word that a factsheet lacks: not indexed
    assert not [url for url in found if url.startswith(("/species/", "/countries/"))]
    chapada = found["/sites/chapada-do-araripe/"]
    assert "Antilophia bokermanni" in chapada["content"] and "Araripe manakin" in chapada["content"]
    assert chapada["meta"]["title"] == "Chapada do Araripe"
    assert chapada["filters"] == {"country": ["Brazil"], "region": ["Americas"],
                                  "group": ["Birds"], "red list": ["Critically Endangered"]}
    nimba = found["/sites/mount-nimba/"]["filters"]
    assert sorted(nimba["country"]) == ["Côte d'Ivoire", "Guinea"]
    assert sorted(nimba["red list"]) == ["Critically Endangered", "Endangered"]
    assert found["/sites/mount-nimba/"]["filters"]["region"] == ["Africa"]


def test_no_file_holds_a_precise_sensitive_coordinate(built: Path) -> None:
    public = built / "public"
    files = [p for p in public.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files)
    assert any(p.name == "map.json" for p in files) and any(p.suffix == ".geojson" for p in files)
    # The world's outlines (the live map's base layer) hold thousands of coastline points,
    # some of which read like a site's position: they are the vendored Natural Earth data and
    # nothing else, whatever the content, so no site can leak through them.
    from aze_site.render.worldmap import OUTLINES_FILE, outlines_json

    assert (public / OUTLINES_FILE).read_bytes() == outlines_json()
    leaks = [(p.relative_to(public).as_posix(), needle) for p in files
             if p != public / OUTLINES_FILE
             for needle in PRECISE if needle.encode() in unpacked(p)]
    assert leaks == []
    xichu = next(f for f in fragments(public) if f["url"] == "/sites/xichu/")
    assert "21° N, 100° W" in xichu["content"].replace("\u00a0", " ")


def test_search_index_is_reused_until_an_indexed_page_changes(make_site: MakeSite) -> None:
    root = make_site()
    assert run(root).search.state == "indexed"
    index = {p.name: p.read_bytes() for p in (root / "public/pagefind").rglob("*") if p.is_file()}
    home = root / "content/pages/index.md"
    home.write_text(home.read_text() + "\nMore words on the home page.\n")
    second = run(root)  # the home page is not in the index
    assert second.search.state == "reused"
    assert {p.name: p.read_bytes() for p in (root / "public/pagefind").rglob("*")
            if p.is_file()} == index
    site = root / "content/sites/chapada-do-araripe.md"
    site.write_text(site.read_text().replace("The only home", "The one home"))
    third = run(root, wait_search=True)
    assert third.search.state == "indexed"
    assert any(b"The one home" in unpacked(p)
               for p in (root / "public/pagefind/fragment").iterdir())


def test_fresh_indexes_of_the_same_pages_are_byte_identical(make_site: MakeSite,
                                                            tmp_path: Path) -> None:
    root = make_site(SITES)
    for name in ("one", "two"):
        run(root, out=tmp_path / name, cache=False)
    one, two = ({p.relative_to(tmp_path / n).as_posix(): p.read_bytes()
                 for p in (tmp_path / n / "pagefind").rglob("*") if p.is_file()}
                for n in ("one", "two"))
    assert one == two


def test_no_search_builds_without_an_index(make_site: MakeSite) -> None:
    root = make_site()
    result = run(root, search=False)
    assert result.search.state == "off"
    assert not (root / "public/pagefind").exists()
    assert (root / "public/search/index.html").is_file()
    assert main(["build", "--root", str(root), "--no-search", "--quiet"]) == 0
    assert not (root / "public/pagefind").exists()
    assert main(["build", "--root", str(root), "--quiet"]) == 0
    assert (root / "public/pagefind/pagefind-entry.json").is_file()


def test_no_search_after_a_search_removes_the_index_and_a_search_puts_it_back(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Nothing else changed: each build is still what a clean one publishes."""
    root = make_site()
    run(root, wait_search=True)
    entry = root / "public/pagefind/pagefind-entry.json"
    assert entry.is_file()
    assert run(root, search=False).how == "update"
    assert not (root / "public/pagefind").exists()
    assert run(root, search=False).how == "up to date"
    run(root, wait_search=True)
    clean = make_site(name="clean")
    run(clean, wait_search=True)
    assert {p.relative_to(root / "public"): p.read_bytes()
            for p in (root / "public").rglob("*") if p.is_file()} == \
        {p.relative_to(clean / "public"): p.read_bytes()
         for p in (clean / "public").rglob("*") if p.is_file()}


def test_a_failed_index_publishes_nothing(make_site: MakeSite,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site()
    run(root, search=False)
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    monkeypatch.setattr(aze_site.search.pagefind.Indexing, "finish",
                        lambda self, timeout=None: self.stop() or "pagefind failed: boom")
    site = root / "content/sites/chapada-do-araripe.md"
    site.write_text(site.read_text().replace("The only home", "The one home"))
    with pytest.raises(BuildFailed) as failed:
        run(root, wait_search=True)
    assert [str(d) for d in failed.value.report.errors] == [
        "pagefind: error: search index: pagefind failed: boom"]
    assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == before


# -- pure parts ----------------------------------------------------------------------------


def test_every_country_but_antarctica_has_an_m49_region() -> None:
    missing = sorted(c.alpha_3 for c in pycountry.countries if region(c.alpha_3) is None)
    assert missing == ["ATA"]
    assert {region(c.alpha_3) for c in pycountry.countries} - {None} == set(REGIONS)
    assert (region("BRA"), subregion("BRA")) == ("Americas", "South America")
    assert (region("MEX"), subregion("MEX")) == ("Americas", "Central America")
    assert (region("NRU"), subregion("NRU")) == ("Oceania", "Micronesia")
    assert regions_of(["ESP", "MAR", "FRA"]) == ["Africa", "Europe"]


def test_topojson_arcs_decode_to_rings() -> None:
    topology = {"transform": {"scale": [0.5, 2], "translate": [10, -5]},
                "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, -1]]]}
    arcs = outlines.decode_arcs(topology)
    assert arcs == [[(10.0, -5.0), (11.0, -5.0), (11.0, -3.0)], [(11.0, -3.0), (10.0, -5.0)]]
    assert outlines.ring_points([0, 1], arcs) == [(10.0, -5.0), (11.0, -5.0), (11.0, -3.0),
                                                  (10.0, -5.0)]
    assert outlines.ring_points([~1, ~0], arcs)[:2] == [(10.0, -5.0), (11.0, -3.0)]


@pytest.mark.parametrize(("iso3", "lat", "lon", "expected"), [
    (["BRA"], -7.25, 39.45, ("the longitude's sign changed", "BRA")),
    (["MDG"], 13.2, 49.65, ("the latitude's sign changed", "MDG")),
    (["BRA"], 7.25, 39.45, ("both signs changed", "BRA")),
    (["ESP"], 2.4, 41.77, ("'lat' and 'lon' swapped", "ESP")),
    (["GIN", "CIV"], 7.59, 8.43, ("the longitude's sign changed", "CIV")),
    (["FJI"], -17.8, -178.2, None),  # Fiji spans the antimeridian: its own side
    (["RUS"], 65.0, -175.0, None),   # Chukotka, west of the antimeridian
    (["ECU"], -1.24, -90.39, None),  # Galápagos: no island at 1:110m, and no slip puts it in Ecuador
    (["MEX"], 18.79, -110.97, None),  # Socorro, 600 km off the coast
    (["ESP"], 41.77, -2.4, None),    # a sign changed near the meridian stays in the country
    (["MUS"], 20.2, 57.5, None),     # Mauritius has no outline at 1:110m: not judged
    (["ZAF"], -29.5, 28.3, None),    # Lesotho, a hole in South Africa, is near enough
    (["ATA"], 69.9, 148.2, None),    # Antarctica's outline goes round the pole: not judged
])
def test_a_slip_is_named_only_when_the_corrected_position_lies_in_the_country(
        iso3: list[str], lat: float, lon: float, expected: tuple[str, str] | None) -> None:
    found = outlines.likely_slip(iso3, lat, lon)
    assert ((found[0], found[2]) if found else None) == expected


@pytest.mark.parametrize(("text", "lat", "lon", "found"), [
    ("at 21.2987, 100.0612", 21.2987, -100.0612, ["21.2987", "100.0612"]),
    ("at 21.30 N (21,30)", 21.2987, -100.06, ["21.30", "21,30"]),  # rounded, a decimal comma
    ("at 21.29", 21.2987, -100.06, ["21.29"]),  # cut
    ("21\u00b017\u2032 N, 100\u00b0 3.5' W", 21.2987, -100.0577, ["21\u00b017\u2032", "100\u00b0 3.5'"]),
    ("2,000 birds on 34,000 ha", -2.0, 34.0, []),  # thousands, and a whole-degree position
    ("on 21,300 m2 and 21.00 km", 21.3, -100.06, []),  # thousands; another degree's
    # three decimals after a comma are thousands where neither marked nor signed; written
    # as a position or signed, a latitude as Portuguese and Spanish write it
    ("lat 7,123; 39,654\u00b0 W; (-7,123, \u221239,654); 7,123 birds", -7.123456, -39.654321,
     ["7,123", "39,654", "-7,123", "\u221239,654"]),
    ("a loss of -7,000 ha", -7.0004, -39.65, []),  # a signed thousand, no 7.00
    # zeros written claim their precision as other figures do: 21.00 is 21.003 to 0.01
    ("at 21.0\u00b0 N, 21.00 N, 21\u00b000\u2032 N, 100.0 W and (21.0, -100.0)", 21.003, -100.04,
     ["21.0", "21.00", "21\u00b000\u2032", "100.0", "21.0", "-100.0"]),
    ("at 21.0\u00b0 N, 21.00 N, 21\u00b000\u2032 N", 21.0, -100.04, []),  # a whole degree's
    ("12.50% of it (doi 10.1111/x)", 12.5, 10.11, []),  # a percentage, a DOI
    ("version 1.2.30", 2.3, 1.2, []),
    ("0x21.30, 0X21.3\u00b0 N, 0x21:18:00 N, 0o21.30 (numbers in another base)", 21.3, -100.06, []),
    ("Lat.21.2987 in v.21.2987 (section 4.21.2987)", 21.2987, -100.06, ["21.2987"]),
    # the ordinal and the acute accent typed for the degree and minute signs; seconds
    ("21\u00ba17\u2032 N, 100\u00b03\u00b4 W, 21\u00b017\u203215\u2033", 21.287654, -100.061234,
     ["21\u00ba17\u2032", "100\u00b03\u00b4", "21\u00b017\u2032"]),
    # as GPS units and spreadsheets write them: decimal minutes, seconds after ':' or '-'
    ("N 21 17.259 W 100 03.674; 21:17:15; 21-17-15N", 21.287654, -100.061234,
     ["21 17.259", "100 03.674", "21:17:15", "21-17-15"]),
    ("21.2880, 21.290 and 100.0610", 21.287654, -100.061234,  # zeros added after rounding
     ["21.2880", "21.290", "100.0610"]),
    # a degree sign with decimal minutes (a GPS unit's display), a sign, once each
    ("N 21\u00b0 17.259, W100\u00b0 03.674, -100:03:40, 21\u00b0 17.259\u2032", 21.287654,
     -100.061234, ["21\u00b0 17.259", "100\u00b0 03.674", "-100:03:40", "21\u00b0 17.259\u2032"]),
    ("Plot 4 21.2877 N", 21.287654, -100.061234, ["21.2877"]),  # not 4\u00b0 21.2877'
    # dates, a timestamp's time and a figure beside a whole number
    ("on 2021-11-15 at 2019-05-03T21:18:00Z, 21 12.5 km and 21 17.9 m", 21.3, -100.061234, []),
    ("on 2021-03-21 21:18:00, 21/03/2021 21:18 and 21.03.2021 21:18:00", 21.3, -100.061234, []),
    ("photos 2019/05/03 21:17:15, 3/5/2019 21:17:15, 03.05.19 21:17:15", 21.287654, -100.06, []),
    # ... but one with a hemisphere or a degree sign after it is a position written after one
    ("seen 2021-03-21 21:18:00 N, 21/03/2021 21:18:00\u00b0 and 2021-03-21 21 18 00.0 S", 21.3,
     -100.06, ["21:18:00", "21:18:00", "21 18 00.0"]),
    # one decimal: where written as a position, or beside its other half; alone a measure
    ("at 21.3° N, lat 21.3, 21,3° N; (21.3, -100.1)", 21.3, -100.06,
     ["21.3", "21.3", "21,3", "21.3", "-100.1"]),
    ("21.3 hectares, 21,3 km, 21.3, 4.5 and 2.1, 21.3", 21.3, -100.06, []),
    # a temperature is no position; 21.4 is no rounding of 21.3 (floating point: 0.0999...)
    ("21.3 \u00b0C, 21.29\u00b0F, 21.3 degrees Celsius; at 21.4\u00b0 N", 21.3, -100.06, []),
    # the word for degrees alone is no mark (a temperature, an angle); with a hemisphere,
    # `latitude` or the other half beside it, a position
    ("at 21.3 degrees, a slope of 21.3 deg; 21.3 degrees north, 21.3 grados latitud and "
     "(21.3 degrees, -100.1 degrees)", 21.3, -100.06, ["21.3", "21.3", "21.3", "-100.1"]),
])
def test_a_sensitive_site_s_precise_position_is_found_in_its_text(
        text: str, lat: float, lon: float, found: list[str]) -> None:
    assert [text[start:end] for start, end, _ in mentions(text, lat, lon)] == found


def _snyder(lat: float, lon: float, zone: int) -> tuple[float, float]:
    """UTM by another series than utm.utm's: the USGS's (Snyder 1987, Map Projections, a
    working manual, eqs. 3-21 and 8-9 to 8-13), good to a millimetre near the meridian."""
    a, f, k0 = 6378137.0, 1 / 298.257223563, 0.9996
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    phi = math.radians(lat)
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t, c = math.tan(phi) ** 2, ep2 * math.cos(phi) ** 2
    aa = math.radians(lon - (zone * 6 - 183)) * math.cos(phi)
    m = a * ((1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256) * phi
             - (3 * e2 / 8 + 3 * e2**2 / 32 + 45 * e2**3 / 1024) * math.sin(2 * phi)
             + (15 * e2**2 / 256 + 45 * e2**3 / 1024) * math.sin(4 * phi)
             - 35 * e2**3 / 3072 * math.sin(6 * phi))
    x = k0 * n * (aa + (1 - t + c) * aa**3 / 6 + (5 - 18 * t + t**2 + 72 * c - 58 * ep2) * aa**5 / 120)
    y = k0 * (m + n * math.tan(phi) * (aa**2 / 2 + (5 - t + 9 * c + 4 * c**2) * aa**4 / 24
                                       + (61 - 58 * t + t**2 + 600 * c - 330 * ep2) * aa**6 / 720))
    return 500_000 + x, y + (10_000_000 if lat < 0 else 0)


def test_a_position_in_degrees_is_converted_to_utm() -> None:
    # the CN Tower, as the UTM article of Wikipedia gives it: 17T 630084 4833438 (metres cut)
    tower = utm.utm(43 + 38 / 60 + 33.24 / 3600, -(79 + 23 / 60 + 13.7 / 3600))
    assert tower[:2] == (17, "T") and 0 <= tower.easting - 630084 < 1 and \
        0 <= tower.northing - 4833438 < 1
    # on the central meridian, the northing is the meridian's arc, scaled: 4 984 944.378 m
    # to 45 degrees on WGS84; the equator is 0 in the north, 10 000 000 in the south
    assert utm.utm(45, 3) == pytest.approx((31, "T", 500_000, 0.9996 * 4_984_944.378), abs=0.001)
    assert utm.utm(0, -39) == (24, "N", 500_000, 0) and utm.utm(-1e-9, -39)[1:] == pytest.approx(
        ("M", 500_000, 10_000_000), abs=0.001)
    assert [utm.utm(lat, 0).band for lat in (-79.9, -7.25, 0.3, 21.3, 71.9, 72, 84)] == [
        "C", "M", "N", "Q", "W", "X", "X"]
    assert [utm.zone_of(lon) for lon in (-180, -177.1, -39.45, -0.1, 0, 179.9, 180)] == [
        1, 1, 24, 30, 31, 60, 1]
    # as the USGS's series gives it, within a zone, and in a zone beside its own
    for lat in (-33.9, -7.12, 0.3, 21.3, 45.0, 64.1):
        for lon in (-42.5, -40.7, -39.0, -38.6, -36.1):
            assert utm.utm(lat, lon, 24)[2:] == pytest.approx(_snyder(lat, lon, 24), abs=0.01)
    assert utm.utm(-7.2512, -42.1, 24)[2:] == pytest.approx(_snyder(-7.2512, -42.1, 24), abs=0.01)


@pytest.mark.parametrize(("text", "lat", "lon", "found"), [
    # Araripe at -7.2512, -39.4531 is at 24M 449981 9198457, written as survey reports
    # write it: with the zone or not, marks, groups of three, the northing first, metres
    # with decimals; or a point of a survey within 5 km of it
    ("24M 449981 9198457; UTM 24L 449981E 9198457N", -7.2512, -39.4531,
     ["449981 9198457", "449981E 9198457N"]),
    ("E 449981 N 9198457 and 449.981 / 9.198.457; zona 24 S, 449981 m E, 9198457 m N",
     -7.2512, -39.4531, ["449981 N 9198457", "449.981 / 9.198.457", "449981 m E, 9198457 m N"]),
    ("| 9198457 | 449981 |; X=449981,37; Y=9198456,73; 449 981 9 198 457 (fuso 24)",
     -7.2512, -39.4531, ["9198457 | 449981", "449981,37; Y=9198456,73", "449 981 9 198 457"]),
    ("Este: 453500 Norte: 9195000, ponto 2", -7.2512, -39.4531, ["453500 Norte: 9195000"]),
    # north of the equator within 9 degrees, a northing of six figures: in either order
    ("20N 800270 276636, (276636, 800270)", 2.5, -60.3, ["800270 276636", "276636, 800270"]),
    ("E 800270 N 276636; 800270E, 276636N; UTM 800.270 / 276.636", 2.5, -60.3,
     ["800270 N 276636", "800270E, 276636N", "800.270 / 276.636"]),
    # near a zone's edge, in the neighbouring zone (where written on the line, or not)
    ("zona 24: 157625 9197312; zona 23: 820267 9197458\n157625 9197312", -7.2512, -42.1,
     ["157625 9197312", "820267 9197458", "157625 9197312"]),
])
def test_a_sensitive_site_s_position_in_utm_is_found_in_its_text(
        text: str, lat: float, lon: float, found: list[str]) -> None:
    zone = utm.zone_of(lon)
    assert [(text[start:end], what) for start, end, what in mentions(text, lat, lon)] == [
        (pair, f"position in UTM (zone {24 if '157625' in pair else zone})") for pair in found]


@pytest.mark.parametrize("text", [
    # another zone written; more than 5 km off; one number alone, or on another line
    "zona 23 S: 449981 9198457; 24M 449981 9191000; E 457000 N 9198457",
    "a budget of R$ 9.198.457 for 449.981 people; 449981 hectares\n9198457 visitors",
    # joined as a code, a phone, an ISBN, a date; the numbers of a whole degree
    "ref. 449981-9198457; +52 1 449 981 9198, +55 (88) 99198-4570; ISBN 978-85-449981-91-8",
    "on 2021-03-21 at 12:30, 1234567 and 449981; 24M 500000 9225000",
    "449981 9198457 at a site in whole degrees",
    # within 9 degrees north of the equator, two amounts of six figures not written as a
    # position (a budget's table; 'e' and 'y' join two numbers)
    "| 800,270 | 276,636 |\n| 276.636 | 800.270 |; 800270 e 276636, 800270 y 276636 near the equator",
])
def test_numbers_that_are_no_position_in_utm_are_not_taken_for_one(text: str) -> None:
    lat, lon = (-7.0, -39.0) if "whole degrees" in text else (2.5, -60.3) if "equator" in text \
        else (-7.2512, -39.4531)
    assert list(mentions(text, lat, lon)) == []


def test_a_site_beyond_utm_s_reach_has_no_position_in_utm() -> None:
    # UTM stops at 80 degrees south and 84 north; at a pole its maths have no answer
    # (a site at -90, 10.5 stopped the build with a traceback)
    text = "plot at 449981 9198457, 500000 0, 500000 10000000"
    for lat in (-90, -85.5, 84.5, 90):
        assert list(mentions(text, lat, 10.5)) == []
        assert list(Places([Place("content/sites/x.md", lat, 10.5)]).told(text)) == []


XICHU = Place("content/sites/xichu.md", 21.287654, -100.061234)
ARARIPE = Place("content/sites/araripe.md", -7.2512, -39.4531)


@pytest.mark.parametrize(("text", "found"), [
    # alone, a bare figure is no position
    ("a budget of 21.29 dollars, a flat 21.29, position 21.29, IN 21.29, along 21.29 km", []),
    ("21.29 Euros, then 100.06 apart; | guides | 21.29 |\n| batteries | 100.06 |", []),
    # written as a position
    ("at 21.29\u00b0 then 21.29 N then S 7.25 then lat 21.29 then GPS: 21.29 then 21.29 North "
     "then latitud: 21,29 then 21.29 degrees north",
     ["21.29", "21.29", "7.25", "21.29", "21.29", "21.29", "21,29", "21.29"]),
    ("on 2021-03-21 21:17:15 Z; on 2021-03-21 21:17:15 N, 100:03:40 W", ["21:17:15", "100:03:40"]),
    ("21.29 degrees, 21.29 deg; but 21.29 degrees N, (21.29 degrees, -100.06 degrees)",
     ["21.29", "21.29", "-100.06"]),
    ("N 21 17.3 W 100 03.7, 21\u00b017\u2032 alone, and 21:17:15", ["21 17.3", "100 03.7",
                                                                   "21\u00b017\u2032"]),
    # after a mark's abbreviation, its dot against the number or not; but a sentence's full
    # stop, a version's or a section's dot is no mark
    ("Lat.21.29 then lat.:21.29 then Long. -100.06 then Lon.-100.06 then LNG.100.06 then "
     "Lat.21\u00b017\u2032 then lat.21:17:15",
     ["21.29", "21.29", "-100.06", "-100.06", "100.06", "21\u00b017\u2032", "21:17:15"]),
    ("near the plateau. 21.29 hectares; v.21.29, sec.21.2877, flat.21.29 and Fig.21.29", []),
    # with its other half, however written
    ("(21.29, -100.06), 21.29/-100.06, 21.29,100.06, [-100.06,21.29] and -100.0612,21.2877,0",
     ["21.29", "-100.06", "21.29", "-100.06", "21.29", "100.06", "-100.06", "21.29",
      "-100.0612", "21.2877"]),
    ("#map=17/21.2877/-100.0612 and @21.2877,-100.0612,17z and 7.25 S 39.45 W near 21.29",
     ["21.2877", "-100.0612", "21.2877", "-100.0612", "7.25", "39.45"]),
    # with the other half of another place, or halves of two places: another place
    ("Honolulu (21.29\u00b0 N, 157.86\u00b0 W), 157.86\u00b0 W 21.29\u00b0 N; 21.29, 39.45",
     []),
    # as a page shows it: a character reference, an escape, an address's percent-encoding
    ("21&#46;29&#176; and 21\\.29 N, &bogus; 21&#46;2", ["21&#46;29", "21\\.29"]),
    ("maps?q=21%C2%B017'16.8%22N+100%C2%B003'40.4%22W", ["21%C2%B017'", "100%C2%B003'"]),
    ("doi 10.1111/21.29 and 10.2987/x", []),
    ("0x21.29 N, 0x21:17:15 N and (0x21.29, 0x100.06)", []),  # hexadecimal
    # a figure before it read with it as degrees and minutes (4\u00b0 21.29'): the reading
    # that gives a place is kept
    ("Plot 4 21.29 N, 100.06 W", ["21.29", "100.06"]),
    # one decimal: where written as a position, or beside its other half; alone a measure,
    # and beside another place's other half, another place
    ("21.3° N, then (21.3, -100.1); not 21.3 km, 3.5, 21.3 nor (21.3° N, 157.9° W)",
     ["21.3", "21.3", "-100.1"]),
    # a figure before a position, in a table or a list, does not take its first half away
    ("| 3.2 | 21.2877 | -100.0612 | and sizes 1.25, 21.29, -100.06", ["21.2877", "-100.0612",
                                                                      "21.29", "-100.06"]),
    # ... but in a run of an even number, pairs from its start: another place's latitude
    # before a position takes nothing away; two other positions make none
    ("| 3.2 | 7.25 | 21.2877 | -100.0612 |", ["21.2877", "-100.0612"]),
    ("20.1111, -100.0612, 21.2877, -99.1234", []),
    # in UTM, an easting and a northing together (ARARIPE: 24M 449981 9198457)
    ("at UTM 24M 449981 9198457, E 449.981 N 9.198.457", ["449981 9198457",
                                                        "449.981 N 9.198.457"]),
    ("449981 hectares; 9198457 reais", []),
])
def test_another_text_gives_a_sensitive_place_only_when_written_as_one(
        text: str, found: list[str]) -> None:
    places = Places([XICHU, ARARIPE])
    assert [text[start:end] for start, end, _, _ in places.told(text)] == found
    if found:  # the first look, without where the numbers are, reads every text that gives one
        readings = numbers_in("content/news/x.md", text.encode())
        assert readings is not None and places.could_tell(readings)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["21", "100", "7", "2987", "17", "05", "0", "123", ".", ",", ":",
                                  "-", " ", "\t", "\n", "\u00b0", "\u00ba", "'", "\u2032",
                                  "\u00b4", "N", "W", "O", "T", "%", "/", "a", "\u2212"]),
                max_size=30).map("".join))
def test_numbers_read_around_their_hints_are_those_of_the_whole_text(text: str) -> None:
    """The search reads only around what may begin a number (positions._windows): it must
    find what the patterns find over the whole text."""
    def spans(found: Iterable[Number]) -> list[tuple[int, int, float, bool]]:
        return sorted((n.start, n.end, n.value, n.marked) for n in found)

    assert spans(n for lo, hi in positions._windows(text)
                 for n in positions._plain_numbers(text, lo, hi)) == spans(
        positions._plain_numbers(text))


def test_a_long_run_of_figures_and_spaces_is_read_in_time_proportional_to_it() -> None:
    """Each hint read on to the end of the run of figures, dots and spaces it is in: 48 KB
    of '1.1 2.2 3.3' took 4 s, 600 KB minutes (every page is read so)."""
    text = "1.1 2.2 3.3 " * 10_000 + "21.2987, -100.0601"
    with deadline(10):  # (some 0.5 s; read again from each number, half a minute)
        found = list(mentions(text, 21.2987, -100.0601))
    assert [text[start:end] for start, end, _ in found] == ["21.2987", "-100.0601"]


def test_a_place_skipped_is_not_looked_for_and_a_site_s_own_position_is_left_out() -> None:
    places = Places([XICHU, ARARIPE])
    told = "21.29 N; then 7.25 S"
    assert [site for *_, site in places.told(told)] == [XICHU.rel, ARARIPE.rel]
    assert [site for *_, site in places.told(told, skip=frozenset({XICHU.rel}))] == [ARARIPE.rel]
    site = ("\ufeff---\nname: O'Brien # at 21.29 N\n# surveyed: 21.2877, -100.0612\nlocation:\n"
            "  lat: 21.2877 # precise\n  lon: -100.0612\narea_km2: 21.29\n...\n21.29 N # here\n")
    blanked = published_text("content/sites/x.md", site)
    assert len(blanked) == len(site) and blanked.count("\n") == site.count("\n")
    assert [line.rstrip() for line in blanked.split("\n")[1:8]] == [
        "name: O'Brien", "", "", "", "", "area_km2: 21.29", "..."]
    assert [site[s:e] for s, e, _, _ in places.told(blanked)] == ["21.29"]  # the body's
    assert numbers_in("content/sites/x.md", site.encode()) == Readings(
        ((21.29, 0.01, False), (21.29, 0.01, True)), ())
    for written in ("location: {lat: 21.2877,\nlon: -100.0612}", "? location\n: [21.2877, -100.0612]",
                    "location:\n  lon: -100.0612\n  lat: 21.2877 # surveyed"):
        other = f"---\nname: X\n{written}\narea_km2: 21.29\n---\nText.\n"
        assert numbers_in("content/sites/x.md", other.encode()) == Readings(
            ((21.29, 0.01, False),), ())
    # YAML's comments are not published; a translation's location is text
    assert published_text("content/site.yaml", "title: A # 21.29 N\n") == "title: A" + " " * 10 + "\n"
    assert "lat" in published_text("content/sites/x.es.md", site)


@pytest.mark.parametrize(("yaml", "published"), [
    ("# a comment\nkey: value # a comment\nplain: a#b\n", "\nkey: value\nplain: a#b\n"),
    ('key: "a # b" # c\nit: \'it\'\'s # x\' # c\n', 'key: "a # b"\nit: \'it\'\'s # x\'\n'),
    ('note: "plot #3 at 21.2877,\n  -100.0612" # c\n', 'note: "plot #3 at 21.2877,\n  -100.0612"\n'),
    # a block scalar is text to its end, where the indentation drops; a comment may follow
    # its `|` or `>`
    ("a: | # c\n  Seen at # 21.2877\n  # text\n# c\nb: >\n  # text\n\n  text # t\nc: 1 # c\n",
     "a: |\n  Seen at # 21.2877\n  # text\n\nb: >\n  # text\n\n  text # t\nc: 1\n"),
    ("a: |-\n  x # t\nb: >2 # c\n    x # t\n   y # t\nc:\n  - d: |\n      x # t\n    e: f # c\n",
     "a: |-\n  x # t\nb: >2\n    x # t\n   y # t\nc:\n  - d: |\n      x # t\n    e: f\n"),
    ("a: [b, c] # c\nd: {e: f} # c\n", "a: [b, c]\nd: {e: f}\n"),
    # past a syntax error, nothing on its line is taken for a comment; the lines below are
    # read again (the file's error is said: a comment below it is no position published)
    ("x: 1 # c\na: b: c # d\n", "x: 1\na: b: c # d\n"),
    ("x: 1 # c\na: b: c # d\n# 21.2877, -100.0612\ne: 'f # g' # h\n",
     "x: 1\na: b: c # d\n\ne: 'f # g'\n"),
    ("a: b # c1\n# c1b\n\n@x # c2\nz: 1 # c3\n", "a: b\n\n\n@x # c2\nz: 1\n"),  # above too
    ('a: "x # y\n  \\q # z"\nb: c # d\n', 'a: "x # y\n  \\q # z"\nb: c\n'),  # its value's start
])
def test_only_yaml_s_comments_are_left_out_of_published_text(yaml: str, published: str) -> None:
    blanked = published_text("content/site.yaml", yaml)
    assert len(blanked) == len(yaml)
    assert "\n".join(line.rstrip() for line in blanked.split("\n")) == published
    front = published_text("content/news/x.md", f"---\n{yaml}---\nText.\n")
    assert front == f"---\n{blanked}---\nText.\n"


def test_a_position_after_a_hash_in_a_block_scalar_or_in_quotes_is_found() -> None:
    places = Places([XICHU, ARARIPE])
    for text in ("---\ndescription: |\n  Seen at # 21.2877, -100.0612\n---\nText.\n",
                 '---\nnote: "plot #3 at 21.2877, -100.0612"\n---\nText.\n'):
        blanked = published_text("content/news/x.md", text)
        assert [text[s:e] for s, e, _, _ in places.told(blanked)] == ["21.2877", "-100.0612"]
        readings = numbers_in("content/news/x.md", text.encode())
        assert readings is not None and places.could_tell(readings)


def test_a_hole_is_not_inside_its_country() -> None:
    """Lesotho lies in a hole of South Africa's outline: a slip into it is not into ZAF."""
    parts = outlines._parts("ZAF")
    assert outlines._inside(parts, 28.3, -29.5) is False
    assert outlines._inside(parts, 24.0, -30.0) is True
    assert outlines._inside(outlines._parts("LSO"), 28.3, -29.5) is True


def test_world_outlines_cover_the_map_and_each_country() -> None:
    land, borders = worldmap.outline_paths(worldmap.WORLD_BOX)
    assert land.startswith("M") and borders.startswith("M")
    assert not re.search(r"\d\.\d", land + borders)  # whole map units only
    jamaica = worldmap.country_box("JAM")
    assert jamaica is not None and -79 < jamaica[0] < jamaica[2] < -76
    box = worldmap.view_box([(-76.95, 17.90)], jamaica)
    assert box[2] == 2 * box[3] and box[2] >= 16
    assert box[0] < -76.95 < box[0] + box[2]
    assert worldmap.world_view([(0.0, -70.0)])[3] > worldmap.WORLD_BOX[3]


def test_pagefind_files_round_trip_and_stabilising_is_idempotent(built: Path,
                                                                  tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(built / "public/pagefind", bundle)
    before = {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert pagefind_stable.stabilise(bundle)
    assert {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before
    meta = next(bundle.glob("*.pf_meta"))
    assert pagefind_cbor.read(meta)[3] == sorted(pagefind_cbor.read(meta)[3])
    (bundle / "pagefind-entry.json").write_text("{}")
    assert not pagefind_stable.stabilise(bundle)  # not the format it knows: left alone


def test_a_control_character_written_as_an_escape_in_the_news_is_refused(
        make_site: MakeSite) -> None:
    """XML may not hold them even escaped (one in a title made the whole feed unreadable),
    nor may HTML (it went into <title> and headings): in YAML as in a body, an error."""
    news = "---\ntitle: \"Ctrl \\x01 test\"\ndescription: \"Tab\\ttab \\x0b end\"\n---\nPasted text.\n"
    said = "a control character (U+{}) in the text, which no page can show: delete it (or the " \
        "escape that writes it)"
    assert errors_of(make_site({"content/news/2018-11-13-update.md": news})) == [
        f"content/news/2018-11-13-update.md:2:8: error: title: {said.format('0001')}",
        f"content/news/2018-11-13-update.md:3:14: error: description: {said.format('000B')}"]


def test_the_feed_links_to_the_site_in_full(make_site: MakeSite) -> None:
    """A feed reader does not know which site a root-relative address is on."""
    news = ("---\ntitle: Update\n---\nSee [the site](../sites/chapada-do-araripe.md) and "
            "[IUCN](https://www.iucn.org/).\n")
    files = files_of(make_site({"content/news/2018-11-13-update.md": news}),
                     base_url="https://zeroextinction.org/aze/")
    feed = ET.fromstring(files["feed.xml"])  # noqa: S314 (our own generated feed)
    html = feed.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content")
    assert html is not None
    assert 'href="https://zeroextinction.org/aze/sites/chapada-do-araripe/"' in html
    assert 'href="https://www.iucn.org/"' in html


def test_absolute_links_of_a_body() -> None:
    from aze_site.render.feeds import absolute_links

    html = ('<a href="/aze/x/">x</a> <a href="#top">t</a> <a href="//cdn.example/">c</a> '
            '<img src="/aze/img/a.jpg" srcset="/aze/img/a.avif 480w, /aze/img/b.avif 960w">')
    assert absolute_links(html, "https://h.org") == (
        '<a href="https://h.org/aze/x/">x</a> <a href="#top">t</a> '
        '<a href="//cdn.example/">c</a> <img src="https://h.org/aze/img/a.jpg" '
        'srcset="https://h.org/aze/img/a.avif 480w, https://h.org/aze/img/b.avif 960w">')


@pytest.mark.parametrize("base_url", ['https://example.org/a" href="b/',
                                      "https://example.org/x\nDisallow: /\n",
                                      "https://example.org/<b>/"])
def test_a_base_url_that_would_break_out_of_its_attribute_or_line_is_an_error(
        make_site: MakeSite, base_url: str) -> None:
    """It is written as it is into the feed's and the sitemap's attributes and into
    robots.txt: a quote made the feed unreadable, a line break added rules to robots.txt."""
    yaml = SITE_YAML.replace("base_url: https://test.example.org/\n",
                             f"base_url: {json.dumps(base_url)}\n")
    assert yaml != SITE_YAML
    assert errors_of(make_site({"content/site.yaml": yaml})) == [
        "content/site.yaml:2:11: error: base_url: expected an absolute http(s) URL (with no "
        f"spaces, quotes or angle brackets), got {base_url!r}"]


def test_xml_attributes_escape_quotes() -> None:
    from aze_site.render.feeds import escape

    assert escape('a"b<c>&') == "a&quot;b&lt;c&gt;&amp;"
