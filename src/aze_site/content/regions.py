"""World regions of countries: the UN M49 regions and sub-regions, keyed by ISO 3166-1 alpha-3.

pycountry has no regions. The table below was generated once from the `UNregion` column of
country_converter 1.3.2 (a maintained registry package; not a dependency, since it needs
pandas for a table of 250 codes), checked against the UN Statistics Division's M49 list
(Nauru corrected to Micronesia). Antarctica (ATA) belongs to no M49 region.
"""

from __future__ import annotations

from functools import cache

from aze_site.model import N_

# In English, as keys (their slugs are the filters' values); translated where shown.
REGIONS = (N_("Africa"), N_("Americas"), N_("Asia"), N_("Europe"), N_("Oceania"))

_SUBREGIONS: dict[str, tuple[str, str]] = {  # sub-region: (region, ISO3 codes)
    "Eastern Africa": ("Africa",
        "ATF BDI COM DJI ERI ETH IOT KEN MDG MOZ MUS MWI MYT REU RWA SOM SSD SYC TZA UGA "
        "ZMB ZWE"),
    "Middle Africa": ("Africa", "AGO CAF CMR COD COG GAB GNQ STP TCD"),
    "Northern Africa": ("Africa", "DZA EGY ESH LBY MAR SDN TUN"),
    "Southern Africa": ("Africa", "BWA LSO NAM SWZ ZAF"),
    "Western Africa": ("Africa",
        "BEN BFA CIV CPV GHA GIN GMB GNB LBR MLI MRT NER NGA SEN SHN SLE TGO"),
    "Caribbean": ("Americas",
        "ABW AIA ATG BES BHS BLM BRB CUB CUW CYM DMA DOM GLP GRD HTI JAM KNA LCA MAF MSR "
        "MTQ PRI SXM TCA TTO VCT VGB VIR"),
    "Central America": ("Americas", "BLZ CRI GTM HND MEX NIC PAN SLV"),
    "Northern America": ("Americas", "BMU CAN GRL SPM USA"),
    "South America": ("Americas", "ARG BOL BRA BVT CHL COL ECU FLK GUF GUY PER PRY SGS SUR URY VEN"),
    "Central Asia": ("Asia", "KAZ KGZ TJK TKM UZB"),
    "Eastern Asia": ("Asia", "CHN HKG JPN KOR MAC MNG PRK TWN"),
    "South-eastern Asia": ("Asia", "BRN IDN KHM LAO MMR MYS PHL SGP THA TLS VNM"),
    "Southern Asia": ("Asia", "AFG BGD BTN IND IRN LKA MDV NPL PAK"),
    "Western Asia": ("Asia", "ARE ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM"),
    "Eastern Europe": ("Europe", "BGR BLR CZE HUN MDA POL ROU RUS SVK UKR"),
    "Northern Europe": ("Europe", "ALA DNK EST FIN FRO GBR GGY IMN IRL ISL JEY LTU LVA NOR SJM SWE"),
    "Southern Europe": ("Europe", "ALB AND BIH ESP GIB GRC HRV ITA MKD MLT MNE PRT SMR SRB SVN VAT"),
    "Western Europe": ("Europe", "AUT BEL CHE DEU FRA LIE LUX MCO NLD"),
    "Australia and New Zealand": ("Oceania", "AUS CCK CXR HMD NFK NZL"),
    "Melanesia": ("Oceania", "FJI NCL PNG SLB VUT"),
    "Micronesia": ("Oceania", "FSM GUM KIR MHL MNP NRU PLW UMI"),
    "Polynesia": ("Oceania", "ASM COK NIU PCN PYF TKL TON TUV WLF WSM"),
}


@cache
def _table() -> dict[str, tuple[str, str]]:
    return {iso3: (region, sub) for sub, (region, codes) in _SUBREGIONS.items()
            for iso3 in codes.split()}


def region(iso3: str) -> str | None:
    """The M49 region (Africa, Americas, Asia, Europe, Oceania) of a country, if it has one."""
    found = _table().get(iso3)
    return found[0] if found else None


def subregion(iso3: str) -> str | None:
    """The M49 sub-region, e.g. 'South America' or 'Western Africa'."""
    found = _table().get(iso3)
    return found[1] if found else None


def regions_of(iso3s: tuple[str, ...] | list[str]) -> list[str]:
    """The distinct regions of a site's countries, in the order of REGIONS."""
    found = {region(code) for code in iso3s}
    return [r for r in REGIONS if r in found]


def region_slug(name: str) -> str:
    return name.lower()
