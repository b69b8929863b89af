"""A small declarative validator for located YAML.

A schema is a tree of converters. Each converter turns a raw YAML value into a
checked Python value or reports why it cannot, at the value's line and column, and
returns INVALID so that validation goes on and every problem of a file is reported.
A record or list that fails for some of its values keeps the others (Ctx.kept), so that
the checks made after validation can still check what was read (validate_partly).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aze_site.content.yamlsrc import NOT_YAML, Located, Path
from aze_site.content.yamlsyntax import shorten
from aze_site.errors import Report


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def dotted(where: Path, item: str = "item") -> str:
    """A value's path as CONTENT.md writes it: keys joined by dots, list items by their
    index from 0, e.g. ``species[1].status``, ``location.lat``, ``criteria[0].code``. `item`
    names the items of a file that is itself a list (``partner[3].name``); "" for the
    document."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]" if text else f"{item}[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_PLACEHOLDER = re.compile(r"^(?:TODO|FIXME|TBD)\b")


@dataclass
class Ctx:
    doc: Located
    report: Report
    item: str = "item"  # what the items of a file that is a list are called (see dotted)
    placeholders: bool = True  # warn about placeholder text ("TODO: ..."); not in drafts
    # what could be read of a record or list that failed for some of its values (INVALID
    # for those), by its path: see validate_partly
    kept: dict[Path, Any] = field(default_factory=dict)

    def label(self, where: Path, message: str) -> str:
        prefix = dotted(where, self.item)
        return f"{prefix}: {message}" if prefix else message

    def error(self, where: Path, message: str, *, at_key: bool = False,
              label: Path | None = None) -> Any:
        """Report at the value (or key) at `where`, prefixed with `label` (default `where`)."""
        line, col = self.doc.key_pos(where) if at_key else self.doc.pos(where)
        self.report.error(self.doc.path, line, col,
                          self.label(where if label is None else label, message))
        return INVALID

    def warning(self, where: Path, message: str, *, label: Path | None = None,
                draft: bool = False) -> None:
        line, col = self.doc.pos(where)
        self.report.warning(self.doc.path, line, col,
                            self.label(where if label is None else label, message), draft)


Converter = Callable[[Any, Path, Ctx], Any]


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "'key: value' entries", list: "a list", str: "text", bool: "true/false", int: "a whole number",
        float: "a number", dt.date: "a date", dt.datetime: "a date and time",
    }.get(type(value), type(value).__name__)


def _got(value: Any, where: Path, ctx: Ctx) -> str:
    """What a message says was given: the word or number as written where YAML read it
    otherwise (`species: no`: 'no', not true/false), else the kind of value."""
    shown = written(value, where, ctx)
    return f"'{shorten(shown)}'" if shown is not value else _type_name(value)


def written(value: Any, where: Path, ctx: Ctx) -> Any:
    """`value`, or the text written where YAML read a yes or no word as true or false, or
    read a number where it is not written as one (010 as 8, 1:30 as 90): what every
    converter but `boolean` and the numbers' reads, so that a code is taken as written (`iso3: NO`,
    `language: no`) and a message quotes what the editor typed ('off', not true/false)."""
    return ctx.doc.written.get(where, value) if isinstance(value, bool | int | float) else value


def text(value: Any, where: Path, ctx: Ctx) -> Any:
    value = written(value, where, ctx)  # `iso3: NO`, `title: Yes`: the text as written
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ctx.error(where, f"expected text, got {_type_name(value)}")
    if isinstance(value, int | float | dt.date):
        return str(value)  # e.g. a partner short name that YAML read as a number (as written)
    stripped = str(value).strip()
    if not stripped:
        return ctx.error(where, "must not be empty")
    unseen = NOT_YAML.search(stripped)  # written as an escape ("\x1b"): pages cannot hold it
    if unseen is not None:
        return ctx.error(where, f"a control character (U+{ord(unseen.group()):04X}) in the text, "
                         "which no page can show: delete it (or the escape that writes it)")
    if ctx.placeholders and _PLACEHOLDER.match(stripped):
        ctx.warning(where, f"still a placeholder ('{stripped}'): write the real text")
    return stripped


