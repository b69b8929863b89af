"""Validity of the shipped site as published: every HTML page passes the Nu HTML Checker
(vnu.jar from npm, run with Java), every internal link, image source, srcset entry, form
action and anchor in public/ resolves to a file and an id, and no page asks another origin
for anything that blocks rendering.

The build checks links too (src/aze_site/links.py), from its own records of absolute
internal paths; this checks the written files, whatever the address form.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from audit.shipped import NODE_MODULES, REPO, shipped

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE_URL = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))["base_url"]
URL_ATTRS = {"href", "src", "action", "poster", "data-map", "data-outlines"}
LOADERS = {"script", "img", "source", "iframe", "video", "audio", "embed", "input", "track"}


def _addresses(value: str) -> list[str]:
    """The addresses in a src or srcset value."""
    return [part.split()[0] for part in value.split(",") if part.strip()] if " " in value.strip() \
        else [value.strip()] if value.strip() else []


def java() -> str:
    found = shutil.which("java")
    assert found, "Java is missing: tests/run.sh installs Debian's default-jre-headless"
    return found


def test_every_page_is_valid_html() -> None:
    assert VNU_JAR.exists(), "vnu.jar is missing: run tests/run.sh (npm ci in tests/audit/)"
    site = shipped()
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 50
    done = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [f"{m['url'].rsplit(str(site), 1)[-1]}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
              f"{m['message']}" for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors[:40])


def test_the_checker_finds_errors() -> None:
    """The validator itself works: a page with two mistakes gives two errors."""
    assert VNU_JAR.exists()
    bad = "<!doctype html><html lang=en><title>x</title><span><div>block</div></span><img src=a.png></html>"
    done = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "-"],
                          input=bad, capture_output=True, text=True, timeout=120)
    messages = [m for m in json.loads(done.stderr)["messages"] if m["type"] == "error"]
    assert len(messages) >= 2 and any("alt" in m["message"] for m in messages)


class _Page(HTMLParser):
    """The ids of a page and the addresses it refers to, with the tag and attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []
        self.loads: list[str] = []
        self.blocking: list[str] = []
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self._in_head = True
        if tag == "body":
            self._in_head = False
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for key, value in a.items():
            if key in URL_ATTRS and value:
                self.refs.append((tag, key, value))
            elif key in ("srcset", "imagesrcset"):
                self.refs += [(tag, key, ref) for ref in _addresses(value)]
            elif key == "content" and a.get("property", a.get("name", "")) in (
                    "og:url", "og:image", "twitter:image"):
                self.refs.append((tag, a.get("property", a.get("name", "")), value))
        # what the browser fetches as the page loads, and which of it holds up the first
        # paint: a stylesheet, or a script in <head> that is neither async, deferred nor a module
        rel = set(a.get("rel", "").split())
        fetched = [a[k] for k in ("src", "srcset") if k in a and tag in LOADERS]
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            fetched.append(a.get("href", ""))
        self.loads += [ref for value in fetched for ref in _addresses(value)]
        if (tag == "link" and "stylesheet" in rel) or (
                self._in_head and tag == "script" and "src" in a
                and not {"async", "defer"} & a.keys() and a.get("type") != "module"):
            self.blocking.append(a.get("href") or a["src"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _file_of(site: Path, url_path: str) -> Path | None:
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/"):
        target = target / "index.html"
    if target.is_file():
        return target
    if (target / "index.html").is_file():
        return target / "index.html"
    return None


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_internal_link_and_anchor_resolves() -> None:
    site = shipped()
    base = urlsplit(BASE_URL)
    parsed = {path: _parse(path) for path in site.rglob("*.html")}
    broken: list[str] = []
    checked = 0
    for path, page in sorted(parsed.items()):
        here = _url_of(site, path)
        for tag, attr, ref in page.refs:
            if ref.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            url = urlsplit(urljoin(here, ref))
            if url.scheme in ("http", "https") and url.netloc != base.netloc:
                continue  # another site
            if url.scheme and url.netloc == base.netloc and not url.path.startswith(base.path):
                broken.append(f"{here}: <{tag} {attr}> {ref}: outside the site's base path")
                continue
            local = url.path[len(base.path) - 1:] if url.netloc else url.path
            checked += 1
            target = _file_of(site, local)
            if target is None:
                broken.append(f"{here}: <{tag} {attr}> {ref}: no such file")
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{here}: <{tag} {attr}> {ref}: no id {url.fragment!r} there")
    assert checked > 2000
    assert broken == [], "\n".join(broken[:40])


def test_the_sitemap_lists_only_pages_that_exist() -> None:
    site = shipped()
    base = urlsplit(BASE_URL)
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = [part.split("</loc>")[0] for part in text.split("<loc>")[1:]]
    assert len(locs) > 50
    missing = [loc for loc in locs if _file_of(site, urlsplit(loc).path[len(base.path) - 1:]) is None]
    assert missing == []


def test_no_page_loads_anything_from_another_origin() -> None:
    """Every script, stylesheet, icon and image a page's HTML loads is the site's own, so
    nothing render-blocking (or otherwise) waits on another origin. (The map's tiles are
    asked for by map.js after the page has rendered; the browser tests answer them.)"""
    site = shipped()
    outside: list[str] = []
    blocking = 0
    for path in sorted(site.rglob("*.html")):
        page = _parse(path)
        blocking += len(page.blocking)
        outside += [f"{_url_of(site, path)}: {ref}" for ref in page.loads + page.blocking
                    if urlsplit(ref).scheme or ref.startswith("//")]
    assert blocking > 50  # site.css on every page at least
    assert outside == []


def test_a_redirect_page_is_valid_html() -> None:
    """The page at an old address (front matter `aliases:`), which the shipped site has none of."""
    from aze_site.render.redirects import redirect_page

    page = redirect_page("Chapada do Araripe & <more>", "/sites/chapada-do-araripe/",
                         "https://zeroextinction.org/sites/chapada-do-araripe/", "en")
    done = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "-"],
                          input=page, capture_output=True, text=True, timeout=120)
    messages = [m for m in json.loads(done.stderr)["messages"] if m["type"] == "error"]
    assert messages == []
