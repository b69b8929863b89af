"""The maps of sites: what the static SVG frames and what the interactive map loads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MapView:
    """One map of sites: the static SVG's frame, and the interactive map's settings."""

    view_box: tuple[float, float, float, float]
    outlines: str  # version of the country outlines the static map draws
    data: str  # URL of /data/map.json
    tiles: str | None  # None: the interactive map draws the outlines (data/world-outlines.json)
    attribution: str
    attribution_url: str | None
    max_zoom: int
    country: str = ""  # ISO3: only this country's sites
    legend: tuple[tuple[str, str], ...] = ()  # (code, name) of the Red List colours used
    coarsened: int = 0  # how many of the sites are shown at a coarsened position
