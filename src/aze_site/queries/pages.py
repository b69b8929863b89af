"""Queries of pages: each page rendered (level 12) with what others read of it as its children
(13), credits (15).

A page reads the site through `NodeView`, so every document, body, catalogue entry,
count or photo a template actually shows is a recorded dependency of that page, and
nothing else is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import jinja2

from aze_site.content.translations import translation_path
from aze_site.engine import MISSING, Ctx, Query
from aze_site.errors import Diagnostic
from aze_site.images.maths import Derivative
from aze_site.images.planner import SocialCard
from aze_site.model import AzeSite, CriteriaCategory, Document, Image, NewsPost, Page, SiteConfig
from aze_site.queries.catalogue import CREDITS, credits_spec, credits_specs
from aze_site.queries.env import Env
from aze_site.queries.languages import in_language, localized_image
from aze_site.render.environment import LinkedOutside, TooSlow
from aze_site.render.i18n import Messages, collation_key, country_name
from aze_site.render.links import PageLinks
from aze_site.render.markdown import Rendered
from aze_site.render.pages import PageSpec
from aze_site.render.template_errors import template_diagnostic
from aze_site.render.view import Lazy
from aze_site.search.pagefind import indexed
from aze_site.slugs import output_file

# What a template's own code can raise (`{{ 1/0 }}`, the sandbox's range limit, a macro
# that calls itself): reported at the template's line, as its syntax errors are.
TEMPLATE_ERRORS = (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError,
                   StopIteration, LookupError, ArithmeticError, RecursionError, MemoryError,
                   SyntaxError)  # SyntaxError: nesting deeper than Python compiles
R = TypeVar("R")
ANY = frozenset({"*"})  # a page whose anchors are not known before it is rendered (credits)


@dataclass(frozen=True)
class PageValue:
    """What a rendered page is to the rest of the build (its HTML is an output)."""

    title: str
    links: PageLinks
    derivatives: frozenset[Derivative]
    cards: frozenset[SocialCard]
    photos: frozenset[str]
    bodies: tuple[str, ...]
    failed: bool = False
    alternates: tuple[tuple[str, str], ...] = ()
    translated: bool = True


class NodeView:
    """The `SiteView` of a page being computed: every question is a node read."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def config(self) -> Any:
        return self.ctx.get("config:")

    def base_url(self) -> str:
        return str(self.ctx.get("base:")[0])

    def image(self, key: str) -> Image | None:
        found = self.ctx.get(f"image:{key}")
        return None if found is MISSING else found

    def document(self, rel: str) -> Page | NewsPost:
        return self.ctx.get(f"facts:{rel}")  # type: ignore[no-any-return]

    def site(self, slug: str) -> AzeSite:
        return self.ctx.get(f"facts:content/sites/{slug}.md")  # type: ignore[no-any-return]

    def body(self, doc: Document) -> Rendered:
        return self.ctx.get(f"body:{doc.source.path}")  # type: ignore[no-any-return]

    def summary(self, doc: Document) -> str:
        return str(self.ctx.get(f"summary:{doc.source.path}"))

    def pages(self) -> Sequence[Page]:
        return Lazy(lambda: self.ctx.get("page_list:"))

    def news(self) -> Sequence[NewsPost]:
        return Lazy(lambda: self.ctx.get("news_list:"))

    def sites(self) -> Sequence[AzeSite]:
        return Lazy(lambda: self.ctx.get("site_list:"))

    def _entry(self, kind: str, key: str) -> Any:
        found = self.ctx.get(f"{kind}:{key}")
        return None if found is MISSING else found

    def _entries(self, kind: str, field: str) -> Sequence[Any]:
        return Lazy(lambda: [self.ctx.get(f"{kind}:{k}")
                             for k in getattr(self.ctx.get("catalogue:"), field)])

    def species(self, name: str) -> Any:
        return self._entry("species", name)

    def species_list(self) -> Sequence[Any]:
        return self._entries("species", "species")

    def country(self, iso3: str) -> Any:
        return self._entry("country", iso3)

    def countries(self) -> Sequence[Any]:
        return self._entries("country", "countries")

    def category(self, code: str) -> Any:
        return self._entry("category", code)

    def categories(self) -> Sequence[Any]:
        return self._entries("category", "categories")

    def group(self, code: str) -> Any:
        return self._entry("group", code)

    def groups(self) -> Sequence[Any]:
        return self._entries("group", "groups")

    def stats(self) -> Mapping[str, int]:
        return self.ctx.get("stats:")  # type: ignore[no-any-return]

    def criteria(self) -> Sequence[Any]:
        return self.ctx.get("criteria:")  # type: ignore[no-any-return]

    def criterion(self, code: str) -> Any:
        for cat in self.ctx.get("criteria:"):
            for crit in cat.criteria:
                if crit.code == code:
                    return crit
        return None

    def partners(self) -> Sequence[Any]:
        return self.ctx.get("partners:")  # type: ignore[no-any-return]

    def audiences(self) -> Sequence[Any]:
        return Lazy(lambda: self.ctx.get("audiences:"))

    def special_url(self, layout: str) -> str | None:
        return self.ctx.get(f"special:{layout}")  # type: ignore[no-any-return]

    def asset_version(self, path: str) -> str | None:
        return self.ctx.get(f"asset:{path}")  # type: ignore[no-any-return]

    def photo_usage(self) -> Mapping[str, Sequence[tuple[str, str, str]]]:
        return self.ctx.get(f"photo_usage:{self.lang()}")  # type: ignore[no-any-return]

    def site_filters(self) -> Mapping[str, Any]:
        return self.ctx.get("filters:")  # type: ignore[no-any-return]

    def map_view(self, country: str) -> Any:
        return self.ctx.get(f"mapview:{country}")

    def forms(self) -> tuple[str | None, str | None]:
        return self.ctx.get("forms:")  # type: ignore[no-any-return]

    def lang(self) -> str:
        return ""

    def default_config(self) -> Any:
        return self.ctx.get("config:")

    def languages(self) -> tuple[str, ...]:
        return self.ctx.get("languages:")  # type: ignore[no-any-return]

    def messages(self, lang: str) -> Messages | None:
        return self.ctx.get(f"messages:{lang}")  # type: ignore[no-any-return]

    def translated_in(self, rel: str) -> tuple[str, ...]:
        return self.ctx.get(f"translated_in:{rel}")  # type: ignore[no-any-return]

    def body_lang(self, doc: Document) -> str | None:
        return None  # the default language's bodies are in it

    def text_path(self, doc: Document) -> str:
        return doc.source.path


