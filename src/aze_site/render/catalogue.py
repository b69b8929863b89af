"""Derived listings: species, countries, Red List categories and taxonomic groups.

Pure functions of the published sites, each linear in their number.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aze_site.content.countries import country_name
from aze_site.model import GROUPS, RED_LIST, AzeSite, Species
from aze_site.render.i18n import N_, collation_key
from aze_site.slugs import species_slug


@dataclass(frozen=True)
class SpeciesEntry:
    name: str
    slug: str
    common_name: str | None
    group: str | None
    status: str
    sites: tuple[AzeSite, ...]
    photo: str | None = None
    iucn_id: str | None = None
    gbif_id: int | None = None

    @property
    def url(self) -> str:
        return f"/species/{self.slug}/"

    @property
    def published(self) -> bool:
        """At a published site (`serve --drafts` lists drafts too, never counting them)."""
        return any(not site.draft for site in self.sites)

    @property
    def status_name(self) -> str:
        return RED_LIST[self.status]

    @property
    def group_name(self) -> str:
        return GROUPS[self.group] if self.group else N_("Group not yet recorded")


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    sites: tuple[AzeSite, ...]

    @property
    def url(self) -> str:
        return f"/countries/{self.iso3.lower()}/"

    @property
    def published(self) -> int:
        """How many of its sites are published (the count a listing shows)."""
        return sum(1 for site in self.sites if not site.draft)


def published_count(entries: Iterable[SpeciesEntry | CountryEntry]) -> int:
    """How many of these species or countries a listing counts: those at a published site
    (`serve --drafts` lists drafts too, never counting them)."""
    return sum(1 for entry in entries if entry.published)


@dataclass(frozen=True)
class CategoryEntry:
    code: str
    name: str
    species: tuple[SpeciesEntry, ...]

    @property
    def url(self) -> str:
        return f"/red-list/{self.code.lower()}/"

    @property
    def published(self) -> int:
        """How many of its species are at a published site (the count a listing shows)."""
        return published_count(self.species)


@dataclass(frozen=True)
class GroupEntry:
    code: str
    name: str
    species: tuple[SpeciesEntry, ...]

    @property
    def url(self) -> str:
        return f"/groups/{self.code}/"

    @property
    def published(self) -> int:
        """How many of its species are at a published site (the count a listing shows)."""
        return published_count(self.species)


@dataclass(frozen=True)
class Catalogue:
    sites: tuple[AzeSite, ...]  # sorted by name
    species: tuple[SpeciesEntry, ...]  # sorted by scientific name
    countries: tuple[CountryEntry, ...]  # sorted by country name
    categories: tuple[CategoryEntry, ...]  # in Red List order
    groups: tuple[GroupEntry, ...]  # in vocabulary order
    species_by_name: dict[str, SpeciesEntry]


def build_catalogue(published: Iterable[AzeSite]) -> Catalogue:
    sites = tuple(sorted(published, key=lambda s: (collation_key(s.title), s.slug)))
    by_species: dict[str, list[AzeSite]] = defaultdict(list)
    first: dict[str, Species] = {}
    by_country: dict[str, list[AzeSite]] = defaultdict(list)
    for site in sites:
        for iso3 in site.iso3:
            by_country[iso3].append(site)
        for sp in site.species:
            found = by_species[sp.name]
            if not found or found[-1] is not site:  # a species named twice in one site
                found.append(site)
            first.setdefault(sp.name, sp)
    species = tuple(_entry(first[name], tuple(by_species[name])) for name in sorted(by_species))
    countries = tuple(sorted(
        (CountryEntry(iso3, country_name(iso3) or iso3, tuple(found))
         for iso3, found in by_country.items()),
        key=lambda c: collation_key(c.name),
    ))
    by_status: dict[str, list[SpeciesEntry]] = defaultdict(list)
    by_group: dict[str | None, list[SpeciesEntry]] = defaultdict(list)
    for entry in species:
        by_status[entry.status].append(entry)
        by_group[entry.group].append(entry)
    categories = tuple(CategoryEntry(code, RED_LIST[code], tuple(by_status[code]))
                       for code in RED_LIST if by_status.get(code))
    groups = tuple(GroupEntry(code, GROUPS[code], tuple(by_group[code]))
                   for code in GROUPS if by_group.get(code))
    return Catalogue(sites, species, countries, categories, groups,
                     {sp.name: sp for sp in species})


def _entry(sp: Species, sites: tuple[AzeSite, ...]) -> SpeciesEntry:
    """A species' entry, as its first site names it (a species at two sites is warned of)."""
    return SpeciesEntry(sp.name, species_slug(sp.name), sp.common_name, sp.group, sp.status,
                        sites, sp.photo, sp.iucn_id, sp.gbif_id)


