"""A value's kind in a template's words ('text', 'a whole number', 'a page'), for the
messages that tell an editor what a template was given: Python's names ('str', 'int',
'NoneType', 'PageMeta') mean nothing to them."""

from __future__ import annotations

from typing import Any

# the plain kinds, which a message may add to a value it names ('page.title' is text)
KINDS = {"str": "text", "Markup": "text", "NoneType": "none (an empty value)",
         "int": "a whole number", "float": "a decimal number", "bool": "true or false",
         "list": "a list", "tuple": "a list", "dict": "a dict", "Namespace": "a namespace()"}

# the others templates are given or make
OTHER_KINDS = {"Untranslated": "text", "UntranslatedRtl": "text", "Lazy": "a list",
               "mappingproxy": "a dict", "_Stats": "a dict", "set": "a set", "frozenset": "a set",
               "date": "a date", "timedelta": "a length of time",
               "function": "a function", "builtin_function_or_method": "a function",
               "method": "a function", "method_descriptor": "a function",
               "_lru_cache_wrapper": "a function", "type": "a function", "Macro": "a macro",
               "LoopContext": "the loop", "Cycler": "a cycler()", "Joiner": "a joiner()",
               # aze-site's own, as templates know them (page, site, s, entry...)
               "PageMeta": "a page", "Page": "a page", "NewsPost": "a news post",
               "AzeSite": "an AZE site", "Species": "a species", "SpeciesEntry": "a species",
               "CountryEntry": "a country", "CategoryEntry": "a Red List category",
               "GroupEntry": "a taxonomic group", "SiteConfig": "the site's settings",
               "MapConfig": "the map's settings", "MapView": "a map", "NavItem": "a menu item",
               "Image": "an image", "PictureView": "a picture", "Criterion": "a criterion",
               "CriteriaCategory": "a category of criteria", "Partner": "a partner",
               "Source": "a source", "DataTerms": "the data's licence and citation",
               "NotFoundIn": "a language's 'page not found'", "Heading": "a heading",
               "LanguageLink": "a language's link"}


def kind_named(type_name: str) -> str:
    """The kind of a value whose Python type is named `type_name`."""
    return KINDS.get(type_name) or OTHER_KINDS.get(type_name, f"a {type_name}")


def kind_of(value: Any) -> str:
    return kind_named(type(value).__name__)
