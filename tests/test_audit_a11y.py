"""Accessibility of the shipped site in Debian's chromium: axe-core on every page type
(WCAG 2.0, 2.1 and 2.2, levels A and AA), the keyboard (skip link, a visible focus ring
on every control, the filters, map, search and menu reached and operated by keyboard),
reduced motion, and Red List colours that always come with their category's code or name.

axe-core comes from tests/audit/node_modules (tests/run.sh installs it with npm ci).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from audit.server import serve
from audit.shipped import AXE_JS, PAGE_TYPES, REPO, shipped
from tiles import BLANK_PNG, TILES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RED_LIST = {"EX": "Extinct", "EW": "Extinct in the Wild", "CR": "Critically Endangered",
            "EN": "Endangered", "VU": "Vulnerable", "NT": "Near Threatened", "LC": "Least Concern",
            "DD": "Data Deficient", "NE": "Not Evaluated"}

# What has focus, and whether its ring shows: an outline of 2px or more whose colour has a
# contrast of at least 3:1 with what is around it on screen (sampled just outside the ring
# on its four sides, the layers there composited).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = c => { const m = c.match(/[\\d.]+/g) || [0, 0, 0, 0];
                       return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (x, y) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    const layers = [];
    for (const node of document.elementsFromPoint(x, y)) {
      if (node === el || el.contains(node)) continue;
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse())
      bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
    return bg;
  };
  const cs = getComputedStyle(el);
  const ring = lum(parse(cs.outlineColor));
  const box = el.getBoundingClientRect();
  const d = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) + 1;
  const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
  const around = [[cx, box.top - d], [cx, box.bottom + d], [box.left - d, cy], [box.right + d, cy]]
    .map(([x, y]) => behind(x, y)).filter(Boolean);
  // the ring may touch a neighbour on one side (two buttons side by side): the second
  // lowest of the four sides counts, so it contrasts all round but for one side at most
  const ratios = around.map(bg => {
    const [l1, l2] = [ring, lum(bg)].sort((a, b) => b - a); return (l1 + 0.05) / (l2 + 0.05); })
    .sort((a, b) => a - b);
  const contrast = ratios.length > 2 ? ratios[1] : ratios.length ? ratios[0] : 21;
  const cls = typeof el.className === "string" ? el.className.trim().split(/\\s+/).join(".") : "";
  return {
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (cls ? "." + cls : ""),
    name: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40),
    outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), contrast,
    visible: box.width > 0 && box.height > 0,
  };
}"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(shipped()) as base:
        yield base


@pytest.fixture
def tiles() -> list[str]:
    """Addresses of the map tiles asked for (answered with a blank tile, never fetched)."""
    return []


@pytest.fixture
def context(browser: Any, tiles: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def tile(route: Any) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)

    context.route(TILES, tile)
    yield context
    context.close()


def settle(page: Any, name: str) -> None:
    """Wait until what scripts add to a page type is there: the map, search results."""
    if page.locator("#site-map").count():
        page.wait_for_selector("#site-map[data-markers]")
    if name == "search":
        page.wait_for_selector(".pagefind-ui__result-link")


def axe(page: Any) -> list[dict[str, Any]]:
    assert AXE_JS.exists(), "axe-core is missing: run tests/run.sh (npm ci in tests/audit/)"
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""tags => axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""", AXE_TAGS)
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"][:5]) for v in violations)


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_violation(site: str, context: Any, name: str, width: int) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + PAGE_TYPES[name], wait_until="networkidle")
    settle(page, name)
    violations = axe(page)
    assert violations == [], f"{PAGE_TYPES[name]} at {width}px:\n{describe(violations)}"


