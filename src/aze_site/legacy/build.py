"""The one orchestrator: load -> validate -> plan -> render -> check links -> publish.

Nothing is written to the output folder until every check has passed; pages are
rendered into a staging folder that replaces the output in one atomic swap.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aze_site.content.loader import FileCache, FileResult, Loader
from aze_site.errors import BuildFailed, Diagnostic, Report, UsageError
from aze_site.images.making import PhotoStats, PhotoWork, make_photos
from aze_site.images.planner import PictureView, Planner, photo_problem
from aze_site.legacy.cache import BuildCache, MarkdownEntry, PageEntry, version_key
from aze_site.legacy.rendering import PageResult, Stage, render_pages
from aze_site.legacy.rendering import Rendered as RenderedPage
from aze_site.legacy.snapshot import (
    PHOTO_CACHE,
    LastBuild,
    inputs_digest,
    output_signature,
    read_last,
    write_last,
)
from aze_site.legacy.state import RenderedView
from aze_site.model import Content, Document, Image, NewsPost, Page
from aze_site.publish.tree import MemoryWriter, NullWriter, StagingWriter, Writer
from aze_site.render import paging
from aze_site.render.catalogue import build_catalogue
from aze_site.render.discovery import data_terms
from aze_site.render.downloads import DATA_FILES, MAP_DATA, data_files
from aze_site.render.feeds import FeedEntry, SitemapEntry, atom_feed, robots, sitemap
from aze_site.render.links import check_markdown_links, check_rendered_links, unchanged_targets
from aze_site.render.markdown import MarkdownRenderer, Rendered
from aze_site.render.renderer import PageSpec, Renderer, SiteData
from aze_site.search import pagefind as search
from aze_site.slugs import output_file
from aze_site.workers import parallel_map

FEED_URL = "/feed.xml"
CACHE_DIR = ".aze-cache"
CREDITS = PageSpec("/credits/", "credits.html", "credits")


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    jobs: int = 0  # 0: all cores
    cache: bool = True  # False: ignore the build cache (--no-cache)
    dry_run: bool = False  # validate and render everything, write nothing (`check`)
    search: bool = True  # False: no search index (--no-search, for quick previews)
    wait_search: bool = False  # an update indexes search before returning (--wait-for-search)
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total)


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    files: int = 0
    images: int = 0
    images_processed: int = 0
    cards: int = 0
    reused: int = 0  # pages whose last output was still right
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    seconds: float = 0.0
    out: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    search: search.SearchOutcome = field(default_factory=lambda: search.SearchOutcome("off"))
    state: Built | None = None  # with keep=True: what the dev server rebuilds from
    written: list[str] = field(default_factory=list)  # an incremental build's changed files
    how: str = "full build"  # or "update" / "text edit" (incremental.py)


@dataclass
class Built:
    """What one build knew: the dev server keeps it to redo only what an edit touches."""

    loader: Loader
    files: dict[str, FileResult]  # each Markdown file as loaded, by its path
    content: Content
    data: SiteData
    renderer: Renderer
    stage: Stage
    markdown: MutableMapping[str, MarkdownEntry]  # rendered bodies, by source path
    pages: MutableMapping[str, PageEntry]  # by URL
    results: MutableMapping[str, PageResult]  # by URL
    deps: dict[str, frozenset[str]]  # by URL: keys of what the page shows
    specs: list[PageSpec]
    statics: dict[str, Path]
    outputs: set[str]  # every file that is not a page (static, photos, cards, data, search)
    work: PhotoWork
    report: Report


class _Recorder:
    """A FileCache that remembers every file's result for the dev server's state."""

    def __init__(self, inner: FileCache | None) -> None:
        self.inner = inner
        self.seen: dict[str, FileResult] = {}

    def get(self, rel: str, path: Path, context: str) -> FileResult | None:
        result = self.inner.get(rel, path, context) if self.inner else None
        if result is not None:
            self.seen[rel] = result
        return result

    def put(self, rel: str, path: Path, context: str, result: FileResult) -> None:
        self.seen[rel] = result
        if self.inner:
            self.inner.put(rel, path, context, result)


def resolve_out(root: Path, out: Path | None) -> Path:
    """The output folder, refused where replacing it could destroy sources."""
    root = root.resolve()
    target = (out if out is not None else root / "public").resolve()
    if target == root or target in root.parents:
        raise UsageError(f"--out {target} would replace the project itself")
    for source in ("content", "templates", "static", "src", "tests", ".git"):
        guarded = root / source
        if target == guarded or guarded in target.parents or target in guarded.parents:
            raise UsageError(f"--out {target} overlaps the project's {source}/ folder")
    if target != root / "public" and target.is_dir() and any(target.iterdir()):
        if not (target / "sitemap.xml").is_file() or not (target / "index.html").is_file():
            raise UsageError(f"--out {target} is a folder that aze-site did not make: "
                             "choose an empty or new folder")
    return target


def published(content: Content, drafts: bool) -> tuple[list[Page], list[NewsPost], list[Document]]:
    pages = [p for p in content.pages if drafts or not p.draft]
    news = sorted((n for n in content.news if drafts or not n.draft),
                  key=lambda n: (n.date, n.slug), reverse=True)
    sites = [s for s in content.sites if drafts or not s.draft]
    return pages, news, [*pages, *news, *sites]


@dataclass
class BodyJob:
    """What rendering a body needs; shared with forked workers (see workers.py)."""

    urls: dict[str, str]  # content path (without content/) -> page URL
    base_path: str
    images: dict[str, Image]
    md: MarkdownRenderer | None = None

    def picture(self, key: str) -> PictureView | str:
        problem = photo_problem(self.images, key)
        planner = Planner(self.images, lambda url: self.base_path + url)
        view = None if problem else planner.picture(key, "content")
        return view or problem or f"photo '{key}' cannot be shown"

    def render(self, doc: Document) -> Rendered:
        self.md = self.md or MarkdownRenderer()
        return self.md.render(doc.source.path.removeprefix("content/"), doc.url, doc.body,
                              doc.body_line, self.urls, self.base_path, self.picture)


def _body_key(doc: Document) -> str:
    return hashlib.sha256(f"{doc.url}\0{doc.body_line}\0{doc.body}".encode()).hexdigest()


def markdown_entry(doc: Document, result: Rendered, base_path: str,
                   images: dict[str, Image]) -> MarkdownEntry:
    """What the cache remembers of a rendered body, to know when it must render again."""
    return MarkdownEntry(_body_key(doc), base_path, dict(result.deps),
                         {k: repr(images.get(k)) for k in result.photo_refs}, result)


def _render_bodies(job: BodyJob, docs: list[Document]) -> list[Rendered]:
    return [job.render(doc) for doc in docs]


def render_markdown(docs: Iterable[Document], report: Report, base_path: str = "",
                    images: dict[str, Image] | None = None,
                    cache: MutableMapping[str, MarkdownEntry] | None = None,
                    only: set[str] | None = None,
                    md: MarkdownRenderer | None = None,
                    jobs: int = 1) -> Mapping[str, Rendered]:
    """Every body as HTML; a body is rendered again only when it, or what it links to, changed.

    Bodies to render are spread over `jobs` processes. With `only` (source paths) and
    `cache`, the other bodies are known unchanged (the dev server knows what an edit
    touched): they stay in the cache, read when a page shows them.
    """
    docs = list(docs)
    images = images or {}
    job = BodyJob({d.source.path.removeprefix("content/"): d.url for d in docs}, base_path,
                  images, md)

    def photo_fact(key: str) -> str:
        return repr(images.get(key))

    out: dict[str, Rendered] = {}
    todo: list[tuple[Document, str]] = []
    for doc in docs:
        if only is not None and cache is not None and doc.source.path not in only \
                and doc.source.path in cache:
            continue  # unchanged, and read from the cache only when a page shows it
        body_key = _body_key(doc)
        entry = cache.get(doc.source.path) if cache is not None else None
        if (entry is not None and entry.body_sha == body_key and entry.base_path == base_path
                and all(job.urls.get(t) == u for t, u in entry.links.items())
                and all(photo_fact(k) == f for k, f in entry.photos.items())):
            out[doc.source.path] = entry.rendered
        else:
            todo.append((doc, body_key))
    fresh = parallel_map(_render_bodies, [doc for doc, _ in todo], job, jobs, min_items=64)
    for (doc, _), result in zip(todo, fresh, strict=True):
        out[doc.source.path] = result
        if cache is not None:
            cache[doc.source.path] = markdown_entry(doc, result, base_path, images)
    for doc in docs:  # in the order of the documents, whatever was rendered where
        for line, col, message in out[doc.source.path].problems if doc.source.path in out else ():
            report.error(doc.source.path, line, col, message)
    if only is not None and cache is not None:
        present = {d.source.path for d in docs}
        for gone in only - present:
            cache.pop(gone, None)
        return RenderedView(cache)
    return {d.source.path: out[d.source.path] for d in docs}


def plan(data: SiteData) -> list[PageSpec]:
    specs = []
    for page in data.published_pages:
        if isinstance(page, Page):
            template = {"home": "home.html", "criteria": "criteria.html",
                        "partners": "partners.html"}.get(page.layout, "page.html")
            specs.append(PageSpec(page.url, template, "page", page.url))
    cat = data.catalogue
    specs.append(PageSpec(paging.INDEX_URL, "sites.html", "sites"))
    specs += [PageSpec(url, "sites.html", "sites", str(n))  # more pages of a big index
              for n, url in enumerate(paging.page_urls(len(cat.sites)), 1) if n > 1]
    specs += [PageSpec(s.url, "site.html", "site", s.slug) for s in cat.sites]
    specs.append(PageSpec("/species/", "species_index.html", "species-index"))
    specs += [PageSpec(sp.url, "species.html", "species", sp.name) for sp in cat.species]
    specs.append(PageSpec("/countries/", "countries.html", "countries"))
    specs += [PageSpec(c.url, "country.html", "country", c.iso3) for c in cat.countries]
    specs.append(PageSpec("/red-list/", "categories.html", "categories"))
    specs += [PageSpec(c.url, "category.html", "category", c.code) for c in cat.categories]
    specs.append(PageSpec("/groups/", "groups.html", "groups"))
    specs += [PageSpec(g.url, "group.html", "group", g.code) for g in cat.groups]
    specs.append(PageSpec("/news/", "news_index.html", "news-index"))
    specs += [PageSpec(n.url, "news.html", "news", n.url) for n in data.news]
    specs.append(PageSpec(search.SEARCH_URL, "search.html", "search"))
    specs.append(PageSpec("/404.html", "404.html", "404"))
    return specs


def static_files(root: Path, report: Report) -> dict[str, Path]:
    base = root / "static"
    found: dict[str, Path] = {}
    if not base.is_dir():
        return found
    real_base = base.resolve()
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        if path.is_symlink() and real_base not in path.resolve().parents:
            report.error(f"static/{rel}", 0, 0, "symbolic link points outside static/")
        elif path.is_file():
            found[rel] = path
    return found


def check_collisions(specs: list[PageSpec], data: SiteData, extra: dict[str, str],
                     report: Report) -> None:
    origin: dict[str, str] = {}
    sources = {d.url: d.source.path for d in data.published_pages}
    sources.update({d.url: d.source.path for d in data.news})
    for spec in specs:
        rel = output_file(spec.url)
        what = sources[spec.url] if spec.kind in ("page", "news") else f"the {spec.kind} page"
        _claim(origin, rel, what, report)
    for rel, what in extra.items():
        _claim(origin, rel, what, report)


def _claim(origin: dict[str, str], rel: str, what: str, report: Report) -> None:
    if rel in origin:
        path = what if what.startswith(("content/", "static/")) else origin[rel]
        other = origin[rel] if path == what else what
        report.error(path, 1, 0, f"output file {rel} is also produced by {other}")
    else:
        origin[rel] = what


def build_kept(options: BuildOptions) -> BuildResult:
    """A full build that also returns its state (`BuildResult.state`), for the dev server."""
    started = time.perf_counter()
    root = options.root.resolve()
    out = resolve_out(root, options.out)
    templates = root / "templates"
    if not templates.is_dir():
        raise UsageError(f"templates/ folder not found in {root} (is --root right?)")
    with cache_folder(root, options.cache) as cache:
        return _build(options, None, root, out, templates, cache, started, keep=True)


def build(options: BuildOptions, memory: MemoryWriter | None = None) -> BuildResult:
    """Build the site; raises BuildFailed (nothing published) or UsageError.

    With `memory`, every output goes into that writer instead of the output folder.
    """
    started = time.perf_counter()
    root = options.root.resolve()
    out = resolve_out(root, options.out)
    templates = root / "templates"
    if not templates.is_dir():
        raise UsageError(f"templates/ folder not found in {root} (is --root right?)")
    if not options.cache or options.dry_run or memory is not None:
        with cache_folder(root, options.cache) as cache:
            return _build(options, memory, root, out, templates, cache, started)
    cache_dir = root / CACHE_DIR
    inputs = inputs_digest(root, build_key(options, root, out))
    last = read_last(cache_dir)
    done = up_to_date(last, inputs, root, out, options, started)
    if done is not None:
        return done
    result = _build(options, memory, root, out, templates, cache_dir, started)
    remember(cache_dir, root, inputs, out, result)
    return result


def build_key(options: BuildOptions, root: Path, out: Path) -> str:
    """aze-site's and its dependencies' versions and the options that change the output."""
    settings = dataclasses.replace(options, root=root, out=out, jobs=0, progress=None,
                                   wait_search=False)
    return repr((version_key(), settings))


def up_to_date(last: LastBuild | None, inputs: str, root: Path, out: Path,
               options: BuildOptions, started: float) -> BuildResult | None:
    """The last build's summary when nothing changed since it (the no-op check)."""
    if (last is None or last.inputs != inputs or last.out != output_signature(out)
            or last.photos != inputs_digest(root, "", PHOTO_CACHE)):
        return None
    s = last.summary
    return BuildResult(Report(last.diagnostics()), pages=s["pages"], files=s["files"],
                       images=s["images"], cards=s["cards"], reused=s["pages"],
                       unchanged=True, out=out, seconds=time.perf_counter() - started,
                       search=search.SearchOutcome("reused" if options.search else "off"))


