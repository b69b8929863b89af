"""Queries of the site's languages: catalogues, translations, and documents in a language.

Levels: 1 each language's interface catalogue; 4 each translation file; 5 the languages,
each YAML file's usable translation; 6 each document's usable translation and the
languages it is translated into; 7 a document's facts in a language; 8 the published
lists in a language; 9 the translations' problems (they read the calls to action, at 8).
A page in a language reads these through `LangView` (queries/pages.py), so it depends on
exactly the translations it shows.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from functools import partial
from typing import Any

from aze_site.content.fields import species_name
from aze_site.content.sensitive import numbers_in
from aze_site.content.translations import (
    UNREAD,
    YAML_FILES,
    DocTranslation,
    YamlTranslation,
    cased_translation,
    doc_digest,
    misnamed,
    parts,
    translation_path,
)
from aze_site.engine import Ctx, Query
from aze_site.errors import Diagnostic, Report
from aze_site.files import LINK, LINKED
from aze_site.model import AzeSite, Document, Image
from aze_site.queries.env import Env, say_flag, text_of
from aze_site.render.i18n import (
    LOCALES,
    CatalogueError,
    Messages,
    collation_key,
    message_ids,
    read_messages,
)


def messages(env: Env, ctx: Ctx, lang: str) -> Messages | None:
    """The interface strings of `lang` (templates/locales/<lang>.po), None where there are
    none (the default language's strings are the msgids). A regional language without a
    catalogue of its own reads its language's, as gettext does (pt-BR reads pt.po): a site
    that moved from pt to pt-BR showed its whole interface in English, saying nothing."""
    rel = catalogue_of(env, ctx, lang)
    data = text_of(env, ctx, rel) if rel is not None else None
    if rel is None or data is None:
        return None
    try:
        return read_messages(lang, data)
    except CatalogueError as exc:
        for line, col, message in exc.problems:
            ctx.error(rel, line, col, message)
        return None


def catalogue_of(env: Env, ctx: Ctx, lang: str) -> str | None:
    """The catalogue `lang` reads: its own, else (for a regional language, pt-BR) its
    language's (pt.po), else None. Both files are recorded as read: one made later is
    used as a build from nothing would use it."""
    for code in (lang, *filter(None, [regional_base(lang)])):
        rel = f"{LOCALES}/{code}.po"
        if ctx.get(f"file:{rel}") not in (None, LINKED):
            return rel
    return None


def regional_base(lang: str) -> str | None:
    """The language of a regional one (pt of pt-BR, es of es-419), else None: a script's
    (zh-Hant, sr-Latn) is no stand-in, its language's catalogue being in another script."""
    base, _, rest = lang.partition("-")
    region = rest.split("-")[0]
    if (len(region) == 2 and region.isalpha()) or (len(region) == 3 and region.isdigit()):
        return base
    return None


def interface(env: Env, ctx: Ctx, _: str) -> frozenset[str]:
    """The interface strings there are to translate: the msgids of the templates'
    messages.pot (empty without one), which a language's coverage is counted against (its
    own catalogue may lack strings added since it was last merged, or not exist at all)."""
    data = text_of(env, ctx, f"{LOCALES}/messages.pot")
    if data is None:
        return frozenset()
    try:
        return message_ids(data)
    except CatalogueError:
        return frozenset()


def languages(env: Env, ctx: Ctx, _: str) -> tuple[str, ...]:
    config = ctx.get("config:")
    return tuple(config.languages or (config.language,))


def translation(env: Env, ctx: Ctx, rel: str) -> DocTranslation | YamlTranslation | None:
    """A translation file, read and checked on its own."""
    if ctx.get(f"file:{rel}") is None:
        return None
    data = text_of(env, ctx, rel)  # None: a link, said by the loader
    numbers = numbers_in(rel, data) if data is not None else ()  # see content.document
    ctx.emit({f"numbers:{rel}": numbers} if numbers else {})
    report = Report()
    loader = env.loader(ctx, report)
    found: DocTranslation | YamlTranslation | None
    if rel.endswith(".md"):
        found = loader.doc_translation(env.root / rel, rel)
    else:
        found = loader.yaml_translation(rel)
    ctx.report(report.items)
    return found


def usable(env: Env, ctx: Ctx, arg: str) -> Any:
    """The translation of `rel` into `lang` a page in that language shows, or None: there
    is none, the language is not the site's, it could not be read in full (said), or it is
    a draft (shown by serve --drafts)."""
    lang, rel = arg.split("|", 1)
    if lang not in ctx.get("languages:")[1:]:
        return None
    found = ctx.get(f"translation:{translation_path(rel, lang)}")
    if found is None or getattr(found, "failed", False) or (
            getattr(found, "draft", False) and not ctx.get("option:drafts")):
        return None
    return found


def translated_in(env: Env, ctx: Ctx, rel: str) -> tuple[str, ...]:
    """The languages besides the default one that `rel` is translated into."""
    return tuple(lang for lang in ctx.get("languages:")[1:]
                 if ctx.get(f"usable:{lang}|{rel}") is not None)


def local(env: Env, ctx: Ctx, arg: str) -> Document | None:
    """A document's facts in a language: the original's, with its translation's text."""
    rel = arg.split("|", 1)[1]
    doc: Document | None = ctx.get(f"facts:{rel}")
    found: DocTranslation | None = ctx.get(f"usable:{arg}")
    if doc is None or found is None:
        return doc
    changes: dict[str, Any] = {}  # its URL stays the original's: links add /<lang> (rel)
    if found.title:
        changes["title"] = found.title
    if found.description:
        changes["description"] = found.description
    if isinstance(doc, AzeSite) and found.common_names:
        names = {species_name(name): common  # as the site's own species (scientific_name)
                 for name, common, _line, _col in found.common_names}
        changes["species"] = tuple(
            dataclasses.replace(sp, common_name=names[sp.name]) if sp.name in names else sp
            for sp in doc.species)
    return dataclasses.replace(doc, **changes)


def localized_image(ctx: Ctx, lang: str, image: Image) -> Image:
    """A photo's alt text and caption in a language (content/images/images.<lang>.yaml);
    what is not translated stays in the original, marked with its language."""
    text = ctx.get(f"yaml_usable:{lang}|images/images").get(image.key) or {}
    original = ctx.get("languages:")[0]
    return dataclasses.replace(
        image, **text,
        alt_lang=None if "alt" in text or not image.alt else original,
        caption_lang=None if "caption" in text or not image.caption else original)


def in_language(ctx: Ctx, lang: str, rel: str) -> Document | None:
    """A document as a page in `lang` shows it (translated or not)."""
    if ctx.get(f"usable:{lang}|{rel}") is not None:
        return ctx.get(f"local:{lang}|{rel}")  # type: ignore[no-any-return]
    return ctx.get(f"facts:{rel}")  # type: ignore[no-any-return]


def translation_checks(env: Env, ctx: Ctx, _: str) -> tuple[str, ...]:
    """Every translation file is loaded (its problems reported) and translates something:
    a language of the site, an original that exists, names of the original's species."""
    published = ctx.get("published:")
    langs = ctx.get("languages:")
    found = []
    foreign: dict[str, list[str]] = {}  # a language site.yaml does not have -> its files
    _site_wide_files(ctx, langs, foreign)
    misnamed_files: dict[str, list[tuple[str, str]]] = {}  # a code as written -> its files
    for folder in FOLDERS:
        for rel, flag in ctx.get(f"dir:{folder}"):
            if (not flag or (flag == LINK and folder in LINKS_UNSAID)) and \
                    (meant := misnamed_translation(rel, langs)) is not None:
                misnamed_files.setdefault(rel.split(".")[-2], []).append((rel, meant))
    for rel in published.translations:
        original, lang = parts(rel) or ("", "")
        if lang not in langs[1:]:
            foreign.setdefault(lang, []).append(rel)
            continue
        if ctx.get(f"file:{original}") is None:
            if _flagged(ctx, original) or original in ROOT_YAML or (  # said there (a named
                    original == IMAGES_YAML and ctx.get("images_unreadable:")):  # pipe), or
                continue  # said missing: site.yaml, criteria.yaml..., images.yaml beside photos
            ctx.error(rel, 1, 1, f"this translates {original}, which does not exist: if the "
                      "original was renamed, give this file its new name (with the language "
                      "code); if it was deleted, delete this translation too")
            continue
        value = ctx.get(f"translation:{rel}")
        if isinstance(value, DocTranslation):
            _check_names(ctx, value)
            _check_body(ctx, value)
        elif isinstance(value, YamlTranslation):
            _check_entries(env, ctx, rel, value)
        found.append(rel)
    if not ctx.get("config_failed:"):  # else its error is reported: the languages are unknown
        _foreign_files(ctx, foreign, langs)
        _misnamed_files(ctx, misnamed_files)
    return tuple(found)


def _site_wide_files(ctx: Ctx, langs: tuple[str, ...], foreign: dict[str, list[str]]) -> None:
    """The translations of site.yaml and the like (images.yaml's beside the photos) that no
    language of the site reads: their language code written otherwise than site.yaml writes
    it is said at the file; a language the site lacks goes into `foreign`."""
    for folder in ("content", "content/images"):
        for rel, _flag in ctx.get(f"dir:{folder}"):  # site.es.yaml, images/images.es.yaml...
            yaml_file = parts(rel)
            if (yaml_file and yaml_file[0] in SITE_WIDE and yaml_file[1] not in langs[1:]
                    and misnamed_translation(rel, langs) is None):
                foreign.setdefault(yaml_file[1], []).append(rel)


def misnamed_translation(rel: str, langs: tuple[str, ...]) -> str | None:
    """The path a translation would have with its language code written as site.yaml writes
    it (x.FR.md, partners.pt_br.yaml for pt-BR), if it translates what its folder holds (a
    page in pages/, site.yaml and the like in content/); else None."""
    meant = cased_translation(rel, langs)
    translated = parts(meant) if meant is not None else None
    if meant is None or translated is None:
        return None
    site_wide = rel.count("/") == 1 or rel.startswith("content/images/")
    return meant if (translated[0] in SITE_WIDE if site_wide else meant.endswith(".md")) else None


def _misnamed_files(ctx: Ctx, written: dict[str, list[tuple[str, str]]]) -> None:
    """Translations whose language code is written otherwise than site.yaml writes it: a
    file alone is said at the file, with the name to give; several written alike are most
    likely the language written otherwise in site.yaml (pt-br for their pt-BR), said there."""
    for code, unsorted in sorted(written.items()):
        files = sorted(unsorted)
        first, meant = files[0]
        if len(files) == 1:
            ctx.error(first, 1, 1, misnamed(meant))
            continue
        lang = meant.split(".")[-2]
        line, col = ctx.get("languages_at:")
        ctx.error("content/site.yaml", line, col, (
            f"{len(files)} files translate into '{code}' ({first} and {len(files) - 1} more), "
            f"which site.yaml writes '{lang}': write it '{code}' in languages, as they do, or "
            f"name them as site.yaml writes it ({meant.rpartition('/')[2]})"
            if parts(first) is not None else
            f"{len(files)} files write the language code '{code}' ({first} and "
            f"{len(files) - 1} more), which site.yaml writes '{lang}': name them as it does "
            f"({meant.rpartition('/')[2]})"))


def _flagged(ctx: Ctx, rel: str) -> bool:
    """Whether a file of content/ is there but flagged in its listing (not a file)."""
    steps = rel.split("/")
    folder = "/".join(steps[:2]) if len(steps) > 2 else "content"
    if folder not in FOLDERS:
        return False
    return any(found == rel and flag for found, flag in ctx.get(f"dir:{folder}"))


def _foreign_files(ctx: Ctx, foreign: dict[str, list[str]], langs: tuple[str, ...]) -> None:
    """Translations into a language the site does not have: a file alone is said at the
    file; several at once are most likely a language taken out of site.yaml, said there."""
    for lang, unsorted in sorted(foreign.items()):
        files = sorted(unsorted)
        if len(files) == 1:
            ctx.error(files[0], 1, 1, _foreign(lang, langs))
            continue
        line, col = ctx.get("languages_at:")
        ctx.error("content/site.yaml", line, col, (
            f"{len(files)} files translate into '{lang}' ({files[0]} and {len(files) - 1} more), "
            f"which is not one of the site's other languages: add '{lang}' to languages, or "
            "delete those files" if lang != langs[0] else
            f"{len(files)} files translate into '{lang}', the site's default language "
            f"({files[0]} and {len(files) - 1} more): the original is the text in it, so "
            "delete them, or make another language the default"))


def _foreign(lang: str, langs: tuple[str, ...]) -> str:
    if lang == langs[0]:
        return (f"a translation into '{lang}', which is not one of the site's other languages "
                "(it is the site's default language: the original is the text in it): delete "
                "this file, or make another language the default in site.yaml")
    return (f"a translation into '{lang}', which is not one of the site's other languages "
            f"(site.yaml's languages are {', '.join(langs)}): add '{lang}' to languages in "
            "site.yaml, or delete this file")


IMAGES_YAML = "content/images/images.yaml"
ROOT_YAML = frozenset(f"content/{name}.yaml" for name in YAML_FILES if "/" not in name)
SITE_WIDE = ROOT_YAML | {IMAGES_YAML}
FOLDERS = ("content", "content/pages", "content/news", "content/sites", "content/images")
# The folders whose readers say nothing of a link named as a translation (strays, photos):
# one whose language code is written otherwise is said by translation_checks, or by nothing
LINKS_UNSAID = ("content", "content/images")
_WHAT_CONTENT_HOLDS = ("content/ holds site.yaml, criteria.yaml, partners.yaml and audiences.yaml "
                       "(a translation beside each, e.g. partners.es.yaml) and the folders pages/, "
                       "sites/, news/ and images/ (a translation beside its original, e.g. "
                       "pages/about.es.md)")


def strays(env: Env, ctx: Ctx, _: str) -> None:
    """What content/ holds beside its folders that the build does not read, said once each
    (a folder once): work put in the wrong place must not disappear unseen. Translations of
    site.yaml and the like into a language the site lacks are said by translation_checks.
    What is not a file here (a symbolic link, a named pipe...) is one error at its path;
    for site.yaml and the like, their loader's."""
    langs = ctx.get("languages:")
    folders: set[str] = set()
    for rel, flag in ctx.get("dir:content"):
        name = rel.removeprefix("content/")
        if name.startswith("."):  # .gitkeep, a tool's .obsidian/: no one's work is lost there
            continue
        if "/" in name:  # a folder content/ has no use for: once
            top = name.split("/")[0]
            if top not in folders:
                folders.add(top)
                ctx.warning(f"content/{top}", 0, 0, f"not read: {_WHAT_CONTENT_HOLDS}")
            continue
        found = parts(rel)
        if rel in ROOT_YAML:
            continue  # read (or said to be no file) by its loader
        if (not flag or flag == LINK) and misnamed_translation(rel, langs) is not None:
            continue  # its language code written otherwise (a link too): translation_checks
        if flag and not (flag == LINK and found and found[0] in ROOT_YAML):
            say_flag(ctx, rel, flag)  # a link to a translation: read as one, and said there
            folders.add(name)  # a folder named like a file: the files in it say nothing more
            continue
        if found and found[0] in ROOT_YAML:
            continue  # a language the site lacks: translation_checks
        ctx.warning(rel, 0, 0, f"not read: {_WHAT_CONTENT_HOLDS}")
    catalogues = {rel for rel, _flag in ctx.get("dir:templates")
                  if rel.startswith(f"{LOCALES}/") and rel.endswith(".po")}
    for rel in sorted(catalogues):
        meant = _catalogue_meant(rel, langs)
        if meant is not None and f"{LOCALES}/{meant}.po" not in catalogues:
            read = catalogue_of(env, ctx, meant)  # its language's (es.po for es-MX), or none
            shown = f"of {read.rpartition('/')[2]}" if read is not None else "in English"
            ctx.error(rel, 1, 1, "no language reads this catalogue, so the pages in "
                      f"'{meant}' show the interface {shown}: name it {meant}.po, as "
                      "site.yaml writes the language")


def _catalogue_meant(rel: str, langs: tuple[str, ...]) -> str | None:
    """The language a catalogue named otherwise than site.yaml writes it is most likely
    for (FR.po, pt_BR.po for pt-BR, fr_FR.po as Poedit names it for fr), else None."""
    stem = rel.rpartition("/")[2].removesuffix(".po")
    if stem in langs:
        return None
    tag = stem.replace("_", "-").casefold()
    return next((code for code in langs[1:] if code.casefold() == tag), None) or \
        next((code for code in langs[1:] if code.casefold() == tag.split("-")[0]), None)


def _check_entries(env: Env, ctx: Ctx, rel: str, value: YamlTranslation) -> None:
    """Each entry of a YAML file's translation names an entry of its original (else its
    text would never be shown, and nothing would say so)."""
    unknown_entries(env, ctx, rel, value, _entry_keys(ctx, value.original))


def unknown_entries(env: Env, ctx: Ctx, rel: str, value: YamlTranslation,
                    known: set[str]) -> None:
    """Reports each entry of a translation that is not one of its original's (`known`),
    unless the original changed after the translation was made: then an entry it no
    longer has (a menu address changed, a partner taken out) is the original's change,
    not a translator's slip, and `check` lists the translation as outdated. Else one
    valid edit of the original would be an error in every language."""
    if not known or _outdated(env, ctx, value):
        return  # the original could not be read (reported there) or has no entries
    for key, _fields, line, col in value.entries:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(k for k in known if k), n=1, cutoff=0.7)
            listed = f"did you mean '{close[0]}'?" if close else \
                ", ".join(sorted(k for k in known if k)) or "none"
            ctx.error(rel, line, col, f"'{key}' is not an entry of {value.original}, so its "
                      f"text would never be shown: name it as the original does ({listed})")


