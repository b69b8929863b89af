"""`aze-site import aze-species`: trigger species merged into the sites they belong to.

Two shapes: one row per site with `AZE.trigger.species` ... `AZE.trigger.species20`
(wide), or one row per species with `Species` and optional common name, group and
Red List status (long). Sites are matched by SitRecID, else by name and country.
"""

from __future__ import annotations

import re
from typing import Any

from aze_site.content.countries import country_code
from aze_site.content.fields import RED_LIST_TAG, map_group, red_list_code
from aze_site.importer.columns import (
    SPECIES_LONG_COLUMNS,
    SPECIES_SITE_COLUMNS,
    WIDE,
    binding,
    norm,
)
from aze_site.importer.frontmatter import IMPORT_DRAFT, SPECIES_ORDER, FileProblem
from aze_site.importer.session import Said, Session
from aze_site.importer.sites import SiteFile
from aze_site.importer.table import MISSING, Binder, Row, cell_problem, clean, shown
from aze_site.model import AZE_TRIGGER_STATUSES, GROUPS, RED_LIST
from aze_site.slugs import slugify

_WIDE = WIDE
_SITE_COLUMNS = binding(SPECIES_SITE_COLUMNS)
_LONG_COLUMNS = binding(SPECIES_LONG_COLUMNS)
_FIELD_COLUMNS = {"common_name": "Common name", "group": "Group", "status": "Status",
                  "sensitive": "Sensitive"}
_YES, _NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}



def shape(header: list[str]) -> str:
    return "wide" if any(_WIDE.match(norm(name)) for name in header) else "long"


def binder(header: list[str]) -> Binder:
    wide = shape(header) == "wide"

    def bind(name: str) -> str | None:
        match = _WIDE.match(name)
        if match:
            return f"species:{int(match.group(1) or 1):03d}"
        if name in _SITE_COLUMNS:
            return _SITE_COLUMNS[name]
        return None if wide else _LONG_COLUMNS.get(name)

    return bind


def missing_columns(columns: dict[str, str]) -> list[str]:
    missing = []
    if not any(name.startswith("species:") for name in columns) and "Species" not in columns:
        missing.append("AZE.trigger.species")
    if "SitRecID" not in columns and "Site" not in columns:
        missing.append("Site")
    if "SitRecID" not in columns and "Country" not in columns and "ISO3" not in columns:
        missing.append("Country")
    return missing


def import_rows(session: Session) -> None:
    """Merge each row's species into its site. A species at a site keeps the values of the
    first row that gave them: a later row with other values is reported and skipped, but
    its Sensitive 'yes' still marks the species (see _keep_marks)."""
    columns = session.table.columns
    wide = sorted(name for name in columns if name.startswith("species:"))
    given: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}  # (site, species) -> field -> (value, line)
    marks: list[tuple[SiteFile, Row, str]] = []  # a skipped row's sensitive species
    for row in session.table.rows:
        if row.bad:
            session.skipped += 1
            continue
        errors: list[Said] = []
        warnings: list[Said] = []
        entries = _wide_entries(row, wide, errors) if wide else _long_entry(session, row, errors, warnings)
        site = _find_site(session, row, errors, warnings)
        if site is not None and not errors:
            errors += _conflicts(session, site, entries, given) + _unrated(site, entries)
        if errors or site is None:
            session.fail(row, errors)
            if site is not None:
                marks += [(site, row, entry["name"]) for entry in entries if entry.get("sensitive")]
            continue
        try:
            site.check()
            unrated = merge_species(site, entries)
        except FileProblem as exc:
            session.fail(row, [Said(str(exc))])
            continue
        _remember(given, site, entries, row.line)
        session.touch(site, row)
        _row_warnings(session, site, row, warnings, entries, unrated)
    _keep_marks(session, marks)
    _undraft(session)


def _keep_marks(session: Session, marks: list[tuple[SiteFile, Row, str]]) -> None:
    """A row skipped for another of its values (a status that conflicts with an earlier
    row's, say) still marks its species sensitive where the site lists it: a mark is never
    lost with its row, or the site's position would be published exactly."""
    for site, row, name in marks:
        at = _listed(site, name)
        if at is None or at.get("sensitive") is True:
            continue
        try:
            site.check()
            merge_species(site, [{"name": at["name"], "sensitive": True}])
        except FileProblem as exc:
            session.problems.error(row.line, str(exc))
            continue
        session.touch(site, row)
        said = f"{session.column('Sensitive')} '{shown(clean(row.get('Sensitive')))}'"
        session.warn(row, f"{at['name']} at {site.slug} is marked sensitive all the same: this "
                     f"row is skipped, but its {said} is never left out", "Sensitive")


