"""A position written in UTM (Universal Transverse Mercator), as survey reports in Brazil
and Mexico write it: `24M 428163 9212567`, `UTM 24L 428163E 9212567N`,
`E 428163 N 9212567`, `428.163 / 9.212.567`, `zona 24 S, 428163 m E, 9212567 m N`.

`utm` converts a position in degrees (WGS84) to UTM; `pairs` finds the numbers of a text
that may be an easting and a northing written together; `Grids.give` says in which zone
a pair gives a place, and `found` which pairs of a text give one. A pair counts when both
numbers are within `NEAR` of the place: 5 km, about what a position written with one
decimal of a degree gives away (0.05° off at most, rounded), which the check of degrees
already counts, and a tenth of what the whole degrees published do (up to 55 km off). A
survey's points lie within a site rather than at its centroid, and numbers farther off
are more likely another place. Never one number alone: a count or a measure is not a
position.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

NEAR = 5000.0  # metres: see above
SOUTHMOST, NORTHMOST = -80.0, 84.0  # UTM's reach

# WGS84, and UTM's scale on its central meridian and false origins
_A = 6378137.0
_F = 1 / 298.257223563
_K0 = 0.9996
_FALSE_EASTING = 500_000.0
_FALSE_NORTHING = 10_000_000.0  # south of the equator
# Krüger's series in the third flattening n (Karney 2011, eq. 35), to n^4: well under a
# millimetre within a zone and its neighbours
_N = _F / (2 - _F)
_RECTIFYING = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (_N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16 + 41 * _N**4 / 180,
          13 * _N**2 / 48 - 3 * _N**3 / 5 + 557 * _N**4 / 1440,
          61 * _N**3 / 240 - 103 * _N**4 / 140,
          49561 * _N**4 / 161280)
_E = math.sqrt(_F * (2 - _F))  # the first eccentricity
_BANDS = "CDEFGHJKLMNPQRSTUVWXX"  # 8 degrees each from 80° S; X is 12 degrees


class Utm(NamedTuple):
    """A position in UTM: its zone, latitude band (C to M south of the equator, N to X
    north of it), easting and northing in metres."""

    zone: int
    band: str
    easting: float
    northing: float


def zone_of(lon: float) -> int:
    """The UTM zone a longitude lies in (1 to 60), without the exceptions of Norway and
    Svalbard (a neighbouring zone: see Grids)."""
    return int((lon + 180) // 6) % 60 + 1


def utm(lat: float, lon: float, zone: int | None = None) -> Utm:
    """The UTM position of a WGS84 position, in its own zone or in `zone` (a neighbouring
    zone, as a survey near a zone's edge may write it)."""
    zone = zone_of(lon) if zone is None else zone
    meridian = zone * 6 - 183
    dlon = math.radians((lon - meridian + 180) % 360 - 180)
    phi = math.radians(lat)
    t = math.sinh(math.atanh(math.sin(phi)) - _E * math.atanh(_E * math.sin(phi)))
    xi = math.atan2(t, math.cos(dlon))
    eta = math.atanh(math.sin(dlon) / math.hypot(1, t))
    x = eta + sum(a * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
                  for j, a in enumerate(_ALPHA, 1))
    y = xi + sum(a * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
                 for j, a in enumerate(_ALPHA, 1))
    easting = _FALSE_EASTING + _K0 * _RECTIFYING * x
    northing = _K0 * _RECTIFYING * y + (_FALSE_NORTHING if lat < 0 else 0.0)
    band = _BANDS[min(max(int((lat + 80) // 8), 0), len(_BANDS) - 1)]
    return Utm(zone, band, easting, northing)


@dataclass(frozen=True)
class Pair:
    """Two numbers written together that may be an easting and a northing, in either
    order, the zone written on their line, if any, and whether they are written as a
    position in UTM (a zone, or marks such as E and N, `UTM`, `Este`, beside them)."""

    start: int
    end: int
    first: float
    second: float
    zone: int | None
    marked: bool = False


# A number: figures, in groups of three after a space, a dot or a comma (9.212.567,
# 9 212 567), with up to three decimals; not part of a longer number (21.2987), nor joined
# to another by a hyphen, a dash or a colon (428163-9212567 is a code, a phone, an ISBN)
_GROUP = "[ .,\u00a0\u2009\u202f]"
_NUMBER = re.compile(rf"(?<![\d.,])(?<!\d[-\u2013:])(\d{{1,3}}(?:({_GROUP})\d{{3}})(?:\2\d{{3}})?|\d+)"
                     r"(?:[.,](\d{1,3}))?(?!\d)(?![-\u2013.,:]\d)")
# What may stand between the two on the line: spaces, punctuation, marks (E, N, m E,
# X=, Y:, Easting, Norte) and words of a letter or two (e, y); no other word (9.212.567
# reais for 428.163 people)
_MARK = r"(?i:easting|northing|leste|este|norte|east|north|[a-z]{1,2})"
_BETWEEN = re.compile(rf"(?:[^\S\n]|[-\u2013.,;:/|()\[\]=]|(?<![^\W\d_]){_MARK}(?![^\W\d_]))+")
_LONGEST = 24
_MARKED = re.compile(r"(?:[ \t]?m[ \t]?)?[EN](?![^\W\d_])")  # 9212567N, 9212567 m N
# The zone: `zona 24`, `fuso 24 S`, `UTM 24L`, `Zone: 24`, or a number and a band letter
# against it, `24M`
_ZONE = re.compile(r"(?<![^\W\d_])(?i:zon[ae]|fuso|huso|utm)(?![^\W_])[\s:=]*(\d{1,2})(?!\d)"
                   r"|(?<![\w.,])(\d{1,2})[C-HJ-NP-X](?![^\W\d_])")
# What writes two numbers as a position in UTM, before, between or after them: E and N
# (X and Y), not e and y, which join two numbers in Portuguese and Spanish
_MARK_WORD = re.compile(r"(?<![^\W\d_])(?:[ENXY]|(?i:easting|northing|leste|este|norte|east|"
                        r"north|utm))(?![^\W\d_])")
_HINT = re.compile(r"\d{3}")  # an easting has six figures: most texts have none


def pairs(text: str) -> Iterator[Pair]:
    """Each two numbers written one after the other on a line that may be an easting
    (six figures) and a northing (three to seven), in either order."""
    if not _HINT.search(text):
        return
    found = [m for m in _NUMBER.finditer(text) if 2 < len(_figures(m)) < 8]
    zones: _Zones | None = None
    for a, b in pairwise(found):
        first, second = _value(a), _value(b)
        if b.start() - a.end() > _LONGEST or not (_easting(first) or _easting(second)):
            continue
        between = _BETWEEN.fullmatch(text, a.end(), b.start())
        if between is None:
            continue
        if zones is None:
            zones = _Zones(text)
        mark = _MARKED.match(text, b.end())  # the mark is the number's
        end = mark.end() if mark else b.end()
        zone = zones.at(a.start(), end)
        line = text.rfind("\n", 0, a.start()) + 1
        marked = zone is not None or _MARK_WORD.search(text, max(line, a.start() - 12), end)
        yield Pair(a.start(), end, first, second, zone, bool(marked))


def _figures(found: re.Match[str]) -> str:
    return re.sub(r"\D", "", found.group(1))


def _value(found: re.Match[str]) -> float:
    decimals = found.group(3)
    return float(_figures(found) + (f".{decimals}" if decimals else ""))


def _easting(value: float) -> bool:
    return 100_000 <= value < 1_000_000


class _Zones:
    """The zones written in a text, and its line breaks."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        found = [(m.start(), m.end(), int(m.group(1) or m.group(2))) for m in _ZONE.finditer(text)]
        self.zones = [(start, end, zone) for start, end, zone in found if 1 <= zone <= 60]
        self.starts = [start for start, _, _ in self.zones]

    def at(self, start: int, end: int) -> int | None:
        """The zone written on the line of the numbers at start:end: the last before
        them, else the first after them."""
        line = bisect_left(self.breaks, start)
        line_start = self.breaks[line - 1] + 1 if line else 0
        line_end = self.breaks[line] if line < len(self.breaks) else math.inf
        before = bisect_right(self.starts, start) - 1
        if before >= 0 and self.zones[before][0] >= line_start and self.zones[before][1] <= start:
            return self.zones[before][2]
        after = bisect_left(self.starts, end)
        if after < len(self.zones) and self.zones[after][1] <= line_end:
            return self.zones[after][2]
        return None


class Grids:
    """A place in UTM, in its own zone and the two beside it (a survey near a zone's
    edge may write its position in the neighbouring one; Norway's and Svalbard's zones
    are wider). UTM stops at 80 degrees south and 84 north (the poles' own grid, UPS, takes
    over): a place beyond has none."""

    def __init__(self, lat: float, lon: float) -> None:
        own = zone_of(lon)
        self.grids = tuple(utm(lat, lon, (own + step - 1) % 60 + 1) for step in (0, -1, 1)) \
            if SOUTHMOST <= lat <= NORTHMOST else ()

    def give(self, pair: Pair) -> int | None:
        """The zone in which `pair` gives the place: an easting and a northing, in either
        order, both within NEAR of it, in the zone written (if any). Two numbers of six
        figures or fewer (a northing within 9 degrees north of the equator) count only
        where they are written as a position in UTM: two such amounts side by side in a
        table of a budget or a census would be taken for one by chance."""
        if not pair.marked and max(pair.first, pair.second) < 1_000_000:
            return None  # two amounts of six figures (a budget's table), unless marked
        for grid in self.grids:
            if pair.zone not in (None, grid.zone):
                continue
            for easting, northing in ((pair.first, pair.second), (pair.second, pair.first)):
                if _easting(easting) and abs(easting - grid.easting) < NEAR \
                        and abs(northing - grid.northing) < NEAR:
                    return grid.zone
        return None


def found(text: str, grids: Iterable[Grids]) -> Iterator[tuple[Pair, int, int]]:
    """(the pair, the zone, the index of the place in `grids`) of each pair of `text`
    that gives one of the places (the first it gives)."""
    places = list(grids)
    taken = -1
    for pair in pairs(text):
        if pair.start < taken:
            continue  # its first number is the second of a pair said
        for i, place in enumerate(places):
            zone = place.give(pair)
            if zone is not None:
                yield pair, zone, i
                taken = pair.end
                break


def what(zone: int) -> str:
    """What a pair gives, as secret_told says it."""
    return f"position in UTM (zone {zone})"
