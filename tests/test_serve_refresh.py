"""How an open page follows a save: only pages that changed, in place when nothing of theirs
must run again, by a reload otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import MakeSite

from aze_site.serve.server import DevServer, changed_pages

pytestmark = pytest.mark.browser

SOURCE = "content/sites/chapada-do-araripe.md"
WAIT_MS = 10_000


def test_the_event_names_the_pages_that_changed() -> None:
    assert changed_pages(frozenset({"sites/a/index.html", "data/map.json", "pagefind/x"})) == \
        {"pages": ["sites/a/index.html"], "assets": False}
    assert changed_pages(frozenset({"sites/a/index.html", "img/a-640w-1.jpg"}))["assets"] is True
    many = frozenset(f"p{i}/index.html" for i in range(501))
    assert changed_pages(many)["pages"] is None  # too many to list: every page reloads


@pytest.fixture
def served(make_site: MakeSite, browser: Any) -> Iterator[tuple[Any, DevServer, Any]]:
    root = make_site()
    server = DevServer(root, port=0, step_ms=50)
    context = browser.new_context()
    try:
        assert server.start().ok
        yield root, server, context
    finally:
        context.close()
        server.stop()


def edit(root: Any, old: str, new: str) -> None:
    path = root / SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def open_page(context: Any, server: DevServer, url: str) -> Any:
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.port}{url}")
    page.wait_for_function("window.__azeLive === true")
    page.evaluate("window.__mark = 'still this document'")
    return page


def test_a_changed_page_takes_its_new_text_in_place(served: tuple[Any, DevServer, Any]) -> None:
    root, server, context = served
    factsheet = open_page(context, server, "/sites/chapada-do-araripe/")
    other = open_page(context, server, "/sites/xichu/")
    edit(root, "The only home of the manakin.", "A text changed in place.")
    factsheet.get_by_text("A text changed in place.").wait_for(timeout=WAIT_MS)
    assert factsheet.evaluate("window.__mark") == "still this document"  # no reload
    assert other.evaluate("window.__mark") == "still this document"  # not touched at all


def test_a_page_with_scripts_reloads(served: tuple[Any, DevServer, Any]) -> None:
    root, server, context = served
    index = open_page(context, server, "/sites/")  # the map and filters run scripts
    edit(root, "name: Chapada do Araripe", "name: Chapada do Araripe Renamed")
    index.get_by_text("Chapada do Araripe Renamed").first.wait_for(timeout=WAIT_MS)
    assert index.evaluate("window.__mark === undefined")  # a new document
