"""Old addresses (front matter `aliases:`): a redirect page at each, `_redirects` for the
hosts that read it, and one error at the alias's line when it cannot be published."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE_MD, SITE_YAML, MakeSite, errors_of, files_of

from aze_site.build import BuildOptions, build
from aze_site.build import search as search_jobs
from aze_site.build.options import store_path

SITE = "content/sites/chapada-do-araripe.md"
RENAMED = SITE_MD.replace("updated: 2018-11-13\n", "updated: 2018-11-13\naliases:\n"
                          "  - /sites/araripe/\n  - /old/araripe.html\n  - /sites/chapada\n")


def test_each_old_address_leads_to_the_page(make_site: MakeSite) -> None:
    files = files_of(make_site({SITE: RENAMED}))
    for rel in ("sites/araripe/index.html", "old/araripe.html", "sites/chapada/index.html"):
        html = files[rel].decode()
        assert '<meta http-equiv="refresh" content="0; url=/sites/chapada-do-araripe/">' in html
        assert '<link rel="canonical" href="https://test.example.org/sites/chapada-do-araripe/">' \
            in html
        assert '<a href="/sites/chapada-do-araripe/">Chapada do Araripe</a>' in html  # no JS
        assert '<meta name="robots" content="noindex">' in html
        assert 'lang="en"' in html and "data-pagefind-body" not in html
    assert files["_redirects"].decode() == (
        "/old/araripe.html /sites/chapada-do-araripe/ 301\n"
        "/sites/araripe/ /sites/chapada-do-araripe/ 301\n"
        "/sites/chapada/ /sites/chapada-do-araripe/ 301\n")
    sitemap = files["sitemap.xml"].decode()
    assert "/sites/araripe/" not in sitemap and "/sites/chapada-do-araripe/" in sitemap


def test_old_addresses_follow_a_base_path(make_site: MakeSite) -> None:
    files = files_of(make_site({SITE: RENAMED}), base_url="https://example.net/aze/")
    assert "/aze/sites/araripe/ /aze/sites/chapada-do-araripe/ 301\n" in files["_redirects"].decode()
    assert 'url=/aze/sites/chapada-do-araripe/"' in files["sites/araripe/index.html"].decode()


def test_no_aliases_no_redirects_file(make_site: MakeSite) -> None:
    assert "_redirects" not in files_of(make_site())


def test_titles_and_addresses_are_escaped(make_site: MakeSite) -> None:
    page = "---\ntitle: 'Threats <script>alert(1)</script> & \"more\"'\naliases: [/x/]\n---\nText.\n"
    html = files_of(make_site({"content/pages/threats.md": page}))["x/index.html"].decode()
    assert "<script>" not in html
    assert "Threats &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;" in html


@pytest.mark.parametrize(("alias", "message"), [
    ("/sites/", "alias /sites/: this is the address of the page /sites/: remove the alias"),
    ("/act/", "alias /act/: this is the address of the page /act/: remove the alias"),
    ("/sites/chapada-do-araripe/", "alias /sites/chapada-do-araripe/: this is the page's own "
     "address: remove the alias"),
    ("/img/old/", "alias /img/old/: this address is inside /img/, which holds the photos and "
     "social cards: remove the alias"),
    ("/sitemap.xml", "alias /sitemap.xml: /sitemap.xml is the sitemap: remove the alias"),
    ("/favicon.svg", "alias /favicon.svg: /favicon.svg is static/favicon.svg: remove the alias"),
    ("/credits/", "alias /credits/: this is the address of the page /credits/: remove the alias"),
    ("/es/credits/", "alias /es/credits/: this is the address of the page /es/credits/: remove "
     "the alias"),
    ("/es/feed.xml", "alias /es/feed.xml: /es/feed.xml is the news feed: remove the alias"),
    # a folder where a file goes: `check` passed these, and the build failed as it published
    ("/_redirects", "alias /_redirects/: /_redirects is the redirect rules aze-site writes, "
     "not a folder: remove the alias"),
    ("/robots.txt/x/", "alias /robots.txt/x/: /robots.txt is robots.txt, not a folder: remove "
     "the alias"),
])
def test_an_alias_that_takes_another_file_is_an_error_at_its_line(
        make_site: MakeSite, alias: str, message: str) -> None:
    text = SITE_MD.replace("updated: 2018-11-13\n", f"updated: 2018-11-13\naliases: [{alias}]\n")
    root = make_site({SITE: text, "content/site.yaml": SITE_YAML.replace(
        "language: en\n", "languages: [en, es]\n")})
    assert errors_of(root) == [f"{SITE}:14:11: error: {message}"]


def test_one_alias_on_two_pages_is_an_error(make_site: MakeSite) -> None:
    page = "---\ntitle: Old\naliases:\n  - /sites/araripe/\n---\nText.\n"
    lines = errors_of(make_site({SITE: RENAMED, "content/pages/old.md": page}))
    assert len(lines) == 1
    assert re.fullmatch(r"content/(pages/old|sites/chapada-do-araripe)\.md:\d+:5: error: alias "
                        r"/sites/araripe/: this is also an alias of content/\S+: keep it on one "
                        "page only", lines[0]), lines


@pytest.mark.parametrize(("alias", "message"), [
    ("sites/x/", "aliases[0]: expected an old address of this page: a path starting with '/', "
     "such as '/sites/old-name/', got 'sites/x/'"),
    ("/a/../b/", "aliases[0]: '/a/../b/' cannot be an address here: use letters, digits, '-', "
     "'_' and '.' between the slashes (no '?', '#', spaces or '..')"),
    ("/a?b=1", "aliases[0]: '/a?b=1' cannot be an address here: use letters, digits, '-', "
     "'_' and '.' between the slashes (no '?', '#', spaces or '..')"),
    ("/", "aliases[0]: '/' cannot be an address here: use letters, digits, '-', "
     "'_' and '.' between the slashes (no '?', '#', spaces or '..')"),
    ("/" + "a" * 201 + "/", f"aliases[0]: '/{'a' * 39}...' cannot be an address here: a part "
     "between slashes is longer than 200 characters, more than a folder's name may be"),
])
def test_an_alias_that_is_no_address_is_an_error(make_site: MakeSite, alias: str,
                                                  message: str) -> None:
    page = f"---\ntitle: Old\naliases: ['{alias}']\n---\nText.\n"
    lines = errors_of(make_site({"content/pages/old.md": page}))
    assert lines == [f"content/pages/old.md:3:11: error: {message}"]


def test_an_alias_holding_a_line_break_is_an_error(make_site: MakeSite) -> None:
    """`"/z\\n/"` in double quotes: a line break would write a rule of its own into
    _redirects (`/ /sites/x/ 301`, redirecting the home page) and a folder named with it."""
    page = '---\ntitle: Old\naliases: ["/z\\n/"]\n---\nText.\n'
    assert errors_of(make_site({"content/pages/old.md": page})) == [
        "content/pages/old.md:3:11: error: aliases[0]: '/z\\n/' cannot be an address here: use "
        "letters, digits, '-', '_' and '.' between the slashes (no '?', '#', spaces or '..')"]


def test_a_static_redirects_file_and_aliases_is_an_error(make_site: MakeSite) -> None:
    root = make_site({SITE: RENAMED})
    (root / "static/_redirects").write_text("/a /b 301\n", encoding="utf-8")
    assert errors_of(root) == ["static/_redirects:1:1: error: aze-site writes _redirects from "
                               "the pages' aliases: move these rules into aliases, or remove "
                               "the aliases"]


def test_a_draft_s_aliases_are_not_published(make_site: MakeSite) -> None:
    page = "---\ntitle: Soon\ndraft: true\naliases: [/later/]\n---\nText.\n"
    root = make_site({"content/pages/soon.md": page})
    assert "later/index.html" not in files_of(root)
    assert "later/index.html" in files_of(root, drafts=True)


def test_adding_and_removing_an_alias_is_an_update_like_a_clean_build(make_site: MakeSite) -> None:
    root = make_site()
    build(BuildOptions(root=root, jobs=1))
    (root / SITE).write_text(RENAMED, encoding="utf-8")
    result = build(BuildOptions(root=root, jobs=1))
    # the factsheet alone is rendered again (its text moved down the file) and is the same
    assert result.how == "update" and result.pages - result.reused <= 1
    assert result.written == ["_redirects", "old/araripe.html", "sites/araripe/index.html",
                              "sites/chapada/index.html"]
    assert (root / "public/sites/araripe/index.html").is_file()
    assert (root / "public/_redirects").is_file()
    (root / SITE).write_text(SITE_MD, encoding="utf-8")
    build(BuildOptions(root=root, jobs=1))
    assert not (root / "public/sites/araripe").exists()
    assert not (root / "public/_redirects").exists()
    assert search_jobs.wait_job(store_path(root, root / "public"), 300)


@pytest.mark.browser
def test_a_browser_at_an_old_address_lands_on_the_page(make_site: MakeSite, browser: Any,
                                                       tmp_path: Path) -> None:
    from browser import serve

    root = make_site({SITE: RENAMED})
    build(BuildOptions(root=root, jobs=1, out=tmp_path / "out", base_url="http://127.0.0.1/"))
    with serve(tmp_path / "out") as base:
        page = browser.new_page()
        page.goto(base + "/sites/araripe/")
        page.wait_for_url(base + "/sites/chapada-do-araripe/")
        assert page.locator("h1").inner_text() == "Chapada do Araripe"
        page.close()


def test_an_old_address_leads_to_the_page_in_each_language(make_site: MakeSite) -> None:
    """Each page is in each language: its old addresses under /es/ lead to its Spanish
    version, and an alias already under /es/ is the Spanish one's alone."""
    text = SITE_MD.replace("updated: 2018-11-13\n",
                           "updated: 2018-11-13\naliases: [/sites/araripe/, /es/sitios/araripe/]\n")
    root = make_site({SITE: text, "content/site.yaml": SITE_YAML.replace(
        "language: en\n", "languages: [en, es]\n")})
    files = files_of(root)
    assert files["_redirects"].decode().splitlines() == [
        "/es/sites/araripe/ /es/sites/chapada-do-araripe/ 301",
        "/es/sitios/araripe/ /es/sites/chapada-do-araripe/ 301",
        "/sites/araripe/ /sites/chapada-do-araripe/ 301"]
    spanish = files["es/sites/araripe/index.html"].decode()
    assert '<html lang="es">' in spanish and "url=/es/sites/chapada-do-araripe/" in spanish
    assert "es/es/sitios/araripe/index.html" not in files
    # in the language's words (the shipped catalogue), the page's title in it
    spanish = files_of(make_site({SITE: text, "content/site.yaml": SITE_YAML.replace(
        "language: en\n", "languages: [en, es]\n"), SITE.replace(".md", ".es.md"):
        "---\nname: Chapada do Araripe (es)\n---\nTexto.\n"}, name="es"))[
        "es/sites/araripe/index.html"].decode()
    assert "<title>Chapada do Araripe (es): página trasladada</title>" in spanish
    assert ('<p>Esta página se ha trasladado a <a href="/es/sites/chapada-do-araripe/">Chapada '
            'do Araripe (es)</a>.</p>') in spanish
