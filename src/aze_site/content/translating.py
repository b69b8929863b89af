"""`aze-site new translation`: the skeleton of a translation, holding the text to translate.

The skeleton copies the original's text (the translator writes over it) and records what
it was made from, so `aze-site check` can say when the original changes after it. A
Markdown skeleton starts as a draft: until the translator sets `draft: false`, pages in
the language show the original's text with a note, never a copy passed off as translated.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aze_site.catalogues import read_catalogue
from aze_site.content.frontmatter import split_front_matter
from aze_site.content.translations import (
    YAML_FILES,
    YAML_TEXT,
    parts,
    text_digest,
    translation_path,
)
from aze_site.content.yamlsrc import parse_yaml, yaml_data
from aze_site.errors import Report, UsageError
from aze_site.files import read_file


def english_name(lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(lang.replace("-", "_")).get_display_name("en"))
    except (ValueError, UnknownLocaleError):
        return lang


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _text(value: Any) -> str | None:
    return str(value).strip() if isinstance(value, str | int | float) and str(value).strip() \
        else None


def _read(text: str, rel: str) -> Any:
    """YAML read as the build reads it (bounded, every problem an error, never a crash)."""
    report = Report()
    doc = parse_yaml(text, rel, report)
    if doc is None or report.errors:
        raise UsageError(f"{rel} cannot be read: run aze-site check and fix it first")
    return doc.data


def markdown_skeleton(rel: str, lang: str, text: str) -> str:
    """A translation of a Markdown document (`text` is the original's whole file)."""
    fm = split_front_matter(text, rel, Report())
    if fm is None:
        raise UsageError(f"{rel} has no front matter between --- lines: fix it first")
    data = _read(fm.yaml_text, rel) or {}
    if not isinstance(data, dict):
        raise UsageError(f"{rel} has no fields in its front matter: fix it first")
    is_site = rel.startswith("content/sites/")
    title = _text(data.get("name" if is_site else "title")) or ""
    description = _text(data.get("description"))
    names = [(str(sp.get("name", "")).strip(), _text(sp.get("common_name")))
             for sp in data.get("species") or () if isinstance(sp, dict)] if is_site else []
    digest = text_digest(title, description, fm.body, tuple(names))
    lines = [
        "---",
        f"# {english_name(lang)} ({lang}) translation of {rel}: write the text below in it.",
        "# The facts (position, species, Red List status, dates, photos) come from the original.",
        f"translated_from: {digest}  # the original it was made from (aze-site check compares)",
        "draft: true  # set to false once translated: until then pages show the original's text",
        f"{'name' if is_site else 'title'}: {_quote(title)}",
    ]
    if description:
        lines.append(f"description: {_quote(description)}")
    named = [(name, common) for name, common in names if common]
    if named:
        lines.append("common_names:  # each trigger species' common name in this language")
        lines += [f"  {_quote(name)}: {_quote(common or '')}" for name, common in named]
    return "\n".join([*lines, "---"]) + "\n" + fm.body.lstrip("\n")


def yaml_skeleton(rel: str, lang: str, text: str) -> str:
    """A translation of criteria.yaml, partners.yaml, audiences.yaml or site.yaml: each
    entry's text, keyed as the loader matches them."""
    name = rel.removeprefix("content/").removesuffix(".yaml")
    data = _read(text, rel)
    lines = [f"# {english_name(lang)} ({lang}) translation of {rel}: write the text in it; "
             "the keys say which entry each is.", f"translated_from: {yaml_digest(name, data)}",
             "draft: true  # set to false once translated: until then the site shows the "
             "original's text"]
    if name == "site":
        top, nav = _site_text(data)
        lines += [f"{field}: {_quote(value)}" for field, value in top]
        if nav:
            lines += ["nav:  # each menu address with its title", *(
                f"  {_quote(url)}: {_quote(title)}" for url, title in nav)]
        return "\n".join(lines) + "\n"
    for key, fields in _entries(name, data):
        lines.append(f"{_quote(key)}:")
        lines += [f"  {field}: {_quote(value)}" for field, value in fields]
    return "\n".join(lines) + "\n"


def _site_text(data: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    data = data if isinstance(data, dict) else {}
    top = [(k, v) for k in ("title", "description") if (v := _text(data.get(k)))]
    nav = [(str(item.get("url")), _text(item.get("title")) or "")
           for item in data.get("nav") or () if isinstance(item, dict)]
    return top, nav


def _entries(name: str, data: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """(key, [(field, text)]) of each entry of a YAML file that is a list (images.yaml:
    a mapping of photos)."""
    if name == "images/images":
        return [(str(key), _fields(name, item)) for key, item in
                (data.items() if isinstance(data, dict) else ()) if isinstance(item, dict)]
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        key = _key(name, item)
        found.append((f"category {key}" if name == "criteria" else key, _fields(name, item)))
        for crit in item.get("criteria") or () if name == "criteria" else ():
            if isinstance(crit, dict):
                found.append((str(crit.get("code")), _fields(name, crit)))
    return found


def _key(name: str, item: dict[str, Any]) -> str:
    from aze_site.slugs import slugify

    if name == "criteria":
        return str(item.get("code"))
    if name == "partners":
        return slugify(str(item.get("short_name") or item.get("name") or ""))
    return str(item.get("page"))


def _fields(name: str, item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(field, value) for field in YAML_TEXT[name] if (value := _text(item.get(field)))]


def yaml_digest(name: str, data: Any) -> str:
    """What a YAML translation is made from: the original's text, entry by entry."""
    found = _site_text(data) if name == "site" else _entries(name, data)
    return text_digest(repr(found), None, "")


def site_languages(root: Path) -> tuple[str, ...]:
    """The languages content/site.yaml names, the default first; () if it cannot be read
    (the build says why)."""
    data = yaml_data(root, "content/site.yaml")
    if not isinstance(data, dict):
        return ()
    found = data.get("languages") or [data.get("language", "en")]
    return tuple(str(lang) for lang in found) if isinstance(found, list) else ()


def check_language(languages: tuple[str, ...], lang: str) -> None:
    """A translation is into one of the site's other languages (else the build rejects it)."""
    if not languages:
        return
    others = ", ".join(languages[1:]) or "none yet"
    if lang.replace("_", "-").casefold() == languages[0].casefold():  # en, EN
        raise UsageError(f"{lang} is the site's default language, the originals' own: translate "
                         f"into one of its other languages ({others})")
    meant = next((code for code in languages[1:]
                  if code.casefold() == lang.replace("_", "-").casefold()), None)
    if lang not in languages and meant is not None:
        raise UsageError(f"'{lang}' is not a language of the site (its others: {others}): "
                         f"write it as site.yaml does, --lang {meant}")
    if lang not in languages:
        raise UsageError(f"'{lang}' is not a language of the site (its others: {others}): add it "
                         "to languages in content/site.yaml first")


INTERFACE = ("interface", "templates/locales", "templates/locales/messages.pot")


def write_translation(root: Path, path: str, lang: str) -> Path:
    """Write the skeleton of `path`'s translation into `lang`; never overwrites."""
    content = root / "content"
    if not content.is_dir():  # not a project: before 'x is not a file of content/'
        raise UsageError(f"{content} not found (is --root right?)")
    if Path(path).as_posix().strip("/") in INTERFACE:
        return write_interface(root, lang)
    rel = _content_rel(root, path)
    original = content / rel
    if not original.is_file() or ".." in Path(rel).parts:
        raise UsageError(f"content/{rel} is not a file of content/ ({_meant(content, rel)})")
    found = parts(f"content/{rel}")
    if found is not None:
        raise UsageError(f"content/{rel} is itself a translation: name its original, "
                         f"{found[0].removeprefix('content/')}")
    check_language(site_languages(root), lang)
    if rel.endswith(".md"):
        skeleton = markdown_skeleton(f"content/{rel}", lang, original.read_text("utf-8"))
    elif rel.removesuffix(".yaml") in YAML_FILES:  # images/images.yaml among them
        skeleton = yaml_skeleton(f"content/{rel}", lang, original.read_text("utf-8"))
    else:
        raise UsageError(f"content/{rel} has no text to translate: translate a page, site or "
                         f"news file, or one of {', '.join(n + '.yaml' for n in YAML_FILES)}")
    target = root / translation_path(f"content/{rel}", lang)
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(skeleton)
    except FileExistsError:
        raise UsageError(f"{os.path.relpath(target)} already exists; nothing was written") from None
    return target


def _meant(content: Path, rel: str) -> str:
    """The files of content/ named as `rel` is, elsewhere in it (images.yaml: it is in
    images/), as a hint: else an example of a path to give."""
    name = Path(rel).name
    found = sorted(Path(folder, name).relative_to(content).as_posix()
                   for folder, _, files in os.walk(content) if name in files)
    if not found or ".." in Path(rel).parts:
        return "e.g. sites/manas.md"
    listed = " or ".join(found[:3]) + (f" ({len(found) - 3} more)" if len(found) > 3 else "")
    return f"did you mean {listed}?"


def _content_rel(root: Path, path: str) -> str:
    """The file to translate, relative to content/: given so (sites/manas.md), from the
    project (content/sites/manas.md) or as a shell completes it, by its absolute path."""
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix().removeprefix("content/")
    try:
        return given.resolve().relative_to((root / "content").resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is not a file of content/ (e.g. sites/manas.md)") from None


def write_interface(root: Path, lang: str) -> Path:
    """templates/locales/<lang>.po: every interface string of messages.pot, each with its
    translation to fill in, the language's plural rule in its header; never overwrites."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import PoFileError, write_po

    check_language(site_languages(root), lang)
    locales = root / "templates" / "locales"
    try:
        template = read_catalogue(read_file(locales / "messages.pot"), abort_invalid=False)
    except OSError:
        raise UsageError(f"{locales / 'messages.pot'} is missing: the theme's strings are "
                         "listed there") from None
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:  # as check says it
        raise UsageError(f"{locales / 'messages.pot'}: cannot read this catalogue: "
                         f"{exc}") from None
    catalog = Catalog(locale=lang.replace("-", "_"), project=template.project,
                      version=template.version, charset="utf-8", fuzzy=False,
                      header_comment=(f"# The website's interface in '{lang}': write each "
                                      "translation in its empty msgstr.\n#"))
    catalog.update(template)
    target = locales / f"{lang}.po"
    try:
        with open(target, "xb") as handle:
            write_po(handle, catalog, width=76, sort_output=True, include_lineno=False)
    except FileExistsError:
        raise UsageError(f"{os.path.relpath(target)} already exists; nothing was written") from None
    return target
