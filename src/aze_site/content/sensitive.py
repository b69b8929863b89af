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

# 21.2987, -100.06, 21,30 (a decimal comma); not a part of a longer number or a version
_DECIMAL = re.compile(r"(?<![\d.,])[-\u2212]?(\d{1,3})[.,](\d{2,})(?![\d.,]*\d)")
# 21°17', 21° 17.9' (or a prime, U+2032, or a closing quote for the minutes)
_MINUTES = re.compile(r"(?<![\d.])(\d{1,3})\s*°\s*(\d{1,2}(?:[.,]\d+)?)\s*['\u2032\u2019]")


def mentions(text: str, lat: float, lon: float) -> Iterator[tuple[int, str]]:
    """(offset, 'latitude' or 'longitude') of each number in `text` that gives the
    position more precisely than whole degrees."""
    axes = (("latitude", abs(lat)), ("longitude", abs(lon)))
    for found in _DECIMAL.finditer(text):
        whole, decimals = found.group(1), found.group(2)
        value = float(f"{whole}.{decimals}")
        for axis, precise in axes:  # rounded or cut to the decimals written
            if abs(precise - value) < 10 ** -len(decimals):
                yield found.start(), axis
                break
    for found in _MINUTES.finditer(text):
        value = int(found.group(1)) + float(found.group(2).replace(",", ".")) / 60
        for axis, precise in axes:
            if int(found.group(1)) == int(precise) and abs(precise - value) < 1 / 60:
                yield found.start(), axis
                break


_WRITTEN = re.compile(r"[-\u2212]?[\d.,°'\u2032\u2019 ]+")


def number_at(text: str, offset: int) -> str:
    """The number (a position as written) that starts at `offset`, for a message."""
    found = _WRITTEN.match(text, offset)
    return (found.group() if found else text[offset:offset + 10]).strip(" ,.")
