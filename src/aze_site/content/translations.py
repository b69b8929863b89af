"""Translations: files beside their original that hold only what is language.

`sites/bale-mountains.es.md` translates `sites/bale-mountains.md`: its name, description,
the common names of its species and its body. `criteria.fr.yaml`, `partners.fr.yaml`,
`audiences.fr.yaml` and `site.fr.yaml` translate the text of those files, entry by entry,
keyed as the skeleton of `aze-site new translation` writes them. A fact (a position, a
status, a date, a photo...) comes from the original alone: setting one in a translation is
an error at its line, so a fact changed in the original is changed in every language.

`translated_from` records what the translation was made from (a digest of the original's
text), so `aze-site check` can tell an outdated translation in a clean build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aze_site.content import schema as s
from aze_site.content.frontmatter import split_front_matter
from aze_site.content.reading import LoaderBase
from aze_site.content.yamlsrc import Located, parse_yaml
from aze_site.content.yamlsrc import Path as YPath
from aze_site.model import AzeSite, Document, Source

NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"
                  r"\.(?P<ext>md|yaml)$")
# The digest of a translation whose translated_from could not be read (said): what it was
# made from is not known, so nothing is said that depends on it (see changed_since)
UNREAD = "unread"
YAML_FILES = ("site", "criteria", "partners", "audiences", "images/images")

# The text fields of each kind; every other field of the original is a fact.
DOC_TEXT = ("title", "description")
SITE_TEXT = ("name", "description", "common_names")
YAML_TEXT: dict[str, tuple[str, ...]] = {
    "criteria": ("title", "summary", "description", "threshold"),
    "partners": ("name", "short_name", "description"),
    "audiences": ("audience", "action", "link_text"),
    "site": ("title", "description", "nav"),
    "images/images": ("alt", "caption"),
}
FACTS = {
    "pages": ("hero", "updated", "aliases", "layout"),
    "news": ("hero", "updated", "aliases"),
    "sites": ("iso3", "location", "area_km2", "wdkba_id", "criteria", "protection",
              "species", "hero", "updated", "aliases"),
    "criteria": ("code", "category", "criteria"),
    "partners": ("url", "logo"),
    "audiences": ("page",),
    "images/images": ("credit", "license", "focal_point"),
    "site": ("base_url", "language", "languages", "hero", "forms", "social_cards", "map",
             "data", "markdown", "footer"),
}


def parts(rel: str) -> tuple[str, str] | None:
    """(the original's content path, the language) of a translation's path, else None:
    content/sites/x.es.md -> (content/sites/x.md, es)."""
    folder, _, name = rel.rpartition("/")
    found = NAME.match(name)
    if found is None:
        return None
    return f"{folder}/{found['stem']}.{found['ext']}", found["lang"]


_ANY_CASE = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)"
                       r"\.(?P<ext>md|yaml)\Z")


def cased_translation(rel: str, langs: tuple[str, ...]) -> str | None:
    """The path a translation would have with its language code written as site.yaml writes
    it (x.FR.md, x.pt_BR.md or x.pt-br.yaml for pt-BR), if that is another language of the
    site the file does not write so; else None. Read under its own code, such a file was a
    language the site lacks, or nothing at all."""
    folder, _, name = rel.rpartition("/")
    found = _ANY_CASE.match(name)
    if found is None or found["lang"] in langs:
        return None
    tag = found["lang"].replace("_", "-").casefold()
    lang = next((code for code in langs[1:] if code.casefold() == tag), None)
    return None if lang is None else f"{folder}/{found['stem']}.{lang}.{found['ext']}"


def misnamed(meant: str) -> str:
    """What is said of a translation whose language code is written otherwise than
    site.yaml writes it, `meant` being its path as cased_translation gives it."""
    return ("language codes are written as site.yaml writes them: name this file "
            f"{meant.rpartition('/')[2]}")


def translation_path(rel: str, lang: str) -> str:
    """content/sites/x.md -> content/sites/x.es.md"""
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot else f"{rel}.{lang}"


def text_digest(title: str, description: str | None, body: str,
                names: tuple[tuple[str, str | None], ...] = ()) -> str:
    """What a translation is made from: the original's text, as 12 hex digits (its line
    ends as \\n: an editor saving with Windows line ends has not changed the text)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = "\0".join([title, description or "", *(f"{a}\0{b or ''}" for a, b in names), body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def doc_digest(doc: Document) -> str:
    names = tuple((sp.name, sp.common_name) for sp in doc.species) \
        if isinstance(doc, AzeSite) else ()
    return text_digest(doc.title, doc.description, doc.body, names)


@dataclass(frozen=True)
class DocTranslation:
    """A Markdown document's translation (the language's text, nothing else)."""

    lang: str
    original: str  # content path of the original
    source: Source
    title: str | None
    description: str | None
    common_names: tuple[tuple[str, str, int, int], ...]  # (scientific name, common, line, col)
    body: str
    body_line: int
    made_from: str | None  # the original's text digest it was made from
    draft: bool = False
    at: tuple[tuple[str, int, int], ...] = ()  # (field, line, col) of its title and description
    # Its fields could not all be read (said): what could is still checked, with its body,
    # so that one build says every problem of the file; it is never shown (see usable).
    failed: bool = False

    def texts(self) -> Iterator[tuple[str, str, int, int]]:
        """(field, text, line, col) of each field it publishes as text, but its body."""
        fields = dict(zip(("title", "description"), (self.title, self.description), strict=True))
        for key, line, col in self.at:
            text = fields.get("title" if key == "name" else key)
            if text:
                yield key, text, line, col
        for name, common, line, col in self.common_names:
            yield f"common_names.{name}", common, line, col


@dataclass(frozen=True)
class YamlTranslation:
    """A site-wide YAML file's translation: entry key -> its translated fields."""

    lang: str
    original: str
    entries: tuple[tuple[str, tuple[tuple[str, Any], ...], int, int], ...]  # key, fields, at
    made_from: str | None
    draft: bool = False  # not used yet: the site shows the original's text
    at: tuple[tuple[str, str, int, int], ...] = ()  # (entry, field, line, col) of each text
    # The entries that could not be read in full (said): what could is still checked, so
    # that one build says every problem of the file; they are never shown (see table).
    unread: frozenset[str] = frozenset()

    def field_at(self, key: str, field: str, line: int, col: int) -> tuple[int, int]:
        """Where an entry's field is written (`line`, `col`: the entry's, where unknown)."""
        return next(((ln, c) for k, f, ln, c in self.at if (k, f) == (key, field)), (line, col))

    def table(self) -> dict[str, dict[str, Any]]:
        if self.draft:
            return {}
        return {key: dict(fields) for key, fields, _line, _col in self.entries
                if key not in self.unread}


class TranslationLoading(LoaderBase):
    """Reads translation files; the original's facts are never read here."""

    def doc_translation(self, path: Path, rel: str) -> DocTranslation | None:
        found = parts(rel)
        if found is None:
            return None
        original, lang = found
        text = self.read_text(path)
        if text is None:
            return None
        fm = split_front_matter(text, rel, self.report)
        if fm is None or self.body_refused(rel, fm.body, fm.body_line):
            return None
        unread = DocTranslation(lang, original, Source(rel, 1, 1), None, None, (), fm.body,
                                fm.body_line, None, True, failed=True)
        doc = parse_yaml(fm.yaml_text, rel, self.report, line_offset=fm.yaml_line)
        if doc is None:
            return unread
        data = doc.data if doc.data is not None else {}
        kind = rel.split("/")[1]
        if not isinstance(data, dict):
            named = "name, description, common_names" if kind == "sites" else "title, description"
            self.report.error(rel, fm.yaml_line + 1, 1, "expected the translation's fields "
                              f"({named}) between the --- lines, each as 'key: value'")
            return unread
        text_fields = SITE_TEXT if kind == "sites" else DOC_TEXT
        self._refuse_facts(doc, data, kind, original)
        fields = {key: s.Field(s.text) for key in text_fields if key != "common_names"}
        fields["translated_from"] = s.Field(_digest)
        fields["draft"] = s.Field(s.boolean, default=False)
        if kind == "sites":
            fields["common_names"] = s.Field(_names, default={})
        kept = replace(doc, data={k: v for k, v in data.items() if k not in FACTS[kind]})
        read, complete = s.validate_partly(kept, s.record(fields), self.report)
        checked = {k: v for k, v in read.items() if v is not s.INVALID}
        names = tuple((name, common, *doc.key_pos(("common_names", name)))
                      for name, common in sorted(checked.get("common_names", {}).items()))
        return DocTranslation(
            lang, original, Source(rel, 1, 1),
            checked.get("name") or checked.get("title"), checked.get("description"), names,
            fm.body, fm.body_line, checked.get("translated_from", UNREAD),
            # a draft not read says nothing that depends on it (an empty body, draft links)
            checked.get("draft", True),
            tuple((key, *doc.pos((key,))) for key in ("name", "title", "description")
                  if checked.get(key)), not complete)

    def yaml_translation(self, rel: str) -> YamlTranslation | None:
        found = parts(rel)
        if found is None:
            return None
        original, lang = found
        kind = original.removeprefix("content/").removesuffix(".yaml")
        doc = self.yaml_file(rel.removeprefix("content/"), required=False)
        if doc is None or doc.data is None:
            return YamlTranslation(lang, original, (), None) if doc is not None else None
        if not isinstance(doc.data, dict):
            self.report.error(rel, *doc.pos(()), "expected 'key: value' entries: each entry's key, then "
                              "its translated text (see aze-site new translation)")
            return None
        if kind == "site":  # its record reads translated_from and draft with its fields
            return self._site_translation(doc, lang, original)
        made_from = _made_from(doc.data, s.Ctx(doc, self.report))
        draft = s.boolean(doc.data.get("draft", False), ("draft",),
                          s.Ctx(doc, self.report)) is True  # not used until translated
        entries = []
        at: list[tuple[str, str, int, int]] = []
        unread = set()
        for key, value in doc.data.items():
            if key in ("translated_from", "draft"):
                continue
            if not isinstance(value, dict):
                self.report.error(rel, *doc.pos((key,)), f"{key}: expected the entry's "
                                  f"translated fields ({', '.join(YAML_TEXT[kind])})")
                continue
            self._refuse_facts(doc, value, kind, original, (key,))
            record = s.record({field: s.Field(s.text) for field in YAML_TEXT[kind]})
            sub = replace(doc, data={k: v for k, v in value.items() if k not in FACTS[kind]})
            ctx = s.Ctx(doc, self.report)
            checked = record(sub.data, (key,), ctx)
            if checked is s.INVALID:
                checked = ctx.kept[(key,)]
                unread.add(str(key))
            kept = tuple((k, v) for k, v in sorted(checked.items())
                         if v is not None and v is not s.INVALID)
            entries.append((str(key), kept, *doc.key_pos((key,))))
            at.extend((str(key), k, *doc.pos((key, k))) for k, _v in kept)
        return YamlTranslation(lang, original, tuple(entries), made_from, draft,
                               tuple(at), frozenset(unread))

    def _site_translation(self, doc: Located, lang: str, original: str) -> YamlTranslation:
        data = doc.data
        self._refuse_facts(doc, data, "site", original)
        nav = s.Field(_nav_titles, default={})
        record = s.record({"title": s.Field(s.text), "description": s.Field(s.text),
                           "nav": nav, "translated_from": s.Field(_digest),
                           "draft": s.Field(s.boolean, default=False)})
        kept = replace(doc, data={k: v for k, v in data.items() if k not in FACTS["site"]})
        read, complete = s.validate_partly(kept, record, self.report)
        checked = {k: v for k, v in read.items() if v is not s.INVALID}
        fields = tuple((k, v) for k, v in sorted(checked.items())
                       if v is not None and k in ("title", "description"))
        navs = tuple((s.address_of(url) if s.is_web_address(url) else url,  # as site.yaml's
                      ((("title", title),)), *doc.key_pos(("nav", url)))
                     for url, title in sorted(checked.get("nav", {}).items()))
        entries = (("", fields, 1, 1), *navs)
        return YamlTranslation(lang, original, entries, checked.get("translated_from", UNREAD),
                               checked.get("draft") is True,
                               unread=frozenset() if complete else
                               frozenset(key for key, *_ in entries))

    def _refuse_facts(self, doc: Located, data: dict[str, Any], kind: str, original: str,
                      where: tuple[Any, ...] = ()) -> None:
        for key in data:
            if key in FACTS[kind]:
                line, col = doc.key_pos((*where, key))
                self.report.error(doc.path, line, col, f"{s.dotted((*where, key))}: '{key}' is "
                                  f"a fact, not language: it comes from {original} alone, in "
                                  "every language; remove it from this translation")


def _as_written(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    """A digest as written: one of twelve digits and no letter (740807760157, as `new
    translation` writes one in about 300) is read by YAML as a number."""
    value = s.written(value, where, ctx)
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _made_from(data: dict[Any, Any], ctx: s.Ctx) -> str | None:
    """A YAML translation's translated_from: None where it is not written (`check` lists
    it as outdated), UNREAD where it cannot be read (said once, at its line)."""
    if data.get("translated_from") is None:
        return None
    found = _digest(data["translated_from"], ("translated_from",), ctx)
    return UNREAD if found is s.INVALID else str(found)


def _digest(value: Any, where: YPath, ctx: s.Ctx) -> Any:
    value = _as_written(value, where, ctx)
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{12}", value):
        return ctx.error(where, "expected the 12 hex digits 'aze-site new translation' wrote "
                         "(what the translation was made from); remove the line if unsure")
    return value


def _text_map(expected: str) -> s.Converter:
    """A mapping of keys (scientific names, menu addresses) to text in the language."""

    def convert(value: Any, where: YPath, ctx: s.Ctx) -> Any:
        if not isinstance(value, dict):
            return ctx.error(where, f"expected {expected}")
        found = {}
        for key, text in value.items():
            checked = s.text(text, (*where, key), ctx)
            if checked is not s.INVALID:
                found[str(key)] = checked
        return found

    return convert


_names = _text_map("scientific names, each with its common name in this language "
                   "(Crocidura harenna: Musaraña de Harenna)")
_nav_titles = _text_map("each menu address with its title in this language (/about/: Acerca de)")
