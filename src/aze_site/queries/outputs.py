"""Queries that publish files besides pages, and the root that asks for everything.

Levels: 1 each static file; 2 the static folder; 7 robots.txt and the map outlines; 8 the
maps under locator maps; 9 the feed; 14 which
pages show each photo; 16 the photo plan (emitting, at 17, the derivatives each photo
needs and each social card); 16 the sitemap and the data downloads; 18 each photo's
derivatives and each card, made in the cache and published from there; 20 the root.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from aze_site.content.translations import translation_path
from aze_site.engine import MISSING, Ctx, Query
from aze_site.errors import Report
from aze_site.files import read_file
from aze_site.images.maths import Derivative
from aze_site.images.planner import SocialCard
from aze_site.model import NewsPost
from aze_site.queries.catalogue import credits_specs
from aze_site.queries.env import Env, say_flag
from aze_site.queries.pages import PageValue, localized_config
from aze_site.render import worldmap
from aze_site.render.downloads import DataTerms, data_files, default_citation
from aze_site.render.feeds import FeedEntry, SitemapEntry, absolute_links, atom_feed, robots, sitemap
from aze_site.render.pages import PageSpec

FEED = "feed.xml"


def _urls(ctx: Ctx) -> list[str]:
    """The URL of every planned page, each once, in the plan's order."""
    return list(dict.fromkeys(s.url for s in ctx.get("plan:")))


def _side_by_side(specs: tuple[PageSpec, ...]) -> list[str]:
    """The planned URLs, each once, a page's versions in every language next to each other: the
    workers take pages in runs, so one worker renders all of a page's versions, and those
    not translated reuse the body it rendered for the first (else each worker renders it)."""
    versions: dict[str, list[str]] = {}
    for spec in specs:
        versions.setdefault(spec.url.removeprefix(f"/{spec.lang}") if spec.lang else spec.url,
                            []).append(spec.url)
    return list(dict.fromkeys(url for urls in versions.values() for url in urls))


def _absolute(ctx: Ctx, url: str) -> str:
    return str(ctx.get("base:")[0]) + url.lstrip("/")


def _cached(env: Env, rel: str) -> str | None:
    """The hash of a whole file in the photo cache (None: missing or damaged)."""
    path = env.image_cache / rel
    try:
        digest = path.with_name(path.name + ".sha256").read_text(encoding="ascii").strip()
    except OSError:
        return None
    from aze_site.images.pixels import whole  # Pillow: only for photos

    return digest if whole(path) else None


def _src(env: Env, rel: str) -> str:
    path = env.image_cache / rel
    try:
        return path.relative_to(env.root).as_posix()
    except ValueError:
        return str(path)


