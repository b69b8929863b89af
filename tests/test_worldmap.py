"""The static maps' frames: sites near the poles and the antimeridian drawn whole, in
frames centred on them and their countries, and the interactive map's outlines once each."""

from __future__ import annotations

import json
import re

from conftest import MakeSite, files_of

from aze_site.render import worldmap

Box = tuple[float, float, float, float]


def holds(box: Box, lon: float, lat: float, margin: float) -> bool:
    """Whether a point and `margin` degrees round it lie inside a view box."""
    x, y, w, h = box
    lon = worldmap.on_map(lon, box)
    return x + margin <= lon <= x + w - margin and y + margin <= -lat <= y + h - margin


# -- the world map -----------------------------------------------------------------------

def test_world_map_is_unchanged_for_sites_away_from_its_edges() -> None:
    assert worldmap.world_view([(-39.45, -7.25), (105.35, -6.75)]) == worldmap.WORLD_BOX
    assert worldmap.world_view([]) == worldmap.WORLD_BOX


def test_world_map_reaches_north_for_a_site_near_the_pole() -> None:
    box = worldmap.world_view([(10.0, 89.9), (0.0, 0.0)])
    assert holds(box, 10.0, 89.9, margin=1.7)  # the dot's radius is 1.62° on the world map


def test_world_map_holds_dots_at_the_antimeridian_whole() -> None:
    for lon in (180.0, 179.9, -179.9, -180.0):
        box = worldmap.world_view([(lon, -16.8), (0.0, 0.0)])
        assert holds(box, lon, -16.8, margin=1.7), (lon, box)
        assert box[0] == -(box[0] + box[2])  # wider on both sides alike: still centred


def test_world_map_draws_land_in_its_margin_past_the_antimeridian() -> None:
    box = worldmap.world_view([(180.0, 65.0)])
    land, _ = worldmap.outline_paths(box)
    assert len(land) > len(worldmap.outline_paths(worldmap.WORLD_BOX)[0])


def test_antarctica_reaches_the_pole() -> None:
    ata = worldmap.country_box("ATA")
    assert ata is not None and ata[1] == -90.0
    box = worldmap.view_box([(30.0, -89.0)])
    land, _ = worldmap.outline_paths(box)
    assert land  # the land round the pole is drawn there, not the sea


# -- locator and country maps ------------------------------------------------------------

def test_fiji_is_one_country_across_the_antimeridian() -> None:
    fiji = worldmap.country_box("FJI")
    assert fiji is not None and 177 < fiji[0] < 180 < fiji[2] < 182


def test_a_site_on_either_side_of_the_antimeridian_is_framed_with_fiji() -> None:
    for lon in (180.0, 179.9, -179.9):
        box = worldmap.country_view([(lon, -16.8)], ["FJI"])
        assert box[2] < 30, box  # Fiji's islands, not the Pacific or the world
        assert holds(box, lon, -16.8, margin=2.0), (lon, box)
        assert holds(box, 177.3, -17.5, margin=1.0) and holds(box, 180.2, -16.0, margin=1.0)


def test_sites_on_both_sides_of_the_antimeridian_share_one_frame() -> None:
    points = [(179.4, -17.3), (-179.9, -16.9)]
    box = worldmap.view_box(points)
    assert box[2] == 16.0  # the smallest frame, not the whole world
    assert all(holds(box, lon, lat, margin=2.0) for lon, lat in points)


def test_the_chatham_islands_are_framed_with_new_zealand() -> None:
    box = worldmap.country_view([(-176.5, -44.0)], ["NZL"])
    assert box[2] < 60, box
    assert holds(box, -176.5, -44.0, margin=1.0) and holds(box, 166.6, -46.6, margin=0.5)


def test_a_site_in_chukotka_is_centred_on_either_side_of_the_antimeridian() -> None:
    for lon, lat in ((177.5, 64.7), (-172.0, 66.0)):
        box = worldmap.country_view([(lon, lat)], ["RUS"])
        centre = box[0] + box[2] / 2
        assert abs(centre - lon) < 1 or abs(centre - lon) > 359, (lon, box)
        land, _ = worldmap.outline_paths(box)
        assert land


def test_a_site_off_russia_s_arctic_coast_is_shown_whole_with_that_coast() -> None:
    box = worldmap.country_view([(179.9, 89.9)], ["RUS"])
    assert holds(box, 179.9, 89.9, margin=0.025 * box[2])  # the locator's dot is 2.5% wide
    assert holds(box, 179.5, 71.2, margin=0.0)  # Wrangel Island, the nearest of Russia
    assert box[2] < 100


def test_an_antarctic_site_at_the_antimeridian_is_shown_whole() -> None:
    box = worldmap.country_view([(-179.9, -89.9)], ["ATA"])
    assert holds(box, -179.9, -89.9, margin=0.025 * box[2])


def test_frames_away_from_the_edges_are_as_before() -> None:
    jamaica = worldmap.country_box("JAM")
    assert worldmap.view_box([(-76.95, 17.90)], jamaica) == (-85.27, -22.11, 16.0, 8.0)
    assert worldmap.country_view([(-76.95, 17.90)], ["JAM"]) == (-85.27, -22.11, 16.0, 8.0)


# -- the interactive map's outlines ------------------------------------------------------

def test_the_interactive_map_s_outlines_hold_each_land_once() -> None:
    """map.js draws the world's copies east and west: a copy in the data made a second
    Eurasia west of the Americas."""
    land = json.loads(worldmap.outlines_json())["land"]
    seen = set()
    for ring in land:
        lons = [lon for _, lon in ring]
        if max(lons) - min(lons) >= 360:  # round the pole: Antarctica, drawn three turns wide
            continue
        assert min(lons) <= 180 and max(lons) >= -180
        shape = tuple((lat, round(lon % 360, 2)) for lat, lon in ring)
        assert shape not in seen
        seen.add(shape)


# -- a built site ------------------------------------------------------------------------

FIJI_MD = """\
---
name: Taveuni Highlands
iso3: FJI
location: {lat: -16.8, lon: -179.9}
criteria: [A1e]
species:
  - name: Lamprolia victoriae
    group: birds
    status: EN
---
A site across the antimeridian.
"""


def test_a_fiji_site_s_locator_is_centred_on_fiji(make_site: MakeSite) -> None:
    files = files_of(make_site({"content/sites/taveuni.md": FIJI_MD}))
    html = files["sites/taveuni/index.html"].decode()
    svg = re.search(r'<svg class="map-static map-locator".*?</svg>', html, re.S)
    assert svg is not None
    view = re.search(r'viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"', svg.group())
    assert view is not None
    x, y, w, h = (int(v) for v in view.groups())
    dot = re.search(r'<circle class="locator-dot" cx="(-?\d+)" cy="(-?\d+)" r="(\d+)"/>', svg.group())
    assert dot is not None
    cx, cy, r = (int(v) for v in dot.groups())
    assert cx == 18010  # 179.9° W drawn at 180.1° E, beside the rest of Fiji
    assert x + r < cx < x + w - r and y + r < cy < y + h - r
    assert w < 3000  # Fiji, not the Pacific
    image = re.search(r'<image href="[./]*(img/maps/[0-9a-f]+\.svg)"', svg.group())
    assert image is not None
    base = files[image.group(1)].decode()
    assert f'viewBox="{x} {y} {w} {h}"' in base
    home = re.search(r'<path fill="#c9bd97"[^>]* d="([^"]*)"', base)
    assert home is not None and home.group(1)  # Fiji's islands, east and west of 180°
    assert x < 18000 < x + w  # the frame reaches across 180°