def _entry_keys(ctx: Ctx, original: str) -> set[str]:
    """The keys a translation of a site-wide YAML file may use (see queries/pages.py).
    site.yaml's are checked with its menu's links (checks.nav_links): a menu address
    mistyped in the original is one error there, not one more in every translation."""
    name = original.removeprefix("content/").removesuffix(".yaml")
    if name in ("partners", "audiences", "criteria") and ctx.get(f"{name}_failed:"):
        return set()  # the original's own errors say what is wrong: nothing more here
    if name == "partners":
        return {p.anchor for p in ctx.get("partners:")}
    if name == "audiences":
        return {a.page for a, _url in ctx.get("audiences:")}
    if name == "criteria":
        return {key for cat in ctx.get("criteria:")
                for key in (f"category {cat.code}", *(c.code for c in cat.criteria))}
    if name == "images/images":
        return set(ctx.get("images:"))
    return set()


def _check_names(ctx: Ctx, value: DocTranslation) -> None:
    """Each common name translated names a trigger species of the original, unless the
    original changed after the translation was made (a species renamed there): the
    translation is then outdated, which `check` lists, not an error (see unknown_entries)."""
    doc = ctx.get(f"facts:{value.original}")
    if not isinstance(doc, AzeSite):
        return
    if changed_since(value.made_from, _doc_now(ctx, value.original)):
        return
    known = {sp.name for sp in doc.species} | set(doc.unrated)
    for name, _common, line, col in value.common_names:
        if species_name(name) not in known:
            ctx.error(value.source.path, line, col, f"common_names: '{name}' is not a trigger "
                      f"species of {value.original} (its species: {', '.join(sorted(known))})")


