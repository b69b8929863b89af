"""Load content/ into the validated model, reporting every problem with its position."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

from aze_site.content import schema as s
from aze_site.content import skeleton
from aze_site.content.countries import country_name
from aze_site.content.yamlsrc import NUL, Located, parse_yaml, position, split_front_matter
from aze_site.content.yamlsrc import Path as YPath
from aze_site.errors import Diagnostic, Report
from aze_site.images.pixels import cached_image_info
from aze_site.images.planner import photo_problem
from aze_site.model import (
    AZE_TRIGGER_STATUSES,
    GROUPS,
    PROTECTION,
    RED_LIST,
    Audience,
    AzeSite,
    Content,
    CriteriaCategory,
    Criterion,
    Document,
    Image,
    MapConfig,
    NavItem,
    NewsPost,
    Page,
    Partner,
    SiteConfig,
    Source,
    Species,
)
from aze_site.slugs import coarsen, is_slug, page_url, slugify
from aze_site.workers import parallel_map

LAYOUTS = ("home", "page", "criteria", "partners")


@dataclass(frozen=True)
class FileResult:
    """All that loading one Markdown file gives: cached by the file's content."""

    doc: Document | None
    diagnostics: tuple[Diagnostic, ...]
    invalid: Document | None  # when the front matter failed: its body is still link-checked
    images: tuple[str, ...]  # photos it uses


class FileCache(Protocol):
    def get(self, rel: str, path: Path, context: str) -> FileResult | None: ...

    def put(self, rel: str, path: Path, context: str, result: FileResult) -> None: ...
NEWS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.md$")


