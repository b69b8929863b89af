"""`aze-site serve` in a real browser: an editor saves a file, and the open page follows."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIET, SITE_MD, MakeSite

from aze_site.serve.server import DevServer

pytestmark = pytest.mark.browser

PAGE = "/sites/chapada-do-araripe/"
SOURCE = "content/sites/chapada-do-araripe.md"
WAIT_MS = 10_000


@dataclass
class Live:
    root: Path
    server: DevServer
    page: Any  # a Playwright Page
    errors: list[str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def open(self, url: str = PAGE) -> Any:
        response = self.page.goto(self.base + url)
        self.page.wait_for_function("window.__azeLive === true")
        return response


LONG_BODY = "\n\n".join(f"Paragraph {i} of a long description of the site." for i in range(150))


@pytest.fixture
def live(make_site: MakeSite, browser: Any) -> Iterator[Live]:
    root = make_site({**QUIET, SOURCE: SITE_MD + "\n" + LONG_BODY + "\n"})
    server = DevServer(root, port=0, step_ms=50)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        assert server.start().ok
        yield Live(root, server, page, errors)
    finally:
        context.close()
        server.stop()
    assert errors == []  # live.js itself never throws
    assert not [t.name for t in threading.enumerate() if t.name.startswith("aze-serve")]


def test_an_edit_shows_without_any_action(live: Live) -> None:
    live.open()
    live.page.get_by_text("The only home of the manakin.").wait_for()
    live.edit(SOURCE, "The only home of the manakin.", "Edited while the page was open.")
    live.page.get_by_text("Edited while the page was open.").wait_for(timeout=WAIT_MS)


def test_broken_yaml_shows_an_overlay_until_it_is_fixed(live: Live) -> None:
    live.open()
    live.edit(SOURCE, "name: Chapada do Araripe", "name: [unclosed")
    overlay = live.page.get_by_role("alertdialog", name="Build failed")
    overlay.wait_for(timeout=WAIT_MS)
    listed = overlay.locator("li").all_inner_texts()
    assert f"{SOURCE}:2:7: error: a list opened with '[' is not closed: add ']' at its end" in listed
    assert overlay.get_attribute("aria-live") == "assertive"
    header = overlay.locator("header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(127, 29, 29)"
    assert "monospace" in overlay.locator("li").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert live.page.get_by_text("The only home of the manakin.").is_visible()  # the last good page

    other = live.page.context.new_page()  # opened while broken: shows the overlay at once
    other.goto(live.base + "/")
    other.get_by_role("alertdialog", name="Build failed").wait_for(timeout=WAIT_MS)
    other.get_by_role("button", name="Close").click()
    assert other.get_by_role("alertdialog").count() == 0
    other.close()

    live.edit(SOURCE, "name: [unclosed", "name: Chapada do Araripe (fixed)")
    live.page.get_by_role("heading", name="Chapada do Araripe (fixed)").first.wait_for(timeout=WAIT_MS)
    assert live.page.get_by_role("alertdialog").count() == 0


def test_a_first_build_that_fails_says_there_is_no_page_yet(make_site: MakeSite,
                                                             browser: Any) -> None:
    root = make_site({**QUIET, SOURCE: SITE_MD.replace("name: Chapada do Araripe",
                                                       "name: [unclosed")})
    server = DevServer(root, port=0, step_ms=50)
    page = browser.new_page()
    try:
        assert not server.start().ok
        page.goto(f"http://127.0.0.1:{server.port}{PAGE}")
        overlay = page.get_by_role("alertdialog", name="Build failed")
        overlay.wait_for(timeout=WAIT_MS)
        help_text = overlay.locator("#aze-help").inner_text()
        assert "Nothing has built yet" in help_text and "last version" not in help_text
        path = root / SOURCE
        path.write_text(path.read_text().replace("name: [unclosed", "name: Chapada do Araripe"))
        page.get_by_role("heading", name="Chapada do Araripe").first.wait_for(timeout=WAIT_MS)
        assert page.get_by_role("alertdialog").count() == 0
    finally:
        page.close()
        server.stop()


def test_a_css_edit_restyles_without_navigation(live: Live) -> None:
    live.open()
    navigations: list[str] = []
    live.page.on("framenavigated", lambda frame: navigations.append(frame.url))
    live.page.evaluate("window.__marker = 1")
    live.edit("static/css/site.css", "\n", "\nhtml body { background: rgb(1, 2, 3) !important; }\n")
    live.page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'",
                                timeout=WAIT_MS)
    assert live.page.evaluate("window.__marker") == 1
    assert navigations == []
    assert live.page.locator('link[rel="stylesheet"]').count() == 1  # the old one is gone


def test_a_deleted_site_becomes_the_404_page(live: Live) -> None:
    assert live.open("/sites/xichu/").status == 200
    (live.root / "content/sites/xichu.md").unlink()
    live.page.get_by_text("We could not find that page").wait_for(timeout=WAIT_MS)  # it reloaded
    response = live.page.goto(live.base + "/sites/xichu/")
    assert response.status == 404
    assert live.page.get_by_text("We could not find that page").is_visible()


def test_a_tab_showing_the_404_page_shows_its_edits(live: Live) -> None:
    """Its address has no page: the 404 page's own changes (its words, the menu) reload it."""
    assert live.open("/sites/not-yet/").status == 404
    live.page.get_by_text("We could not find that page").wait_for()
    live.edit("templates/404.html", "We could not find that page", "No page here yet")
    live.page.get_by_text("No page here yet").wait_for(timeout=WAIT_MS)