def boolean(value: Any, where: Path, ctx: Ctx) -> Any:
    if not isinstance(value, bool):
        quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
        return ctx.error(where, f"expected true or false{' without quotes' if quoted else ''}, "
                         f"got {_shown(value)}")
    return value


_BASE_SIXTY = "'{}' is not a number: write it with its digits, without ':'"


# An integer written in octal (010 is 8), hexadecimal or binary, which YAML 1.1 reads so
_OTHER_BASE = re.compile(r"[-+]?0[0-7_]+|[-+]?0[xXoObB][0-9a-fA-F_]+")


def _other_base(written: str | None, value: Any) -> str | None:
    if written is None or not _OTHER_BASE.fullmatch(written):
        return None
    digits = written.replace("_", "")
    if digits.lstrip("+-").isdigit() and int(digits, 10) == value:
        return None  # 07, 00: the same number in any base
    return (f"'{written}' is read as {value}, not as written (YAML reads it in another base): "
            "write the number with its digits alone, without a leading 0")


def integer(value: Any, where: Path, ctx: Ctx) -> Any:
    written = ctx.doc.written.get(where)
    if written is not None and _degrees(written) is not None:  # 19:540, base 60 in YAML 1.1
        return ctx.error(where, _BASE_SIXTY.format(written))
    if (other_base := _other_base(written, value)) is not None:
        return ctx.error(where, other_base)
    if isinstance(value, bool) or not isinstance(value, int):
        return ctx.error(where, f"expected a whole number, got {_shown(written or value)}")
    return value


