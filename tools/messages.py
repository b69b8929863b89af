#!/usr/bin/env python3
"""Extract the interface strings into templates/locales/messages.pot and bring each
language's catalogue (es.po, fr.po, pt.po, and any other .po there) up to date with it.

    python tools/messages.py

Strings come from the templates (`_()`, `ngettext()`, `{% trans %}`) and from the package
(`r.gettext()`, `r.ngettext()`, and `N_()` for constants translated where they are shown).
Translations already made are kept; a changed string gets its old one as a fuzzy guess
(left out of the site until a translator confirms it), a string no longer used stays at
the end of its catalogue as an obsolete entry (#~). Two runs give the same bytes: entries are sorted,
locations carry no line numbers and the template's creation date is fixed, so a file
changes only when its strings do.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "templates" / "locales"
LANGUAGES = ("es", "fr", "pt")  # and any other <lang>.po found in LOCALES
KEYWORDS: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# As the site's Jinja environment parses templates (render/environment.py), so that the
# msgids of {% trans %} blocks are the ones looked up when pages are rendered.
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                 "lstrip_blocks": "true", "newstyle_gettext": "true", "silent": "false"}
FIXED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # not the time of the run: stable bytes
HEADER = ("# Interface strings of the AZE website (templates/ and src/aze_site/).\n"
          "# Made by tools/messages.py: translate in <lang>.po, never edit this file.\n#")
PO_HEADER = ("# The AZE website's interface in '{lang}': fill in the empty msgstr.\n"
             "# tools/messages.py adds the new strings and keeps translations.\n#")


def extract() -> Catalog:
    """Every message of the templates and the package, with the files it is in."""
    template = Catalog(project="aze-site", version="1", header_comment=HEADER,
                       creation_date=FIXED_DATE, charset="utf-8")
    sources: list[tuple[Path, Any, dict[str, str]]] = [
        *((path, babel_extract, JINJA_OPTIONS) for path in sorted(ROOT.glob("templates/**/*.html"))),
        *((path, "python", {}) for path in sorted(ROOT.glob("src/aze_site/**/*.py"))),
    ]
    for path, method, options in sources:
        where = path.relative_to(ROOT).as_posix()
        for line, message, comments, context in extract_from_file(
                method, path, keywords=KEYWORDS, options=options, strip_comment_tags=True):
            template.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return template


def written(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=76, sort_output=True, include_lineno=False)
    return out.getvalue()


def save(path: Path, data: bytes) -> bool:
    """Write the file if its bytes change; True if they did."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def updated(lang: str, template: Catalog) -> Catalog:
    """The language's catalogue, as it was (or new), merged with the template."""
    path = LOCALES / f"{lang}.po"
    if path.exists():
        with path.open("rb") as fileobj:
            catalog = read_po(fileobj, locale=lang)
    else:
        catalog = Catalog(locale=lang, project=template.project, version=template.version,
                          header_comment=PO_HEADER.format(lang=lang),
                          creation_date=FIXED_DATE, revision_date=FIXED_DATE, charset="utf-8",
                          fuzzy=False)
    catalog.update(template)
    return catalog


def languages() -> Iterable[str]:
    found = {path.stem for path in LOCALES.glob("*.po")}
    return sorted(found | set(LANGUAGES))


def main() -> int:
    LOCALES.mkdir(parents=True, exist_ok=True)
    template = extract()
    changed = save(LOCALES / "messages.pot", written(template))
    print(f"messages.pot: {len(template)} messages{' (changed)' if changed else ''}")
    for lang in languages():
        catalog = updated(lang, template)
        done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy
                   and (not isinstance(m.string, tuple | list) or all(m.string)))
        changed = save(LOCALES / f"{lang}.po", written(catalog))
        print(f"{lang}.po: {done} of {len(catalog)} translated{' (changed)' if changed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
