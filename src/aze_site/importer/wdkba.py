"""`aze-site import wdkba`: one site file per row of a World Database of KBAs export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from aze_site.content.coordinates import decimal_comma, other_form
from aze_site.content.countries import country_name
from aze_site.content.documents import EARTH_KM2
from aze_site.content.skeleton import escape_markdown
from aze_site.importer.columns import WDKBA_COLUMNS, WDKBA_IGNORED, WDKBA_REQUIRED, binding
from aze_site.importer.frontmatter import LOCATION_ORDER, FileProblem
from aze_site.importer.session import Said, Session
from aze_site.importer.sites import SiteFile, SiteIndex
from aze_site.importer.table import Binder, Row, cell_problem, clean, shown
from aze_site.slugs import coarsen, file_slug, slugify

REQUIRED = WDKBA_REQUIRED
_BIND = binding(WDKBA_COLUMNS, WDKBA_IGNORED)
# The criteria of the KBA standard, in its order: used when content/criteria.yaml cannot be read.
STANDARD_CRITERIA = ("A1a", "A1b", "A1c", "A1d", "A1e", "A2", "B1", "B2", "B3a", "B3b", "B3c", "B4",
                     "C", "D1a", "D1b", "D2", "D3", "E")
_CRITERION = re.compile(r"^([A-Ea-e])(\d?)\(?([a-eA-E]?)\)?$")
_SUBCRITERION = re.compile(r"^\(?[a-e]\)?$")  # 'e' in 'A1 e': a part of the code before it
_NUMBERED = re.compile(r"^[A-Ea-e]\d$")
AZE_VALUES = frozenset({"confirmed", "confirmed aze", "aze", "aze site", "yes", "y", "1", "true"})
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][0-9:.]+Z?)?$")


def binder(header: list[str]) -> Binder:
    return _BIND.get


def missing_columns(columns: dict[str, str], aze_only: bool) -> list[str]:
    missing = [name for name in REQUIRED if name not in columns]
    if "IntName" not in columns and "NatName" not in columns:
        missing.append("IntName")
    if aze_only and "AzeStatus" not in columns:
        missing.append("AzeStatus")
    return missing


def is_aze(value: str) -> bool:
    return " ".join(value.split()).lower() in AZE_VALUES


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD (or with '/', or with a time after it); anything else is no date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def known_criteria(root: Path) -> tuple[tuple[str, ...], str]:
    """The criterion codes a site may name, in order, and where they come from: the
    project's content/criteria.yaml (as the build checks them), else the KBA standard's."""
    from aze_site.content.yamlsrc import parse_yaml
    from aze_site.errors import Report
    from aze_site.files import read_file

    try:
        doc = parse_yaml(read_file(root / "content" / "criteria.yaml").decode("utf-8"),
                         "content/criteria.yaml", Report())
        data: Any = doc.data if doc is not None else ()
        codes = tuple(str(criterion["code"]) for category in data
                      for criterion in category.get("criteria") or ())
    except (OSError, UnicodeDecodeError, TypeError, KeyError, AttributeError):
        codes = ()
    return (codes, "content/criteria.yaml") if codes else (STANDARD_CRITERIA, "the KBA standard")


def _criteria(session: Session, row: Row, known: tuple[tuple[str, ...], str],
              warnings: list[Said]) -> list[str]:
    """The codes of the row's criteria cell ('A1a, B1', 'a1e;B3(a)', 'A1 e'); others are
    warned about."""
    codes: list[str] = []
    for part in criteria_parts(row.get("Criteria")):
        match = _CRITERION.match(part.replace(" ", ""))
        code = match.group(1).upper() + match.group(2) + match.group(3).lower() if match else ""
        if code not in known[0]:
            warnings.append(Said(f"{session.column('Criteria')} '{shown(part)}' is not a "
                                 f"criterion of {known[1]}; left out", "Criteria"))
        elif code not in codes:
            codes.append(code)
    return codes


def criteria_parts(text: str) -> list[str]:
    """A criteria cell cut into codes; a lone small letter after a numbered code is that
    code's (so 'A1 e' is A1e, not A1 and criterion E)."""
    parts: list[str] = []
    for part in re.split(r"[,;/|\s]+", text):
        if parts and _SUBCRITERION.match(part) and _NUMBERED.match(parts[-1]):
            parts[-1] += " " + part
        elif part:
            parts.append(part)
    return parts


