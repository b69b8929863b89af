"""Rendering pages, or reusing last build's file when the page's fingerprint is unchanged.

Runs in worker processes (forked: they share the loaded site) or in the build's own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from aze_site import __version__
from aze_site.errors import Diagnostic
from aze_site.images.maths import Derivative
from aze_site.images.planner import SocialCard
from aze_site.legacy.cache import PageEntry, same_file
from aze_site.legacy.fingerprint import Digester, template_digests
from aze_site.model import (
    AzeSite,
    CriteriaCategory,
    Criterion,
    Document,
    Image,
    NewsPost,
    Page,
    Partner,
)
from aze_site.publish.tree import StagingWriter, Writer
from aze_site.render.catalogue import CategoryEntry, CountryEntry, GroupEntry, SpeciesEntry
from aze_site.render.environment import template_diagnostic
from aze_site.render.links import PageLinks, page_links
from aze_site.render.renderer import PageSpec, Renderer
from aze_site.slugs import output_file

MODEL_TYPES = (AzeSite, Page, NewsPost, SpeciesEntry, CountryEntry, CategoryEntry, GroupEntry,
               Criterion, CriteriaCategory, Partner, Image)


@dataclass(frozen=True)
class PageResult:
    page: PageLinks
    title: str
    derivatives: frozenset[Derivative]
    photos: frozenset[str]
    cards: frozenset[SocialCard]


@dataclass(frozen=True)
class Rendered:
    result: PageResult
    entry: PageEntry | None  # what the cache should remember of this page
    reused: bool
    deps: frozenset[str] = frozenset()  # keys of the model objects it shows (see dependency_key)


CATALOGUE = "catalogue"  # a page showing whole listings: any site's change concerns it
DOCUMENTS = "documents"  # a page showing all news posts or pages


def with_body(frame: str, body: str) -> str:
    """A page's fingerprint from its frame and its own document's body."""
    return hashlib.sha256(f"{frame}\0{body}".encode()).hexdigest()


def listed(doc: Document) -> Document:
    """What a page other than the document's own may show of it: all but its body. The
    body counts only for the page whose own `doc` it is (see Stage.fingerprint), so an
    edited text does not re-render every listing its document is in."""
    return dataclasses.replace(doc, body="", body_line=0)


def dependency_key(obj: Any) -> str:
    """What a page depends on when its context holds this model object."""
    if isinstance(obj, AzeSite | Page | NewsPost):
        return obj.source.path
    if isinstance(obj, SpeciesEntry):
        return f"species:{obj.name}"
    if isinstance(obj, CountryEntry):
        return f"country:{obj.iso3}"
    if isinstance(obj, CategoryEntry):
        return f"category:{obj.code}"
    if isinstance(obj, GroupEntry):
        return f"group:{obj.code}"
    return "config"  # criteria, partners, photos: what site-wide files define


class Stage:
    """Everything a worker needs to render, or reuse, a page."""

    def __init__(self, renderer: Renderer, writer: Writer, root: Path, templates: Path,
                 previous: Mapping[str, PageEntry], previous_out: Path | None,
                 templates_digest: dict[str, str] | None = None) -> None:
        self.renderer = renderer
        self.writer = writer
        self.root = root
        self.templates = templates
        self.previous = previous
        self.previous_out = previous_out

        def document(doc: Document) -> str:
            return hashlib.sha256(repr(listed(doc)).encode()).hexdigest()

        self.digester = Digester(MODEL_TYPES, {AzeSite: document, Page: document,
                                               NewsPost: document}, dependency_key)
        self.templates_digest = (templates_digest if templates_digest is not None
                                 else template_digests(renderer.env, templates))
        self.site_wide = self.site_wide_digest()
        self.pin()

    def warm(self) -> None:
        """Hash the pinned listings (and so every model object) in this process."""
        for container, _ in list(self.digester.pinned.values()):
            self.digester.encode(container)

    def pin(self) -> None:
        """Remember the big shared lists of the current model (call after Renderer.use)."""
        data, cat = self.renderer.data, self.renderer.data.catalogue
        self.digester.pin([(cat.sites, CATALOGUE), (cat.species, CATALOGUE),
                           (cat.countries, CATALOGUE), (cat.categories, CATALOGUE),
                           (cat.groups, CATALOGUE), (data.news, DOCUMENTS),
                           (data.published_pages, DOCUMENTS)])

    def site_wide_digest(self) -> str:
        renderer = self.renderer
        data = renderer.data
        return self.digester.digest((
            __version__, data.content.config, data.base_url, sorted(data.asset_versions.items()),
            sorted(data.content.images.items()), renderer.special_url("criteria"),
            renderer.special_url("partners"),
        ))

    def fingerprint(self, spec: PageSpec,
                    context: dict[str, Any]) -> tuple[str, frozenset[str], str]:
        """The page's fingerprint, its recorded dependencies, and its frame: the
        fingerprint of all but its own document's body (see splice.py)."""
        doc = context.get("doc")
        body = self.renderer.data.rendered[doc.source.path].html if doc is not None else ""
        encoded, deps = self.digester.encode_deps(context)
        parts = (spec.url, spec.template, self.templates_digest.get(spec.template, ""),
                 self.site_wide, encoded)
        frame = hashlib.sha256(repr(parts).encode()).hexdigest()
        return with_body(frame, body), deps, frame

    def reusable(self, spec: PageSpec, fingerprint: str) -> PageEntry | None:
        entry = self.previous.get(spec.url)
        if entry is None or entry.fingerprint != fingerprint or self.previous_out is None:
            return None
        return entry if same_file(self.previous_out / entry.file, entry.signature) else None


def render_pages(stage: Stage, specs: list[PageSpec]) -> list[Rendered]:
    out = []
    renderer = stage.renderer
    for spec in specs:
        rel = output_file(spec.url)
        try:
            context = renderer.context(spec)
            fingerprint, deps, frame = stage.fingerprint(spec, context)
            entry = stage.reusable(spec, fingerprint)
            if entry is not None:
                renderer.planner.take()  # what it plans was recorded with the page
                assert stage.previous_out is not None
                stage.writer.link(rel, stage.previous_out / entry.file)
                out.append(Rendered(entry.result, entry, True, deps))
                continue
            html, title = renderer.render(spec, context)
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError,
                StopIteration) as exc:
            renderer.planner.take()
            diag: Diagnostic = template_diagnostic(exc, stage.root, stage.templates)
            page = PageLinks(spec.url, spec.template, "\n", "", diag)
            out.append(Rendered(PageResult(page, "", frozenset(), frozenset(), frozenset()),
                                None, False))
            continue
        stage.writer.write_text(rel, html)
        page = page_links(spec.url, spec.template, html, renderer.data.base_path)
        result = PageResult(page, title, *renderer.planner.take())
        out.append(Rendered(result, PageEntry(fingerprint, rel, _signature(stage, rel), result,
                                              frame),
                            False, deps))
    return out


def _signature(stage: Stage, rel: str) -> tuple[int, int]:
    if not isinstance(stage.writer, StagingWriter):
        return (0, -1)  # in memory or nowhere: never reused
    path = stage.writer.target(rel)
    try:
        stat = os.stat(path)
    except OSError:
        return (0, -1)  # in memory or nowhere: never reused
    return (stat.st_mtime_ns, stat.st_size)