def _listed(site: SiteFile, name: str) -> dict[str, Any] | None:
    """The entry of the site's species list that names this species, if any."""
    species = site.plain.get("species")
    return next((sp for sp in species if isinstance(sp, dict) and isinstance(sp.get("name"), str)
                 and _key(sp["name"]) == _key(name)), None) if isinstance(species, list) else None


def _remember(given: dict[tuple[str, str], dict[str, tuple[Any, int]]], site: SiteFile,
              entries: list[dict[str, Any]], line: int) -> None:
    """The first values each species at each site was given, and on which line."""
    for entry in entries:
        values = given.setdefault((site.slug, _key(entry["name"])), {})
        for key, value in entry.items():
            values.setdefault(key, (value, line))


def _row_warnings(session: Session, site: SiteFile, row: Row, warnings: list[Said],
                  entries: list[dict[str, Any]], unrated: list[str]) -> None:
    for message, column in warnings:
        session.warn(row, message, column)
    if not entries:
        session.warn(row, f"{site.slug}: no trigger species in this row")
    if unrated:
        session.warn(row, f"{site.slug}: species without Red List status: add status before "
                     f"publishing ({', '.join(unrated)})", "Status")
    said = clean(row.get("Sensitive"))
    for entry in entries if said.casefold() in _NO - {""} else []:
        listed = _listed(site, entry["name"])
        if listed is not None and listed.get("sensitive") is True:
            session.warn(row, f"{listed['name']} at {site.slug} stays sensitive: "
                         f"{session.column('Sensitive')} '{shown(said)}' changes nothing, as only "
                         f"an editor makes a species not sensitive (in {site.rel})", "Sensitive")


def _undraft(session: Session) -> None:
    """A site the import made a draft is published once it has valid species."""
    for site in session.touched.values():
        if import_draft(site) and ready(site):
            site.delete((), "draft")
            session.problems.warning(site.rows[0], f"{site.slug}: has its trigger species now: "
                                     "the draft flag the import set is removed, it will be published")


def _conflicts(session: Session, site: SiteFile, entries: list[dict[str, Any]],
               given: dict[tuple[str, str], dict[str, tuple[Any, int]]]) -> list[Said]:
    """Where a row gives a species at a site other values than an earlier row did."""
    found = []
    for entry in entries:
        earlier = given.get((site.slug, _key(entry["name"])), {})
        for key, value in entry.items():
            if key != "name" and key in earlier and earlier[key][0] != value:
                old, line = earlier[key]
                column = _FIELD_COLUMNS[key]
                found.append(Said(f"{entry['name']} at {site.slug}: {session.column(column)} "
                                  f"'{value}' conflicts with '{old}' on line {line}; the first "
                                  "row is kept", column))
    return found


def _unrated(site: SiteFile, entries: list[dict[str, Any]]) -> list[Said]:
    """A published site's species each need a Red List status (a draft's may wait for
    theirs): the species this row would leave without one, as an error."""
    if site.plain.get("draft") is True:
        return []
    species = site.plain.get("species")
    rated = {_key(sp["name"]) for sp in species if isinstance(sp, dict)
             and isinstance(sp.get("name"), str) and sp.get("status") is not None} \
        if isinstance(species, list) else set()
    names = [e["name"] for e in entries if "status" not in e and _key(e["name"]) not in rated]
    if not names:
        return []
    return [Said(f"{site.slug} is published, so each of its trigger species needs a Red List "
                 f"status, and none is given for {', '.join(names)}: give each one (CR, EN or EW, "
                 f"in a Status column), or set 'draft: true' in {site.rel}", "Status")]


def import_draft(site: SiteFile) -> bool:
    """The file's `draft: true` is the one `import wdkba` wrote (its comment says so);
    a draft flag an editor set has no such comment, and stays."""
    return site.plain.get("draft") is True and IMPORT_DRAFT.search(site.yaml_text) is not None