def _site_name(row: Row, errors: list[Said]) -> tuple[str, str]:
    """The international name, else the national one; and the national one."""
    international, national = clean(row.get("IntName")), clean(row.get("NatName"))
    name = international or national
    if not name:
        errors.append(Said("no site name (IntName and NatName are empty)"))
    for column, text in (("IntName", international), ("NatName", national)):
        if text and (problem := cell_problem(text)) is not None:  # the national name is text too
            errors.append(Said(problem, column))
    return name, national


def import_rows(session: Session, aze_only: bool) -> None:
    first_line: dict[int, int] = {}  # SitRecID -> line of its first row
    known = known_criteria(session.index.root)
    places = _Places(session.index)
    for row in session.table.rows:
        if row.bad:
            session.skipped += 1
            continue
        aze = is_aze(row.get("AzeStatus"))
        if aze_only and not aze:
            session.left_out += 1
            continue
        errors: list[Said] = []
        warnings: list[Said] = []
        site_id = session.whole_number(row, "SitRecID", errors)
        if site_id is not None:
            if site_id in first_line:
                errors.append(Said(f"SitRecID {site_id} appears again (first on line "
                                   f"{first_line[site_id]})", "SitRecID"))
            else:
                first_line[site_id] = row.line
        name, national = _site_name(row, errors)
        codes = _iso3(session, row, errors)
        lat = _coordinate(session, row, "SitLat", 90, errors)
        lon = _coordinate(session, row, "SitLong", 180, errors)
        unread: list[Said] = []  # an optional field: a warning, the site imported without it
        area = _area_number(session, row, unread)
        criteria = (["A1e"] if aze else []) + _criteria(session, row, known, warnings)
        if errors or site_id is None or lat is None or lon is None:
            session.fail(row, errors)
            continue
        for said in unread:
            session.warn(row, said.message, "SitAreaKM2")
        fields: dict[str, Any] = {
            "name": name, "iso3": codes[0] if len(codes) == 1 else codes,
            "location": {"lat": lat, "lon": lon},
        }
        _area(session, row, area, fields)
        fields["wdkba_id"] = site_id
        updated = _updated(session, row)
        other_name = national if national.casefold() != name.casefold() else ""
        try:
            site = _place(session.index, site_id, name, codes)
            twin = places.twin(name, lat, lon, site)
            if twin is not None:
                column = "IntName" if clean(row.get("IntName")) else "NatName"
                session.fail(row, [Said(_twin(session, name, lat, lon, twin), column)])
                continue
            if site is None:
                site = _create(session, row, fields, _in_order(criteria, known[0]), updated,
                               other_name)
            else:
                site.check()
                _update(site, fields, list(dict.fromkeys(criteria)), updated)
                session.index.link_id(site, site_id)
        except FileProblem as exc:
            session.fail(row, [Said(str(exc))])
            continue
        session.touch(site, row)
        places.add(site)
        for message, column in warnings:
            session.warn(row, message, column)


