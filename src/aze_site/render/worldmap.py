"""The static map: Natural Earth country outlines drawn as SVG at build time, sites as dots.

The outlines come from the world-atlas package (countries-110m.json, TopoJSON of Natural
Earth's public-domain data, vendored in aze_site/data/). The projection is equirectangular:
x = longitude, y = -latitude, in hundredths of a degree, so a site's SVG position is its
published coordinates, which for sensitive sites are the coarsened ones (the model holds
no other).

The static map is what visitors see without JavaScript and in print; the interactive map
(static/js/map.js) replaces it on screen.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from markupsafe import Markup, escape

from aze_site.content.countries import numeric_code
from aze_site.content.outlines import (
    WORLD_FILE,
    Box,
    Point,
    across_antimeridian,
    bounds,
    countries,
    polygons,
    ring_points,
    topology,
)
from aze_site.model import RED_LIST, AzeSite

WORLD_BOX = (-180.0, -84.0, 360.0, 144.0)  # x, y, width, height: 84° N to 60° S
UNITS = 100  # map units per degree

def _u(degrees: float) -> int:
    """Degrees in map units (hundredths of a degree): whole numbers only, so no decimal
    written on a map can be read as (a rounding of) a precise coordinate."""
    return round(degrees * UNITS)


def _path(lines: Iterable[list[Point]], close: bool) -> str:
    """SVG path data, y flipped; relative moves after the first point keep it small."""
    parts = []
    for points in lines:
        if len(points) < 2:
            continue
        x0, y0 = _u(points[0][0]), _u(-points[0][1])
        cmd = [f"M{x0} {y0}"]
        px, py = x0, y0
        for lon, lat in points[1:]:
            x, y = _u(lon), _u(-lat)
            if (x, y) == (px, py):
                continue
            cmd.append(f"l{x - px} {y - py}")
            px, py = x, y
        parts.append("".join(cmd) + ("z" if close else ""))
    return "".join(parts)


def _split_at_antimeridian(line: list[Point]) -> list[list[Point]]:
    parts = [[line[0]]]
    for (lon0, _), point in itertools.pairwise(line):
        if abs(point[0] - lon0) > 180:
            parts.append([])
        parts[-1].append(point)
    return parts


@cache
def _outline() -> tuple[tuple[tuple[Box, str], ...], tuple[tuple[Box, str], ...]]:
    """Land rings and shared borders, each with its bounds and its own SVG path data."""
    land, borders = _outline_lines()  # borders: arcs two countries share, each drawn once
    return (tuple((bounds(r), _path([r], True)) for r in land),
            tuple((bounds(b), _path([b], False)) for b in borders))


def outline_paths(box: tuple[float, float, float, float]) -> tuple[str, str]:
    """Path data of the land and of the borders inside a view box (x, y, width, height)."""
    x, y, w, h = box
    west, east, south, north = x, x + w, -(y + h), -y

    def inside(b: Box) -> bool:
        return b[0] <= east and b[2] >= west and b[1] <= north and b[3] >= south

    land, borders = _outline()
    return ("".join(d for b, d in land if inside(b)), "".join(d for b, d in borders if inside(b)))


@cache
def world_version() -> str:
    """Changes when the vendored outlines do: part of every map page's fingerprint."""
    return hashlib.sha256(WORLD_FILE.read_bytes()).hexdigest()[:10]


@cache
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) of each country's outline, keyed by ISO 3166 numeric code."""
    world, arcs = topology()
    boxes = {}
    for geometry in world["objects"]["countries"]["geometries"]:
        points = [p for polygon in polygons(geometry) for p in ring_points(polygon[0], arcs)]
        if points and "id" in geometry:
            boxes[str(geometry["id"])] = bounds(points)
    return boxes


def country_box(iso3: str) -> tuple[float, float, float, float] | None:
    numeric = numeric_code(iso3)
    return country_boxes().get(numeric) if numeric is not None else None


