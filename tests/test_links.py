"""What a rendered page offers to links (its ids) and what it links to."""

from __future__ import annotations

from aze_site.render.links import page_links


def test_a_pages_links_and_ids_are_its_attributes_after_a_space() -> None:
    html = ('<p id="top" data-id="not-an-id">\n<a\thref="/base/sites/x/#threats">x</a>'
            '<img src="/base/img/a.jpg?v=2" data-src="/base/img/b.jpg">'
            '<a href="/elsewhere/">out</a><a href="https://example.org/">ext</a>'
            '<a\nhref="/base/about/">about</a><span\nid="second"></span>')
    links = page_links("/base/", "page.html", html, "/base")
    assert links.id_text == "\nsecond\ntop\n"
    assert links.links() == [("/about/", ""), ("/img/a.jpg", ""), ("/sites/x/", "threats")]
