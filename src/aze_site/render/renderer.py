"""The Jinja environment and the template context of each page type.

Each page renders independently from the validated model (`SiteData`), so pages can
render in any order, in parallel, or one at a time for the dev server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from aze_site.content.countries import country_name
from aze_site.content.regions import REGIONS, regions_of
from aze_site.images.planner import PictureView, Planner
from aze_site.model import PROTECTION, AzeSite, Content, Document
from aze_site.render import discovery, jsonld, paging
from aze_site.render.catalogue import Catalogue
from aze_site.render.downloads import DATA_FILES
from aze_site.render.environment import make_environment
from aze_site.render.markdown import Rendered
from aze_site.search.pagefind import UI_FILES, indexed


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to write: its URL, its template and what it shows."""

    url: str
    template: str
    kind: str
    key: str = ""


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    description: str
    url: str
    canonical: str
    hero: PictureView | None
    og_type: str
    og_image: str | None
    kind: str
    published: dt.date | None = None
    updated: dt.date | None = None
    indexed: bool = False  # its text is in the search index (data-pagefind-body)


@dataclass
class SiteData:
    """Everything a page needs; built once per build, shared by every render."""

    root: Path
    content: Content
    catalogue: Catalogue
    rendered: Mapping[str, Rendered]  # by the document's source path
    base_url: str
    asset_versions: dict[str, str]  # static path -> short content hash
    published_pages: tuple[Document, ...]
    news: tuple[Document, ...]  # published news posts, newest first

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")


