"""The columns each importer reads: one list, used both to bind a file's header and for --help.

A header matches a column whatever its case, spaces and punctuation ('Sit Lat', 'sit_lat'
and 'SitLat' agree). This module imports nothing heavy: the command line reads it to
write `aze-site import wdkba --help` and `aze-site import aze-species --help`.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass


def norm(name: str) -> str:
    """A column name reduced for matching: 'Site name', 'SiteName' and 'site_name' agree, and
    so do 'Sensitive' and 'Sensitive (Y/N)': what a yes-or-no column says of its values."""
    name = re.sub(r"\((?:y/n|yes/no|1/0|true/false)\)\s*$", "", name.lower())
    return re.sub(r"[^a-z0-9]", "", name)


# A column's name that speaks of locations kept from the public: read as the species'
# Sensitive column where a table has one, refused where it has none (table.py), never
# ignored. 'Restricted range' and 'geographically restricted' describe a species' range.
_MARKS = frozenset({"confidential", "confidentiality", "secret", "embargo", "embargoed",
                    "conceal", "concealed", "obscure", "obscured", "hide", "hidden", "withheld",
                    "withhold"})


def marks_sensitivity(name: str) -> bool:
    """Whether a column's name seems to say which locations are sensitive: 'Sensitivity',
    'CONFIDENTIAL', 'Hide location', 'Restricted (Y/N)', in any case and spacing; by its
    words, so that 'Secretary bird', 'Orchidee', 'Data restrictions' and 'Restricted
    range' (a species' range) are other columns."""
    words = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower())
    return any(w.startswith("sensitiv") or w in _MARKS for w in words) or \
        ("restricted" in words and not any(w.startswith(("range", "geograph")) for w in words))


@dataclass(frozen=True)
class Column:
    name: str  # what the importer calls it (and messages, until a file spells it otherwise)
    names: tuple[str, ...]  # every header accepted for it, as --help lists them
    about: str  # what is read from it, for --help
    required: str = ""  # when it is required, e.g. "required", for --help; "" when optional


def binding(columns: tuple[Column, ...], known: tuple[str, ...] = ()) -> dict[str, str]:
    """Normalised header -> the column's name; `known` columns are bound to their own names."""
    bound = {norm(name): name for name in known}
    bound.update({norm(alias): column.name for column in columns for alias in column.names})
    return bound


# -- import wdkba ---------------------------------------------------------------------------

WDKBA_COLUMNS = (
    Column("SitRecID", ("SitRecID",), "the site's id in the World Database of KBAs: its "
           "wdkba_id, by which later imports find the site again", "required"),
    Column("IntName", ("IntName",), "international name: the site's name", "required: this or NatName"),
    Column("NatName", ("NatName",), "national name: the site's name when IntName is empty; "
           "otherwise, for a new site, the first line of its text"),
    Column("ISO3", ("ISO3",), "ISO 3166-1 alpha-3 country code; several (a site across "
           "borders) separated by ',', ';', '/' or spaces", "required"),
    Column("SitLat", ("SitLat",), "latitude of the site's centroid, WGS84 decimal degrees "
           "(south negative)", "required"),
    Column("SitLong", ("SitLong",), "longitude of the site's centroid, WGS84 decimal degrees "
           "(west negative)", "required"),
    Column("SitAreaKM2", ("SitAreaKM2",), "area in km2"),
    Column("AzeStatus", ("AzeStatus",), "'confirmed', 'AZE', 'yes', '1' or 'true' mark an AZE "
           "site: it gets criterion A1e; --aze-only imports only these", "required with --aze-only"),
    Column("Criteria", ("KbaCriteria", "Criteria", "KbaCriteriaMet", "CriteriaMet",
                        "GlobalCriteria", "KbaQual"),
           "KBA criteria met, codes of content/criteria.yaml such as 'A1a; B1' (a standard "
           "WDKBA export has no such column); codes are added to a site's, never removed"),
    Column("LastUpdate", ("LastUpdate",), "date of the last review, YYYY-MM-DD: 'updated' "
           "(never moved back in time)"),
)
WDKBA_IGNORED = ("Region", "Country", "KbaStatus", "KbaClass", "IbaStatus", "LegacyKba", "Source",
                 "DelTxt", "RepAreaKM2")  # known, and not imported