class Loader:
    """Reads one project's content/ folder. Every problem goes to `report`."""

    def __init__(self, root: Path, report: Report, cache: Path | None = None,
                 files: FileCache | None = None, write_cache: bool = True,
                 base_url: str | None = None) -> None:
        self.root = root
        self.content = root / "content"
        self.report = report
        self.images: dict[str, Image] = {}
        self.criteria: dict[str, Criterion] = {}
        self.invalid: list[Document] = []
        self.cache = cache  # where facts of photos are remembered between builds
        self.write_cache = write_cache  # False for `check`, which writes nothing
        self.used_images: set[str] = set()
        self.files = files  # parsed Markdown files remembered between builds
        self.schema: s.Converter = s.text
        self.jobs = 1  # processes for loading Markdown files (see documents)
        self.base_url = base_url  # the build's --base-url: site.yaml's is then not published
        self.form_paths: list[tuple[str, str, int, int]] = []  # forms that lead to a page here

    def __getstate__(self) -> dict[str, Any]:
        """Kept with a build's state (state.py): without its converters (functions made
        from the loaded YAML, made again on loading), report and file cache."""
        return {**self.__dict__, "schema": None, "files": None, "report": Report()}

    def __setstate__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.schema = self.site_schema()

    # -- helpers -------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_text(self, path: Path) -> str | None:
        """The text of a content file; None (and an error at the offending byte) when it is not
        UTF-8 or holds a NUL byte, so that nothing of it is published."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.report.error(self.rel(path), 0, 0, f"cannot read: {exc.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = data.rfind(b"\n", 0, exc.start) + 1
            before = data[start:exc.start].removeprefix(codecs.BOM_UTF8 if start == 0 else b"")
            self.report.error(self.rel(path), data.count(b"\n", 0, exc.start) + 1,
                              len(before.decode("utf-8")) + 1,
                              f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x}): save it "
                              "as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
            return None
        nul = text.find("\0")
        if nul >= 0:
            self.report.error(self.rel(path), *position(text, nul), NUL)
            return None
        return text

    def yaml_file(self, name: str, *, required: bool, holds: str = "") -> Located | None:
        """A YAML file of content/; `holds` says what an empty one should hold (an error),
        e.g. "list the partners"."""
        path = self.content / name
        if not path.is_file():
            if required:
                self.report.error(self.rel(path), 0, 0, "file is missing")
            return None
        text = self.read_text(path)
        doc = None if text is None else parse_yaml(text, self.rel(path), self.report)
        if doc is not None:
            self.warn_todo_notes(doc)
            if doc.data is None and holds:
                self.report.error(doc.path, 1, 1, f"the file is empty: it should {holds}")
                return None
        return doc

    def warn_todo_notes(self, doc: Located) -> None:
        """A '# TODO' comment left in the YAML, unless a warning already points at its line."""
        if not doc.todos:
            return
        warned = {(d.path, d.line) for d in self.report.items if d.level == "warning"}
        for line, col in doc.todos:
            if (doc.path, line) not in warned:
                self.report.warning(doc.path, line, col, "a TODO note is left in this comment: do "
                                    "what it says, then delete the note")

    def markdown_files(self, folder: str) -> list[Path]:
        base = self.content / folder
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*")):
            if path.is_symlink():
                self.report.error(self.rel(path), 0, 0, "symbolic links are not allowed in content/")
            elif path.is_file() and path.suffix == ".md":
                found.append(path)
        return found

    # -- image references ------------------------------------------------------------
    def image_ref(self, value: Any, where: YPath, ctx: s.Ctx) -> Any:
        key = s.text(value, where, ctx)
        if key is s.INVALID:
            return key
        if key in self.images:
            self.used_images.add(key)
        problem = photo_problem(self.images, key)
        return ctx.error(where, problem) if problem else key

    # -- site.yaml -------------------------------------------------------------------
    def load_config(self) -> SiteConfig | None:
        doc = self.yaml_file("site.yaml", required=True, holds="hold the site's settings: title, "
                             "base_url, language, description")
        if doc is None:
            return None
        form_fix = ("write the address of the real form, or the path of a page of this site that "
                    "explains what to do (e.g. /nominate/ for content/pages/nominate.md)")
        nav = s.record({"title": s.Field(s.text, True),
                        "url": s.Field(_real(s.url, "write the real address"), True)})
        base_url = s.absolute_url if self.base_url else _real(
            s.absolute_url, "write the address the site is published at (feeds, the sitemap and "
            "link previews use it)")
        schema = s.record({
            "title": s.Field(s.text, True),
            "base_url": s.Field(base_url, True),
            "language": s.Field(_language, True),
            "description": s.Field(s.text, True),
            "hero": s.Field(s.record({"image": s.Field(self.image_ref, True)})),
            "nav": s.Field(s.list_of(nav), default=[]),
            "forms": s.Field(s.record({
                "submit_url": s.Field(_real(_form_url, form_fix)),
                "update_url": s.Field(_real(_update_url, form_fix)),
            }), default={}),
            "social_cards": s.Field(s.boolean, default=True),
            "map": s.Field(s.record({
                "tiles": s.Field(_real(_tile_url, "write the address of a real tile server, or "
                                       "remove 'tiles' to use OpenStreetMap's")),
                "attribution": s.Field(s.text),
                "attribution_url": s.Field(_real(s.absolute_url, "write the real address of the "
                                                 "tiles' licence")),
                "max_zoom": s.Field(_max_zoom),
            }), default={}),
            "data": s.Field(s.record({
                "license": s.Field(s.text), "citation": s.Field(s.text),
            }), default={}),
            "markdown": s.Field(s.record({"raw_html": s.Field(s.boolean, default=False)}),
                                default={}),
        })
        data = s.validate(doc, schema, self.report)
        if data is s.INVALID:
            return None
        if not data["data"].get("license"):
            s.Ctx(doc, self.report).warning(
                ("data",), "'license' is missing, so the downloads say \"See the site's terms\": "
                "add data: {license: ...} saying on what terms the data may be reused")
        self.form_paths = [(f"forms.{key}", data["forms"][key], *doc.pos(("forms", key)))
                           for key in ("submit_url", "update_url")
                           if (data["forms"].get(key) or "").startswith("/")]
        base = data["base_url"] if data["base_url"].endswith("/") else data["base_url"] + "/"
        if data["map"].get("tiles") not in (None, MapConfig().tiles) and not data["map"].get("attribution"):
            s.Ctx(doc, self.report).warning(("map", "tiles"), "a tile source without "
                                            "'attribution': most tile licences require one")
        return SiteConfig(
            title=data["title"], base_url=base, language=data["language"],
            description=data["description"],
            hero=(data["hero"] or {}).get("image"),
            nav=tuple(NavItem(n["title"], n["url"]) for n in data["nav"]),
            submit_url=data["forms"].get("submit_url"),
            update_url=data["forms"].get("update_url"),
            social_cards=data["social_cards"],
            map=_map_config(data["map"]),
            data_license=data["data"].get("license"), data_citation=data["data"].get("citation"),
            raw_html=bool(data["markdown"].get("raw_html", False)),
        )

    # -- images/images.yaml ------------------------------------------------------------
    def load_images(self) -> None:
        doc = self.yaml_file("images/images.yaml", required=False)
        if doc is None or doc.data is None:
            return
        entry = s.record({
            "alt": s.Field(s.text), "credit": s.Field(s.text), "caption": s.Field(s.text),
            "license": s.Field(s.text), "focal_point": s.Field(_focal_point, default=(0.5, 0.5)),
        })
        ctx = s.Ctx(doc, self.report)
        if not isinstance(doc.data, dict):
            ctx.error((), "expected a mapping of photo file names to their details")
            return
        folder = self.content / "images"
        for key, raw in doc.data.items():
            data = entry(raw if raw is not None else {}, (key,), ctx)
            if data is s.INVALID:
                continue
            if "/" in key or "\\" in key or key.startswith("."):
                ctx.error((key,), f"'{key}' must be a file name inside content/images/", at_key=True)
                continue
            path = folder / key
            if not path.is_file() or path.is_symlink():
                ctx.error((key,), f"photo file content/images/{key} does not exist", at_key=True)
                continue
            blob = path.read_bytes()
            digest = hashlib.sha256(blob).hexdigest()[:16]
            info = cached_image_info(blob, digest, self.cache, self.write_cache)
            line, col = doc.key_pos((key,))
            if isinstance(info, str):  # reported where a page uses it, or as a warning
                self.images[key] = Image(key, data["alt"], data["credit"], data["caption"],
                                         data["license"], data["focal_point"], 0, 0, digest,
                                         Source(doc.path, line, col), problem=info)
                continue
            credit = data["credit"] or info.credit
            if not data["license"] and credit:
                ctx.warning((key,), f"photo '{key}' has no license")
            self.images[key] = Image(
                key=key, alt=data["alt"], credit=credit, caption=data["caption"],
                license=data["license"], focal_point=data["focal_point"],
                width=info.width, height=info.height, digest=digest,
                source=Source(doc.path, line, col), color=info.color,
            )

    # -- criteria.yaml -----------------------------------------------------------------
    def load_criteria(self) -> tuple[CriteriaCategory, ...]:
        doc = self.yaml_file("criteria.yaml", required=True,
                             holds="list the KBA criteria by category")
        if doc is None:
            return ()
        criterion = s.record({
            "code": s.Field(_code, True), "title": s.Field(s.text, True),
            "description": s.Field(s.text, True), "threshold": s.Field(s.text),
        })
        category = s.record({
            "code": s.Field(_code, True), "title": s.Field(s.text, True),
            "summary": s.Field(s.text), "criteria": s.Field(s.list_of(criterion, min_items=1), True),
        })
        data = s.validate(doc, s.list_of(category, min_items=1), self.report, item="category")
        if data is s.INVALID:
            return ()
        ctx = s.Ctx(doc, self.report, item="category")
        out = []
        for i, cat in enumerate(data):
            items = []
            for j, c in enumerate(cat["criteria"]):
                if c["code"] in self.criteria:
                    ctx.error((i, "criteria", j, "code"), f"duplicate criterion code '{c['code']}'")
                    continue
                crit = Criterion(c["code"], cat["code"], c["title"], c["description"], c["threshold"])
                self.criteria[crit.code] = crit
                items.append(crit)
            out.append(CriteriaCategory(cat["code"], cat["title"], cat["summary"], tuple(items)))
        return tuple(out)

    # -- partners.yaml -----------------------------------------------------------------
    def load_partners(self) -> tuple[Partner, ...]:
        doc = self.yaml_file("partners.yaml", required=True, holds="list the partners")
        if doc is None:
            return ()
        partner = s.record({
            "name": s.Field(s.text, True), "short_name": s.Field(s.text),
            "url": s.Field(_real(s.absolute_url, "write the partner's real website"), True),
            "description": s.Field(s.text),
        })
        data = s.validate(doc, s.list_of(partner), self.report, item="partner")
        if data is s.INVALID:
            return ()
        return tuple(Partner(p["name"], p["short_name"], p["url"], p["description"]) for p in data)

    # -- audiences.yaml ----------------------------------------------------------------
    def load_audiences(self, pages: Iterable[Page]) -> tuple[Audience, ...]:
        doc = self.yaml_file("audiences.yaml", required=True,
                             holds="list the calls to action of the home page")
        if doc is None:
            return ()
        known = {p.source.path.removeprefix("content/") for p in pages}

        def page_ref(value: Any, where: YPath, ctx: s.Ctx) -> Any:
            ref = s.text(value, where, ctx)
            if ref is not s.INVALID and ref not in known:
                return ctx.error(where, f"'{ref}' is not a page (expected a path such as "
                                 "pages/act/policy-makers.md)")
            return ref

        audience = s.record({
            "audience": s.Field(s.text, True), "action": s.Field(s.text, True),
            "link_text": s.Field(s.text, True), "page": s.Field(page_ref, True),
        })
        data = s.validate(doc, s.list_of(audience), self.report, item="audience")
        if data is s.INVALID:
            return ()
        return tuple(Audience(a["audience"], a["action"], a["link_text"], a["page"]) for a in data)

    # -- Markdown documents --------------------------------------------------------------
    def front_matter(self, path: Path) -> tuple[Located, str, int] | None:
        text = self.read_text(path)
        if text is None:
            return None
        fm = split_front_matter(text, self.rel(path), self.report)
        if fm is None:
            return None
        doc = parse_yaml(fm.yaml_text, self.rel(path), self.report, line_offset=fm.yaml_line)
        if doc is None:
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
            "title": s.Field(s.text, True), "description": s.Field(s.text),
            "hero": s.Field(self.image_ref), "updated": s.Field(s.date),
            "draft": s.Field(s.boolean, default=False),
        }

    def check_slug_path(self, path: Path, parts: Iterable[str]) -> bool:
        for part in parts:
            if not is_slug(part):
                self.report.error(
                    self.rel(path), 1, 1,
                    f"'{part}' is not a valid name for a URL: use lower-case letters, digits and "
                    f"hyphens (e.g. '{slugify(part) or 'my-page'}')")
                return False
        return True

    def page_file(self, path: Path) -> Document | None:
        base = self.content / "pages"
        rel = PurePosixPath(path.relative_to(base).as_posix())
        if not self.check_slug_path(path, rel.with_suffix("").parts):
            return None
        parsed = self.front_matter(path)
        if parsed is None:
            return None
        doc, body, body_line = parsed
        fields = self.doc_fields() | {"layout": s.Field(s.choice(LAYOUTS, "layout"))}
        data = s.validate(doc, s.record(fields), self.report, placeholders=not _draft(doc))
        if data is s.INVALID:
            self.keep_invalid(path, page_url(rel), body, body_line)
            return None
        if not data["draft"]:
            self.unfinished(doc, body, body_line)
        layout = data["layout"] or ("home" if str(rel) == "index.md" else "page")
        return Page(
            source=Source(self.rel(path), 1, 1), url=page_url(rel), title=data["title"],
            description=data["description"], hero=data["hero"], updated=data["updated"],
            draft=data["draft"], body=body, body_line=body_line, layout=layout,
        )

    def news_file(self, path: Path) -> Document | None:
        match = NEWS_NAME.match(path.name)
        if path.parent != self.content / "news" or not match:
            self.report.error(self.rel(path), 1, 1,
                              "news files are named content/news/YYYY-MM-DD-slug.md")
            return None
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            self.report.error(self.rel(path), 1, 1, f"'{match.group(1)}' in the file name is "
                              "not a date (news files are named YYYY-MM-DD-slug.md)")
            return None
        if not self.check_slug_path(path, [match.group(2)]):
            return None
        parsed = self.front_matter(path)
        if parsed is None:
            return None
        doc, body, body_line = parsed
        slug = match.group(2)
        data = s.validate(doc, s.record(self.doc_fields()), self.report,
                          placeholders=not _draft(doc))
        if data is s.INVALID:
            self.keep_invalid(path, f"/news/{slug}/", body, body_line)
            return None
        if not data["draft"]:
            self.unfinished(doc, body, body_line)
        return NewsPost(
            source=Source(self.rel(path), 1, 1), url=f"/news/{slug}/", title=data["title"],
            description=data["description"], hero=data["hero"], updated=data["updated"],
            draft=data["draft"], body=body, body_line=body_line, slug=slug, date=date,
        )

    def site_schema(self) -> s.Converter:
        species = s.record({
            "name": s.Field(_scientific_name, True),
            "common_name": s.Field(s.text),
            "group": s.Field(s.choice(GROUPS, "taxonomic group")),
            "status": s.Field(_trigger_status, True),
            "sensitive": s.Field(s.boolean, default=False),
        })
        location = s.record({
            "lat": s.Field(s.number(-90, 90), True), "lon": s.Field(s.number(-180, 180), True),
        })
        fields = self.doc_fields()
        del fields["title"]  # a site has a name instead
        return s.record(fields | {
            "name": s.Field(s.text, True),
            "iso3": s.Field(_iso3_list, True),
            "location": s.Field(location, True),
            "area_km2": s.Field(s.number(above=0)),
            "wdkba_id": s.Field(_positive_int),
            "criteria": s.Field(s.list_of(s.choice(self.criteria, "KBA criterion in criteria.yaml")),
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
        parsed = self.front_matter(path)
        if parsed is None:
            return None
        doc, body, body_line = parsed
        data = s.validate(doc, self.schema, self.report, placeholders=not _draft(doc))
        if data is s.INVALID:
            self.keep_invalid(path, f"/sites/{path.stem}/", body, body_line)
            return None
        ctx = s.Ctx(doc, self.report)
        if not data["draft"]:
            if data["location"]["lat"] == 0 and data["location"]["lon"] == 0:
                ctx.warning(("location",), "0, 0 is the placeholder position of 'aze-site new' (a "
                            "point in the ocean off West Africa): write the site's centroid, in "
                            "WGS84 degrees")
            self.unfinished(doc, body, body_line)
        if not data["species"] and not data["draft"]:
            ctx.error(("species",), "a site without trigger species is published only as a "
                      "draft: add its species or set 'draft: true'")
            return None
        if not data["species"]:
            ctx.warning(("species",), "draft site has no trigger species yet")
        species = tuple(
            Species(sp["name"], sp["common_name"], sp["group"], sp["status"], sp["sensitive"],
                    Source(doc.path, *doc.pos(("species", i, "name"))))
            for i, sp in enumerate(data["species"])
        )
        sensitive = any(sp.sensitive for sp in species)
        lat, lon = data["location"]["lat"], data["location"]["lon"]
        if sensitive:  # the precise position stays in content/
            lat, lon = coarsen(lat), coarsen(lon)
        return AzeSite(
            source=Source(self.rel(path), 1, 1), url=f"/sites/{path.stem}/",
            title=data["name"], description=data["description"], hero=data["hero"],
            updated=data["updated"], draft=data["draft"], body=body, body_line=body_line,
            slug=path.stem, iso3=tuple(data["iso3"]), lat=lat, lon=lon, coarsened=sensitive,
            area_km2=data["area_km2"], wdkba_id=data["wdkba_id"],
            criteria=tuple(data["criteria"]), protection=data["protection"], species=species,
        )

    def warn_shared_species(self, sites: list[AzeSite]) -> None:
        """An AZE trigger species lives at one site only: say so when two claim it."""
        first: dict[str, str] = {}
        for site in sites:
            if site.draft:
                continue
            for sp in site.species:
                other = first.setdefault(sp.name, site.source.path)
                if other != site.source.path:
                    where = s.dotted(("species", site.species.index(sp), "name"))
                    self.report.warning(sp.source.path, sp.source.line, sp.source.col,
                                        f"{where}: '{sp.name}' is also a trigger species at "
                                        f"{other}: an AZE trigger species occurs at one site only")

    def check_forms(self, pages: Iterable[Page], config: SiteConfig) -> SiteConfig:
        """A form address of site.yaml that is a path must lead to a page of content/pages/
        (found by load_config; checked once the pages are loaded). Returns the config without
        the addresses that do not, so they are reported once, here, at their line."""
        urls = {page.url for page in pages}
        for label, url, line, col in self.form_paths:
            target = urlsplit(url).path
            if "{slug}" in target or target in urls or target + "/" in urls:
                continue
            self.report.error("content/site.yaml", line, col, f"{label}: no page at {target}: a path "
                              "here must be the URL of a page of content/pages/ (e.g. /nominate/ for "
                              "content/pages/nominate.md)")
            if label == "forms.submit_url":
                config = replace(config, submit_url=None)
            else:
                config = replace(config, update_url=None)
        return config

    def context_key(self) -> str:
        """What validating a Markdown file depends on beyond the file itself."""
        images = sorted((k, bool(i.alt), bool(i.credit), i.problem) for k, i in self.images.items())
        return hashlib.sha256(repr((sorted(self.criteria), images)).encode()).hexdigest()

    def documents(self, folder: str, load_one: Callable[[Path], Document | None]) -> list[Document]:
        """Every Markdown file of a folder, each loaded once and remembered by the file cache;
        files not in the cache are loaded in `self.jobs` processes."""
        out = []
        key = self.context_key()
        paths = [(path, self.rel(path)) for path in self.markdown_files(folder)]
        known = {rel: self.files.get(rel, path, key) if self.files else None
                 for path, rel in paths}
        todo = [path for path, rel in paths if known[rel] is None]
        for path, fresh in zip(todo, parallel_map(_load_files, todo, (self, load_one),
                                                  self.jobs, min_items=256), strict=True):
            known[self.rel(path)] = fresh
            if self.files:
                self.files.put(self.rel(path), path, key, fresh)
        for _, rel in paths:
            result = known[rel]
            assert result is not None
            self.report.items.extend(result.diagnostics)
            self.used_images.update(result.images)
            if result.invalid:
                self.invalid.append(result.invalid)
            if result.doc is not None:
                out.append(result.doc)
        return out

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

    def load(self) -> Content | None:
        if not self.content.is_dir():
            self.report.error("content", 0, 0, "content/ folder not found (is --root right?)")
            return None
        self.load_images()
        config = self.load_config()
        categories = self.load_criteria()
        partners = self.load_partners()
        self.schema = self.site_schema()
        pages = [d for d in self.documents("pages", self.page_file) if isinstance(d, Page)]
        news = [d for d in self.documents("news", self.news_file) if isinstance(d, NewsPost)]
        sites = [d for d in self.documents("sites", self.site_file) if isinstance(d, AzeSite)]
        self.warn_shared_species(sites)
        if config is not None:
            config = self.check_forms(pages, config)
        audiences = self.load_audiences(pages)
        for image in self.images.values():
            if image.problem and image.key not in self.used_images:
                line, col = image.source.line, image.source.col
                self.report.warning(image.source.path, line, col, f"photo '{image.key}' "
                                    f"(not used by any page) cannot be published: {image.problem}")
        if config is None:  # reported already; a stand-in lets every other check run
            config = SiteConfig("", "https://invalid.invalid/", "en", "", None, (), None, None, True)
        return Content(
            config=config, pages=tuple(pages), sites=tuple(sites), news=tuple(news),
            categories=categories, partners=partners, audiences=audiences, images=self.images,
            invalid=tuple(self.invalid),
        )


# -- field converters specific to this content ---------------------------------------


def _language(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    if not isinstance(value, str) or not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", value):
        return ctx.error(where, f"expected a language tag such as 'en' or 'pt-BR', got {value!r}")
    return value


def _draft(doc: Located) -> bool:
    """Whether a front matter says `draft: true` (read before it is validated)."""
    return isinstance(doc.data, dict) and doc.data.get("draft") is True


_EXAMPLE_DOMAINS = ("example.org", "example.net", "example.com")
_EXAMPLE_TLDS = ("test", "invalid", "example", "localhost")


def reserved_domain(url: str) -> str | None:
    """The reserved name (RFC 2606, RFC 6761) an address uses, e.g. 'example.org' or '.test',
    or None for an address that can be real; loopback addresses count as reserved."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    for domain in _EXAMPLE_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return domain
    tld = host.rsplit(".", 1)[-1]
    if tld in _EXAMPLE_TLDS:
        return tld if tld == "localhost" else "." + tld
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None


