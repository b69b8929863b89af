"""The dev server's builder: keeps the last build in memory and redoes only what an edit touches.

An edited Markdown file is loaded again on its own, its body (and the bodies that link
to it) rendered again, the catalogue rebuilt (linear, milliseconds), and only the pages
whose recorded dependencies name what changed are looked at again; of those, only the
ones whose fingerprint changed are rendered, and only files whose bytes changed are
written, each by an atomic rename (the server may be reading it). An edited stylesheet
or script is copied. What cannot be narrowed down this way (templates, site.yaml and
the other YAML files, photos, static files added or removed) is a full build, which
is also where it starts. A failed update writes nothing and keeps the last good state;
its files are tried again with the next change.

`aze-site build` uses the same builder, resumed from the state the last build kept on
disk (state.py, incremental.py): there it never starts a full build itself.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from aze_site.content.loader import FileResult
from aze_site.errors import BuildFailed, Diagnostic, Report
from aze_site.files import atomic_write
from aze_site.images.making import make_photos
from aze_site.legacy.build import (
    CREDITS,
    BuildOptions,
    Built,
    build_kept,
    check_collisions,
    photo_usage,
    plan,
    published,
    render_markdown,
    write_data,
    write_indexes,
)
from aze_site.legacy.cache import MarkdownEntry, PageEntry
from aze_site.legacy.fingerprint import body_slots
from aze_site.legacy.rendering import CATALOGUE, DOCUMENTS, PageResult, Stage, listed, render_pages
from aze_site.legacy.snapshot import output_signature
from aze_site.legacy.state import Facts, Kept, RenderedView, Table, copy_of
from aze_site.model import AzeSite, Content, Document, NewsPost, Page
from aze_site.publish.tree import MemoryWriter, NullWriter
from aze_site.render.catalogue import (
    Catalogue,
    build_catalogue,
    listing_facts,
    replace_site,
    stabilize,
)
from aze_site.render.downloads import site_record
from aze_site.render.links import PageLinks, check_markdown_links, check_rendered_links
from aze_site.render.markdown import MarkdownRenderer
from aze_site.render.renderer import Renderer, SiteData
from aze_site.search import pagefind as search
from aze_site.search.job import swap_in
from aze_site.serve.server import Changes, Outcome
from aze_site.slugs import output_file

FOLDERS = ("pages", "news", "sites")  # content/<folder>/**/*.md: one document each
ENTITY_KINDS = {"site", "species", "country", "category", "group", "news"}  # one page per thing


class Pending(MemoryWriter):
    """Outputs of an update held in memory until every check has passed."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out

    def link(self, rel: str, source: Path) -> None:
        if source != self.out / rel:  # a page reused where it is needs nothing
            self.copy(rel, source)


def write_if_changed(out: Path, rel: str, data: bytes) -> bool:
    """Replace one output file atomically when its bytes differ; True when written."""
    target = out / rel
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(target, data)  # the server may be reading it
    return True


def remove_output(out: Path, rel: str) -> bool:
    target = out / rel
    try:
        target.unlink()
    except OSError:
        return False
    folder = target.parent
    while folder != out:  # the page's folder, if the page was all it held
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
    return True


def entity_keys(site: AzeSite, catalogues: Iterable[Catalogue]) -> set[str]:
    """The listings a site is in: its countries, species, and their categories and groups."""
    keys = {f"country:{iso3}" for iso3 in site.iso3}
    for sp in site.species:
        keys.add(f"species:{sp.name}")
        keys.add(f"category:{sp.status}")
        if sp.group:
            keys.add(f"group:{sp.group}")
        for cat in catalogues:  # the species' entry takes its facts from its first site
            entry = cat.species_by_name.get(sp.name)
            if entry is not None:
                keys.add(f"category:{entry.status}")
                if entry.group:
                    keys.add(f"group:{entry.group}")
    return keys


def settle() -> None:
    """Move the kept state out of the garbage collector's sight: with 20,000 sites in
    memory a full collection in the middle of an update would cost more than the update.
    (No collection first: that too would take longer than the update.)"""
    gc.freeze()