def remember(cache_dir: Path, root: Path, inputs: str, out: Path, result: BuildResult,
             photos: str | None = None) -> None:
    """What the next build's no-op check compares with (`photos`: the photo cache's
    digest when known unchanged)."""
    warnings = [d.as_dict() for d in result.report.warnings]
    photos = photos if photos is not None else inputs_digest(root, "", PHOTO_CACHE)
    write_last(cache_dir, LastBuild(inputs, photos, output_signature(out), summary_of(result),
                                    warnings))


def summary_of(result: BuildResult) -> dict[str, int]:
    """The counts a build's summary prints, as the no-op check and the kept state keep them."""
    return {"pages": result.pages, "files": result.files, "images": result.images,
            "cards": result.cards}


@contextmanager
def cache_folder(root: Path, enabled: bool) -> Iterator[Path]:
    """The persistent cache, or a throw-away one for --no-cache."""
    if enabled:
        yield root / CACHE_DIR  # made by the first write into it
    else:
        with tempfile.TemporaryDirectory(prefix="aze-cache-") as tmp:
            yield Path(tmp)


def _build(options: BuildOptions, memory: MemoryWriter | None, root: Path, out: Path,
           templates: Path, cache_dir: Path, started: float, keep: bool = False) -> BuildResult:
    report = Report()
    cache = BuildCache(cache_dir) if options.cache else None
    recorder = _Recorder(cache)
    loader = Loader(root, report, cache_dir / "images", recorder if keep else cache,
                    not options.dry_run)
    loader.jobs = 1 if memory else options.jobs or os.cpu_count() or 1
    content = loader.load()
    if content is None:
        raise BuildFailed(report)
    markdown = cache.data.markdown if cache else ({} if keep else None)
    pages, news, docs = published(content, options.drafts)
    base_url = options.base_url or content.config.base_url
    if not base_url.endswith("/"):
        base_url += "/"
    base_path = urlsplit(base_url).path.rstrip("/")
    # Bodies of files whose front matter failed are rendered too, for their link problems.
    jobs = options.jobs or os.cpu_count() or 1
    rendered = render_markdown([*docs, *content.invalid], report, base_path, content.images,
                               markdown, jobs=1 if memory else jobs)
    statics = static_files(root, report)
    versions = {rel: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for rel, p in statics.items()}
    data = SiteData(
        root=root, content=content,
        catalogue=build_catalogue(s for s in content.sites if options.drafts or not s.draft),
        rendered=rendered, base_url=base_url, asset_versions=versions,
        published_pages=tuple(pages), news=tuple(news),
    )
    specs = plan(data)
    extra = {rel: f"static/{rel}" for rel in statics}
    extra |= {"sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
              FEED_URL.lstrip("/"): "the news feed"}
    extra |= {rel: "the data downloads" for rel in (*DATA_FILES, MAP_DATA)}
    extra |= {rel: "the search index" for rel in search.UI_FILES}
    check_collisions([*specs, CREDITS], data, extra, report)
    # With errors already found, render anyway (to nowhere) so one run reports them all.
    dry = options.dry_run or bool(report.errors)
    writer: Writer = NullWriter() if dry else memory or StagingWriter(out)
    reuse = cache is not None and memory is None and not dry and cache.data.out == str(out)
    search_job: SearchJob | None = None
    try:
        jobs = 1 if memory else options.jobs or os.cpu_count() or 1
        renderer = Renderer(data, templates)
        stage = Stage(renderer, writer, root, templates, cache.data.pages if cache else {},
                      out if reuse else None)
        show = options.progress
        rendered_pages = parallel_map(render_pages, specs, stage, jobs, min_items=200,
                                      progress=(lambda d, n: show("pages", d, n)) if show else None)
        renderer.photo_usage = photo_usage([r.result for r in rendered_pages])
        rendered_pages += render_pages(stage, [CREDITS])  # lists the photos pages used
        if options.search and isinstance(writer, StagingWriter | MemoryWriter):
            search_job = SearchJob(writer, specs, rendered_pages, cache_dir)
        results = [r.result for r in rendered_pages]
        report.items.extend(sorted({r.page.problem for r in results if r.page.problem}))
        pages_by_url = {r.page.url: r.page for r in results}
        work = PhotoWork(content.images, root / "content" / "images", cache_dir / "images")
        derivatives = {d for r in results for d in r.derivatives}
        cards = {c for r in results for c in r.cards}
        files = set(extra) | {d.path for d in derivatives} | {c.path for c in cards}
        markdown_docs = (*data.published_pages, *data.news, *data.catalogue.sites, *content.invalid)
        known = check_markdown_links(markdown_docs, rendered, base_path, pages_by_url, files,
                                     report)
        previous = cache.data if cache and reuse else None
        # A page reused unchanged has the links it had; they still resolve if no page,
        # anchor or file of the last build went away. Then only new pages are checked.
        steady = previous is not None and unchanged_targets(
            {u: e.result.page.id_text for u, e in previous.pages.items()}, pages_by_url,
            files, previous.files_published)
        check_rendered_links([r.result.page for r in rendered_pages if not (steady and r.reused)],
                             pages_by_url, files, known, report)
        _fail_if_errors(report, options.strict)
        stats = PhotoStats() if dry else make_photos(work, derivatives, cards, jobs, report,
                                                     options.progress)
        _fail_if_errors(report, options.strict)
        for rel, path in statics.items():
            writer.copy(rel, path)
        for d in sorted(derivatives) if not dry else ():
            writer.copy(d.path, work.cache / d.name)  # a copy: the cache stays the cache's
        for card in sorted(cards) if not dry else ():
            writer.copy(card.path, work.cache / card.path)
        write_indexes(writer, data, renderer, [*specs, CREDITS])
        write_data(writer, data)
        outcome = search.SearchOutcome("off")
        if search_job is not None:
            outcome = search_job.finish(options.progress)
            if outcome.error:
                report.error("pagefind", 0, 0, f"search index: {outcome.error}")
            _fail_if_errors(report, options.strict)
        if not dry and memory is None:
            writer.publish()
    except BaseException:
        if search_job is not None:
            search_job.stop()
        writer.discard()
        raise
    if cache is not None and not dry and memory is None:
        cache.data.pages = {r.result.page.url: r.entry for r in rendered_pages if r.entry}
        cache.data.out = str(out)
        cache.data.files_published = files
        cache.forget_missing({d.source.path for d in (*content.pages, *content.news,
                                                      *content.sites, *content.invalid)})
        cache.save()
    if cache is not None and cache.note:
        report.warning(str(cache_dir.relative_to(root)), 0, 0, cache.note)
    written = len(results) + len(statics) + stats.derivatives + stats.cards + 3
    written += len(DATA_FILES) + 1 + outcome.files
    state = None
    if keep:
        assert markdown is not None
        state = Built(
            loader, recorder.seen, content, data, renderer, stage, markdown,
            {r.result.page.url: r.entry for r in rendered_pages if r.entry},
            {r.result.page.url: r.result for r in rendered_pages},
            {r.result.page.url: r.deps for r in rendered_pages}, [*specs, CREDITS], statics,
            files | set(search_job.listed if search_job else ()), work, report)
    return BuildResult(report, pages=len(results), files=written, images=stats.derivatives,
                       images_processed=stats.processed, cards=stats.cards,
                       reused=sum(1 for r in rendered_pages if r.reused),
                       seconds=time.perf_counter() - started, out=out, search=outcome, state=state)