@pytest.mark.browser
def test_axe_after_interaction(site: str, context: Any) -> None:
    """States that scripts make: filtered index, an open map popup, a sorted table."""
    page = context.new_page()
    page.goto(site + "/sites/?country=MEX", wait_until="networkidle")
    settle(page, "sites")
    page.get_by_role("button", name="Red List").click()
    assert axe(page) == [], describe(axe(page))
    page.goto(site + "/countries/bra/", wait_until="networkidle")
    settle(page, "country")
    page.locator("#site-map path.site-marker").click()
    page.wait_for_selector(".leaflet-popup-content")
    page.wait_for_function(  # faded in: checked half-transparent, its colours would be wrong
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    violations = axe(page)
    assert violations == [], describe(violations)


def tab_through(page: Any, limit: int = 400, from_top: bool = False) -> list[dict[str, Any]]:
    """Press Tab until focus leaves the page or comes round again; what had focus, in order.
    from_top: start at the top of the page, as a visitor does (not where a script put focus)."""
    if from_top:
        page.evaluate("""() => { const start = document.createElement('span');
            start.tabIndex = -1; document.body.prepend(start); start.focus(); }""")
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (seen and focused["what"] == seen[0]["what"]
                               and focused["name"] == seen[0]["name"]):
            break
        seen.append(focused)
    return seen


def unseen_focus(stops: list[dict[str, Any]]) -> list[str]:
    return [f"{s['what']} {s['name']!r}: outline {s['outline']} {s['width']}px, "
            f"contrast {s['contrast']:.2f}" for s in stops
            if s["outline"] in ("none", "hidden") or s["width"] < 2 or s["contrast"] < 3 or not s["visible"]]


@pytest.mark.browser
def test_skip_link_is_first_shows_on_focus_and_moves_to_the_content(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site + "/sites/chapada-do-araripe/")
    page.keyboard.press("Tab")
    link = page.locator(":focus")
    assert link.inner_text() == "Skip to content"
    box = link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 20  # on screen, not off it
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, past the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_focus_stop_shows_a_ring(site: str, context: Any, name: str) -> None:
    page = context.new_page()
    page.goto(site + PAGE_TYPES[name], wait_until="networkidle")
    settle(page, name)
    stops = tab_through(page, from_top=True)
    assert len(stops) >= 10
    unseen = unseen_focus(stops)
    assert not unseen, "\n".join(unseen)
    # the menu: every entry of the main navigation is reached
    menu = page.eval_on_selector_all(".site-nav a", "links => links.map(a => a.textContent.trim())")
    assert set(menu) <= {s["name"] for s in stops}


@pytest.mark.browser
def test_site_index_controls_are_reached_and_work_by_keyboard(site: str, context: Any,
                                                              tiles: list[str]) -> None:
    page = context.new_page()
    page.goto(site + "/sites/", wait_until="networkidle")
    settle(page, "sites")
    stops = [s["what"] for s in tab_through(page, from_top=True)]
    for wanted in ("input#site-search-q", "select#filter-country", "select#filter-region",
                   "select#filter-group", "select#filter-status", "select#filter-protection",
                   "div.map-live", "a.leaflet-control-zoom-in", "a.leaflet-control-zoom-out",
                   "div.table-scroll"):
        assert any(s == wanted or s.startswith(wanted + ".") for s in stops), f"{wanted} never has focus"
    assert any(".map-cluster" in s for s in stops), "no cluster of the map has focus"
    assert sum(s.startswith("button") for s in stops) >= 5 + 1  # five sort buttons, clear filters

    total = page.locator("#site-table tbody tr").count()
    page.focus("#filter-country")
    page.keyboard.press("ArrowDown")  # a closed select changes on arrow keys
    page.wait_for_function("() => document.getElementById('filter-count').textContent.startsWith('Showing')")
    shown = page.locator("#site-table tbody tr:not([hidden])").count()
    assert 0 < shown < total
    page.focus("#site-filters button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.getElementById('filter-count').textContent === '{total} sites'")

    page.locator("th", has=page.locator("button", has_text="Country")).locator("button").focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("th:nth-child(2)", "aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert page.get_attribute("th:nth-child(2)", "aria-sort") == "descending"

    def level(leaving: int | None = None) -> int:
        """The zoom level of the map, once it has stopped zooming (and is not `leaving`)."""
        page.wait_for_function("""leaving => {
            const map = document.getElementById('site-map').leafletMap;
            return map && map.getZoom() !== leaving && !document.querySelector('.leaflet-zoom-anim');
        }""", arg=leaving)
        return int(page.evaluate("() => document.getElementById('site-map').leafletMap.getZoom()"))

    start = level()
    page.focus("#site-map .leaflet-control-zoom-in")
    page.keyboard.press("Enter")
    assert level(leaving=start) == start + 1
    page.focus("#site-map .map-live")
    page.keyboard.press("Equal")  # "+" or "=" zooms the focused map in, as in every Leaflet map
    assert level(leaving=start + 1) == start + 2
    page.keyboard.press("Minus")
    assert level(leaving=start + 2) == start + 1
    page.keyboard.press("Minus")
    assert level(leaving=start + 1) == start
    assert tiles == []  # no tile server is asked: the map draws the site's own outlines
    page.locator("#site-map .map-cluster").first.focus()
    page.keyboard.press("Enter")  # a cluster zooms in to show its sites
    assert level(leaving=start) > start
    dot = page.locator("#site-map path.site-marker[tabindex='0'][role='button']").first
    name = dot.get_attribute("aria-label")
    assert name
    dot.focus()
    page.keyboard.press("Enter")  # a site's dot opens its popup, and its link takes the focus
    assert page.evaluate("document.activeElement.textContent") == name
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")


@pytest.mark.browser
def test_search_works_by_keyboard_alone(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")  # the search box
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("manakin")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=manakin$"))
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
    page.keyboard.press("Tab")  # clear button
    stops = tab_through(page, 40)
    first = next(s for s in stops if "pagefind-ui__result-link" in s["what"])
    assert "Chapada do Araripe" in first["name"] or "Antilophia" in first["name"]
    page.keyboard.press("Shift+Tab")
    assert unseen_focus([page.evaluate(FOCUSED)]) == []


@pytest.mark.browser
def test_reduced_motion_stops_transitions_and_animations(site: str, browser: Any) -> None:
    context = browser.new_context(reduced_motion="reduce")
    context.route(TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG))
    page = context.new_page()
    for path in ("/", "/sites/", "/search/?q=newt"):
        page.goto(site + path, wait_until="networkidle")
        moving = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el => {
            const found = [];
            for (const pseudo of [null, '::before', '::after']) {
              const cs = getComputedStyle(el, pseudo);
              const long = v => v.split(',').some(d => parseFloat(d) > 0);
              if (long(cs.transitionDuration) || (cs.animationName !== 'none' && long(cs.animationDuration)))
                found.push(el.tagName + '.' + el.className + (pseudo || ''));
            }
            return found; })""")
        assert moving == [], f"{path}: {moving[:10]}"
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Badges(HTMLParser):
    """Red List badges and map legend entries in a page: their colour class and text."""

    def __init__(self) -> None:
        super().__init__()
        self.badges: list[tuple[str, str]] = []
        self.legend: list[tuple[str, str]] = []
        self._open: list[tuple[str, str, list[str], int]] = []
        self._depth = 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <circle ... />: no content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self._depth += 1
        classes = (dict(attrs).get("class") or "").split()
        badge = next((c[6:] for c in classes if c.startswith("badge-") and c != "badge-link"
                      and c != "badge-label"), None)
        if "badge" in classes and badge:
            self._open.append(("badge", badge, [], self._depth))
        if tag == "li" and self._open and self._open[-1][0] == "legend-list":
            self._open.append(("legend", "", [], self._depth))
        if "legend-list" in classes:
            self._open.append(("legend-list", "", [], self._depth))
        if "legend-dot" in classes and self._open and self._open[-1][0] == "legend":
            kind, _, text, depth = self._open.pop()
            code = next(c[2:] for c in classes if c.startswith("m-"))
            self._open.append((kind, code, text, depth))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][3] == self._depth:
            kind, code, text, _ = self._open.pop()
            if kind == "badge":
                self.badges.append((code, "".join(text)))
            elif kind == "legend":
                self.legend.append((code, "".join(text)))
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for item in self._open:
            if item[0] in ("badge", "legend"):
                item[2].append(data)


def test_red_list_colours_always_come_with_the_category_in_words() -> None:
    """Every badge shows its code and names its category; every legend colour is named."""
    badges = legends = 0
    site = shipped()
    for path in sorted(site.rglob("*.html")):
        lang = path.relative_to(site).parts[0]
        names = _red_list_in(lang) if lang in ("es", "fr", "pt") else RED_LIST
        parser = _Badges()
        parser.feed(path.read_text(encoding="utf-8"))
        for code, text in parser.badges:
            badges += 1
            assert text.startswith(code.upper()) and names[code.upper()] in text, (path, code, text)
        for code, text in parser.legend:
            legends += 1
            if code.upper() in names:
                assert f"{names[code.upper()]} ({code.upper()})" in text, (path, code, text)
    assert badges > 50 and legends > 10


def _red_list_in(lang: str) -> dict[str, str]:
    """The Red List categories' names in a language, from the site's own catalogue."""
    from aze_site.render.i18n import Translator, read_messages

    po = REPO / "templates" / "locales" / f"{lang}.po"
    words = Translator(read_messages(lang, po.read_bytes()))
    return {code: words.gettext(name) for code, name in RED_LIST.items()}


@pytest.mark.browser
def test_map_markers_tell_their_category_in_words(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site + "/countries/bra/", wait_until="networkidle")
    settle(page, "country")
    legend = page.locator("#site-map .legend-list").inner_text()
    assert "Critically Endangered (CR)" in legend
    page.locator("#site-map path.site-marker").click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator(".badge").inner_text() == "CR" and "Critically Endangered" in popup.inner_text()


def test_axe_is_installed() -> None:
    assert AXE_JS.exists(), "run tests/run.sh: it installs axe-core with npm ci in tests/audit/"
    assert Path(AXE_JS).stat().st_size > 100_000