WDKBA_REQUIRED = ("SitRecID", "ISO3", "SitLat", "SitLong")

# -- import aze-species ---------------------------------------------------------------------

WIDE_BASE = "AZE.trigger.species"  # the wide shape's columns: this name, then 2, 3 ... 20 ...
WIDE = re.compile(rf"^{norm(WIDE_BASE)}(\d*)$")

SPECIES_SITE_COLUMNS = (
    Column("SitRecID", ("SitRecID",), "the site's WDKBA id (import the WDKBA export first); "
           "without it, the site is found by Site and Country", "required: this, or Site and Country"),
    Column("Site", ("Site", "Site name", "IntName"), "the site's name, as in its file"),
    Column("Country", ("Country",), "country name or ISO3 code; several separated by ';', '/' "
           "or ','"),
    Column("ISO3", ("ISO3",), "the same as Country, read when there is no Country column"),
)
SPECIES_WIDE_COLUMNS = (
    Column("species", (WIDE_BASE, f"{WIDE_BASE}2", "...", f"{WIDE_BASE}20"),
           "one row per site: one scientific name per column, any number of columns",
           "required: these, or Species"),
)
SPECIES_LONG_COLUMNS = (
    Column("Species", ("Species", "Scientific name"), "one row per species: its scientific "
           "name, 'Genus species'", "required: this, or AZE.trigger.species"),
    Column("Common name", ("Common name", "English name"), "common name"),
    Column("Group", ("Group", "Class", "Taxon", "Taxonomic group"),
           "taxonomic group; class and common names (Amphibia, AMPHIBIA, Frogs) are mapped onto "
           "aze-site's groups"),
    Column("Status", ("Status", "Red List", "IUCN", "Red List category", "Red List status",
                      "IUCN status", "IUCN category"),
           "IUCN Red List category: CR, EN or EW, or its name ('Critically Endangered'); "
           "CR(PE), CR(PEW) and their names ('Critically Endangered (Possibly Extinct)', "
           "'... (Possibly Extinct in the Wild)') read as CR"),
    Column("Sensitive", ("Sensitive", "Sensitive location", "Sensitive site", "Sensitive species",
                         "Sensitivity"),
           "yes (or true, 1, x): the species' location is published only rounded "
           "(sensitive: true); no, or empty, changes nothing: only an editor makes a species "
           "not sensitive"),
)


# -- --help ---------------------------------------------------------------------------------

_MATCHING = ("A header matches whatever its case, spaces and punctuation ('sit_lat' is SitLat); "
             "any other column is reported and ignored, but for one whose name speaks of "
             "sensitive locations (Confidential, Hide location, ...): unless it is read as "
             "Sensitive, it stops the import, nothing written.")


def _table(columns: tuple[Column, ...], width: int) -> list[str]:
    lines: list[str] = []
    for column in columns:
        head = ", ".join(column.names)
        about = column.about + (f" ({column.required})" if column.required else "")
        lines += textwrap.wrap(head, width, initial_indent="  ", subsequent_indent="  ",
                               break_on_hyphens=False)
        lines += textwrap.wrap(about, width, initial_indent="      ", subsequent_indent="      ")
    return lines


def wdkba_help(width: int = 88) -> str:
    lines = ["Columns read from the export (names accepted for each, then what is read):", ""]
    lines += _table(WDKBA_COLUMNS, width)
    lines += _table((Column("", WDKBA_IGNORED, "known, and not imported"),), width)
    lines += ["", *textwrap.wrap(_MATCHING, width)]
    return "\n".join(lines)


def species_help(width: int = 88) -> str:
    lines = ["Columns read (names accepted for each, then what is read). The site, in both shapes:",
             ""]
    lines += _table(SPECIES_SITE_COLUMNS, width)
    lines += ["", "The species, one row per site (wide):", ""]
    lines += _table(SPECIES_WIDE_COLUMNS, width)
    lines += ["", "or one row per species (long):", ""]
    lines += _table(SPECIES_LONG_COLUMNS, width)
    lines += ["", *textwrap.wrap(_MATCHING + " Two rows that give one species at one site "
                                 "different values: the first row is kept, the other reported "
                                 "and skipped; its Sensitive yes still marks the species, as "
                                 "does that of a row skipped for another value.", width)]
    return "\n".join(lines)