def _check_body(ctx: Ctx, value: DocTranslation) -> None:
    """A translation with no text below its fields, where its original has some, publishes
    a page of a title alone: most likely a file begun and not finished."""
    if value.draft or value.body.strip() or ctx.get(f"untold:{value.original}"):
        return
    original = ctx.get(f"status:{value.original}")  # a draft's: --strict publishes neither
    ctx.report([Diagnostic(
        value.source.path, value.body_line - 1, 1, "warning", "this translation has no text "
        f"below its fields, while {value.original} has: its page in '{value.lang}' would show "
        "none; translate the text, or mark the translation 'draft: true' until it is",
        draft=original is None or original.draft)])


def yaml_usable(env: Env, ctx: Ctx, arg: str) -> dict[str, dict[str, Any]]:
    """A site-wide YAML file's translation into a language, as key -> fields ({} if none)."""
    lang, name = arg.split("|", 1)
    if lang not in ctx.get("languages:")[1:] or name not in YAML_FILES:
        return {}
    found = ctx.get(f"translation:content/{name}.{lang}.yaml")
    return found.table() if isinstance(found, YamlTranslation) else {}


def listed_in(kind: str, ctx: Ctx, lang: str) -> tuple[Document, ...]:
    """The published documents of one kind in a language, sites by their name in it."""
    found = [in_language(ctx, lang, rel) for rel in getattr(ctx.get("published:"), kind)]
    docs = [doc for doc in found if doc is not None]
    if kind == "sites":
        docs.sort(key=lambda s: (collation_key(s.title), getattr(s, "slug", "")))
    return tuple(docs)


