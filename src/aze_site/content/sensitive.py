"""A sensitive site's precise position written out in text that is published.

The build publishes a sensitive site's position in whole degrees only, but it cannot
round what an editor typed: `21.2987° N` pasted from a survey report into the body would
publish the place collectors must not find. `mentions` finds such numbers in the site's
own text: decimal degrees with two or more decimals, degrees and minutes, or degrees,
minutes and seconds as GPS units and spreadsheets write them, that agree with the site's
precise latitude or longitude to the precision written (rounded or cut). `Places` finds
them in every other text, where a number counts only when it is written as a position
(with a degree sign, a hemisphere letter or a word such as `lat`) or comes with the
other half of the same position: a figure such as `21.30` in a budget is no position.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from aze_site.content.frontmatter import split_front_matter
from aze_site.content.translations import parts
from aze_site.content.yamlsrc import parse_yaml
from aze_site.errors import Report

_DEGREE = "\u00b0\u00ba\u02da"  # the degree sign; the masculine ordinal and the ring typed for it
_MINUTE = "'\u2032\u2019\u00b4\u02b9"  # apostrophe, prime, closing quote, acute accent, modifier
# 21.2987, -100.06, 21,30 (a decimal comma); not a part of a longer number, a version,
# a percentage or a DOI (10.1111/...)
_DECIMAL = re.compile(r"(?<![\d.,])[-\u2212]?(\d{1,3})([.,])(\d{2,})(?![\d.,]*\d)(?![%/])")
# 21°17', 21º 17.9' (an ordinal or a ring for the degree, a prime or an accent for the
# minute), with seconds or not: the minutes say enough
_MINUTES = re.compile(rf"(?<![\d.])(\d{{1,3}})\s*[{_DEGREE}]\s*(\d{{1,2}}(?:[.,]\d+)?)\s*[{_MINUTE}]")
# Without the minute's sign: N 21 17.259, N 21° 17.259 (minutes with decimals), 21:17:15,
# -100:03:36, 21-17-15N (seconds); not a clock time in a timestamp (2019-05-03T21:18:00)
_SEXAGESIMAL = re.compile(
    rf"(?<![\d.,:\-T])[-\u2212]?(\d{{1,3}})([ :\-]|\s*[{_DEGREE}]\s*)([0-5]\d)"
    r"(?:[.,](\d+)|\2([0-5]\d)(?:[.,](\d+))?)(?![\d.,]?\d)")


# What makes a number a position in any text: a degree sign or a hemisphere letter after it
# (O for oeste), a hemisphere letter or a word such as `lat` or `GPS` before it
_MARK_AFTER = re.compile(rf"\s?(?:[{_DEGREE}]|[NSEWO](?![^\W\d_]))")
_MARK_BEFORE = re.compile(r"(?<![^\W\d_])(?:[NSEWO]|(?i:lat|lon|long|latitude|longitude|"
                          r"coordinates?|gps))[\W_]{0,3}\Z")
_AXES = ("latitude", "longitude")


@dataclass(frozen=True)
class Number:
    """A number in a text that could be a position finer than a whole degree."""

    start: int
    end: int
    value: float  # in degrees, without its sign: a hemisphere may be written as a letter
    within: float  # one unit of the last figure written: the precision it claims
    marked: bool  # written as a position (see _MARK_AFTER, _MARK_BEFORE)


def mentions(text: str, lat: float, lon: float) -> Iterator[tuple[int, int, str]]:
    """(start, end, 'latitude' or 'longitude') of each number in `text` that gives the
    position more precisely than the whole degrees published."""
    axes = [(axis, abs(v)) for axis, v in zip(_AXES, (lat, lon), strict=True)
            if v != round(v)]  # a whole degree is published as it is: nothing to keep
    found: list[tuple[int, int, str]] = []
    for number in numbers(text):
        for axis, precise in axes:  # rounded or cut to the precision written
            if abs(precise - number.value) < number.within:
                found.append((number.start, number.end, axis))
                break
    yield from _once(found)


def _once(found: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    last = -1
    for start, end, axis in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last:  # one number read two ways (21° 17.3 and a minute sign): once
            yield start, end, axis
            last = end


@dataclass(frozen=True)
class Place:
    """A sensitive site's precise position, read from its file (`rel`)."""

    rel: str
    lat: float
    lon: float


