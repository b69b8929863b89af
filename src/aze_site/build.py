"""The one orchestrator: load -> validate -> plan -> render -> check links -> publish.

Nothing is written to the output folder until every check has passed; pages are
rendered into a staging folder that replaces the output in one atomic swap.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from aze_site.catalogue import build_catalogue
from aze_site.content import Loader
from aze_site.errors import BuildFailed, Diagnostic, Report, UsageError
from aze_site.markdown import MarkdownRenderer, Rendered
from aze_site.model import Content, Document, NewsPost, Page
from aze_site.outputs import FeedEntry, SitemapEntry, atom_feed, robots, sitemap
from aze_site.render import PageSpec, Renderer, SiteData, template_diagnostic
from aze_site.slugs import output_file
from aze_site.writer import MemoryWriter, NullWriter, StagingWriter, Writer

FEED_URL = "/feed.xml"
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\s(?:href|src)="([^"#?]*)(?:\?[^"#]*)?(?:#([^"]*))?"')


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    jobs: int = 0  # 0: all cores
    dry_run: bool = False  # validate and render everything, write nothing (`check`)


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    files: int = 0
    images: int = 0
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


def load(root: Path, report: Report) -> Content | None:
    return Loader(root, report).load()


def published(content: Content, drafts: bool) -> tuple[list[Page], list[NewsPost], list[Document]]:
    pages = [p for p in content.pages if drafts or not p.draft]
    news = sorted((n for n in content.news if drafts or not n.draft),
                  key=lambda n: (n.date, n.slug), reverse=True)
    sites = [s for s in content.sites if drafts or not s.draft]
    return pages, news, [*pages, *news, *sites]


def render_markdown(docs: Iterable[Document], report: Report,
                    base_path: str = "") -> dict[str, Rendered]:
    docs = list(docs)
    urls = {d.source.path.removeprefix("content/"): d.url for d in docs}
    md = MarkdownRenderer()
    out = {}
    for doc in docs:
        result = md.render(doc.source.path.removeprefix("content/"), doc.url, doc.body,
                           doc.body_line, urls, base_path)
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


def used_images(content: Content, docs: Iterable[Document]) -> list[str]:
    keys = {d.hero for d in docs if d.hero}
    if content.config.hero:
        keys.add(content.config.hero)
    return sorted(k for k in keys if k in content.images)


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
_worker: tuple[Renderer, Writer, Path, Path] | None = None


@dataclass(frozen=True, slots=True)
class RenderResult:
    url: str
    template: str
    ids: frozenset[str]  # element ids: the anchors other pages may link to
    links: frozenset[tuple[str, str]]  # internal (path, fragment) pairs this page links to
    problem: Diagnostic | None = None


def _internal_links(html: str, base_path: str) -> frozenset[tuple[str, str]]:
    found = set()
    for path, fragment in _HREF.findall(html):
        if path.startswith(base_path + "/") and not path.startswith("//"):
            found.add((path[len(base_path):], fragment))
    return frozenset(found)


def _render_chunk(specs: list[PageSpec]) -> list[RenderResult]:
    assert _worker is not None
    renderer, writer, root, templates = _worker
    results: list[RenderResult] = []
    for spec in specs:
        try:
            html = renderer.render(spec)
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError,
                StopIteration) as exc:
            diag = template_diagnostic(exc, root, templates)
            results.append(RenderResult(spec.url, spec.template, frozenset(), frozenset(), diag))
            continue
        writer.write_text(output_file(spec.url), html)
        base = renderer.data.base_path
        results.append(RenderResult(spec.url, spec.template, frozenset(_ID.findall(html)),
                                    _internal_links(html, base)))
    return results


def _chunks(items: list[PageSpec], size: int) -> Iterator[list[PageSpec]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def render_pages(renderer: Renderer, writer: Writer, specs: list[PageSpec], root: Path,
                 templates: Path, jobs: int) -> list[RenderResult]:
    global _worker
    _worker = (renderer, writer, root, templates)
    try:
        if jobs <= 1 or len(specs) < 200 or "fork" not in multiprocessing.get_all_start_methods():
            return _render_chunk(specs)
        ctx = multiprocessing.get_context("fork")
        size = max(16, len(specs) // (jobs * 8))
        with ctx.Pool(jobs) as pool:
            results: list[RenderResult] = []
            for part in pool.imap(_render_chunk, _chunks(specs, size)):
                results.extend(part)
            return results
    finally:
        _worker = None


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
    report = Report()
    content = load(root, report)
    if content is None:
        raise BuildFailed(report)
    pages, news, docs = published(content, options.drafts)
    base_url = options.base_url or content.config.base_url
    if not base_url.endswith("/"):
        base_url += "/"
    # Bodies of files whose front matter failed are rendered too, for their link problems.
    rendered = render_markdown([*docs, *content.invalid], report,
                               urlsplit(base_url).path.rstrip("/"))
    statics = static_files(root, report)
    versions = {rel: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for rel, p in statics.items()}
    data = SiteData(
        root=root, content=content,
        catalogue=build_catalogue(s for s in content.sites if options.drafts or not s.draft),
        rendered=rendered, base_url=base_url, asset_versions=versions,
        published_pages=tuple(pages), news=tuple(news),
    )
    specs = plan(data)
    images = used_images(content, docs)
    extra = {rel: f"static/{rel}" for rel in statics}
    extra |= {f"images/{k}": f"content/images/{k}" for k in images}
    extra |= {"sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
              FEED_URL.lstrip("/"): "the news feed"}
    check_collisions(specs, data, extra, report)
    # With errors already found, render anyway (to nowhere) so one run reports them all.
    dry = options.dry_run or bool(report.errors)
    writer: Writer = NullWriter() if dry else memory or StagingWriter(out)
    try:
        jobs = 1 if memory else options.jobs or os.cpu_count() or 1
        renderer = Renderer(data, templates)
        results = render_pages(renderer, writer, specs, root, templates, jobs)
        report.items.extend(sorted({r.problem for r in results if r.problem is not None}))
        ids = {r.url: r.ids for r in results}
        files = set(statics) | {f"images/{k}" for k in images} | set(extra)
        known = check_links(data, ids, files, report)
        check_rendered_links(results, ids, files, known, report)
        _fail_if_errors(report, options.strict)
        for rel, path in statics.items():
            writer.copy(rel, path)
        for key in images:
            writer.copy(f"images/{key}", root / "content" / "images" / key)
        write_indexes(writer, data, renderer, specs)
        if not dry and memory is None:
            writer.publish()
    except BaseException:
        writer.discard()
        raise
    written = len(specs) + len(statics) + len(images) + 3  # + sitemap, robots, feed
    return BuildResult(report, pages=len(specs), files=written, images=len(images),
                       seconds=time.perf_counter() - started, out=out)


def _fail_if_errors(report: Report, strict: bool) -> None:
    if report.errors or (strict and report.warnings):
        raise BuildFailed(report)


def check_rendered_links(results: list[RenderResult], ids: dict[str, frozenset[str]],
                         files: set[str], known: set[tuple[str, str]], report: Report) -> None:
    """Every internal link the templates wrote must resolve (Markdown's are checked already)."""
    broken: dict[tuple[str, str], list[RenderResult]] = {}
    for result in results:
        for path, fragment in result.links - known:
            target = path if path in ids else path + "/" if path + "/" in ids else None
            if target is None and path.lstrip("/") not in files:
                broken.setdefault((path, ""), []).append(result)
            elif fragment and fragment not in ids.get(target or "", frozenset()):
                broken.setdefault((path, fragment), []).append(result)
    for (path, fragment), pages in sorted(broken.items()):
        what = f"{path}#{fragment}" if fragment else path
        first = min(pages, key=lambda r: r.url)
        more = f" (and {len(pages) - 1} more pages)" if len(pages) > 1 else ""
        report.error(f"templates/{first.template}", 0, 0,
                     f"page {first.url}{more} links to {what}, which does not exist")


def check_links(data: SiteData, ids: dict[str, frozenset[str]], files: set[str],
                report: Report) -> set[tuple[str, str]]:
    """Every internal link of every Markdown body must reach a page and its anchor.

    Returns the (path, fragment) of every Markdown link, so they are not checked twice.
    """
    base = data.base_path
    seen: set[tuple[str, str]] = set()
    for doc in (*data.published_pages, *data.news, *data.catalogue.sites, *data.content.invalid):
        for link in data.rendered[doc.source.path].links:
            url = link.url[len(base):] if base and link.url.startswith(base + "/") else link.url
            seen.add((url, link.fragment))
            target: str | None = url if url in ids else url + "/" if url + "/" in ids else None
            if target is None and url.lstrip("/") not in files:
                report.error(doc.source.path, link.line, link.col, f"link '{link.href}': no page at {url}")
                continue
            if link.fragment and link.fragment not in ids.get(target or "", frozenset()):
                report.error(doc.source.path, link.line, link.col,
                             f"link '{link.href}': no anchor #{link.fragment} on {url}")
    return seen


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