def _shown(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # "expected a whole number, got 19540.5"
    return repr(shorten(value)) if isinstance(value, str) else _type_name(value)


def _in_full(text: str) -> str:
    """` (1000)` for 1e3: the number written out, when that is short."""
    shown = f"{float(text):f}".rstrip("0").rstrip(".")
    return f" ({shown})" if len(shown) <= 20 else ""


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _degrees(text: str) -> float | None:
    """`6:40:12` (or `-6:40`) as decimal degrees, rounded to 4 places; None if not that."""
    parts = text.strip().lstrip("+-").split(":")
    if len(parts) < 2 or not all(p.replace(".", "", 1).isdigit() for p in parts):
        return None
    total: float = sum(float(p) / 60 ** i for i, p in enumerate(parts))
    return round(-total if text.strip().startswith("-") else total, 4)


def number(
    low: float | None = None, high: float | None = None, *, above: float | None = None,
    why: str = "", degrees: bool = False,
) -> Converter:
    """A number from `low` to `high`, or above `above`; `why`: what the message says after
    'more than HIGH' (", the Earth's surface"); `degrees`: an angle (then `6:40:12` is
    read as degrees, minutes and seconds in the message)."""
    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        written = ctx.doc.written.get(where)
        if written is not None and (sexagesimal := _degrees(written)) is not None:
            if not degrees:  # YAML 1.1 reads 1:30 as 90 (base 60): never what was meant
                return ctx.error(where, _BASE_SIXTY.format(written))
            return ctx.error(where, f"'{written}' reads as degrees, minutes and seconds: write "
                             f"decimal degrees ({sexagesimal:g})")
        if (other_base := _other_base(written, value)) is not None:
            return ctx.error(where, other_base)
        if isinstance(value, str) and written == value and math.isinf(float(value)):
            return ctx.error(where, f"'{value}' is too large a number")
        if isinstance(value, str) and written == value:  # (yamlsrc keeps only such text)
            return ctx.error(where, f"'{value}' is read as text, not a number: write it with "
                             f"its digits{_in_full(value)}, or as a decimal with a signed "
                             "exponent (1.0e+3)")
        if isinstance(value, bool) or not isinstance(value, int | float):
            quoted = isinstance(value, str) and _numeric(value)
            return ctx.error(where, f"expected a number{' without quotes' if quoted else ''}, "
                             f"got {_shown(written or value)}")
        if value != value or value in (float("inf"), float("-inf")):
            return ctx.error(where, "expected a finite number")
        if (low is not None and value < low) or (high is not None and value > high):
            if low is None:
                return ctx.error(where, f"{value:,} is more than {high:,.0f}{why}")
            return ctx.error(where, f"{value} is out of range ({low} to {high})")
        if above is not None and value <= above:
            return ctx.error(where, f"{value} must be greater than {above:g}")
        return float(value)

    return convert


def date(value: Any, where: Path, ctx: Ctx) -> Any:
    value = written(value, where, ctx)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            if (wrong := _no_such_day(value.strip())) is not None:
                return ctx.error(where, f"{_shown(value)} is no date: {wrong}")
    meant = _date_meant(str(value).strip()) if isinstance(value, str | int) else None
    return ctx.error(where, f"expected a date as YYYY-MM-DD, got {_shown(value)}"
                     + (f": {meant}" if meant else ""))


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _no_such_day(text: str) -> str | None:
    """What is wrong with a date written as YYYY-MM-DD that is no day (2018-02-30)."""
    found = _DATE.fullmatch(text)
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        return f"there is no month {month} (months go from 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    return f"{_MONTHS[month - 1]} {year} has days 01 to {days}"


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")  # 13/11/2018, 3.11.2018
_NO_DAY = re.compile(r"(\d{4})-(\d{1,2})")  # 2018-11
_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def _date_meant(text: str) -> str | None:
    """How to write a date given otherwise (day first, without its day, with a time, a
    month in words); None when it is no date that can be told."""
    if (found := _DAY_FIRST.fullmatch(text)) is not None:
        first, second, year = int(found[1]), int(found[2]), found[3]
        options = {f"{year}-{month:02}-{day:02}": (day, month)
                   for day, month in ((first, second), (second, first))
                   if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(int(year), month)[1]}
        if len(options) == 1:
            return f"write {next(iter(options))}"
        if len(options) == 2:
            return "write " + " or ".join(f"{iso} if it is {day} {_MONTHS[month - 1]}"
                                          for iso, (day, month) in options.items())
        return None
    if (found := _WITH_TIME.fullmatch(text)) is not None:
        return f"write the day alone, {found[1]}"
    if (found := _NO_DAY.fullmatch(text)) is not None and 1 <= int(found[2]) <= 12:
        return f"a date has its day too: write {found[1]}-{int(found[2]):02}-DD"
    words = text.replace(",", " ").split()
    month = next((i for i, name in enumerate(_MONTHS, 1) for word in words
                  if len(word) >= 3 and name.lower().startswith(word.lower())), None)
    year = next((word for word in words if len(word) == 4 and word.isdigit()), None)
    day = next((word for word in words if word.isdigit() and 1 <= int(word) <= 31
                and len(word) <= 2), None)
    if month is not None and year is not None:
        return f"write {year}-{month:02}-{int(day):02}" if day else \
            f"a date has its day too: write {year}-{month:02}-DD"
    if text.isdigit() and len(text) == 4:
        return f"a date has its month and day too: write {text}-MM-DD"
    if text.isdigit() and len(text) == 8:  # 20181113
        try:
            return f"write {dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()}"
        except ValueError:
            return None
    return None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # English, whatever the locale


def choice(options: Collection[str], what: str = "value", listed_in: str = "") -> Converter:
    """One of `options`; a long list is not repeated in the message, but named where it is
    (`listed_in`), with its first codes."""
    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        value = written(value, where, ctx)  # `protection: off`: 'off', not false
        if not isinstance(value, str) or value not in options:
            ordered = sorted(options)
            expected = ", ".join(ordered) if len(options) <= 14 or not listed_in else \
                f"a code such as {', '.join(ordered[:4])}"
            same = [o for o in ordered if isinstance(value, str)
                    and o.casefold() == value.strip().casefold()]
            hint = f"did you mean '{same[0]}'?" if same else f"expected {expected}"  # A1E
            known = f"{what} of {listed_in}" if listed_in else what
            return ctx.error(where, f"{_shown(value)} is not a known {known} ({hint})")
        return value

    return convert


_URL = re.compile(r"^((?i:https?)://[^\s<>\"']+|/(?!/)[^\s<>\"']*)\Z")
_WEB = re.compile(r"(?i:https?)://")  # what starts an address of another site


def url(value: Any, where: Path, ctx: Ctx) -> Any:
    value = written(value, where, ctx)
    if isinstance(value, str) and value.strip().startswith("//"):  # another site, unchecked
        return ctx.error(where, f"{_shown(value)} leads to another site: write it in full, "
                         "starting with https://")
    if not isinstance(value, str) or not _URL.match(value.strip()):
        return ctx.error(where, unwritable(value) or "expected an http(s) URL or a path "
                         f"starting with '/', got {_shown(value)}")
    return web_address(value.strip(), where, ctx)


def is_web_address(text: str) -> bool:
    """Whether `text` is written as an address of a website (`https://`, `HTTP://`)."""
    return _WEB.match(text) is not None


def web_address(text: str, where: Path, ctx: Ctx) -> Any:
    """An address as pages write it (address_of), refused when its host or port cannot be
    (host_problem); a path of this site (`/about/`) as it is."""
    if not is_web_address(text):
        return text
    problem = host_problem(text)
    return ctx.error(where, problem) if problem else address_of(text)


_UNWRITABLE = re.compile(r"[\s<>\"']")


def unwritable(value: Any) -> str | None:
    """What is wrong with an address that would be one but for a space, a quote or an
    angle bracket in it ('/about us/'), which no link can hold; None for any other."""
    if not isinstance(value, str) or not _URL.match(_UNWRITABLE.sub("", value.strip())):
        return None
    return (f"{_shown(value.strip())} has a space, a quote or an angle bracket in it, which "
            "no address can hold: remove it (or write a space as %20)")


# An absolute http(s) URL that is written into pages, feeds and robots.txt as it is: no
# spaces, quotes, angle brackets or backslashes, which would end an attribute or a line
ABSOLUTE_URL = re.compile(r"(?i:https?)://[^\s/<>\"'`\\]+(/[^\s<>\"'`\\]*)?")


def absolute_url(value: Any, where: Path, ctx: Ctx) -> Any:
    value = written(value, where, ctx)
    if not isinstance(value, str) or not ABSOLUTE_URL.fullmatch(value.strip()):
        why = " (with no spaces, quotes or angle brackets)" if isinstance(value, str) and \
            re.match(r"^(?i:https?)://[^\s/]+", value.strip()) else ""
        meant = _with_scheme(value)
        fix = f": write {meant}" if meant else ""
        return ctx.error(where, f"expected an absolute http(s) URL{why}, got {_shown(value)}{fix}")
    return web_address(value.strip(), where, ctx)


def _with_scheme(value: Any) -> str | None:
    """A URL written without its scheme (zeroextinction.org/, //zeroextinction.org/) as it
    was meant, https:// before it; None when that is no address either."""
    if not isinstance(value, str) or "://" in value:
        return None
    text = value.strip()
    if text.startswith("/") and not text.startswith("//"):
        return None  # a path
    meant = "https://" + text.removeprefix("//")
    host = meant.removeprefix("https://").split("/")[0]
    return meant if ABSOLUTE_URL.fullmatch(meant) and "." in host else None


def site_address_problem(url: str) -> str | None:
    """What keeps an absolute URL from being a site's address, which every page's links,
    the sitemap and the feeds are written under: a query, a fragment, an empty folder, a
    login, a host or port that cannot be, a folder `..` or `.`, a `%` that starts no escape."""
    cut = min((at for at in (url.find("?"), url.find("#")) if at >= 0), default=-1)
    if cut >= 0:
        kind = "query" if url[cut] == "?" else "fragment"
        return (f"a site's address has no {kind} ('{url[cut:]}'): every address of the site "
                f"would be written after it; write it up to its path, e.g. '{url[:cut]}'")
    if "//" in url.split("://", 1)[-1]:
        return f"'{url}' has an empty folder ('//') in its path: write it with single slashes"
    scheme, _, rest = url.partition("://")
    login, at, host = rest.partition("/")[0].rpartition("@")
    if at:  # https://user:password@host/: published in every page, the sitemap and the feed
        return (f"a site's address has no user name or password ('{login}@'): it would be "
                f"published in every page; write it without, e.g. "
                f"'{scheme}://{host}{rest[len(login) + 1 + len(host):]}'")
    return _host_problem(url, host) or _path_problem(url, rest.partition("/")[2])


_IPV6 = "an IPv6 address is written whole in brackets, e.g. http://[2001:db8::1]:8000/"


def _host_problem(url: str, host: str) -> str | None:
    """A host no browser reads (none, an IPv6 address outside its brackets: `[::1`) or a
    port no server can listen on (`:99999`, `:80a`): no page of the site would open."""
    bracketed = re.fullmatch(r"(\[[^\]]*\])(?::(.*))?", host)
    if "[" in host or "]" in host:
        try:
            urlsplit(url)  # what is between the brackets is an IPv6 address
        except ValueError:
            bracketed = None
        if bracketed is None:
            return f"'{url}' has a host that cannot be ('{host}'): {_IPV6}"
    name, colon, port = (bracketed[1], ":" * (bracketed[2] is not None), bracketed[2] or "") \
        if bracketed else host.partition(":")
    if not name:
        return (f"'{url}' has no host name: write the website's name after the '//', e.g. "
                "https://zeroextinction.org/")
    if colon and not port:  # `https://x.org:/`: a browser takes the usual port, others fail
        return (f"'{url}' has a ':' with no port after it: remove the ':' for the usual port, "
                "or write the port after it, a number from 1 to 65535")
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return (f"'{url}' has a port that cannot be ('{port}'): a port is a number from 1 to "
                "65535; write the address without it for the usual one")
    return None


def _path_problem(url: str, path: str) -> str | None:
    """A folder `..` or `.` (browsers take it out, so every link would point elsewhere) or a
    `%` that starts no escape (`%zz`: browsers and servers read it differently)."""
    dots = [part for part in path.split("/")  # %2e is a dot to browsers too
            if part.lower().replace("%2e", ".") in (".", "..")]
    if dots:
        return (f"'{url}' has a folder '{dots[0]}' in its path, which browsers take out: "
                f"write the address of the folder it leads to")
    if bad := re.search(r"%(?![0-9A-Fa-f]{2})", path):
        return (f"'{url}' has a '%' that starts no escape ('{path[bad.start():bad.start() + 3]}')"
                f": write %25 for a percent sign")
    return None


def host_problem(url: str) -> str | None:
    """What keeps an absolute http(s) URL's host and port from being read (_host_problem):
    no page there would open."""
    return _host_problem(url, _authority(url.partition("://")[2]).rpartition("@")[2])


def _authority(rest: str) -> str:
    """What follows `://` up to the path, query or fragment: a `\\` starts the path too, to
    browsers (`https://Partner.ORG\\Aze` is https://partner.org/Aze)."""
    return re.split(r"[/?#\\]", rest, maxsplit=1)[0]


def address_of(url: str) -> str:
    """An absolute URL as pages write it: its scheme and host in small letters
    (`HTTPS://X.ORG/` is `https://x.org/` to every browser), the rest as written (a user
    name, the path, query and fragment)."""
    scheme, _, rest = url.partition("://")
    authority = _authority(rest)
    login, at, host = authority.rpartition("@")
    return f"{scheme.lower()}://{login}{at}{host.lower()}{rest[len(authority):]}"


def site_address(value: Any, where: Path, ctx: Ctx) -> Any:
    """base_url: an absolute URL that is a site's address (site_address_problem)."""
    got = absolute_url(value, where, ctx)
    if not isinstance(got, str):
        return got
    problem = site_address_problem(got)
    return ctx.error(where, problem) if problem else got


def repeats(keys: Iterable[Hashable]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) of each key met before; a key that could not
    be read (INVALID, of validate_partly) is no repeat of another."""
    first: dict[Hashable, int] = {}
    return [(i, j) for i, key in enumerate(keys)
            if key is not INVALID and (j := first.setdefault(key, i)) != i]


LIST_FIX = ("write each item on a line of its own starting with '- ' (a dash and a space), or "
            "all of them in brackets: [first, second]")


def list_of(item: Converter, *, needed: str = "", unique: bool = False) -> Converter:
    """`needed`: what the items are called (a language), when the list must have one;
    `unique`: an item given twice is an error at the repeat (a code pasted twice would
    be published twice)."""

    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if not isinstance(value, list):
            return ctx.error(where, f"expected a list, got {_got(value, where, ctx)}: {LIST_FIX}")
        if needed and not value:
            return ctx.error(where, f"lists no {needed}: give at least one")
        items = [item(v, (*where, i), ctx) for i, v in enumerate(value)]
        repeats = [i for i, v in enumerate(items) if unique and v is not INVALID
                   and v in items[:i]]  # among the items that could be read, too
        for i in repeats:
            ctx.error((*where, i), f"{_shown(items[i])} is listed twice: delete one of the two")
        if repeats:
            return INVALID
        if any(v is INVALID for v in items):
            ctx.kept[where] = items
            return INVALID
        return items

    return convert


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False
    default: Any = None
    what: str = ""  # what its value is, for the message when it is missing ("the site's name")


def missing(name: str, what: str = "") -> str:
    """The message for a required key not given: what to add."""
    return f"'{name}' is missing: add '{name}: ...'" + (f" with {what}" if what else "")


def record(fields: Mapping[str, Field], elsewhere: Mapping[str, str] | None = None) -> Converter:
    """A mapping with known keys: unknown keys and missing required keys are errors.
    `elsewhere`: keys that belong in another place (footer: facebook), with where that is
    (what their line says instead of a close key)."""

    def convert(value: Any, where: Path, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            if not where:
                return ctx.error(where, f"expected 'key: value' lines, got "
                                 f"{_got(value, where, ctx)}")
            return ctx.error(where, "expected 'key: value' entries, indented below it or as "
                             f"{{key: value, ...}}, got {_got(value, where, ctx)}")
        out: dict[str, Any] = {}
        failed = False
        misspelt: set[str] = set()  # keys a typo stands for: its line says so, once
        for key, hint in _unknown_keys(value, fields, misspelt, elsewhere or {}).items():
            ctx.error((*where, key), f"unknown key '{key}'{hint}", at_key=True, label=where)
            failed = True
        for name, spec in fields.items():
            if name not in value or (value[name] is None and spec.required):
                if spec.required and name not in misspelt:
                    if where not in ctx.doc.refused_keys:  # else said at the key refused
                        ctx.error((*where, name), missing(name, spec.what), label=where)
                    failed = True
                out[name] = spec.default
                continue
            if value[name] is None:
                out[name] = spec.default
                continue
            out[name] = spec.convert(value[name], (*where, name), ctx)
            failed = failed or out[name] is INVALID
        if failed:  # a value missing that is required, or that a misspelt key stands for,
            # is not known either (not its default)
            ctx.kept[where] = {
                name: INVALID if value.get(name) is None and (spec.required or name in misspelt)
                else out[name] for name, spec in fields.items()}
            return INVALID
        return out

    return convert


def _unknown_keys(value: dict[Any, Any], fields: Mapping[str, Field], misspelt: set[str],
                  elsewhere: Mapping[str, str]) -> dict[Any, str]:
    """Each unknown key and what its line adds: the key it is close to, or, in a mapping of
    required keys alone (a menu entry), the required keys missing beside it, which it
    stands for (`{title: Sites, link: /sites/}`: 'link' for 'url'; `- Sites: /sites/`). The
    keys it stands for go to `misspelt`, so that they are not said missing on lines of
    their own: one mistake, one line. (In a longer mapping, a front matter, an unknown key
    and a missing one are as often two mistakes.) A key of `elsewhere`, in any case, is told
    where it goes."""
    hints: dict[Any, str] = {}
    for key in value:
        if key not in fields and _plain(str(key)) in elsewhere:  # Facebook: as it is written
            hints[key] = f": {elsewhere[_plain(str(key))]}"
        elif key not in fields:
            close = _closest(key, fields)
            english = " Keys stay in English" if close and _plain(str(key)) in _TRANSLATED else ""
            hints[key] = f" (did you mean '{close}'?{english})" if close else ""
            if close:
                misspelt.add(close)
    missing = [name for name, spec in fields.items() if spec.required and name not in misspelt
               and value.get(name) is None]
    plain = [key for key, hint in hints.items() if not hint]
    if plain and missing and all(spec.required for spec in fields.values()) and \
            len(value) <= len(fields):
        hints[plain[0]] = f" (did you mean '{missing[0]}'?)" if len(plain) == len(missing) == 1 \
            else f" ({_names(missing)} {'is' if len(missing) == 1 else 'are'} required here)"
        misspelt.update(missing)
    for key, hint in hints.items():  # no key is close: the keys there are, since a field
        if not hint:  # aze-site does not have (author:) is more often meant than misspelt
            hints[key] = f" (the keys allowed here: {', '.join(sorted(fields))})"
    return hints


def _names(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


# a site has a name, a page a title; `datum:` is written for the data block
_SYNONYMS = {"title": "name", "name": "title", "datum": "data"}


# Field names as translators write them in a translation (Spanish, French, Portuguese),
# accents left out: keys stay in English whatever the language of the file
_TRANSLATED = {
    "titulo": "title", "titre": "title", "nombre": "name", "nom": "name", "nome": "name",
    "descripcion": "description", "descricao": "description", "especies": "species",
    "especes": "species", "ubicacion": "location", "localizacion": "location",
    "localisation": "location", "emplacement": "location", "localizacao": "location",
    "borrador": "draft", "brouillon": "draft", "rascunho": "draft", "estado": "status",
    "statut": "status", "grupo": "group", "groupe": "group", "criterios": "criteria",
    "criteres": "criteria", "proteccion": "protection", "protecao": "protection",
    "foto": "photo", "leyenda": "caption", "legende": "caption", "legenda": "caption",
    "credito": "credit", "licencia": "license", "licenca": "license",
    "nombre_comun": "common_name", "nom_commun": "common_name", "nome_comum": "common_name",
    "pais": "iso3", "pays": "iso3", "resumen": "description", "resume": "description",
    "resumo": "description", "actualizado": "updated", "atualizado": "updated",
    "datos": "data", "dados": "data", "donnees": "data",
}


def _plain(key: str) -> str:
    """A key in lower case, without its accents (Título: titulo)."""
    return "".join(c for c in unicodedata.normalize("NFD", key.casefold())
                   if not unicodedata.combining(c))


def _closest(key: str, fields: Mapping[str, Field]) -> str | None:
    import difflib

    if _SYNONYMS.get(key) in fields:
        return _SYNONYMS[key]
    plain = _plain(key)
    meant = _TRANSLATED.get(plain, plain)  # título, Crédit
    meant = meant if meant in fields else _SYNONYMS.get(meant, meant)  # nombre: a page's title
    if meant in fields and meant != key:
        return meant
    found = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
    if found:
        return found[0]
    cut = [name for name in fields if len(key) >= 3 and name.startswith(key)]  # lang, desc
    if cut:
        return min(cut, key=len)
    longer = [name for name in fields if len(name) >= 3 and key.startswith(name)]  # latitude
    return max(longer, key=len) if longer else None


def validate(doc: Located, schema: Converter, report: Report, *, item: str = "item",
             placeholders: bool = True) -> Any:
    return schema(doc.data, (), Ctx(doc, report, item, placeholders))


def validate_partly(doc: Located, schema: Converter, report: Report, *, item: str = "item",
                    placeholders: bool = True) -> tuple[Any, bool]:
    """What `validate` gives, and whether it is complete: where it is not, the records and
    lists that failed for some of their values, with INVALID for those (for a key that was
    misspelt, or a required one missing, too), so that the checks made after validation
    can still check the rest, and say nothing of what depends on a value not read
    (see readable). INVALID when not even that could be read."""
    ctx = Ctx(doc, report, item, placeholders)
    value = schema(doc.data, (), ctx)
    return _salvage(value, (), ctx), value is not INVALID


def _salvage(value: Any, where: Path, ctx: Ctx) -> Any:
    if value is not INVALID or where not in ctx.kept:
        return value
    kept = ctx.kept[where]
    if isinstance(kept, dict):
        return {key: _salvage(v, (*where, key), ctx) for key, v in kept.items()}
    return [_salvage(v, (*where, i), ctx) for i, v in enumerate(kept)]


def readable(*values: Any) -> bool:
    """Whether each of `values` was read in full (of validate_partly: no INVALID in it)."""
    for value in values:
        if value is INVALID:
            return False
        if isinstance(value, dict) and not readable(*value.values()):
            return False
        if isinstance(value, list) and not readable(*value):
            return False
    return True
