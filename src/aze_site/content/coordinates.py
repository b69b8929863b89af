"""Coordinates written otherwise than as decimal degrees: what the text says, and what to write.

A spreadsheet's cell or a site's `location` such as `7°15'S` or `7.25 S` is refused, never
converted: the message gives the
decimal degrees it stands for (south and west negative) and a scientist writes them. The
value is never given where the cell does not settle it (no hemisphere, or a sign and a
letter), and never with more digits than the cell shows (a site's place may be sensitive).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

_DEGREE = "°º˚"  # º: what Spanish and Portuguese keyboards give for a degree sign
_MINUTE = "'\u2032\u2019\u00b4`"  # ' and the prime, the quote and the accents taken for it
_SECOND = '"\u2033\u201d'  # " and the double prime and quote
_PART = r"\d+(?:[.,]\d+)?"
# 7°15'30"  7° 15,5'  7.25°  (seconds may be two minute marks: 7°15'30'')
_SIGNS = re.compile(rf"^(?P<d>{_PART})\s*[{_DEGREE}]\s*(?:(?P<m>{_PART})\s*[{_MINUTE}]\s*"
                    rf"(?:(?P<s>{_PART})\s*(?:[{_SECOND}]|[{_MINUTE}]{{2}}))?)?$")
# 7 15 30  7 15 (degrees, minutes and seconds apart, as GPS units and some tables write them)
_SPACED = re.compile(r"^(?P<d>\d{1,3})\s+(?P<m>\d{1,2}(?:[.,]\d+)?)(?:\s+(?P<s>\d{1,2}(?:[.,]\d+)?))?$")
_DEGREES = re.compile(rf"^(?P<d>{_PART})$")  # beside a hemisphere letter: 7.25 S, S7.25
_COMMA = re.compile(r"^[+-]?\d+,\d+$")  # 7,25 where decimals are written with a point
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")  # 1,234 or 1,234,567: thousands, perhaps
_LONGEST = 40  # characters: a longer cell is no coordinate
_HEMISPHERES = {"N": "north", "S": "south", "E": "east", "W": "west"}
_SEPARATORS = {",": "commas", "|": "'|'"}


def other_form(text: str, latitude: bool, separator: str) -> str | None:
    """What a coordinate cell that is not a decimal number says, and what to write instead
    (the rest of a message that begins with the cell); None when it is no coordinate."""
    value = text.strip().replace("\u2212", "-")
    comma = decimal_comma(value, separator)
    if comma is not None:
        return comma
    if len(value) > _LONGEST or any(char in value for char in "\r\n\t"):
        return None  # a cell on two lines is no coordinate written apart
    sign = value[:1] if value[:1] in ("+", "-") else ""
    body = value[len(sign):].strip()
    letter = ""
    if body[:1] in _HEMISPHERES:
        letter, body = body[0], body[1:].strip()
    elif body[-1:] in _HEMISPHERES:
        letter, body = body[-1], body[:-1].strip()
    parts = _parts(body, bool(letter))
    if parts is None:
        return None
    if any(part is not None and Decimal(part) >= 60 for part in parts[1:]):
        return ("reads as degrees and minutes, but minutes and seconds go from 0 to 59: check "
                "the value")
    degrees, decimals = _degrees(*parts)
    limit = 90 if latitude else 180
    if degrees > limit:
        return f"is out of range (-{limit} to {limit})"
    return _what_to_write(_read_as(*parts), degrees, decimals, sign, letter, latitude)


def decimal_comma(text: str, separator: str, thousands: bool = False) -> str | None:
    """What a number written with a comma in a file separated by commas or '|' (the cell
    quoted, where decimals are written with a point) says, and what to write; None for
    another cell or file. `thousands`: the number may have them (an area, not a
    coordinate), so that '1,234' is either 1234 or 1.234 (never a guess) and '1,234,567'
    groups them."""
    value = text.strip()
    grouped = thousands and _GROUPED.match(value) is not None
    if separator not in _SEPARATORS or not (grouped or _COMMA.match(value)):
        return None
    where = f"in a file separated by {_SEPARATORS[separator]}"
    whole, point = value.replace(",", ""), value.replace(",", ".")
    if grouped and value.count(",") > 1:
        return f"groups its thousands with commas: {where}, write {whole}"
    if grouped:
        return (f"may be {whole} or {point}: {where}, write {whole} if the comma groups "
                f"thousands, or {point} if it is a decimal comma")
    return f"has a decimal comma: {where}, write decimals with a point, {point}"


def _parts(body: str, lettered: bool) -> tuple[str, str | None, str | None] | None:
    """Degrees, minutes and seconds as written (a point for the decimal mark); None when
    the text is no coordinate. Only the last part written may have decimals."""
    found = _SIGNS.match(body) or _SPACED.match(body) or (_DEGREES.match(body) if lettered else None)
    if found is None:
        return None
    groups = found.groupdict()
    d, m, s = (groups[key].replace(",", ".") if groups.get(key) else None for key in "dms")
    given = [part for part in (d, m, s) if part]
    if d is None or any("." in part for part in given[:-1]):
        return None  # 7.5°15': decimals before another part
    return d, m, s


def _degrees(d: str, m: str | None, s: str | None) -> tuple[Decimal, int]:
    """The decimal degrees, and the fewest decimals that keep what the cell tells apart:
    a minute (1/60 of a degree) needs two, a second (1/3600) four, and each decimal of
    theirs one more; never the float's fifteen (7.252777... for 7°15'10")."""
    value = Decimal(d) + Decimal(m or 0) / 60 + Decimal(s or 0) / 3600
    last, per_degree = (s, 3600) if s else (m, 60) if m else (d, 1)
    places = len(last.partition(".")[2]) if last else 0
    decimals = places + math.ceil(math.log10(per_degree))
    return value, decimals


def _read_as(d: str, m: str | None, s: str | None) -> str:
    return " ".join(f"{part}{mark}" for part, mark in ((d, "°"), (m, "'"), (s, '"')) if part)


def _what_to_write(read_as: str, degrees: Decimal, decimals: int, sign: str, letter: str,
                   latitude: bool) -> str:
    shown = _decimal(degrees, decimals)
    negative, positive = ("south", "north") if latitude else ("west", "east")
    if letter and (letter in "NS") != latitude:
        return (f"has {letter} ({_HEMISPHERES[letter]}), which gives a "
                f"{'longitude' if latitude else 'latitude'}: are the latitude and longitude "
                "columns swapped?")
    if letter and sign:
        return (f"has both a sign and {letter} ({_HEMISPHERES[letter]}): write decimal "
                f"degrees, -{shown} for {negative} or {shown} for {positive}")
    if not letter and not sign:
        return (f"reads as {read_as}, without {'N or S' if latitude else 'E or W'}: write "
                f"decimal degrees, {shown} if {positive} or -{shown} if {negative}")
    south = letter in "SW" if letter else sign == "-"
    hemisphere = negative if south else positive
    value = f"-{shown}" if south and shown != "0" else shown
    note = f" ({negative} is negative)" if south and letter else ""
    return f"reads as {read_as} {hemisphere}: write decimal degrees, {value}{note}"


def _decimal(value: Decimal, decimals: int) -> str:
    """`value` to `decimals` places, without the zeros that end it (7.50 is 7.5)."""
    text = format(value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
