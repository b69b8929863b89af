"""Loading one Markdown document (page, news or site): front matter, schema, body."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from aze_site.content import fields as f
from aze_site.content import schema as s
from aze_site.content import skeleton
from aze_site.content.countries import country_name
from aze_site.content.frontmatter import split_front_matter
from aze_site.content.outlines import likely_slip
from aze_site.content.reading import LoaderBase
from aze_site.content.sensitive import mentions, secret_told
from aze_site.content.yamlsrc import (
    Located,
    parse_yaml,
    position,
)
from aze_site.errors import Diagnostic, Report
from aze_site.model import (
    PROTECTION,
    Alias,
    AzeSite,
    Document,
    NewsPost,
    Page,
    Source,
    Species,
)
from aze_site.slugs import coarsen, is_slug, page_url, slugify, species_slug

LAYOUTS = ("home", "page", "criteria", "partners")
EARTH_KM2 = 510_072_000  # the Earth's surface: no site's area is larger
STATUS = "its IUCN Red List category (CR, EN or EW)"  # what a species' status is


@dataclass(frozen=True)
class FileResult:
    """All that loading one Markdown file gives: cached by the file's content."""

    doc: Document | None
    diagnostics: tuple[Diagnostic, ...]
    invalid: Document | None  # when the front matter failed: its body is still link-checked
    images: tuple[str, ...]  # photos it uses


NEWS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md\Z")


def news_name_said(name: str, in_news: bool) -> str:
    """Why a news file's name or place is not a news item's, with the name to give it."""
    if not in_news:
        return ("news files are in content/news/ itself, not in a folder inside it: move it "
                "there (named YYYY-MM-DD-slug.md, after the day of the news)")
    day, rest = _date_written(name)
    if day and not rest:
        return ("news files are named content/news/YYYY-MM-DD-slug.md, after the day of the news: "
                f"add the end of its address after the date, e.g. {day}-launch.md for /news/launch/")
    return ("news files are named content/news/YYYY-MM-DD-slug.md, after the day of the news: "
            f"rename it {day or 'YYYY-MM-DD'}-{rest}.md" + ("" if day else ", with that day"))


_YEAR_FIRST = re.compile(r"(\d{4})[-_. ](\d{1,2})[-_. ](\d{1,2})(?:[-_. ]+(.*))?\.md\Z")
_YEAR_LAST = re.compile(r"(\d{1,2})[-_. ](\d{1,2})[-_. ](\d{4})(?:[-_. ]+(.*))?\.md\Z")


def _date_written(name: str) -> tuple[str, str]:
    """(the day as YYYY-MM-DD, or '' when it cannot be told; the rest of the name) of a
    news file's name that writes its date otherwise (2024-3-5-x.md, 2024_03_05_x.md,
    05-03-2024-x.md: the day first when the month cannot be, else the month)."""
    if found := _YEAR_FIRST.match(name):
        year, month, day = (int(found[i]) for i in (1, 2, 3))
    elif found := _YEAR_LAST.match(name):
        first, second, year = (int(found[i]) for i in (1, 2, 3))
        month, day = (second, first) if first > 12 else (first, second) if second > 12 else (0, 0)
    else:
        return "", name.removesuffix(".md")
    try:
        return dt.date(year, month, day).isoformat(), found[4] or ""
    except ValueError:
        return "", found[4] or "slug"


