"""The data behind the site, for reuse: /data/sites.csv, .geojson and .json, and the map's data.

Pure functions of the published sites; the same sites give the same bytes. Positions are
the published ones, so a sensitive site appears only at its coarsened position (the model
holds no other).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aze_site.content.countries import country_name
from aze_site.content.regions import region, region_slug, regions_of
from aze_site.model import GROUPS, PROTECTION, RED_LIST, AzeSite
from aze_site.render.worldmap import STATUS_ORDER

DATA_FILES = ("data/sites.csv", "data/sites.geojson", "data/sites.json")
MAP_DATA = "data/map.json"

CSV_COLUMNS = ("slug", "name", "iso3", "country", "region", "lat", "lon", "coordinates_coarsened",
               "area_km2", "wdkba_id", "criteria", "protection", "species", "common_name", "group",
               "status", "url")


@dataclass(frozen=True)
class DataTerms:
    """What a re-user needs to know: the licence and how to cite the data."""

    license: str
    citation: str
    license_lang: str = ""  # the language of each where it is not the page's
    citation_lang: str = ""


def default_citation(title: str, base_url: str) -> str:
    return (f"{title}. AZE sites and their trigger species. {base_url}sites/ "
            "(accessed on the date of download).")


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def site_record(site: AzeSite, base_url: str) -> dict[str, Any]:
    """One site as plain data: the properties of the downloads."""
    return {
        "slug": site.slug,
        "name": site.title,
        "url": base_url + site.url.lstrip("/"),
        "iso3": list(site.iso3),
        "countries": [country_name(code) or code for code in site.iso3],
        "regions": regions_of(site.iso3),
        "lat": _number(site.lat),
        "lon": _number(site.lon),
        "coordinates_coarsened": site.coarsened,
        "area_km2": _number(site.area_km2),
        "wdkba_id": site.published_wdkba_id,
        "criteria": list(site.criteria),
        "protection": site.protection,
        "updated": site.updated.isoformat() if site.updated else None,
        "species": [{"name": sp.name, "common_name": sp.common_name, "group": sp.group,
                     "status": sp.status} for sp in site.species],
    }


# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, "CSV
# Injection"): text that does gets a leading apostrophe, which spreadsheets show as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> str:
    """A cell: numbers as numbers (a longitude of -39.45 stays a number in a spreadsheet),
    text neutralised when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def sites_csv(records: Sequence[dict[str, Any]]) -> str:
    """One row per site and trigger species; several values in a cell are separated by ';'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        site_cells = {
            "slug": rec["slug"], "name": rec["name"], "iso3": ";".join(rec["iso3"]),
            "country": "; ".join(rec["countries"]), "region": "; ".join(rec["regions"]),
            "lat": rec["lat"], "lon": rec["lon"], "coordinates_coarsened": rec["coordinates_coarsened"],
            "area_km2": rec["area_km2"], "wdkba_id": rec["wdkba_id"],
            "criteria": ";".join(rec["criteria"]), "protection": rec["protection"], "url": rec["url"],
        }
        for sp in rec["species"]:
            cells = site_cells | {"species": sp["name"], "common_name": sp["common_name"],
                                  "group": sp["group"], "status": sp["status"]}
            writer.writerow([_csv_value(cells[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lines(head: dict[str, Any], key: str, items: Iterable[Any]) -> str:
    """A JSON object whose list `key` has one item per line: small diffs between builds."""
    body = ",\n".join(_dumps(item) for item in items)
    start = _dumps(head)[:-1] + ("," if head else "")
    return f'{start}"{key}":[\n{body}\n]}}\n'


def sites_json(records: Sequence[dict[str, Any]], terms: DataTerms) -> str:
    head = {"license": terms.license, "citation": terms.citation, "count": len(records)}
    return _lines(head, "sites", records)


def sites_geojson(records: Sequence[dict[str, Any]], terms: DataTerms) -> str:
    """RFC 7946: one Point per site, [longitude, latitude]; species as an array property."""
    features = []
    for rec in records:
        properties = {k: v for k, v in rec.items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "id": rec["slug"],
                         "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]},
                         "properties": properties})
    head = {"type": "FeatureCollection", "license": terms.license, "citation": terms.citation}
    return _lines(head, "features", features)


def map_json(sites: Sequence[AzeSite]) -> str:
    """What the interactive map and the site index's filters need, compact: one array per
    site, and the names of codes.

    `statuses` are the distinct Red List categories of a site's trigger species, most
    threatened first (the first colours its marker); `regions` gives the region (its
    filter value) of each country, so sites need not repeat it.
    """
    rows = []
    countries: dict[str, str] = {}
    for s in sites:
        for code in s.iso3:
            countries[code] = country_name(code) or code
        groups = sorted({sp.group for sp in s.species if sp.group}, key=list(GROUPS).index)
        statuses = [code for code in STATUS_ORDER if any(sp.status == code for sp in s.species)]
        rows.append([s.slug, s.title, _number(s.lat), _number(s.lon), statuses,
                     list(s.iso3), groups, s.protection or "", len(s.species)])
    # Flags only some sites have, as a column only when one has it: `serve --drafts` marks
    # drafts (a build has none); a site without A1e awaits confirmation of its AZE status.
    flags = [name for name, found in (("draft", any(s.draft for s in sites)),
                                      ("unconfirmed", any(not s.confirmed for s in sites)))
             if found]
    for row, s in zip(rows, sites, strict=True):
        row.extend(int(s.draft if name == "draft" else not s.confirmed) for name in flags)
    head = {
        "fields": ["slug", "name", "lat", "lon", "statuses", "iso3", "groups", "protection",
                   "species", *flags],
        "countries": dict(sorted(countries.items())),
        "regions": {code: region_slug(found) for code in sorted(countries)
                    if (found := region(code)) is not None},
        "groups": GROUPS, "red_list": RED_LIST, "protection": PROTECTION,
    }
    return _lines(head, "sites", rows)


def data_files(sites: Sequence[AzeSite], base_url: str, terms: DataTerms) -> dict[str, str]:
    """Every file of /data/, by its path in the output."""
    records = [site_record(s, base_url) for s in sites]
    return {
        "data/sites.csv": sites_csv(records),
        "data/sites.geojson": sites_geojson(records, terms),
        "data/sites.json": sites_json(records, terms),
        MAP_DATA: map_json(sites),
    }
