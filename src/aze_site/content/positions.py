"""Numbers in text that may give a position finer than a whole degree, read as a page
shows them: decimal degrees with two or more decimals, degrees and minutes, or degrees,
minutes and seconds as GPS units, spreadsheets and map links write them; whether each is
written as a position (a degree sign, a hemisphere, a word such as `lat`), and which two
stand together as one position (`21.2987, -100.0601`, `21.2987/-100.0601`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import unquote

_DEGREE = "\u00b0\u00ba\u02da"  # the degree sign; the masculine ordinal and the ring typed for it
_MINUTE = "'\u2032\u2019\u00b4\u02b9"  # apostrophe, prime, closing quote, acute accent, modifier
# A number begins after no digit or dot (1.2.30 and v.21.29 are versions), but for the dot
# of a mark's abbreviation written against it (Lat.21.2987, Long.-100.0601)
_DOTTED = r"(?<=(?<![^\W\d_])(?i:lat|lon|lng)\.)|(?<=(?<![^\W\d_])(?i:long)\.)"
_START = rf"(?:(?<![\d.])|{_DOTTED})"
# 21.2987, -100.06, 21,30 (a decimal comma); not a part of a longer number (1,234.56), a
# version (1.2.30) or a percentage; after a comma only where a letter is before it
# (21.2987°N,100.0601°W)
_DECIMAL = re.compile(_START + r"(?<!\d,)[-\u2212]?(\d{1,3})([.,])(\d{2,})(?![\d.,]*\d)(?!%)")
# 21.3: one decimal, a position only where it is written as one or stands beside another
# number (21.3° N, lat 21.3, 21.3, -100.1): alone it is more often a measure (21.3 km);
# not the minutes or seconds of degrees written out (21°17'16.8")
_TENTH = re.compile(_START + rf"(?<![{_DEGREE}{_MINUTE}])(?<![{_DEGREE}{_MINUTE}] )(?<!\d,)"
                    rf"[-\u2212]?(\d{{1,3}})([.,])(\d)(?![\d.,]*\d)(?!%)(?! ?[{_MINUTE}\u2033\"])")
TENTH = 0.1  # the precision of one decimal
# Two decimals with a comma and no space between, as map links and GeoJSON write a
# position (6.6712,39.6734; -100.0601,21.2987,0): _DECIMAL takes each for part of a
# longer number
_PAIR = re.compile(_START + r"(?<!\d,)([-\u2212]?\d{1,3}\.\d{2,}),([-\u2212]?\d{1,3}\.\d{2,})"
                   r"(?!\d)(?!\.\d)")
# 21°17', 21º 17.9' (an ordinal or a ring for the degree, a prime or an accent for the
# minute), with seconds or not: the minutes say enough
_MINUTES = re.compile(rf"{_START}(\d{{1,3}})\s*[{_DEGREE}]\s*(\d{{1,2}}(?:[.,]\d+)?)\s*[{_MINUTE}]")
# Without the minute's sign: N 21 17.259, N 21° 17.259 (minutes with decimals), 21:17:15,
# -100:03:36, 21-17-15N (seconds); not a clock time in a timestamp (2019-05-03T21:18:00,
# or after a date and a space, 2019-05-03, 2019/5/3, 3/5/2019, 03.05.19 21:18:00, unless a
# degree sign or a hemisphere follows it: 21:18:00 N), though a figure with decimals may
# stand before a position (1.25 21:17:15)
_NOT_AFTER_A_DATE = re.compile("".join(rf"(?<!{date} )" for date in (
    r"\d[-/.]\d\d[-/.]\d\d", r"\d[-/.]\d[-/.]\d\d", r"\d[-/.]\d\d[-/.]\d", r"\d[-/.]\d[-/.]\d",
    r"[-/.]\d[-/.]\d{4}", r"[-/.]\d\d[-/.]\d{4}")))
_SEXAGESIMAL = re.compile(
    rf"(?:(?<![\d.,:\-T])|{_DOTTED})"
    rf"[-\u2212]?(\d{{1,3}})([ :\-]|\s*[{_DEGREE}]\s*)([0-5]\d)"
    r"(?:[.,](\d+)|\2([0-5]\d)(?:[.,](\d+))?)(?![\d.,]?\d)")
_DOI = re.compile(r"10\.\d{4,}/")  # 10.1111/...: a DOI's prefix, not a position
# The figures after 0x, 0o or 0b are a number in another base (0x21.30, 0x7f21:17:15), no
# decimal degrees
_OTHER_BASE = re.compile(r"(?<![^\W_])0(?:[xX][0-9A-Fa-f_]*|[oO][0-7_]*|[bB][01_]*)\Z")

# A temperature's unit after the degree: 21.3 °C is no position
_TEMPERATURE = r"(?:[CFK](?![^\W\d_])|(?i:celsius|fahrenheit|centigrade|kelvin))"
# What makes a number a position: a degree sign, a hemisphere's letter (O for oeste) or
# word after it, the word for degrees too where a hemisphere or `latitude` follows it
# (alone, `21.3 degrees` is as often a temperature or an angle); a hemisphere's letter or
# a word such as `lat` or `GPS` before it
_HEMISPHERE = (r"(?:[NSEWO]|(?i:north|south|east|west|norte|sul|oeste|nord|ouest))"
               r"(?![^\W\d_])")
_DEGREE_WORD = r"(?i:deg|degrees?|grados?|graus?|degr[eé]s?)(?![^\W\d_])"
_DEGREES_OF = (_DEGREE_WORD + r"\s(?:" + _HEMISPHERE +
               r"|(?i:lat|lon|lng|long|latitudes?|longitudes?|latitud|longitud)(?![^\W\d_]))")
_MARK_AFTER = re.compile(rf"\s?(?:[{_DEGREE}]|{_HEMISPHERE}|{_DEGREES_OF})"
                         rf"(?!\s?[{_DEGREE}]?\s?{_TEMPERATURE})")
_MARK_BEFORE = re.compile(r"(?<![^\W\d_])(?:[NSEWO]|(?i:lat|lon|lng|long|latitude|longitude|"
                          r"latitud|longitud|coordinates?|coordenadas|coordonn[eé]es|gps))"
                          r"[\W_]{0,3}\Z")
# What may stand between the two numbers of one position on one line: `21.2987, -100.0601`,
# `21° 17' N, 100° 03' W`, `| 21.2987 | -100.0601 |`, `21.2987/-100.0601`, the word for
# degrees after the first (`21.2987 degrees, -100.0601 degrees`)
_SIGNS = rf" \t,;/|()\[\]{_DEGREE}{_MINUTE}\u2033\"NSEWO"
_BETWEEN = re.compile(rf"(?:\s?{_DEGREE_WORD})?[:{_SIGNS}]{{0,8}}")


@dataclass(frozen=True)
class Number:
    """A number in a text that could be a position finer than a whole degree."""

    start: int
    end: int
    value: float  # in degrees, without its sign: a hemisphere may be written as a letter
    within: float  # one unit of the last figure written: the precision it claims
    marked: bool  # written as a position (see _MARK_AFTER, _MARK_BEFORE)


def numbers(text: str) -> list[Number]:
    """Each number in `text` that could be a position finer than a whole degree, read as
    a page shows it (`21&#46;2987`, `21\\.2987`, `21%C2%B0`), where it is written, in the
    order written. Some are read two ways, overlapping (`Plot 4 21.2987 N`: 4° 21.2987' or
    21.2987): `one_reading` keeps one."""
    plain, where = readable(text)
    found = sorted({n for lo, hi in _windows(plain) for n in _plain_numbers(plain, lo, hi)
                    if not _OTHER_BASE.search(plain, max(0, n.start - 24), n.start)},
                   key=lambda n: (n.start, -n.end, n.value))
    return [Number(where[n.start], where[n.end], n.value, n.within, n.marked) for n in found]


def one_reading(found: list[Number], wanted: list[bool]) -> list[int]:
    """The indexes of `found` (as numbers() gives them) without overlaps: of two readings
    of the same figures, the wanted one, else the first."""
    kept: list[int] = []
    for i, number in enumerate(found):
        if kept and number.start < found[kept[-1]].end:
            if wanted[i] and not wanted[kept[-1]]:
                kept[-1] = i
        else:
            kept.append(i)
    return kept


def partners(text: str, found: list[Number],
             together: Callable[[int, int], bool] | None = None) -> list[int | None]:
    """For each number of `found` (in the order written), the index of the number it
    stands with as one position, if any. Numbers stand together in runs, each beside the
    next with nothing but signs and hemispheres between them on the line, and are paired
    two by two from a run's start; in a run of an odd number, one is left out: the last,
    or the one whose leaving out pairs the most numbers that give the two halves of one
    place (`together(i, j)`): `| 3.2 | 21.2987 | -100.0601 |`, an area before a position."""
    paired: list[int | None] = [None] * len(found)
    beside = [_BETWEEN.fullmatch(text, a.end, b.start) is not None
              for a, b in pairwise(found)]
    start = 0
    while start < len(found):
        end = start  # the run: start to end, each beside the next
        while end < len(beside) and beside[end]:
            end += 1
        run = list(range(start, end + 1))
        if len(run) % 2:
            run = _left_out(run, together)
        for i, j in zip(run[::2], run[1::2], strict=True):
            paired[i], paired[j] = j, i
        start = end + 1
    return paired


def _left_out(run: list[int], together: Callable[[int, int], bool] | None) -> list[int]:
    """An odd run without the number whose leaving out pairs the most halves of one place
    (the last, where none does better)."""
    def kept(out: int) -> list[int]:
        return run[:out] + run[out + 1:]

    def score(out: int) -> int:
        rest = kept(out)
        return sum(together(i, j) for i, j in zip(rest[::2], rest[1::2], strict=True)) \
            if together else 0

    best = max(range(len(run) - 1, -1, -2), key=score)  # the last first: it wins a tie
    return kept(best)


# A Markdown escape of punctuation, an HTML character reference, and an address's
# percent-encoded characters (a map link's 21%C2%B017'55.3%22N): three patterns, each
# with its own first character, which the regular expression engine skips to at once
_ESCAPES = (re.compile(r"\\([!-/:-@\[-`{-~])"),
            re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
            re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*"))


def readable(text: str) -> tuple[str, Sequence[int]]:
    """`text` with its escapes and character references read (what a reader sees), and
    where each of its characters, and its end, are in `text`."""
    found = sorted((m for pattern in _ESCAPES for m in pattern.finditer(text)),
                   key=lambda m: m.start())
    if not found:
        return text, range(len(text) + 1)
    plain: list[str] = []
    where: list[int] = []
    done = 0
    for escape in found:
        start, end = escape.span()
        meant = _meant(escape)
        if start < done or meant == escape.group():  # inside another; or not one
            continue
        plain.append(text[done:start])
        where.extend(range(done, start))
        plain.append(meant)
        where.extend([start] * len(meant))
        done = end
    plain.append(text[done:])
    where.extend(range(done, len(text) + 1))
    return "".join(plain), where


def _meant(found: re.Match[str]) -> str:
    written = found.group()
    if written.startswith("\\"):
        return written[1:]
    if written.startswith("%"):
        meant = unquote(written, errors="replace")
        return written if "\ufffd" in meant else meant
    return html.unescape(written)


# Where a number of the kinds above may be: a digit, then a decimal sign, a degree sign or
# a separator of minutes and another digit. Searching for these first and reading only
# around them is ten times as fast as the patterns over a whole text.
_HINT = re.compile(rf"\d(?:[.,:\-]\d|\s*[{_DEGREE}]|[ \t]+\d)")
_TAIL = re.compile(r"[\d.,\s]*")


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of `text` that hold all its numbers: from a little before each hint (a
    sign and three digits) to past the longest number it may begin, the first character
    after it included (what the patterns' lookaheads read)."""
    lo = hi = tail_end = -1
    for found in _HINT.finditer(text):
        start = max(0, found.start() - 4)
        if start > hi >= 0:
            yield lo, hi
            lo = -1
        if lo < 0:
            lo = start
        at = min(len(text), found.start() + 24)
        if at > tail_end:  # else it ends where the last one did: read once, not at each hint
            tail = _TAIL.match(text, at)  # (a text of figures and spaces: minutes at 600 KB)
            tail_end = tail.end() if tail else len(text)
        hi = max(hi, min(len(text), tail_end + 1))
    if lo >= 0:
        yield lo, hi