class Places:
    """The precise positions of the sensitive sites, to look for in other texts. A number
    there counts where it is written as a position, or where the other half of the same
    position is in the text too: alone and bare, 21.30 is more likely a price."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = tuple(places)
        self._axes = sorted((abs(v), axis, i) for i, place in enumerate(self.places)
                            for axis, v in zip(_AXES, (place.lat, place.lon), strict=True)
                            if v != round(v))
        self._values = [value for value, _, _ in self._axes]

    def near(self, value: float, within: float) -> Iterator[tuple[str, int]]:
        """(axis, index of the place) of each precise value `value` gives (see mentions)."""
        low = bisect_left(self._values, value - within)
        high = bisect_right(self._values, value + within)
        for precise, axis, i in self._axes[low:high]:
            if abs(precise - value) < within:
                yield axis, i

    def could_tell(self, found: Iterable[tuple[float, float, bool]],
                   skip: frozenset[str] = frozenset()) -> bool:
        """Whether numbers (value, precision, marked) would give a place but those of the
        sites in `skip`: cheap, to read again only the texts that do."""
        axes: dict[int, set[str]] = {}
        for value, within, marked in found:
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
        hits: dict[int, list[tuple[Number, str]]] = {}
        for number in numbers(text):
            for axis, i in self.near(number.value, number.within):
                if self.places[i].rel not in skip:
                    hits.setdefault(i, []).append((number, axis))
        told: dict[tuple[int, int, str], str] = {}
        for i, found in sorted(hits.items()):
            both = {axis for _, axis in found} == set(_AXES)
            for number, axis in found:
                if both or number.marked:
                    told.setdefault((number.start, number.end, axis), self.places[i].rel)
        for start, end, axis in _once(list(told)):
            yield start, end, axis, told[(start, end, axis)]


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


def _degrees(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def numbers(text: str) -> Iterator[Number]:
    """Each number in `text` that could be a position finer than a whole degree, read as
    Markdown shows it (`21&#46;2987`, `21\\.2987`: 21.2987), where it is written."""
    plain, where = readable(text)
    for number in (n for lo, hi in _windows(plain) for n in _plain_numbers(plain, lo, hi)):
        yield Number(where[number.start], where[number.end], number.value, number.within,
                     number.marked)


# A Markdown escape of punctuation, or an HTML character reference
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def readable(text: str) -> tuple[str, Sequence[int]]:
    """`text` with its escapes and character references read (what a reader sees), and
    where each of its characters, and its end, are in `text`."""
    if "&" not in text and "\\" not in text:
        return text, range(len(text) + 1)
    plain: list[str] = []
    where: list[int] = []
    done = 0
    for found in _ESCAPE.finditer(text):
        start, end = found.span()
        meant = found.group(1) or html.unescape(found.group())
        if meant == found.group():  # not a reference HTML knows: as it is
            continue
        plain.append(text[done:start])
        where.extend(range(done, start))
        plain.append(meant)
        where.extend([start] * len(meant))
        done = end
    plain.append(text[done:])
    where.extend(range(done, len(text) + 1))
    return "".join(plain), where


# Where a number of the three kinds may be: a digit, then a decimal sign, a degree sign or
# a separator of minutes and another digit. Searching for these first and reading only
# around them is ten times as fast as the three patterns over a whole text.
_HINT = re.compile(rf"\d(?:[.,:\-]\d|\s*[{_DEGREE}]|[ \t]+\d)")
_TAIL = re.compile(r"[\d.,\s]*")


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of `text` that hold all its numbers: from a little before each hint (a
    sign and three digits) to past the longest number it may begin, the first character
    after it included (what the patterns' lookaheads read)."""
    lo = hi = -1
    for found in _HINT.finditer(text):
        start = max(0, found.start() - 4)
        if start > hi >= 0:
            yield lo, hi
            lo = -1
        if lo < 0:
            lo = start
        tail = _TAIL.match(text, min(len(text), found.start() + 24))
        hi = max(hi, min(len(text), (tail.end() if tail else len(text)) + 1))
    if lo >= 0:
        yield lo, hi


def _plain_numbers(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Number]:
    """The numbers of `text` (between `lo` and `hi`: see _windows)."""
    hi = len(text) if hi is None else hi
    for found in _DECIMAL.finditer(text, lo, hi):
        whole, mark, decimals = found.groups()
        if (mark == "," and len(decimals) == 3) or not decimals.strip("0"):
            continue  # 2,000 (thousands), 34.00 (a whole degree)
        # 21.2880 is 21.288 with a zero added: the figures that count say the precision
        figures = max(2, len(decimals.rstrip("0")))
        yield _number(text, found, float(f"{whole}.{decimals}"), 10.0 ** -figures)
    for found in _MINUTES.finditer(text, lo, hi):
        minutes = float(found.group(2).replace(",", "."))
        if minutes:
            yield _number(text, found, int(found.group(1)) + minutes / 60, 1 / 60, True)
    for found in _SEXAGESIMAL.finditer(text, lo, hi):
        deg, sep, mins, mins_decimals, secs, secs_decimals = found.groups()
        marked = sep.strip(" :-") != ""  # a degree sign
        if secs is None:  # degrees and minutes with decimals
            value = int(deg) + float(f"{mins}.{mins_decimals}") / 60
            yield _number(text, found, value, 10.0 ** -len(mins_decimals) / 60, marked)
        else:
            fraction = f".{secs_decimals}" if secs_decimals else ""
            value = int(deg) + int(mins) / 60 + float(secs + fraction) / 3600
            yield _number(text, found, value, 10.0 ** -len(secs_decimals or "") / 3600, marked)


def _number(text: str, found: re.Match[str], value: float, within: float,
            marked: bool = False) -> Number:
    start, end = found.span()
    marked = (marked or _MARK_AFTER.match(text, end) is not None
              or _MARK_BEFORE.search(text, max(0, start - 16), start) is not None)
    return Number(start, end, value, within, marked)


def numbers_in(rel: str, data: bytes) -> tuple[tuple[float, float, bool], ...]:
    """What Places.could_tell reads of a content file: its numbers (value, precision,
    marked), without where they are, so that most edits leave it as it was; a site's
    own position left out."""
    text = data.decode("utf-8", "replace")
    if rel.startswith("content/sites/") and parts(rel) is None:
        text = without_location(text)
    return tuple(sorted({(n.value, n.within, n.marked) for n in numbers(text)}))


# The `location` entry: its line and those below it indented (or blank, or comments)
_LOCATION = re.compile(r"^(?:location|'location'|\"location\")[ \t]*:.*"
                       r"(?:\n(?:[ \t#].*|[ \t]*)(?=\n))*", re.MULTILINE)


def without_location(text: str) -> str:
    """A site file with its front matter's `location` entry blanked, lines and columns
    kept: the site's own position there is no text published with another."""
    fm_end = re.match(r"---[ \t]*\r?\n(?:.*\n)*?---[ \t]*(?:\r?\n|\Z)", text)
    if fm_end is None:
        return text
    head = _LOCATION.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), fm_end.group())
    return head + text[fm_end.end():]
