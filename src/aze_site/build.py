"""The one orchestrator: load -> validate -> plan -> render -> check links -> publish.

Nothing is written to the output folder until every check has passed; pages are
rendered into a staging folder that replaces the output in one atomic swap.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from aze_site.catalogue import build_catalogue
from aze_site.content import Loader
from aze_site.errors import BuildFailed, Diagnostic, Report, UsageError
from aze_site.imagemath import Derivative
from aze_site.links import ID, PageLinks, check_markdown_links, check_rendered_links, internal_links
from aze_site.markdown import MarkdownRenderer, Rendered
from aze_site.model import Content, Document, Image, NewsPost, Page
from aze_site.outputs import FeedEntry, SitemapEntry, atom_feed, robots, sitemap
from aze_site.photos import PhotoStats, PhotoWork, make_photos
from aze_site.pictures import PictureView, Planner, SocialCard, photo_problem
from aze_site.render import PageSpec, Renderer, SiteData, template_diagnostic
from aze_site.slugs import output_file
from aze_site.workers import parallel_map
from aze_site.writer import MemoryWriter, NullWriter, StagingWriter, Writer

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


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    files: int = 0
    images: int = 0
    images_processed: int = 0
    cards: int = 0
    seconds: float = 0.0
    out: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


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


def render_markdown(docs: Iterable[Document], report: Report, base_path: str = "",
                    images: dict[str, Image] | None = None) -> dict[str, Rendered]:
    docs = list(docs)
    urls = {d.source.path.removeprefix("content/"): d.url for d in docs}
    md = MarkdownRenderer()
    planner = Planner(images or {}, lambda url: base_path + url)

    def picture(key: str) -> PictureView | str:
        problem = photo_problem(planner.images, key)
        view = None if problem else planner.picture(key, "content")
        return view or problem or f"photo '{key}' cannot be shown"

    out = {}
    for doc in docs:
        result = md.render(doc.source.path.removeprefix("content/"), doc.url, doc.body,
                           doc.body_line, urls, base_path, picture)
        for line, col, message in result.problems:
            report.error(doc.source.path, line, col, message)
        out[doc.source.path] = result
    return out


def plan(data: SiteData) -> list[PageSpec]:
    specs = []
    for page in data.published_pages:
        if isinstance(page, Page):
            template = {"home": "home.html", "criteria": "criteria.html",
                        "partners": "partners.html"}.get(page.layout, "page.html")
            specs.append(PageSpec(page.url, template, "page", page.url))
    cat = data.catalogue
    specs.append(PageSpec("/sites/", "sites.html", "sites"))
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


# -- rendering, in this process or in worker processes ---------------------------------


@dataclass(frozen=True, slots=True)
class PageResult:
    page: PageLinks
    title: str
    derivatives: frozenset[Derivative]
    photos: frozenset[str]
    cards: frozenset[SocialCard]


def _render(state: tuple[Renderer, Writer, Path, Path], specs: list[PageSpec]) -> list[PageResult]:
    renderer, writer, root, templates = state
    results = []
    for spec in specs:
        try:
            html, title = renderer.render(spec)
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError,
                StopIteration) as exc:
            renderer.planner.take()
            diag = template_diagnostic(exc, root, templates)
            page = PageLinks(spec.url, spec.template, frozenset(), frozenset(), diag)
            results.append(PageResult(page, "", frozenset(), frozenset(), frozenset()))
            continue
        writer.write_text(output_file(spec.url), html)
        page = PageLinks(spec.url, spec.template, frozenset(ID.findall(html)),
                         internal_links(html, renderer.data.base_path))
        results.append(PageResult(page, title, *renderer.planner.take()))
    return results


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
    with cache_folder(root, options.cache) as cache:
        return _build(options, memory, root, out, templates, cache, started)


@contextmanager
def cache_folder(root: Path, enabled: bool) -> Iterator[Path]:
    """The persistent cache, or a throw-away one for --no-cache."""
    if enabled:
        cache = root / CACHE_DIR
        cache.mkdir(exist_ok=True)
        yield cache
    else:
        with tempfile.TemporaryDirectory(prefix="aze-cache-") as tmp:
            yield Path(tmp)


def _build(options: BuildOptions, memory: MemoryWriter | None, root: Path, out: Path,
           templates: Path, cache: Path, started: float) -> BuildResult:
    report = Report()
    content = Loader(root, report, cache / "images").load()
    if content is None:
        raise BuildFailed(report)
    pages, news, docs = published(content, options.drafts)
    base_url = options.base_url or content.config.base_url
    if not base_url.endswith("/"):
        base_url += "/"
    base_path = urlsplit(base_url).path.rstrip("/")
    # Bodies of files whose front matter failed are rendered too, for their link problems.
    rendered = render_markdown([*docs, *content.invalid], report, base_path, content.images)
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
    check_collisions([*specs, CREDITS], data, extra, report)
    # With errors already found, render anyway (to nowhere) so one run reports them all.
    dry = options.dry_run or bool(report.errors)
    writer: Writer = NullWriter() if dry else memory or StagingWriter(out)
    try:
        jobs = 1 if memory else options.jobs or os.cpu_count() or 1
        renderer = Renderer(data, templates)
        state = (renderer, writer, root, templates)
        results = parallel_map(_render, specs, state, jobs, min_items=200)
        renderer.photo_usage = photo_usage(results)
        results += _render(state, [CREDITS])  # lists the photos every other page used
        report.items.extend(sorted({r.page.problem for r in results if r.page.problem}))
        ids = {r.page.url: r.page.ids for r in results}
        work = PhotoWork(content.images, root / "content" / "images", cache / "images")
        derivatives = {d for r in results for d in r.derivatives}
        cards = {c for r in results for c in r.cards}
        files = set(extra) | {d.path for d in derivatives} | {c.path for c in cards}
        markdown_docs = (*data.published_pages, *data.news, *data.catalogue.sites, *content.invalid)
        known = check_markdown_links(markdown_docs, rendered, base_path, ids, files, report)
        check_rendered_links([r.page for r in results], ids, files, known, report)
        _fail_if_errors(report, options.strict)
        stats = make_photos(work, derivatives, cards, 1 if dry else jobs, report) if not dry \
            else PhotoStats()
        _fail_if_errors(report, options.strict)
        for rel, path in statics.items():
            writer.copy(rel, path)
        for d in sorted(derivatives) if not dry else ():
            writer.copy(d.path, work.cache / d.name)
        for card in sorted(cards) if not dry else ():
            writer.copy(card.path, work.cache / card.path)
        write_indexes(writer, data, renderer, [*specs, CREDITS])
        if not dry and memory is None:
            writer.publish()
    except BaseException:
        writer.discard()
        raise
    written = len(results) + len(statics) + stats.derivatives + stats.cards + 3
    return BuildResult(report, pages=len(results), files=written, images=stats.derivatives,
                       images_processed=stats.processed, cards=stats.cards,
                       seconds=time.perf_counter() - started, out=out)


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