class Renderer:
    """Renders pages of one SiteData with one Jinja environment.

    Templates show a Markdown body only as `rendered(doc)` of the page's own `doc`:
    page fingerprints (rendering.py) count a body for that page alone.
    """

    def __init__(self, data: SiteData, templates: Path) -> None:
        self.templates = templates
        self.env = make_environment(templates)
        self.env.filters["rel"] = self.rel
        self.env.filters["absolute"] = self.absolute
        self.photo_usage: dict[str, list[tuple[str, str]]] = {}  # for the credits page
        self.use(data)

    def use(self, data: SiteData) -> None:
        """Render from this model from now on (the dev server's next state); the compiled
        templates stay."""
        self.data = data
        self.map_views: dict[tuple[int, str], tuple[Any, Any]] = {}  # see discovery.map_view
        self._filters: dict[str, Any] | None = None  # see site_filters
        content = data.content
        self.pages_by_url = {p.url: p for p in data.published_pages}
        self.sites_by_slug = {s.slug: s for s in data.catalogue.sites}
        self.news_by_slug = {n.url: n for n in data.news}
        self.countries = {c.iso3: c for c in data.catalogue.countries}
        self.criteria = {c.code: c for cat in content.categories for c in cat.criteria}
        self.layout_urls: dict[str, str] = {}
        for page in data.published_pages:  # looked up for every site page: computed once
            self.layout_urls.setdefault(getattr(page, "layout", "page"), page.url)
        self.planner = Planner(content.images, self.rel)
        self.env.globals.update(
            site=content.config, asset=self.asset, picture=self.planner.picture, rendered=self.body,
            stats=self.stats(), update_url=self.update_url, submit_url=content.config.submit_url,
            criteria_url=self.special_url("criteria"), partners_url=self.special_url("partners"),
        )

    # -- helpers exposed to templates -----------------------------------------------------
    def rel(self, url: str) -> str:
        if url.startswith("/") and not url.startswith("//"):
            return self.data.base_path + url
        return url

    def absolute(self, url: str) -> str:
        return self.data.base_url + url.lstrip("/") if url.startswith("/") else url

    def asset(self, path: str) -> str:
        version = self.data.asset_versions.get(path)
        if version is None:
            raise jinja2.TemplateRuntimeError(f"static file '{path}' does not exist")
        return self.rel(f"/{path}?v={version}")

    def body(self, doc: Document) -> Markup:
        rendered = self.data.rendered[doc.source.path]
        for key in rendered.photos:  # plan the derivatives of photos in the text
            self.planner.picture(key, "content")
        return Markup(rendered.html)  # noqa: S704 (trusted Markdown)

    def update_url(self, site: AzeSite) -> str | None:
        template = self.data.content.config.update_url
        return template.replace("{slug}", site.slug) if template else None

    def special_url(self, layout: str) -> str | None:
        """The URL of the page with this layout (criteria, partners), if there is one."""
        return self.layout_urls.get(layout)

    def stats(self) -> dict[str, int]:
        cat = self.data.catalogue
        return {"sites": len(cat.sites), "species": len(cat.species),
                "countries": len(cat.countries),
                "unprotected": sum(1 for s in cat.sites if s.protection == "none")}

    # -- page metadata ------------------------------------------------------------------
    def meta(self, spec: PageSpec, title: str, description: str, hero: str | None = None,
             og_type: str = "website", doc: Document | None = None) -> PageMeta:
        config = self.data.content.config
        card: str | None = None
        if config.social_cards:
            card = self.planner.social_card(title, config.title, hero or config.hero)
        else:  # link previews fall back to the page's (or the site's) photo
            view = self.planner.picture(hero or config.hero, "hero")
            card = view.src.removeprefix(self.data.base_path).lstrip("/") if view else None
        published = getattr(doc, "date", None) if doc else None
        return PageMeta(
            title=title, description=description, url=self.rel(spec.url),
            canonical=self.absolute(spec.url), hero=self.planner.picture(hero, "hero"),
            og_type=og_type, og_image=self.absolute("/" + card) if card else None, kind=spec.kind,
            published=published, updated=doc.updated if doc else None,
            indexed=indexed(spec.kind, spec.template),
        )

    def doc_description(self, doc: Document) -> str:
        return (doc.description or self.data.rendered[doc.source.path].summary
                or self.data.content.config.description)

    # -- contexts per page kind -----------------------------------------------------------
    def context(self, spec: PageSpec) -> dict[str, Any]:
        context = self._context(spec)
        data = discovery.structured_data(self, spec, context)
        context["jsonld"] = Markup(jsonld.script_text(data)) if data else None  # noqa: S704
        return context

    def _context(self, spec: PageSpec) -> dict[str, Any]:
        cat = self.data.catalogue
        content = self.data.content
        kind = spec.kind
        if kind == "page":
            doc = self.pages_by_url[spec.url]
            is_home = spec.template == "home.html"
            title = content.config.title if is_home else doc.title
            return {"page": self.meta(spec, title, self.doc_description(doc),
                                      doc.hero or (content.config.hero if is_home else None),
                                      doc=doc),
                    "doc": doc, "toc": self.data.rendered[doc.source.path].toc,
                    "audiences": [(a, self.audience_url(a)) for a in content.audiences],
                    "categories": content.categories, "partners": content.partners,
                    "news": self.data.news[:3], "sites": cat.sites}
        if kind == "site":
            site = self.sites_by_slug[spec.key]
            return {"page": self.meta(spec, site.title, self.site_description(site), site.hero,
                                      doc=site),
                    "s": site, "doc": site,
                    "species": [cat.species_by_name[sp.name] for sp in site.species],
                    "countries": [self.countries[iso3] for iso3 in site.iso3 if iso3 in self.countries],
                    "criteria": [self.criterion(code) for code in site.criteria]}
        if kind == "news":
            post = self.news_by_slug[spec.url]
            return {"page": self.meta(spec, post.title, self.doc_description(post), post.hero,
                                      "article", doc=post),
                    "doc": post}
        listing = self.listing(spec)
        return listing

    def site_filters(self) -> dict[str, Any]:
        """The choices of the site index's filters: the same on each of its pages, so
        worked out once per model (they look at every site)."""
        if self._filters is None:
            cat = self.data.catalogue
            present = {s.protection for s in cat.sites}
            self._filters = {
                "regions": sorted({r for c in cat.countries for r in regions_of([c.iso3])},
                                  key=REGIONS.index),
                "protection": [p for p in PROTECTION if p in present],
                "unknown_protection": None in present,
            }
        return self._filters

    def listing(self, spec: PageSpec) -> dict[str, Any]:
        cat = self.data.catalogue
        kind, key = spec.kind, spec.key
        title, description, extra = "", "", {}  # type: str, str, dict[str, Any]
        if kind == "sites":
            title = "AZE sites"
            description = (f"All {len(cat.sites):,} Alliance for Zero Extinction sites: "
                           "country, trigger species, Red List category and protection.")
            number = paging.page_number(key)
            shown = paging.page_slice(cat.sites, number)
            pager = paging.pager(number, len(cat.sites))
            if pager is not None and number > 1:  # a later page of a paged index
                title = f"All AZE sites, page {number} of {pager.count}"
                description = (f"Alliance for Zero Extinction sites {pager.first:,} to "
                               f"{pager.last:,} of {pager.total:,}, by name, from {shown[0].title}"
                               f" to {shown[-1].title}: country, trigger species, Red List "
                               "category and protection.")
            extra = {"sites": shown, "total": len(cat.sites), "pager": pager,
                     "countries": cat.countries, "categories": cat.categories,
                     "groups": cat.groups, **self.site_filters(),
                     "map": discovery.map_view(self, cat.sites),
                     "terms": discovery.data_terms(self.data),
                     "downloads": [f"/{rel}" for rel in DATA_FILES]}
        elif kind == "species-index":
            title = "Trigger species"
            description = (f"The {len(cat.species)} species that each survive at a single "
                           "AZE site, by scientific and common name.")
            extra = {"species": cat.species, "groups": cat.groups}
        elif kind == "species":
            entry = cat.species_by_name[key]
            title = entry.name
            common = f" ({entry.common_name})" if entry.common_name else ""
            description = (f"{entry.name}{common} is {entry.status_name}. It survives at "
                           + _join([s.title for s in entry.sites]) + ".")
            extra = {"entry": entry}
        elif kind == "countries":
            title = "Countries"
            description = f"AZE sites in {len(cat.countries)} countries and territories."
            extra = {"countries": cat.countries}
        elif kind == "country":
            entry_c = next(c for c in cat.countries if c.iso3 == key)
            title = entry_c.name
            description = (f"{len(entry_c.sites)} Alliance for Zero Extinction site"
                           f"{'s' if len(entry_c.sites) != 1 else ''} in {entry_c.name}.")
            extra = {"entry": entry_c, "regions": regions_of([entry_c.iso3]),
                     "map": discovery.map_view(self, entry_c.sites, entry_c.iso3)}
        elif kind == "categories":
            title = "Red List categories"
            description = "Trigger species of AZE sites by IUCN Red List category."
            extra = {"categories": cat.categories}
        elif kind == "category":
            entry_k = next(c for c in cat.categories if c.code == key)
            title = entry_k.name
            description = (f"{len(entry_k.species)} AZE trigger species assessed "
                           f"{entry_k.name} ({entry_k.code}) on the IUCN Red List.")
            extra = {"entry": entry_k}
        elif kind == "groups":
            title = "Taxonomic groups"
            description = "Trigger species of AZE sites by taxonomic group."
            extra = {"groups": cat.groups}
        elif kind == "group":
            entry_g = next(g for g in cat.groups if g.code == key)
            title = entry_g.name
            description = f"{len(entry_g.species)} AZE trigger species among {entry_g.name.lower()}."
            extra = {"entry": entry_g}
        elif kind == "news-index":
            title = "News"
            description = f"News from the {self.data.content.config.title}."
            extra = {"posts": self.data.news}
        elif kind == "credits":
            title = "Photo credits"
            description = "Every photo on this website, with its credit, licence and pages."
            extra = {"photos": [(self.planner.picture(key, "thumb"), self.data.content.images[key],
                                 pages) for key, pages in sorted(self.photo_usage.items())]}
        elif kind == "search":
            title = "Search"
            description = (f"Search the {len(cat.sites):,} AZE sites, their trigger species, "
                           "countries, news and pages.")
            extra = {"bundle": [self.rel("/" + f) for f in UI_FILES], "base": self.rel("/")}
        elif kind == "404":
            title = "Page not found"
            description = "This page does not exist. Search the AZE sites or go to the home page."
        return {"page": self.meta(spec, title, description)} | extra

    def site_description(self, site: AzeSite) -> str:
        if site.description:
            return site.description
        names = _join([sp.common_name or sp.name for sp in site.species])
        countries = _join([country_name(c) or c for c in site.iso3])
        return f"{site.title}, {countries}: an AZE site, last refuge of {names}."

    def criterion(self, code: str) -> dict[str, Any]:
        crit = self.criteria.get(code)
        if crit is None:
            return {"code": code, "title": code, "url": None}
        url = self.special_url("criteria")
        return {"code": code, "title": crit.title, "url": f"{url}#{crit.anchor}" if url else None}

    def audience_url(self, audience: Any) -> str | None:
        for page in self.data.published_pages:
            if page.source.path == f"content/{audience.page}":
                return page.url
        return None

    def render(self, spec: PageSpec, context: dict[str, Any] | None = None) -> tuple[str, str]:
        """The page's HTML and its title."""
        template = self.env.get_template(spec.template)
        context = context if context is not None else self.context(spec)
        return template.render(context), context["page"].title


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
