"""Queries of what is derived from all the sites, and of the plan of pages.

Levels: 1 each template's closure digest source, each static file's version; 2 each
template; 8 the catalogue (emitting one node per species, country, Red List category and
taxonomic group at 9), the pages with a special layout, the calls to action; 9 counts and
the index's filters; 10 the maps and the plan (emitting `spec:<url>` at 11); 11 the check
that no two outputs share a path.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import Any

import jinja2
from jinja2 import meta

from aze_site.content.regions import REGIONS, regions_of
from aze_site.content.translating import english_name
from aze_site.content.yamlsrc import NUL
from aze_site.engine import MISSING, Ctx, Query
from aze_site.errors import CLASH, Diagnostic
from aze_site.files import LINKED, read_file
from aze_site.model import PROTECTION, RED_LIST
from aze_site.queries.content import Published, document_template, yaml_input
from aze_site.queries.env import Env, say_flag
from aze_site.render import downloads, paging, template_shape, worldmap
from aze_site.render.catalogue import Catalogue, build_catalogue
from aze_site.render.maps import MapView
from aze_site.render.pages import PageSpec
from aze_site.render.template_errors import template_diagnostic, unknown_named
from aze_site.render.template_ids import TemplateIds, page_ids, template_ids
from aze_site.render.template_shape import Shape
from aze_site.search.pagefind import SEARCH_URL, UI_FILES
from aze_site.slugs import output_file

CREDITS = PageSpec("/credits/", "credits.html", "credits")


def credits_spec(lang: str) -> PageSpec:
    """The credits page in a language ("": the default one)."""
    return dataclasses.replace(CREDITS, url=f"/{lang}{CREDITS.url}", lang=lang) if lang \
        else CREDITS


def credits_specs(ctx: Ctx) -> list[PageSpec]:
    return [credits_spec(lang) for lang in ("", *ctx.get("languages:")[1:])]


FIXED = {"sitemap.xml": "the sitemap", "robots.txt": "robots.txt", "feed.xml": "the news feed",
         **{rel: "the data downloads" for rel in (*downloads.DATA_FILES, downloads.MAP_DATA)},
         **{rel: "the search index" for rel in UI_FILES},
         worldmap.OUTLINES_FILE: "the map's outlines"}


def fixed_outputs(ctx: Ctx) -> dict[str, str]:
    """The files every build writes, each with what it is: FIXED, and the news feed of
    each language besides the default one."""
    return FIXED | {f"{lang}/feed.xml": "the news feed" for lang in ctx.get("languages:")[1:]}


@dataclass(frozen=True)
class Keys:
    """The order of the catalogue's entries (their contents are nodes of their own)."""

    species: tuple[str, ...]
    countries: tuple[str, ...]
    categories: tuple[str, ...]
    groups: tuple[str, ...]


def plan_of(published: Published, pages: dict[str, tuple[str, str]], keys: Keys,
            sites: dict[str, str], total: int, news: dict[str, str]) -> list[PageSpec]:
    """Every page but the credits, in a stable order (`pages`: path -> (url, layout);
    `sites`: path -> slug; `news`: path -> url)."""
    specs = [PageSpec(pages[rel][0], document_template("pages", pages[rel][1]), "page",
                      rel) for rel in published.pages]
    specs.append(PageSpec(paging.INDEX_URL, "sites.html", "sites"))
    specs += [PageSpec(url, "sites.html", "sites", str(n))
              for n, url in enumerate(paging.page_urls(total), 1) if n > 1]
    specs += [PageSpec(f"/sites/{sites[rel]}/", "site.html", "site", sites[rel])
              for rel in published.sites]
    specs.append(PageSpec("/species/", "species_index.html", "species-index"))
    specs += [PageSpec(f"/species/{_species_slug(n)}/", "species.html", "species", n)
              for n in keys.species]
    specs.append(PageSpec("/countries/", "countries.html", "countries"))
    specs += [PageSpec(f"/countries/{c.lower()}/", "country.html", "country", c)
              for c in keys.countries]
    specs.append(PageSpec("/red-list/", "categories.html", "categories"))
    specs += [PageSpec(f"/red-list/{c.lower()}/", "category.html", "category", c)
              for c in keys.categories]
    specs.append(PageSpec("/groups/", "groups.html", "groups"))
    specs += [PageSpec(f"/groups/{g}/", "group.html", "group", g) for g in keys.groups]
    specs.append(PageSpec("/news/", "news_index.html", "news-index"))
    specs += [PageSpec(news[rel], "news.html", "news", rel) for rel in published.news]
    specs.append(PageSpec(SEARCH_URL, "search.html", "search"))
    specs.append(PageSpec("/404.html", "404.html", "404"))
    return specs