def _plain_numbers(text: str, lo: int = 0, hi: int | None = None) -> Iterator[Number]:
    """The numbers of `text` (between `lo` and `hi`: see _windows)."""
    hi = len(text) if hi is None else hi
    for found in _DECIMAL.finditer(text, lo, hi):
        whole, mark, decimals = found.groups()
        if _DOI.match(text, found.start()):
            continue
        number = _decimal(text, found.start(), found.end(), whole, decimals)
        if mark == "," and len(decimals) == 3 and not number.marked and \
                (text[found.start()] not in "-\u2212" or decimals == "000"):
            continue  # 2,000 and -2,000 (thousands), but not lat 7,123, 7,123° S or -7,123
            # (Portuguese and Spanish decimals); 21.00 claims hundredths as 21.30 does
        yield number
    yield from _tenths(text, lo, hi)
    for found in _PAIR.finditer(text, lo, hi):
        for group in (1, 2):
            whole, _, decimals = found.group(group).lstrip("-\u2212").partition(".")
            yield _decimal(text, found.start(group), found.end(group), whole, decimals)
    for found in _MINUTES.finditer(text, lo, hi):
        minutes = float(found.group(2).replace(",", "."))  # 21°00' claims a minute too
        yield _number(text, found.span(), int(found.group(1)) + minutes / 60, 1 / 60, True)
    for found in _SEXAGESIMAL.finditer(text, lo, hi):
        deg, sep, mins, mins_decimals, secs, secs_decimals = found.groups()
        marked = sep.strip(" :-") != ""  # a degree sign
        if secs is None:  # degrees and minutes with decimals
            value = int(deg) + float(f"{mins}.{mins_decimals}") / 60
            within = 10.0 ** -len(mins_decimals) / 60
        else:
            fraction = f".{secs_decimals}" if secs_decimals else ""
            value = int(deg) + int(mins) / 60 + float(secs + fraction) / 3600
            within = 10.0 ** -len(secs_decimals or "") / 3600
        number = _number(text, found.span(), value, within, marked)
        if number.marked or _NOT_AFTER_A_DATE.match(text, found.start()):
            yield number  # after a date, a time unless a degree sign or a hemisphere follows