class DocumentLoading(LoaderBase):
    """One Markdown document at a time, with its own diagnostics (see load_isolated)."""

    # -- Markdown documents --------------------------------------------------------------
    def front_matter(self, path: Path, url: str) -> tuple[Located, str, int] | None:
        """The front matter and body of the document at `url`; None when they cannot be
        read (reported, and the document kept as failed: its address stays known, so links
        to it are not reported too)."""
        text = self.read_text(path)
        fm = None if text is None else split_front_matter(text, self.rel(path), self.report)
        if fm is not None and self.body_refused(self.rel(path), fm.body, fm.body_line):
            fm = None
        if fm is None:
            self.keep_invalid(path, url, "", 1)
            return None
        doc = parse_yaml(fm.yaml_text, self.rel(path), self.report, line_offset=fm.yaml_line)
        if doc is None:
            self.keep_invalid(path, url, fm.body, fm.body_line)
            return None
        if doc.data is None:
            doc.data = {}
            doc.values[()] = (fm.yaml_line + 1, 1)
        return doc, fm.body, fm.body_line

    def unfinished(self, doc: Located, body: str, body_line: int) -> None:
        """Warnings for what `aze-site new` left to be written, in a file that is no draft:
        its placeholder text in the body and TODO notes in the front matter (placeholder
        values are found where they are validated)."""
        for pattern in skeleton.PLACEHOLDER_TEXT:
            found = pattern.search(body)
            if found:
                line, col = position(body, found.start())
                self.report.warning(doc.path, body_line + line - 1, col, "the placeholder text of "
                                    "'aze-site new' is still here: write the page's own text")
        self.warn_todo_notes(doc)

    def keep_invalid(self, path: Path, url: str, body: str, body_line: int) -> None:
        """Remember a file whose front matter failed, so its body's links are checked too."""
        self.invalid.append(Document(Source(self.rel(path), 1, 1), url, path.stem, None, None,
                                     None, True, body, body_line))

    def doc_fields(self) -> dict[str, s.Field]:
        return {
            "title": s.Field(s.text, True, what="the page's title"), "description": s.Field(s.text),
            "hero": s.Field(self.image_ref), "updated": s.Field(s.date),
            "draft": s.Field(s.boolean, default=False),
            "aliases": s.Field(s.list_of(f.alias_path), default=[]),
        }

    @staticmethod
    def aliases(doc: Located, data: dict[str, Any]) -> tuple[Alias, ...]:
        return tuple(Alias(path, *doc.pos(("aliases", i)))
                     for i, path in enumerate(data["aliases"]))

    def check_slug_path(self, path: Path, parts: Iterable[str]) -> bool:
        for part in parts:
            if not is_slug(part):
                # no-break and zero-width spaces are not printable either: unseen in a name
                hidden = next((c for c in part if not c.isprintable()), "")
                why = (f"holds an invisible character (U+{ord(hidden):04X}): rename it"
                       if hidden else "is not a valid name for a URL: use lower-case letters, "
                       "digits and hyphens")
                self.report.error(self.rel(path), 1, 1,
                                  f"'{part}' {why} (e.g. '{slugify(part) or 'my-page'}')")
                return False
        return True

    def page_file(self, path: Path) -> Document | None:
        base = self.content / "pages"
        rel = PurePosixPath(path.relative_to(base).as_posix())
        if not self.check_slug_path(path, rel.with_suffix("").parts):
            return None
        parsed = self.front_matter(path, page_url(rel))
        if parsed is None:
            return None
        doc, body, body_line = parsed
        fields = self.doc_fields() | {"layout": s.Field(s.choice(LAYOUTS, "layout"))}
        data, complete = s.validate_partly(doc, s.record(fields), self.report,
                                           placeholders=not f.draft(doc))
        if data is not s.INVALID and data["draft"] is False:  # said with its errors too
            self.unfinished(doc, body, body_line)
        if not complete:
            self.keep_invalid(path, page_url(rel), body, body_line)
            return None
        layout = data["layout"] or ("home" if str(rel) == "index.md" else "page")
        return Page(
            source=Source(self.rel(path), 1, 1), url=page_url(rel), title=data["title"],
            description=data["description"], hero=data["hero"], updated=data["updated"],
            draft=data["draft"], body=body, body_line=body_line, layout=layout,
            aliases=self.aliases(doc, data),
        )

    def news_file(self, path: Path) -> Document | None:
        match = NEWS_NAME.match(path.name)
        in_news = path.parent == self.content / "news"
        if not in_news or not match:
            self.report.error(self.rel(path), 1, 1, news_name_said(path.name, in_news))
            return None
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            self.report.error(self.rel(path), 1, 1, f"'{match.group(1)}' in the file name is "
                              "not a date (news files are named YYYY-MM-DD-slug.md)")
            return None
        if not self.check_slug_path(path, [match.group(2)]):
            return None
        slug = match.group(2)
        parsed = self.front_matter(path, f"/news/{slug}/")
        if parsed is None:
            return None
        doc, body, body_line = parsed
        data, complete = s.validate_partly(doc, s.record(self.doc_fields()), self.report,
                                           placeholders=not f.draft(doc))
        if data is not s.INVALID and data["draft"] is False:  # said with its errors too
            self.unfinished(doc, body, body_line)
        if not complete:
            self.keep_invalid(path, f"/news/{slug}/", body, body_line)
            return None
        return NewsPost(
            source=Source(self.rel(path), 1, 1), url=f"/news/{slug}/", title=data["title"],
            description=data["description"], hero=data["hero"], updated=data["updated"],
            draft=data["draft"], body=body, body_line=body_line, slug=slug, date=date,
            aliases=self.aliases(doc, data),
        )

    def site_schema(self) -> s.Converter:
        species = s.record({
            "name": s.Field(f.scientific_name, True, what="the species' scientific name"),
            "common_name": s.Field(s.text),
            "group": s.Field(f.taxonomic_group),
            "status": s.Field(f.trigger_status, what=STATUS),  # required once the site is published
            "sensitive": s.Field(s.boolean, default=False),
            "photo": s.Field(self.image_ref),
            "iucn_id": s.Field(f.iucn_id),
            "gbif_id": s.Field(f.positive_int),
        })
        location = f.position(s.record({
            "lat": s.Field(f.degrees(latitude=True), True, what="the latitude in degrees, e.g. -7.25"),
            "lon": s.Field(f.degrees(latitude=False), True,
                          what="the longitude in degrees, e.g. -39.45"),
        }))
        fields = self.doc_fields()
        del fields["title"]  # a site has a name instead
        return s.record(fields | {
            "name": s.Field(s.text, True, what="the site's name"),
            "iso3": s.Field(f.iso3_list, True, what="the country's three-letter code, e.g. BRA"),
            "location": s.Field(location, True, what="the site's position in degrees, e.g. "
                                "{lat: -7.25, lon: -39.45}"),
            "area_km2": s.Field(s.number(above=0, high=EARTH_KM2, why=" km², the Earth's surface")),
            "wdkba_id": s.Field(f.positive_int),
            # no criteria: criteria.yaml failed (reported), the codes are not checked against it
            "criteria": s.Field(s.list_of(s.choice(self.criteria, "KBA criterion", "content/criteria.yaml")
                                          if self.criteria else f.code, unique=True),
                                  default=[]),
            "protection": s.Field(s.choice(PROTECTION, "protection level")),
            "species": s.Field(s.list_of(species), default=[]),
        })

    def site_file(self, path: Path) -> Document | None:
        if path.parent != self.content / "sites":
            self.report.error(self.rel(path), 1, 1, "site files live directly in content/sites/")
            return None
        if not self.check_slug_path(path, [path.stem]):
            return None
        parsed = self.front_matter(path, f"/sites/{path.stem}/")
        if parsed is None:
            return None
        doc, body, body_line = parsed
        data, complete = s.validate_partly(doc, self.schema, self.report,
                                           placeholders=not f.draft(doc))
        if data is s.INVALID:
            self.keep_invalid(path, f"/sites/{path.stem}/", body, body_line)
            return None
        ctx = s.Ctx(doc, self.report)
        # every problem of the file is said in one run: what could be read is checked too
        if not self.checked(ctx, data, body, body_line) or not complete:
            self.keep_invalid(path, f"/sites/{path.stem}/", body, body_line)
            return None
        species = tuple(
            Species(sp["name"], sp["common_name"], sp["group"], sp["status"], sp["sensitive"],
                    Source(doc.path, *doc.pos(("species", i, "name"))), sp["photo"],
                    sp["iucn_id"], sp["gbif_id"])
            for i, sp in enumerate(data["species"]) if sp["status"] is not None
        )
        # every species named counts, with a status or not yet: `build --drafts` shows a draft
        secret = tuple(sp["name"] for sp in data["species"] if sp["sensitive"])
        lat, lon = data["location"]["lat"], data["location"]["lon"]
        if secret:  # the precise position stays in content/ (secret_kept)
            lat, lon = coarsen(lat), coarsen(lon)
        return AzeSite(
            source=Source(self.rel(path), 1, 1), url=f"/sites/{path.stem}/",
            title=data["name"], description=data["description"], hero=data["hero"],
            updated=data["updated"], draft=data["draft"], body=body, body_line=body_line,
            slug=path.stem, iso3=tuple(data["iso3"]), lat=lat, lon=lon,
            area_km2=data["area_km2"], wdkba_id=None if secret else data["wdkba_id"],
            _wdkba_id=data["wdkba_id"],
            criteria=tuple(data["criteria"]), protection=data["protection"], species=species,
            aliases=self.aliases(doc, data),
            at=tuple((key, *doc.pos((key,))) for key in ("name", "location", "wdkba_id")),
            unrated=tuple(sp["name"] for sp in data["species"] if sp["status"] is None),
            secret=secret,
        )

    def checked(self, ctx: s.Ctx, data: dict[str, Any], body: str, body_line: int) -> bool:
        """The checks of a site that its schema cannot make (False: errors said). `data` may
        hold values that could not be read (INVALID, said where validated): what depends
        on one of them is not checked, so that one mistake is not said again as another."""
        draft = data["draft"]  # True, False, or INVALID: then neither is said
        location = data["location"]
        place = (location["lat"], location["lon"]) if s.readable(location) else None
        if draft is False:
            if place == (0, 0):
                ctx.warning(("location",), "0, 0 is the placeholder position of 'aze-site new' "
                            "(a point in the ocean off West Africa): write the site's "
                            "centroid, in WGS84 degrees")
            self.unfinished(ctx.doc, body, body_line)
        if place is not None and s.readable(data["iso3"]):
            self.where(ctx, data)
        species = data["species"]
        if species == [] and draft is False:
            ctx.error(("species",), "a site without trigger species is published only as a "
                      "draft: add its species or set 'draft: true'")
            return False
        if species == [] and draft is True:
            ctx.warning(("species",), "draft site has no trigger species yet", draft=True)
        if species is s.INVALID:
            return False
        rated, once = self.statuses(ctx, data), self.named_once(ctx, data)  # both said
        if place is not None and any(sp is not s.INVALID and sp["sensitive"] is True
                                     for sp in species):
            self.secret_kept(ctx, data, body, body_line)
        return rated and once

    def secret_kept(self, ctx: s.Ctx, data: dict[str, Any], body: str, body_line: int) -> None:
        """An error at each place the site's own text gives its precise position, which
        is to stay unpublished: its body, and each field published as text (that could be
        read)."""
        lat, lon = data["location"]["lat"], data["location"]["lon"]
        for start, end, axis in mentions(body, lat, lon):
            line, col = position(body, start)
            self.report.error(ctx.doc.path, body_line + line - 1, col,
                              secret_told(body[start:end], axis))
        species = [(i, sp) for i, sp in enumerate(data["species"]) if sp is not s.INVALID]
        aliases = data["aliases"] if isinstance(data["aliases"], list) else []
        fields: list[tuple[tuple[str | int, ...], Any]] = [
            (("name",), data["name"]), (("description",), data["description"]),
            *((("species", i, "common_name"), sp["common_name"]) for i, sp in species),
            *((("aliases", i), alias) for i, alias in enumerate(aliases))]
        for where, text in fields:
            if not isinstance(text, str):  # none, or not read
                continue
            for start, end, axis in mentions(text, lat, lon):
                ctx.error(where, secret_told(text[start:end], axis))

    @staticmethod
    def where(ctx: s.Ctx, data: dict[str, Any]) -> None:
        """A position far from the site's countries that a sign changed or the two numbers
        swapped would put in one of them: a warning saying which (drafts' too, so that an
        import's slips show before the site is published)."""
        slip = likely_slip(data["iso3"], data["location"]["lat"], data["location"]["lon"])
        if slip is not None:
            what, hint, code = slip
            far = " and ".join(country_name(c) or c for c in data["iso3"])
            ctx.warning(("location",), f"this position is far from {far}; with {what} it lies "
                        f"in {country_name(code) or code} ({hint})", draft=data["draft"] is True)

    @staticmethod
    def statuses(ctx: s.Ctx, data: dict[str, Any]) -> bool:
        """Every species of a published site has a Red List status (False: errors said). A
        draft's species may wait for theirs, as `import aze-species` leaves a table of names
        alone: each is a warning, and left out of the site until it has one."""
        if data["draft"] is s.INVALID:  # an error or a warning: not known
            return False
        unrated = [i for i, sp in enumerate(data["species"])
                   if sp is not s.INVALID and sp["status"] is None]
        for i in unrated:
            if not data["draft"]:
                ctx.error(("species", i, "status"), s.missing("status", STATUS),
                          label=("species", i))
            else:
                ctx.warning(("species", i), "no Red List 'status' yet (CR, EN or EW): the "
                            "species is left out until it has one, and the site cannot be "
                            "published without it", label=("species", i), draft=True)
        return data["draft"] or not unrated

    @staticmethod
    def named_once(ctx: s.Ctx, data: dict[str, Any]) -> bool:
        """No species is listed twice in a site (False: an error at each repeat), as two
        rows of a spreadsheet pasted twice would list it."""
        first: dict[str, int] = {}
        once = True
        for i, sp in enumerate(data["species"]):
            if sp is s.INVALID or sp["name"] is s.INVALID:
                continue
            at = first.setdefault(species_slug(sp["name"]), i)  # one page: one species
            if at != i:
                written = data["species"][at]["name"]
                as_ = "" if written == sp["name"] else f" ('{written}')"  # names in single spaces
                ctx.error(("species", i, "name"), f"'{sp['name']}' is already listed as "
                          f"species[{at}]{as_}: list each species once")
                once = False
        return once

    def load_isolated(self, path: Path, load_one: Callable[[Path], Document | None]) -> FileResult:
        """Load one file with its own diagnostics and photo uses, so the result can be cached."""
        report, used, invalid = self.report, self.used_images, self.invalid
        self.report, self.used_images, self.invalid = Report(), set(), []
        try:
            doc = load_one(path)
            return FileResult(doc, tuple(self.report.items),
                              self.invalid[0] if self.invalid else None,
                              tuple(sorted(self.used_images)))
        finally:
            self.report, self.used_images, self.invalid = report, used, invalid