def translated_specs(specs: list[PageSpec], lang: str) -> list[PageSpec]:
    """The pages of the default language, in `lang` at /<lang>/ (a host shows one 404
    page, the default language's)."""
    return [dataclasses.replace(spec, url=f"/{lang}{spec.url}", lang=lang)
            for spec in specs if spec.kind != "404"]


def _species_slug(name: str) -> str:
    from aze_site.slugs import species_slug

    return species_slug(name)


def templates(env: Env, ctx: Ctx, _: str) -> tuple[str, ...]:
    """The templates; a template that cannot be read (a link, or not UTF-8) is reported
    once, here, at its file, and named in `unusable_templates:` so that no page made with
    it, or with a template that pulls it in, reports it again. What a template's shape would
    lose (template_shape) is said here, and is the `template:<name>` of each template that
    pulls it in (instead of its digest): the pages made with them say it, not rendered."""
    sources: dict[str, str] = {}
    refs: dict[str, set[str]] = {}
    shapes: dict[str, Shape] = {}
    texts: dict[str, str] = {}
    ids: dict[str, TemplateIds] = {}
    unusable: set[str] = set()
    for rel, flag in ctx.get("dir:templates"):
        digest = ctx.get(f"file:{rel}")
        if flag and digest != LINKED:  # a named pipe, a name with a line break...
            say_flag(ctx, rel, flag)
            unusable.add(rel.removeprefix("templates/"))  # what it makes says nothing more
            continue
        if digest is None:
            continue
        name = rel.removeprefix("templates/")
        text, problem = _read(env, rel, digest)
        if problem is not None:
            ctx.error(rel, *problem)
            unusable.add(name)
        else:
            sources[name], texts[name] = digest, text
            refs[name], shape, mistakes = _references(env, name, text, ids)
            if shape is not None:
                shapes[name] = shape
            if rel.endswith(TEMPLATE_FILES):  # used by a page or not
                ctx.report(mistakes)
    gone, missing = template_shape.missing(shapes, {*sources, *unusable}, texts)
    ctx.report([Diagnostic(f"templates/{name}", line, col, "error", message)
                for name, line, col, message in gone])
    unusable.update(missing)  # said here: the pages made with templates naming them say nothing
    said: dict[str, list[Diagnostic]] = {}
    for name, line, col, message in template_shape.problems(shapes, texts):
        said.setdefault(name, []).append(Diagnostic(f"templates/{name}", line, col, "error",
                                                    message))
    ctx.report([d for found in said.values() for d in found])  # used by a page or not
    problems = {name: tuple(d for other in sorted(said) if _reaches(name, {other}, refs)
                            for d in said[other]) for name in sources} if said else {}
    ctx.emit({**{f"template:{name}": problems.get(name) or _closure(name, sources, refs)
                 for name in sources},
              "unusable_templates:": frozenset(unusable),
              **{f"template_ids:{name}": page_ids(name, ids) for name in sources}})
    return tuple(sorted(sources))


def _reaches(name: str, targets: set[str], refs: dict[str, set[str]]) -> bool:
    """Whether a template pulls in one of `targets`, transitively."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in targets or current == "*":
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(refs.get(current, ()))
    return False


TEMPLATE_FILES = (".html", ".xml", ".txt")  # templates/ also holds the interface's catalogues


def _read(env: Env, rel: str, digest: str) -> tuple[str, tuple[int, int, str] | None]:
    """A template's text, or why it cannot be read, at its line and column."""
    if digest == LINKED:
        return "", (0, 0, "this template is a symbolic link, which is not allowed in "
                    "templates/ (it may lead outside the project): copy the file itself here")
    try:
        data = read_file(env.root / rel)
    except OSError:
        return "", None  # gone meanwhile: the next scan says so
    template = rel.endswith(TEMPLATE_FILES)
    if template and b"\0" in data:  # Jinja would write it into every page
        at = data.index(b"\0")
        return "", (data.count(b"\n", 0, at) + 1, at - (data.rfind(b"\n", 0, at) + 1) + 1, NUL)
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None  # a BOM: the loader's too
    except UnicodeDecodeError as exc:
        if not template:  # a catalogue
            return data.decode("utf-8", errors="replace"), None
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", (line, col, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the "
                    "file as UTF-8")


