"""The validated in-memory model of a site project: frozen values, no behaviour.

No __slots__: these values fill the build cache, and plain dataclasses pickle faster.

Precise coordinates of sensitive sites never enter the model: the loader stores
the published (coarsened) position only, so nothing downstream can leak them. Nor does
such a site's `wdkba_id` (which leads to its boundary in the public KBA database): the
id written is kept for the checks in `_wdkba_id`, which no template can read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


# Marks a string for extraction into the message catalogue (tools/messages.py) and returns
# it as it is: the names below are translated where they are shown (`_(RED_LIST[code])` in
# the templates). The same as aze_site.render.i18n.N_, which the model, importing nothing
# of the package, does not use.
def N_(message: str) -> str:
    return message


RED_LIST = {
    "EX": N_("Extinct"),
    "EW": N_("Extinct in the Wild"),
    "CR": N_("Critically Endangered"),
    "EN": N_("Endangered"),
    "VU": N_("Vulnerable"),
    "NT": N_("Near Threatened"),
    "LC": N_("Least Concern"),
    "DD": N_("Data Deficient"),
    "NE": N_("Not Evaluated"),
}
AZE_TRIGGER_STATUSES = ("CR", "EN", "EW")
AZE_CRITERION = "A1e"  # the KBA criterion every confirmed AZE site meets
# What the categories of trigger species mean, in the IUCN's words.
RED_LIST_MEANING = {
    "EW": N_("known only to survive in cultivation, in captivity or as a population "
             "naturalised well outside its past range"),
    "CR": N_("facing an extremely high risk of extinction in the wild"),
    "EN": N_("facing a very high risk of extinction in the wild"),
}

GROUPS = {
    "amphibians": N_("Amphibians"),
    "birds": N_("Birds"),
    "mammals": N_("Mammals"),
    "reptiles": N_("Reptiles"),
    "fishes": N_("Fishes"),
    "corals": N_("Corals"),
    "crustaceans": N_("Crustaceans"),
    "insects": N_("Insects"),
    "molluscs": N_("Molluscs"),
    "other-invertebrates": N_("Other invertebrates"),
    "plants": N_("Plants"),
    "fungi": N_("Fungi"),
}

PROTECTION = {
    "none": N_("No formal protection"),
    "partial": N_("Partly protected"),
    "full": N_("Fully protected"),
}


@dataclass(frozen=True)
class Source:
    """Where a model value came from, for diagnostics found after loading."""

    path: str  # relative to the project root, e.g. content/sites/manas.md
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    lang: str | None = None  # its title's language where it is not the page's (untranslated)


@dataclass(frozen=True)
class MapConfig:
    """The interactive map's base layer (site.yaml `map:`): the vendored country outlines,
    or the tiles of a tile server when one is set (visitors' browsers then load them)."""

    tiles: str | None = None
    attribution: str = ""
    attribution_url: str | None = None
    max_zoom: int = 8  # the outlines are drawn at 1:110 million: closer shows nothing more


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with '/'
    language: str
    description: str
    hero: str | None
    nav: tuple[NavItem, ...]
    submit_url: str | None
    update_url: str | None
    social_cards: bool = True  # a 1200x630 image per page for link previews
    map: MapConfig = field(default_factory=MapConfig)
    data_license: str | None = None  # shown beside the downloads of /data/
    data_citation: str | None = None  # None: one is made from the title and base URL
    raw_html: bool = False  # markdown: {raw_html: true}: raw HTML in bodies is published unsanitised
    footer: tuple[NavItem, ...] = ()  # contact, privacy, legal notice, donate, newsletter
    social: tuple[NavItem, ...] = ()  # the organisation's social accounts
    languages: tuple[str, ...] = ()  # every language the site is published in, `language` first

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages besides the default one (published under /<lang>/)."""
        return tuple(lang for lang in self.languages if lang != self.language)


@dataclass(frozen=True)
class Image:
    key: str  # file name inside content/images/
    alt: str | None
    credit: str | None
    caption: str | None
    license: str | None
    focal_point: tuple[float, float]
    width: int
    height: int
    digest: str  # content hash of the source file
    source: Source
    color: str = "#777777"  # dominant colour, shown while the photo loads
    problem: str | None = None  # why the file cannot be used (damaged, too large, ...)
    # the language of the alt text and of the caption where it is not the page's (shown
    # in the original, not translated yet), for a `lang` attribute
    alt_lang: str | None = None
    caption_lang: str | None = None
    at: tuple[tuple[str, int, int], ...] = ()  # (field, line, col) of its texts written

    def field_at(self, key: str) -> tuple[str, int, int]:
        """Where its entry writes a field (the entry itself where it does not)."""
        line, col = next(((ln, c) for k, ln, c in self.at if k == key),
                         (self.source.line, self.source.col))
        return self.source.path, line, col


@dataclass(frozen=True)
class Criterion:
    code: str
    category: str
    title: str
    description: str
    threshold: str | None
    lang: str | None = None  # its text's language where it is not the page's (untranslated)

    @property
    def anchor(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class CriteriaCategory:
    code: str
    title: str
    summary: str | None
    criteria: tuple[Criterion, ...]
    lang: str | None = None  # its text's language where it is not the page's (untranslated)

    @property
    def anchor(self) -> str:
        return f"category-{self.code.lower()}"


@dataclass(frozen=True)
class Partner:
    name: str
    short_name: str | None
    url: str
    description: str | None
    logo: str | None = None  # a key of images.yaml
    lang: str | None = None  # its text's language where it is not the page's (untranslated)

    @property
    def anchor(self) -> str:
        from aze_site.slugs import slugify

        return slugify(self.short_name or self.name)


@dataclass(frozen=True)
class Audience:
    audience: str
    action: str
    link_text: str
    page: str  # content path of the page behind the call to action, e.g. pages/act/x.md
    lang: str | None = None  # its text's language where it is not the page's (untranslated)


@dataclass(frozen=True)
class Alias:
    """An old address of a document (front matter `aliases:`), where its line is."""

    path: str  # /sites/old-name/ or /old/page.html
    line: int
    col: int


@dataclass(frozen=True)
class Document:
    """Common to every Markdown file: pages, sites and news."""

    source: Source
    url: str
    title: str
    description: str | None
    hero: str | None
    updated: dt.date | None
    draft: bool
    body: str
    body_line: int
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True)
class Page(Document):
    layout: str = "page"


@dataclass(frozen=True)
class NewsPost(Document):
    slug: str = ""
    date: dt.date = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Species:
    name: str
    common_name: str | None
    group: str | None
    status: str
    sensitive: bool
    source: Source
    photo: str | None = None  # a key of images.yaml
    iucn_id: str | None = None  # its address on the IUCN Red List website: taxon[/assessment]
    gbif_id: int | None = None  # its GBIF taxon key


@dataclass(frozen=True)
class AzeSite(Document):
    slug: str = ""
    iso3: tuple[str, ...] = ()
    lat: float = 0.0  # published position: coarsened when `coarsened`
    lon: float = 0.0
    area_km2: float | None = None
    wdkba_id: int | None = None  # published: none for a sensitive site (see written_wdkba_id)
    criteria: tuple[str, ...] = ()
    protection: str | None = None
    species: tuple[Species, ...] = field(default_factory=tuple)
    at: tuple[tuple[str, int, int], ...] = ()  # (key, line, col) of name, location, wdkba_id
    unrated: tuple[str, ...] = ()  # a draft's species with no Red List status yet (not shown)
    secret: tuple[str, ...] = ()  # the species it marks sensitive, with a status or not yet
    # The id as written, a sensitive site's too, for the checks (written_wdkba_id). A
    # template reads no name starting with '_', however it asks (`s._wdkba_id`, `s['...']`,
    # `|attr`), and a site printed whole (`{{ s }}`, `|pprint`) leaves out fields of repr=False.
    _wdkba_id: int | None = field(default=None, repr=False)

    @property
    def coarsened(self) -> bool:
        """Its position is published in whole degrees: it marks a species sensitive."""
        return bool(self.secret)

    @property
    def published_wdkba_id(self) -> int | None:
        """The WDKBA id that pages and downloads show: none for a sensitive site, whose id
        leads to its boundary in the public KBA database (as `wdkba_id`, its other name)."""
        return self.wdkba_id

    @property
    def confirmed(self) -> bool:
        """Whether it is a confirmed AZE site: the AZE criteria make every one a KBA under
        criterion A1e, so a site listed without A1e is one whose AZE status awaits
        confirmation, and the pages do not claim for it what only an AZE site is."""
        return AZE_CRITERION in self.criteria


def written_wdkba_id(site: AzeSite) -> int | None:
    """The WDKBA id its file gives, a sensitive site's too: for the checks (one site, one
    file) and the importer, never for what is published. A function, not a property or
    method of the site, which a template could call."""
    return site._wdkba_id


@dataclass(frozen=True)
class Content:
    """Everything loaded from content/, validated."""

    config: SiteConfig
    pages: tuple[Page, ...]
    sites: tuple[AzeSite, ...]
    news: tuple[NewsPost, ...]
    categories: tuple[CriteriaCategory, ...]
    partners: tuple[Partner, ...]
    audiences: tuple[Audience, ...]
    images: dict[str, Image]
    invalid: tuple[Document, ...] = ()  # files whose front matter failed: bodies still checked