def ready(site: SiteFile) -> bool:
    """Every trigger species is valid as far as the import can tell: a name, an AZE status."""
    species = site.plain.get("species")
    return isinstance(species, list) and bool(species) and all(
        isinstance(sp, dict) and isinstance(sp.get("name"), str) and bool(sp["name"].strip())
        and sp.get("status") in AZE_TRIGGER_STATUSES
        and (sp.get("group") is None or (isinstance(sp["group"], str) and sp["group"] in GROUPS))
        and isinstance(sp.get("sensitive", False), bool)
        for sp in species)


def _wide_entries(row: Row, columns: list[str], errors: list[Said]) -> list[dict[str, Any]]:
    entries = []
    for column in columns:
        name = clean(row.get(column))
        if name:
            if (problem := cell_problem(name)) is not None:
                errors.append(Said(problem, column))
            elif not slugify(name):
                errors.append(Said(f"'{shown(name)}' is not a scientific name such as "
                                   "'Genus species'", column))
            entries.append({"name": name})
    return entries


def _species_name(session: Session, row: Row, errors: list[Said]) -> str:
    name = clean(row.get("Species"))
    if not name:
        errors.append(Said(f"no species name ({session.empty(row, 'Species')})", "Species"))
    elif (problem := cell_problem(name)) is not None:
        errors.append(Said(problem, "Species"))
    elif not slugify(name):
        errors.append(Said(f"'{shown(name)}' is not a scientific name such as 'Genus species'",
                           "Species"))
    return name


def _long_entry(session: Session, row: Row, errors: list[Said],
                warnings: list[Said]) -> list[dict[str, Any]]:
    name = _species_name(session, row, errors)
    entry: dict[str, Any] = {"name": name}
    common = clean(row.get("Common name"))
    if common and (problem := cell_problem(common)) is not None:
        errors.append(Said(problem, "Common name"))
    elif common:
        entry["common_name"] = common
    group_text = clean(row.get("Group"))
    if group_text:
        group = map_group(group_text)
        if group is None:
            warnings.append(Said(f"{session.column('Group')} '{shown(group_text)}' is not a "
                                 f"taxonomic group aze-site knows ({', '.join(GROUPS)}); group "
                                 "left unset", "Group"))
        else:
            entry["group"] = group
    status_text = clean(row.get("Status"))
    if status_text:
        status = red_list_code(status_text)
        if status in AZE_TRIGGER_STATUSES:
            entry["status"] = status
        elif status in RED_LIST:
            errors.append(Said(f"{session.column('Status')} '{status_text}' ({RED_LIST[status]}) "
                               "does not qualify a species as an AZE trigger (expected CR, EN "
                               "or EW)", "Status"))
        elif RED_LIST_TAG.search(status) and red_list_code(RED_LIST_TAG.sub("", status)) in RED_LIST:
            errors.append(Said(f"{session.column('Status')} '{shown(status_text)}': Possibly "
                               "Extinct is a tag of Critically Endangered (CR) only", "Status"))
        else:
            errors.append(Said(f"{session.column('Status')} '{shown(status_text)}' is not an "
                               "IUCN Red List category for an AZE trigger (expected CR, EN or EW)",
                               "Status"))
    sensitive = clean(row.get("Sensitive")).casefold()
    if sensitive in _YES:
        entry["sensitive"] = True  # never False: making a location public is an editor's call
    elif sensitive in MISSING:  # an error value, kept by the table as written (table._value)
        errors.append(Said(f"{session.column('Sensitive')} '{shown(row.get('Sensitive'))}' is a "
                           "spreadsheet's error value (a formula or lookup that failed), not yes "
                           "or no: write yes or no, so that no location that must be rounded "
                           "is published exactly", "Sensitive"))
    elif sensitive not in _NO:
        errors.append(Said(f"{session.column('Sensitive')} '{shown(sensitive)}' is not yes or no",
                           "Sensitive"))
    return [entry]