def asset(env: Env, ctx: Ctx, path: str) -> str | None:
    digest = ctx.get(f"file:static/{path}")
    return digest[:10] if digest else None


def catalogue(env: Env, ctx: Ctx, _: str) -> Keys:
    cat: Catalogue = build_catalogue(ctx.get("site_list:"))
    children: dict[str, Any] = {}
    children.update({f"species:{e.name}": e for e in cat.species})
    children.update({f"country:{e.iso3}": e for e in cat.countries})
    children.update({f"category:{e.code}": e for e in cat.categories})
    children.update({f"group:{e.code}": e for e in cat.groups})
    ctx.emit(children)
    return Keys(tuple(e.name for e in cat.species), tuple(e.iso3 for e in cat.countries),
                tuple(e.code for e in cat.categories), tuple(e.code for e in cat.groups))


def stats(env: Env, ctx: Ctx, _: str) -> dict[str, int]:
    sites, keys = ctx.get("site_list:"), ctx.get("catalogue:")
    if any(s.draft for s in sites):  # `serve --drafts`: drafts are shown, never counted
        published = [s for s in sites if not s.draft]
        return {"sites": len(published),
                "species": len({sp.name for s in published for sp in s.species}),
                "countries": len({c for s in published for c in s.iso3}),
                "unprotected": sum(1 for s in published if s.protection == "none")}
    return {"sites": len(sites), "species": len(keys.species),
            "countries": len(keys.countries),
            "unprotected": sum(1 for s in sites if s.protection == "none")}


def filters(env: Env, ctx: Ctx, _: str) -> dict[str, Any]:
    present = {s.protection for s in ctx.get("site_list:")}
    keys = ctx.get("catalogue:")
    return {"regions": sorted({r for c in keys.countries for r in regions_of([c])},
                              key=REGIONS.index),
            "protection": [p for p in PROTECTION if p in present],
            "unknown_protection": None in present}


def mapview(env: Env, ctx: Ctx, country: str) -> MapView:
    if country:
        entry = ctx.get(f"country:{country}")
        sites = () if entry is MISSING else entry.sites
    else:
        sites = ctx.get("site_list:")
    config = ctx.get("config:").map
    _, base_path = ctx.get("base:")
    points = [(s.lon, s.lat) for s in sites]
    box = worldmap.country_view(points, [country]) if country else worldmap.world_view(points)
    worst = {worldmap.worst_status(s) for s in sites}
    return MapView(view_box=box, outlines=worldmap.world_version(),
                   data=f"{base_path}/{downloads.MAP_DATA}", tiles=config.tiles,
                   attribution=config.attribution, attribution_url=config.attribution_url,
                   max_zoom=config.max_zoom, country=country,
                   legend=tuple((c, RED_LIST[c]) for c in RED_LIST if c in worst),
                   coarsened=sum(1 for s in sites if s.coarsened))


def special(env: Env, ctx: Ctx, layout: str) -> str | None:
    for rel in ctx.get("published:").pages:
        st = ctx.get(f"status:{rel}")
        if st.layout == layout:
            return str(st.url)
    return None


def audiences(env: Env, ctx: Ctx, _: str) -> tuple[Any, ...]:
    from aze_site.errors import Report

    yaml_input(ctx, "content/audiences.yaml")
    published = ctx.get("published:")
    pages = [_Path(rel) for rel in (*published.all_pages, *published.failed_pages())]
    report = Report()
    drafts = frozenset(rel.removeprefix("content/") for rel in published.all_pages
                       if ctx.get(f"status:{rel}").draft)
    found = env.loader(ctx, report).load_audiences(pages, drafts)  # type: ignore[arg-type]
    ctx.report(report.items)
    ctx.emit({"audiences_failed:": bool(report.errors)})
    urls = {rel.removeprefix("content/"): ctx.get(f"status:{rel}").url
            for rel in published.pages}
    return tuple((a, urls.get(a.page)) for a in found)


