"""Link checks: every internal link, in Markdown and in rendered HTML, reaches a page
and its anchor. Linear in the number of links: targets are looked up in sets."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from aze_site.errors import Diagnostic, Report
from aze_site.model import Document
from aze_site.render.markdown import Rendered

ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\s(?:href|src)="([^"#?]*)(?:\?[^"#]*)?(?:#([^"]*))?"')


@dataclass(frozen=True)
class PageLinks:
    """What a rendered page offers to links (its ids) and what it links to.

    Kept as two strings rather than sets of tuples: the build cache holds one of these
    per page, and tens of thousands of small objects are slow to store and load.
    """

    url: str
    template: str
    id_text: str  # "\nid1\nid2\n"
    link_text: str  # "path\tfragment\n" for each internal link
    problem: Diagnostic | None = None

    def has_id(self, fragment: str) -> bool:
        return f"\n{fragment}\n" in self.id_text

    def links(self) -> list[tuple[str, str]]:
        return [tuple(line.split("\t", 1)) for line in self.link_text.splitlines()]  # type: ignore[misc]


def page_links(url: str, template: str, html: str, base_path: str) -> PageLinks:
    ids = "\n" + "\n".join(sorted(set(ID.findall(html)))) + "\n"
    found = set()
    for path, fragment in _HREF.findall(html):
        if path.startswith(base_path + "/") and not path.startswith("//"):
            found.add(f"{path[len(base_path):]}\t{fragment}")
    return PageLinks(url, template, ids, "".join(f"{line}\n" for line in sorted(found)))


def _target(url: str, pages: Mapping[str, PageLinks]) -> str | None:
    return url if url in pages else url + "/" if url + "/" in pages else None


def check_markdown_links(docs: Iterable[Document], rendered: Mapping[str, Rendered],
                         base_path: str, pages: Mapping[str, PageLinks], files: Container[str],
                         report: Report) -> set[tuple[str, str]]:
    """Check the links of Markdown bodies; returns them, so they are not checked twice."""
    seen: set[tuple[str, str]] = set()
    for doc in docs:
        for link in rendered[doc.source.path].links:
            url = link.url
            if base_path and url.startswith(base_path + "/"):
                url = url[len(base_path):]
            seen.add((url, link.fragment))
            target = _target(url, pages)
            if target is None and url.lstrip("/") not in files:
                report.error(doc.source.path, link.line, link.col,
                             f"link '{link.href}': no page at {url}")
            elif link.fragment and (target is None or not pages[target].has_id(link.fragment)):
                report.error(doc.source.path, link.line, link.col,
                             f"link '{link.href}': no anchor #{link.fragment} on {url}")
    return seen


def check_rendered_links(checked: Iterable[PageLinks], pages: Mapping[str, PageLinks],
                         files: Container[str], known: set[tuple[str, str]],
                         report: Report) -> None:
    """Every internal link the templates wrote must resolve (Markdown's are checked already)."""
    broken: dict[tuple[str, str], list[PageLinks]] = {}
    for page in checked:
        for path, fragment in page.links():
            if (path, fragment) in known:
                continue
            target = _target(path, pages)
            if target is None and path.lstrip("/") not in files:
                broken.setdefault((path, ""), []).append(page)
            elif fragment and (target is None or not pages[target].has_id(fragment)):
                broken.setdefault((path, fragment), []).append(page)
    for (path, fragment), found in sorted(broken.items()):
        what = f"{path}#{fragment}" if fragment else path
        first = min(found, key=lambda r: r.url)
        more = f" (and {len(found) - 1} more pages)" if len(found) > 1 else ""
        report.error(f"templates/{first.template}", 0, 0,
                     f"page {first.url}{more} links to {what}, which does not exist")


def unchanged_targets(previous: dict[str, str], pages: dict[str, PageLinks],
                      files: set[str], previous_files: set[str]) -> bool:
    """True when every page and anchor of the last build is still there, so the links of
    a page reused unchanged cannot have broken."""
    if not previous_files <= files:
        return False
    for url, id_text in previous.items():
        page = pages.get(url)
        if page is None:
            return False
        if page.id_text != id_text and not all(
                page.has_id(i) for i in id_text.strip("\n").split("\n") if i):
            return False
    return True
