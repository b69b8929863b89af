"""Country names derived from ISO 3166-1 alpha-3 codes (pycountry's maintained list).

The list is read from pycountry's own database file rather than through `import
pycountry`: importing the package looks its version up in the installed metadata, which
costs 50 ms at the start of every build (an edit's build among them). Where the file is
not where pycountry keeps it, pycountry's API answers.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

from aze_site.slugs import slugify


@cache
def _countries() -> dict[str, dict[str, str]]:
    """Each ISO 3166-1 entry by its alpha-3 code."""
    spec = importlib.util.find_spec("pycountry")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            data = json.loads(Path(folder, "databases", "iso3166-1.json").read_text("utf-8"))
            return {entry["alpha_3"]: entry for entry in data["3166-1"]}
        except (OSError, ValueError, KeyError, TypeError):
            continue
    import pycountry

    return {c.alpha_3: {"name": c.name, "numeric": c.numeric, "alpha_2": c.alpha_2,
                        **({"common_name": c.common_name} if hasattr(c, "common_name") else {})}
            for c in pycountry.countries}


def _entry(iso3: str) -> dict[str, str] | None:
    if len(iso3) != 3 or not iso3.isascii() or not iso3.isupper():
        return None
    return _countries().get(iso3)


@cache
def country_name(iso3: str) -> str | None:
    """The common English name of a country, or None when the code is not ISO 3166-1."""
    found = _entry(iso3)
    return None if found is None else str(found.get("common_name") or found["name"])


def two_letter_hint(written: str) -> str:
    """" ('mx' is the 2-letter code of Mexico: write MEX)" where `written` is one, else ""."""
    three = alpha3_code(written.strip().upper())
    return f" ('{written.strip()}' is the 2-letter code of {country_name(three)}: write {three})" \
        if three else ""


def alpha3_code(alpha2: str) -> str | None:
    """The alpha-3 code of a country given by its alpha-2 code ('NO' -> 'NOR'), or None."""
    if len(alpha2) != 2:
        return None
    return next((code for code, entry in _countries().items()
                 if entry.get("alpha_2") == alpha2), None)


def numeric_code(iso3: str) -> str | None:
    """A country's ISO 3166-1 numeric code ('076' for BRA), None for an unknown code."""
    found = _entry(iso3)
    return None if found is None else str(found["numeric"])


def alpha2_code(iso3: str) -> str | None:
    """A country's ISO 3166-1 alpha-2 code ('BR' for BRA), None for an unknown code."""
    found = _entry(iso3)
    return None if found is None else str(found["alpha_2"])


# Names that spreadsheets use and ISO 3166-1 does not (or not in this form)
_ALIASES = {
    "Russia": "RUS", "Ivory Coast": "CIV", "Cote d'Ivoire": "CIV", "DR Congo": "COD", "DRC": "COD",
    "Democratic Republic of the Congo": "COD", "Republic of the Congo": "COG", "Turkey": "TUR",
    "Cape Verde": "CPV", "Swaziland": "SWZ", "Macedonia": "MKD", "Burma": "MMR", "Brunei": "BRN",
    "Micronesia": "FSM", "Palestine": "PSE", "East Timor": "TLS", "Vatican": "VAT",
    "St Helena": "SHN", "Saint Helena": "SHN", "UK": "GBR", "Great Britain": "GBR",
}


@cache
def _country_slugs() -> dict[str, str]:
    """Each country's names (and the aliases) by their slug: 'cote-d-ivoire' -> CIV."""
    out: dict[str, str] = {}
    for code, entry in _countries().items():
        for attr in ("name", "official_name", "common_name"):
            value = entry.get(attr)
            if value:
                out.setdefault(slugify(re.sub(r"\(.*?\)", "", str(value))), code)
    out.update({slugify(name): code for name, code in _ALIASES.items()})
    return out


@cache
def country_code(text: str) -> str | None:
    """ISO3 of a country name or code: 'Brazil', 'BRA', 'Côte d'Ivoire', 'Bolivia'."""
    if len(text) == 3 and country_name(text.upper()):
        return text.upper()
    try:
        return _lookup(text)
    except LookupError:
        return _country_slugs().get(slugify(re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)))


def _lookup(text: str) -> str:
    """pycountry's own lookup (codes, numeric codes, names), imported only when needed."""
    import pycountry

    return str(pycountry.countries.lookup(text).alpha_3)
