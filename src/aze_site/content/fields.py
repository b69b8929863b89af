"""Converters of the fields of content files: each checks one value and says, at its line,
what is wrong with it and how to fix it."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from aze_site.content import schema as s
from aze_site.content.coordinates import other_form
from aze_site.content.countries import country_code, country_name, two_letter_hint
from aze_site.content.yamlsrc import Located
from aze_site.content.yamlsrc import Path as YPath
from aze_site.model import AZE_TRIGGER_STATUSES, GROUPS, RED_LIST, MapConfig
from aze_site.slugs import slugify

_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")


def language(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    value = s.written(value, where, ctx)  # `language: no` is Norwegian, not false
    if not isinstance(value, str) or not _TAG.match(value):
        lower = value.lower() if isinstance(value, str) else ""
        meant = lower if _TAG.match(lower) and known_language(lower) else \
            _language_names().get(" ".join(lower.split()))
        hint = f" (did you mean '{meant}'?)" if meant else ""
        return ctx.error(where, f"expected a language tag such as 'en' or 'pt-BR', got "
                         f"{value!r}{hint}")
    short, written = language_code(value), value.split("-")[0]
    if short is None:
        return ctx.error(where, f"'{value}' is not a language aze-site can publish in (it has "
                         "no dates, numbers or names for it): use a language tag such as 'es', "
                         "'fr' or 'pt-BR'")
    if len(written) == 3 and len(short) == 2:  # `ger`, known as `de`
        return ctx.error(where, f"'{value}' is written '{short}' in a language tag (the "
                         f"two-letter code): use '{short}'")
    return value


@cache
def _language_names() -> dict[str, str]:
    """Languages' names in English and in themselves ('english', 'español') to their
    two-letter tags: `languages: [English]` is told 'en'."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        if len(code) != 2:
            continue
        names.setdefault(name.casefold(), code)
        try:
            own = Locale(code).get_language_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if own:
            names.setdefault(own.casefold(), code)
    return names


def known_language(tag: str) -> bool:
    """Whether Babel has the locale data a page in this language needs."""
    return language_code(tag) is not None


def language_code(tag: str) -> str | None:
    """The language part of a tag as Babel reads it ('ger' is 'de'), None if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag.replace("-", "_")).language)
    except (UnknownLocaleError, ValueError):
        return None


def draft(doc: Located) -> bool:
    """Whether a front matter says `draft: true` (read before it is validated)."""
    return isinstance(doc.data, dict) and doc.data.get("draft") is True


EXAMPLE_DOMAINS = ("example.org", "example.net", "example.com")
EXAMPLE_TLDS = ("test", "invalid", "example", "localhost")


def reserved_domain(url: str) -> str | None:
    """The reserved name (RFC 2606, RFC 6761) an address uses, e.g. 'example.org' or '.test',
    or None for an address that can be real; loopback addresses count as reserved."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    for domain in EXAMPLE_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return domain
    tld = host.rsplit(".", 1)[-1]
    if tld in EXAMPLE_TLDS:
        return tld if tld == "localhost" else "." + tld
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None


def real(convert: s.Converter, fix: str) -> s.Converter:
    """`convert`, and a warning when the address is a reserved example one, which leads
    nowhere once published."""

    def check(value: Any, where: YPath, ctx: s.Ctx) -> Any:
        got = convert(value, where, ctx)
        domain = reserved_domain(got) if isinstance(got, str) and "://" in got else None
        if domain:
            ctx.warning(where, f"'{got}' is a reserved example address ({domain}), not a real "
                        f"one: {fix}")
        return got

    return check


def form_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """An http(s) URL, or the path of a page of this site (checked by Loader.check_forms)."""
    value = s.written(value, where, ctx)
    if isinstance(value, str) and re.match(r"^/(?!/)[^\s<>\"']*$", value.strip()):
        return value.strip()
    if isinstance(value, str) and re.match(r"^(?i:https?)://[^\s/<>\"']+[^\s<>\"']*$",
                                           value.strip()):
        return s.web_address(value.strip(), where, ctx)
    shown = repr(value) if isinstance(value, str) else str(value)
    return ctx.error(where, s.unwritable(value) or "expected an http(s) URL or the path of a "
                     f"page of this site (starting with '/'), got {shown}")


_BRACED = re.compile(r"\{[^{}]*\}")


