"""Old addresses of pages (front matter `aliases:`): a small page at each that sends the
reader on, and `_redirects`, the rules file of hosts that read one (Netlify, Cloudflare
Pages), so that they answer with a real 301."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from aze_site.render.i18n import N_

REDIRECTS_FILE = "_redirects"
MOVED_TITLE = N_("%(title)s: moved")
MOVED = N_("This page has moved to %(link)s.")


def redirect_page(title: str, target: str, canonical: str, language: str,
                  say: Callable[[str], str] = str) -> str:
    """The page at an old address: a refresh for browsers, the canonical link for search
    engines (which then list the new address), and a link anyone can follow; its words in
    its language (`say`: the language's translation of a message)."""
    title, target, canonical = escape(title), escape(target), escape(canonical)
    link = f'<a href="{target}">{title}</a>'
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(say(MOVED_TITLE)) % {'title': title}}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f"<p>{escape(say(MOVED)) % {'link': link}}</p>\n"
        "</body>\n</html>\n"
    )


def redirect_rules(rules: list[tuple[str, str]]) -> str:
    """`_redirects`: one `old new 301` line per old address, in a stable order."""
    return "".join(f"{old} {new} 301\n" for old, new in sorted(rules))
