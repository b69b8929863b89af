"""Rendering one page: its template context, read from a `SiteView`, and its HTML.

A `PageRenderer` holds the Jinja environment (templates compile once per process); each
call of `render` takes the view of the site it must read from, so the build engine can
record what each page read. What a page planned besides its HTML (photo derivatives,
its social card, the photos it shows, the bodies it showed) comes back with it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from aze_site.errors import Diagnostic
from aze_site.images.maths import Derivative
from aze_site.images.planner import PictureView, Planner, SocialCard
from aze_site.model import AzeSite, Document, NewsPost, Page
from aze_site.render import jsonld
from aze_site.render.downloads import DataTerms, default_citation
from aze_site.render.environment import DEADLINE, make_environment
from aze_site.render.i18n import (
    N_,
    Messages,
    Translator,
    country_name,
    direction,
    format_fixed,
    format_long_date,
    format_number,
    language_name,
    list_separator,
    localized,
    og_locale,
    plural_samples,
    template_gettext,
)
from aze_site.render.kinds import kind_of
from aze_site.render.links import PageLinks, page_links
from aze_site.render.listings import join, listing_context
from aze_site.render.view import Images, SiteView
from aze_site.search.pagefind import SEARCH_URL, indexed


@dataclass(frozen=True)
class PageSpec:
    """One page to write: its URL, its template and what it shows."""

    url: str
    template: str
    kind: str
    key: str = ""
    lang: str = ""  # "" for the default language; else the page is under /<lang>/


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str
    canonical: str
    hero: PictureView | None
    og_type: str
    og_image: str | None
    kind: str
    og_image_alt: str = ""
    published: dt.date | None = None
    updated: dt.date | None = None
    indexed: bool = False  # its text is in the search index (data-pagefind-body)
    draft: bool = False  # shown only by `serve --drafts`: the page says it is not published
    lang: str = "en"
    body_lang: str | None = None  # the language of its text where it is not the page's own
    original: str | None = None  # where its text is not translated: the original's URL
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL), translated only
    languages: tuple[LanguageLink, ...] = ()  # the language switcher (more than one language)
    feed: str = "/feed.xml"  # the news feed in the page's language


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language's name in itself
    url: str
    current: bool
    translated: bool  # False: the page exists in it, its text in the original language


@dataclass(frozen=True)
class RenderedPage:
    """A page's HTML and what else rendering it planned."""

    html: str
    title: str
    links: PageLinks
    derivatives: frozenset[Derivative]
    cards: frozenset[SocialCard]
    photos: frozenset[str]
    bodies: tuple[str, ...]  # source paths of the documents whose text it shows
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL) of its versions
    translated: bool = True  # its text is in its language (else the sitemap leaves it out)


# The letters of the hemispheres after a latitude or a longitude: (positive, negative).
HEMISPHERES = {"lat": (N_("N"), N_("S")), "lon": (N_("E"), N_("W"))}


