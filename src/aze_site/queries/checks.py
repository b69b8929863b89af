"""Queries that check: every internal link and anchor, and what holds across documents.

A link's verdict reads the `anchors:<url>` node of its target, so removing an anchor
checks again every link that pointed at it, and nothing else. Links written in Markdown
are reported at their line in the document (`body_links`); links the templates wrote
are gathered into one message per broken target (`template_links`).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import partial

from aze_site.content.translations import YamlTranslation, parts
from aze_site.engine import MISSING, Ctx, Query
from aze_site.errors import Diagnostic
from aze_site.images.planner import UNREADABLE, entry_problem
from aze_site.model import AzeSite, written_wdkba_id
from aze_site.queries.catalogue import fixed_outputs
from aze_site.queries.content import name_key, same_place, shared_species, unmarked_sensitive
from aze_site.queries.env import Env, text_of
from aze_site.queries.languages import unknown_entries
from aze_site.queries.pages import ANY, PageValue
from aze_site.queries.redirects import versions
from aze_site.render.i18n import localized
from aze_site.render.markdown import Rendered
from aze_site.render.stylesheets import Reference, decoded, references, target
from aze_site.slugs import slugify, species_slug

Anchors = Callable[[str], frozenset[str] | None]


def verdict(path: str, fragment: str, anchors: Anchors, is_file: Callable[[str], bool]) -> str:
    """'' when a link resolves; else 'page' (nothing there) or 'anchor' (no such id)."""
    ids = anchors_at(anchors, path)
    if ids is None:
        return "" if is_file(path.lstrip("/")) else "page"
    if fragment and ids != ANY and fragment not in ids:  # ANY arrives unpickled: not `is`
        return "anchor"
    return ""


def anchors_at(anchors: Anchors, path: str) -> frozenset[str] | None:
    """The anchors of the page at `path`, written with or without its closing slash."""
    ids = anchors(path)
    return anchors(path + "/") if ids is None and not path.endswith("/") else ids


def anchor_meant(fragment: str, anchors: Anchors, url: str) -> str:
    """' (did you mean #a1e?)' where the page has the anchor in other letters (`#A1e`;
    anchors are made in small letters), as a heading's words make it (`#עברית-כותרת`, the
    heading as written, is #vryt-khvtrt: a heading's id is in ASCII) or with a letter
    slipped."""
    ids = anchors_at(anchors, url)
    if not ids or ids == ANY:
        return ""
    folded = {i.casefold(): i for i in sorted(ids)}
    meant = folded.get(fragment.casefold()) or folded.get(slugify(fragment)) or next(
        iter(difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.8)), None)
    return f" (did you mean #{meant}?)" if meant else ""


def anchors_of(ctx: Ctx) -> Anchors:
    def anchors(url: str) -> frozenset[str] | None:
        return ctx.get(f"anchors:{url}")  # type: ignore[no-any-return]
    return anchors


def static_files(ctx: Ctx) -> set[str]:
    return {rel.removeprefix("static/") for rel, flag in ctx.get("dir:static") if not flag}


def links(env: Env, ctx: Ctx, url: str) -> tuple[tuple[str, str], ...]:
    value: PageValue | None = ctx.get(f"page:{url}")
    if value is None or value.failed:
        return ()
    known: set[tuple[str, str]] = set()
    for rel in value.bodies:  # checked, and reported, where they are written
        body = ctx.get(f"body:{rel}")
        if body is not None:
            known.update((link.url, link.fragment) for link in body.links)
    own = {d.path for d in value.derivatives} | {c.path for c in value.cards}
    own |= fixed_files(ctx)
    statics: set[str] | None = None

    def is_file(rel: str) -> bool:
        nonlocal statics
        if rel in own:
            return True
        if rel.startswith("img/maps/"):  # the maps under locator maps
            return rel in ctx.get("locators:")
        statics = statics if statics is not None else static_files(ctx)
        return rel in statics

    broken = []
    menu = nav_urls(ctx)
    for path, fragment in value.links.links():
        if (path, fragment) in known or path in menu:
            continue
        if path.startswith(("/img/", "/data/")):  # the build's own files, never pages:
            # no anchors node is made for each photo, card and map a page shows; a page
            # written there is refused at its file (collisions), and links to it stay quiet
            found = "" if is_file(path.lstrip("/")) or (
                path.endswith("/") and anchors_at(anchors_of(ctx), path) is not None) else "page"
        else:
            found = verdict(path, fragment, anchors_of(ctx), is_file)
        if found:
            broken.append((path, fragment if found == "anchor" else ""))
    return tuple(sorted(set(broken)))


def _moved_from(ctx: Ctx, url: str) -> tuple[str, str] | None:
    """The document `url` is an old address of, and its page's address in that language:
    where a link to a renamed page still leads (read only for a link that is broken)."""
    return ctx.get("old_addresses:").get(url)  # type: ignore[no-any-return]


def old_addresses(env: Env, ctx: Ctx, _: str) -> dict[str, tuple[str, str]]:
    """Each old address of a published document, with and without its closing slash, in
    each language: the document, and its page's address there. One node, made where a link
    is broken: each broken link looked through every document's aliases (4,000 pages each
    linking a page gone took six times as long to build)."""
    languages = ctx.get("languages:")
    found: dict[str, tuple[str, str]] = {}
    for rel in ctx.get("published:").shown():
        aliases = ctx.get(f"aliases:{rel}")
        for alias in aliases[2] if aliases is not None else ():
            for _lang, path, new in versions(alias.path, aliases[0], languages):
                for written in (path, path.rstrip("/")):
                    found.setdefault(written, (rel, new))
    return found


def fixed_files(ctx: Ctx) -> set[str]:
    """The files the build always writes, the news feed of each language among them."""
    return set(fixed_outputs(ctx))


def body_links(env: Env, ctx: Ctx, rel: str) -> None:
    body = ctx.get(f"body:{rel}")
    if body is None:
        return
    _, base_path = ctx.get("base:")
    statics: set[str] | None = None

    def is_file(path: str) -> bool:
        nonlocal statics
        statics = statics if statics is not None else static_files(ctx)
        return path in statics or path in fixed_files(ctx)

    for link in body.links:
        url = link.url
        if base_path and url.startswith(base_path + "/"):
            url = url[len(base_path):]
        found = verdict(url, link.fragment, anchors_of(ctx), is_file)
        if found == "page" and (moved := _moved_from(ctx, url)) is not None:
            ctx.error(rel, link.line, link.col, f"link '{link.href}': {url} is an old address "
                      f"(alias) of {moved[0]}, which only sends readers on: link its page, "
                      f"{moved[1]}")
        elif found == "page":  # the plan is read only for a link that is broken
            meant = address_meant(url, [spec.url for spec in ctx.get("plan:")])
            hint = f" (did you mean '{meant}'?)" if meant else ""
            ctx.error(rel, link.line, link.col, f"link '{link.href}': no page at {url}{hint}")
        elif found == "anchor":
            ctx.error(rel, link.line, link.col,
                      f"link '{link.href}': no anchor #{link.fragment} on {url}"
                      f"{anchor_meant(link.fragment, anchors_of(ctx), url)}")


def site_clashes(env: Env, ctx: Ctx, _: str) -> None:
    """Two files for one site (a name and a place, or a WDKBA id, given twice): an error at
    the later file, naming the earlier."""
    by_name: dict[str, list[AzeSite]] = {}
    by_id: dict[int, str] = {}
    for site in sorted(ctx.get("site_list:"), key=lambda s: s.source.path):
        at = {key: (line, col) for key, line, col in site.at}
        named = by_name.setdefault(name_key(site.title), [])
        twin = next((o for o in named if same_place(o, site)), None)
        named.append(site)
        if twin is not None and twin.coarsened == site.coarsened:
            ctx.error(site.source.path, *at.get("name", (1, 1)), _twin(site, twin))
        elif twin is not None:
            _unmarked_twin(ctx, *((site, twin) if site.coarsened else (twin, site)))
        wdkba_id = written_wdkba_id(site)
        if wdkba_id is not None:
            other = by_id.setdefault(wdkba_id, site.source.path)
            if other != site.source.path:
                ctx.error(site.source.path, *at.get("wdkba_id", (1, 1)),
                          f"wdkba_id: {wdkba_id} is also the WDKBA id of {other}: one site, "
                          "one file")


def _twin(site: AzeSite, other: AzeSite) -> str:
    return (f"name: '{site.title}' at {site.lat}, {site.lon} is also the name and place of "
            f"{other.source.path}: one site, one file (merge them, or tell them apart)")


def _unmarked_twin(ctx: Ctx, marked: AzeSite, unmarked: AzeSite) -> None:
    """A second file for a sensitive site that marks nothing: an error at that file, which
    would publish the precise position (unless it lists a marked species: that entry's
    error says so already)."""
    if {species_slug(sp.name) for sp in unmarked.species} & \
            {species_slug(name) for name in marked.secret}:  # as unmarked_sensitive tells them
        return
    at = {key: (line, col) for key, line, col in unmarked.at}
    ctx.error(unmarked.source.path, *at.get("name", (1, 1)),
              f"name: '{unmarked.title}' is also the name of {marked.source.path}, at the same "
              "place in whole degrees, where a species is sensitive: one site, one file (merge "
              "them, and mark its species sensitive here too, or give each its own name and "
              "position); as it is, this file would publish the position that one keeps "
              "unpublished")


def nav_links(env: Env, ctx: Ctx, _: str) -> None:
    """Each menu and footer entry of site.yaml leads to a page: reported at its line (not at
    every page that shows it), saying when the page is a draft."""
    paths = ctx.get("nav_paths:")
    if paths is MISSING:
        return
    published = ctx.get("published:")
    drafts: dict[str, str] = {}  # url -> path: drafts left out,
    shown: dict[str, str] = {}  # and those --drafts publishes (pages, sites and news alike)
    for rel in published.documents:
        st = ctx.get(f"status:{rel}")
        if st is not None and st.draft and not st.failed:
            (shown if rel in published.shown() else drafts)[st.url] = rel
    statics = static_files(ctx)
    broken = False
    forms = _forms(ctx)  # their pages are checked with the forms (check_forms)
    for label, url, line, col in (*paths, *forms):
        if not url.startswith("/") or url.startswith("//"):
            continue
        path, _, fragment = url.partition("#")
        path = path.split("?")[0]
        found = verdict(path, fragment, anchors_of(ctx),
                        lambda rel: rel in statics or rel in fixed_files(ctx))
        draft = drafts.get(path) or drafts.get(path + "/")
        if not found and (shown_draft := shown.get(path) or shown.get(path + "/")):
            ctx.report([Diagnostic(  # a draft's warning: --strict publishes what it shows
                "content/site.yaml", line, col, "warning", f"{label}: {url} leads to "
                f"{shown_draft}, a draft, shown here with --drafts; published without them, "
                "this entry leads nowhere: publish it (draft: false) or remove this entry",
                draft=True)])
        if found == "page" and (label, url, line, col) in forms:
            continue
        if found == "page":
            moved = None if draft else _moved_from(ctx, path)
            why = (f"{draft} is a draft: publish it (draft: false) or remove this entry"
                   if draft else _no_page(ctx, path) if moved is None else
                   f"this is an old address (alias) of {moved[0]}: write its page's, {moved[1]}")
            ctx.error("content/site.yaml", line, col, f"{label}: {url} leads nowhere: {why}")
        elif found == "anchor":
            ctx.error("content/site.yaml", line, col, f"{label}: {url}: no anchor #{fragment} "
                      f"on {path}")
        elif fragment:  # there in the original: in each language too?
            found = _anchor_in_languages(env, ctx, path, fragment, (label, url, line, col))
        broken = broken or found in ("page", "anchor")
    if not broken:
        _menu_translations(env, ctx)


def _no_page(ctx: Ctx, path: str) -> str:
    """What a menu entry leading nowhere is told: the address of the site's meant, where
    one is close (a letter slipped), else what to write (read only for an entry broken)."""
    meant = address_meant(path, [spec.url for spec in ctx.get("plan:")])
    return (f"no page has this address (did you mean '{meant}'?)" if meant else
            "no page has this address: write the address of one of the site's pages, e.g. "
            "/about/ for content/pages/about.md")


def address_meant(path: str, urls: list[str]) -> str | None:
    """The address among `urls` closest to `path`, where one is close enough to be a slip."""
    wanted = path if path.endswith("/") else path + "/"
    meant = difflib.get_close_matches(wanted, sorted(set(urls)), n=1, cutoff=0.8)
    return meant[0] if meant else None


def _forms(ctx: Ctx) -> tuple[tuple[str, str, int, int], ...]:
    """The form addresses of site.yaml that are paths of this site, with their labels and
    places (not those made for each site, with `{slug}`)."""
    found = ctx.get("form_paths:")
    return () if found is MISSING else tuple(entry for entry in found if "{slug}" not in entry[1])


def _anchor_in_languages(env: Env, ctx: Ctx, path: str, fragment: str,
                         entry: tuple[str, str, int, int]) -> str:
    """A menu or form address with an anchor, in each language's version of its page: a
    translation whose heading lost the anchor is reported at that heading; "anchor" if one
    was missing."""
    label, url, line, col = entry
    missing = ""
    for lang in ctx.get("languages:")[1:]:
        there = localized(path, f"/{lang}")
        if verdict(there, fragment, anchors_of(ctx), lambda _: False) != "anchor":
            continue
        missing = "anchor"
        dropped = _dropped_anchor(env, ctx, there, fragment)
        if dropped is not None:
            ctx.error(*dropped)
        else:
            ctx.error("content/site.yaml", line, col, f"{label}: {url}: no anchor #{fragment} "
                      f"on {there}")
    return missing


def _menu_translations(env: Env, ctx: Ctx) -> None:
    """Each entry of a translation of site.yaml names a menu address of the original."""
    known = {"", *(item.url for item in ctx.get("config:").nav)}
    for rel in ctx.get("translation_checks:"):
        value = ctx.get(f"translation:{rel}")
        if isinstance(value, YamlTranslation) and value.original == "content/site.yaml":
            unknown_entries(env, ctx, rel, value, known)


def nav_urls(ctx: Ctx) -> set[str]:
    """The addresses of the menu, in every language: their links are checked at their line
    of site.yaml (every page is published in every language, so one check answers for all)."""
    config = ctx.get("config:")
    urls = {url.split("#")[0].split("?")[0]
            for url in (*(item.url for item in (*config.nav, *config.footer)),
                        *(url for _, url, *_ in _forms(ctx)))}
    prefixes = [f"/{lang}" for lang in ctx.get("languages:")[1:]]
    return urls | {localized(url, prefix) for url in urls for prefix in prefixes}


HOME = "content/pages/index.md"


def template_links(env: Env, ctx: Ctx, _: str) -> None:
    broken: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for spec in ctx.get("plan:"):
        for path, fragment in ctx.get(f"links:{spec.url}"):
            broken.setdefault((path, fragment), []).append((spec.url, spec.template))
    homes = {"/", *(f"/{lang}/" for lang in ctx.get("languages:")[1:])}
    if any(path in homes for path, _ in broken):  # every page's header links home
        ctx.error(HOME, 0, 0, "the website has no home page: write content/pages/index.md "
                  "(every page links to it)" if ctx.get(f"file:{HOME}") is None else
                  f"{HOME} is a draft, and every page links to the home page: publish it "
                  "(draft: false)")
        broken = {key: found for key, found in broken.items() if key[0] not in homes}
    for (path, fragment), found in sorted(broken.items()):
        dropped = _dropped_anchor(env, ctx, path, fragment) if fragment else None
        if dropped is not None:  # the translation that lost it says so, not the templates
            ctx.error(*dropped)
            continue
        what = f"{path}#{fragment}" if fragment else path
        first_url, template = min(found)
        more = f" (and {len(found) - 1} more pages)" if len(found) > 1 else ""
        ctx.error(f"templates/{template}", 0, 0,
                  f"page {first_url}{more} links to {what}, which does not exist")


def _dropped_anchor(env: Env, ctx: Ctx, url: str, fragment: str) -> tuple[
        str, int, int, str] | None:
    """Where a translation lost an anchor of its original that pages link to: the heading
    translated got an id of its own (#ein-gebiet-aktualisieren for #update-a-site)."""
    value: PageValue | None = ctx.get(f"page:{url}")
    for rel in value.bodies if value is not None else ():
        found = parts(rel)
        original: Rendered | None = ctx.get(f"body:{found[0]}") if found else None
        translated: Rendered | None = ctx.get(f"body:{rel}")
        if original is None or translated is None:
            continue
        ids = [heading.id for heading in original.toc]
        if fragment not in ids:
            continue
        index = ids.index(fragment)
        heading = (translated.toc[index] if index < len(translated.toc)
                   else original.toc[index])
        return rel, _heading_line(text_of(env, ctx, rel), index), 1, (
            f"pages link to #{fragment}, the anchor of the original's heading "
            f"'{original.toc[index].name}', which this heading translates: keep the anchor, "
            f"e.g. {'#' * heading.level} {heading.name} {{#{fragment}}}")
    return None


def _heading_line(data: bytes | None, index: int) -> int:
    """The line of a Markdown file's heading number `index` (from 0; `#` headings, front
    matter and fenced code left out); 1 when it is not found."""
    lines = (data or b"").decode("utf-8", "replace").split("\n")
    front = lines[0].strip() == "---"
    fence = ""
    count = -1
    for number, line in enumerate(lines, 1):
        if front:
            front = number == 1 or line.strip() != "---"
            continue
        mark = re.match(r"\s{0,3}(`{3,}|~{3,})", line)
        if mark and (not fence or mark[1].startswith(fence)):
            fence = "" if fence else mark[1][:3]
            continue
        if fence:
            continue
        above = lines[number - 2] if number > 1 else ""
        if re.match(r"\s{0,3}#{1,6}(\s|$)", line):
            count, at = count + 1, number
        elif re.fullmatch(r"\s{0,3}(=+|-+)\s*", line) and above.strip() \
                and not re.match(r"\s{0,3}(#|[-*+>]\s|\d+[.)]\s)", above):
            count, at = count + 1, number - 1  # underlined: the heading is the line above
        else:
            continue
        if count == index:
            return at
    return 1


def species_warnings(env: Env, ctx: Ctx, _: str) -> None:
    sites = ctx.get("site_list:")
    for path, line, col, level, message in shared_species(sites):
        ctx.diagnostic(path, line, col, level, message)
    every = [ctx.get(f"facts:{rel}") for rel in ctx.get("published:").documents
             if rel.startswith("content/sites/")]
    for path, line, col, message in unmarked_sensitive(sites, [s for s in every if s]):
        ctx.error(path, line, col, message)


def photo_checks(env: Env, ctx: Ctx, _: str) -> None:
    """A photo whose entry in images.yaml keeps it from being published (no credit or alt
    text, a file that cannot be published): one error at the entry, naming the files that
    use it, however many they are; a warning when nothing uses it and its file is bad."""
    used: dict[str, set[str]] = {}  # photo -> the files using it
    for key, rel in _photo_uses(ctx):
        used.setdefault(key, set()).add(rel)
    for key in ctx.get("images:"):
        image = ctx.get(f"image:{key}")
        problem = entry_problem(image)
        where = image.source
        if problem is not None and key in used:
            ctx.error(where.path, where.line, where.col, f"{problem} ({_used_in(sorted(used[key]))})")
        elif image.problem and image.problem != UNREADABLE and key not in used:
            ctx.warning(where.path, where.line, where.col,
                        f"photo '{key}' (not used by any page) cannot be published: "
                        f"{image.problem}")


def _photo_uses(ctx: Ctx) -> Iterator[tuple[str, str]]:
    """(photo, file) for each photo a file asks for: in front matter, in a body (of the
    bodies the build renders: translations that translation_checks let through), in
    site.yaml, as a partner's logo."""
    published = ctx.get("published:")
    for rel in published.documents:
        yield from ((key, rel) for key in ctx.get(f"photos:{rel}"))
    translated = (t for t in ctx.get("translation_checks:") if t.endswith(".md"))
    for rel in (*published.shown(), *translated):
        found = ctx.get(f"body_photos:{rel}")
        yield from ((key, rel) for key in (() if found is MISSING else found))
    found = ctx.get("config_photos:")
    yield from ((key, "content/site.yaml") for key in (() if found is MISSING else found))
    yield from ((partner.logo, "content/partners.yaml") for partner in ctx.get("partners:")
                if isinstance(partner.logo, str))


def stylesheet_refs(env: Env, ctx: Ctx, rel: str) -> tuple[Reference, ...]:
    """The site's files a stylesheet of static/ asks for, where it asks (read again only
    when it changes)."""
    data = text_of(env, ctx, rel)
    return tuple(references(rel.removeprefix("static/"), decoded(data or b"")))


def stylesheet_links(env: Env, ctx: Ctx, _: str) -> None:
    """Each file a stylesheet asks for is in the site: a background image or a font that
    is not would be left out by the browser, unseen."""
    statics = static_files(ctx)
    _, base_path = ctx.get("base:")
    for name in sorted(name for name in statics if name.endswith(".css")):
        rel = f"static/{name}"
        for ref in ctx.get(f"stylesheet_refs:{rel}"):
            said = _stylesheet_said(ctx, name, ref, statics, base_path)
            if said:
                ctx.error(rel, ref.line, ref.col, f"'{ref.written}': {said}")


def _stylesheet_said(ctx: Ctx, name: str, ref: Reference, statics: set[str],
                     base_path: str) -> str | None:
    folder = posixpath.dirname(name)
    path = ref.path
    if ref.written.startswith(f"{base_path}/") and base_path:  # the site's path written
        path = target(name, ref.written.removeprefix(base_path))
    elif ref.written.startswith("/") and base_path:
        return (f"the website is published at {base_path}/, where an address from the "
                "host's root misses it: write it from this stylesheet, "
                f"'{posixpath.relpath(path or '', folder or '.')}'")
    if path is None:
        return "this leads out of the website: write the address of a file in static/"
    if path in statics or path.startswith("pagefind/") or path in fixed_files(ctx):
        return None  # pagefind/: the search index's files, made by the build
    meant = difflib.get_close_matches(path, sorted(statics), n=1, cutoff=0.85)
    return (f"there is no file static/{path}" + (
        f" (did you mean '{posixpath.relpath(meant[0], folder or '.')}'?)" if meant else ""))


def _used_in(files: list[str]) -> str:
    if len(files) > 3:
        files = [*files[:2], f"{len(files) - 2} more files"]
    return "used in " + (", ".join(files[:-1]) + " and " if len(files) > 1 else "") + files[-1]


def queries(env: Env) -> dict[str, Query]:
    return {
        "links": Query(14, partial(links, env), parallel=True),
        "body_links": Query(14, partial(body_links, env), parallel=True),
        "template_links": Query(15, partial(template_links, env)),
        "stylesheet_refs": Query(1, partial(stylesheet_refs, env)),
        "stylesheet_links": Query(15, partial(stylesheet_links, env)),
        "nav_links": Query(14, partial(nav_links, env)),
        "old_addresses": Query(7, partial(old_addresses, env)),
        "site_clashes": Query(8, partial(site_clashes, env)),
        "species_warnings": Query(8, partial(species_warnings, env)),
        "photo_checks": Query(11, partial(photo_checks, env)),  # reads translation_checks
    }
