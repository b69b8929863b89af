"""Loading the site-wide YAML files: site.yaml, images.yaml, criteria, partners, audiences."""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aze_site.content import fields as f
from aze_site.content import schema as s
from aze_site.content.reading import LoaderBase
from aze_site.content.yamlsrc import Located
from aze_site.content.yamlsrc import Path as YPath
from aze_site.files import linked_here, not_a_file, read_file
from aze_site.images.planner import UNREADABLE
from aze_site.model import (
    Audience,
    CriteriaCategory,
    Criterion,
    Image,
    NavItem,
    Page,
    Partner,
    SiteConfig,
    Source,
)
from aze_site.slugs import slugify


def N_(message: str) -> str:  # marks a label for extraction; base.html translates it
    return message


SITE_HOLDS = "hold the site's settings: title, base_url, language, description"

# The organisation's links in the footer of every page (site.yaml `footer:`), in order.
FOOTER = {"contact": N_("Contact"), "donate": N_("Donate"), "newsletter": N_("Newsletter"),
          "privacy": N_("Privacy"), "legal": N_("Legal notice")}


def _nav_paths(doc: Located, data: dict[str, Any],
               unknown: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
    """The menu and footer addresses that could be read, with their places: checked even
    when another line of site.yaml has a mistake, so that both are said in one run; but
    not those in the folder of a language of `unknown`, whose pages are not made then."""
    paths = [(f"nav[{i}].url", n["url"], *doc.pos(("nav", i, "url")))
             for i, n in enumerate(_readable(data["nav"]) or ())
             if n is not s.INVALID and n["url"] is not s.INVALID]
    footer = _readable(data["footer"]) or {}
    paths += [(f"footer.{key}", footer[key], *doc.pos(("footer", key)))
              for key in FOOTER if footer.get(key) not in (None, s.INVALID)]
    return [path for path in paths if _folder(path[1]) not in unknown]


# a social account written as a key of its own (facebook: https://...), by its name
_NETWORKS = {"facebook": "Facebook", "twitter": "Twitter", "x": "X", "instagram": "Instagram",
             "linkedin": "LinkedIn", "youtube": "YouTube", "mastodon": "Mastodon",
             "bluesky": "Bluesky", "threads": "Threads", "tiktok": "TikTok", "flickr": "Flickr"}


def _accounts_go(where: str, example: str, *keys: str) -> dict[str, str]:
    """What the line of a social account written as a key of its own says (see
    schema.record's `elsewhere`): where it goes, as `example` writes it (a '{}' for the
    account); `keys`: more keys said so."""
    said = _NETWORKS | dict.fromkeys(keys, "Facebook")
    return {key: f"social accounts go {where} ("
            + example.format(f"{{name: {name}, url: https://...}}") + ")"
            for key, name in said.items()}


def _folder(url: str) -> str:
    """The first folder of an address of this site, 'es' of /es/sites/ ('' for another)."""
    return url.split("/")[1] if url.startswith("/") else ""


def _readable(value: Any) -> Any:
    return None if value is s.INVALID else value


class SettingsLoading(LoaderBase):
    """site.yaml and the other YAML files of content/."""

    # -- site.yaml -------------------------------------------------------------------
    def load_config(self) -> SiteConfig | None:
        doc = self.yaml_file("site.yaml", required=True, holds=SITE_HOLDS)
        if doc is None:
            return None
        data, complete = s.validate_partly(doc, self._config_schema(), self.report)
        if data is s.INVALID:  # not even 'key: value' lines: said
            return None
        # every problem of the file is said in one run: what could be read is checked too
        ctx = s.Ctx(doc, self.report)
        self._unlicensed(ctx, data["data"])
        languages = self._languages(ctx, data)
        self._unattributed(ctx, data["map"])
        _listed_twice(ctx, data["nav"], ("nav",), "the menu")
        footer_read = _readable(data["footer"])
        _listed_twice(ctx, footer_read and footer_read["social"], ("footer", "social"),
                      "the footer")
        if languages is not None:  # the menu's addresses mean what they say: checked
            # (with a mistake, the site is made in its first language alone: /es/ is unknown)
            self.nav_paths = _nav_paths(doc, data, () if complete else languages[1:])
        if not complete:  # what depends on the settings says nothing more (config_failed)
            return None
        footer = data["footer"]
        self.form_paths = [(f"forms.{key}", data["forms"][key], *doc.pos(("forms", key)))
                           for key in ("submit_url", "update_url")
                           if (data["forms"].get(key) or "").startswith("/")]
        base = data["base_url"] if data["base_url"].endswith("/") else data["base_url"] + "/"
        self.languages_at = doc.key_pos(("languages",) if data["languages"] is not None
                                        else ("language",))
        if languages is None:
            return None
        return SiteConfig(
            title=data["title"], base_url=base, language=languages[0], languages=languages,
            description=data["description"],
            hero=(data["hero"] or {}).get("image"),
            nav=tuple(NavItem(n["title"], n["url"]) for n in data["nav"]),
            submit_url=data["forms"].get("submit_url"),
            update_url=data["forms"].get("update_url"),
            social_cards=data["social_cards"],
            map=f.map_config(data["map"]),
            data_license=data["data"].get("license"), data_citation=data["data"].get("citation"),
            raw_html=bool(data["markdown"].get("raw_html", False)),
            footer=tuple(NavItem(title, footer[key]) for key, title in FOOTER.items()
                         if footer.get(key)),
            social=tuple(NavItem(a["name"], a["url"]) for a in footer.get("social") or ()),
        )

    def _config_schema(self) -> s.Converter:
        form_fix = ("write the address of the real form, or the path of a page of this site that "
                    "explains what to do (e.g. /nominate/ for content/pages/nominate.md)")
        nav = s.record({"title": s.Field(s.text, True, what="the words the menu shows"),
                        "url": s.Field(f.real(s.url, "write the real address"), True,
                                       what="the address it leads to, e.g. /about/")})
        base_url = s.site_address if self.base_url else f.real(
            s.site_address, "write the address the site is published at (feeds, the sitemap and "
            "link previews use it)")
        return s.record({
            "title": s.Field(s.text, True, what="the site's title"),
            "base_url": s.Field(base_url, True, what="the address the site is published at, "
                                "e.g. https://example.org/"),
            "language": s.Field(f.language),
            "languages": s.Field(s.list_of(f.language, needed="language")),
            "description": s.Field(s.text, True, what="one sentence on what the site is "
                                   "about, shown in its footer and to search engines"),
            "hero": s.Field(_default_hero(s.record({"image": s.Field(
                self.image_ref, True, what="the name of a photo of images/images.yaml")}))),
            "nav": s.Field(s.list_of(nav), default=[]),
            "forms": s.Field(s.record({
                "submit_url": s.Field(f.real(f.form_url, form_fix)),
                "update_url": s.Field(f.real(f.update_url, form_fix)),
            }), default={}),
            "social_cards": s.Field(s.boolean, default=True),
            "map": s.Field(s.record({
                "tiles": s.Field(f.real(f.tile_url, "write the address of a real tile server, or "
                                       "remove 'tiles' to draw the map from the built-in outlines")),
                "attribution": s.Field(s.text),
                "attribution_url": s.Field(f.real(s.absolute_url, "write the real address of the "
                                                 "tiles' licence")),
                "max_zoom": s.Field(f.max_zoom),
            }), default={}),
            "data": s.Field(s.record({
                "license": s.Field(s.text), "citation": s.Field(s.text),
            }), default={}),
            "markdown": s.Field(s.record({"raw_html": s.Field(s.boolean, default=False)}),
                                default={}),
            "footer": s.Field(self._footer_schema(), default={}),
        }, elsewhere=_accounts_go("under 'footer:', in its list 'social:'",
                                  "footer: {{social: [{}]}}", "social"))

    @staticmethod
    def _unlicensed(ctx: s.Ctx, data: Any) -> None:
        """A warning when `data:` says no licence (not when it, or its licence, could not be
        read: a misspelt `licence` is not a missing one)."""
        if isinstance(data, dict) and data.get("license") is None:
            ctx.warning(("data",), "'license' is missing, so the downloads say \"See the "
                        "site's terms\": add data: {license: ...} saying on what terms the data "
                        "may be reused")

    @staticmethod
    def _unattributed(ctx: s.Ctx, map_: Any) -> None:
        """A warning when `map:` names tiles and no attribution (both read: a misspelt
        `attribution` is not a missing one)."""
        if isinstance(map_, dict) and isinstance(map_.get("tiles"), str) \
                and map_.get("attribution") is None:
            ctx.warning(("map", "tiles"), "a tile source without 'attribution': most tile "
                        "licences require one")

    @staticmethod
    def _languages(ctx: s.Ctx, data: dict[str, Any]) -> tuple[str, ...] | None:
        """`languages: [en, es]` (the first is the default), or one `language: en`. None
        when there is an error: said here, or where validated (a language that could not be
        read, INVALID, is not checked against the others, nor missing when misspelt)."""
        found, single = data["languages"], data["language"]
        if found is None:
            if single is None:
                ctx.error((), "'language' is missing: write the language of the site "
                          "(language: en), or all of them, the default first (languages: [en, es])")
                return None
            return None if single is s.INVALID else (single,)
        if found is s.INVALID:
            return None
        first = found[0]
        other = single is not None and s.readable(single, first) and single != first
        if other:
            ctx.error(("language",), f"'{single}' is not the first of 'languages' "
                      f"({first}): keep one of the two, the default language first")
        twice = s.repeats(found)  # at the first repeat, among the languages read
        if twice:
            i, _ = twice[0]
            ctx.error(("languages", i), f"'{found[i]}' is listed twice: delete one of the two")
        if other or twice or not s.readable(found, single):
            return None
        return tuple(found)

    @staticmethod
    def _footer_schema() -> s.Converter:
        fix = "write the real address, or the path of a page of this site"
        links = {key: s.Field(f.real(s.url, fix)) for key in FOOTER}
        links["contact"] = s.Field(f.real(f.contact_url, fix))
        account = s.record({"name": s.Field(s.text, True),
                            "url": s.Field(f.real(s.absolute_url, "write the real address"), True)})
        return s.record({**links, "social": s.Field(s.list_of(account), default=[])},
                        elsewhere=_accounts_go("in the list under 'social:'", "social: [{}]"))

    # -- images/images.yaml ------------------------------------------------------------
    def load_images(self) -> None:
        from aze_site.images.pixels import cached_image_info  # Pillow: only when photos change

        doc = self.yaml_file("images/images.yaml", required=False)
        if doc is None:  # reported: every photo is unknown now, and nothing says so again
            path = self.content / "images/images.yaml"
            self.images_unreadable = path.is_file() or not_a_file(path) is not None
        if doc is None or doc.data is None:
            self._no_entries(doc)
            return
        entry = s.record({
            "alt": s.Field(s.text), "credit": s.Field(s.text), "caption": s.Field(s.text),
            "license": s.Field(s.text), "focal_point": s.Field(f.focal_point, default=(0.5, 0.5)),
        })
        ctx = s.Ctx(doc, self.report)
        if not isinstance(doc.data, dict):
            ctx.error((), "expected one entry per photo: its file name, a colon, then its details "
                      "indented below it")
            self.images_unreadable = True  # said here: the pages using photos say nothing more
            return
        folder = self.content / "images"
        for key, raw in doc.data.items():
            data = entry(raw if raw is not None else {}, (key,), ctx)
            if data is s.INVALID:
                self.images[key] = _unreadable(key, doc.path)
                continue
            if "/" in key or "\\" in key or key.startswith("."):
                ctx.error((key,), f"'{key}' must be a file name inside content/images/", at_key=True)
                self.images[key] = _unreadable(key, doc.path)  # its users say nothing more
                continue
            blob = self._photo_file(folder / key, key, doc, ctx)
            if blob is None:
                self.images[key] = _unreadable(key, doc.path)  # its users say nothing more
                continue
            digest = hashlib.sha256(blob).hexdigest()[:16]
            info = cached_image_info(blob, digest, self.cache, self.write_cache)
            line, col = doc.key_pos((key,))
            if isinstance(info, str):  # reported where a page uses it, or as a warning
                self.images[key] = Image(key, data["alt"], data["credit"], data["caption"],
                                         data["license"], data["focal_point"], 0, 0, digest,
                                         Source(doc.path, line, col), problem=info)
                continue
            credit = data["credit"] or info.credit
            if not data["license"] and credit:  # at the entry, as a missing credit or alt is
                self.report.warning(doc.path, line, col, f"photo '{key}' has no license: add "
                                    "the licence it is published under (license: CC BY 4.0, ...)")
            if info.frames > 1:  # published as a still: say so, rather than let it vanish
                self.report.warning(doc.path, line, col, f"photo '{key}' holds {info.frames} "
                                    "pictures (an animation or pages): only the first is "
                                    "published, as a still photo (save the one to show as "
                                    "JPEG or PNG)")
            self.images[key] = Image(
                key=key, alt=data["alt"], credit=credit, caption=data["caption"],
                license=data["license"], focal_point=data["focal_point"],
                width=info.width, height=info.height, digest=digest,
                source=Source(doc.path, line, col), color=info.color,
                at=tuple((k, *doc.pos((key, k))) for k in ("alt", "caption", "credit", "license")
                         if data[k]),
            )

    def _no_entries(self, doc: Located | None) -> None:
        """images.yaml missing or empty beside photos (deleted, emptied by a bad merge):
        said once, at it, rather than at every page that uses a photo."""
        photos = sorted(name for name in self.photo_files
                        if "/" not in name and not name.endswith(".yaml"))
        if self.images_unreadable or not photos:
            return
        more = f" and {len(photos) - 1} more" if len(photos) > 1 else ""
        fix = (f"it should give each photo of content/images/ ({photos[0]}{more}) its alt "
               "text and credit (restore it, e.g. from the project's history)")
        if doc is None:
            self.report.error("content/images/images.yaml", 0, 0, f"file is missing: {fix}")
        else:
            self.report.error(doc.path, 1, 1, f"the file is empty: {fix}")
        self.images_unreadable = True  # the pages using photos say nothing more

    def _photo_file(self, path: Path, key: str, doc: Located, ctx: s.Ctx) -> bytes | None:
        """The bytes of the photo of an entry; None when it cannot be read (said at the
        entry; a named pipe or the like is said at the file, by the listing of photos)."""
        if not_a_file(path) is not None and not path.is_dir():
            return None
        if path.is_symlink() or not path.is_file():
            why = f"is {linked_here('the photo')}" \
                if path.is_symlink() else "is a folder, not a file" if path.is_dir() \
                else "does not exist"
            meant = None if path.is_symlink() or path.is_dir() else \
                _meant(self.photo_files, key, doc.data)
            if meant:  # its pages name the file: the entry's error is theirs too
                why += _meant_said(meant, key)
                self.images[meant] = _unreadable(meant, doc.path)
            ctx.error((key,), f"photo file content/images/{key} {why}", at_key=True)
            return None
        try:
            return read_file(path)
        except OSError:  # replaced meanwhile: the next build says what it is
            return None

    # -- criteria.yaml -----------------------------------------------------------------
    def load_criteria(self) -> tuple[CriteriaCategory, ...]:
        doc = self.yaml_file("criteria.yaml", required=True,
                             holds="list the KBA criteria by category")
        if doc is None:
            return ()
        criterion = s.record({
            "code": s.Field(f.code, True), "title": s.Field(s.text, True),
            "description": s.Field(s.text, True), "threshold": s.Field(s.text),
        })
        category = s.record({
            "code": s.Field(f.code, True), "title": s.Field(s.text, True),
            "summary": s.Field(s.text), "criteria": s.Field(s.list_of(criterion, needed="criterion"), True),
        })
        data, complete = s.validate_partly(doc, s.list_of(category, needed="category"), self.report,
                                           item="category")
        if data is s.INVALID:
            return ()
        # every problem of the file is said in one run: the codes that could be read are
        # checked for repeats too; a file with errors gives no criteria (criteria_failed)
        ctx = s.Ctx(doc, self.report, item="category")
        codes: dict[str, str] = {}  # by their anchor (lower case): A1a and A1A share one
        categories: dict[str, str] = {}
        out = []
        for i, cat in enumerate(data):
            if cat is s.INVALID or cat["criteria"] is s.INVALID:  # said where validated
                continue
            if _repeated(ctx, (i, "code"), "category", cat["code"], categories):
                continue
            items = []
            for j, c in enumerate(cat["criteria"]):
                if c is s.INVALID or c["code"] is s.INVALID:
                    continue
                if _repeated(ctx, (i, "criteria", j, "code"), "criterion", c["code"], codes):
                    continue
                items.append(Criterion(c["code"], cat["code"], c["title"], c["description"],
                                       c["threshold"]))
            out.append(CriteriaCategory(cat["code"], cat["title"], cat["summary"], tuple(items)))
        if not complete:
            return ()
        self.criteria.update((c.code, c) for cat in out for c in cat.criteria)
        return tuple(out)

    # -- partners.yaml -----------------------------------------------------------------
    def load_partners(self) -> tuple[Partner, ...]:
        doc = self.yaml_file("partners.yaml", required=True, holds="list the partners")
        if doc is None:
            return ()
        partner = s.record({
            "name": s.Field(s.text, True, what="the organisation's name"),
            "short_name": s.Field(s.text),
            "url": s.Field(f.real(s.absolute_url, "write the partner's real website"), True,
                           what="the address of its website"),
            "description": s.Field(s.text), "logo": s.Field(self.image_ref),
        })
        data, complete = s.validate_partly(doc, s.list_of(partner), self.report, item="partner")
        if data is s.INVALID:
            return ()
        # every problem of the file is said in one run: the partners whose anchor could be
        # read are checked for repeats too; a file with errors gives no partners
        ctx = s.Ctx(doc, self.report, item="partner")
        said = set()  # one line for each partner (one pasted twice repeats all three)
        for i, field, message in _partner_repeats(data):
            if i not in said:
                said.add(i)
                ctx.error((i, field), message)
        if not complete:
            return ()
        return tuple(Partner(p["name"], p["short_name"], p["url"], p["description"], p["logo"])
                     for p in data)

    # -- audiences.yaml ----------------------------------------------------------------
    def load_audiences(self, pages: Iterable[Page],
                       drafts: frozenset[str] = frozenset()) -> tuple[Audience, ...]:
        """The calls to action of audiences.yaml; `drafts`: the paths of the pages among
        `pages` that are drafts (a call to action leading to one shows no button)."""
        doc = self.yaml_file("audiences.yaml", required=True,
                             holds="list the calls to action of the home page")
        if doc is None:
            return ()
        known = {p.source.path.removeprefix("content/") for p in pages}

        def page_ref(value: Any, where: YPath, ctx: s.Ctx) -> Any:
            ref = s.text(value, where, ctx)
            if ref is not s.INVALID and ref not in known:
                close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
                hint = (f"did you mean '{close[0]}'?" if close
                        else "expected the path of a page, such as pages/about.md")
                return ctx.error(where, f"'{ref}' is not a page ({hint})")
            if ref in drafts:
                ctx.warning(where, f"content/{ref} is a draft: published without --drafts, "
                            "this call to action shows no button until the page is (draft: "
                            "false)", draft=True)
            return ref

        audience = s.record({
            "audience": s.Field(s.text, True), "action": s.Field(s.text, True),
            "link_text": s.Field(s.text, True), "page": s.Field(page_ref, True),
        })
        data, complete = s.validate_partly(doc, s.list_of(audience), self.report,
                                           item="audience")
        if data is s.INVALID:
            return ()
        # every problem of the file is said in one run: the pages that could be read are
        # checked for repeats too; a file with errors gives no calls to action
        ctx = s.Ctx(doc, self.report, item="audience")
        for i, (field, message) in _audience_repeats(data).items():
            ctx.error((i, field), message)
        if not complete:
            return ()
        return tuple(Audience(a["audience"], a["action"], a["link_text"], a["page"]) for a in data)

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


def _listed_twice(ctx: s.Ctx, entries: Any, where: YPath, shown_in: str) -> None:
    """A menu entry or social account of site.yaml with the title (name) or the address of
    an earlier one, said once at its repeat: a visitor would see the same link twice."""
    entries = _readable(entries) or []
    said: set[int] = set()
    for key in ("url", "title", "name"):
        values = [_same(e.get(key)) if isinstance(e, dict) else s.INVALID for e in entries]
        for i, j in s.repeats(values):
            if i not in said:
                said.add(i)
                what = "address" if key == "url" else key
                ctx.error((*where, i, key), f"{s.dotted((*where, j))} has this {what} too: "
                          f"list each link once in {shown_in} (or correct one of the two)")


def _same(value: Any) -> Any:
    """A title or address as compared for repeats: case, spaces and a final '/' aside;
    INVALID when it could not be read (no repeat of another)."""
    if not isinstance(value, str):
        return s.INVALID
    return " ".join(value.casefold().split()).rstrip("/") or "/"


def _audience_repeats(data: list[Any]) -> dict[int, tuple[str, str]]:
    """The field and message, by index, of each call to action of audiences.yaml that
    repeats an earlier one: its audience (the home page would show it twice) or its page
    (its translations are found by its page's path); one for each."""
    names = [s.INVALID if a is s.INVALID else _same(a["audience"]) for a in data]
    pages = [s.INVALID if a is s.INVALID else a["page"] for a in data]  # paths: as written
    found: dict[int, tuple[str, str]] = {}
    for i, j in s.repeats(names):
        found[i] = ("audience", f"audience[{j}] has the same name: list each audience once "
                    "(or correct one of the two)")
    for i, j in s.repeats(pages):
        found.setdefault(i, ("page", f"audience[{j}] leads to this page too: each call to "
                             "action leads to a page of its own"))
    return found


def _partner_repeats(data: list[Any]) -> list[tuple[int, str, str]]:
    """(index, field, message) of each partner of partners.yaml that repeats an earlier
    one: its name, its anchor on the partners page (of its short name), or its website."""
    def key(field: str) -> list[Any]:
        return [s.INVALID if p is s.INVALID else _same(p[field]) for p in data]

    found = [(i, "name", f"partner[{j}] has the same name: list each partner once (or "
              "correct one of the two)") for i, j in s.repeats(key("name"))]
    for i, j in s.repeats(_anchor(p) for p in data):
        field = "short_name" if data[i]["short_name"] else "name"
        found.append((i, field, f"partner[{j}] has the same {field.replace('_', ' ')} (both "
                      f"would be #{_anchor(data[i])} on the partners page): give each "
                      "partner its own"))
    found += [(i, "url", f"partner[{j}] has the same website: list each partner once (or "
               "correct one of the two)") for i, j in s.repeats(key("url"))]
    return found


def _anchor(partner: Any) -> Any:
    """The anchor of a partner of partners.yaml on the partners page (Partner.anchor), or
    INVALID when the name it is made of could not be read (of validate_partly)."""
    if partner is s.INVALID:
        return s.INVALID
    name = partner["short_name"] or partner["name"]
    return s.INVALID if name is s.INVALID else slugify(name)


def _meant(files: Iterable[str], key: str, entries: dict[str, Any]) -> str | None:
    """The photo in content/images/ (as the build lists it), without an entry, whose name is
    closest to a mistyped one."""
    names = [name for name in files if name not in entries and not name.endswith(".yaml")]
    found = difflib.get_close_matches(key, names, n=1, cutoff=0.8)
    return found[0] if found else None


def _default_hero(record: s.Converter) -> s.Converter:
    """site.yaml's hero, {image: x}: written as a page's, `hero: x`, it is told how."""

    def convert(value: Any, where: YPath, ctx: s.Ctx) -> Any:
        if isinstance(value, str):
            return ctx.error(where, "in site.yaml the photo is given as image: write "
                             f"hero: {{image: {value.strip()}}}")
        return record(value, where, ctx)

    return convert


def _meant_said(meant: str, key: str) -> str:
    """The file meant, or, where its name looks the same as the entry's, why it differs."""
    if unicodedata.normalize("NFC", meant) == unicodedata.normalize("NFC", key):
        return (" under this name: the file's name and this entry write its accents "
                "differently (one as separate marks, as some Macs save names), which look the "
                "same: rename the file, typing its name again")
    return f" (did you mean '{meant}'?)"


def _unreadable(key: str, path: str) -> Image:
    """A photo whose entry has errors (reported at it): pages using it say nothing more."""
    return Image(key, None, None, None, None, (0.5, 0.5), 0, 0, "", Source(path, 0, 0),
                 problem=UNREADABLE)


def _repeated(ctx: s.Ctx, where: YPath, kind: str, code: Any, seen: dict[str, str]) -> bool:
    """A code met before, said at its repeat: two codes that differ only in case share an
    anchor on the criteria page (A1a and A1A both lead to #a1a)."""
    if code is s.INVALID:
        return False
    first = seen.get(code.lower())
    if first is None:
        seen[code.lower()] = code
        return False
    also = "" if first == code else f" (the same as '{first}': codes differ by more than case)"
    ctx.error(where, f"duplicate {kind} code '{code}'{also}: each {kind} is defined once, so "
              "delete one of the two or give it a code of its own")
    return True