def _per_page(method: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result depends on the page rendered (its language, the base path):
    marked as reading the context, so that Jinja never computes it once for all when it
    compiles a template, as it does a plain filter of a constant ('/sites/'|rel would
    keep the language of the first page that compiled it). It wraps the method, whose
    signature says what arguments the filter takes (template_errors)."""

    @jinja2.pass_context
    @functools.wraps(method)
    def per_page(context: Any, *args: Any, **kwargs: Any) -> Any:
        return method(*args, **kwargs)

    return per_page


class _Stats(Mapping[str, int]):
    """The site's counts, asked for only when a template shows one. It holds a function,
    not the renderer: a template reads every public attribute of what it is given, and
    from the renderer it would reach the engine and the file system."""

    def __init__(self, counts: Callable[[], Mapping[str, int]]) -> None:
        self._counts = counts

    def __getitem__(self, key: str) -> int:
        return self._counts()[key]

    def __iter__(self) -> Any:
        return iter(self._counts())

    def __len__(self) -> int:
        return len(self._counts())


# Words of a scientific name that are not italic by convention: ranks and qualifiers
# (Ctenophorus ornatus subsp. x, Carex cf. nigra) and the hybrid sign.
UPRIGHT = frozenset({"subsp.", "ssp.", "var.", "subvar.", "f.", "forma", "cf.", "aff.", "sp.",
                     "spp.", "nothosubsp.", "nothovar.", "\u00d7", "x",
                     "nov.", "gen.", "comb."})  # a new species, genus or combination: sp. nov.


def scientific(name: str) -> Markup:
    """A scientific name to set in italics, its ranks and qualifiers marked to stay upright
    (`<span class="rank">subsp.</span>`); the rest escaped."""
    words = str(name).split(" ")
    if not any(w in UPRIGHT for w in words[1:]):
        return escape(name)
    return Markup(" ").join(Markup('<span class="rank">%s</span>') % w if i and w in UPRIGHT
                            else escape(w) for i, w in enumerate(words))


class PageRenderer:
    """Renders pages with one Jinja environment (see the module's docstring)."""

    def __init__(self, templates: Path, compiled: Path | None = None) -> None:
        self.templates = templates
        self.env = make_environment(templates, compiled)
        # (template, its digest) -> the error of a page that ran out of time with it
        self.too_slow: dict[tuple[str, str], Diagnostic] = {}
        self._digests: dict[str, str] = {}  # template -> the digest it was last used with
        self.tr = Translator(None)
        self.lang = "en"
        self._base_url: str | None = None
        self._base_path: str | None = None
        filters: dict[str, Callable[..., Any]] = {
            "rel": self.link, "absolute": self.absolute, "thousands": self.number,
            "area": self.area, "long_date": self.long_date,
            "country_names": self.country_names, "degrees": self.degrees,
            "scientific": scientific}
        self.env.filters.update({name: _per_page(f) for name, f in filters.items()})
        functions: dict[str, Callable[..., Any]] = dict(
            asset=self.asset, rendered=self.body, update_url=self.update_url,
            picture=self.picture, country_name=self.country_name, text_lang=self.text_lang,
            direction=direction, dir_attr=self.dir_attr, comma=self.comma,
            og_locale=og_locale,
            country_names_of=self.country_names_of,
            plural_samples=lambda: plural_samples(self.lang))
        self.env.globals.update(stats=_Stats(lambda: self.view.stats()), **functions)
        self.env.trust(functions.values())
        # Installed once (make_environment compiles {% trans %} "newstyle"): templates
        # imported by others (macros) keep the globals they were first made with, so these
        # ask for the current page's language at each call.
        gettext = template_gettext(lambda: self.tr)
        self.env.globals.update(gettext)
        self.env.trust(gettext.values())
        self.view: SiteView
        self.planner: Planner
        self.bodies: dict[str, None] = {}

    def use(self, template: str, digest: str) -> None:
        """The template's digest now (of it and all it pulls in). Jinja keeps a compiled
        template while its file's modification time stays the same, and an edit that keeps
        it (`cp -p`, `rsync -t`) would go unseen by the dev server, which lives on: a new
        digest empties Jinja's cache."""
        if self._digests.get(template, digest) != digest and self.env.cache is not None:
            self.env.cache.clear()
        self._digests[template] = digest

    # -- one page ---------------------------------------------------------------------------
    def render(self, view: SiteView, spec: PageSpec) -> RenderedPage:
        """The page's HTML; raises jinja2.TemplateError (and the like) for template errors."""
        self.start(view, spec.lang)
        context = self.context(spec)
        DEADLINE.start()
        try:
            html = self.env.get_template(spec.template).render(context)
        finally:
            DEADLINE.stop()
        return self.finish(spec, html, context["page"])

    def start(self, view: SiteView, lang: str = "") -> None:
        self.view = view
        self._base_url = self._base_path = None
        self.prefix = f"/{lang}" if lang else ""
        shown = lang or view.languages()[0]
        self.use_language(shown, view.messages(shown))
        self.planner = Planner(Images(view), self.rel)
        self.bodies = {}
        self.env.globals.update(site=view.config(), submit_url=view.forms()[0])

    def finish(self, spec: PageSpec, html: str, meta: PageMeta) -> RenderedPage:
        derivatives, photos, cards = self.planner.take()
        base_path = self.base_path()
        return RenderedPage(html, meta.title,
                            page_links(spec.url, spec.template, html, base_path),
                            derivatives, cards, photos, tuple(self.bodies), meta.alternates,
                            meta.original is None)

    # -- the page's language ----------------------------------------------------------------
    def use_language(self, lang: str, messages: Messages | None) -> None:
        """Interface strings, names, dates and numbers in `lang` from now on."""
        self.lang = lang
        self.tr = Translator(messages, lang)

    def gettext(self, message: str, **variables: Any) -> str:
        """A sentence the build writes (a description, a title), in the page's language;
        `%(name)s` placeholders are filled from `variables`."""
        found = self.tr.gettext(message)
        return found % variables if variables else found

    def ngettext(self, singular: str, plural: str, n: int, **variables: Any) -> str:
        found = self.tr.ngettext(singular, plural, n)
        return found % {"num": n, **variables}

    def number(self, value: float) -> str:
        return format_number(value, self.lang)

    def area(self, value: float) -> str:
        """An area as people write it: 7,225 or 28 or 0.5 (at most two decimals)."""
        return format_number(value, self.lang, decimals=2)

    def long_date(self, value: dt.date | None) -> str:
        if value and not isinstance(value, dt.date):
            raise TypeError(f"the filter 'long_date' takes a date, such as page.updated, and "
                            f"was given {kind_of(value)} ({str(value)[:40]!r})")
        return format_long_date(value, self.lang)

    def degrees(self, value: float, axis: str, other: float | None = None) -> str:
        """A latitude (axis 'lat') or longitude ('lon'): 7.25°\u00a0S, 39.45°\u00a0W; whole
        degrees only when it and the position's `other` number are whole (1.50° N, 77.00° W,
        not 1.50° N, 77° W)."""
        positive, negative = HEMISPHERES["lat" if axis == "lat" else "lon"]
        hemisphere = self.gettext(positive if value >= 0 else negative)
        whole = value == int(value) and (other is None or other == int(other))
        shown = format_fixed(abs(value), self.lang, 0 if whole else 2)
        return f"{shown}°\u00a0{hemisphere}"

    def country_name(self, iso3: str) -> str | None:
        return country_name(iso3, self.lang)

    def country_names(self, codes: Sequence[str]) -> str:
        return self.comma().join(self.country_names_of(codes).values())

    def comma(self) -> str:
        """The separator of a list's items in the page's language: ', ' or '、'."""
        return list_separator(self.lang)

    def country_names_of(self, codes: Sequence[str]) -> dict[str, str]:
        """Each country's name in the page's language, by its code (the code where it has
        none): for the scripts of listings and maps."""
        return {code: self.country_name(code) or code for code in codes}

    # -- helpers exposed to templates -------------------------------------------------------
    def base_url(self) -> str:
        """The site's address (asked of the view once per page: a link is made thousands
        of times a page)."""
        if self._base_url is None:
            self._base_url = self.view.base_url()
        return self._base_url

    def base_path(self) -> str:
        if self._base_path is None:
            from urllib.parse import urlsplit

            self._base_path = urlsplit(self.base_url()).path.rstrip("/")
        return self._base_path

    def rel(self, url: str) -> str:
        if url.startswith("/") and not url.startswith("//"):
            return self.base_path() + url
        return url

    def link(self, url: str) -> str:
        """A link from the page: to the same language's page where it leads to a page."""
        return self.rel(localized(url, self.prefix))

    def absolute(self, url: str) -> str:
        return self.base_url() + url.lstrip("/") if url.startswith("/") else url

    def asset(self, path: str) -> str:
        version = self.view.asset_version(path)
        if version is None:
            raise jinja2.TemplateRuntimeError(f"static file '{path}' does not exist")
        return self.rel(f"/{path}?v={version}")

    def picture(self, key: str | None, role: str = "hero") -> PictureView | None:
        return self.planner.picture(key, role)

    def body(self, doc: Document) -> Markup:
        if not isinstance(doc, (Page, AzeSite, NewsPost)):  # not a look-alike naming any file
            raise TypeError(f"rendered() takes a page, site or news post the template was "
                            f"given (doc, s, an item of sites or news), not {kind_of(doc)}")
        rendered = self.view.body(doc)
        self.bodies[self.view.text_path(doc)] = None  # a translation's, where it has one
        for key in rendered.photos:  # plan the derivatives of photos in the text
            self.planner.picture(key, "content")
        lang = self.view.body_lang(doc)
        if lang is not None:  # a text not translated yet: in the original, and marked so;
            # the original's page has it in its language's search index already
            return Markup(f'<div lang="{lang}"{self.dir_attr(lang)} data-pagefind-ignore>'  # noqa: S704
                          f"{rendered.html}</div>")
        return Markup(rendered.html)  # noqa: S704 (Markdown rendered by the build)

    def text_lang(self, doc: Document) -> str | None:
        """The language of a document's words where they are not the page's own (it is not
        translated yet), for a `lang` attribute: so they are read out, and hyphenated, as
        the language they are in."""
        return self.view.body_lang(doc)

    def dir_attr(self, lang: str | None) -> Markup:
        """` dir="rtl"` (or "ltr") for words in `lang` where the page's own language runs
        the other way: Arabic text on an English page, English text on an Arabic one."""
        if not lang or direction(lang) == direction(self.lang):
            return Markup("")
        return Markup(f' dir="{direction(lang)}"')  # noqa: S704

    def update_url(self, site: AzeSite) -> str | None:
        template = self.view.forms()[1]
        return template.replace("{slug}", site.slug) if template else None

    # -- page metadata ----------------------------------------------------------------------
    def meta(self, spec: PageSpec, title: str, description: str, hero: str | None = None,
             og_type: str = "website", doc: Document | None = None,
             shared: tuple[str, str | None, bool] | None = None) -> PageMeta:
        """`shared`: the (title, photo, whether translated) of the card a derived page links
        to instead of its own (a species page shows its site's card)."""
        config = self.view.config()
        here = self.languages(spec, doc)
        card_title, card_hero, translated = shared or (title, hero, here["original"] is None)
        # A text not translated keeps the original's card: one card per language only for
        # what is translated (thousands of untranslated sites would each draw another).
        site_title = config.title if translated else self.view.default_config().title
        card: str | None = None
        alt = card_title  # a card shows the title it was drawn with
        if config.social_cards:  # its photo's credit in the card's language, as its title
            words = self.tr if translated else Translator(self.view.messages(
                self.view.languages()[0]))
            card = self.planner.social_card(card_title, site_title, card_hero or config.hero,
                                            words.gettext("Credit: %(credit)s"))
        else:  # link previews fall back to the page's (or the site's) photo
            view = self.planner.picture(card_hero or config.hero, "hero")
            card = view.src.removeprefix(self.base_path()).lstrip("/") if view else None
            alt = view.alt if view and view.alt else card_title
        published = doc.date if isinstance(doc, NewsPost) else None
        return PageMeta(**here,
            title=title, description=description, url=self.rel(spec.url),
            hero=self.planner.picture(hero, "hero"),
            og_type=og_type, og_image=self.absolute("/" + card) if card else None, kind=spec.kind,
            og_image_alt=alt,
            published=published, updated=doc.updated if doc else None,
            indexed=indexed(spec.kind, spec.template) and not (doc is not None and doc.draft),
            draft=doc is not None and doc.draft,
        )

    def languages(self, spec: PageSpec, doc: Document | None) -> dict[str, Any]:
        """The page's language and its links to the same page in the others: alternates
        only between versions really translated, the switcher to every version."""
        langs = self.view.languages()
        default, lang = langs[0], spec.lang or langs[0]
        path = spec.url.removeprefix(self.prefix) if spec.lang else spec.url

        def url_in(other: str) -> str:
            return path if other == default else f"/{other}{path}"

        if doc is not None and spec.kind in ("page", "site", "news"):
            done = {default, *self.view.translated_in(doc.source.path)}
        else:  # made from facts and interface strings: translated where they are
            done = {other for other in langs
                    if other == default or self.view.messages(other) is not None}
        translated = lang in done
        alternates: tuple[tuple[str, str], ...] = ()
        if translated and len(done) > 1 and spec.kind != "404":  # one 404 page, the default's
            alternates = (*((other, self.absolute(url_in(other))) for other in langs
                            if other in done), ("x-default", self.absolute(path)))
        switcher = tuple(LanguageLink(other, language_name(other, tuple(langs)), self.rel(url_in(other)),
                                      other == lang, other in done)
                         for other in langs) if len(langs) > 1 and spec.kind != "404" else ()
        return {"lang": lang, "canonical": self.absolute(spec.url if translated else path),
                "body_lang": None if translated else default,
                "original": None if translated else self.rel(path), "alternates": alternates,
                "languages": switcher, "feed": self.rel(f"{self.prefix}/feed.xml")}

    def description(self, doc: Document) -> str:
        return doc.description or self.view.summary(doc) or self.view.config().description

    # -- contexts per page kind -------------------------------------------------------------
    def context(self, spec: PageSpec) -> dict[str, Any]:
        context = self._context(spec)
        data = self.structured_data(spec, context)
        if data is not None:
            data["inLanguage"] = context["page"].lang
        context["jsonld"] = Markup(jsonld.script_text(data)) if data else None  # noqa: S704
        return context

    def _context(self, spec: PageSpec) -> dict[str, Any]:
        if spec.kind == "page":
            return self.page_context(spec)
        if spec.kind == "site":
            return self.site_context(spec)
        if spec.kind == "news":
            post = self.view.document(spec.key)
            return {"page": self.meta(spec, post.title, self.description(post), post.hero,
                                      "article", doc=post), "doc": post}
        return listing_context(self, spec)

    def page_context(self, spec: PageSpec) -> dict[str, Any]:
        view = self.view
        doc = view.document(spec.key)
        config = view.config()
        is_home = spec.template == "home.html"
        title = config.title if is_home else doc.title
        return {"page": self.meta(spec, title, self.description(doc),
                                  doc.hero or (config.hero if is_home else None), doc=doc),
                "doc": doc, "toc": view.body(doc).toc, "audiences": view.audiences(),
                "categories": view.criteria(), "partners": view.partners(),
                "news": view.news()[:3], "sites": view.sites()}

    def site_context(self, spec: PageSpec) -> dict[str, Any]:
        view = self.view
        site = view.site(spec.key)
        countries = [c for iso3 in site.iso3 if (c := view.country(iso3)) is not None]
        return {"page": self.meta(spec, site.title, self.site_description(site), site.hero,
                                  doc=site),
                "s": site, "doc": site,
                "species": [view.species(sp.name) for sp in site.species],
                "countries": countries,
                "criteria": [self.criterion(code) for code in site.criteria]}

    def site_description(self, site: AzeSite) -> str:
        if site.description:
            return site.description
        names = join([sp.common_name or sp.name for sp in site.species], self.lang)
        countries = join([self.country_name(c) or c for c in site.iso3], self.lang)
        if not site.confirmed:
            return self.gettext("%(site)s, %(countries)s: home to %(species)s; its AZE status "
                                "has not been confirmed.", site=site.title, countries=countries,
                                species=names)
        return self.gettext("%(site)s, %(countries)s: an AZE site, last refuge of %(species)s.",
                            site=site.title, countries=countries, species=names)

    def criterion(self, code: str) -> dict[str, Any]:
        crit = self.view.criterion(code)
        if crit is None:
            return {"code": code, "title": code, "url": None}
        url = self.view.special_url("criteria")
        return {"code": code, "title": crit.title, "url": f"{url}#{crit.anchor}" if url else None}

    def data_terms(self) -> DataTerms:
        """The licence and citation of the downloads (site.yaml `data:`, or defaults): as the
        downloads give them, in the default language, which a translation cannot change."""
        config = self.view.default_config()
        other = "" if config.language == self.lang else config.language
        return DataTerms(license=config.data_license or self.gettext("See the site's terms"),
                         citation=config.data_citation
                         or default_citation(config.title, self.view.base_url()),
                         license_lang=other if config.data_license else "", citation_lang=other)

    def structured_data(self, spec: PageSpec, context: dict[str, Any]) -> dict[str, Any] | None:
        """schema.org JSON-LD of a page, from what its context holds."""
        page: PageMeta = context["page"]
        if spec.template == "home.html":
            config = self.view.config()
            return jsonld.website(config.title, self.view.base_url(), config.description,
                                  self.absolute(SEARCH_URL))
        if spec.template == "partners.html" and context.get("partners"):
            return jsonld.organizations(context["partners"])
        if spec.kind == "site":
            return jsonld.place(context["s"], page.canonical, page.description, page.og_image,
                                self.country_name)
        if spec.kind == "news" and isinstance(context.get("doc"), NewsPost):
            post = context["doc"]
            config = self.view.config()
            return jsonld.news_article(page.title, page.canonical, post.date, post.updated,
                                       page.description, page.og_image, config.title,
                                       self.view.base_url())
        return None
