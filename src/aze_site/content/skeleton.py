"""`aze-site new`: valid, commented skeletons of new content files."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path

from aze_site.content.countries import country_name
from aze_site.errors import UsageError
from aze_site.model import GROUPS
from aze_site.slugs import slugify

# The text a skeleton leaves for the editor to replace: the loader warns where it is left in
# a file that is no longer a draft (so are "TODO: ..." values and "# TODO" comments).
DESCRIPTION_PLACEHOLDER = "TODO: one sentence for search engines"
PAGE_PLACEHOLDER = "Write the text here, in Markdown."
SITE_PLACEHOLDER = "What makes {name} the last refuge of its trigger species."
PLACEHOLDER_TEXT = (
    re.compile(re.escape(PAGE_PLACEHOLDER)),
    re.compile(re.escape(SITE_PLACEHOLDER).replace(re.escape("{name}"), ".+?")),
)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_skeleton(name: str, iso3: str, species: str | None, status: str,
                  group: str | None) -> str:
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
        lines += [
            "species:",
            f"  - name: {_quote(species)}",
            "    # common_name: English name",
            f"    group: {group}" if group else
            "    # group: amphibians          # " + ", ".join(GROUPS),
            f"    status: {status}                   # CR, EN or EW",
            "    sensitive: false             # true: publish the position only rounded",
        ]
    else:
        lines.append("species: []                     # TODO: one or more trigger species")
    lines += [
        f"updated: {dt.date.today().isoformat()}",
        "draft: true                      # set to false once location and species are right",
        "---",
        "## Why it matters",
        "",
        SITE_PLACEHOLDER.format(name=name),
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


def write_skeleton(args: argparse.Namespace) -> Path:
    root = Path(getattr(args, "root", Path(".")))
    content = root / "content"
    if not content.is_dir():
        raise UsageError(f"{content} not found (is --root right?)")
    if args.kind == "site":
        iso3 = args.iso3.upper()
        if not country_name(iso3):
            raise UsageError(f"--iso3 {args.iso3!r} is not an ISO 3166-1 alpha-3 country code")
        if args.group and args.group not in GROUPS:
            raise UsageError(f"--group {args.group!r} is not one of: {', '.join(GROUPS)}")
        slug = slugify(args.name)
        target = content / "sites" / f"{slug}.md"
        text = site_skeleton(args.name, iso3, args.species, args.status, args.group)
    elif args.kind == "page":
        slug = slugify(args.title)
        target = content / "pages" / f"{slug}.md"
        text = page_skeleton(args.title)
    else:
        slug = slugify(args.title)
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