def plan(env: Env, ctx: Ctx, _: str) -> tuple[PageSpec, ...]:
    published: Published = ctx.get("published:")
    pages = {}
    for rel in published.pages:
        st = ctx.get(f"status:{rel}")
        pages[rel] = (st.url, st.layout)
    news = {rel: ctx.get(f"status:{rel}").url for rel in published.news}
    sites = {rel: rel.rsplit("/", 1)[1].removesuffix(".md") for rel in published.sites}
    # as many index pages as the index lists sites: drafts too when they are published
    # (the count of sites in the stats leaves them out, and the pager linked pages not made);
    # counted from what is published, not from the list of sites, which changes at each edit
    specs = plan_of(published, pages, ctx.get("catalogue:"), sites, len(published.sites), news)
    specs += [spec for lang in ctx.get("languages:")[1:] for spec in translated_specs(specs, lang)]
    children: dict[str, Any] = {}
    clashed = set()
    for spec in specs:  # two pages at one URL are an error (collisions): the first shows
        if children.setdefault(f"spec:{spec.url}", spec) is not spec:
            clashed.add(spec.url)
    children["clashed:"] = frozenset(clashed)
    ctx.emit(children)
    return tuple(specs)


SEARCH_FOLDER = "pagefind/"
RESERVED = {SEARCH_FOLDER: "the search index", "data/": "the data downloads",
            "img/": "the photos and social cards"}


def reserved_folders() -> dict[str, str]:
    """Folders of the output that the build owns (with what it puts there): no page may
    take a path inside one. A folder of static/ is not one of them: its files may sit
    beside a page's (static/about/team.pdf beside /about/), as in Hugo or Zola, and a file
    both make is an error at the file (`_claim`)."""
    return dict(RESERVED)


def collisions(env: Env, ctx: Ctx, _: str) -> frozenset[str]:
    """Each output path is made by one thing only; a page may not take a path inside a
    folder the build owns (the search index would delete it, or hide it)."""
    origin: dict[str, str] = {}
    said: set[tuple[str, str]] = set()
    statics = [rel for rel, flag in ctx.get("dir:static") if not flag]
    owned = reserved_folders() | {f"{lang}/": f"the site in {english_name(lang)}"
                                         for lang in ctx.get("languages:")[1:]}
    for spec in ctx.get("plan:"):
        what = spec.key if spec.kind in ("page", "news") else f"the {spec.kind} page"
        rel = output_file(spec.url)
        if spec.kind == "species" and origin.get(rel) == what:
            continue  # one name written two ways: said at the site's line (shared_species)
        folder = next((f for f in owned if rel.startswith(f)), None)
        if folder is not None and what.startswith("content/") and not spec.lang:
            ctx.error(what, 1, 1, f"this page's address {spec.url} is inside /{folder}, which "
                      f"holds {owned[folder]}: rename the file")
            continue
        _claim(ctx, origin, rel, what, said)
    for spec in credits_specs(ctx):
        _claim(ctx, origin, output_file(spec.url), "the credits page", said)
    for rel in statics:
        if rel.startswith(f"static/{SEARCH_FOLDER}"):  # Pagefind's names are its own
            ctx.error(rel, 0, 0, f"/{SEARCH_FOLDER} holds the search index, which the build "
                      f"writes whole: move this file out of static/{SEARCH_FOLDER}")
            continue
        _claim(ctx, origin, rel.removeprefix("static/"), rel, said)
    for rel, what in fixed_outputs(ctx).items():
        _claim(ctx, origin, rel, what, said)
    _file_or_folder(ctx, origin, statics, owned)
    return frozenset(origin)


GENERATED_FOLDERS = ("img/social", "img/maps")  # the cards', the locator maps'


def _file_or_folder(ctx: Ctx, origin: dict[str, str], statics: list[str],
                    owned: dict[str, str]) -> None:
    """A static file where the site has a folder (static/sites, static/img), or inside a
    path the site has as a file (static/robots.txt/x): an error at the static file, where
    publishing it would replace the folder's files (or fail)."""
    folders = {folder.rstrip("/") for folder in owned} | set(GENERATED_FOLDERS)
    paths = sorted(origin)
    for rel in statics:
        out = rel.removeprefix("static/")
        at = bisect.bisect_left(paths, out + "/")
        if out in folders or (at < len(paths) and paths[at].startswith(out + "/")):
            ctx.error(rel, 0, 0, f"the site has a folder /{out}/ here: a file cannot take its "
                      "place, rename this one")
            continue
        clash = next((str(p) for p in PurePosixPath(out).parents if str(p) in origin), None)
        if clash is not None:
            ctx.error(rel, 0, 0, f"/{clash} is a file of the site ({origin[clash]}): it cannot "
                      "also be a folder, rename this one's folder")


