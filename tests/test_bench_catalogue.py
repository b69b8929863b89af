"""The benchmarks' generated catalogue is a valid project that builds without warnings:
a warning in it would be counted in every figure of `bench/scale.py`."""

from __future__ import annotations

import sys
from pathlib import Path

from aze_site.content.outlines import likely_slip

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import catalogue


def test_no_generated_position_reads_as_a_sign_slip() -> None:
    # Seed 1 at 1,000 sites drew a point west of Brittany for a French site: France's
    # bounding box reaches French Guiana, and the longitude's sign changed lies in France.
    for site in catalogue.sites(1000, 1):
        place = site.fm["location"]
        assert likely_slip(catalogue._countries_of(site.fm), place["lat"], place["lon"]) is None, \
            site.slug


def test_generated_positions_are_on_the_globe() -> None:
    """Countries across the antimeridian (Russia, Fiji) have boxes reaching past 180°."""
    for iso3 in ("RUS", "FJI", "NZL", "BRA"):
        for u in (0.0, 0.5, 0.999):
            place = catalogue._position(iso3, u, 0.5)
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, (iso3, place)