def world_view(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """The frame of the whole network: 84° N to 60° S, further south if a site is there."""
    x, y, w, h = WORLD_BOX
    south = min((p[1] for p in points), default=0.0)
    return (x, y, w, min(180.0, -y - south + 4)) if -south > y + h - 2 else WORLD_BOX


def view_box(points: Sequence[Point], outline: tuple[float, float, float, float] | None = None,
             ) -> tuple[float, float, float, float]:
    """The part of the world to show: the points (and a country outline, unless it spans
    most of the globe), padded, at least 16° by 8°, two wide for one high."""
    if not points:
        return WORLD_BOX
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    if outline and outline[2] - outline[0] <= 100:
        west, south = min(west, outline[0]), min(south, outline[1])
        east, north = max(east, outline[2]), max(north, outline[3])
    width = max((east - west) * 1.3, 16.0)
    height = max((north - south) * 1.3, 8.0)
    width, height = max(width, height * 2), max(height, width / 2)
    if width >= WORLD_BOX[2]:
        return WORLD_BOX
    cx, cy = (west + east) / 2, -(north + south) / 2
    x = min(max(cx - width / 2, -180.0), 180.0 - width)
    y = min(max(cy - height / 2, -90.0), 90.0 - height)
    return (round(x, 2), round(y, 2), round(width, 2), round(height, 2))


STATUS_ORDER = tuple(RED_LIST)  # most threatened first: EX, EW, CR, EN, ...


def worst_status(site: AzeSite) -> str:
    """The most threatened Red List category among a site's trigger species."""
    found = {sp.status for sp in site.species}
    return next((code for code in STATUS_ORDER if code in found), "NE")


def static_map(sites: Sequence[AzeSite], box: tuple[float, float, float, float], label: str) -> Markup:
    """An inline SVG: the outlines within the view and a dot per site, in map units."""
    x, y, w, h = (_u(v) for v in box)
    r = max(1, round(w * 0.0045))
    land, borders = outline_paths(box)
    dots = "".join(
        f'<circle class="m-{worst_status(s).lower()}" cx="{_u(s.lon)}" cy="{_u(-s.lat)}" '
        f'r="{r}" data-slug="{escape(s.slug)}"/>'
        for s in sites
    )
    return Markup(  # noqa: S704 (every interpolated value is a number or escaped)
        f'<svg class="map-static" viewBox="{x} {y} {w} {h}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f'<rect class="map-sea" x="-18000" y="-9000" width="36000" height="18000"/>'
        f'<path class="map-land" d="{land}"/><path class="map-borders" d="{borders}"/>'
        f'<g class="map-dots">{dots}</g></svg>'
    )


@cache
def _country_outline(numeric: str) -> tuple[Box, str] | None:
    """One country's outline as SVG path data, with its bounds (made when a page asks:
    a one-site rebuild draws that site's countries, not the world's)."""
    geometry = countries().get(numeric)
    if geometry is None:
        return None
    arcs = topology()[1]
    rings = [copy for polygon in polygons(geometry) for ring in polygon
             for copy in across_antimeridian(ring_points(ring, arcs))]
    return (bounds([p for r in rings for p in r]), _path(rings, True)) if rings else None


def _home(site: AzeSite) -> list[tuple[Box, str]]:
    return [found for code in site.iso3
            if (n := numeric_code(code)) is not None and (found := _country_outline(n))]


def locator_box(site: AzeSite) -> tuple[float, float, float, float]:
    """The frame of a site's locator map: its countries, or around its point."""
    own = _home(site)
    frame = None
    if own:
        frame = (min(b[0] for b, _ in own), min(b[1] for b, _ in own),
                 max(b[2] for b, _ in own), max(b[3] for b, _ in own))
    return view_box([(site.lon, site.lat)], frame)


def locator_path(site: AzeSite) -> str:
    """The output path of the map under a site's locator: the same for every site with the
    same frame and countries (most sites of a country share one file)."""
    key = f"{locator_box(site)}|{sorted(site.iso3)}|{world_version()}"
    return f"img/maps/{hashlib.sha256(key.encode()).hexdigest()[:12]}.svg"


def locator_base(site: AzeSite) -> bytes:
    """That map: the sea, the land, the site's countries and the borders, as an SVG file."""
    box = locator_box(site)
    x, y, w, h = (_u(v) for v in box)
    land, borders = outline_paths(box)
    home = "".join(d for _, d in _home(site))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {w} {h}">'
        f'<rect fill="#d5e6ec" x="-18000" y="-9000" width="36000" height="18000"/>'
        f'<path fill="#e6e1d3" stroke="#a9a28b" stroke-width="{max(1, w // 600)}" d="{land}"/>'
        f'<path fill="#c9bd97" stroke="#8c8266" stroke-width="{max(1, w // 400)}" d="{home}"/>'
        f'<path fill="none" stroke="#fbfaf6" stroke-width="{max(1, w // 500)}" d="{borders}"/>'
        "</svg>"
    ).encode()


def locator_map(site: AzeSite, label: str, href: str) -> Markup:
    """A small inline SVG of where a site is: the shared map of its countries (`href`, the
    file at locator_path) under its point, or for a sensitive site the one-degree square
    around its rounded position (the model holds no other)."""
    x, y, w, h = (_u(v) for v in locator_box(site))
    if site.coarsened:
        mark = (f'<rect class="locator-area" x="{_u(site.lon - 0.5)}" y="{_u(-site.lat - 0.5)}" '
                f'width="{UNITS}" height="{UNITS}"/>')
    else:
        mark = (f'<circle class="locator-dot" cx="{_u(site.lon)}" cy="{_u(-site.lat)}" '
                f'r="{max(1, round(w * 0.025))}"/>')
    return Markup(  # noqa: S704 (every interpolated value is a number or escaped)
        f'<svg class="map-static map-locator" viewBox="{x} {y} {w} {h}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f'<image href="{escape(href)}" x="{x}" y="{y}" width="{w}" height="{h}"/>{mark}</svg>'
    )


OUTLINES_FILE = "data/world-outlines.json"


def outlines_json() -> bytes:
    """The land and the borders as [lat, lon] lines, two decimals, for the interactive map's
    base layer when no tile server is set: the map reads as a map with no third party."""
    land, borders = _outline_lines()
    data = {"land": [_latlon(r) for r in land], "borders": [_latlon(b) for b in borders],
            "credit": "Natural Earth"}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def _latlon(points: list[Point]) -> list[list[float]]:
    return [[round(lat, 2), round(lon, 2)] for lon, lat in points]


@cache
def _outline_lines() -> tuple[list[list[Point]], list[list[Point]]]:
    """Land rings (made continuous across the antimeridian) and shared borders."""
    world, arcs = topology()
    land = [ring for geometry in world["objects"]["land"]["geometries"]
            for polygon in polygons(geometry) for ring_ in polygon
            for ring in across_antimeridian(ring_points(ring_, arcs)) if len(ring) > 2]
    uses = Counter(index if index >= 0 else ~index  # ~i is arc i reversed
                   for geometry in world["objects"]["countries"]["geometries"]
                   for polygon in polygons(geometry) for ring_ in polygon for index in ring_)
    borders = [part for i in sorted(uses) if uses[i] > 1
               for part in _split_at_antimeridian(arcs[i]) if len(part) > 1]
    return land, borders
