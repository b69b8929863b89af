"""A sensitive site's precise position written out in its own text.

The build publishes a sensitive site's position in whole degrees only, but it cannot
round what an editor typed: `21.2987° N` pasted from a survey report into the body would
publish the place collectors must not find. `mentions` finds such numbers: decimal
degrees with two or more decimals, or degrees and minutes, that agree with the site's
precise latitude or longitude to the precision written (rounded or cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# 21.2987, -100.06, 21,30 (a decimal comma); not a part of a longer number, a version,
# a percentage or a DOI (10.1111/...)
_DECIMAL = re.compile(r"(?<![\d.,])[-\u2212]?(\d{1,3})([.,])(\d{2,})(?![\d.,]*\d)(?![%/])")
# 21°17', 21° 17.9' (or a prime, U+2032, or a closing quote for the minutes)
_MINUTES = re.compile(r"(?<![\d.])(\d{1,3})\s*°\s*(\d{1,2}(?:[.,]\d+)?)\s*['\u2032\u2019]")


def mentions(text: str, lat: float, lon: float) -> Iterator[tuple[int, int, str]]:
    """(start, end, 'latitude' or 'longitude') of each number in `text` that gives the
    position more precisely than the whole degrees published."""
    axes = [(axis, abs(v)) for axis, v in (("latitude", lat), ("longitude", lon))
            if v != round(v)]  # a whole degree is published as it is: nothing to keep
    for found in _DECIMAL.finditer(text):
        whole, mark, decimals = found.groups()
        if (mark == "," and len(decimals) == 3) or not decimals.strip("0"):
            continue  # 2,000 (thousands), 34.00 (a whole degree)
        value = float(f"{whole}.{decimals}")
        for axis, precise in axes:  # rounded or cut to the decimals written
            if abs(precise - value) < 10 ** -len(decimals):
                yield found.start(), found.end(), axis
                break
    for found in _MINUTES.finditer(text):
        degrees, minutes = int(found.group(1)), float(found.group(2).replace(",", "."))
        if minutes == 0:
            continue
        for axis, precise in axes:
            if degrees == int(precise) and abs(precise - degrees - minutes / 60) < 1 / 60:
                yield found.start(), found.end(), axis
                break