def _real(convert: s.Converter, fix: str) -> s.Converter:
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


def _form_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """An http(s) URL, or the path of a page of this site (checked by Loader.check_forms)."""
    if isinstance(value, str) and re.match(r"^/(?!/)[^\s<>\"']*$", value.strip()):
        return value.strip()
    if isinstance(value, str) and re.match(r"^https?://[^\s/<>\"']+[^\s<>\"']*$", value.strip()):
        return value.strip()
    shown = repr(value) if isinstance(value, str) else str(value)
    return ctx.error(where, f"expected an http(s) URL or the path of a page of this site (starting "
                     f"with '/'), got {shown}")


def _update_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = _form_url(value, where, ctx)
    if got is not s.INVALID and "{slug}" not in got and not got.startswith("/"):
        ctx.warning(where, "has no '{slug}' placeholder: every site's link will be the same")
    return got


def _tile_url(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.absolute_url(value, where, ctx)
    if got is not s.INVALID and not all(p in got for p in ("{z}", "{x}", "{y}")):
        return ctx.error(where, f"'{got}' is not a tile URL template: it needs {{z}}, {{x}} and {{y}}, "
                         "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    return got


def _max_zoom(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.integer(value, where, ctx)
    if got is not s.INVALID and not 1 <= got <= 22:
        return ctx.error(where, f"{got} is not a zoom level from 1 to 22")
    return got


def _map_config(data: dict[str, Any]) -> MapConfig:
    """site.yaml's `map:`; a custom tile source brings its own attribution, not OpenStreetMap's."""
    default = MapConfig()
    custom = data.get("tiles") not in (None, default.tiles)
    return MapConfig(
        tiles=data.get("tiles") or default.tiles,
        attribution=data.get("attribution") or ("" if custom else default.attribution),
        attribution_url=data.get("attribution_url") or (None if custom else default.attribution_url),
        max_zoom=data.get("max_zoom") or default.max_zoom,
    )


def _focal_point(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    pair = s.list_of(s.number(0, 1))(value, where, ctx)
    if pair is s.INVALID:
        return pair
    if len(pair) != 2:
        return ctx.error(where, "expected [x, y], two numbers from 0 to 1")
    return (pair[0], pair[1])


def _code(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.text(value, where, ctx)
    if got is not s.INVALID and not re.match(r"^[A-Z][A-Za-z0-9]*$", got):
        return ctx.error(where, f"'{got}' is not a criterion code such as A1e or B2")
    return got


def _positive_int(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.integer(value, where, ctx)
    if got is not s.INVALID and got <= 0:
        return ctx.error(where, f"{got} must be a positive whole number")
    return got


def _scientific_name(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    got = s.text(value, where, ctx)
    if got is not s.INVALID and not slugify(got):
        return ctx.error(where, f"'{got}' is not a scientific name such as 'Genus species'")
    return got


def _trigger_status(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    if isinstance(value, str) and value in AZE_TRIGGER_STATUSES:
        return value
    if isinstance(value, str) and value in RED_LIST:
        return ctx.error(where, f"'{value}' ({RED_LIST[value]}) does not qualify a species as an "
                         "AZE trigger (expected CR, EN or EW)")
    shown = repr(value) if isinstance(value, str) else str(value)
    return ctx.error(where, f"{shown} is not an IUCN Red List category for an AZE trigger "
                     "(expected CR, EN or EW)")


def _iso3(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    if isinstance(value, str) and country_name(value):
        return value
    hint = ""
    if isinstance(value, str) and country_name(value.upper()):
        hint = f" (did you mean '{value.upper()}'?)"
    shown = repr(value) if isinstance(value, str) else str(value)
    return ctx.error(where, f"{shown} is not an ISO 3166-1 alpha-3 country code{hint}")


def _iso3_list(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    if isinstance(value, list):
        got = s.list_of(_iso3, min_items=1)(value, where, ctx)
        if got is not s.INVALID and len(set(got)) != len(got):
            return ctx.error(where, "a country is listed twice")
        return got
    got = _iso3(value, where, ctx)
    return got if got is s.INVALID else [got]


def _load_files(state: tuple[Loader, Callable[[Path], Document | None]],
                paths: list[Path]) -> list[FileResult]:
    loader, load_one = state
    return [loader.load_isolated(path, load_one) for path in paths]