class _Places:
    """The sites by name, to catch a row that would make a second file for a site: the
    build refuses two files with one name at one place (`site_clashes`), in whole degrees
    where either marks a species sensitive."""

    def __init__(self, index: SiteIndex) -> None:
        self.named: dict[str, list[SiteFile]] = {}
        self.keys: dict[str, str] = {}  # slug -> the name it is listed under
        for site in index.by_stem.values():
            self.add(site)

    def add(self, site: SiteFile) -> None:
        """List a site under its name (again, after a row renamed it)."""
        old = self.keys.pop(site.slug, None)
        if old is not None:
            self.named[old].remove(site)
        name = site.plain.get("name")
        if isinstance(name, str):
            self.keys[site.slug] = name.strip().casefold()
            self.named.setdefault(self.keys[site.slug], []).append(site)

    def twin(self, name: str, lat: float, lon: float, site: SiteFile | None) -> SiteFile | None:
        """Another site with this name at this place; `site` is the one the row updates."""
        secret = site is not None and _secret(site)
        for other in self.named.get(name.casefold(), []):
            at = _position(other)
            if other is site or at is None:
                continue
            rounded = secret or _secret(other)
            if (at if not rounded else tuple(map(coarsen, at))) == \
                    ((lat, lon) if not rounded else (coarsen(lat), coarsen(lon))):
                return other
        return None


def _position(site: SiteFile) -> tuple[float, float] | None:
    location = site.plain.get("location")
    if not isinstance(location, dict):
        return None
    at = [location.get("lat"), location.get("lon")]
    numbers = [float(v) for v in at if isinstance(v, int | float) and not isinstance(v, bool)]
    return (numbers[0], numbers[1]) if len(numbers) == 2 else None


def _secret(site: SiteFile) -> bool:
    species = site.plain.get("species")
    return isinstance(species, list) and any(
        isinstance(sp, dict) and sp.get("sensitive") is True for sp in species)


def _twin(session: Session, name: str, lat: float, lon: float, other: SiteFile) -> str:
    row = f"line {other.rows[0]} of this file, " if other.rows else ""
    return (f"'{shown(name)}' at {lat}, {lon} has the name and place of {row}{other.rel}: the "
            "same site twice? Keep one row, or correct the name or the coordinates (a site "
            "has one file); this row is skipped")


def _in_order(codes: list[str], order: tuple[str, ...]) -> list[str]:
    """The codes once each, in the order of the criteria (A1e first if the list lacks it)."""
    return [code for code in dict.fromkeys(codes) if code not in order] + \
        [code for code in order if code in codes]


def _iso3(session: Session, row: Row, errors: list[Said]) -> list[str]:
    text = row.get("ISO3")
    if not text:
        errors.append(Said(session.empty(row, "ISO3"), "ISO3"))
        return []
    codes: list[str] = []
    wrong: list[str] = []
    for part in re.split(r"[,;/\s]+", text.strip()):
        code = part.upper()
        if not part:
            continue
        if not country_name(code):
            wrong.append(part)
        elif code not in codes:
            codes.append(code)
    if wrong:  # one error for the cell, however many of its codes are wrong
        errors.append(Said(_not_codes(session, text, wrong), "ISO3"))
    return codes


def _not_codes(session: Session, text: str, wrong: list[str]) -> str:
    """Why an ISO3 cell is refused; the codes it means when it names countries ('Brazil',
    'United Kingdom; Peru', 'BR')."""
    from aze_site.importer.species import countries

    meant = countries(text)
    if meant:
        return (f"{session.column('ISO3')} '{shown(text)}' is not written in ISO 3166-1 alpha-3 "
                f"country codes: write {', '.join(meant)}")
    said = " and ".join(f"'{shown(part)}'" for part in wrong)
    return (f"{session.column('ISO3')} {said} {'is not an' if len(wrong) == 1 else 'are not'} "
            f"ISO 3166-1 alpha-3 country code{'' if len(wrong) == 1 else 's'}")


def _coordinate(session: Session, row: Row, name: str, limit: int,
                errors: list[Said]) -> float | None:
    text = row.get(name)
    if not text:
        errors.append(Said(session.empty(row, name), name))
        return None
    unread: list[Said] = []
    value = session.number(row, name, unread, limit, ("SitLat", "SitLong"))
    other = other_form(text, name == "SitLat", session.table.separator) if unread else None
    if other is not None:  # 7°15'S, 7.25 S: what it says, instead of "not a number"
        unread = [Said(f"{session.column(name)} '{shown(text)}' {other}", name)]
    errors.extend(unread)
    if value is not None and not -limit <= value <= limit:
        errors.append(Said(f"{session.column(name)} '{shown(text)}' is out of range "
                           f"(-{limit} to {limit})", name))
        return None
    return value