def _tenths(text: str, lo: int, hi: int) -> Iterator[Number]:
    """The numbers with one decimal written as a position, or beside another number."""
    for found in _TENTH.finditer(text, lo, hi):
        whole, mark, decimal = found.groups()  # 21.0 claims a tenth as 21.3 does
        number = _number(text, found.span(), float(f"{whole}.{decimal}"), TENTH)
        if number.marked or (mark == "." and _beside_another(text, *found.span())):
            yield number


_NUMBER_AFTER = re.compile(rf"(?:\s?{_DEGREE_WORD})?[{_SIGNS}]{{1,8}}[-\u2212]?\d")
_NUMBER_BEFORE = re.compile(rf"\d(?:\s?{_DEGREE_WORD})?[{_SIGNS}]{{1,8}}\Z")


def _beside_another(text: str, start: int, end: int) -> bool:
    """Whether a number stands with another on its line, as the halves of a position do."""
    return _NUMBER_AFTER.match(text, end) is not None or \
        _NUMBER_BEFORE.search(text, max(0, start - 20), start) is not None


def _decimal(text: str, start: int, end: int, whole: str, decimals: str) -> Number:
    # 21.2880 is 21.288 with a zero added: the figures that count say the precision
    figures = max(2, len(decimals.rstrip("0")))
    return _number(text, (start, end), float(f"{whole}.{decimals}"), 10.0 ** -figures)


def _number(text: str, span: tuple[int, int], value: float, within: float,
            marked: bool = False) -> Number:
    start, end = span
    marked = (marked or _MARK_AFTER.match(text, end) is not None
              or _MARK_BEFORE.search(text, max(0, start - 16), start) is not None)
    return Number(start, end, value, within, marked)
