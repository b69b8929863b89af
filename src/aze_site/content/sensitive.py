"""A sensitive site's precise position written out in text that is published.

The build publishes a sensitive site's position in whole degrees only, but it cannot
round what an editor typed: `21.2987° N` pasted from a survey report into the body would
publish the place collectors must not find. `mentions` finds such numbers in the site's
own text: decimal degrees with two or more decimals, degrees and minutes, or degrees,
minutes and seconds as GPS units and spreadsheets write them, that agree with the site's
precise latitude or longitude to the precision written (rounded or cut), or an easting
and a northing in UTM within 5 km of it (content/utm.py). `Places` finds them in every
other text, where a number counts only when it is written as a position
(with a degree sign, a hemisphere letter or a word such as `lat`) or comes with the
other half of the same position: a figure such as `21.30` in a budget is no position.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice

from aze_site.content import utm
from aze_site.content.frontmatter import split_front_matter
from aze_site.content.positions import TENTH, numbers, one_reading, partners
from aze_site.content.translations import parts
from aze_site.content.yamlsrc import comments, parse_yaml
from aze_site.errors import Report

_AXES = ("latitude", "longitude")


def mentions(text: str, lat: float, lon: float) -> Iterator[tuple[int, int, str]]:
    """(start, end, 'latitude' or 'longitude') of each number in `text` that gives the
    position more precisely than the whole degrees published."""
    axes = [(axis, abs(v)) for axis, v in zip(_AXES, (lat, lon), strict=True)
            if v != round(v)]  # a whole degree is published as it is: nothing to keep
    found = numbers(text)
    hits = [next((axis for axis, precise in axes  # rounded or cut to the precision written
                  if agrees(precise, number.value, number.within)), None) for number in found]
    kept = one_reading(found, [hit is not None for hit in hits])
    shown, given = [found[k] for k in kept], [hits[k] for k in kept]

    def together(i: int, j: int) -> bool:  # the site's latitude and longitude
        return given[i] is not None and given[j] is not None and given[i] != given[j]

    said: list[tuple[int, int, str]] = []
    for i, partner in zip(kept, partners(text, shown, together), strict=True):
        axis, number = hits[i], found[i]
        alone = partner is None or hits[kept[partner]] in (None, axis)
        if axis is not None and not (number.within >= TENTH and not number.marked and alone):
            said.append((number.start, number.end, axis))  # but one decimal alone: 21.3 km
    if axes:
        said += [hit[:3] for hit in _in_utm(text, [utm.Grids(lat, lon)], said)]
    yield from sorted(said)


def _in_utm(text: str, grids: list[utm.Grids], said: Iterable[tuple[int, int, str]]
            ) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, what, index in `grids`) of each easting and northing that gives a
    place of `grids` (see utm.found), but where a number `said` is (the same figures
    read as degrees)."""
    spans = [(start, end) for start, end, _ in said]
    for pair, zone, i in utm.found(text, grids):
        if not any(start < pair.end and pair.start < end for start, end in spans):
            yield pair.start, pair.end, utm.what(zone), i


@dataclass(frozen=True)
class Place:
    """A sensitive site's precise position, read from its file (`rel`)."""

    rel: str
    lat: float
    lon: float


