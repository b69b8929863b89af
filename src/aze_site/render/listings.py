"""The contexts of the pages made from the catalogue: the site index, species, countries,
Red List categories, groups, news index, credits, search and the 404 page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aze_site.content.regions import regions_of
from aze_site.render import paging
from aze_site.render.catalogue import published_count
from aze_site.render.downloads import DATA_FILES
from aze_site.render.i18n import N_, Messages, locale_of
from aze_site.search.pagefind import UI_FILES

if TYPE_CHECKING:
    from aze_site.render.pages import PageRenderer, PageSpec


def listing_context(r: PageRenderer, spec: PageSpec) -> dict[str, Any]:
    """The context of a page made from the catalogue (site index, species, countries...)."""
    make = _LISTINGS[spec.kind]
    title, description, extra = make(r, spec.key)
    return {"page": r.meta(spec, title, description, shared=shared_card(r, spec))} | extra


def shared_card(r: PageRenderer, spec: PageSpec) -> tuple[str, str | None, bool]:
    """The card a derived page shares: its site's for a species, else the website's (with
    whether it is translated, as the site's page draws it). Cards are drawn for the pages
    people share as themselves (home, pages, news, sites); one each for the tens of
    thousands of derived pages would weigh more than the rest of the website together."""
    if spec.kind == "species":
        sites = r.view.species(spec.key).sites
        if sites:
            site = sites[0]
            done = not spec.lang or spec.lang in r.view.translated_in(site.source.path)
            return site.title, site.hero, done
    config = r.view.config()
    return config.title, config.hero, True


Listing = tuple[str, str, dict[str, Any]]


def _sites(r: PageRenderer, key: str) -> Listing:
    view = r.view
    sites = view.sites()
    total = sum(1 for site in sites if not site.draft)  # `serve --drafts`: listed, not counted
    title = r.gettext("AZE sites")
    description = r.ngettext(
        "All %(total)s Alliance for Zero Extinction sites: country, trigger species, Red List "
        "category and protection.",
        "All %(total)s Alliance for Zero Extinction sites: country, trigger species, Red List "
        "category and protection.", total, total=r.number(total))
    waiting = sum(1 for site in sites if not site.draft and not site.confirmed)
    if waiting:  # listed without criterion A1e: the list claims no more than is known
        description += " " + r.ngettext(
            "The AZE status of %(num)s of them has not been confirmed.",
            "The AZE status of %(num)s of them has not been confirmed.", waiting,
            num=r.number(waiting))
    number = paging.page_number(key)
    shown = paging.page_slice(sites, number)
    pager = paging.pager(number, len(sites))
    if pager is not None and number > 1:  # a later page of a paged index
        title = r.gettext("All AZE sites, page %(number)s of %(count)s",
                          number=r.number(number), count=r.number(pager.count))
        description = r.gettext(
            "Alliance for Zero Extinction sites %(first)s to %(last)s of %(total)s, by name, "
            "from %(start)s to %(end)s: country, trigger species, Red List category and "
            "protection.", first=r.number(pager.first), last=r.number(pager.last),
            total=r.number(pager.total), start=shown[0].title, end=shown[-1].title)
    return title, description, {
        "sites": shown, "total": total, "pager": pager, "countries": view.countries(),
        "categories": view.categories(), "groups": view.groups(), **view.site_filters(),
        "map": view.map_view(""), "terms": r.data_terms(),
        "downloads": [f"/{rel}" for rel in DATA_FILES]}


def _species_index(r: PageRenderer, key: str) -> Listing:
    species = r.view.species_list()
    return (r.gettext("Trigger species"),
            r.ngettext("The %(num)d species that each survive at a single AZE site, by "
                       "scientific and common name.",
                       "The %(num)d species that each survive at a single AZE site, by "
                       "scientific and common name.", published_count(species)),
            {"species": species, "groups": r.view.groups()})


def _species(r: PageRenderer, key: str) -> Listing:
    entry = r.view.species(key)
    status = r.gettext(entry.status_name)
    sites = join([s.title for s in entry.sites], r.lang)
    if entry.common_name:
        description = r.gettext("%(name)s (%(common)s) is %(status)s. It survives at %(sites)s.",
                                name=entry.name, common=entry.common_name, status=status,
                                sites=sites)
    else:
        description = r.gettext("%(name)s is %(status)s. It survives at %(sites)s.",
                                name=entry.name, status=status, sites=sites)
    return (entry.name, description,
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
    return (r.gettext("Countries"),
            r.ngettext("AZE sites in %(num)d countries and territories.",
                       "AZE sites in %(num)d countries and territories.",
                       published_count(countries)),
            {"countries": countries})


def _country(r: PageRenderer, key: str) -> Listing:
    entry = r.view.country(key)
    if entry is None:  # the plan makes a country's page only when it has sites
        raise KeyError(f"no country {key}")
    return (entry.name, r.ngettext("%(num)d Alliance for Zero Extinction site in %(country)s.",
                                   "%(num)d Alliance for Zero Extinction sites in %(country)s.",
                                   entry.published, country=entry.name),
            {"entry": entry, "regions": regions_of([entry.iso3]), "map": r.view.map_view(key)})


def _categories(r: PageRenderer, key: str) -> Listing:
    return (r.gettext("Red List categories"),
            r.gettext("Trigger species of AZE sites by IUCN Red List category."),
            {"categories": r.view.categories()})


def _category(r: PageRenderer, key: str) -> Listing:
    entry = r.view.category(key)
    name = r.gettext(entry.name)
    return (name, r.ngettext("%(num)d AZE trigger species assessed %(category)s (%(code)s) on "
                             "the IUCN Red List.",
                             "%(num)d AZE trigger species assessed %(category)s (%(code)s) on "
                             "the IUCN Red List.", entry.published, category=name,
                             code=entry.code),
            {"entry": entry})


def _groups(r: PageRenderer, key: str) -> Listing:
    return (r.gettext("Taxonomic groups"),
            r.gettext("Trigger species of AZE sites by taxonomic group."),
            {"groups": r.view.groups()})


def _group(r: PageRenderer, key: str) -> Listing:
    entry = r.view.group(key)
    name = r.gettext(entry.name)
    return name, _GROUP_SENTENCES[entry.code](r, entry.published), {"entry": entry}


# The description of each group's page (one per code of model.GROUPS), a whole sentence
# for the translators: a group's name in running text is not always its title lowercased
# (an article, a case, a noun written with a capital).
_GROUP_SENTENCES: dict[str, Callable[[PageRenderer, int], str]] = {
    "amphibians": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among amphibians.",
        "%(num)d AZE trigger species among amphibians.", n),
    "birds": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among birds.",
        "%(num)d AZE trigger species among birds.", n),
    "mammals": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among mammals.",
        "%(num)d AZE trigger species among mammals.", n),
    "reptiles": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among reptiles.",
        "%(num)d AZE trigger species among reptiles.", n),
    "fishes": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among fishes.",
        "%(num)d AZE trigger species among fishes.", n),
    "corals": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among corals.",
        "%(num)d AZE trigger species among corals.", n),
    "crustaceans": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among crustaceans.",
        "%(num)d AZE trigger species among crustaceans.", n),
    "insects": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among insects.",
        "%(num)d AZE trigger species among insects.", n),
    "molluscs": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among molluscs.",
        "%(num)d AZE trigger species among molluscs.", n),
    "other-invertebrates": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among other invertebrates.",
        "%(num)d AZE trigger species among other invertebrates.", n),
    "plants": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among plants.",
        "%(num)d AZE trigger species among plants.", n),
    "fungi": lambda r, n: r.ngettext(
        "%(num)d AZE trigger species among fungi.",
        "%(num)d AZE trigger species among fungi.", n),
}


def _news_index(r: PageRenderer, key: str) -> Listing:
    return (r.gettext("News"), r.gettext("News from the %(site)s.", site=r.view.config().title),
            {"posts": r.view.news()})


def _credits(r: PageRenderer, key: str) -> Listing:
    usage = r.view.photo_usage()
    photos = []
    for photo in sorted(usage):
        image = r.view.image(photo)
        if image is not None:
            photos.append((r.planner.picture(photo, "thumb"), image, usage[photo]))
    return (r.gettext("Photo credits"),
            r.gettext("Every photo on this website, with its credit, licence and pages."),
            {"photos": photos})


def _search(r: PageRenderer, key: str) -> Listing:
    sites = r.view.stats()["sites"]
    return (r.gettext("Search"),
            r.ngettext("Search the %(total)s AZE sites, their trigger species, countries, news and "
                       "pages.",
                       "Search the %(total)s AZE sites, their trigger species, countries, news and "
                       "pages.", sites, total=r.number(sites)),
            {"bundle": [r.rel("/" + f) for f in UI_FILES], "base": r.rel("/")})


NOT_FOUND = (N_("Page not found"),
             N_("We could not find that page. It may have moved, or the address may be mistyped."),
             N_("Home page"))


def _not_found(r: PageRenderer, key: str) -> Listing:
    """A host shows one 404 page, whatever the language of the address: it says so in each
    of the site's other languages too, where the words are translated."""
    return (r.gettext(NOT_FOUND[0]),
            r.gettext("This page does not exist. Search the AZE sites or go to the home page."),
            {"elsewhere": [NotFoundIn(lang, words[0], words[1], words[2], r.rel(f"/{lang}/"))
                           for lang in r.view.languages()[1:]
                           if (words := _translated(r.view.messages(lang), NOT_FOUND))]})


@dataclass(frozen=True)
class NotFoundIn:
    lang: str
    title: str
    text: str
    home: str  # the link's words
    url: str  # the language's home page


def _translated(messages: Messages | None, strings: tuple[str, ...]) -> tuple[str, ...]:
    """The strings in a language, or () unless every one of them is translated."""
    found = tuple(messages.singular.get(s, "") for s in strings) if messages else ()
    return found if all(found) else ()


_LISTINGS = {
    "sites": _sites, "species-index": _species_index, "species": _species,
    "countries": _countries, "country": _country, "categories": _categories,
    "category": _category, "groups": _groups, "group": _group, "news-index": _news_index,
    "credits": _credits, "search": _search, "404": _not_found,
}


def join(items: Sequence[str], lang: str) -> str:
    """Names as a list in a sentence, as the language writes one: 'a, b and c' (en),
    'a, b y c' (es), 'a, b et c' (fr)."""
    from babel.lists import format_list

    return str(format_list(list(items), locale=locale_of(lang)))
