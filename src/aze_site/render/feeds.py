"""Machine-readable outputs: sitemap.xml, robots.txt and the Atom feed of news.

Pure functions of the published pages; no wall clock, so output is reproducible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

# What XML 1.0 may not hold at all, even escaped: C0 controls but tab and newlines,
# surrogates, U+FFFE and U+FFFF (a text pasted from elsewhere can bring them along).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """What xml.sax.saxutils.escape does (that module brings urllib with it: 15 ms of
    every build's start), leaving out the characters XML forbids: one in a title would
    make the whole feed unreadable."""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace(">", "&gt;").replace(
        "<", "&lt;").replace('"', "&quot;")  # in text, and in attributes


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date | None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL), itself included


def sitemap(entries: Iterable[SitemapEntry]) -> str:
    listed = list(entries)
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if any(e.alternates for e in listed) \
        else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>']
    for entry in listed:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" '
                        f'href="{escape(url)}"/>' for lang, url in entry.alternates)
        lines.append(f"  <url><loc>{escape(entry.url)}</loc>{lastmod}{links}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


_LINKED = re.compile(r'\b(href|src|srcset)="([^"]*)"')


def absolute_links(html: str, origin: str) -> str:
    """A body's links and images made absolute (`origin`: scheme and host, no slash at its
    end), for feed readers, which do not know the site a root-relative address is on."""

    def one(url: str) -> str:
        return origin + url if url.startswith("/") and not url.startswith("//") else url

    def attribute(found: re.Match[str]) -> str:
        name, value = found[1], found[2]
        urls = [one(part.strip()) for part in value.split(",")] if name == "srcset" else []
        return f'{name}="{", ".join(urls) if urls else one(value)}"'

    return _LINKED.sub(attribute, html)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    published: dt.date
    updated: dt.date
    summary: str
    html: str
    lang: str | None = None  # its text's language, where it is not the feed's (not translated yet)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(title: str, site_url: str, feed_url: str, author: str,
              entries: list[FeedEntry], lang: str | None = None) -> str:
    """An Atom 1.0 feed (RFC 4287); `updated` is the newest entry's date."""
    newest = max((e.updated for e in entries), default=dt.date(2000, 1, 1))
    xml_lang = f' xml:lang="{escape(lang)}"' if lang else ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom"{xml_lang}>',
        f"  <title>{escape(title)}</title>",
        f'  <link href="{escape(site_url)}"/>',
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>',
        f"  <id>{escape(feed_url)}</id>",
        f"  <updated>{_stamp(newest)}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for e in entries:
        out += [
            f'  <entry xml:lang="{escape(e.lang)}">' if e.lang else "  <entry>",
            f"    <title>{escape(e.title)}</title>",
            f'    <link href="{escape(e.url)}"/>',
            f"    <id>{escape(e.url)}</id>",
            f"    <published>{_stamp(e.published)}</published>",
            f"    <updated>{_stamp(e.updated)}</updated>",
            f"    <summary>{escape(e.summary)}</summary>",
            f'    <content type="html">{escape(e.html)}</content>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