class LangView(NodeView):
    """The view of a page in a language besides the default one: documents, names and
    catalogue entries in that language (translated where a translation says so)."""

    def __init__(self, ctx: Ctx, lang: str) -> None:
        super().__init__(ctx)
        self._lang = lang
        # Made once a page (a view lives for one page; what they read is recorded the
        # first time): a factsheet asks for the criteria once for each of its own.
        self._config: Any = None
        self._criteria: Sequence[Any] | None = None

    def lang(self) -> str:
        return self._lang

    def config(self) -> Any:
        if self._config is None:
            config = self.ctx.get("config:")
            found = self.ctx.get(f"yaml_usable:{self._lang}|site")
            self._config = same_inputs(localized_config, config, found or _UNTRANSLATED)
        return self._config

    def document(self, rel: str) -> Page | NewsPost:
        return in_language(self.ctx, self._lang, rel)  # type: ignore[return-value]

    def site(self, slug: str) -> AzeSite:
        return self.document(f"content/sites/{slug}.md")  # type: ignore[return-value]

    def text_path(self, doc: Document) -> str:
        return self._text_rel(doc)

    def _text_rel(self, doc: Document) -> str:
        rel = doc.source.path
        found = self.ctx.get(f"usable:{self._lang}|{rel}")
        return translation_path(rel, self._lang) if found is not None else rel

    def body(self, doc: Document) -> Rendered:
        return self.ctx.get(f"body:{self._text_rel(doc)}")  # type: ignore[no-any-return]

    def summary(self, doc: Document) -> str:
        return str(self.ctx.get(f"summary:{self._text_rel(doc)}"))

    def body_lang(self, doc: Document) -> str | None:
        return None if self._text_rel(doc) != doc.source.path else self.languages()[0]

    def pages(self) -> Sequence[Page]:
        return Lazy(lambda: self.ctx.get(f"pages_in:{self._lang}"))

    def news(self) -> Sequence[NewsPost]:
        return Lazy(lambda: self.ctx.get(f"news_in:{self._lang}"))

    def sites(self) -> Sequence[AzeSite]:
        return Lazy(lambda: self.ctx.get(f"sites_in:{self._lang}"))

    def _site(self, site: AzeSite) -> AzeSite:
        return in_language(self.ctx, self._lang, site.source.path)  # type: ignore[return-value]

    # An entry's sites (or species) are localized when a template goes through them, not
    # before: a factsheet names its country, and must not read every site of that country.
    def _species(self, entry: Any) -> Any:
        first = self._site(entry.sites[0]) if entry.sites else None
        common = next((sp.common_name for sp in first.species if sp.name == entry.name),
                      entry.common_name) if first is not None else entry.common_name
        rest = entry.sites
        return dataclasses.replace(entry, sites=Lazy(lambda: [self._site(s) for s in rest]),
                                   common_name=common)

    def _country(self, entry: Any) -> Any:
        rest = entry.sites
        return dataclasses.replace(entry, name=country_name(entry.iso3, self._lang) or entry.iso3,
                                   sites=Lazy(lambda: [self._site(s) for s in rest]))

    def _holder(self, entry: Any) -> Any:  # a Red List category or a group: its species
        rest = entry.species
        return dataclasses.replace(entry, species=Lazy(lambda: [self._species(sp) for sp in rest]))

    def _entry(self, kind: str, key: str) -> Any:
        found = super()._entry(kind, key)
        return None if found is None else self._localize(kind, found)

    def _localize(self, kind: str, entry: Any) -> Any:
        if kind == "species":
            return self._species(entry)
        if kind == "country":
            return self._country(entry)
        return self._holder(entry)

    def _entries(self, kind: str, field: str) -> Sequence[Any]:
        def load() -> list[Any]:
            found = [self._localize(kind, self.ctx.get(f"{kind}:{k}"))
                     for k in getattr(self.ctx.get("catalogue:"), field)]
            if kind == "country":
                found.sort(key=lambda c: collation_key(c.name))
            return found

        return Lazy(load)

    def image(self, key: str) -> Image | None:
        found = super().image(key)
        return localized_image(self.ctx, self._lang, found) if found is not None else None

    def criteria(self) -> Sequence[Any]:
        if self._criteria is None:
            found = self.ctx.get(f"yaml_usable:{self._lang}|criteria")
            self._criteria = same_inputs(localized_criteria, self.ctx.get("criteria:"),
                                         found or _UNTRANSLATED, self.languages()[0])
        return self._criteria

    def criterion(self, code: str) -> Any:
        return next((crit for cat in self.criteria() for crit in cat.criteria
                     if crit.code == code), None)

    def partners(self) -> Sequence[Any]:
        found = self.ctx.get(f"yaml_usable:{self._lang}|partners")
        return same_inputs(localized_partners, self.ctx.get("partners:"), found or _UNTRANSLATED,
                           self.languages()[0])

    def audiences(self) -> Sequence[Any]:
        def load() -> Sequence[Any]:
            found = self.ctx.get(f"yaml_usable:{self._lang}|audiences")
            return same_inputs(localized_audiences, self.ctx.get("audiences:"),
                               found or _UNTRANSLATED, self.languages()[0])

        return Lazy(load)


