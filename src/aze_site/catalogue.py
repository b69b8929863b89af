"""Derived listings: species, countries, Red List categories and taxonomic groups.

Pure functions of the published sites, each linear in their number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from aze_site.countries import country_name
from aze_site.model import GROUPS, RED_LIST, AzeSite
from aze_site.slugs import species_slug


@dataclass(frozen=True, slots=True)
class SpeciesEntry:
    name: str
    slug: str
    common_name: str | None
    group: str | None
    status: str
    sites: tuple[AzeSite, ...]

    @property
    def url(self) -> str:
        return f"/species/{self.slug}/"

    @property
    def status_name(self) -> str:
        return RED_LIST[self.status]

    @property
    def group_name(self) -> str:
        return GROUPS[self.group] if self.group else "Group not yet recorded"


@dataclass(frozen=True, slots=True)
class CountryEntry:
    iso3: str
    name: str
    sites: tuple[AzeSite, ...]

    @property
    def url(self) -> str:
        return f"/countries/{self.iso3.lower()}/"


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    code: str
    name: str
    species: tuple[SpeciesEntry, ...]

    @property
    def url(self) -> str:
        return f"/red-list/{self.code.lower()}/"


@dataclass(frozen=True, slots=True)
class GroupEntry:
    code: str
    name: str
    species: tuple[SpeciesEntry, ...]

    @property
    def url(self) -> str:
        return f"/groups/{self.code}/"


@dataclass(frozen=True)
class Catalogue:
    sites: tuple[AzeSite, ...]  # sorted by name
    species: tuple[SpeciesEntry, ...]  # sorted by scientific name
    countries: tuple[CountryEntry, ...]  # sorted by country name
    categories: tuple[CategoryEntry, ...]  # in Red List order
    groups: tuple[GroupEntry, ...]  # in vocabulary order
    species_by_name: dict[str, SpeciesEntry]


def build_catalogue(published: Iterable[AzeSite]) -> Catalogue:
    sites = tuple(sorted(published, key=lambda s: (s.title.casefold(), s.slug)))
    by_species: dict[str, list[AzeSite]] = defaultdict(list)
    first: dict[str, tuple[str | None, str | None, str]] = {}
    by_country: dict[str, list[AzeSite]] = defaultdict(list)
    for site in sites:
        for iso3 in site.iso3:
            by_country[iso3].append(site)
        for sp in site.species:
            if site not in by_species[sp.name]:
                by_species[sp.name].append(site)
            first.setdefault(sp.name, (sp.common_name, sp.group, sp.status))
    species = tuple(
        SpeciesEntry(name, species_slug(name), *first[name], tuple(by_species[name]))
        for name in sorted(by_species)
    )
    countries = tuple(sorted(
        (CountryEntry(iso3, country_name(iso3) or iso3, tuple(found))
         for iso3, found in by_country.items()),
        key=lambda c: c.name.casefold(),
    ))
    categories = tuple(
        CategoryEntry(code, RED_LIST[code], tuple(sp for sp in species if sp.status == code))
        for code in RED_LIST
        if any(sp.status == code for sp in species)
    )
    groups = tuple(
        GroupEntry(code, GROUPS[code], tuple(sp for sp in species if sp.group == code))
        for code in GROUPS
        if any(sp.group == code for sp in species)
    )
    return Catalogue(sites, species, countries, categories, groups,
                     {sp.name: sp for sp in species})
