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
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from markupsafe import Markup, escape

from aze_site.content.countries import numeric_code
from aze_site.content.outlines import (
    WORLD_FILE,
    Box,
    Point,
    across_antimeridian,
    bounds,
    countries,
    crosses,
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


def _shifted(d: str, degrees: float) -> str:
    """Path data moved east by `degrees`: only its first move is absolute."""
    x0, rest = d[1:].split(" ", 1)
    return f"M{int(x0) + _u(degrees)} {rest}"


def _split_at_antimeridian(line: list[Point]) -> list[list[Point]]:
    parts = [[line[0]]]
    for (lon0, _), point in itertools.pairwise(line):
        if abs(point[0] - lon0) > 180:
            parts.append([])
        parts[-1].append(point)
    return parts


# A shape of the static maps: its bounds, its path data, and the shifts (±360°) at which it
# is drawn as well where a frame reaches past ±180° (a ring that crosses the antimeridian
# has a copy made already, drawn in every frame it touches, as always).
Shape = tuple[Box, str, tuple[float, ...]]


@cache
def _outline() -> tuple[tuple[Shape, ...], tuple[Shape, ...]]:
    """Land rings and shared borders, each with its bounds and its own SVG path data."""
    land, borders = _outline_lines()  # borders: arcs two countries share, each drawn once
    return (tuple(_shape(copy, shifts) for ring in land for copy, shifts in _copies(ring)),
            tuple((bounds(b), _path([b], False), (-360.0, 360.0)) for b in borders))


# Where a frame reaches past a pole to show a site's dot near it whole, what lies round the
# pole is shown there (Antarctica's land, not a strip of sea under a South Pole site).
PAST_POLE = 180.0


def _shape(ring: list[Point], shifts: tuple[float, ...]) -> Shape:
    return bounds(ring), _path([ring], True), shifts


def _copies(ring: list[Point]) -> list[tuple[list[Point], tuple[float, ...]]]:
    """A ring as the static maps draw it: made continuous across the antimeridian with a
    copy for the other side (see across_antimeridian), or closed through the pole; each
    with the shifts at which it is drawn as well where a frame reaches past ±180°."""
    copies = across_antimeridian(ring)
    first = _continuous(ring, PAST_POLE) if len(copies) == 1 else copies[0]
    west, _, east, _ = bounds(first)
    if east - west >= 360:  # round a pole: there are no other sides
        return [(first, ())]
    shifts = tuple(shift for shift, free in ((-360.0, east <= 180), (360.0, west >= -180)) if free)
    return [(first, shifts), *((copy, ()) for copy in copies[1:])]


def _in_frame(b: Box, box: tuple[float, float, float, float], shift: float = 0.0) -> bool:
    """Whether bounds (moved east by `shift`) touch a view box; a moved copy must reach
    into it, not only touch its edge (so a frame within ±180° draws what it always drew)."""
    x, y, w, h = box
    west, east = b[0] + shift, b[2] + shift
    if not (b[1] <= -y and b[3] >= -(y + h)):
        return False
    return west <= x + w and east >= x if not shift else west < x + w and east > x


def _drawn(shapes: Iterable[Shape], box: tuple[float, float, float, float],
           always: bool = False) -> str:
    """The path data of the shapes in a frame (each, `always` or where it is in the frame),
    and of their copies that a frame past ±180° shows."""
    return "".join(
        (d if always or _in_frame(b, box) else "")
        + "".join(_shifted(d, s) for s in shifts if _in_frame(b, box, s))
        for b, d, shifts in shapes)


def outline_paths(box: tuple[float, float, float, float]) -> tuple[str, str]:
    """Path data of the land and of the borders inside a view box (x, y, width, height);
    a view box may reach past ±180° (a frame across the antimeridian)."""
    land, borders = _outline()
    return _drawn(land, box), _drawn(borders, box)


@cache
def world_version() -> str:
    """Changes when the vendored outlines do: part of every map page's fingerprint."""
    return hashlib.sha256(WORLD_FILE.read_bytes()).hexdigest()[:10]


def _arc(spans: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The shortest stretch of longitude (west, east) covering every span (west, east)
    given: west within ±180°, east past 180° when the stretch crosses the antimeridian
    (Fiji's islands on both sides of it make one stretch of 4°, not one of 360°)."""
    placed = []
    for w, e in spans:
        if e - w >= 360:
            return (-180.0, 180.0)
        turns = 360.0 * math.floor((w + 180) / 360)
        placed.append((w - turns, e - turns) if turns else (w, e))
        if e - turns > 180:  # what reaches past 180° covers the far side's start too
            placed.append((-180.0, e - turns - 360))
    placed.sort()
    merged = [list(placed[0])]
    for w, e in placed[1:]:
        if w <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([w, e])
    # the largest gap between what is covered is what the stretch leaves out; round the
    # back of the globe first, so a stretch that needs no crossing is the plain (min, max)
    gap, west, east = merged[0][0] + 360 - merged[-1][1], merged[0][0], merged[-1][1]
    for (_, e0), (w1, _) in itertools.pairwise(merged):
        if w1 - e0 > gap:
            gap, west, east = w1 - e0, w1, e0 + 360
    return (west, east) if gap > 0 else (-180.0, 180.0)


def _continuous(ring: list[Point], pole: float = 90.0) -> list[Point]:
    """A ring as one piece: made continuous across the antimeridian; or, round a pole
    (Antarctica), its coast drawn three times round (-540° to 540°) and closed through the
    pole (at latitude ±`pole`), so the land reaches the pole and no frame, however it
    lies, meets a seam."""
    out = across_antimeridian(ring)[0]
    core = out[:-1] if out[0] == out[-1] else out
    jumps = [i for i in range(len(core)) if abs(core[i][0] - core[i - 1][0]) > 180]
    if not jumps:
        return out
    line = core[jumps[0]:] + core[:jumps[0]]  # from one side of the map to the other
    turn = 360.0 if line[-1][0] > line[0][0] else -360.0
    line = [(lon + k * turn, lat) for k in (-1, 0, 1) for lon, lat in line]
    if sum(p[1] for p in core) < 0:
        pole = -pole
    return [*line, (line[-1][0], pole), (line[0][0], pole), line[0]]


@cache
def _country_rings(numeric: str) -> tuple[list[Point], ...]:
    """The outer rings of a country's polygons, each as one piece (see _continuous)."""
    geometry = countries().get(numeric)
    if geometry is None:
        return ()
    arcs = topology()[1]
    return tuple(_continuous(ring_points(polygon[0], arcs)) for polygon in polygons(geometry))


def _union(boxes: Sequence[Box]) -> Box | None:
    """The bounds of several boxes (west, south, east, north), across the antimeridian
    where that is shorter; east is then past 180°."""
    if not boxes:
        return None
    west, east = _arc((b[0], b[2]) for b in boxes)
    return (west, min(b[1] for b in boxes), east, max(b[3] for b in boxes))


@cache
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) of each country's outline, keyed by ISO 3166 numeric
    code; east is past 180° for a country across the antimeridian (Fiji: 177° to 182°)."""
    boxes = {}
    for numeric in countries():
        found = _union([bounds(ring) for ring in _country_rings(numeric)])
        if found:
            boxes[numeric] = found
    return boxes


def country_box(iso3: str) -> tuple[float, float, float, float] | None:
    numeric = numeric_code(iso3)
    return country_boxes().get(numeric) if numeric is not None else None


WIDEST = 100.0  # degrees: a country wider than this is not framed whole (Russia, the USA)


def _inside(rings: Iterable[list[Point]], lon: float, lat: float) -> bool:
    """Whether a position lies in one of the rings, whichever turn of the globe they are on."""
    return any(crosses(ring, x, lat) for ring in rings for x in (lon, lon - 360, lon + 360))


def _nearest(rings: Iterable[list[Point]], lon: float, lat: float) -> Point:
    """The point of the rings nearest a position on the map, its longitude on the
    position's side of the antimeridian."""
    best: tuple[float, Point] | None = None
    for ring in rings:
        for x, y in ring:
            dx = (x - lon + 180) % 360 - 180
            far = dx * dx + (y - lat) ** 2
            if best is None or far < best[0]:
                best = (far, (lon + dx, y))
    return best[1] if best else (lon, lat)


def country_view(points: Sequence[Point], iso3: Sequence[str]) -> tuple[float, float, float, float]:
    """The frame of sites in their countries: the sites and the countries' outlines; for a
    country too wide to show whole, the sites and the part of it nearest each site that
    lies outside it (a site at sea off Russia's Arctic coast is shown with that coast)."""
    numerics = [n for code in iso3 if (n := numeric_code(code)) is not None and n in countries()]
    outline = _union([country_boxes()[n] for n in numerics if n in country_boxes()])
    near: list[Point] = []
    if outline and outline[2] - outline[0] > WIDEST:
        rings = [r for n in numerics for r in _country_rings(n)]
        near = [_nearest(rings, lon, lat) for lon, lat in points if not _inside(rings, lon, lat)]
    return view_box([*points, *near], outline)


DOT_REACH = 2.0  # degrees from a site's dot's centre to its edge and a little sea, world map


def world_view(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """The frame of the whole network: 84° N to 60° S, further north or south if a site is
    there, and wider by as much on both sides if a dot would be cut by the edge at ±180°."""
    x, y, w, h = WORLD_BOX
    north, south = -y, y + h  # degrees north of the equator, and south of it
    if points:
        if max(p[1] for p in points) > north - 2:
            north = max(p[1] for p in points) + 4
        if -min(p[1] for p in points) > south - 2:
            south = -min(p[1] for p in points) + 4
        over = max(abs(p[0]) for p in points) + DOT_REACH - w / 2
        if over > 0:
            x, w = x - over, w + 2 * over
    return (round(x, 2), -north, round(w, 2), north + south)


def view_box(points: Sequence[Point], outline: tuple[float, float, float, float] | None = None,
             ) -> tuple[float, float, float, float]:
    """The part of the world to show: the points (and a country outline, unless it spans
    most of the globe), padded, at least 16° by 8°, two wide for one high. The frame is
    centred on them across the antimeridian where they lie on both sides of it (its x is
    then below -180° or its right edge past 180°); it reaches past a pole only as far as
    a point near it needs."""
    if not points:
        return WORLD_BOX
    spans = [(p[0], p[0]) for p in points]
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    if outline and outline[2] - outline[0] <= WIDEST:
        spans.append((outline[0], outline[2]))
        south, north = min(south, outline[1]), max(north, outline[3])
    west, east = _arc(spans)
    width = max((east - west) * 1.3, 16.0)
    height = max((north - south) * 1.3, 8.0)
    width, height = max(width, height * 2), max(height, width / 2)
    if width >= WORLD_BOX[2]:
        return world_view(points)
    cx, cy = (west + east) / 2, -(north + south) / 2
    if cx >= 180:
        cx -= 360
    margin = width * 0.05  # round a point near a pole: its mark and a little sea
    y = min(max(cy - height / 2, -90.0), 90.0 - height)
    y = min(max(y, -south + margin - height), -north - margin)
    return (round(cx - width / 2, 2), round(y, 2), round(width, 2), round(height, 2))


def on_map(lon: float, box: tuple[float, float, float, float]) -> float:
    """A longitude on the turn of the globe a frame shows (179.9° W is 180.1° E in a frame
    centred on Fiji)."""
    centre = box[0] + box[2] / 2
    return lon + 360 * round((centre - lon) / 360)


def _sea(box: tuple[float, float, float, float]) -> str:
    """The sea's rectangle: the whole world, and more where a frame reaches past it."""
    x, y, w, h = (_u(v) for v in box)
    west, north = min(x, -18000), min(y, -9000)
    return (f'x="{west}" y="{north}" width="{max(x + w, 18000) - west}" '
            f'height="{max(y + h, 9000) - north}"')


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
        f'<circle class="m-{worst_status(s).lower()}" cx="{_u(on_map(s.lon, box))}" cy="{_u(-s.lat)}" '
        f'r="{r}" data-slug="{escape(s.slug)}"/>'
        for s in sites
    )
    return Markup(  # noqa: S704 (every interpolated value is a number or escaped)
        f'<svg class="map-static" viewBox="{x} {y} {w} {h}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f'<rect class="map-sea" {_sea(box)}/>'
        f'<path class="map-land" d="{land}"/><path class="map-borders" d="{borders}"/>'
        f'<g class="map-dots">{dots}</g></svg>'
    )


@cache
def _country_outline(numeric: str) -> tuple[Shape, ...]:
    """One country's rings as shapes of the static maps (made when a page asks: a one-site
    rebuild draws that site's countries, not the world's)."""
    geometry = countries().get(numeric)
    if geometry is None:
        return ()
    arcs = topology()[1]
    return tuple(_shape(copy, shifts) for polygon in polygons(geometry) for ring in polygon
                 for copy, shifts in _copies(ring_points(ring, arcs)))


def _home(site: AzeSite, box: tuple[float, float, float, float]) -> str:
    """The path data of a site's countries: all of each, and its copies a frame past ±180°
    shows."""
    return _drawn((shape for code in site.iso3 if (n := numeric_code(code)) is not None
                   for shape in _country_outline(n)), box, always=True)


def locator_box(site: AzeSite) -> tuple[float, float, float, float]:
    """The frame of a site's locator map: its countries, or around its point."""
    return _locator_box(site.lon, site.lat, tuple(site.iso3))


@lru_cache(maxsize=256)  # a site's page asks three times (its map, the map's file, its name)
def _locator_box(lon: float, lat: float, iso3: tuple[str, ...]) -> tuple[float, float, float, float]:
    return country_view([(lon, lat)], iso3)


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
    home = _home(site, box)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {w} {h}">'
        f'<rect fill="#d5e6ec" {_sea(box)}/>'
        f'<path fill="#e6e1d3" stroke="#a9a28b" stroke-width="{max(1, w // 600)}" d="{land}"/>'
        f'<path fill="#c9bd97" stroke="#8c8266" stroke-width="{max(1, w // 400)}" d="{home}"/>'
        f'<path fill="none" stroke="#fbfaf6" stroke-width="{max(1, w // 500)}" d="{borders}"/>'
        "</svg>"
    ).encode()


def locator_map(site: AzeSite, label: str, href: str) -> Markup:
    """A small inline SVG of where a site is: the shared map of its countries (`href`, the
    file at locator_path) under its point, or for a sensitive site the one-degree square
    around its rounded position (the model holds no other)."""
    box = locator_box(site)
    x, y, w, h = (_u(v) for v in box)
    lon = on_map(site.lon, box)
    if site.coarsened:
        mark = (f'<rect class="locator-area" x="{_u(lon - 0.5)}" y="{_u(-site.lat - 0.5)}" '
                f'width="{UNITS}" height="{UNITS}"/>')
    else:
        mark = (f'<circle class="locator-dot" cx="{_u(lon)}" cy="{_u(-site.lat)}" '
                f'r="{max(1, round(w * 0.025))}"/>')
    return Markup(  # noqa: S704 (every interpolated value is a number or escaped)
        f'<svg class="map-static map-locator" viewBox="{x} {y} {w} {h}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f'<image href="{escape(href)}" x="{x}" y="{y}" width="{w}" height="{h}"/>{mark}</svg>'
    )


OUTLINES_FILE = "data/world-outlines.json"


def outlines_json() -> bytes:
    """The land and the borders as [lat, lon] lines, two decimals, for the interactive map's
    base layer when no tile server is set: the map reads as a map with no third party.
    Each piece of land is there once, in one piece (map.js draws the world's copies east
    and west of it)."""
    land, borders = _outline_lines()
    data = {"land": [_latlon(_continuous(r)) for r in land], "borders": [_latlon(b) for b in borders],
            "credit": "Natural Earth"}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def _latlon(points: list[Point]) -> list[list[float]]:
    return [[round(lat, 2), round(lon, 2)] for lon, lat in points]


@cache
def _outline_lines() -> tuple[list[list[Point]], list[list[Point]]]:
    """Land rings (as the outlines give them, cut at the antimeridian) and shared borders."""
    world, arcs = topology()
    land = [ring for geometry in world["objects"]["land"]["geometries"]
            for polygon in polygons(geometry) for ring_ in polygon
            if len(ring := ring_points(ring_, arcs)) > 2]
    uses = Counter(index if index >= 0 else ~index  # ~i is arc i reversed
                   for geometry in world["objects"]["countries"]["geometries"]
                   for polygon in polygons(geometry) for ring_ in polygon for index in ring_)
    borders = [part for i in sorted(uses) if uses[i] > 1
               for part in _split_at_antimeridian(arcs[i]) if len(part) > 1]
    return land, borders