def content_kind(rel: str) -> str | None:
    """'pages', 'news' or 'sites' for a Markdown document's path; None for anything else."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == "content" and parts[1] in FOLDERS and rel.endswith(".md"):
        return parts[1]
    return None


class SearchRefresh:
    """Re-indexes the served site with Pagefind in the background, once edits pause.

    An update does not wait for it (indexing 5,000 pages takes seconds): the search page
    answers from the previous index until the new one is swapped in whole. It starts
    after QUIET seconds without an update, and an update stops it (to start again later),
    so the index never takes processor time from an editor's next save.
    """

    QUIET = 3.0

    def __init__(self, out: Path) -> None:
        self.out = out
        self.due = 0.0  # when to start, on the monotonic clock; 0: nothing to do
        self.stopped = threading.Event()
        self.poke = threading.Event()
        self.indexing: search.Indexing | None = None
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def request(self) -> None:
        """The pages changed: index them once edits pause."""
        with self.lock:
            self.due = time.monotonic() + self.QUIET
            self.poke.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="aze-serve-search",
                                               daemon=True)
                self.thread.start()

    def hold(self) -> None:
        """An update begins: stop indexing now (the pages are about to change)."""
        with self.lock:
            indexing = self.indexing
            if indexing is not None and indexing.working():
                indexing.kill()
                self.due = self.due or time.monotonic() + self.QUIET

    def _run(self) -> None:
        while not self.stopped.is_set():
            with self.lock:
                wait = self.due - time.monotonic() if self.due else None
                self.poke.clear()
            if wait is None:
                self.poke.wait()
                continue
            if wait > 0:
                self.poke.wait(wait)
                continue
            with self.lock:
                self.due = 0.0
            self._index()

    def _index(self) -> None:
        with tempfile.TemporaryDirectory(prefix=".aze-search-", dir=self.out.parent) as tmp:
            fresh = Path(tmp) / "index"
            with self.lock:
                if self.stopped.is_set():
                    return
                self.indexing = indexing = search.Indexing(self.out, fresh, nice=True)
            if indexing.finish() is not None:
                return  # stopped by an update (which asked again) or failed: the old one stays
            with self.lock:
                if self.due:  # pages changed while indexing: this index is already old
                    return
                swap_in(fresh, self.out / search.BUNDLE, Path(tmp) / "old")

    def close(self) -> None:
        with self.lock:
            self.stopped.set()
            self.poke.set()
            if self.indexing is not None:
                self.indexing.kill()
        if self.thread is not None:
            self.thread.join(10)


class NoSearchRefresh(SearchRefresh):
    """For a builder of `aze-site build`, which leaves the search index to indexer.py."""

    def request(self) -> None:
        pass


class FullBuildNeeded(Exception):
    """A resumed builder met a change it cannot narrow down (see incremental.py)."""


class LiveBuilder:
    """The dev server's builder (see the module's docstring)."""

    def __init__(self, root: Path, out: Path, jobs: int = 0, drafts: bool = True,
                 refresh_search: bool = True) -> None:
        self.root, self.out, self.jobs, self.drafts = root.resolve(), out, jobs, drafts
        self.resumed = False  # True: state from disk, and `aze-site build` does full builds
        self.state: Built | None = None
        self.base_url: str | None = None  # the server's address, set by the server
        self.retry: set[str] = set()  # content files of a failed update: loaded again next time
        self.dependents: dict[str, set[str]] = {}  # dependency key -> URLs of the pages using it
        self.markdown = MarkdownRenderer()  # made once: making one costs more than a page
        self.search = SearchRefresh(out) if refresh_search else NoSearchRefresh(out)
        self.linkers: dict[str, set[str]] = {}  # content file -> the bodies that link to it

    def _links(self, source: str, before: MarkdownEntry | None, after: MarkdownEntry | None) -> None:
        old = {f"content/{t}" for t in before.links} if before else set()
        new = {f"content/{t}" for t in after.links} if after else set()
        for target in old - new:
            self.linkers.get(target, set()).discard(source)
        for target in new - old:
            self.linkers.setdefault(target, set()).add(source)

    def _index(self, url: str, before: frozenset[str], after: frozenset[str]) -> None:
        for key in before - after:
            self.dependents.get(key, set()).discard(url)
        for key in after - before:
            self.dependents.setdefault(key, set()).add(url)

    # -- full builds --------------------------------------------------------------------
    def build_all(self) -> Outcome:
        started = time.perf_counter()
        self.state = None  # a failed full build leaves no state to update from
        try:
            result = build_kept(BuildOptions(root=self.root, out=self.out, jobs=self.jobs,
                                             drafts=self.drafts, base_url=self.base_url))
        except BuildFailed as failed:
            return Outcome(False, tuple(sorted(set(failed.report.items))), frozenset(),
                           time.perf_counter() - started)
        self.retry = set()
        if result.state is not None:
            self.adopt(result.state)
            result.state.stage.warm()  # the pages were hashed in worker processes: hash
        settle()                       # the shared listings here once, not in each update
        changed = frozenset(output_file(url) for url in (result.state.results if result.state else ()))
        return Outcome(True, tuple(sorted(set(result.report.items))), changed,
                       time.perf_counter() - started)

    def adopt(self, state: Built) -> None:
        """Take the state of a full build, and index its dependencies and links."""
        self.state, self.dependents, self.linkers = state, {}, {}
        for url, keys in state.deps.items():
            self._index(url, frozenset(), keys)
        for source, entry in state.markdown.items():
            self._links(source, None, entry)

    @classmethod
    def resume(cls, root: Path, out: Path, kept: Kept, tables: dict[str, Table[Any]],
               drafts: bool) -> LiveBuilder:
        """A builder that goes on from the state a build kept on disk (see state.py)."""
        builder = cls(root, out, drafts=drafts, refresh_search=False)
        builder.base_url = kept.base_url
        data = SiteData(root=builder.root, content=kept.content, catalogue=kept.catalogue,
                        rendered=RenderedView(tables["markdown"]), base_url=kept.base_url,
                        asset_versions=kept.asset_versions,
                        published_pages=kept.published_pages, news=kept.news)
        renderer = Renderer(data, builder.root / "templates")
        stage = Stage(renderer, NullWriter(), builder.root, builder.root / "templates",
                      tables["pages"], out, kept.templates_digest)
        kept.loader.report = Report()
        builder.state = Built(kept.loader, kept.files, kept.content, data, renderer, stage,
                              tables["markdown"], tables["pages"], tables["results"], kept.deps,
                              kept.specs, kept.statics, kept.outputs, kept.work, kept.report)
        builder.dependents, builder.linkers = kept.dependents, kept.linkers
        builder.resumed = True
        return builder

    def kept(self, version: str) -> Kept:
        """The state to keep on disk for the next build to resume from."""
        st = self.state
        assert st is not None
        data = st.data
        st.loader.files = None  # the build's file cache is not part of the state
        return Kept(version, "", output_signature(self.out), st.loader, st.files,
                    st.content, data.catalogue, data.base_url, data.asset_versions,
                    data.published_pages, data.news, st.specs, st.deps, self.dependents,
                    self.linkers, st.statics, st.outputs, st.work, st.report,
                    st.stage.templates_digest)

    def facts(self, summary: dict[str, int], splice: bool | None = None) -> Facts:
        """What a text edit needs of this state besides single rows (splice.py); `splice`:
        whether the templates allow splicing, when known (they did not change)."""
        st = self.state
        assert st is not None
        _, _, docs = published(st.content, self.drafts)
        urls = {d.source.path.removeprefix("content/"): d.url for d in docs}
        return Facts(st.loader, urls, st.data.base_path, st.content.images,
                     body_slots(st.renderer.env, self.root / "templates")
                     if splice is None else splice, summary)

    def narrow(self, changes: Changes) -> bool:
        """Whether `update` can redo only what these changes touch (else: a full build)."""
        state = self.state
        content = changes.content_added | changes.content_modified | changes.content_deleted
        static_changed = {rel for rel in changes.static
                          if (self.root / rel).is_file() == (rel.removeprefix("static/") in
                                                              (state.statics if state else {}))}
        # The dev server swaps a stylesheet in place; a build must give pages the file's
        # new version (asset URLs carry its hash), which every page shows: a full build.
        return (state is not None and not changes.templates and not changes.config
                and all(content_kind(rel) for rel in content | self.retry)
                and static_changed == set(changes.static)
                and not (self.resumed and changes.static))

    def close(self) -> None:
        self.search.close()
        self.state = None

    # -- updates --------------------------------------------------------------------------
    def update(self, changes: Changes) -> Outcome:
        state = self.state
        if state is None or not self.narrow(changes):
            return self.build_all()
        content = changes.content_added | changes.content_modified | changes.content_deleted
        return self._update(state, set(content) | self.retry, set(changes.static))

    def _update(self, st: Built, paths: set[str], statics: set[str]) -> Outcome:
        started = time.perf_counter()
        self.search.hold()
        report = Report()
        # The bodies linking to an edited file render again (the URL they link to may have
        # changed): they are loaded again too (a resumed state keeps no bodies).
        paths = paths | {source for rel in paths for source in self.linkers.get(rel, ())}
        files = dict(st.files)
        loader = st.loader
        loader.report = report
        for rel in sorted(paths):
            path = self.root / rel
            if path.is_symlink():
                files.pop(rel, None)
                report.error(rel, 0, 0, "symbolic links are not allowed in content/")
            elif not path.is_file():
                files.pop(rel, None)
            else:
                kind = content_kind(rel)
                load_one = {"pages": loader.page_file, "news": loader.news_file,
                            "sites": loader.site_file}[kind or "pages"]
                files[rel] = loader.load_isolated(path, load_one)
        content = self._content(st, files, report)
        pages, news, docs = published(content, self.drafts)
        data = st.data
        base_path = data.base_path
        markdown = copy_of(st.markdown)
        rendered = render_markdown([*docs, *content.invalid], report, base_path, content.images,
                                   markdown, only=paths, md=self.markdown)
        catalogue: Catalogue | None = data.catalogue
        # Only sites edited in place, listed as before: the same pages, no plan needed.
        same_pages = all(isinstance(_doc(st.files.get(rel)), AzeSite) for rel in paths)
        for rel in sorted(paths):
            old, new = _doc(st.files.get(rel)), _doc(files.get(rel))
            if (isinstance(old, AzeSite) and isinstance(new, AzeSite)
                    and listing_facts(old) == listing_facts(new) and catalogue is not None):
                catalogue = replace_site(catalogue, old, new)
            elif isinstance(old, AzeSite) or isinstance(new, AzeSite):
                catalogue = None  # the listings change: rebuilt, and untouched entries kept
                same_pages = False
                break
        if catalogue is None:
            catalogue = stabilize(build_catalogue(content.sites), data.catalogue)
        new_data = SiteData(root=data.root, content=content, catalogue=catalogue,
                            rendered=rendered, base_url=data.base_url,
                            asset_versions=data.asset_versions,  # frozen: CSS is swapped live
                            published_pages=tuple(pages), news=tuple(news))
        specs = st.specs if same_pages else [*plan(new_data), CREDITS]
        urls = [s.url for s in specs]
        same_pages = same_pages or urls == [s.url for s in st.specs]
        old_by_url = {s.url: s for s in st.specs}
        if not same_pages:
            check_collisions(specs, new_data, {rel: f"static/{rel}" for rel in st.statics}, report)

        keys = set(paths)
        # Listings show a document's fields, never its body (see rendering.listed): when
        # only bodies changed, only the pages whose own document changed can change.
        if not all(text_only(st.files.get(rel), files.get(rel)) for rel in paths):
            kinds = {content_kind(rel) for rel in paths}
            keys |= {CATALOGUE} if "sites" in kinds else set()
            keys |= {DOCUMENTS} if kinds & {"pages", "news"} else set()
            for rel in paths:
                for doc in (_doc(st.files.get(rel)), _doc(files.get(rel))):
                    if isinstance(doc, AzeSite):
                        keys |= entity_keys(doc, (data.catalogue, catalogue))
        membership = (any((rel in st.files) != (rel in files) for rel in paths)
                      or any(isinstance(_doc(files.get(rel)), NewsPost | Page) for rel in paths))
        wanted = {url for key in keys for url in self.dependents.get(key, ())}
        todo = [s for s in specs[:-1]
                if s.url in wanted or (membership and s.kind not in ENTITY_KINDS)
                or not same_pages and old_by_url.get(s.url) != s]

        renderer, stage = st.renderer, st.stage
        renderer.use(new_data)
        if stage.site_wide_digest() != stage.site_wide:  # e.g. the criteria page moved
            renderer.use(data)
            if self.resumed:
                raise FullBuildNeeded
            return self.build_all()
        stage.pin()
        pending = Pending(self.out)
        try:
            stage.writer, stage.previous, stage.previous_out = pending, st.pages, self.out
            stage.digester.drop(replaced(st, files, paths, catalogue))
            done = render_pages(stage, todo)
            results = copy_of(st.results)
            if not same_pages:
                for url in set(results) - set(urls):
                    del results[url]
            results.update({r.result.page.url: r.result for r in done})
            gone = set(st.results) - set(results)
            touched = [url for url in gone] + [r.result.page.url for r in done if not r.reused]
            if any(_photos_shown(st.results.get(url)) != _photos_shown(results.get(url))
                   for url in touched):  # the credits page lists the pages of each photo
                renderer.photo_usage = photo_usage([r for url, r in results.items()
                                                    if url != CREDITS.url])
                done += render_pages(stage, [CREDITS])
                results[CREDITS.url] = done[-1].result
            # The last state had no problem (it was published): only pages just rendered can.
            report.items.extend(r.result.page.problem for r in done if r.result.page.problem)
            fresh = [r for r in done if not r.reused]
            pages_by_url = LinksView(results)
            derivatives = {d for r in fresh for d in r.result.derivatives}
            cards = {c for r in fresh for c in r.result.cards}
            unused = (_photo_files(st.results.get(url) for url in touched)
                      - _photo_files(results.get(url) for url in touched))
            if unused:  # photos are shared: only files no other page shows are unused
                unused -= _photo_files(results.values())
            outputs = (st.outputs - unused) | {d.path for d in derivatives} | {c.path for c in cards}
            md_docs = [d for d in (*pages, *news, *catalogue.sites, *content.invalid)
                       if d.source.path in paths]
            known = check_markdown_links(md_docs, rendered, base_path, pages_by_url, outputs,
                                         report)
            moved = any(r.result.page.id_text != st.results[r.result.page.url].page.id_text
                        for r in fresh if r.result.page.url in st.results)
            checked = (pages_by_url.values() if gone or moved else [r.result.page for r in fresh])
            check_rendered_links(checked, pages_by_url, outputs, known, report)
            if not report.errors:
                make_photos(st.work, derivatives, cards, 1, report)
            if report.errors:
                raise BuildFailed(report)
        except BaseException as exc:
            renderer.use(data)
            self.retry |= paths
            if isinstance(exc, BuildFailed):
                return Outcome(False, self._diagnostics(st, report), frozenset(),
                               time.perf_counter() - started)
            raise
        finally:
            stage.writer = NullWriter()

        for d in derivatives:
            pending.link(d.path, st.work.cache / d.name)
        for c in cards:
            pending.copy(c.path, st.work.cache / c.path)
        for rel in sorted(statics):
            pending.copy(rel.removeprefix("static/"), self.root / rel)
        if membership or any(_record(st.files.get(rel), data.base_url)
                             != _record(files.get(rel), data.base_url) for rel in paths):
            write_data(pending, new_data)
        if membership or set(old_by_url) != set(urls) or any(
                _dates(st.files.get(rel)) != _dates(files.get(rel)) for rel in paths):
            write_indexes(pending, new_data, renderer, specs)

        changed = {rel for rel, blob in pending.files.items() if write_if_changed(self.out, rel, blob)}
        changed |= {output_file(url) for url in gone if remove_output(self.out, output_file(url))}
        changed |= {rel for rel in unused if remove_output(self.out, rel)}
        entries = copy_of(st.pages)
        for url in gone:
            entries.pop(url, None)
        for item in done:
            url = item.result.page.url
            if item.entry is None:
                entries.pop(url, None)
            elif not item.reused:
                stat = os.stat(self.out / item.entry.file)
                entries[url] = PageEntry(item.entry.fingerprint, item.entry.file,
                                         (stat.st_mtime_ns, stat.st_size), item.result,
                                         item.entry.frame)
        for source in paths:
            self._links(source, st.markdown.get(source), markdown.get(source))
        deps = st.deps if same_pages else {url: d for url, d in st.deps.items() if url in results}
        for url in gone:
            self._index(url, st.deps.get(url, frozenset()), frozenset())
        for item in done:
            url = item.result.page.url
            self._index(url, st.deps.get(url, frozenset()), item.deps)
            deps[url] = item.deps
        self.state = dataclasses.replace(
            st, files=files, content=content, data=new_data, markdown=markdown, pages=entries,
            results=results, deps=deps, specs=specs, outputs=outputs)
        self.retry = set()
        settle()
        if any(rel.endswith(".html") for rel in changed):
            self.search.request()
        return Outcome(True, self._diagnostics(st, report), frozenset(changed),
                       time.perf_counter() - started)

    def _content(self, st: Built, files: dict[str, FileResult], report: Report) -> Content:
        """The model with the documents of `files`, and the checks across files run again."""
        by_kind: dict[str, list[Document]] = {kind: [] for kind in FOLDERS}
        invalid = []
        for rel in sorted(files):
            result = files[rel]
            report.items.extend(result.diagnostics)
            if result.invalid is not None:
                invalid.append(result.invalid)
            if result.doc is not None:
                by_kind[content_kind(rel) or "pages"].append(result.doc)
        pages = [d for d in by_kind["pages"] if isinstance(d, Page)]
        sites = [d for d in by_kind["sites"] if isinstance(d, AzeSite)]
        st.loader.warn_shared_species(sites)
        audiences = st.loader.load_audiences(pages)
        return dataclasses.replace(
            st.content, pages=tuple(pages), sites=tuple(sites), audiences=audiences,
            news=tuple(d for d in by_kind["news"] if isinstance(d, NewsPost)),
            invalid=tuple(invalid))

    @staticmethod
    def _diagnostics(st: Built, report: Report) -> tuple[Diagnostic, ...]:
        """This update's diagnostics with those of the YAML files, which it did not load."""
        fixed = [d for d in st.report.items
                 if d.path.startswith("content/") and not d.path.endswith(".md")
                 and d.path != "content/audiences.yaml"]
        return tuple(sorted(set(fixed) | set(report.items)))


