"""/data/sites.csv: spreadsheets never run a cell of it as a formula (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io

import pytest

from aze_site.model import AzeSite, Source, Species
from aze_site.render.downloads import CSV_COLUMNS, site_record, sites_csv


def site(name: str, species: str = "Antilophia bokermanni", common: str | None = "Araripe manakin",
         lat: float = -7.25, lon: float = -39.45, area: float | None = 28.5) -> AzeSite:
    return AzeSite(
        source=Source("content/sites/x.md"), url="/sites/x/", title=name, description=None,
        hero=None, updated=None, draft=False, body="", body_line=1, slug="x", iso3=("BRA",),
        lat=lat, lon=lon, area_km2=area, wdkba_id=19540, criteria=("A1e",), protection="partial",
        species=(Species(species, common, "birds", "CR", False, Source("content/sites/x.md")),))


def read_back(*sites: AzeSite) -> list[dict[str, str]]:
    text = sites_csv([site_record(s, "https://example.org/") for s in sites])
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("value", "published"), [
    ("=HYPERLINK(\"https://evil.example\",\"click\")", "'=HYPERLINK(\"https://evil.example\",\"click\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    ("Chapada do Araripe", "Chapada do Araripe"),
    ("Lake = Sea + 1", "Lake = Sea + 1"),  # only a cell's first character matters
    ("'quoted' name", "'quoted' name"),
])
def test_text_cells_that_would_be_formulas_are_neutralised(value: str, published: str) -> None:
    [row] = read_back(site(value, species=value, common=value))
    assert (row["name"], row["species"], row["common_name"]) == (published,) * 3


def test_numbers_stay_numbers_negative_ones_too() -> None:
    [row] = read_back(site("-minus", lat=-7.25, lon=-39.45, area=28.5))
    assert (row["lat"], row["lon"], row["area_km2"], row["wdkba_id"]) == ("-7.25", "-39.45", "28.5",
                                                                          "19540")
    assert float(row["lon"]) == -39.45
    assert row["name"] == "'-minus"
    assert list(row) == list(CSV_COLUMNS)
