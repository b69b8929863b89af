"""`aze-site new`: valid, commented skeletons of new content files."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path
from typing import TypeVar

from aze_site.content.countries import country_name, two_letter_hint
from aze_site.errors import UsageError
from aze_site.model import GROUPS
from aze_site.slugs import file_slug

T = TypeVar("T")

# The text a skeleton leaves for the editor to replace: the loader warns where it is left in
# a file that is no longer a draft (so are "TODO: ..." values and "# TODO" comments).
DESCRIPTION_PLACEHOLDER = "TODO: one sentence for search engines"
PAGE_PLACEHOLDER = "Write the text here, in Markdown."
SITE_PLACEHOLDER = "What makes {name} the last refuge of its trigger species."
PLACEHOLDER_TEXT = (
    re.compile(re.escape(PAGE_PLACEHOLDER)),
    re.compile(re.escape(SITE_PLACEHOLDER).replace(re.escape("{name}"), ".+?")),
)


# The characters Python-Markdown, with the extensions of render/markdown.py, reads after a
# backslash as themselves (its ESCAPED_CHARS; a test checks that they agree).
MARKDOWN_ESCAPES = frozenset("\\`*_{}[]()>#+-.!|\"'")


def escape_markdown(text: str) -> str:
    """Text (one line) as Markdown that renders as exactly that text: no markup, no HTML.

    For what `new` and the importers write into a body: `<img src=x onerror=...>` stays those characters.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return "".join("\\" + char if char in MARKDOWN_ESCAPES else char for char in text)


def _one_line(option: str, text: str) -> str:
    """A name or title as given, refused when it holds a line break or another control
    character: it would break the front matter, or be refused by the build once written."""
    for char in text:
        if char.isprintable() or char == " ":
            continue
        raise UsageError(f"{option} holds a line break or another control character "
                         f"(U+{ord(char):04X}): give it on one line, as plain text")
    return text


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_skeleton(name: str, iso3: str, species: list[str], statuses: list[str],
                  groups: list[str | None]) -> str:
    """`statuses` and `groups` hold one value per species, in the same order."""
    country = country_name(iso3)
    lines = [
        "---",
        f"name: {_quote(name)}",
        f"iso3: {iso3}                     # {country}",
        "location: {lat: 0.0, lon: 0.0}   # TODO: the site's centroid, WGS84 degrees",
        "# area_km2: 10                   # optional, in km2",
        "# wdkba_id: 12345                # optional, the World Database of KBAs SitRecID",
        "criteria: [A1e]                  # KBA criteria met, codes of content/criteria.yaml",
        "protection: none                 # none | partial | full",
    ]
    if species:
        lines.append("species:")
    for one, status, group in zip(species, statuses, groups, strict=True):
        lines += [
            f"  - name: {_quote(one)}",
            "    # common_name: English name",
            f"    group: {group}" if group else
            "    # group: amphibians          # " + ", ".join(GROUPS),
            f"    status: {status}                   # CR, EN or EW",
            "    sensitive: false             # true: publish the position only rounded",
        ]
    if not species:
        lines.append("species: []                     # TODO: one or more trigger species")
    lines += [
        f"updated: {dt.date.today().isoformat()}",
        "draft: true                      # set to false once location and species are right",
        "---",
        "## Why it matters",
        "",
        SITE_PLACEHOLDER.format(name=escape_markdown(name)),
        "",
        "## Threats",
        "",
        "## What is being done",
        "",
    ]
    return "\n".join(lines)


def page_skeleton(title: str) -> str:
    description = _quote(DESCRIPTION_PLACEHOLDER)
    return (f"---\ntitle: {_quote(title)}\ndescription: {description}\ndraft: true\n---\n"
            f"{PAGE_PLACEHOLDER}\n")


def _per_species(option: str, given: list[T], species: list[str]) -> list[T]:
    """One value per species: given once, it applies to each; else once per --species."""
    if len(given) == 1:
        return given * len(species)
    if len(given) != len(species):
        raise UsageError(f"{option} is given {len(given)} times for {len(species)} --species: give "
                         "it once (for every species) or once per --species, in the same order")
    return given


def write_skeleton(args: argparse.Namespace) -> Path:
    root = Path(getattr(args, "root", Path(".")))
    content = root / "content"
    if not content.is_dir():
        raise UsageError(f"{content} not found (is --root right?)")
    if args.kind == "site":
        iso3 = args.iso3.upper()
        if not country_name(iso3):
            raise UsageError(f"--iso3 {args.iso3!r} is not an ISO 3166-1 alpha-3 country "
                             f"code{two_letter_hint(args.iso3)}")  # as the build says of iso3
        _one_line("the name", args.name)
        species: list[str] = [_one_line("--species", one) for one in args.species or []]
        for i, name in enumerate(species):
            if name in species[:i]:
                raise UsageError(f"--species {name!r} is given twice")
        statuses = _per_species("--status", args.status or ["CR"], species)
        groups: list[str | None] = list(_per_species("--group", args.group or [None], species))
        for group in groups:
            if group is not None and group not in GROUPS:
                raise UsageError(f"--group {group!r} is not one of: {', '.join(GROUPS)}")
        slug = file_slug(args.name)
        target = content / "sites" / f"{slug}.md"
        text = site_skeleton(args.name, iso3, species, statuses, groups)
    elif args.kind == "page":
        _one_line("the title", args.title)
        slug = file_slug(args.title)
        target = content / "pages" / f"{slug}.md"
        text = page_skeleton(args.title)
    else:
        _one_line("the title", args.title)
        slug = file_slug(args.title)
        try:
            day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        except ValueError:
            raise UsageError(f"--date {args.date!r} is not a date as YYYY-MM-DD") from None
        target = content / "news" / f"{day.isoformat()}-{slug}.md"
        text = page_skeleton(args.title)
    if not slug:
        raise UsageError("the name gives an empty slug: use letters or digits")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{os.path.relpath(target)} already exists; nothing was written") from None
    return target