def replaced(st: Built, files: dict[str, FileResult], paths: set[str],
             catalogue: Catalogue) -> list[object]:
    """Model objects of the last state that the new one no longer holds."""
    old: list[object] = [doc for rel in paths if (doc := _doc(st.files.get(rel))) is not None
                         and doc is not _doc(files.get(rel))]
    now = {id(e) for e in (*catalogue.species, *catalogue.countries, *catalogue.categories,
                           *catalogue.groups)}
    before = st.data.catalogue
    old += [e for e in (*before.species, *before.countries, *before.categories, *before.groups)
            if id(e) not in now]
    return old


class LinksView(Mapping[str, PageLinks]):
    """The links and anchors of each page, by URL, read from the page results when asked
    (a resumed state loads a page's record only when a link points at it)."""

    def __init__(self, results: Mapping[str, PageResult]) -> None:
        self.results = results

    def __getitem__(self, url: str) -> PageLinks:
        return self.results[url].page

    def __contains__(self, url: object) -> bool:
        return url in self.results

    def __iter__(self) -> Iterator[str]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def text_only(before: FileResult | None, after: FileResult | None) -> bool:
    """Whether only the body of a document changed (listings show all but the body)."""
    old, new = _doc(before), _doc(after)
    return (old is not None and new is not None and type(old) is type(new)
            and not after.diagnostics and listed(old) == listed(new))  # type: ignore[union-attr]


def _photo_files(results: Iterable[PageResult | None]) -> set[str]:
    """The photo derivatives and social cards these pages show."""
    return {path for r in results if r is not None
            for path in (*(d.path for d in r.derivatives), *(c.path for c in r.cards))}


def _photos_shown(result: PageResult | None) -> tuple[str, frozenset[str]] | None:
    """What the credits page says of a page: its title and the photos it shows."""
    return (result.title, result.photos) if result is not None and result.photos else None


def _dates(result: FileResult | None) -> object:
    """What the sitemap and the feed take from a document beyond its URL."""
    doc = _doc(result)
    if isinstance(doc, AzeSite):  # the pages listing a site take their lastmod from it
        return (doc.updated, doc.iso3, tuple(sp.name for sp in doc.species))
    return None if doc is None else (doc.updated, getattr(doc, "date", None))


def _doc(result: FileResult | None) -> Document | None:
    return result.doc if result is not None else None


def _record(result: FileResult | None, base_url: str) -> object:
    doc = _doc(result)
    return site_record(doc, base_url) if isinstance(doc, AzeSite) else None