@dataclass(frozen=True)
class Coverage:
    """How much of the site one language has: for `aze-site check`."""

    lang: str
    documents: int  # published pages, news and sites
    translated: int  # ... of which translated into the language
    strings: int  # interface strings in its catalogue
    strings_done: int
    outdated: tuple[tuple[str, str, str], ...]  # (translation, original, its text's digest now)
    catalogue: bool = True  # templates/locales/<lang>.po exists


def coverage(env: Env, ctx: Ctx, _: str) -> tuple[Coverage, ...]:
    published = ctx.get("published:")
    documents = published.shown()
    made_from: dict[str, str | None] = {}  # a YAML original's digest, read once for all
    found = []
    for lang in ctx.get("languages:")[1:]:
        done = [rel for rel in documents if ctx.get(f"usable:{lang}|{rel}") is not None]
        outdated = []
        for rel in done:
            value = ctx.get(f"usable:{lang}|{rel}")
            now = _doc_now(ctx, rel)
            if now is not None and outdated_since(value.made_from, now):
                outdated.append((value.source.path, rel, now))
        for name in YAML_FILES:
            rel = f"content/{name}.{lang}.yaml"
            value = ctx.get(f"translation:{rel}") if rel in published.translations else None
            if not isinstance(value, YamlTranslation) or value.made_from == UNREAD:
                continue  # none, or what it was made from could not be read (said)
            if name not in made_from:
                made_from[name] = yaml_made_from(env, ctx, name)
            now = made_from[name]
            if now is not None and outdated_since(value.made_from, now):
                outdated.append((rel, f"content/{name}.yaml", now))
        found.append(Coverage(lang, len(documents), len(done),
                              *strings_done(ctx.get("interface:"), ctx.get(f"messages:{lang}")),
                              tuple(outdated),
                              catalogue_of(env, ctx, lang) is not None))
    return tuple(found)