# CR(PE) and CR(PEW), 'Possibly Extinct (in the Wild)', are tags of CR, not categories
def _find_site(session: Session, row: Row, errors: list[Said],
               warnings: list[Said]) -> SiteFile | None:
    index = session.index
    if row.get("SitRecID"):
        site_id = session.whole_number(row, "SitRecID", errors)
        if site_id is None:
            return None
        site = index.by_id.get(site_id)
        if site is None:
            errors.append(Said(f"no site with SitRecID {site_id}: import the WDKBA export first",
                               "SitRecID"))
        elif (other := _other_site(session, row, site)) is not None:
            what, wrong_country = other
            said = Said(f"SitRecID {site_id} is {shown(str(site.plain.get('name')))} "
                        f"({'/'.join(site.iso3)}, {site.rel}), but this row names {what}: "
                        f"check the id or the site{'' if wrong_country else ' (imported)'}",
                        "SitRecID")
            if wrong_country:  # a mistyped id: the species would land at the wrong site
                errors.append(said)
                return None
            warnings.append(said)  # perhaps the national name: the site's country agrees
        return site
    name = clean(row.get("Site"))
    if not name:
        what = " and ".join(session.column(c) for c in ("SitRecID", "Site") if c in session.table.columns)
        errors.append(Said(f"no site ({what} {'are' if ' and ' in what else 'is'} empty)"))
        return None
    country_column = "Country" if "Country" in session.table.columns else "ISO3"
    country = clean(row.get(country_column))
    if not country:
        errors.append(Said(f"no country ({session.empty(row, country_column)})", country_column))
        return None
    codes = countries(country)
    if codes is None:
        errors.append(Said(f"{session.column(country_column)} '{shown(country)}' is not a "
                           "country name or ISO 3166-1 alpha-3 code", country_column))
        return None
    found = [site for site in index.find(name, codes[0]) if set(codes) <= set(site.iso3)]
    broken = index.by_stem.get(slugify(name))
    if not found and broken is not None and broken.problem:  # its country cannot be read
        errors.append(Said(f"{broken.problem}: fix it, then import again", "Site"))
        return None
    if not found:
        errors.append(Said(f"no site '{shown(name)}' in {'/'.join(codes)}: import the WDKBA "
                           "export first", "Site"))
        return None
    if len(found) > 1:
        errors.append(Said(f"site '{shown(name)}' in {'/'.join(codes)} matches "
                           f"{', '.join(site.rel for site in found)}: add a SitRecID column to "
                           "tell them apart", "Site"))
        return None
    return found[0]


def _other_site(session: Session, row: Row, site: SiteFile) -> tuple[str, bool] | None:
    """What a row says of its site that the site its SitRecID finds is not, and whether it
    is a country the site is not in (a mistyped id), not only another name."""
    column = "Country" if "Country" in session.table.columns else "ISO3"
    country = clean(row.get(column))
    codes = countries(country) if country else None
    if codes and not set(codes) <= set(site.iso3):
        return f"the country '{shown(country)}'", True
    name = clean(row.get("Site"))
    names = {slugify(str(site.plain.get("name") or "")), site.slug}
    if name and slugify(name) and slugify(name) not in names:
        return f"'{shown(name)}'", False
    return None


def countries(text: str) -> list[str] | None:
    """One country, or several separated by ';', '/' or ','; None if one is unknown."""
    whole = country_code(text)
    if whole:
        return [whole]
    codes = [country_code(part.strip()) for part in re.split(r"[;/,]", text) if part.strip()]
    if not codes or None in codes:
        return None
    return list(dict.fromkeys(code for code in codes if code))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def merge_species(site: SiteFile, entries: list[dict[str, Any]]) -> list[str]:
    """Merge by scientific name: keys the file carries overwrite, nothing is ever removed.

    Returns the names that still have no Red List status.
    """
    if not entries:
        return []
    if site.plain.get("species") is None:
        site.set((), "species", [])
    species = site.plain["species"]
    if not isinstance(species, list):
        raise FileProblem(f"{site.rel}: 'species' is not a list; fix it by hand and import again")
    unrated = []
    for entry in entries:
        at = next((i for i, sp in enumerate(species) if isinstance(sp, dict)
                   and isinstance(sp.get("name"), str) and _key(sp["name"]) == _key(entry["name"])),
                  None)
        if at is None:
            site.append(("species",), entry)
            at = len(species) - 1
        else:
            for key, value in entry.items():
                if key != "name":
                    site.set(("species", at), key, value, SPECIES_ORDER)
        if species[at].get("status") is None:
            unrated.append(str(species[at]["name"]))
    return unrated