def test_traversal_requests_get_404_and_nothing_outside(live: Live) -> None:
    secret = live.root / ".aze-cache" / "serve" / "secret.txt"
    secret.write_text("NOT FOR THE WEB")
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/../secret.txt", "/%2e%2e/secret.txt",
                 "/..%2fsecret.txt", "/%252e%252e/secret.txt"):
        conn = http.client.HTTPConnection("127.0.0.1", live.server.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status == 404, path
        assert b"root:" not in body and b"NOT FOR THE WEB" not in body
        assert b"We could not find that page" in body  # the site's own 404 page


def test_scroll_position_survives_an_update(live: Live) -> None:
    live.open()
    live.page.evaluate("window.scrollTo(0, 2000)")
    live.page.wait_for_function("Math.abs(window.scrollY - 2000) < 2")
    live.page.evaluate("window.__marker = 1")
    live.edit(SOURCE, "Paragraph 149 of", "Paragraph 149 (edited) of")
    live.page.get_by_text("Paragraph 149 (edited) of").wait_for(state="attached", timeout=WAIT_MS)
    assert live.page.evaluate("window.__marker") == 1  # taken in place, no reload
    live.page.wait_for_function("Math.abs(window.scrollY - 2000) <= 50", timeout=WAIT_MS)


def test_scroll_position_survives_a_reload(live: Live) -> None:
    live.open("/sites/")  # the site index runs scripts: it reloads
    live.page.evaluate("window.scrollTo(0, 300)")
    live.page.wait_for_function("Math.abs(window.scrollY - 300) < 2")
    live.page.evaluate("window.__marker = 1")
    live.edit(SOURCE, "name: Chapada do Araripe", "name: Chapada do Araripe Reloaded")
    live.page.get_by_text("Chapada do Araripe Reloaded").first.wait_for(timeout=WAIT_MS)
    assert live.page.evaluate("window.__marker") is None  # it did reload
    live.page.wait_for_function("Math.abs(window.scrollY - 300) <= 50", timeout=WAIT_MS)


def test_pages_reconnect_and_catch_up_after_a_restart(live: Live) -> None:
    live.open()
    live.page.evaluate("window.__marker = 1")
    port = live.server.port
    live.server.stop()
    live.edit(SOURCE, "The only home of the manakin.", "Edited while the server was down.")
    again = DevServer(live.root, port=port, step_ms=50)
    try:
        again.start()
        live.page.get_by_text("Edited while the server was down.").wait_for(timeout=WAIT_MS)
        assert live.page.evaluate("window.__marker") is None  # reloaded by itself
    finally:
        again.stop()


DRAFT = ("---\nname: Extra Site\niso3: BRA\nlocation: {lat: -7.3, lon: -39.5}\nspecies: []\n"
         "draft: true\n---\nA draft.\n")


def test_warnings_show_in_a_panel_that_stays_dismissed_until_they_change(live: Live) -> None:
    live.open()
    panel = live.page.get_by_role("region", name="Build warnings")
    assert panel.count() == 0
    (live.root / "content/sites/xichu.md").write_text(
        "---\nname: Xichu\niso3: MEX\nlocation: {lat: 21.3, lon: -100.06}\ncriteria: [A1e]\n"
        "protection: none\nspecies: []\ndraft: true\n---\nA cactus site.\n", encoding="utf-8")
    panel.wait_for(timeout=WAIT_MS)
    listed = panel.locator("li").all_inner_texts()
    assert listed == ["content/sites/xichu.md:7:10: warning: species: draft site has no trigger "
                      "species yet"]
    assert "1 warning: the site built" in panel.inner_text()
    assert panel.get_attribute("aria-live") == "polite"
    close = panel.get_by_role("button", name="Dismiss warnings")
    close.focus()
    live.page.keyboard.press("Escape")
    assert panel.count() == 0

    live.edit(SOURCE, "The only home of the manakin.", "Still the only home.")
    live.page.get_by_text("Still the only home.").wait_for(timeout=WAIT_MS)
    assert panel.count() == 0  # the same warnings after an update: still dismissed
    live.page.reload()  # and after a reload
    live.page.wait_for_function("window.__azeLive === true")
    live.page.wait_for_load_state("networkidle")
    assert panel.count() == 0

    (live.root / "content/sites/extra-site.md").write_text(DRAFT, encoding="utf-8")
    panel.wait_for(timeout=WAIT_MS)  # other warnings: it is back
    assert len(panel.locator("li").all_inner_texts()) == 2
    assert "2 warnings" in panel.inner_text()
    close.click()
    assert panel.count() == 0


def test_a_drafts_address_says_it_is_a_draft_until_it_is_published(live: Live) -> None:
    """The preview leaves drafts out, as a build does: the page not found at a draft's
    address says which file it is and how to see it, and goes once the draft is published."""
    assert live.open().status == 200
    live.edit(SOURCE, "protection: partial\n", "protection: partial\ndraft: true\n")
    notice = live.page.get_by_role("region", name="A draft")
    notice.wait_for(timeout=WAIT_MS)  # the page reloaded as the 404 page, and says why
    text = notice.inner_text()
    assert f"This is the address of {SOURCE}, a draft" in text and "aze-site serve --drafts" in text
    assert live.page.get_by_text("We could not find that page").is_visible()
    other = live.page.context.new_page()  # another address not found: no such notice
    other.goto(live.base + "/sites/nowhere/")
    other.wait_for_function("window.__azeLive === true")
    other.wait_for_timeout(500)
    assert other.get_by_role("region", name="A draft").count() == 0
    other.close()
    live.edit(SOURCE, "draft: true\n", "")
    live.page.get_by_role("heading", name="Chapada do Araripe").first.wait_for(timeout=WAIT_MS)
    assert live.page.get_by_role("region", name="A draft").count() == 0


def test_a_drafts_notice_goes_when_the_draft_is_renamed_and_stays_closed_otherwise(
        live: Live) -> None:
    """A draft renamed or deleted changes no page of the preview: the page open at its old
    address is told all the same. A notice closed is not shown again for the same file."""
    assert live.open().status == 200
    live.edit(SOURCE, "protection: partial\n", "protection: partial\ndraft: true\n")
    notice = live.page.get_by_role("region", name="A draft")
    notice.wait_for(timeout=WAIT_MS)
    notice.get_by_role("button", name="Close").click()
    (live.root / "content/pages/plan.md").write_text("---\ntitle: Plan\ndraft: true\n---\nSoon.\n")
    live.page.wait_for_timeout(1500)  # another draft: this address's notice stays closed
    assert notice.count() == 0
    live.page.reload()
    live.page.wait_for_function("window.__azeLive === true")
    notice.wait_for(timeout=WAIT_MS)
    (live.root / SOURCE).rename(live.root / "content/sites/araripe.md")
    notice.wait_for(state="detached", timeout=WAIT_MS)  # no longer a draft's address
