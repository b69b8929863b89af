"""Structured data for search engines: schema.org JSON-LD for the <head> of a page.

Pure functions returning plain dicts; `script_text` makes them safe inside <script>.
Positions are the published ones (coarsened for sensitive sites).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from aze_site.content.countries import alpha2_code, country_name
from aze_site.model import AzeSite, Partner

CONTEXT = "https://schema.org"


def script_text(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element early: <, > and & are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _alpha2(iso3: str) -> str:
    return alpha2_code(iso3) or iso3


def place(site: AzeSite, url: str, description: str, image: str | None,
          name_of: Callable[[str], str | None] = country_name) -> dict[str, Any]:
    """`name_of`: a country's name in the page's language."""
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Place", "name": site.title, "url": url,
        "description": description,
        "geo": {"@type": "GeoCoordinates", "latitude": site.lat, "longitude": site.lon},
        "address": [{"@type": "PostalAddress", "addressCountry": _alpha2(code)}
                    for code in site.iso3],
        "containedInPlace": [{"@type": "Country", "name": name_of(code) or code}
                             for code in site.iso3],
    }
    if len(site.iso3) == 1:
        data["address"] = data["address"][0]
        data["containedInPlace"] = data["containedInPlace"][0]
    if site.area_km2:
        data["additionalProperty"] = {"@type": "PropertyValue", "name": "area",
                                      "value": site.area_km2, "unitCode": "KMK"}
    if image:
        data["image"] = image
    return data


def organizations(partners: Sequence[Partner]) -> dict[str, Any]:
    """The partner organisations, one Organization node each."""
    return {
        "@context": CONTEXT,
        "@graph": [
            {"@type": "Organization", "name": p.name, "url": p.url,
             **({"alternateName": p.short_name} if p.short_name else {}),
             **({"description": p.description} if p.description else {})}
            for p in partners
        ],
    }


def news_article(headline: str, url: str, published: dt.date, modified: dt.date | None,
                 description: str, image: str | None, publisher: str, site_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "NewsArticle", "headline": headline, "url": url,
        "mainEntityOfPage": url, "description": description,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "publisher": {"@type": "Organization", "name": publisher, "url": site_url},
    }
    if image:
        data["image"] = [image]
    return data


def website(name: str, url: str, description: str, search_url: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT, "@type": "WebSite", "name": name, "url": url,
        "description": description,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
