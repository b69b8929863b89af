"""The contexts of the pages made from the catalogue: the site index, species, countries,
Red List categories, groups, news index, credits, search and the 404 page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aze_site.content.regions import regions_of
from aze_site.render import paging
from aze_site.render.downloads import DATA_FILES
from aze_site.search.pagefind import UI_FILES

if TYPE_CHECKING:
    from aze_site.render.pages import PageRenderer, PageSpec


def listing_context(r: PageRenderer, spec: PageSpec) -> dict[str, Any]:
    """The context of a page made from the catalogue (site index, species, countries...)."""
    make = _LISTINGS[spec.kind]
    title, description, extra = make(r, spec.key)
    return {"page": r.meta(spec, title, description, shared=shared_card(r, spec))} | extra


def shared_card(r: PageRenderer, spec: PageSpec) -> tuple[str, str | None]:
    """The card a derived page shares: its site's for a species, else the website's.
    Cards are drawn for the pages people share as themselves (home, pages, news, sites);
    one each for the tens of thousands of derived pages would weigh more than the rest
    of the website together."""
    if spec.kind == "species":
        sites = r.view.species(spec.key).sites
        if sites:
            return sites[0].title, sites[0].hero
    config = r.view.config()
    return config.title, config.hero


Listing = tuple[str, str, dict[str, Any]]


def _sites(r: PageRenderer, key: str) -> Listing:
    view = r.view
    sites = view.sites()
    total = len(sites)
    title = "AZE sites"
    description = (f"All {total:,} Alliance for Zero Extinction sites: "
                   "country, trigger species, Red List category and protection.")
    number = paging.page_number(key)
    shown = paging.page_slice(sites, number)
    pager = paging.pager(number, total)
    if pager is not None and number > 1:  # a later page of a paged index
        title = f"All AZE sites, page {number} of {pager.count}"
        description = (f"Alliance for Zero Extinction sites {pager.first:,} to "
                       f"{pager.last:,} of {pager.total:,}, by name, from {shown[0].title}"
                       f" to {shown[-1].title}: country, trigger species, Red List "
                       "category and protection.")
    return title, description, {
        "sites": shown, "total": total, "pager": pager, "countries": view.countries(),
        "categories": view.categories(), "groups": view.groups(), **view.site_filters(),
        "map": view.map_view(""), "terms": r.data_terms(),
        "downloads": [f"/{rel}" for rel in DATA_FILES]}


def _species_index(r: PageRenderer, key: str) -> Listing:
    species = r.view.species_list()
    return ("Trigger species", f"The {len(species)} species that each survive at a single "
            "AZE site, by scientific and common name.",
            {"species": species, "groups": r.view.groups()})


def _species(r: PageRenderer, key: str) -> Listing:
    entry = r.view.species(key)
    common = f" ({entry.common_name})" if entry.common_name else ""
    return (entry.name, f"{entry.name}{common} is {entry.status_name}. It survives at "
            + join([s.title for s in entry.sites]) + ".",
            {"entry": entry, "links": species_links(entry.name, entry.iucn_id, entry.gbif_id)})


def species_links(name: str, iucn_id: str | None, gbif_id: int | None) -> dict[str, str]:
    """Where to read on about a species: its page on the IUCN Red List and on GBIF when
    their ids are known, else a search for its scientific name there."""
    query = quote(name)
    return {
        "iucn": f"https://www.iucnredlist.org/species/{iucn_id}" if iucn_id else
                f"https://www.iucnredlist.org/search?query={query}&searchType=species",
        "gbif": f"https://www.gbif.org/species/{gbif_id}" if gbif_id else
                f"https://www.gbif.org/species/search?q={query}",
    }


def _countries(r: PageRenderer, key: str) -> Listing:
    countries = r.view.countries()
    return ("Countries", f"AZE sites in {len(countries)} countries and territories.",
            {"countries": countries})


def _country(r: PageRenderer, key: str) -> Listing:
    entry = r.view.country(key)
    if entry is None:  # the plan makes a country's page only when it has sites
        raise KeyError(f"no country {key}")
    count = len(entry.sites)
    return (entry.name, f"{count} Alliance for Zero Extinction site{'s' if count != 1 else ''} "
            f"in {entry.name}.",
            {"entry": entry, "regions": regions_of([entry.iso3]), "map": r.view.map_view(key)})


def _categories(r: PageRenderer, key: str) -> Listing:
    return ("Red List categories", "Trigger species of AZE sites by IUCN Red List category.",
            {"categories": r.view.categories()})


def _category(r: PageRenderer, key: str) -> Listing:
    entry = r.view.category(key)
    return (entry.name, f"{len(entry.species)} AZE trigger species assessed {entry.name} "
            f"({entry.code}) on the IUCN Red List.", {"entry": entry})


def _groups(r: PageRenderer, key: str) -> Listing:
    return ("Taxonomic groups", "Trigger species of AZE sites by taxonomic group.",
            {"groups": r.view.groups()})


def _group(r: PageRenderer, key: str) -> Listing:
    entry = r.view.group(key)
    return (entry.name, f"{len(entry.species)} AZE trigger species among {entry.name.lower()}.",
            {"entry": entry})


def _news_index(r: PageRenderer, key: str) -> Listing:
    return "News", f"News from the {r.view.config().title}.", {"posts": r.view.news()}


def _credits(r: PageRenderer, key: str) -> Listing:
    usage = r.view.photo_usage()
    photos = []
    for photo in sorted(usage):
        image = r.view.image(photo)
        if image is not None:
            photos.append((r.planner.picture(photo, "thumb"), image, usage[photo]))
    return ("Photo credits", "Every photo on this website, with its credit, licence and pages.",
            {"photos": photos})


def _search(r: PageRenderer, key: str) -> Listing:
    return ("Search", f"Search the {r.view.stats()['sites']:,} AZE sites, their trigger species, "
            "countries, news and pages.",
            {"bundle": [r.rel("/" + f) for f in UI_FILES], "base": r.rel("/")})


def _not_found(r: PageRenderer, key: str) -> Listing:
    return ("Page not found",
            "This page does not exist. Search the AZE sites or go to the home page.", {})


_LISTINGS = {
    "sites": _sites, "species-index": _species_index, "species": _species,
    "countries": _countries, "country": _country, "categories": _categories,
    "category": _category, "groups": _groups, "group": _group, "news-index": _news_index,
    "credits": _credits, "search": _search, "404": _not_found,
}


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