# Results of the pure functions below, by the identity of their arguments (engine values,
# kept here so that no id is reused while its entry lives): a worker renders thousands of
# pages in a language, each reading the same criteria, partners and site.yaml, and would
# localize them again for each. The reads stay the page's own (its dependencies).
_SAME: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}


def same_inputs(function: Callable[..., R], *args: Any) -> R:
    """`function(*args)`, from the last call with these very objects if there was one."""
    key = (function, *map(id, args))
    found = _SAME.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], args, strict=True)):
        return found[1]  # type: ignore[no-any-return]
    if len(_SAME) >= 256:  # old values (the dev server's last runs) are let go
        _SAME.clear()
    result = function(*args)
    _SAME[key] = (args, result)
    return result


def localized_partners(partners: Sequence[Any], table: dict[str, dict[str, Any]],
                       original: str) -> tuple[Any, ...]:
    return localized_entries(partners, table, lambda p: p.anchor, original)


def localized_audiences(audiences: Sequence[tuple[Any, str]], table: dict[str, dict[str, Any]],
                        original: str) -> tuple[tuple[Any, str], ...]:
    return tuple((localized_entries((a,), table, lambda a: a.page, original)[0], url)
                 for a, url in audiences)


_UNTRANSLATED: dict[str, dict[str, Any]] = {}  # one object: same_inputs knows it again


