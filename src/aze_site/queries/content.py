"""Queries of the content: site-wide YAML files, each Markdown document, what is published.

Levels: 0 inputs; 2 images, criteria, partners; 3 each photo, criteria codes; 4 config
and each document; 5 what the rest takes from a document (its facts without the text,
its text, its status, its photos) and the base URL; 6 what is published and where each
content path leads; 7 bodies and the lists of published documents; 8 summaries and
the published sites whose position is coarsened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import Any
from unicodedata import normalize

from aze_site.content.documents import NEWS_NAME
from aze_site.content.reading import missing
from aze_site.content.sensitive import numbers_in
from aze_site.content.settings import SITE_HOLDS
from aze_site.content.translations import YAML_FILES, parts
from aze_site.engine import MISSING, Ctx, Query
from aze_site.errors import Diagnostic, Level, Report
from aze_site.files import FLAGGED, LINK, LINKED, WARNED, not_a_file
from aze_site.images.planner import PictureView, Planner, photo_problem
from aze_site.model import AzeSite, Document, Image, NewsPost, Page, SiteConfig, written_wdkba_id
from aze_site.queries.env import Env, NodeImages, say_flag, text_of
from aze_site.queries.languages import localized_image, misnamed_translation
from aze_site.render.i18n import collation_key, localized
from aze_site.render.markdown import BACKLINK, DRAFT, TRANSLATION
from aze_site.render.markdown import UNREADABLE as FAILED
from aze_site.slugs import coarsen, page_url, species_slug

KINDS = ("pages", "news", "sites")
STAND_IN = SiteConfig("", "https://invalid.invalid/", "en", "", None, (), None, None, True)


LAYOUT_TEMPLATES = {"home": "home.html", "criteria": "criteria.html", "partners": "partners.html"}


def document_template(kind: str, layout: str) -> str:
    """The template a document's page is made with (its kind's; a page's, its layout's)."""
    if kind == "sites":
        return "site.html"
    return "news.html" if kind == "news" else LAYOUT_TEMPLATES.get(layout, "page.html")


@dataclass(frozen=True)
class Status:
    """What the rest of the build needs to know of a document without reading it."""

    url: str
    kind: str  # pages | news | sites
    layout: str
    draft: bool
    failed: bool  # its front matter has errors: it is not published
    date: dt.date | None = None  # news


@dataclass(frozen=True)
class Published:
    """The documents of the site, by kind, in the order pages list them."""

    pages: tuple[str, ...]  # source paths
    news: tuple[str, ...]  # newest first
    sites: tuple[str, ...]
    invalid: tuple[str, ...]  # failed documents: their text is still link-checked
    all_pages: tuple[str, ...]  # valid pages, drafts too (calls to action may name them)
    documents: tuple[str, ...]  # every Markdown document
    translations: tuple[str, ...] = ()  # every translation file (x.es.md, criteria.fr.yaml)
    linked: tuple[str, ...] = ()  # folders of documents that are links, never read through

    def shown(self) -> tuple[str, ...]:
        return (*self.pages, *self.news, *self.sites)

    def failed_pages(self) -> tuple[str, ...]:
        """Pages that could not be loaded (reported): what names them reports nothing more."""
        return tuple(rel for rel in self.invalid if rel.startswith("content/pages/"))


def facts_of(doc: Document) -> Document:
    """What pages may show of a document: all but its text and its old addresses (which
    only the redirects read)."""
    return dataclasses.replace(doc, body="", body_line=0, aliases=())


def yaml_input(ctx: Ctx, rel: str) -> None:
    """A YAML file of content/ as an input; when it cannot be read as a file (missing, or a
    named pipe, a folder...: the loader says which, looking at it), its listing too, so
    that what is said follows what it is."""
    if ctx.get(f"file:{rel}") is None:
        ctx.get("dir:content")


def images(env: Env, ctx: Ctx, _: str) -> tuple[str, ...]:
    ctx.get("file:content/images/images.yaml")
    listed = ctx.get("dir:content/images")
    for rel, flag in listed:
        ctx.get(f"file:{rel}")
        if flag and flag != LINK and rel != "content/images/images.yaml":  # that: the loader's
            say_flag(ctx, rel, flag)  # a link: images.yaml's entry for it says so
    report = Report()
    loader = env.loader(ctx, report)
    loader.images = {}
    loader.photo_files = tuple(rel.removeprefix("content/images/") for rel, flag in listed
                               if not flag)
    loader.load_images()
    ctx.report(report.items)
    ctx.emit({**{f"image:{key}": image for key, image in loader.images.items()},
              "images_unreadable:": loader.images_unreadable})
    return tuple(sorted(loader.images))


def config(env: Env, ctx: Ctx, _: str) -> SiteConfig:
    if (found := ctx.get("file:content/site.yaml")) in (None, LINKED):
        ctx.get("dir:content")  # what it is, if not a file: a named pipe gone is missing
        problem = not_a_file(env.root / "content/site.yaml") or missing(SITE_HOLDS)
        ctx.error("content/site.yaml", 0, 0, problem if found is None else FLAGGED[LINK])
        ctx.emit({"config_failed:": True})
        return STAND_IN
    report = Report()
    loader = env.loader(ctx, report)
    loader.base_url = ctx.get("option:base_url")
    found = loader.load_config()
    ctx.report(report.items)
    ctx.emit({"config_photos:": tuple(sorted(loader.used_images)),
              "form_paths:": tuple(loader.form_paths),
              "nav_paths:": tuple(loader.nav_paths),
              "languages_at:": loader.languages_at,
              "config_failed:": found is None})
    return found or STAND_IN


def criteria(env: Env, ctx: Ctx, _: str) -> tuple[Any, ...]:
    yaml_input(ctx, "content/criteria.yaml")
    report = Report()
    found = env.loader(ctx, report).load_criteria()
    ctx.report(report.items)
    failed = bool(report.errors)
    # the codes sites are checked against: none when the file has errors (reported there),
    # so that a code renamed into a repeat is one error, not one more at each site using it
    ctx.emit({"criteria_failed:": failed,
              "criteria_codes:": frozenset() if failed else
              frozenset(c.code for cat in found for c in cat.criteria)})
    return found


def partners(env: Env, ctx: Ctx, _: str) -> tuple[Any, ...]:
    yaml_input(ctx, "content/partners.yaml")
    report = Report()
    found = env.loader(ctx, report).load_partners()
    ctx.report(report.items)
    ctx.emit({"partners_failed:": bool(report.errors)})
    return found


def document(env: Env, ctx: Ctx, rel: str) -> Any:
    data = text_of(env, ctx, rel)
    if data is None:
        return None
    found = numbers_in(rel, data)  # what secrets.secret_elsewhere reads; most files have none
    ctx.emit({f"numbers:{rel}": found} if found else {})
    report = Report()
    loader = env.loader(ctx, report, ctx.get("criteria_codes:"))
    kind = rel.split("/")[1]
    load_one = {"pages": loader.page_file, "news": loader.news_file,
                "sites": loader.site_file}[kind]
    result = loader.load_isolated(env.root / rel, load_one)
    ctx.report(result.diagnostics)
    return result


def facts(env: Env, ctx: Ctx, rel: str) -> Document | None:
    result = ctx.get(f"document:{rel}")
    return facts_of(result.doc) if result is not None and result.doc is not None else None


def text(env: Env, ctx: Ctx, rel: str) -> tuple[str, str, str, int] | None:
    found = parts(rel)
    if found is not None:  # a translation: its text at its original's address in its language
        value = ctx.get(f"translation:{rel}")
        st: Status | None = ctx.get(f"status:{found[0]}")
        if value is None or st is None or st.failed or not hasattr(value, "body"):
            return None
        return rel, f"/{found[1]}{st.url}", value.body, value.body_line
    result = ctx.get(f"document:{rel}")
    doc = result and (result.doc or result.invalid)
    return (doc.source.path, doc.url, doc.body, doc.body_line) if doc else None


def untold(env: Env, ctx: Ctx, rel: str) -> bool:
    """Whether a document, or a translation, has no text below its fields (a node of its
    own: what reads it changes when the text comes or goes, not at each edit of it)."""
    found = ctx.get(f"text:{rel}")
    return found is None or not found[2].strip()


def status(env: Env, ctx: Ctx, rel: str) -> Status | None:
    result = ctx.get(f"document:{rel}")
    if result is None:
        return None
    kind = rel.split("/")[1]
    doc = result.doc
    if doc is None:
        url = result.invalid.url if result.invalid is not None else ""
        return Status(url, kind, "", False, True)
    return Status(doc.url, kind, getattr(doc, "layout", ""), doc.draft, False,
                  doc.date if isinstance(doc, NewsPost) else None)


def photos(env: Env, ctx: Ctx, rel: str) -> tuple[str, ...]:
    result = ctx.get(f"document:{rel}")
    return result.images if result is not None else ()


def _documents(ctx: Ctx, kind: str, paths: list[str], translations: list[str]) -> None:
    """The files of content/<kind>/ sorted into documents and translations; what is neither
    is said so, as work put there must not vanish unseen (.gitkeep and the like aside)."""
    langs = ctx.get("languages:")
    for rel, flag in ctx.get(f"dir:content/{kind}"):
        if flag:
            say_flag(ctx, rel, flag)
        elif misnamed_translation(rel, langs) is not None:  # x.pt-br.md: no 'pt-br'
            continue  # said by translation_checks, with the others written alike
        elif parts(rel) is not None:
            translations.append(rel)
        elif rel.endswith(".md"):
            paths.append(rel)
        elif not rel.rsplit("/", 1)[-1].startswith("."):
            ctx.warning(rel, 0, 0, f"not read: only Markdown files (.md) in content/{kind}/ "
                        "become pages")


def published(env: Env, ctx: Ctx, _: str) -> Published:
    drafts = ctx.get("option:drafts")
    paths: dict[str, list[str]] = {kind: [] for kind in KINDS}
    translations: list[str] = []
    for kind in KINDS:
        _documents(ctx, kind, paths[kind], translations)
    for lang in ctx.get("languages:")[1:]:  # site-wide YAML files in the site's languages
        translations += [rel for name in YAML_FILES
                         if ctx.get(f"file:{(rel := f'content/{name}.{lang}.yaml')}") is not None]
    every = [rel for kind in KINDS for rel in paths[kind]]
    ctx.require(f"document:{rel}" for rel in every)  # loaded in parallel on a cold build
    shown: dict[str, list[str]] = {kind: [] for kind in KINDS}
    invalid, all_pages, dates = [], [], {}
    for rel in every:
        st: Status | None = ctx.get(f"status:{rel}")
        if st is None:
            continue
        if st.failed:
            invalid.append(rel)
            continue
        if st.kind == "pages":
            all_pages.append(rel)
        if drafts or not st.draft:
            shown[st.kind].append(rel)
            dates[rel] = (st.date, st.url)
    news = sorted(shown["news"], key=lambda r: dates[r], reverse=True)
    return Published(tuple(shown["pages"]), tuple(news), tuple(shown["sites"]),
                     tuple(invalid), tuple(all_pages), tuple(every), tuple(translations),
                     tuple(f"content/{kind}" for kind in KINDS if ctx.get(f"linked_folder:{kind}")))


def failed_urls(env: Env, ctx: Ctx, _: str) -> frozenset[str]:
    """The addresses, in every language, of the documents that could not be loaded: each
    has its error, and the links and menu entries that lead there report nothing more."""
    urls = {ctx.get(f"status:{rel}").url for rel in ctx.get("published:").invalid}
    urls.update(url for rel in ctx.get("unreadable:") if (url := _document_url(rel)))
    prefixes = ["", *(f"/{lang}" for lang in ctx.get("languages:")[1:])]
    return frozenset(localized(url, prefix) for url in urls if url for prefix in prefixes)


def url_of(env: Env, ctx: Ctx, path: str) -> str | None:
    translated = parts(f"content/{path}")
    if translated is not None:  # a translation is no page of its own: its link says so
        return TRANSLATION + translated[0].removeprefix("content/")
    st: Status | None = ctx.get(f"status:content/{path}")
    if st is None:  # not there; or no file, or in a folder that is a link (its error says so)
        return FAILED if ctx.get(f"linked_folder:{path.split('/')[0]}") or \
            f"content/{path}" in ctx.get("unreadable:") else None
    if st.failed:
        return FAILED  # its own error says what is wrong: links to it stay quiet
    if st.draft:  # with --drafts its page is there, the link marked: an error without
        return DRAFT + st.url if ctx.get("option:drafts") else DRAFT
    return st.url


def unreadable(env: Env, ctx: Ctx, _: str) -> frozenset[str]:
    """The documents of content/ that are there as no file (a symbolic link, a named pipe):
    each has its one error at its path, and what leads to it says nothing more. A folder
    named like one is only warned about: the links to it say there is no page."""
    return frozenset(rel for kind in KINDS for rel, flag in ctx.get(f"dir:content/{kind}")
                     if flag and flag not in WARNED and rel.endswith(".md") and parts(rel) is None)


def _document_url(rel: str) -> str | None:
    """The address a document of content/ would have, from its path alone."""
    kind, _, name = rel.removeprefix("content/").partition("/")
    if kind == "pages":
        return page_url(PurePosixPath(name))
    dated = NEWS_NAME.match(name)
    if kind == "news" and dated:
        return f"/news/{dated[2]}/"
    return f"/sites/{name.removesuffix('.md')}/" if kind == "sites" else None


def linked_folder(env: Env, ctx: Ctx, kind: str) -> bool:
    """content/<kind> is a symbolic link: nothing in it is read, and what names a file
    there says nothing more than its one error."""
    return kind in KINDS and ctx.get(f"dir:content/{kind}") == ((f"content/{kind}", LINK),)


def base(env: Env, ctx: Ctx, _: str) -> tuple[str, str]:
    from urllib.parse import urlsplit

    url = ctx.get("option:base_url") or ctx.get("config:").base_url
    url = url if url.endswith("/") else url + "/"
    return url, urlsplit(url).path.rstrip("/")


def body(env: Env, ctx: Ctx, rel: str) -> Any:
    found = ctx.get(f"text:{rel}")
    if found is None:
        return None
    source, url, text_, line = found
    _, base_path = ctx.get("base:")
    found_parts = parts(rel)
    images = NodeImages(ctx) if found_parts is None else LangImages(ctx, found_parts[1])
    planner = Planner(images, lambda u: base_path + u)

    def picture(key: str) -> PictureView | str:
        # `é` typed as one character, the file's name (and its entry) holding two, or the reverse
        key = next((form for form in (key, normalize("NFC", key), normalize("NFD", key))
                    if images.get(form) is not None), key)
        problem = photo_problem(images, key)
        view = None if problem else planner.picture(key, "content")
        if view is None and images.get(key) is not None:
            return ""  # its entry cannot be used: reported there, once (checks.photo_checks)
        return view or problem or f"photo '{key}' cannot be shown"

    prefix = f"/{found_parts[1]}" if found_parts else ""  # a translation links in its language
    rendered = env.markdown().render(source.removeprefix("content/"), url, text_, line,
                                     Urls(ctx, prefix), base_path, picture,
                                     raw_html=ctx.get("raw_html:"),
                                     backlink=_backlink(ctx, text_, found_parts),
                                     layout_ids=_template_ids(ctx, rel, found_parts))
    for pline, col, message in rendered.problems:
        ctx.error(source, pline, col, message)
    for pline, col, message in rendered.warnings:
        ctx.warning(source, pline, col, message)
    if rendered.draft_links and not _draft(ctx, rel):  # else both are left out when published
        ctx.report([Diagnostic(source, pline, col, "warning", message, draft=True)
                    for pline, col, message in rendered.draft_links])
    ctx.emit({f"body_photos:{rel}": rendered.photo_refs})  # what checks.photo_checks reads
    return rendered


def _template_ids(ctx: Ctx, rel: str, found_parts: tuple[str, str] | None) -> frozenset[str]:
    """The ids the templates of the body's page give elements of their own (none where
    that template is not there: its page is not made)."""
    st: Status | None = ctx.get(f"status:{found_parts[0] if found_parts else rel}")
    ids = MISSING if st is None else ctx.get(
        f"template_ids:{document_template(st.kind, st.layout)}")
    return frozenset() if ids is MISSING else ids


def _draft(ctx: Ctx, rel: str) -> bool:
    """Whether a document, or a translation, is a draft (or its original is)."""
    found = parts(rel)
    st: Status | None = ctx.get(f"status:{found[0] if found else rel}")
    value = ctx.get(f"translation:{rel}") if found else None
    return (st is None or st.draft) or bool(getattr(value, "draft", False))


def _backlink(ctx: Ctx, text_: str, found_parts: tuple[str, str] | None) -> str:
    """A footnote's back link title in the body's language (only a body with footnotes
    reads the language's messages, so a change of them re-renders no other)."""
    if "[^" not in text_:
        return BACKLINK
    lang = found_parts[1] if found_parts else ctx.get("languages:")[0]
    messages = ctx.get(f"messages:{lang}")
    return messages.singular.get(BACKLINK, BACKLINK) if messages is not None else BACKLINK


def forms(env: Env, ctx: Ctx, _: str) -> tuple[str | None, str | None]:
    """The form addresses pages link to; a path must be a page of the site (else it is
    reported at its line of site.yaml, and no page links to it)."""
    config = ctx.get("config:")
    paths = ctx.get("form_paths:")
    published = ctx.get("published:")
    if published.linked:  # the pages are not read: no form path can be checked
        return None, None
    pages = [_Url(ctx.get(f"status:{rel}").url)
             for rel in (*published.pages, *published.failed_pages())]
    report = Report()
    loader = env.loader(ctx, report)
    loader.form_paths = list(paths) if paths is not MISSING else []
    checked = loader.check_forms(pages, config)  # type: ignore[arg-type]
    ctx.report(report.items)
    return checked.submit_url, checked.update_url


def raw_html(env: Env, ctx: Ctx, _: str) -> bool:
    return bool(ctx.get("config:").raw_html)


def summary(env: Env, ctx: Ctx, rel: str) -> str:
    rendered = ctx.get(f"body:{rel}")
    return rendered.summary if rendered is not None else ""


def listed(kind: str, ctx: Ctx, _: str) -> tuple[Document, ...]:
    """The published documents of one kind (facts only), sites by name."""
    found = [ctx.get(f"facts:{rel}") for rel in getattr(ctx.get("published:"), kind)]
    if kind == "sites":
        found.sort(key=lambda s: (collation_key(s.title), s.slug))  # as listed_in
    return tuple(found)


def coarsened(ctx: Ctx, _: str) -> tuple[tuple[str, float, float], ...]:
    """The published sites whose position is coarsened (slug, latitude, longitude): when
    this changes, what was published before may show a place more precisely than the build
    does now (see build/runner.py)."""
    return tuple(sorted((s.slug, s.lat, s.lon) for s in ctx.get("site_list:") if s.coarsened))


def queries(env: Env) -> dict[str, Query]:
    return {
        "images": Query(2, partial(images, env)),
        "image": Query(3, parent=lambda _: "images:"),
        "images_unreadable": Query(3, parent=lambda _: "images:"),
        "criteria": Query(2, partial(criteria, env)),
        "criteria_codes": Query(3, parent=lambda _: "criteria:"),
        # a data file with errors (reported there): its translations are not matched to it
        "criteria_failed": Query(3, parent=lambda _: "criteria:"),
        "partners": Query(4, partial(partners, env)),  # reads the logos in images.yaml
        "partners_failed": Query(5, parent=lambda _: "partners:"),
        "config": Query(4, partial(config, env)),
        "config_photos": Query(5, parent=lambda _: "config:"),
        "document": Query(4, partial(document, env), parallel=True),
        "facts": Query(5, partial(facts, env)),
        "text": Query(6, partial(text, env)),  # a translation reads its original's status
        "untold": Query(7, partial(untold, env)),
        "status": Query(5, partial(status, env)),
        "photos": Query(5, partial(photos, env)),
        "base": Query(5, partial(base, env)),
        "raw_html": Query(5, partial(raw_html, env)),
        "form_paths": Query(5, parent=lambda _: "config:"),
        "nav_paths": Query(5, parent=lambda _: "config:"),
        "languages_at": Query(5, parent=lambda _: "config:"),
        # site.yaml failed (reported): its languages are not known, nor checked against
        "config_failed": Query(5, parent=lambda _: "config:"),
        "forms": Query(7, partial(forms, env)),
        "published": Query(6, partial(published, env)),
        "url_of": Query(6, partial(url_of, env)),
        "linked_folder": Query(1, partial(linked_folder, env)),
        "unreadable": Query(1, partial(unreadable, env)),
        "failed_urls": Query(7, partial(failed_urls, env)),
        "body": Query(7, partial(body, env), parallel=True),
        "body_photos": Query(8, parent=lambda rel: f"body:{rel}"),
        "summary": Query(8, partial(summary, env)),
        "site_list": Query(7, partial(listed, "sites")),
        "news_list": Query(7, partial(listed, "news")),
        "page_list": Query(7, partial(listed, "pages")),
        "coarsened": Query(8, coarsened),
    }


class LangImages(NodeImages):
    """The photos of a translation's body: their alt text and captions in its language."""

    def __init__(self, ctx: Ctx, lang: str) -> None:
        super().__init__(ctx)
        self.lang = lang

    def get(self, key: str, default: Any = None) -> Any:
        found = super().get(key, default)
        return localized_image(self.ctx, self.lang, found) if isinstance(found, Image) else found


@dataclass(frozen=True)
class _Url:
    """A stand-in page for Loader.check_forms, which needs only each page's URL."""

    url: str


class Urls:
    """Content path -> URL, for links in a body, each looked up as its own node."""

    def __init__(self, ctx: Ctx, prefix: str = "") -> None:
        self.ctx = ctx
        self.prefix = prefix  # /es: a translation's links lead to the pages in its language

    def get(self, path: str, default: Any = None) -> Any:
        found = self.ctx.get(f"url_of:{path}")
        if found is None or found is MISSING:
            return default
        if not self.prefix or found in (FAILED, DRAFT) or found.startswith(TRANSLATION):
            return found
        shown = found.startswith(DRAFT)  # a draft shown with --drafts
        return DRAFT * shown + self.prefix + found[shown:]


def shared_species(sites: tuple[AzeSite, ...]) -> list[tuple[str, int, int, Level, str]]:
    """An AZE trigger species lives at one site only: (path, line, col, level, message)
    where two published sites claim one (a warning; not where the two are one site twice:
    that is its own error). Names one page stands for (species_slug: 'Casea bicolor',
    'Casea Bicolor') are one species: written two ways, an error, as one would hide the
    other's page."""
    first: dict[str, tuple[AzeSite, str]] = {}
    found: list[tuple[str, int, int, Level, str]] = []
    for site in sorted(sites, key=lambda s: s.source.path):
        for i, sp in enumerate(site.species):
            other, written = first.setdefault(species_slug(sp.name), (site, sp.name))
            if written != sp.name:
                found.append((sp.source.path, sp.source.line, sp.source.col, "error",
                              f"species[{i}].name: '{sp.name}' is written '{written}' at "
                              f"{other.source.path}, and both would be the page "
                              f"/species/{species_slug(sp.name)}/: write the name the same "
                              "way in both"))
            elif other is not site and not same_site(site, other):
                found.append((sp.source.path, sp.source.line, sp.source.col, "warning",
                              f"species[{i}].name: '{sp.name}' is also a trigger species at "
                              f"{other.source.path}: an AZE trigger species occurs at one site "
                              "only"))
    return found


def unmarked_sensitive(published: tuple[AzeSite, ...],
                       every: list[AzeSite]) -> list[tuple[str, int, int, str]]:
    """(path, line, col, error) where a published site would show its exact position with a
    species that a site marks sensitive: all the species' places are secret. Every mark
    counts, a draft's and one on a species without a status yet included, and the same
    site in another file too (the mark is wanted on the file that publishes)."""
    marked: dict[str, AzeSite] = {}  # by species_slug: a name written two ways is one species
    for site in sorted(every, key=lambda s: s.source.path):
        for name in site.secret:
            marked.setdefault(species_slug(name), site)
    found = []
    for site in sorted(published, key=lambda s: s.source.path):
        for i, sp in enumerate(site.species):
            other = marked.get(species_slug(sp.name))
            if other is not None and not site.coarsened:
                found.append((sp.source.path, sp.source.line, sp.source.col,
                              f"species[{i}].name: '{sp.name}' is sensitive at "
                              f"{other.source.path}: add 'sensitive: true' here too, or this "
                              "site's exact position would be published"))
    return found


def same_site(a: AzeSite, b: AzeSite) -> bool:
    """Two files that describe one site: the same name at the same place, or one WDKBA id."""
    return ((name_key(a.title) == name_key(b.title) and same_place(a, b))
            or (written_wdkba_id(a) is not None and written_wdkba_id(a) == written_wdkba_id(b)))


def name_key(title: str) -> str:
    """A site's name as two files for one site are told by: in any case or spacing, and
    in any Unicode form ('ú' as one character, or 'u' and its accent, as a file copied
    from another system may hold it), or a second file for a sensitive site would not be
    its twin, and publish its position."""
    return " ".join(normalize("NFKC", title.casefold()).split())


def same_place(a: AzeSite, b: AzeSite) -> bool:
    """The same position, in whole degrees where either is published so: a second file for
    a sensitive site, unmarked, would otherwise not be its twin, and publish its place."""
    if a.coarsened or b.coarsened:
        return (coarsen(a.lat), coarsen(a.lon)) == (coarsen(b.lat), coarsen(b.lon))
    return (a.lat, a.lon) == (b.lat, b.lon)


__all__ = ["FAILED", "Page", "Published", "Status", "facts_of", "name_key", "queries",
           "shared_species", "unmarked_sensitive"]
