"""Queries of the old addresses (front matter `aliases:`): level 5 each document's, 12
the redirect pages and `_redirects`, once every page's own address is known."""

from __future__ import annotations

from functools import partial

from aze_site.engine import Ctx, Query
from aze_site.model import Alias
from aze_site.queries.catalogue import FIXED, credits_specs, reserved_folders
from aze_site.queries.checks import fixed_files
from aze_site.queries.env import Env
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
    fixed = {rel: FIXED.get(rel, "the news feed") for rel in fixed_files(ctx)}
    taken = {rel.removeprefix("static/"): rel for rel in statics} | fixed
    owned = reserved_folders(statics)
    base_url, base_path = ctx.get("base:")
    language = ctx.get("config:").language
    claimed: dict[str, str] = {}
    rules = []
    for rel in ctx.get("published:").shown():
        found: Aliases | None = ctx.get(f"aliases:{rel}")
        if found is None:
            continue
        url, title, old = found
        for alias in old:
            out = output_file(alias.path)
            problem = _problem(alias.path, out, url, pages, taken, owned, claimed)
            if problem:
                ctx.error(rel, alias.line, alias.col, f"alias {alias.path}: {problem}")
                continue
            claimed[out] = rel
            page = redirect_page(title, base_path + url, base_url + url.lstrip("/"), language)
            ctx.output(out, page.encode("utf-8"))
            rules.append((base_path + alias.path, base_path + url))
    if rules and REDIRECTS_FILE in taken:
        ctx.error(f"static/{REDIRECTS_FILE}", 1, 1, "aze-site writes _redirects from the "
                  "pages' aliases: move these rules into aliases, or remove the aliases")
    elif rules:
        ctx.output(REDIRECTS_FILE, redirect_rules(rules).encode("utf-8"))
    return len(rules)


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
    if out in taken:
        return f"/{out} is {taken[out]}: remove the alias"
    if out in claimed:
        return f"this is also an alias of {claimed[out]}: keep it on one page only"
    return None


def queries(env: Env) -> dict[str, Query]:
    return {
        "aliases": Query(5, partial(aliases, env)),
        "redirects": Query(12, partial(redirects, env)),
    }