def strings_done(wanted: frozenset[str], messages: Messages | None) -> tuple[int, int]:
    """(interface strings, of which translated) of a language: counted against `wanted`
    (messages.pot), or against its own catalogue where there is no messages.pot."""
    if not wanted:
        return (messages.total, messages.translated) if messages else (0, 0)
    have = set(messages.singular) | set(messages.plural) if messages else set()
    return len(wanted), len(wanted & have)


def outdated_since(made_from: str | None, now: str | None) -> bool:
    """Listed by `check` as outdated: the original (whose digest is `now`) changed after
    the translation was made from it, or the translation does not say from what."""
    return now is not None and made_from != now


def changed_since(made_from: str | None, now: str | None) -> bool:
    """The original changed after the translation was made from it, so an entry it no
    longer has is its change, not a translator's slip. A translation that does not say
    what it was made from cannot tell: its stale entries stay errors."""
    return made_from is not None and outdated_since(made_from, now)


def _doc_now(ctx: Ctx, rel: str) -> str | None:
    """The digest a translation of the document at `rel` should record now."""
    result = ctx.get(f"document:{rel}")
    return doc_digest(result.doc) if result is not None and result.doc else None


def _outdated(env: Env, ctx: Ctx, value: YamlTranslation) -> bool:
    name = value.original.removeprefix("content/").removesuffix(".yaml")
    now = yaml_made_from(env, ctx, name) if value.made_from is not None else None
    return changed_since(value.made_from, now)