# Files of static/ that may carry where a photo was taken in their metadata
_PHOTO_FILES = (".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".png", ".avif", ".heic", ".heif")
PLACE_KEPT = ("this image's metadata gives the place where it was taken (GPS), and a file of "
              "static/ is published as it is: remove it (e.g. exiftool -gps:all= FILE), or put "
              "the photo in content/images/, whose published copies carry no metadata")


def static(env: Env, ctx: Ctx, rel: str) -> str | None:
    digest = ctx.get(f"file:{rel}")
    if digest is not None:
        ctx.output_file(rel.removeprefix("static/"), rel, digest)
        if rel.lower().endswith(_PHOTO_FILES) and _carries_position(env.root / rel, digest):
            ctx.warning(rel, 1, 1, PLACE_KEPT)
    return digest  # type: ignore[no-any-return]


def _carries_position(path: Path, digest: str) -> bool:
    """Whether the file of `digest` gives a place in its metadata (not said of a file that
    changed since the build read it: the next build reads it again)."""
    from aze_site.images.pixels import carries_position  # Pillow: only where there is a photo

    try:
        data = read_file(path)
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == digest and carries_position(data)


def statics(env: Env, ctx: Ctx, _: str) -> int:
    files = []
    for rel, flag in ctx.get("dir:static"):
        if flag:
            say_flag(ctx, rel, flag)
        else:
            files.append(rel)
    ctx.require(f"static:{rel}" for rel in files)
    return len(files)


def photo_usage(env: Env, ctx: Ctx, lang: str) -> dict[str, list[tuple[str, str, str]]]:
    """Where each photo is shown, in the pages of one language (the credits page lists it):
    (url, title, the title's language where it is not the page's: not translated yet)."""
    usage: dict[str, list[tuple[str, str, str]]] = {}
    urls = sorted({s.url for s in ctx.get("plan:") if s.lang == lang})
    for url in urls:
        meta = ctx.get(f"page_meta:{url}")
        if meta is not None:
            title, photos, translated = meta
            title_lang = "" if translated else ctx.get("languages:")[0]
            for key in sorted(photos):  # as links write it: `rel` adds the language
                usage.setdefault(key, []).append((url.removeprefix(f"/{lang}") if lang else url,
                                                  title, title_lang))
    return usage


def photo_plan(env: Env, ctx: Ctx, _: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    derivatives: dict[str, set[Derivative]] = {}
    cards: set[SocialCard] = set()
    credits: list[PageValue] = [ctx.get(f"credits:{s.lang}") for s in credits_specs(ctx)]
    urls = _urls(ctx)
    files = [ctx.get(f"page_files:{url}") for url in urls]
    for found, page_cards in [*files, *((c.derivatives, c.cards) for c in credits)]:
        for d in found:
            derivatives.setdefault(d.key, set()).add(d)
        cards.update(page_cards)
    children: dict[str, Any] = {f"wanted:{k}": tuple(sorted(v)) for k, v in derivatives.items()}
    children.update({f"cardspec:{c.path}": c for c in cards})
    ctx.emit(children)
    return tuple(sorted(derivatives)), tuple(sorted(c.path for c in cards))


def photo(env: Env, ctx: Ctx, key: str) -> tuple[str, ...]:
    wanted = ctx.get(f"wanted:{key}")
    if wanted is MISSING or not wanted:
        return ()
    ctx.get(f"file:content/images/{key}")
    image = ctx.get(f"image:{key}")
    report = Report()
    make = ctx.get("option:photos")
    if make:
        from aze_site.images.making import PhotoWork, make_photos  # Pillow: only for photos

        work = PhotoWork({key: image}, env.root / "content" / "images", env.image_cache)
        ctx.tally("derivatives", make_photos(work, wanted, 1, report).processed)
    ctx.report(report.items)
    if report.items:
        return ()
    for d in wanted:
        digest = _cached(env, d.name) if make else d.name
        if digest is not None:
            ctx.output_file(d.path, _src(env, d.name), digest)
    return tuple(d.name for d in wanted)


def card(env: Env, ctx: Ctx, path: str) -> str | None:
    spec = ctx.get(f"cardspec:{path}")
    if spec is MISSING:
        return None
    if spec.key:
        ctx.get(f"file:content/images/{spec.key}")
    if not ctx.get("option:photos"):  # `check`: planned, not drawn
        ctx.output_file(path, _src(env, path), path)
        return path
    from aze_site.images.making import PhotoWork, card_data  # Pillow: only for cards

    report = Report()
    data = card_data(PhotoWork({}, env.root / "content" / "images", env.image_cache), spec,
                     report)
    ctx.report(report.items)
    return None if data is None else ctx.output(path, data)


def data(env: Env, ctx: Ctx, _: str) -> None:
    config = ctx.get("config:")
    base_url, _path = ctx.get("base:")
    terms = DataTerms(license=config.data_license or "See the site's terms",
                      citation=config.data_citation or default_citation(config.title, base_url))
    for rel, text in data_files(ctx.get("site_list:"), base_url, terms).items():
        ctx.output(rel, text.encode("utf-8"))


def outlines(env: Env, ctx: Ctx, _: str) -> None:
    """The interactive map's base layer, unless site.yaml names a tile server."""
    if not ctx.get("config:").map.tiles:
        ctx.output(worldmap.OUTLINES_FILE, worldmap.outlines_json())


def locators(env: Env, ctx: Ctx, _: str) -> frozenset[str]:
    """The maps under the sites' locator maps, one file per frame and countries, shared by
    every site that has them; its value: their paths."""
    made: dict[str, bytes] = {}
    for site in ctx.get("site_list:"):
        rel = worldmap.locator_path(site)
        if rel not in made:
            made[rel] = worldmap.locator_base(site)
    for rel, data in made.items():
        ctx.output(rel, data)
    return frozenset(made)


def robots_txt(env: Env, ctx: Ctx, _: str) -> None:
    ctx.output("robots.txt", robots(_absolute(ctx, "/sitemap.xml")).encode("utf-8"))


def site_map(env: Env, ctx: Ctx, _: str) -> None:
    languages = ctx.get("languages:")
    credits = {s.url: s.lang or languages[0] for s in credits_specs(ctx)}
    urls = sorted([*_urls(ctx), *credits])
    multilingual = len(languages) > 1
    # the credits pages are made in every language: each is the others' alternate
    credit_versions = (*((lang, _absolute(ctx, url)) for url, lang in credits.items()),
                       ("x-default", _absolute(ctx, next(iter(credits))))) if multilingual else ()
    entries = []
    for url in urls:
        if url == "/404.html":
            continue
        translated, alternates = (True, credit_versions) if url in credits else \
            ctx.get(f"versions:{url}") if multilingual else (True, ())
        if translated:
            entries.append(SitemapEntry(_absolute(ctx, url), ctx.get(f"lastmod:{url}")
                                        if url not in credits else None, alternates))
    ctx.output("sitemap.xml", sitemap(entries).encode("utf-8"))


def feed(env: Env, ctx: Ctx, lang: str) -> None:
    """The news feed of one language ("": the default one, /feed.xml; else /<lang>/feed.xml):
    its posts translated where they are, the others in the original."""
    config = ctx.get("config:")
    if lang:
        config = localized_config(config, ctx.get(f"yaml_usable:{lang}|site"))
    prefix = f"/{lang}" if lang else ""
    entries = []
    base_url = ctx.get("base:")[0]
    origin = "/".join(base_url.split("/")[:3])  # https://host: the links hold the base path
    posts: tuple[NewsPost, ...] = ctx.get(f"news_in:{lang}" if lang else "news_list:")
    for post in posts:
        path = post.source.path
        if lang and ctx.get(f"usable:{lang}|{path}") is not None:
            path = translation_path(path, lang)
        summary = post.description or ctx.get(f"summary:{path}") or config.description
        entries.append(FeedEntry(title=post.title, url=_absolute(ctx, prefix + post.url),
                                 published=post.date, updated=post.updated or post.date,
                                 summary=summary,
                                 html=absolute_links(ctx.get(f"body:{path}").html, origin),
                                 lang=ctx.get("languages:")[0] if lang and path == post.source.path
                                 else None))
    rel = f"{lang}/{FEED}" if lang else FEED
    ctx.output(rel, atom_feed(config.title, base_url + prefix.lstrip("/") + ("/" if lang else ""),
                              _absolute(ctx, "/" + rel), config.title, entries,
                              lang if len(ctx.get("languages:")) > 1 else None).encode("utf-8"))


def root(env: Env, ctx: Ctx, _: str) -> tuple[int, int, int]:
    """Asks for every output and every check; its value: pages, photos, cards."""
    published = ctx.get("published:")
    if published.linked:  # a whole folder of documents unread: that is the one thing to say
        ctx.require(["config:"])
        return 0, 0, 0
    ctx.require(["config:", "images:", "criteria:", "partners:", "audiences:",
                 "statics:", "robots:", "outlines:", "species_warnings:", "site_clashes:"])
    plan = _side_by_side(ctx.get("plan:"))
    # The locator maps (drawn for every country with sites) go to the workers with the pages.
    ctx.require([*(f"page:{url}" for url in plan), "locators:"])
    if env.on_pages is not None:
        env.on_pages()  # e.g. search indexing starts, while links, photos, cards are done
    translations = ctx.get("translation_checks:")
    # Both kinds of link checks at once: one batch for the workers.
    ctx.require([*(f"body_links:{rel}" for rel in (*published.shown(), *published.invalid,
                                                   *(t for t in translations if t.endswith(".md")))),
                 *(f"links:{url}" for url in plan)])
    # photo_checks after the pages: it reads which photos their bodies show.
    ctx.require(["collisions:", "template_links:", "stylesheet_links:", "nav_links:", "strays:",
                 "sitemap:", "data:",
                 "coverage:", "coarsened:",
                 "redirects:", "photo_checks:", "secret_checks:",
                 *(f"credits:{s.lang}" for s in credits_specs(ctx)),
                 *(f"feed:{s.lang}" for s in credits_specs(ctx))])
    keys, cards = ctx.get("photo_plan:")
    ctx.require(f"photo:{key}" for key in keys)
    ctx.require(f"card:{path}" for path in cards)
    return len(plan) + 1, len(keys), len(cards)


def queries(env: Env) -> dict[str, Query]:
    return {
        "static": Query(1, partial(static, env)),
        "statics": Query(2, partial(statics, env)),
        "robots": Query(7, partial(robots_txt, env)),
        "outlines": Query(7, partial(outlines, env)),
        "locators": Query(12, partial(locators, env), parallel=True),  # the pages' level
        "feed": Query(9, partial(feed, env)),  # reads news_in (8)
        "photo_usage": Query(14, partial(photo_usage, env)),
        "photo_plan": Query(16, partial(photo_plan, env)),
        "wanted": Query(17, parent=lambda _: "photo_plan:"),
        "cardspec": Query(17, parent=lambda _: "photo_plan:"),
        "photo": Query(18, partial(photo, env), parallel=True, batch=2),  # seconds each
        "card": Query(18, partial(card, env), parallel=True),
        "data": Query(16, partial(data, env)),
        "sitemap": Query(16, partial(site_map, env)),
        "root": Query(20, partial(root, env)),
    }


def photo_source(env: Env, key: str) -> Path:
    return env.root / "content" / "images" / key