def localized_config(config: SiteConfig, table: dict[str, dict[str, Any]]) -> SiteConfig:
    """site.yaml in a language: its title, description and menu titles from site.<lang>.yaml;
    a menu title it does not translate is marked as the original's language."""
    top = table.get("", {})
    nav = tuple(dataclasses.replace(item, title=table[item.url]["title"]) if item.url in table
                else dataclasses.replace(item, lang=config.language) for item in config.nav)
    return dataclasses.replace(config, title=top.get("title", config.title),
                               description=top.get("description", config.description), nav=nav)


def localized_entries(items: Sequence[Any], table: dict[str, dict[str, Any]],
                      key: Callable[[Any], str], original: str) -> tuple[Any, ...]:
    """Entries of a YAML file with the text of their translation (keyed by `key`); one it
    does not translate is marked as in the `original` language."""
    found = []
    for item in items:
        text = table.get(key(item))
        names = {f.name for f in dataclasses.fields(item)} if text else set()
        found.append(dataclasses.replace(item, **{k: v for k, v in text.items() if k in names})
                     if text else dataclasses.replace(item, lang=original))
    return tuple(found)


def localized_criteria(categories: Sequence[CriteriaCategory], table: dict[str, dict[str, Any]],
                       original: str) -> tuple[CriteriaCategory, ...]:
    return tuple(dataclasses.replace(localized_entries((cat,), table,
                                                       lambda c: f"category {c.code}", original)[0],
                                     criteria=localized_entries(cat.criteria, table,
                                                                lambda c: c.code, original))
                 for cat in categories)


def render(env: Env, ctx: Ctx, spec: PageSpec) -> PageValue:
    """Render one page, publish its HTML, and report a template error at its line."""
    unusable = ctx.get("unusable_templates:")
    template = ctx.get(f"template:{spec.template}")
    if template is MISSING:
        if spec.template not in unusable:  # else said at the template's file
            ctx.report([missing_template(spec.template, bool(ctx.get("templates:")))])
        return _failed(spec)
    if isinstance(template, tuple):  # what it would lose, said at the template's line instead
        ctx.report(list(template))
        return _failed(spec)
    renderer = env.renderer()
    renderer.use(spec.template, template)
    slow = renderer.too_slow.get((spec.template, template))
    if slow is not None:  # ran out of time on a page before: each page would wait as long
        ctx.report([slow])
        return _failed(spec)
    try:
        view = LangView(ctx, spec.lang) if spec.lang else NodeView(ctx)
        page = renderer.render(view, spec)
        html = page.html.encode("utf-8")
    except (*TEMPLATE_ERRORS, UnicodeEncodeError) as exc:
        renderer.planner.take()
        if isinstance(exc, UnicodeEncodeError):  # no line: the page is encoded once made
            ctx.report([Diagnostic("templates", 0, 0, "error", (
                f"a template writes {exc.object[exc.start]!a}, half of a character pair, "
                "which is not text, into pages: write the character whole"))])
        elif not _said_at_scan(exc, unusable):
            diag: Diagnostic = template_diagnostic(exc, env.root, env.root / "templates",
                                                   renderer.env)
            ctx.report([diag])
            if isinstance(exc, TooSlow):
                renderer.too_slow[(spec.template, template)] = diag
        return _failed(spec)
    if not html.strip():  # an empty template: nothing an editor wrote is published blank
        renderer.planner.take()
        ctx.report([Diagnostic(f"templates/{spec.template}", 0, 0, "error", (
            "this template writes nothing: the pages made with it would be blank (was its "
            "text deleted by mistake?)"))])
        return _failed(spec)
    ctx.output(output_file(spec.url), html, indexed=indexed(spec.kind, spec.template))
    return PageValue(page.title, page.links, page.derivatives, page.cards, page.photos,
                     page.bodies, alternates=page.alternates, translated=page.translated)


