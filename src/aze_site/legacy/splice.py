"""The quickest update: documents whose text alone changed, without loading the site.

Editors mostly change the text of a page or a site. Every page other than the
document's own shows all of it but its body (rendering.listed), so then only its own
page can change, and there only where the body is: when the templates show a body only
as it is (`{{ rendered(doc) }}`, checked in their syntax trees by fingerprint.body_slots)
and the summary, contents, photos and link targets of the text are those of the last
build, the new page is the last one with the old body replaced by the new. That takes a
few rows of the kept state (state.Store), not the 20,000 sites: the new page's links
are checked against the pages' recorded links and anchors, and its fingerprint is
recorded as a full build would make it (its frame with the new body).

Anything else, or any doubt (a file not as the last build left it, the old body not
found exactly once), returns None: the caller takes the general path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from aze_site.content.loader import FileResult
from aze_site.errors import BuildFailed, Report
from aze_site.files import atomic_write
from aze_site.legacy.build import BodyJob, markdown_entry
from aze_site.legacy.cache import MarkdownEntry, PageEntry
from aze_site.legacy.rendering import PageResult, with_body
from aze_site.legacy.state import DocRow, Store, doc_row
from aze_site.model import AzeSite, Document, Page
from aze_site.render.links import PageLinks, check_markdown_links, check_rendered_links, page_links

KINDS = {"sites": AzeSite, "pages": Page}  # news bodies are in the feed too: not here


@dataclass(frozen=True)
class Spliced:
    written: list[str]  # output files replaced
    report: Report


class _Links(Mapping[str, PageLinks]):
    """Every page's links and anchors, read from the store when a link points there."""

    def __init__(self, store: Store, fresh: dict[str, PageLinks]) -> None:
        self.store, self.fresh = store, fresh
        self.known: dict[str, PageLinks | None] = {}

    def _get(self, url: str) -> PageLinks | None:
        if url in self.fresh:
            return self.fresh[url]
        if url not in self.known:
            result = self.store.row("results", url)
            self.known[url] = result.page if result is not None else None
        return self.known[url]

    def __getitem__(self, url: str) -> PageLinks:
        found = self._get(url)
        if found is None:
            raise KeyError(url)
        return found

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._get(url) is not None

    def __iter__(self) -> Iterator[str]:
        raise TypeError("not listed: looked up one by one")

    def __len__(self) -> int:
        raise TypeError("not listed: looked up one by one")


class _Published:
    """The files of the published site (a link to a file resolves if it is there)."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def __contains__(self, rel: object) -> bool:
        return (isinstance(rel, str) and not rel.startswith("/") and ".." not in rel.split("/")
                and (self.out / rel).is_file())


def update(store: Store, root: Path, out: Path, modified: set[str]) -> Spliced | None:
    """Splice the new texts of `modified` (content paths) into their pages; None when this
    path does not apply. Raises BuildFailed (nothing written) for problems in the texts."""
    facts = store.facts
    if not facts.splice or not modified:
        return None
    report = Report()
    loader = facts.loader
    loader.report = report
    job = BodyJob(facts.urls, facts.base_path, facts.images)
    pages: dict[str, tuple[bytes, PageEntry, PageResult, PageLinks, str]] = {}
    docs: list[Document] = []
    rows: dict[str, dict[str, object]] = {"markdown": {}, "pages": {}, "results": {}}
    for rel in sorted(modified):
        parts = rel.split("/")
        kind = KINDS.get(parts[1]) if len(parts) >= 3 and parts[0] == "content" else None
        if kind is None or not rel.endswith(".md"):
            return None
        old: DocRow | None = store.row("docs", rel)
        path = root / rel
        if old is None or not old.clean or path.is_symlink() or not path.is_file():
            return None
        loaded: FileResult = loader.load_isolated(
            path, loader.site_file if kind is AzeSite else loader.page_file)
        doc = loaded.doc
        if not isinstance(doc, AzeSite | Page) or type(doc) is not kind or doc_row(loaded) != old:
            return None  # more than the text changed (or it no longer loads)
        before: MarkdownEntry | None = store.row("markdown", rel)
        entry: PageEntry | None = store.row("pages", doc.url)
        result: PageResult | None = store.row("results", doc.url)
        if before is None or entry is None or result is None or not entry.frame:
            return None  # a draft, or a state without what this needs
        fresh = job.render(doc)
        for line, col, message in fresh.problems:
            report.error(rel, line, col, message)
        was = before.rendered
        if (fresh.summary, fresh.toc, fresh.photos, fresh.photo_refs, dict(fresh.deps)) != (
                was.summary, was.toc, was.photos, was.photo_refs, before.links):
            return None  # more of the page than its body changes
        target = out / entry.file
        try:
            stat = target.stat()
            page = target.read_bytes()
        except OSError:
            return None
        old_body = was.html.encode()
        if (stat.st_mtime_ns, stat.st_size) != entry.signature or page.count(old_body) != 1:
            return None
        start = page.index(old_body)
        new_page = page[:start] + fresh.html.encode() + page[start + len(old_body):]
        links = page_links(doc.url, result.page.template, new_page.decode(), facts.base_path)
        pages[doc.url] = (new_page, entry, result, links, fresh.html)
        rows["markdown"][rel] = markdown_entry(doc, fresh, facts.base_path, facts.images)
        docs.append(doc)
    if report.errors:
        raise BuildFailed(report)
    links_by_url = _Links(store, {url: item[3] for url, item in pages.items()})
    published = _Published(out)
    rendered = {rel: md.rendered for rel, md in rows["markdown"].items()
                if isinstance(md, MarkdownEntry)}
    known = check_markdown_links(docs, rendered, facts.base_path, links_by_url, published,
                                 report)
    check_rendered_links([item[3] for item in pages.values()], links_by_url, published, known,
                         report)
    if report.errors:
        raise BuildFailed(report)
    written = []
    for url, (data, entry, result, links, body) in pages.items():
        target = out / entry.file
        if data == target.read_bytes():
            continue  # touched, not changed
        atomic_write(target, data)
        stat = target.stat()
        new_result = replace(result, page=links)
        rows["pages"][url] = PageEntry(with_body(entry.frame, body), entry.file,
                                       (stat.st_mtime_ns, stat.st_size), new_result, entry.frame)
        rows["results"][url] = new_result
        written.append(entry.file)
    signatures = {}
    for rel in modified:
        stat = (root / rel).stat()
        signatures[rel] = (stat.st_mtime_ns, stat.st_size)
    store.write(rows, signatures)
    return Spliced(sorted(written), report)