def _area_number(session: Session, row: Row, unread: list[Said]) -> float | None:
    """The area's number; a cell not read said in `unread` (the area is left out), with
    what to write where a comma is written that the file's separator leaves no meaning
    ("12,5" in a CSV), as for a coordinate, or that groups thousands where the file writes
    its decimals with a point ("1,234" in a tab-separated file)."""
    found: list[Said] = []
    value = session.number(row, "SitAreaKM2", found)
    text = row.get("SitAreaKM2") or ""
    comma = (decimal_comma(text, session.table.separator, thousands=True)
             or session.table.comma_thousands(text)) if found else None
    if comma is not None:
        unread.append(Said(f"{session.column('SitAreaKM2')} '{shown(text)}' {comma}; area left "
                           "out", "SitAreaKM2"))
    else:
        unread.extend(Said(f"{said.message}: area left out", "SitAreaKM2") for said in found)
    return value


def _area(session: Session, row: Row, area: float | None, fields: dict[str, Any]) -> None:
    # the cell as written: 999999999999, not the 1e+12 Python would print
    said = f"{session.column('SitAreaKM2')} '{shown(row.get('SitAreaKM2') or '')}'"
    if area is not None and 0 < area <= EARTH_KM2:
        fields["area_km2"] = int(area) if area.is_integer() else area
    elif area is not None and area > 0:
        session.warn(row, f"{said} is larger than the Earth's surface "
                     f"({EARTH_KM2:,} km²): area left out", "SitAreaKM2")
    elif area is not None:
        session.warn(row, f"{said} is not an area (it must be above 0): area left out",
                     "SitAreaKM2")


def _updated(session: Session, row: Row) -> dt.date | None:
    text = clean(row.get("LastUpdate"))
    updated = parse_date(text)
    said = f"{session.column('LastUpdate')} '{shown(text)}'"
    serial = _serial_date(text)
    if serial is not None:
        session.warn(row, f"{said} is a spreadsheet's date number: {serial} (in the 1900 date "
                     "system Excel uses); format the column as dates (YYYY-MM-DD) before saving "
                     f"as CSV, or write {serial}; 'updated' left as it was", "LastUpdate")
    elif updated is None and text:
        session.warn(row, f"{said} is not a date such as 2018-11-13: 'updated' left as it was",
                     "LastUpdate")
    elif updated is not None and updated > dt.date.today() + FAR_AHEAD:
        # said, not refused: what is written must not depend on the day of the import
        session.warn(row, f"{said} is more than a year from today: is it a slip? It is "
                     "imported as written; an import never moves 'updated' back, so correct "
                     "it in the site's file too", "LastUpdate")
    return updated


FAR_AHEAD = dt.timedelta(days=366)  # a review date beyond this is surely a slip


_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")  # 10000 (1927) to 99999 (2173), a time after it
_SERIAL_ZERO = dt.date(1899, 12, 30)  # day 0, as Excel counts since its 1900-02-29 that never was


def _serial_date(text: str) -> dt.date | None:
    """The date a spreadsheet's date number stands for, in the 1900 date system (43831 is
    2020-01-01): what a date column exports when it is formatted as a number. Four digits
    may be a year, and are not read so."""
    found = _SERIAL.match(text)
    return _SERIAL_ZERO + dt.timedelta(days=int(found[1])) if found else None