class SearchJob:
    """The search index of a build: reused from the cache when no indexed page changed,
    else made by Pagefind, which starts as soon as the pages are written and works while
    the build checks links and draws photos and cards (`finish` waits for it)."""

    def __init__(self, writer: StagingWriter | MemoryWriter, specs: list[PageSpec],
                 rendered_pages: list[RenderedPage], cache_dir: Path) -> None:
        self.started = time.perf_counter()
        self.writer = writer
        kinds = {s.url: s for s in specs}
        self.key = search.search_key(
            (r.result.page.url, r.entry.fingerprint if r.entry else "")
            for r in rendered_pages
            if (spec := kinds.get(r.result.page.url)) and search.indexed(spec.kind, spec.template))
        self.cache = search.IndexCache(cache_dir)
        self.cached = self.cache.get(self.key)
        self.listed: list[str] = []  # the index's files, once finished
        self.indexing = (search.Indexing(writer.staging)
                         if self.cached is None and isinstance(writer, StagingWriter) else None)

    def finish(self, progress: Callable[[str, int, int], None] | None) -> search.SearchOutcome:
        writer, key = self.writer, self.key
        if self.cached is not None:
            files = search.files_of(self.cached)
            self.listed = [rel for rel, _ in files]
            for rel, path in files:
                writer.link(rel, path)
            return search.SearchOutcome("reused", time.perf_counter() - self.started, key=key,
                                        files=len(files))
        if progress:
            progress("search index", 0, 1)
        with tempfile.TemporaryDirectory(prefix="aze-search-") as tmp:
            if isinstance(writer, StagingWriter):
                assert self.indexing is not None
                site, error = writer.staging, self.indexing.finish()
            else:  # Pagefind reads files: give it the pages
                site = Path(tmp)
                for rel, data in writer.files.items():
                    if rel.endswith(".html"):
                        (site / rel).parent.mkdir(parents=True, exist_ok=True)
                        (site / rel).write_bytes(data)
                error = search.run_pagefind(site)
            if error:
                return search.SearchOutcome("indexed", time.perf_counter() - self.started, error)
            self.cache.put(key, site / search.BUNDLE)
            files = search.files_of(site / search.BUNDLE)
            self.listed = [rel for rel, _ in files]
            if isinstance(writer, MemoryWriter):
                for rel, path in files:
                    writer.link(rel, path)
        if progress:
            progress("search index", 1, 1)
        return search.SearchOutcome("indexed", time.perf_counter() - self.started, None, key,
                                    len(files))

    def stop(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()


def write_data(writer: Writer, data: SiteData) -> None:
    """The downloads of /data/ and the interactive map's data."""
    for rel, text in data_files(data.catalogue.sites, data.base_url, data_terms(data)).items():
        writer.write_text(rel, text)


def photo_usage(results: list[PageResult]) -> dict[str, list[tuple[str, str]]]:
    """For each photo, the (url, title) of every page that shows it."""
    usage: dict[str, list[tuple[str, str]]] = {}
    for r in sorted(results, key=lambda r: r.page.url):
        for key in sorted(r.photos):
            usage.setdefault(key, []).append((r.page.url, r.title))
    return usage


def _fail_if_errors(report: Report, strict: bool) -> None:
    if report.errors or (strict and report.warnings):
        raise BuildFailed(report)


def write_indexes(writer: Writer, data: SiteData, renderer: Renderer,
                  specs: list[PageSpec]) -> None:
    lastmod = {d.url: d.updated or getattr(d, "date", None)
               for d in (*data.published_pages, *data.news, *data.catalogue.sites)}
    cat = data.catalogue  # a page of sites changed when the last of its sites did
    more = [(url, paging.page_slice(cat.sites, n))  # later pages of a paged index
            for n, url in enumerate(paging.page_urls(len(cat.sites)), 1) if n > 1]
    for url, sites in [("/sites/", cat.sites), *more, *((c.url, c.sites) for c in cat.countries),
                       *((sp.url, sp.sites) for sp in cat.species)]:
        lastmod[url] = max((s.updated for s in sites if s.updated), default=None)
    entries = [SitemapEntry(renderer.absolute(s.url), lastmod.get(s.url))
               for s in sorted(specs, key=lambda s: s.url) if s.kind != "404"]
    writer.write_text("sitemap.xml", sitemap(entries))
    writer.write_text("robots.txt", robots(renderer.absolute("/sitemap.xml")))
    feed = []
    for post in data.news:
        assert isinstance(post, NewsPost)
        feed.append(FeedEntry(
            title=post.title, url=renderer.absolute(post.url), published=post.date,
            updated=post.updated or post.date, summary=renderer.doc_description(post),
            html=data.rendered[post.source.path].html,
        ))
    config = data.content.config
    writer.write_text(FEED_URL.lstrip("/"), atom_feed(
        config.title, data.base_url, renderer.absolute(FEED_URL), config.title, feed))