def update_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """A form's address, its `{slug}` filled with each site's: a placeholder misspelt
    (`{slg}`) would be published as it is, in every site's link."""
    got = form_url(value, where, ctx)
    unknown = [p for p in _BRACED.findall(got) if p != "{slug}"] if got is not s.INVALID else []
    if unknown:  # misspelt, or another beside {slug} (`&lang={lang}`): no second {slug}
        fix = "take it out, '{slug}' is the one allowed here" if "{slug}" in got else \
            "write '{slug}', the one allowed here"
        return ctx.error(where, f"'{unknown[0]}' is not a placeholder aze-site fills in: {fix} "
                         "(each site's link has it replaced by the site's name in its address, "
                         "e.g. chapada-do-araripe)")
    if got is not s.INVALID and "{slug}" not in got and not got.startswith("/"):
        ctx.warning(where, "has no '{slug}' placeholder: every site's link will be the same")
    return got


def tile_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.absolute_url(value, where, ctx)
    if got is not s.INVALID and not all(p in got for p in ("{z}", "{x}", "{y}")):
        return ctx.error(where, f"'{got}' is not a tile URL template: it needs {{z}}, {{x}} and {{y}}, "
                         "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    return got


def max_zoom(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.integer(value, where, ctx)
    if got is not s.INVALID and not 1 <= got <= 22:
        return ctx.error(where, f"{got} is not a zoom level from 1 to 22")
    return got


def map_config(data: dict[str, Any]) -> MapConfig:
    """site.yaml's `map:`: no tiles unless a tile server is named (with its attribution)."""
    tiles = data.get("tiles")
    return MapConfig(
        tiles=tiles, attribution=data.get("attribution") or "",
        attribution_url=data.get("attribution_url"),
        max_zoom=data.get("max_zoom") or (19 if tiles else MapConfig().max_zoom),
    )


def focal_point(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """[x, y]: the point to keep when a photo is cropped, each a fraction from 0 to 1 (of
    the width from the left, of the height from the top): one error for the whole."""
    if isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
            for v in value):
        return (value[0], value[1])
    shown = f"[{', '.join(str(s.written(v, (*where, i), ctx)) for i, v in enumerate(value))}]" \
        if isinstance(value, list) else repr(s.written(value, where, ctx))
    return ctx.error(where, f"focal_point: {shown} is not a point: write [x, y], two numbers from "
                     "0 to 1 (0.5 is the middle), e.g. focal_point: [0.45, 0.62]",
                     label=where[:-1])


def code(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.text(value, where, ctx)
    if got is not s.INVALID and not re.match(r"^[A-Z][A-Za-z0-9]*$", got):
        return ctx.error(where, f"'{got}' is not a criterion code such as A1e or B2")
    return got


def positive_int(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.integer(value, where, ctx)
    if got is not s.INVALID and got <= 0:
        return ctx.error(where, f"{got} must be a positive whole number")
    return got


def scientific_name(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """The name in one Unicode form (NFC) and with single spaces: 'é' typed as one
    character or as 'e' and its accent, or two spaces typed between genus and species,
    is one name, with one page, whichever way each site's file holds it."""
    got = s.text(value, where, ctx)
    if got is s.INVALID:
        return got
    if not slugify(got):
        return ctx.error(where, f"'{got}' is not a scientific name such as 'Genus species'")
    return species_name(got)


def species_name(text: str) -> str:
    """A scientific name as one species is known by (scientific_name)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# the Red List's "possibly extinct" tag, which only CR takes: not a category of its own
RED_LIST_TAG = re.compile(r" ?\( ?(?:PEW?|POSSIBLY EXTINCT(?: IN THE WILD)?) ?\)$")


def red_list_code(text: str) -> str:
    """The Red List code a status written in words gives (a spreadsheet's Status cell, a
    site's `status:`; 'Critically Endangered (Possibly Extinct)' is CR), or the text in
    capitals where it names none."""
    written = " ".join(text.upper().split())
    names = {value.upper(): key for key, value in RED_LIST.items()}
    untagged = RED_LIST_TAG.sub("", written)
    code = names.get(untagged, untagged)
    if untagged != written and code != "CR":
        return written  # EN (PE): a tag only CR takes, so no category
    return code


def trigger_status(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    value = s.written(value, where, ctx)  # `status: no`: 'no', not false
    if isinstance(value, str) and value in AZE_TRIGGER_STATUSES:
        return value
    if isinstance(value, str) and value in RED_LIST:
        return ctx.error(where, f"'{value}' ({RED_LIST[value]}) does not qualify a species as an "
                         "AZE trigger (expected CR, EN or EW)")
    shown = repr(value) if isinstance(value, str) else str(value)
    meant = red_list_code(value) if isinstance(value, str) else ""  # en, Endangered, CR (PE)
    if meant in RED_LIST and meant not in AZE_TRIGGER_STATUSES:
        return ctx.error(where, f"{shown} ({meant}) does not qualify a species as an AZE trigger "
                         "(expected CR, EN or EW)")
    hint = f"did you mean '{meant}'?" if meant in AZE_TRIGGER_STATUSES else "expected CR, EN or EW"
    return ctx.error(where, f"{shown} is not an IUCN Red List category for an AZE trigger "
                     f"({hint})")


def _named_country(text: str) -> str:
    """" (India's code is IND: write it)" where `text` names a country, else ""."""
    code = country_code(text.strip()) if len(text.strip()) > 3 else None
    return f" ({country_name(code)}'s code is {code}: write it)" if code else ""


def iso3(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    value = s.written(value, where, ctx)  # `iso3: NO` is Norway's 2-letter code, not false
    if isinstance(value, str) and country_name(value):
        return value
    hint = ""
    parts = [part.strip() for part in re.split(r"[,;/]", value) if part.strip()] \
        if isinstance(value, str) else []
    if len(parts) == 1:  # IND BTN
        parts = parts[0].split()
    if isinstance(value, str) and country_name(value.upper()):
        hint = f" (did you mean '{value.upper()}'?)"
    elif len(parts) > 1 and all(country_code(part) for part in parts):
        listed = ", ".join(str(country_code(part)) for part in parts)
        hint = f": several countries are written as a list, iso3: [{listed}]"
    elif isinstance(value, str):
        hint = two_letter_hint(value) or _named_country(value)
    shown = repr(value) if isinstance(value, str) else str(value)
    return ctx.error(where, f"{shown} is not an ISO 3166-1 alpha-3 country code{hint}")


def iso3_list(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    if isinstance(value, list):
        return s.list_of(iso3, needed="country code", unique=True)(value, where, ctx)
    got = iso3(value, where, ctx)
    return got if got is s.INVALID else [got]


_SEGMENT = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*\Z")
SEGMENT_LENGTH = 200  # a file system's names hold 255 bytes; a redirect's folder is one


def alias_path(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """An old address of a page: a path of this website, as '/a/b/' or '/a/b.html'."""
    value = s.written(value, where, ctx)
    if not isinstance(value, str) or not value.strip().startswith("/"):
        return ctx.error(where, "expected an old address of this page: a path starting with "
                         f"'/', such as '/sites/old-name/', got {value!r}")
    path = value.strip()
    parts = path.strip("/").split("/")
    if path == "/" or "//" in path or not all(_SEGMENT.match(part) for part in parts):
        return ctx.error(where, f"'{path}' cannot be an address here: use letters, digits, "
                         "'-', '_' and '.' between the slashes (no '?', '#', spaces or '..')")
    if max(map(len, parts)) > SEGMENT_LENGTH:
        return ctx.error(where, f"'{path[:40]}...' cannot be an address here: a part between "
                         f"slashes is longer than {SEGMENT_LENGTH} characters, more than a "
                         "folder's name may be")
    if not path.endswith("/") and "." not in parts[-1]:
        path += "/"  # a folder, as the page's own address is
    return path


def iucn_id(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """The numbers of a species' address on the IUCN Red List website: its taxon id, or
    taxon/assessment as in https://www.iucnredlist.org/species/22728534/130806787."""
    value = s.written(value, where, ctx)
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) \
        else ""
    if not re.fullmatch(r"[1-9]\d*(/[1-9]\d*)?", text):
        return ctx.error(where, "expected the numbers of the species' address on the IUCN Red "
                         "List website, such as 22728534 or 22728534/130806787, got "
                         f"{value!r}")
    return text


def contact_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """How to reach the organisation: a mailto: address, a web address or a page here."""
    value = s.written(value, where, ctx)
    if isinstance(value, str) and re.fullmatch(r"mailto:[^\s@<>\"']+@[^\s@<>\"']+\.[^\s@<>\"']+",
                                              value.strip()):
        return value.strip()
    if isinstance(value, str) and value.strip().lower().startswith("mailto:"):
        return ctx.error(where, f"{value.strip()!r} is not an e-mail address such as "
                         "'mailto:name@example.org' (with no spaces, quotes or angle brackets)")
    if isinstance(value, str) and "@" in value and "/" not in value:
        return ctx.error(where, f"write an e-mail address as 'mailto:{value.strip()}'")
    return s.url(value, where, ctx)


# A taxonomic group as scientists and spreadsheets name it: its class or order
# (Amphibia, Aves), a common name (frogs), the singular
_GROUP_WORDS = {
    "amphibians": "amphibia amphibian frog frogs toad toads salamander salamanders newt newts "
                  "caecilians anura caudata gymnophiona",
    "birds": "aves bird",
    "mammals": "mammalia mammal",
    "reptiles": "reptilia reptile squamata testudines crocodylia lizard lizards snake snakes "
                "turtle turtles tortoises",
    "fishes": "actinopterygii chondrichthyes sarcopterygii elasmobranchii cephalaspidomorphi "
              "myxini fish",
    "corals": "anthozoa coral",
    "crustaceans": "crustacea crustacean malacostraca branchiopoda maxillopoda ostracoda decapoda "
                   "crab crabs crayfish shrimp shrimps",
    "insects": "insecta insect odonata lepidoptera coleoptera orthoptera hymenoptera",
    "molluscs": "mollusca mollusc mollusk mollusks gastropoda bivalvia cephalopoda snail snails",
    "other-invertebrates": "invertebrates invertebrate arachnida clitellata chilopoda diplopoda "
                           "onychophora annelida",
    "plants": "plantae plant magnoliopsida liliopsida pinopsida polypodiopsida cycadopsida "
              "gnetopsida lycopodiopsida bryopsida tracheophyta",
    "fungi": "fungus agaricomycetes lecanoromycetes",
}
GROUP_MAP: dict[str, str] = {}
for _group, _words in _GROUP_WORDS.items():
    GROUP_MAP.update({word: _group for word in _words.split()})
    GROUP_MAP.update({_group: _group, GROUPS[_group].lower(): _group})
_GROUP = s.choice(GROUPS, "taxonomic group")  # made once: every species of every site


def map_group(text: str) -> str | None:
    """The group of GROUPS that a class, order or common name stands for; None: none."""
    key = " ".join(text.lower().replace("_", " ").split())
    return GROUP_MAP.get(key) or GROUP_MAP.get(key.replace(" ", "-"))


def taxonomic_group(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """One of GROUPS; a class or a common name (Mammalia, mammal, frogs) is told the one
    it stands for."""
    meant = map_group(value) if isinstance(value, str) and value not in GROUPS else None
    if meant is not None:
        return ctx.error(where, f"'{value}' is not a known taxonomic group (did you mean "
                         f"'{meant}'?)")
    return _GROUP(value, where, ctx)


def degrees(latitude: bool) -> s.Converter:
    """A latitude or a longitude in decimal degrees; written otherwise (26.72N, 7°15'S), the
    decimal degrees to write."""
    limit = 90 if latitude else 180
    plain = s.number(-limit, limit, degrees=True)

    def convert(value: Any, where: YPath, ctx: s.Ctx) -> Any:
        said = other_form(value, latitude, "") if isinstance(value, str) else None
        if said is not None:
            return ctx.error(where, f"'{value.strip()}' {said}")
        return plain(value, where, ctx)

    return convert


def position(record: s.Converter) -> s.Converter:
    """A site's `location`, {lat, lon}: written as a pair (`26.72, 90.95`, a list), it is
    told how to write it."""

    def convert(value: Any, where: YPath, ctx: s.Ctx) -> Any:
        pair = _pair(value)
        if pair is not None:
            lat, lon, certain = pair
            return ctx.error(where, "a position is written with the names of its halves: "
                             f"location: {{lat: {lat:g}, lon: {lon:g}}}"
                             + ("" if certain else " if the latitude comes first"))
        return record(value, where, ctx)

    return convert


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _pair(value: Any) -> tuple[float, float, bool] | None:
    """Two numbers written as a position's halves without their names: the latitude, the
    longitude, and whether that order is certain (one of them is beyond ±90)."""
    parts = value if isinstance(value, list) else re.split(r"[\s,;]+", value.strip()) \
        if isinstance(value, str) else []
    numbers = [_number(part) for part in parts if part != ""]
    if len(numbers) != 2 or None in numbers:
        return None
    first, second = (float(n) for n in numbers if n is not None)
    if abs(first) > 180 or abs(second) > 180 or (abs(first) > 90 and abs(second) > 90):
        return None
    if abs(first) > 90:
        return second, first, True
    return first, second, abs(second) > 90
