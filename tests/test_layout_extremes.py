"""Content at its extremes keeps every page within the width of the screen, on a phone
(390 px) and on a desktop (1280 px): a site whose name is one word of 40 letters, a photo
credit and a text with long addresses in them, a species with a long scientific name in a
card beside others, and a table of eight columns. And printed on A4, where nothing scrolls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import serve
from conftest import MakeSite, jpeg

from aze_site.build import BuildOptions, build

WIDTHS = [390, 1280]

NAME = "Pneumonoultramicroscopicsilicovolcanocon"  # one word, 40 letters
URL = "https://www.zero-test.org/reports/" + "-".join(["annual-species-inventory-appendix"] * 4) + ".pdf"
BINOMIAL = "Eleutherodactylus pseudoantillensisgrandisa subsp. septentrionalissimusoccidentalisa"
CAPTION = ("A long caption that goes on describing the cliffs, the scrub, the seabirds, the sea, "
           "the expeditions of 1876, 1911 and 2004 and every surveyor and their institutions "
           "(Museum national d'Histoire naturelle, Naturalis Biodiversity Center, Instituto de "
           "Investigacion de Recursos Biologicos Alexander von Humboldt) and why it matters, "
           "at a length no caption should have and some will; " * 3).strip()

IMAGES_YAML = f"""\
hero.jpg:
  alt: A drawn landscape
  credit: "Dr. Maria-Jose Fernandez-Ozturk, Pontificia Universidad Catolica del Ecuador, {URL}"
  caption: "{CAPTION}"
  license: CC BY-NC-SA 4.0
"""

TABLE = "\n".join([
    "| Species | Status | Population 1990 | Population 2000 | Population 2010 | Population 2020 "
    "| Trend | Notes |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    "| *Eleutherodactylus pseudoantillensisgrandisa* | CR | 12,000 | 8,400 | 3,100 | 950 | declining "
    "| Surveyed by the Instituto de Investigacion de Recursos Biologicos |",
    "| *Cyrtodactylus macrotuberculatusbrevipalmatusb* | EN | 4,500 | 4,300 | 4,100 | 3,900 | stable "
    "| Counted at night along transects |",
])

BODY = f"""\
A bare address: <{URL}>, and `some_inline_code_with_a_very_long_identifier_that_does_not_break_at_all`.

{TABLE}

A note.[^1]

[^1]: The source, {URL}.
"""

SITE_MD = f"""\
---
name: {NAME}
iso3: BRA
location: {{lat: -7.25, lon: -39.45}}
area_km2: 28
criteria: [A1e]
protection: partial
hero: hero.jpg
species:
  - name: {BINOMIAL}
    common_name: Northern Greater Cloud-Forest Bromeliad-Dwelling Spiny-Backed Whistling Rain Frog
    group: amphibians
    status: CR
  - name: Cyrtodactylus macrotuberculatusbrevipalmatusb var. longicaudatus
    group: reptiles
    status: EN
  - name: Antilophia bokermanni
    common_name: Araripe manakin
    group: birds
    status: CR
  - name: Atelopus ex
    group: amphibians
    status: EN
updated: 2018-11-13
---
{BODY}"""

PAGE_MD = f"---\ntitle: Figures\n---\n{BODY}"

# Where an element sticks out of the screen (none inside a box that scrolls by itself).
WIDE = """() => [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.right <= innerWidth + 1) return false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return false;
    return true;
  }).slice(0, 5)
    .map(el => `${el.tagName}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`)"""

# What sticks out of the column of text (a table's columns, an address), but for what is
# inside a box that scrolls by itself.
OUT_OF_TEXT = """() => [...document.querySelectorAll('.prose')].flatMap(text => {
    const box = text.getBoundingClientRect();
    const scrolled = el => {
      for (let p = el.parentElement; p && p !== text; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    return [...text.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > box.right + 1 && !scrolled(el))
      .slice(0, 3).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  })"""

# What of a species card's text reaches past the card's own edge.
OUT_OF_CARD = """() => [...document.querySelectorAll('.species-cards li')].flatMap(card => {
    const box = card.getBoundingClientRect();
    return [...card.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > box.right + 1)
      .map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  })"""


@pytest.fixture
def extreme(make_site: MakeSite, tmp_path: Path) -> Path:
    root = make_site({
        "content/images/images.yaml": IMAGES_YAML,
        "content/sites/chapada-do-araripe.md": SITE_MD,
        "content/pages/figures.md": PAGE_MD,
    })
    (root / "content/images/hero.jpg").write_bytes(jpeg(1600, 900))
    out = tmp_path / "public"
    build(BuildOptions(root=root, out=out, jobs=1, search=False))
    return out


@pytest.mark.browser
def test_extreme_content_never_widens_the_page(extreme: Path, browser: Any) -> None:
    factsheet = "/sites/chapada-do-araripe/"  # the site of the 40-letter name
    species = "/species/eleutherodactylus-pseudoantillensisgrandisa-subsp-septentrionalissimusoccidentalisa/"
    paths = ["/", factsheet, "/sites/", "/countries/bra/", species, "/credits/", "/figures/"]
    for path in paths:
        assert (extreme / path.strip("/") / "index.html").exists(), path
    wide: list[str] = []
    with serve(extreme) as base:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route("**/*", lambda route: route.abort()
                          if not route.request.url.startswith(base) else route.continue_())
            page = context.new_page()
            for path in paths:
                page.goto(base + path, wait_until="load")
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                if overflow > 0:
                    wide.append(f"{path} at {width}px: {overflow}px too wide, {page.evaluate(WIDE)}")
                if out := page.evaluate(OUT_OF_TEXT):
                    wide.append(f"{path} at {width}px: out of the column of text: {out}")
            page.goto(base + factsheet, wait_until="load")
            assert page.locator(".species-cards li").count() == 4
            if out := page.evaluate(OUT_OF_CARD):
                wide.append(f"species cards at {width}px: text out of its card: {out}")
            if width > 640:  # the photo's caption stays clear of the title below it
                credit = page.locator(".hero .credit").bounding_box()
                title = page.locator(".hero h1").bounding_box()
                assert credit is not None and title is not None
                if credit["y"] + credit["height"] > title["y"]:
                    wide.append(f"{factsheet} at {width}px: the photo's caption covers the title")
            context.close()
        # On paper (A4 less its margins is 680 px wide) nothing can scroll: all of it fits.
        page = browser.new_page(viewport={"width": 680, "height": 900})
        page.emulate_media(media="print")
        for path in (factsheet, "/figures/"):
            page.goto(base + path, wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                wide.append(f"{path} in print: {overflow}px too wide, {page.evaluate(WIDE)}")
        page.close()
    assert wide == [], "\n".join(wide)
