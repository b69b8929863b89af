"""A sensitive site's precise position written out in its own text.

The build publishes a sensitive site's position in whole degrees only, but it cannot
round what an editor typed: `21.2987° N` pasted from a survey report into the body would
publish the place collectors must not find. `mentions` finds such numbers: decimal
degrees with two or more decimals, degrees and minutes, or degrees, minutes and seconds
as GPS units and spreadsheets write them, that agree with the site's precise latitude or
longitude to the precision written (rounded or cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aze_site.content.frontmatter import split_front_matter
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


def mentions(text: str, lat: float, lon: float) -> Iterator[tuple[int, int, str]]:
    """(start, end, 'latitude' or 'longitude') of each number in `text` that gives the
    position more precisely than the whole degrees published."""
    axes = [(axis, abs(v)) for axis, v in (("latitude", lat), ("longitude", lon))
            if v != round(v)]  # a whole degree is published as it is: nothing to keep
    found: list[tuple[int, int, str]] = []
    for start, end, value, within in _numbers(text):
        for axis, precise in axes:  # rounded or cut to the precision written
            if abs(precise - value) < within:
                found.append((start, end, axis))
                break
    last = -1
    for start, end, axis in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last:  # one number read two ways (21° 17.3 and a minute sign): once
            yield start, end, axis
            last = end


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


def _numbers(text: str) -> Iterator[tuple[int, int, float, float]]:
    """(start, end, degrees, tolerance) of each number in `text` that could be a position
    finer than a whole degree: the tolerance is one unit of the last figure written."""
    for found in _DECIMAL.finditer(text):
        whole, mark, decimals = found.groups()
        if (mark == "," and len(decimals) == 3) or not decimals.strip("0"):
            continue  # 2,000 (thousands), 34.00 (a whole degree)
        # 21.2880 is 21.288 with a zero added: the figures that count say the precision
        figures = max(2, len(decimals.rstrip("0")))
        yield found.start(), found.end(), float(f"{whole}.{decimals}"), 10.0 ** -figures
    for found in _MINUTES.finditer(text):
        minutes = float(found.group(2).replace(",", "."))
        if minutes:
            yield found.start(), found.end(), int(found.group(1)) + minutes / 60, 1 / 60
    for found in _SEXAGESIMAL.finditer(text):
        deg, _sep, mins, mins_decimals, secs, secs_decimals = found.groups()
        if secs is None:  # degrees and minutes with decimals
            value = int(deg) + float(f"{mins}.{mins_decimals}") / 60
            yield found.start(), found.end(), value, 10.0 ** -len(mins_decimals) / 60
        else:
            fraction = f".{secs_decimals}" if secs_decimals else ""
            value = int(deg) + int(mins) / 60 + float(secs + fraction) / 3600
            yield found.start(), found.end(), value, 10.0 ** -len(secs_decimals or "") / 3600
