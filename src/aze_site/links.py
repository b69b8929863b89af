"""Link checks: every internal link, in Markdown and in rendered HTML, reaches a page
and its anchor. Linear in the number of links: targets are looked up in sets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from aze_site.errors import Diagnostic, Report
from aze_site.markdown import Rendered
from aze_site.model import Document

ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\s(?:href|src)="([^"#?]*)(?:\?[^"#]*)?(?:#([^"]*))?"')


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What a rendered page offers to links (its ids) and what it links to."""

    url: str
    template: str
    ids: frozenset[str]
    links: frozenset[tuple[str, str]]  # internal (path, fragment) pairs
    problem: Diagnostic | None = None


def internal_links(html: str, base_path: str) -> frozenset[tuple[str, str]]:
    found = set()
    for path, fragment in _HREF.findall(html):
        if path.startswith(base_path + "/") and not path.startswith("//"):
            found.add((path[len(base_path):], fragment))
    return frozenset(found)


def _target(url: str, ids: dict[str, frozenset[str]]) -> str | None:
    return url if url in ids else url + "/" if url + "/" in ids else None


def check_markdown_links(docs: Iterable[Document], rendered: dict[str, Rendered], base_path: str,
                         ids: dict[str, frozenset[str]], files: set[str],
                         report: Report) -> set[tuple[str, str]]:
    """Check the links of Markdown bodies; returns them, so they are not checked twice."""
    seen: set[tuple[str, str]] = set()
    for doc in docs:
        for link in rendered[doc.source.path].links:
            url = link.url
            if base_path and url.startswith(base_path + "/"):
                url = url[len(base_path):]
            seen.add((url, link.fragment))
            target = _target(url, ids)
            if target is None and url.lstrip("/") not in files:
                report.error(doc.source.path, link.line, link.col,
                             f"link '{link.href}': no page at {url}")
            elif link.fragment and link.fragment not in ids.get(target or "", frozenset()):
                report.error(doc.source.path, link.line, link.col,
                             f"link '{link.href}': no anchor #{link.fragment} on {url}")
    return seen


def check_rendered_links(pages: list[PageLinks], ids: dict[str, frozenset[str]], files: set[str],
                         known: set[tuple[str, str]], report: Report) -> None:
    """Every internal link the templates wrote must resolve (Markdown's are checked already)."""
    broken: dict[tuple[str, str], list[PageLinks]] = {}
    for page in pages:
        for path, fragment in page.links - known:
            target = _target(path, ids)
            if target is None and path.lstrip("/") not in files:
                broken.setdefault((path, ""), []).append(page)
            elif fragment and fragment not in ids.get(target or "", frozenset()):
                broken.setdefault((path, fragment), []).append(page)
    for (path, fragment), found in sorted(broken.items()):
        what = f"{path}#{fragment}" if fragment else path
        first = min(found, key=lambda r: r.url)
        more = f" (and {len(found) - 1} more pages)" if len(found) > 1 else ""
        report.error(f"templates/{first.template}", 0, 0,
                     f"page {first.url}{more} links to {what}, which does not exist")
