"""What finding and reusing the sites adds to page contexts: maps, data terms, JSON-LD.

Called by the Renderer while it makes a page's context, so that everything these
features show comes through the context and counts in the page's fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from aze_site.model import RED_LIST, AzeSite, NewsPost
from aze_site.render import jsonld, worldmap
from aze_site.render.downloads import MAP_DATA, DataTerms, default_citation
from aze_site.search.pagefind import SEARCH_URL

if TYPE_CHECKING:
    from aze_site.render.renderer import PageMeta, PageSpec, Renderer, SiteData


@dataclass(frozen=True, slots=True)
class MapView:
    """One map of sites: the static SVG's frame, and the interactive map's settings."""

    view_box: tuple[float, float, float, float]
    outlines: str  # version of the country outlines the static map draws
    data: str  # URL of /data/map.json
    tiles: str
    attribution: str
    attribution_url: str | None
    max_zoom: int
    country: str = ""  # ISO3: only this country's sites
    legend: tuple[tuple[str, str], ...] = ()  # (code, name) of the Red List colours used
    coarsened: int = 0  # how many of the sites are shown at a coarsened position


def map_view(renderer: Renderer, sites: tuple[AzeSite, ...], country: str = "") -> MapView:
    """The map of these sites: the world's, or one country's (`country`, an ISO3 code)."""
    known = renderer.map_views.get((id(sites), country))
    if known is not None and known[0] is sites:  # every page of the site index shows it
        return cast(MapView, known[1])
    view = _map_view(renderer, sites, country)
    renderer.map_views[(id(sites), country)] = (sites, view)
    return view


def _map_view(renderer: Renderer, sites: tuple[AzeSite, ...], country: str) -> MapView:
    config = renderer.data.content.config.map
    points = [(s.lon, s.lat) for s in sites]
    box = (worldmap.view_box(points, worldmap.country_box(country)) if country
           else worldmap.world_view(points))
    worst = {worldmap.worst_status(s) for s in sites}
    return MapView(
        view_box=box, outlines=worldmap.world_version(),
        data=renderer.rel(f"/{MAP_DATA}"), tiles=config.tiles, attribution=config.attribution,
        attribution_url=config.attribution_url, max_zoom=config.max_zoom, country=country,
        legend=tuple((c, RED_LIST[c]) for c in RED_LIST if c in worst),
        coarsened=sum(1 for s in sites if s.coarsened))


def data_terms(data: SiteData) -> DataTerms:
    """The licence and citation of the downloads (site.yaml `data:`, or defaults)."""
    config = data.content.config
    return DataTerms(license=config.data_license or "See the site's terms",
                     citation=config.data_citation or default_citation(config.title, data.base_url))


def structured_data(renderer: Renderer, spec: PageSpec, context: dict[str, Any]) -> dict[str, Any] | None:
    """schema.org JSON-LD of a page, from what its context holds."""
    page: PageMeta = context["page"]
    config = renderer.data.content.config
    base_url = renderer.data.base_url
    if spec.template == "home.html":
        return jsonld.website(config.title, base_url, config.description,
                              renderer.absolute(SEARCH_URL))
    if spec.template == "partners.html" and context.get("partners"):
        return jsonld.organizations(context["partners"])
    if spec.kind == "site":
        return jsonld.place(context["s"], page.canonical, page.description, page.og_image)
    if spec.kind == "news" and isinstance(context.get("doc"), NewsPost):
        post = context["doc"]
        return jsonld.news_article(page.title, page.canonical, post.date, post.updated,
                                   page.description, page.og_image, config.title, base_url)
    return None