def queries(env: Env) -> dict[str, Query]:
    return {
        "templates": Query(1, partial(templates, env)),
        "template": Query(2, parent=lambda _: "templates:"),
        "unusable_templates": Query(2, parent=lambda _: "templates:"),
        "template_ids": Query(2, parent=lambda _: "templates:"),  # read by each body
        "asset": Query(1, partial(asset, env)),
        "catalogue": Query(8, partial(catalogue, env)),
        "species": Query(9, parent=lambda _: "catalogue:"),
        "country": Query(9, parent=lambda _: "catalogue:"),
        "category": Query(9, parent=lambda _: "catalogue:"),
        "group": Query(9, parent=lambda _: "catalogue:"),
        "stats": Query(9, partial(stats, env)),
        "filters": Query(9, partial(filters, env)),
        "mapview": Query(10, partial(mapview, env)),
        "special": Query(7, partial(special, env)),
        "audiences": Query(8, partial(audiences, env)),
        "audiences_failed": Query(9, parent=lambda _: "audiences:"),
        "plan": Query(10, partial(plan, env)),
        "spec": Query(11, parent=lambda _: "plan:"),
        "clashed": Query(11, parent=lambda _: "plan:"),  # URLs two pages claim
        "collisions": Query(12, partial(collisions, env)),
    }


@dataclass(frozen=True)
class _Source:
    path: str


@dataclass(frozen=True)
class _Path:
    """A stand-in page for Loader.load_audiences, which needs only each page's path."""

    rel: str

    @property
    def source(self) -> _Source:
        return _Source(self.rel)


def _claim(ctx: Ctx, origin: dict[str, str], rel: str, what: str,
           said: set[tuple[str, str]]) -> None:
    if rel in origin:
        path = what if what.startswith(("content/", "static/")) else origin[rel]
        other = origin[rel] if path == what else what
        if (path, other) not in said:  # once, not again in each language
            said.add((path, other))
            fix = "one of them" if other.startswith(("content/", "static/")) else "this file"
            ctx.error(path, 1, 1, f"this is published as {rel}, {CLASH} {other}: rename {fix}")
    else:
        origin[rel] = what


def _references(env: Env, name: str, text: str, ids: dict[str, TemplateIds]
                ) -> tuple[set[str], Shape | None, list[Diagnostic]]:
    """The templates one template pulls in by name (extends, include, import), its shape
    (and its ids, into `ids`), and its syntax error or the filters and tests it names that
    there are not (said here, as a page made with it says them: once, even where no page
    is made with it, as a template left unused after a change, and where no page takes the
    branch naming one)."""
    folder = env.root / "templates"
    jinja = env.renderer().env
    try:
        tree = jinja.parse(text, name, str(folder / name))
        found = set(meta.find_referenced_templates(tree))
        ids[name] = template_ids(tree)
        return ({"*"} if None in found else {template_shape.template_name(r) for r in found
                                             if r is not None},
                template_shape.shape_of(tree, text),
                unknown_named(template_shape.named_filters_and_tests(tree),
                              f"templates/{name}", text, jinja)
                + [Diagnostic(f"templates/{name}", line, col, "warning", message)
                   for line, col, message in template_shape.half_opened(jinja, text, name)])
    except jinja2.TemplateSyntaxError as exc:
        return set(), None, [template_diagnostic(exc, env.root, folder, jinja)]
    except RecursionError:  # nested deeper than the parser goes: said when it renders
        return set(), None, []


def _pulled_in(name: str, names: Collection[str], refs: dict[str, set[str]]) -> set[str]:
    """A template and every template it pulls in, transitively (all of `names` for one it
    names at run time: it may be any of them)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current == "*":
            seen.update(names)
        elif current not in seen:
            seen.add(current)
            todo.extend(refs.get(current, ()))
    return seen


def _closure(name: str, sources: dict[str, str], refs: dict[str, set[str]]) -> str:
    """A digest of a template and of every template it pulls in, transitively."""
    seen = _pulled_in(name, sources, refs)
    text = "\0".join(f"{n}\0{sources.get(n, '')}" for n in sorted(seen))
    return hashlib.sha256(text.encode()).hexdigest()
