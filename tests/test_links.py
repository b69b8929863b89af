"""What a rendered page offers to links (its ids) and what it links to."""

from __future__ import annotations

from conftest import deadline

from aze_site.render.links import page_links


def test_a_pages_links_and_ids_are_its_attributes_after_a_space() -> None:
    html = ('<p id="top" data-id="not-an-id">\n<a\thref="/base/sites/x/#threats">x</a>'
            '<img src="/base/img/a.jpg?v=2" data-src="/base/img/b.jpg">'
            '<a href="/elsewhere/">out</a><a href="https://example.org/">ext</a>'
            '<a\nhref="/base/about/">about</a><span\nid="second"></span>')
    links = page_links("/base/", "page.html", html, "/base")
    assert links.ids() == {"second", "top"} and links.has_id("top") and not links.has_id("to")
    assert links.links() == [("/about/", ""), ("/img/a.jpg", ""), ("/sites/x/", "threats")]


def test_an_address_with_a_line_break_is_one_link() -> None:
    """A line break or a line separator in an address (pasted text brings them) once split
    the page's list of links, and the build stopped with an internal error."""
    html = '<a href="/about/\nx">a</a><a href="/a/\u2028b#c\td">b</a>'
    assert page_links("/", "page.html", html, "").links() == [
        ("/a/\u2028b", "c\td"), ("/about/\nx", "")]


def test_what_a_stylesheet_asks_for() -> None:
    from aze_site.render.stylesheets import references

    css = ("/* url(gone.png)\n   still a comment */ .a { background: URL( 'img/my%20bg.png' ) }\n"
           "@font-face { src: url(\"../fonts/x.woff2?v=2#iefix\") format('woff2') }\n"
           "@import url(base.css); @import 'more.css';\n"
           ".b { mask: url(#m); background: url(data:image/png;base64,AA==), "
           "url(https://cdn.example.org/x.png), url(//cdn.example.org/y.png), url() }\n"
           ".c { background: url(/img/z.png) url(../../up.png) }\n")
    assert [(r.line, r.col, r.written, r.path) for r in references("css/site.css", css)] == [
        (2, 40, "img/my%20bg.png", "css/img/my bg.png"),
        (3, 19, "../fonts/x.woff2?v=2#iefix", "fonts/x.woff2"),
        (4, 9, "base.css", "css/base.css"),
        (4, 24, "more.css", "css/more.css"),
        (6, 18, "/img/z.png", "img/z.png"),
        (6, 34, "../../up.png", None)]


def test_what_a_stylesheet_asks_for_as_css_reads_it() -> None:
    """Escapes read, a string of text not an address, image-set()'s strings, a byte order
    mark no column, and a stylesheet in the encoding its @charset names."""
    from aze_site.render.stylesheets import decoded, references

    css = ("\ufeff.a{background:url(../x.png)} .b{content:\"url(no.png) /*\"} .c{mask:url(y.png)}\n"
           ".d{background:url(\"\\2e ./fav\\\"icon.svg\") url(fav\\icon.svg)}\n"
           ".e{background:image-set(\"a.png\" 1x, 'b.png' 2x)}\n"
           # a hex escape's one whitespace is its end, a bare address's too; \r\n is one
           ".f{background:url(f\\61 v.png) url(\"f\\61  v.png\") url(a\\62\r\nc.svg)}\n")
    assert [(r.line, r.col, r.written) for r in references("css/s.css", css)] == [
        (1, 15, "../x.png"), (1, 67, "y.png"), (2, 15, '../fav"icon.svg'), (2, 42, "favicon.svg"),
        (3, 15, "a.png"), (3, 37, "b.png"), (4, 15, "fav.png"), (4, 31, "fa v.png"),
        (4, 50, "abc.svg")]
    # a code point that is none is U+FFFD, as CSS reads it (chr() refused \110000)
    css = ".a{background:url(\\110000.png) url('\\0 .png') url(\\D800.png)}"
    assert [r.written for r in references("css/s.css", css)] == ["\ufffd.png"] * 3
    assert decoded(b'@charset "iso-8859-1";\n.a{background:url(caf\xe9.svg)}').endswith(
        "url(caf\u00e9.svg)}")
    assert decoded("url(café.svg)".encode()) == "url(café.svg)"


def test_a_stylesheet_with_many_addresses_is_read_in_time_proportional_to_it() -> None:
    """Each address's line, and whether a string is in an image-set(), were looked for back
    from it to the start: 20,000 addresses took seconds, 100,000 a minute."""
    from aze_site.render.stylesheets import references

    n = 100_000
    for css, last in ((".a{background:url(x.png)}\n" * n, (n, 15)),
                      (".a{background:url(x.png)}" * n, (1, 25 * n - 10)),
                      (".a{b:image-set(" + "'x.png' 1x," * n + ")}", (1, 16 + 11 * (n - 1))),
                      (".a{content:'x'}\n" * n, None)):
        with deadline(10):  # (some 0.5 s; looked for back to the start, nearly a minute)
            found = list(references("css/s.css", css))
        assert ((found[-1].line, found[-1].col) if found else None) == last
        assert len(found) == (n if last else 0)