class Places:
    """The precise positions of the sensitive sites, to look for in other texts. A number
    there counts where it stands with the other half of the same position
    (`21.2987, -100.0601`), or alone where it is written as a position (`21.2987° N`): a
    bare 21.30 is more likely a price, and `21.30° N, 157.86° W` another place."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = tuple(places)
        self._axes = sorted((abs(v), axis, i) for i, place in enumerate(self.places)
                            for axis, v in zip(_AXES, (place.lat, place.lon), strict=True)
                            if v != round(v))
        self._values = [value for value, _, _ in self._axes]
        self._by_lat = sorted((place.lat, i) for i, place in enumerate(self.places)
                              if place.lat != round(place.lat) or place.lon != round(place.lon))
        self._lats = [lat for lat, _ in self._by_lat]
        self._grids = [(i, utm.Grids(self.places[i].lat, self.places[i].lon))
                       for _, i in self._by_lat]

    def at(self, lat: float, lon: float) -> Iterator[int]:
        """The index of each place that another site's own position, as YAML read it, gives
        more precisely than in whole degrees: both halves agree to the precision it is
        published with (that of the value YAML read: `21.300` is published as 21.3), and
        one has two decimals or more (as a number in text must)."""
        lat_unit, lon_unit = _unit(lat), _unit(lon)
        if min(lat_unit, lon_unit) > 0.01:
            return
        low = bisect_left(self._lats, lat - lat_unit)
        high = bisect_right(self._lats, lat + lat_unit)
        for _, i in self._by_lat[low:high]:
            place = self.places[i]
            if agrees(place.lat, lat, lat_unit) and agrees(place.lon, lon, lon_unit):
                yield i

    def near(self, value: float, within: float) -> Iterator[tuple[str, int]]:
        """(axis, index of the place) of each precise value `value` gives (see mentions)."""
        low = bisect_left(self._values, value - within)
        high = bisect_right(self._values, value + within)
        for precise, axis, i in self._axes[low:high]:
            if agrees(precise, value, within):
                yield axis, i

    def could_tell(self, found: Readings, skip: frozenset[str] = frozenset()) -> bool:
        """Whether numbers (see numbers_in) may give a place but those of the sites in
        `skip`: cheap, to read again only the texts that may."""
        if found.utm_pairs and any(grids.give(pair) is not None for pair in found.utm_pairs
                             for _, grids in self._looked_for(skip)):
            return True
        axes: dict[int, set[str]] = {}
        for value, within, marked in found.degrees:
            for axis, i in self.near(value, within):
                if self.places[i].rel not in skip:
                    if marked:
                        return True
                    axes.setdefault(i, set()).add(axis)
        return any(len(seen) == 2 for seen in axes.values())

    def told(self, text: str, skip: frozenset[str] = frozenset()
             ) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, axis, the site's file) of each number in `text` that gives a place
        (but those of the sites in `skip`)."""
        every = numbers(text)
        read = [{i: axis for axis, i in self.near(n.value, n.within)
                 if self.places[i].rel not in skip} for n in every]
        kept = one_reading(every, [bool(hit) for hit in read])
        found, hits = [every[k] for k in kept], [read[k] for k in kept]
        def together(i: int, j: int) -> bool:  # the two halves of one place
            return any(hits[j].get(place) not in (None, axis) for place, axis in hits[i].items())

        said: list[tuple[int, int, str, str]] = []
        for number, partner, hit in zip(found, partners(text, found, together), hits,
                                        strict=True):
            for i, axis in sorted(hit.items()):
                other = None if partner is None else hits[partner].get(i)
                if (number.marked and partner is None) or other not in (None, axis):
                    said.append((number.start, number.end, axis, self.places[i].rel))
                    break
        looked_for = self._looked_for(skip)
        said += [(start, end, what, self.places[looked_for[i][0]].rel) for start, end, what, i
                 in _in_utm(text, [grids for _, grids in looked_for], (s[:3] for s in said))]
        yield from sorted(said)

    def _looked_for(self, skip: frozenset[str]) -> list[tuple[int, utm.Grids]]:
        """(index, UTM) of each place but those of the sites in `skip`."""
        return [(i, grids) for i, grids in self._grids if self.places[i].rel not in skip]


def agrees(precise: float, written: float, within: float) -> bool:
    """Whether a figure written to `within` (one unit of its last figure) gives `precise`,
    rounded or cut: less than a unit away, and not one unit (21.4 is no rounding of 21.3,
    which floating point puts 0.0999... away)."""
    return abs(precise - written) < within * (1 - 1e-9)


def secret_told(number: str, axis: str, site: str | None = None) -> str:
    """The error at a number that gives a sensitive site's precise position (`site`: the
    site's file, where the number is not in it)."""
    whose, where = ("the site's", "here") if site is None else (f"{site}'s", "there")
    return (f"'{number}' is {whose} precise {axis}, which stays unpublished since a species "
            f"{where} is sensitive: give the position in whole degrees at most, or leave it out")


