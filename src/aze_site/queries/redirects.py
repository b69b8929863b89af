"""Queries of the old addresses (front matter `aliases:`): level 5 each document's, 12
the redirect pages and `_redirects`, once every page's own address is known."""

from __future__ import annotations

from functools import partial

from aze_site.content.translating import english_name
from aze_site.engine import Ctx, Query
from aze_site.model import Alias
from aze_site.queries.catalogue import credits_specs, fixed_outputs, reserved_folders
from aze_site.queries.env import Env
from aze_site.queries.languages import in_language
from aze_site.render.i18n import Translator
from aze_site.render.redirects import REDIRECTS_FILE, redirect_page, redirect_rules
from aze_site.slugs import output_file

Aliases = tuple[str, str, tuple[Alias, ...]]  # the document's address, its title, its aliases


def aliases(env: Env, ctx: Ctx, rel: str) -> Aliases | None:
    """A document's old addresses (a projection: an edit of its text changes nothing here)."""
    result = ctx.get(f"document:{rel}")
    doc = result.doc if result is not None else None
    return (doc.url, doc.title, doc.aliases) if doc is not None and doc.aliases else None


def redirects(env: Env, ctx: Ctx, _: str) -> int:
    """A redirect page at each old address that no other file takes; its value: how many."""
    pages = {output_file(spec.url): spec.url for spec in (*ctx.get("plan:"), *credits_specs(ctx))}
    statics = [rel for rel, flag in ctx.get("dir:static") if not flag]
    taken = {rel.removeprefix("static/"): rel for rel in statics} | fixed_outputs(ctx)
    owned = reserved_folders()
    base_url, base_path = ctx.get("base:")
    languages = ctx.get("languages:")
    claimed: dict[str, str] = {}
    rules = []
    for rel in ctx.get("published:").shown():
        found: Aliases | None = ctx.get(f"aliases:{rel}")
        if found is None:
            continue
        url, title, old = found
        for alias in old:
            for lang, path, new in versions(alias.path, url, languages):
                out = output_file(path)
                problem = _problem(path, out, new, pages, taken, owned, claimed)
                if problem:
                    where = "" if path == alias.path else f" (in {english_name(lang)}, {path})"
                    ctx.error(rel, alias.line, alias.col, f"alias {alias.path}{where}: {problem}")
                    break
                claimed[out] = rel
                page = redirect_page(_title(ctx, lang, rel, title), base_path + new,
                                     base_url + new.lstrip("/"), lang,
                                     Translator(ctx.get(f"messages:{lang}")).gettext)
                ctx.output(out, page.encode("utf-8"))
                rules.append((base_path + path, base_path + new))
    if rules and REDIRECTS_FILE in taken:
        ctx.error(f"static/{REDIRECTS_FILE}", 1, 1, "aze-site writes _redirects from the "
                  "pages' aliases: move these rules into aliases, or remove the aliases")
    elif rules:
        ctx.output(REDIRECTS_FILE, redirect_rules(rules).encode("utf-8"))
    return len(rules)


def _title(ctx: Ctx, lang: str, rel: str, title: str) -> str:
    """The document's title in the language (its translation's, where it has one)."""
    if lang == ctx.get("languages:")[0]:
        return title
    doc = in_language(ctx, lang, rel)
    return doc.title if doc is not None else title


def versions(alias: str, url: str, languages: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(language, old address, new address) of an alias: in every language the site has,
    since each page is in each; an alias already under /<lang>/ is that language's alone."""
    own = next((lang for lang in languages[1:] if alias.startswith(f"/{lang}/")), None)
    if own is not None:
        return [(own, alias, f"/{own}{url}")]
    return [(languages[0], alias, url),
            *((lang, f"/{lang}{alias}", f"/{lang}{url}") for lang in languages[1:])]


def _problem(path: str, out: str, url: str, pages: dict[str, str], taken: dict[str, str],
             owned: dict[str, str], claimed: dict[str, str]) -> str | None:
    """Why an old address cannot be published (None: it can)."""
    if path == url:
        return "this is the page's own address: remove the alias"
    if out in pages:
        return f"this is the address of the page {pages[out]}: remove the alias"
    folder = next((f for f in owned if out.startswith(f)), None)
    if folder is not None:
        return f"this address is inside /{folder}, which holds {owned[folder]}: remove the alias"
    files = taken | {REDIRECTS_FILE: "the redirect rules aze-site writes"}
    file = next((f for f in _folders(out) if f in files), None)
    if file is not None:  # a folder where a file is published
        return f"/{file} is {files[file]}, not a folder: remove the alias"
    if out in taken:
        return f"/{out} is {taken[out]}: remove the alias"
    if out in claimed:
        return f"this is also an alias of {claimed[out]}: keep it on one page only"
    return None


def _folders(out: str) -> list[str]:
    """The folders an output file is in: a/b/index.html is in a and a/b."""
    parts = out.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def queries(env: Env) -> dict[str, Query]:
    return {
        "aliases": Query(5, partial(aliases, env)),
        "redirects": Query(12, partial(redirects, env)),
    }