def _said_at_scan(exc: BaseException, unusable: frozenset[str]) -> bool:
    """An error the scan of templates/ said once (catalogue.templates): a template that
    cannot be read, or one that others name and that is not there."""
    if isinstance(exc, (LinkedOutside, UnicodeDecodeError)):
        return bool(unusable)
    return isinstance(exc, jinja2.TemplateNotFound) and exc.name in unusable


def missing_template(name: str, any_template: bool) -> Diagnostic:
    """The one line for every page made with a template that is not there (each page
    says the same, so it is said once), or for all of them when the folder is gone."""
    if not any_template:
        return Diagnostic("templates", 0, 0, "error", "the templates/ folder is missing or "
                          "empty: every page is made with a template from it")
    return Diagnostic("templates", 0, 0, "error",
                      f"template '{name}' not found: there is no templates/{name}")


def _failed(spec: PageSpec) -> PageValue:
    return PageValue("", PageLinks(spec.url, spec.template, "", ""), frozenset(),
                     frozenset(), frozenset(), (), True)


def page(env: Env, ctx: Ctx, url: str) -> PageValue | None:
    """A page rendered; its children are what other nodes read of it (see `projections`)."""
    spec = ctx.get(f"spec:{url}")
    value = None if spec is MISSING else render(env, ctx, spec)
    ctx.emit({f"{kind}:{url}": found for kind, found in projections(ctx, url, spec, value).items()})
    return value


def credits(env: Env, ctx: Ctx, lang: str) -> PageValue:
    return render(env, ctx, credits_spec(lang))


def projections(ctx: Ctx, url: str, spec: Any, value: PageValue | None) -> dict[str, Any]:
    """The parts of a page other nodes read, each a child node of the page: made where the
    page is rendered (no second pass over every page), and a change of the page that leaves
    a part as it was wakes none of that part's readers."""
    return {
        "anchors": anchors(ctx, url, spec, value),
        "page_meta": (value.title, value.photos, value.translated) if value is not None and value.photos
        else None,
        "page_files": (value.derivatives, value.cards) if value is not None else (frozenset(),
                                                                                  frozenset()),
        "versions": (True, ()) if value is None else (value.translated, value.alternates),
        "lastmod": None if spec is MISSING else lastmod(ctx, spec),
    }


def anchors(ctx: Ctx, url: str, spec: Any, value: PageValue | None) -> frozenset[str] | None:
    """The ids a link to the page may name; None: no page there."""
    if value is None:
        if url.endswith(CREDITS.url) and url in {s.url for s in credits_specs(ctx)}:
            return ANY  # rendered by its own node, after the pages it credits
        if url in ctx.get("failed_urls:"):
            return ANY  # a document whose error is reported: links to it stay quiet
        return None
    if value.failed or url in ctx.get("clashed:"):
        return ANY  # its template error, or the pages claiming its address, are reported:
        # links to it stay quiet
    if spec is not MISSING and spec.template == "criteria.html" and ctx.get("criteria_failed:"):
        return ANY  # criteria.yaml's error is reported: the criteria's anchors are not known
    return value.links.ids()


def lastmod(ctx: Ctx, spec: PageSpec) -> dt.date | None:
    """The date the sitemap gives for a page (what a page shows changed last)."""
    if spec.kind in ("page", "news"):
        doc = ctx.get(f"facts:{spec.key}")
        return doc.updated or getattr(doc, "date", None)
    if spec.kind == "site":
        return ctx.get(f"facts:content/sites/{spec.key}.md").updated  # type: ignore[no-any-return]
    sites: Sequence[AzeSite] = ()
    if spec.kind == "sites":
        from aze_site.render import paging

        every = ctx.get("site_list:")  # the first page stands for the whole index
        sites = paging.page_slice(every, paging.page_number(spec.key)) if spec.key else every
    elif spec.kind in ("country", "species"):
        entry = ctx.get(f"{spec.kind}:{spec.key}")
        sites = () if entry is MISSING else entry.sites
    else:
        return None
    return max((s.updated for s in sites if s.updated), default=None)


PROJECTIONS = ("anchors", "page_meta", "page_files", "versions", "lastmod")


def _page_key(url: str) -> str:
    return f"page:{url}"


def queries(env: Env) -> dict[str, Query]:
    return {
        "page": Query(12, partial(page, env), parallel=True),
        **{kind: Query(13, parent=_page_key) for kind in PROJECTIONS},
        "credits": Query(15, partial(credits, env)),
    }