def _place(index: SiteIndex, site_id: int, name: str, codes: list[str]) -> SiteFile | None:
    """The existing file a row updates; None: a new file (see `_new_slug`).

    By SitRecID first; else the file named by the slug of the row's name, or a file whose
    `name` has that slug, provided it has no wdkba_id yet and shares a country with the row
    (two 'Table Mountain's are two sites).
    """
    site = index.by_id.get(site_id)
    if site is not None:
        return site
    base = file_slug(name) or f"kba-{site_id}"
    for slug in (base, f"{base}-{site_id}"):
        site = index.by_stem.get(slug)
        if site is not None and site.problem:
            return site  # cannot tell whose it is: the row reports the file's problem
    candidates = [index.by_stem.get(base), *index.by_name.get(slugify(name), [])]
    for site in candidates:
        if site is not None and _fits(site, codes):
            return site
    other = index.by_stem.get(f"{base}-{site_id}")
    if base not in index.by_stem or other is None:
        return None
    if _fits(other, codes):
        return other
    raise FileProblem(f"{other.rel} already belongs to another site: rename it or give it "
                      "this row's wdkba_id")


def _fits(site: SiteFile, codes: list[str]) -> bool:
    return site.wdkba_id is None and (not site.iso3 or bool(set(site.iso3) & set(codes)))


def _create(session: Session, row: Row, fields: dict[str, Any], criteria: list[str],
            updated: dt.date | None, national: str) -> SiteFile:
    plain = dict(fields)
    if criteria:
        plain["criteria"] = criteria
    plain["species"] = []
    if updated is not None:
        plain["updated"] = updated
    plain["draft"] = True
    slug = file_slug(fields["name"]) or f"kba-{fields['wdkba_id']}"
    if slug in session.index.by_stem:
        slug = f"{slug}-{fields['wdkba_id']}"
    site = session.index.create(slug, plain, _body(fields["name"], national))
    session.warn(row, f"{slug}: no trigger species yet; written as a draft")
    broken = session.index.unreadable()  # said once, at the first new file
    if broken:
        session.warn(row, f"{slug}: a new file, while {', '.join(broken)} cannot be read: if "
                     "one of them is this site, fix it, delete the new file and import again")
    return site


def _body(name: str, national: str = "") -> str:
    """A new site's text. Names from the file are escaped: Markdown and HTML in them stay text.

    The national name (NatName, when it differs from IntName) has no field in a site's front
    matter: it is the first line of the text, where the editor sees it and may move it.
    """
    first = f"National name: {escape_markdown(national)}\n\n" if national else ""
    return (f"{first}## Why it matters\n\n"
            f"What makes {escape_markdown(name)} the last refuge of its trigger species.\n\n"
            "## Threats\n\n"
            "## What is being done\n")


def _update(site: SiteFile, fields: dict[str, Any], criteria: list[str],
            updated: dt.date | None) -> None:
    """Only the keys the export carries; an editor's other keys, comments and body stay.

    Criteria (A1e for an AZE site, and those of a criteria column) are added to the
    site's, never removed.
    """
    for key, value in fields.items():
        if key == "iso3" and _same_countries(site.plain.get("iso3"), value):
            continue
        if key == "location" and isinstance(site.plain.get("location"), dict):
            for axis in LOCATION_ORDER:
                site.set(("location",), axis, value[axis], LOCATION_ORDER)
            continue
        site.set((), key, value)
    _add_criteria(site, criteria)
    if updated is not None:
        current = site.plain.get("updated")
        if isinstance(current, dt.datetime):
            current = current.date()
        if not isinstance(current, dt.date) or current < updated:  # never back in time
            site.set((), "updated", updated)


def _same_countries(current: Any, value: Any) -> bool:
    """`iso3: BRA` and `iso3: [BRA]` say the same; so do [GIN, CIV] and [CIV, GIN]."""
    listed = current if isinstance(current, list) else [current]
    codes = value if isinstance(value, list) else [value]
    return all(isinstance(c, str) for c in listed) and sorted(listed) == sorted(codes)


def _add_criteria(site: SiteFile, criteria: list[str]) -> None:
    current = site.plain.get("criteria")
    if current is None and criteria:
        site.set((), "criteria", criteria)
    elif isinstance(current, list):
        for code in criteria:
            if code not in current:
                site.append(("criteria",), code)