def precise_position(text: str) -> tuple[float, float] | None:
    """The position a site file's front matter gives, read again for the checks of what is
    published with it (None where it cannot be read: its own errors say why). It goes no
    further than those checks: the model holds the published position only."""
    fm = split_front_matter(text, "", Report())
    doc = parse_yaml(fm.yaml_text, "", Report()) if fm is not None else None
    data = doc.data if doc is not None else None
    where = data.get("location") if isinstance(data, dict) else None
    if not isinstance(where, dict):
        return None
    lat, lon = _degrees(where.get("lat")), _degrees(where.get("lon"))
    return (lat, lon) if lat is not None and lon is not None else None


def _unit(value: float) -> float:
    """One unit of the last figure of a number as YAML read it (`21.30` is read as 21.3);
    a whole number claims a whole degree."""
    if value.is_integer():
        return 1.0
    exponent = Decimal(repr(value)).as_tuple().exponent
    return 10.0 ** exponent if isinstance(exponent, int) else 1.0


def _degrees(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Readings:
    """What Places.could_tell reads of a content file: its numbers (value, precision,
    marked) and its pairs of numbers that may be a position in UTM (without where they
    are, so that most edits leave it as it was)."""

    degrees: tuple[tuple[float, float, bool], ...]
    utm_pairs: tuple[utm.Pair, ...]


def numbers_in(rel: str, data: bytes) -> Readings | None:
    """A content file's Readings (None: no number that may be a position)."""
    text = published_text(rel, data.decode("utf-8", "replace"))
    degrees = tuple(sorted({(n.value, n.within, n.marked) for n in numbers(text)}))
    in_utm = tuple(sorted({replace(p, start=0, end=0) for p in utm.pairs(text)},
                          key=lambda p: (p.first, p.second, p.zone or 0)))
    return Readings(degrees, in_utm) if degrees or in_utm else None


def published_text(rel: str, text: str) -> str:
    """A content file's text as it is checked for positions, its lines and columns kept:
    without YAML's comments (never published) and a site's own `location` entry (its
    position, published as it is or rounded, is no text)."""
    if not rel.endswith(".md"):
        return _without_comments(text)
    front = _FRONT_MATTER.match(text)
    if front is None:
        return text
    head = _without_comments(front.group())
    if rel.startswith("content/sites/") and parts(rel) is None:
        head = _without_location(head)
    return head + text[front.end():]


# As content/frontmatter.py reads it: a byte order mark, `---`, and `---` or `...`
_FRONT_MATTER = re.compile(r"\ufeff?---[ \t]*\r?\n(?:.*\n)*?(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)")
# The `location` key (`? location` where written as a complex key), and the numbers its
# value holds (the first two after it: {lat: 21.2987,\nlon: -100.06} or lat: and lon:
# lines below it, in any order)
_LOCATION = re.compile(r"^(?:\?[ \t]*)?(?:location|'location'|\"location\")\b", re.MULTILINE)
_ITS_NUMBER = re.compile(r"[-+\u2212]?\d+(?:[.,]\d+)?")


def _without_location(front_matter: str) -> str:
    found = _LOCATION.search(front_matter)
    if found is None:
        return front_matter
    end = found.end()
    for number in islice(_ITS_NUMBER.finditer(front_matter, end, end + 200), 2):
        end = number.end()
    end = front_matter.find("\n", end) % (len(front_matter) + 1)  # the rest of its line
    start = found.start()
    return front_matter[:start] + _spaces(front_matter[start:end]) + front_matter[end:]


def _without_comments(yaml: str) -> str:
    kept: list[str] = []
    done = 0
    for start, end in comments(yaml):
        kept += [yaml[done:start], _spaces(yaml[start:end])]
        done = end
    return "".join(kept) + yaml[done:]


def _spaces(text: str) -> str:
    """`text` blanked, its line breaks kept: lines and columns stay where they were."""
    return re.sub(r"[^\n]", " ", text)
