"""Country outlines: Natural Earth's 1:110m countries, and whether a position lies in one.

The outlines come from the world-atlas package (countries-110m.json, TopoJSON of Natural
Earth's public-domain data, vendored in aze_site/data/). The static maps draw them
(render/worldmap.py); the sites' check uses them to catch a position written with a
sign left out or its two numbers swapped, the commonest mistake in site coordinates.

At 1:110m small islands are missing and coasts are coarse, so a position outside its
country's outline proves nothing (Galápagos sites lie 900 km from Ecuador's outline).
`likely_slip` therefore speaks only when the position is far from every part of the
country and the position corrected in one of those ways lies inside it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from aze_site.content.countries import numeric_code

WORLD_FILE = Path(__file__).resolve().parent.parent / "data" / "countries-110m.json"
NEAR = 1.0  # degrees around a part's bounds that still count as near that part
# A correction that moves the position less far than this is no slip: near ±180° (Fiji's
# Lau islands at 178° W, its outline at 178° E) a changed sign is the outline's coarseness.
SLIP_DEGREES = 10.0

Point = tuple[float, float]  # lon, lat
Box = tuple[float, float, float, float]  # west, south, east, north


@cache
def topology() -> tuple[dict[str, Any], list[list[Point]]]:
    """The vendored topology and its arcs as (lon, lat) positions."""
    data = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return data, decode_arcs(data)


def decode_arcs(data: dict[str, Any]) -> list[list[Point]]:
    """The arcs of a quantized TopoJSON topology as absolute (lon, lat) positions."""
    transform = data.get("transform")
    arcs: list[list[Point]] = []
    for arc in data["arcs"]:
        points: list[Point] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:  # delta-encoded integer positions
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def ring_points(indexes: Sequence[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from its arc indexes; ~i is arc i reversed; shared ends appear once."""
    out: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc[1:] if out else arc)
    return out


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings (the outer ring, then its holes)."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


@cache
def countries() -> dict[str, dict[str, Any]]:
    """The country geometries by ISO 3166 numeric code."""
    data, _ = topology()
    return {str(g["id"]): g for g in data["objects"]["countries"]["geometries"] if "id" in g}


def across_antimeridian(ring: list[Point]) -> list[list[Point]]:
    """A ring that jumps between -180° and 180° made continuous (past ±180°), plus a copy
    shifted by 360° for the other side; a ring round a pole (Antarctica) is left as it is."""
    out = [ring[0]]
    shift = 0.0
    for (lon0, _), (lon, lat) in itertools.pairwise(ring):
        if lon - lon0 > 180:
            shift -= 360
        elif lon0 - lon > 180:
            shift += 360
        out.append((lon + shift, lat))
    if shift:
        return [ring]
    copies = [out]
    if any(p[0] > 180 for p in out):
        copies.append([(lon - 360, lat) for lon, lat in out])
    if any(p[0] < -180 for p in out):
        copies.append([(lon + 360, lat) for lon, lat in out])
    return copies


def bounds(points: Sequence[Point]) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), min(lats), max(lons), max(lats))


# -- where a position lies ---------------------------------------------------------------

Part = tuple[Box, tuple[list[Point], ...]]  # a polygon's bounds, its rings (outer, holes)


@cache
def _parts(iso3: str) -> tuple[Part, ...]:
    """A country's polygons, each copy across the antimeridian a part of its own."""
    numeric = numeric_code(iso3)
    geometry = countries().get(numeric) if numeric is not None else None
    if geometry is None:
        return ()
    arcs = topology()[1]
    parts = []
    for polygon in polygons(geometry):
        outer, *holes = (ring_points(ring, arcs) for ring in polygon)
        for copy in across_antimeridian(outer):  # (no ring with holes crosses it)
            if not any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(copy)):
                parts.append((bounds(copy), (copy, *holes)))  # round a pole: not judged
    return tuple(parts)


def _near(parts: tuple[Part, ...], lon: float, lat: float) -> bool:
    return any(w - NEAR <= lon <= e + NEAR and s - NEAR <= lat <= n + NEAR
               for (w, s, e, n), _ in parts)


def _inside(parts: tuple[Part, ...], lon: float, lat: float) -> bool:
    """In a polygon of the parts and in none of its holes (even-odd rule)."""
    for (w, s, e, n), rings in parts:
        if w <= lon <= e and s <= lat <= n and sum(crosses(r, lon, lat) for r in rings) % 2:
            return True
    return False


def crosses(ring: list[Point], lon: float, lat: float) -> bool:
    """Whether a ray from the point eastwards crosses the ring an odd number of times."""
    odd = False
    for (x0, y0), (x1, y1) in itertools.pairwise([*ring, ring[0]]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            odd = not odd
    return odd


def _apart(lat: float, lon: float, lat2: float, lon2: float) -> float:
    """Degrees between two positions along the larger of the two axes (round the globe)."""
    across = abs(lon - lon2) % 360
    return max(abs(lat - lat2), min(across, 360 - across))


# The slips looked for, in this order: what was done, and the correction.
SLIPS: tuple[tuple[str, Callable[[float, float], Point]], ...] = (
    ("the longitude's sign changed", lambda lat, lon: (lat, -lon)),
    ("the latitude's sign changed", lambda lat, lon: (-lat, lon)),
    ("both signs changed", lambda lat, lon: (-lat, -lon)),
    ("'lat' and 'lon' swapped", lambda lat, lon: (lon, lat)),
)


def hint(slip: str, lat: float, lon: float) -> str:
    """The rule the corrected position (`lat`, `lon`) follows, to say with the slip."""
    east = "east of Greenwich a longitude is positive" if lon > 0 else \
        "west of Greenwich a longitude is negative"
    north = "north of the equator a latitude is positive" if lat > 0 else \
        "south of the equator a latitude is negative"
    return {SLIPS[0][0]: east, SLIPS[1][0]: north, SLIPS[2][0]: f"{north}; {east}"}.get(
        slip, "'lat' is the north-south position, 'lon' the east-west one")


def likely_slip(iso3: Sequence[str], lat: float, lon: float) -> tuple[str, str, str] | None:
    """(the slip, its hint, the country the position then lies in) when the position is
    far from every country named and the corrected one lies inside one of them."""
    shapes = [(code, parts) for code in iso3 if (parts := _parts(code))]
    if not shapes or any(_near(parts, lon, lat) for _, parts in shapes):
        return None
    for slip, correct in SLIPS:
        lat2, lon2 = correct(lat, lon)
        if abs(lat2) > 90 or _apart(lat, lon, lat2, lon2) < SLIP_DEGREES:
            continue
        for code, parts in shapes:
            if _inside(parts, lon2, lat2):
                return slip, hint(slip, lat2, lon2), code
    return None
