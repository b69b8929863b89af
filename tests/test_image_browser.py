"""Photos in a real browser: the hero loads an AVIF or WebP candidate and shows its credit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, serve
from conftest import IMAGES_YAML, SITE_MD, MakeSite, jpeg
from PIL import Image, ImageDraw

from aze_site.build import BuildOptions, build

SITE = "content/sites/chapada-do-araripe.md"


def large_hero(path: Path) -> None:
    """A 2400x1350 photo-like JPEG: gradients and shapes, so every width has real detail."""
    im = Image.radial_gradient("L").resize((2400, 1350)).convert("RGB")
    draw = ImageDraw.Draw(im)
    for i in range(12):
        draw.ellipse((i * 200, 300 + (i % 3) * 200, i * 200 + 180, 480 + (i % 3) * 200),
                     fill=(40 + i * 15, 120, 200 - i * 10))
    im.save(path, "JPEG", quality=85)


@pytest.fixture
def served(make_site: MakeSite, tmp_path: Path) -> Iterator[str]:
    # the site's hero too, so the home page lists it with a (lazy) card photo below the fold
    root = make_site({SITE: SITE_MD.replace("protection: partial\n",
                                            "protection: partial\nhero: hero.jpg\n")})
    large_hero(root / "content/images/hero.jpg")
    out = tmp_path / "public"
    build(BuildOptions(root=root, out=out, jobs=2))
    with serve(out) as base:
        yield base


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.mark.browser
def test_hero_loads_a_modern_format_and_shows_its_credit(served: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.goto(served + "/", wait_until="load")
    hero = page.locator(".hero img")
    assert hero.count() == 1
    page.wait_for_function("document.querySelector('.hero img').complete")
    state = hero.evaluate("img => ({src: img.currentSrc, complete: img.complete, "
                          "natural: img.naturalWidth, naturalHeight: img.naturalHeight})")
    assert state["src"].endswith((".avif", ".webp")), state["src"]
    assert state["complete"] and state["natural"] > 0
    assert state["natural"] >= 1280  # the 100vw candidate for a 1280 px wide window
    assert hero.get_attribute("width") == "2400" and hero.get_attribute("height") == "1350"
    assert state["natural"] * 1350 == pytest.approx(state["naturalHeight"] * 2400, rel=0.01)
    assert hero.get_attribute("fetchpriority") == "high"
    assert hero.get_attribute("loading") is None
    caption = page.locator(".hero figcaption")
    assert caption.is_visible()
    assert "Credit: Test Illustrator" in caption.inner_text()

    # every other photo on the page waits until it is scrolled to
    others = page.locator("img:not(.hero img)")
    assert others.count() >= 1
    for i in range(others.count()):
        img = others.nth(i)
        assert img.get_attribute("loading") == "lazy"
        assert img.get_attribute("fetchpriority") is None
        assert img.get_attribute("width") and img.get_attribute("height")
    others.last.scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    lazy_src = others.last.evaluate("img => img.currentSrc")
    assert lazy_src.endswith((".avif", ".webp")), lazy_src
    page.close()
    assert failed == []


@pytest.mark.browser
def test_photo_named_with_spaces_still_loads_a_modern_format(
    make_site: MakeSite, tmp_path: Path, browser: Any
) -> None:
    """Editors name files as they like: 'rhea in grass.jpg' must not break the srcset."""
    key = "rhea in grass.jpg"
    root = make_site({
        "content/images/images.yaml": IMAGES_YAML + f"{key}:\n  alt: A rhea\n  credit: Ana Pérez\n"
                                                    "  license: CC BY 4.0\n",
        SITE: SITE_MD.replace("protection: partial\n", f"protection: partial\nhero: {key}\n"),
    })
    (root / "content/images" / key).write_bytes(jpeg(700, 400, (150, 110, 60)))
    out = tmp_path / "public"
    build(BuildOptions(root=root, out=out, jobs=1))
    with serve(out) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/sites/chapada-do-araripe/", wait_until="load")
        page.wait_for_function("document.querySelector('.hero img').complete")
        src = page.locator(".hero img").evaluate("img => img.currentSrc")
        natural = page.locator(".hero img").evaluate("img => img.naturalWidth")
        caption = page.locator(".hero figcaption").inner_text()
        page.close()
    assert natural > 0
    assert "Credit: Ana Pérez" in caption
    assert src.endswith((".avif", ".webp")), src
