"""Country names derived from ISO 3166-1 alpha-3 codes (pycountry's maintained list)."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_name(iso3: str) -> str | None:
    """The common English name of a country, or None when the code is not ISO 3166-1."""
    if len(iso3) != 3 or not iso3.isascii() or not iso3.isupper():
        return None
    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return str(name)