def stabilize(new: Catalogue, old: Catalogue) -> Catalogue:
    """`new`, with every entry equal to one of `old` replaced by that old object.

    The dev server rebuilds the catalogue after each edit; entries the edit did not
    touch stay the same objects, so what was remembered about them (fingerprint
    hashes) still applies. Equal sites are the same objects, so comparing is cheap.
    """
    def same(entries: tuple[Any, ...], before: tuple[Any, ...], key: str) -> tuple[Any, ...]:
        known = {getattr(e, key): e for e in before}
        return tuple(k if (k := known.get(getattr(e, key))) is not None and k == e else e
                     for e in entries)

    species = same(new.species, old.species, "name")
    by_name = {sp.name: sp for sp in species}
    # Categories and groups hold species entries: rebuilt from the kept ones first.
    categories = tuple(dataclasses.replace(c, species=tuple(by_name[sp.name] for sp in c.species))
                       for c in new.categories)
    groups = tuple(dataclasses.replace(g, species=tuple(by_name[sp.name] for sp in g.species))
                   for g in new.groups)
    sites = old.sites if new.sites == old.sites else new.sites
    return Catalogue(sites, species, same(new.countries, old.countries, "iso3"),
                     same(categories, old.categories, "code"), same(groups, old.groups, "code"),
                     by_name)


def listing_facts(site: AzeSite) -> tuple[Any, ...]:
    """All the catalogue takes from a site besides the site itself: its order and entries."""
    return (collation_key(site.title), site.slug, site.iso3,
            tuple((sp.name, sp.common_name, sp.group, sp.status, sp.photo, sp.iucn_id,
                   sp.gbif_id) for sp in site.species))


def replace_site(cat: Catalogue, old: AzeSite, new: AzeSite) -> Catalogue:
    """The catalogue with `old` swapped for `new`, when their listing_facts are equal:
    the same entries in the same order, only the entries holding the site are new objects
    (the dev server's common case, an edited text, in time proportional to the site)."""
    def swap(found: tuple[AzeSite, ...]) -> tuple[AzeSite, ...]:
        return tuple(new if s is old else s for s in found)

    species = {id(e): dataclasses.replace(e, sites=swap(e.sites))
               for e in (cat.species_by_name[sp.name] for sp in old.species)}
    countries = {c.iso3: c for c in cat.countries if c.iso3 in old.iso3}
    new_countries = {id(c): dataclasses.replace(c, sites=swap(c.sites)) for c in countries.values()}

    def entries(items: tuple[Any, ...], table: dict[int, Any]) -> tuple[Any, ...]:
        return tuple(table.get(id(e), e) for e in items)

    def holders(items: tuple[Any, ...]) -> tuple[Any, ...]:  # categories and groups
        return tuple(dataclasses.replace(e, species=entries(e.species, species))
                     if any(id(sp) in species for sp in e.species) else e for e in items)

    by_name = dict(cat.species_by_name)
    by_name.update({e.name: e for e in species.values()})
    return Catalogue(swap(cat.sites), entries(cat.species, species),
                     entries(cat.countries, new_countries), holders(cat.categories),
                     holders(cat.groups), by_name)