def yaml_made_from(env: Env, ctx: Ctx, name: str) -> str | None:
    """The text digest of a site-wide YAML file now (what its translations should record);
    None when it cannot be read (its own errors say why), read as the build reads YAML:
    a value PyYAML's own loader chokes on (a date 2021-02-29) is one error, no crash."""
    from aze_site.content.translating import yaml_digest
    from aze_site.content.yamlsrc import parse_yaml

    data = text_of(env, ctx, f"content/{name}.yaml")
    if data is None:
        return None
    report = Report()
    doc = parse_yaml(data.decode("utf-8", "replace"), f"content/{name}.yaml", report)
    return None if doc is None or report.errors else yaml_digest(name, doc.data)


def queries(env: Env) -> dict[str, Query]:
    return {
        "messages": Query(1, partial(messages, env)),
        "interface": Query(1, partial(interface, env)),
        "translation": Query(4, partial(translation, env), parallel=True),
        "languages": Query(5, partial(languages, env)),
        "usable": Query(6, partial(usable, env)),
        "yaml_usable": Query(6, partial(yaml_usable, env)),
        "translated_in": Query(7, partial(translated_in, env)),
        "local": Query(7, partial(local, env)),
        "translation_checks": Query(10, partial(translation_checks, env)),  # audiences_failed
        "strays": Query(9, partial(strays, env)),
        "sites_in": Query(8, partial(listed_in, "sites")),
        "news_in": Query(8, partial(listed_in, "news")),
        "pages_in": Query(8, partial(listed_in, "pages")),
        "coverage": Query(8, partial(coverage, env)),
    }
