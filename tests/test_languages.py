"""The site in several languages: translation files, pages under /<lang>/, the interface
in the page's language, links between the languages, and the translators' tools."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    AUDIENCES_YAML,
    CRITERIA_YAML,
    IMAGES_YAML,
    PARTNERS_YAML,
    REPO,
    SITE_MD,
    SITE_YAML,
    MakeSite,
    errors_of,
    files_of,
)

from aze_site.content.translating import write_translation, yaml_digest

SITE = "content/sites/chapada-do-araripe.md"
ES_SITE = "content/sites/chapada-do-araripe.es.md"
LANGS = SITE_YAML.replace("language: en\n", "languages: [en, es, fr]\n")
SITE_ES = """\
---
name: Chapada do Araripe (es)
description: Una meseta del nordeste de Brasil, último refugio del saltarín de Araripe.
common_names:
  Antilophia bokermanni: Saltarín de Araripe
---
## Por qué importa

Véase el [criterio A1e](../pages/criteria.md#a1e).
"""
ES_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Site facts"
msgstr "Datos del sitio"

msgid "Critically Endangered"
msgstr "En peligro crítico"
"""


def page(files: dict[str, bytes], rel: str) -> str:
    return files[rel].decode()


@pytest.fixture
def multilingual(make_site: MakeSite) -> Path:
    return make_site({"content/site.yaml": LANGS, ES_SITE: SITE_ES,
                      "templates/locales/es.po": ES_PO})


def test_every_page_exists_in_every_language(multilingual: Path) -> None:
    files = files_of(multilingual)
    english = {rel for rel in files if rel.endswith(".html") and not rel.startswith(("es/", "fr/"))}
    for lang in ("es", "fr"):
        assert {f"{lang}/{rel}" for rel in english if rel != "404.html"} <= set(files)
    assert "es/404.html" not in files  # a host shows one 404 page
    assert 'lang="es"' in page(files, "es/sites/index.html")
    assert 'lang="fr"' in page(files, "fr/credits/index.html")


def test_a_translation_gives_its_text_and_the_original_its_facts(multilingual: Path) -> None:
    html = page(files_of(multilingual), "es/sites/chapada-do-araripe/index.html")
    assert "Chapada do Araripe (es)</h1>" in html and "Saltarín de Araripe" in html
    assert "Por qué importa" in html
    assert 'href="/es/criteria/#a1e"' in html  # its links lead to pages in its language
    assert "Brasil" in html and "Brazil" not in html  # pycountry's translation
    assert "Datos del sitio" in html and "En peligro crítico" in html  # the catalogue's
    assert "28" in html and "CR" in html  # the facts of the original


def test_a_fact_changed_in_the_original_is_changed_in_every_language(
        multilingual: Path) -> None:
    files_of(multilingual)
    original = multilingual / SITE
    original.write_text(original.read_text().replace("status: CR", "status: EN"))
    files = files_of(multilingual)
    for rel in ("sites/chapada-do-araripe/index.html", "es/sites/chapada-do-araripe/index.html",
                "fr/sites/chapada-do-araripe/index.html"):
        assert "badge-en" in page(files, rel) and "badge-cr" not in page(files, rel)


def test_a_fact_in_a_translation_is_an_error_at_its_line(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      ES_SITE: SITE_ES.replace("common_names:", "iso3: PER\ncommon_names:")})
    assert errors_of(root) == [
        f"{ES_SITE}:4:1: error: iso3: 'iso3' is a fact, not language: it comes from {SITE} "
        "alone, in every language; remove it from this translation"]


def test_a_translation_into_another_language_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      "content/sites/chapada-do-araripe.de.md": SITE_ES})
    assert errors_of(root) == [
        "content/sites/chapada-do-araripe.de.md:1:1: error: a translation into 'de', which is "
        "not one of the site's other languages (site.yaml's languages are en, es, fr): add "
        "'de' to languages in site.yaml, or delete this file"]


def test_a_translation_into_the_default_language_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      "content/sites/chapada-do-araripe.en.md": SITE_ES})
    assert errors_of(root) == [
        "content/sites/chapada-do-araripe.en.md:1:1: error: a translation into 'en', which is "
        "not one of the site's other languages (it is the site's default language: the "
        "original is the text in it): delete this file, or make another language the "
        "default in site.yaml"]


def test_translations_into_a_language_taken_out_of_site_yaml_are_one_error_there(
        make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "content/sites/chapada-do-araripe.pt.md": SITE_ES,
                      "content/partners.pt.yaml": "tp:\n  description: Um parceiro.\n"})
    assert errors_of(root) == [
        "content/site.yaml:3:1: error: 2 files translate into 'pt' (content/partners.pt.yaml "
        "and 1 more), which is not one of the site's other languages: add 'pt' to languages, "
        "or delete those files"]


def test_a_language_code_in_capitals_is_said_with_the_name_to_give(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "content/sites/chapada-do-araripe.FR.md": SITE_ES})
    assert errors_of(root) == [
        "content/sites/chapada-do-araripe.FR.md:1:1: error: language codes are written as "
        "site.yaml writes them: name this file chapada-do-araripe.fr.md"]


LANGS_PT_BR = LANGS.replace("[en, es, fr]", "[en, es, pt-BR]")


@pytest.mark.parametrize("written", ["pt-br", "pt_br", "PT-BR"])
@pytest.mark.parametrize(("folder", "name", "text"), [
    ("content/sites/", "chapada-do-araripe", SITE_ES),
    ("content/", "partners", "tp:\n  description: Um parceiro.\n"),
    ("content/images/", "images", "hero.jpg:\n  alt: Uma floresta.\n")])
def test_a_language_code_written_otherwise_than_site_yaml_is_said_with_the_name_to_give(
        make_site: MakeSite, written: str, folder: str, name: str, text: str) -> None:
    """x.pt-br.md was told to add 'pt-br' to languages (which site.yaml refuses), and
    partners.pt_br.yaml or images.pt-br.yaml were not read, saying nothing or next to it."""
    ext = "md" if folder.endswith("sites/") else "yaml"
    root = make_site({"content/site.yaml": LANGS_PT_BR,
                      f"{folder}{name}.{written}.{ext}": text})
    assert errors_of(root) == [
        f"{folder}{name}.{written}.{ext}:1:1: error: language codes are written as site.yaml "
        f"writes them: name this file {name}.pt-BR.{ext}"]


@pytest.mark.parametrize(("written", "said"), [
    ("pt-BR", "translate into 'pt-BR' (content/partners.pt-BR.yaml and 1 more), which site.yaml "
              "writes 'pt-br': write it 'pt-BR' in languages, as they do, or name them as "
              "site.yaml writes it (partners.pt-br.yaml)"),
    ("pt_BR", "write the language code 'pt_BR' (content/partners.pt_BR.yaml and 1 more), which "
              "site.yaml writes 'pt-br': name them as it does (partners.pt-br.yaml)")])
def test_translations_written_alike_otherwise_than_site_yaml_are_one_error_there(
        make_site: MakeSite, written: str, said: str) -> None:
    """site.yaml's 'pt-br' beside files named pt-BR is one mistake, in site.yaml: it was an
    error in each file, telling them all to be renamed."""
    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", "[en, es, pt-br]"),
                      f"content/sites/chapada-do-araripe.{written}.md": SITE_ES,
                      f"content/partners.{written}.yaml": "tp:\n  description: Um parceiro.\n"})
    assert errors_of(root) == [f"content/site.yaml:3:1: error: 2 files {said}"]


def test_photos_texts_in_a_language_taken_out_of_site_yaml_are_said(make_site: MakeSite) -> None:
    """images.pt.yaml alone was read by nothing and said by nothing: the work was lost unseen."""
    root = make_site({"content/site.yaml": LANGS,
                      "content/images/images.pt.yaml": "hero.jpg:\n  alt: Uma floresta.\n"})
    assert errors_of(root) == [
        "content/images/images.pt.yaml:1:1: error: a translation into 'pt', which is not one of "
        "the site's other languages (site.yaml's languages are en, es, fr): add 'pt' to "
        "languages in site.yaml, or delete this file"]


@pytest.mark.parametrize("name", ["ES.po", "es_ES.po"])
def test_a_catalogue_named_otherwise_than_its_language_is_said_with_the_name_to_give(
        make_site: MakeSite, name: str) -> None:
    """Read by no language: the Spanish pages showed the interface in English, silently
    (and on a disk that ignores case, ES.po was read where the server's build did not)."""
    root = make_site({"content/site.yaml": LANGS, f"templates/locales/{name}": ES_PO})
    (root / "templates/locales/es.po").unlink()
    assert errors_of(root) == [
        f"templates/locales/{name}:1:1: error: no language reads this catalogue, so the pages "
        "in 'es' show the interface in English: name it es.po, as site.yaml writes the language"]


def test_a_regional_catalogue_named_otherwise_says_the_catalogue_its_pages_read(
        make_site: MakeSite) -> None:
    """es_MX.po (as Poedit names it) for es-MX, with es.po there: the pages read es.po,
    and the error says so, not that they are in English."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, es-MX]\n"),
                      "templates/locales/es.po": ES_PO, "templates/locales/es_MX.po": ES_PO})
    assert errors_of(root) == [
        "templates/locales/es_MX.po:1:1: error: no language reads this catalogue, so the "
        "pages in 'es-MX' show the interface of es.po: name it es-MX.po, as site.yaml writes "
        "the language"]


@pytest.mark.parametrize("rel", ["content/partners.pt-br.yaml",
                                 "content/images/images.pt-br.yaml"])
def test_a_link_named_with_the_language_written_otherwise_is_said(
        make_site: MakeSite, tmp_path: Path, rel: str) -> None:
    """A symbolic link partners.pt-br.yaml for pt-BR: its reader leaves a link named as a
    translation to the translation's checks, which left a misnamed one out: not a word."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, pt-BR]\n")})
    outside = tmp_path / "outside.yaml"
    outside.write_text("{}\n", encoding="utf-8")
    (root / rel).symlink_to(outside)
    name = rel.rpartition("/")[2].replace("pt-br", "pt-BR")
    assert errors_of(root) == [f"{rel}:1:1: error: language codes are written as site.yaml "
                               f"writes them: name this file {name}"]


def test_a_catalogue_of_a_language_to_come_is_no_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": ES_PO,
                      "templates/locales/es_MX.po": ES_PO, "templates/locales/de.po": ES_PO})
    assert "Datos del sitio" in page(files_of(root), "es/sites/chapada-do-araripe/index.html")


def test_a_regional_language_without_a_catalogue_reads_its_language_s(
        make_site: MakeSite) -> None:
    """es-MX with es.po alone shows es.po's words, as gettext does: a site that moved from
    pt to pt-BR showed its whole interface in English, saying nothing."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, es-MX]\n"),
                      "templates/locales/es.po": ES_PO})
    files = files_of(root)
    html = page(files, "es-MX/sites/chapada-do-araripe/index.html")
    assert "Datos del sitio" in html and 'lang="es-MX"' in html


@pytest.mark.parametrize(("lang", "base"), [("pt-BR", "pt"), ("es-419", "es"),
                                           ("zh-Hant", None), ("sr-Latn", None),
                                           ("zh-Hant-TW", None), ("en", None)])
def test_only_a_region_reads_its_language_s_catalogue(lang: str, base: str | None) -> None:
    """zh-Hant reading zh.po would show Simplified Chinese; sr-Latn, Cyrillic."""
    from aze_site.queries.languages import regional_base

    assert regional_base(lang) == base


def test_a_translation_without_its_original_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "content/sites/manas.es.md": SITE_ES})
    assert errors_of(root) == [
        "content/sites/manas.es.md:1:1: error: this translates content/sites/manas.md, which "
        "does not exist: if the original was renamed, give this file its new name (with the "
        "language code); if it was deleted, delete this translation too"]


def test_a_translation_without_its_original_says_nothing_more(make_site: MakeSite) -> None:
    """Its text is not read at all (not for its photos either): what it holds cannot be
    judged without the original, so the one error is the missing original."""
    ghost = "---\ntranslated_from: abc\ntitle: Fantasma\n---\nVer [nada](nowhere.md).\n"
    root = make_site({"content/site.yaml": LANGS, "content/sites/manas.es.md": ghost})
    assert errors_of(root) == [
        "content/sites/manas.es.md:1:1: error: this translates content/sites/manas.md, which "
        "does not exist: if the original was renamed, give this file its new name (with the "
        "language code); if it was deleted, delete this translation too"]


@pytest.mark.parametrize(("name", "text"), [
    ("criteria", "A1e:\n  title: Población entera\n"),
    ("partners", "tp:\n  description: Un socio.\n"),
    ("audiences", "pages/act.md:\n  action: Actuar\n")])
def test_a_translation_of_a_missing_required_file_says_nothing_more(make_site: MakeSite,
                                                                     name: str, text: str) -> None:
    """The original is said missing, with what it holds: its translations are no mistake."""
    root = make_site({"content/site.yaml": LANGS, f"content/{name}.yaml": None,
                      f"content/{name}.es.yaml": text})
    said = errors_of(root)
    assert [line.split(": it should")[0] for line in said] == [
        f"content/{name}.yaml: error: file is missing"]
    assert said[0].endswith("(restore it, e.g. from the project's history)")


@pytest.mark.parametrize(("rel", "text", "said"), [
    ("content/partners.es.yaml", "tp:\n  description: Un socio.\ntq:\n  name: Socio\n",
     "content/partners.es.yaml:3:1: error: 'tq' is not an entry of content/partners.yaml, so "
     "its text would never be shown: name it as the original does (tp)"),
    ("content/images/images.es.yaml", "hero.jpg:\n  alt: Un paisaje\nheroe.jpg:\n  alt: Otro\n",
     "content/images/images.es.yaml:3:1: error: 'heroe.jpg' is not an entry of "
     "content/images/images.yaml, so its text would never be shown: name it as the original "
     "does (did you mean 'hero.jpg'?)"),
])
def test_an_entry_of_no_original_entry_is_an_error(make_site: MakeSite, rel: str, text: str,
                                                  said: str) -> None:
    """A translator's misspelt key would leave the entry untranslated without a word."""
    root = make_site({"content/site.yaml": LANGS, rel: text})
    assert errors_of(root) == [said]


def _made_from(name: str, original: str) -> str:
    return yaml_digest(name, yaml.safe_load(original))


TWO_PARTNERS = PARTNERS_YAML + "- name: Other Partner\n  short_name: TQ\n  url: https://tq.example.org\n"


def test_an_entry_the_original_dropped_after_translation_is_outdated_not_an_error(
        make_site: MakeSite) -> None:
    """A partner taken out of partners.yaml, made from the two-partner list: the original's
    valid change, one line in check's outdated list, not an error in every language."""
    made_from = _made_from("partners", TWO_PARTNERS)
    root = make_site({"content/site.yaml": LANGS,
                      "content/partners.es.yaml": f"translated_from: {made_from}\n"
                      "tp:\n  description: Un socio.\ntq:\n  description: Otro socio.\n",
                      "content/partners.fr.yaml": f"translated_from: {made_from}\n"
                      "tq:\n  description: Un autre.\n"})
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert "error:" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.returncode == 0
    for lang in ("es", "fr"):
        assert (f"outdated: content/partners.{lang}.yaml (content/partners.yaml changed after"
                in done.stdout)


def test_a_menu_address_changed_after_translation_is_outdated_not_an_error(
        make_site: MakeSite) -> None:
    """README's "Make it yours" invites changing the menu: one valid edit of site.yaml."""
    made_from = _made_from("site", LANGS)
    changed = LANGS.replace("{title: Sites, url: /sites/}", "{title: Sites, url: /species/}")
    assert changed != LANGS
    root = make_site({"content/site.yaml": changed, "content/site.es.yaml":
                      f"translated_from: {made_from}\nnav:\n  /sites/: Sitios\n"})
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert "error:" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "outdated: content/site.es.yaml (content/site.yaml changed after" in done.stdout
    (root / "content/site.es.yaml").write_text(  # brought up to date, the old entry kept
        f"translated_from: {_made_from('site', changed)}\nnav:\n  /sites/: Sitios\n")
    assert errors_of(root) == [
        "content/site.es.yaml:3:3: error: '/sites/' is not an entry of content/site.yaml, so its "
        "text would never be shown: name it as the original does (did you mean '/species/'?)"]


def test_an_entry_of_no_original_entry_in_an_up_to_date_translation_is_an_error(
        make_site: MakeSite) -> None:
    """Made from the original as it is: an entry it lacks is a translator's slip."""
    root = make_site({"content/site.yaml": LANGS, "content/partners.es.yaml":
                      f"translated_from: {_made_from('partners', PARTNERS_YAML)}\n"
                      "tp:\n  description: Un socio.\ntq:\n  name: Socio\n"})
    assert errors_of(root) == [
        "content/partners.es.yaml:4:1: error: 'tq' is not an entry of content/partners.yaml, so "
        "its text would never be shown: name it as the original does (tp)"]


@pytest.mark.parametrize(("files", "said"), [
    ({"content/partners.yaml": PARTNERS_YAML + "- name: Other Partner\n  short_name: TP\n"
      "  url: https://www.other-partner.net\n",
      "content/partners.es.yaml": "tp:\n  description: Un socio.\n"},
     "content/partners.yaml:5:15: error: partner[1].short_name: partner[0] has the same short "
     "name (both would be #tp on the partners page): give each partner its own"),
    ({"content/audiences.yaml": AUDIENCES_YAML + AUDIENCES_YAML.replace("Policy", "Other"),
      "content/audiences.es.yaml": "pages/act.md:\n  audience: Responsables\n"},
     "content/audiences.yaml:8:9: error: audience[1].page: audience[0] leads to this page "
     "too: each call to action leads to a page of its own"),
    ({"content/criteria.yaml": CRITERIA_YAML.replace("code: A1e", "code: A1a"),
      "content/criteria.es.yaml": "A1e:\n  title: Población entera\n"},
     "content/criteria.yaml:7:13: error: category[0].criteria[1].code: duplicate criterion "
     "code 'A1a': each criterion is defined once, so delete one of the two or give it a code "
     "of its own"),
])
def test_an_original_s_mistake_is_one_error_there_not_more_in_its_translations(
        make_site: MakeSite, files: dict[str, str], said: str) -> None:
    """Two entries under one key in the original (or an entry renamed into a repeat): the
    translations' entries are not matched to an original with errors."""
    root = make_site({"content/site.yaml": LANGS, **files})
    assert errors_of(root) == [said]


def test_a_common_name_of_no_species_of_the_site_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      ES_SITE: SITE_ES.replace("Antilophia bokermanni:", "Antilophia galeata:")})
    assert errors_of(root) == [
        f"{ES_SITE}:5:3: error: common_names: 'Antilophia galeata' is not a trigger species of "
        f"{SITE} (its species: Antilophia bokermanni)"]


@pytest.mark.parametrize(("in_site", "in_translation"), [
    ("Antilophia bokerm\u00e1nni", "Antilophia bokerma\u0301nni"),
    ("Antilophia bokermanni", "Antilophia  bokermanni")], ids=["unicode-form", "spaces"])
def test_a_common_name_is_found_whichever_unicode_form_holds_the_species(
        make_site: MakeSite, in_site: str, in_translation: str) -> None:
    """A name with an accent written as 'a' and its accent in the site (as the translation
    was made from it), as one character once the site is retyped: the same species; so is
    a name typed with two spaces."""
    root = make_site({"content/site.yaml": LANGS,
                      SITE: SITE_MD.replace("Antilophia bokermanni", in_site),
                      ES_SITE: SITE_ES.replace("Antilophia bokermanni", in_translation)})
    published = files_of(root)
    assert "Saltarín de Araripe" in page(published, "es/sites/chapada-do-araripe/index.html")


def test_every_problem_of_a_translation_is_said_in_one_build(make_site: MakeSite) -> None:
    """A key it does not know does not hide its other problems until the next build: its
    common names and its body are checked all the same."""
    text = SITE_ES.replace("common_names:", "autor: Ana\ncommon_names:").replace(
        "Antilophia bokermanni:", "Antilophia galeata:").replace("criteria.md#a1e", "nowhere.md")
    root = make_site({"content/site.yaml": LANGS, ES_SITE: text})
    assert errors_of(root) == [
        f"{ES_SITE}:4:1: error: unknown key 'autor' (the keys allowed here: common_names, "
        "description, draft, name, translated_from)",
        f"{ES_SITE}:6:3: error: common_names: 'Antilophia galeata' is not a trigger species of "
        f"{SITE} (its species: Antilophia bokermanni)",
        f"{ES_SITE}:10:25: error: link '../pages/nowhere.md': content/pages/nowhere.md does "
        "not exist"]


def test_a_translation_s_fields_that_cannot_be_read_leave_its_body_checked(
        make_site: MakeSite) -> None:
    text = SITE_ES.replace("name: Chapada", "name: [Chapada").replace("criteria.md#a1e",
                                                                      "nowhere.md")
    root = make_site({"content/site.yaml": LANGS, ES_SITE: text})
    assert errors_of(root) == [
        f"{ES_SITE}:2:7: error: a list opened with '[' is not closed: add ']' at its end",
        f"{ES_SITE}:9:25: error: link '../pages/nowhere.md': content/pages/nowhere.md does "
        "not exist"]


def test_a_translation_whose_origin_cannot_be_read_says_nothing_that_depends_on_it(
        make_site: MakeSite) -> None:
    """Without what it was made from, a common name of no species may be the original's
    change (see the next test): only the digest is said."""
    text = SITE_ES.replace("name: Chapada", "translated_from: [1]\nname: Chapada").replace(
        "Antilophia bokermanni:", "Antilophia galeata:")
    root = make_site({"content/site.yaml": LANGS, ES_SITE: text})
    assert errors_of(root) == [
        f"{ES_SITE}:2:18: error: translated_from: expected the 12 hex digits 'aze-site new "
        "translation' wrote (what the translation was made from); remove the line if unsure"]


@pytest.mark.parametrize(("rel", "field"), [
    ("content/partners.es.yaml", "name"), ("content/criteria.es.yaml", "title"),
    ("content/audiences.es.yaml", "audience"), ("content/images/images.es.yaml", "alt")])
@pytest.mark.parametrize("made_from", ["zzz", "12", "[1]"])
def test_a_site_wide_translation_whose_origin_cannot_be_read_is_one_error_there(
        make_site: MakeSite, rel: str, field: str, made_from: str) -> None:
    """As in site.es.yaml: a wrong translated_from is said at its line, and nothing that
    depends on it (an entry of no original entry may be the original's change)."""
    root = make_site({"content/site.yaml": LANGS,
                      rel: f"translated_from: {made_from}\nnowhere:\n  {field}: Nada\n"})
    assert errors_of(root) == [
        f"{rel}:1:18: error: translated_from: expected the 12 hex digits 'aze-site new "
        "translation' wrote (what the translation was made from); remove the line if unsure"]


def test_check_says_a_wrong_translated_from_once_and_no_translation_outdated(
        make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "content/partners.es.yaml":
                      "translated_from: zzz\ntp:\n  description: Un socio.\n"})
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert [line for line in done.stderr.splitlines() if "error" in line] == [
        "content/partners.es.yaml:1:18: error: translated_from: expected the 12 hex digits "
        "'aze-site new translation' wrote (what the translation was made from); remove the "
        "line if unsure", "check: 1 error, 5 warnings"]
    assert "outdated" not in done.stdout + done.stderr


@pytest.mark.parametrize(("rel", "text", "said"), [
    ("content/partners.es.yaml", "tp:\n  description: Un socio.\ntq:\n  nme: Socio\n", [
        "content/partners.es.yaml:3:1: error: 'tq' is not an entry of content/partners.yaml, "
        "so its text would never be shown: name it as the original does (tp)",
        "content/partners.es.yaml:4:3: error: tq: unknown key 'nme' (did you mean 'name'?)"]),
    ("content/site.es.yaml", "titulo: Hola\nnav:\n  /nowhere/: Nada\n", [
        "content/site.es.yaml:1:1: error: unknown key 'titulo' (did you mean 'title'? Keys stay "
        "in English)",
        "content/site.es.yaml:3:3: error: '/nowhere/' is not an entry of content/site.yaml, so "
        "its text would never be shown: name it as the original does (/sites/)"]),
])
def test_every_problem_of_a_site_wide_translation_is_said_in_one_build(
        make_site: MakeSite, rel: str, text: str, said: list[str]) -> None:
    root = make_site({"content/site.yaml": LANGS, rel: text})
    assert errors_of(root) == said


def test_a_species_renamed_in_the_original_leaves_its_translation_outdated(
        make_site: MakeSite) -> None:
    """A letter mended in a species' name: the translations' common names still name the
    old one. That is the original's valid change, listed by check, not an error."""
    root = make_site({"content/site.yaml": LANGS})
    target = write_translation(root, "sites/chapada-do-araripe.md", "es")
    target.write_text(target.read_text().replace("draft: true", "draft: false"))
    original = root / SITE
    original.write_text(original.read_text().replace("Antilophia bokermanni",
                                                     "Antilophia bokermannii"))
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert "error:" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert f"outdated: {ES_SITE} ({SITE} changed after" in done.stdout


def test_language_and_languages_must_agree(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + "languages: [fr, en]\n"})
    assert errors_of(root) == [
        "content/site.yaml:3:11: error: language: 'en' is not the first of 'languages' (fr): "
        "keep one of the two, the default language first"]


def test_a_language_without_locale_data_is_one_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", "[en, es, xx]")})
    assert errors_of(root) == [
        "content/site.yaml:3:21: error: languages[2]: 'xx' is not a language aze-site can "
        "publish in (it has no dates, numbers or names for it): use a language tag such as "
        "'es', 'fr' or 'pt-BR'"]


def test_a_broken_site_yaml_says_nothing_of_the_translations(make_site: MakeSite) -> None:
    """Its languages are not known: the translations are not checked against them."""
    root = make_site({"content/site.yaml": LANGS.replace("hero.jpg", "lost.jpg"),
                      ES_SITE: SITE_ES})
    assert errors_of(root) == ["content/site.yaml:5:15: error: hero.image: photo 'lost.jpg' has "
                               "no entry in content/images/images.yaml"]


def test_a_menu_entry_leading_nowhere_is_one_error_for_every_language(
        make_site: MakeSite) -> None:
    """Not also one for each language's copy of the menu, on the templates."""
    nav = LANGS.replace("{title: Sites, url: /sites/}", "{title: Lost, url: /lost/}")
    root = make_site({"content/site.yaml": nav})
    assert errors_of(root) == ["content/site.yaml:7:24: error: nav[0].url: /lost/ leads "
                               "nowhere: no page has this address: write the address of "
                               "one of the site's pages, e.g. /about/ for content/pages/about.md"]


@pytest.mark.parametrize("broken", ["title: [Act\n", "title: Act\n"])
def test_a_page_that_cannot_be_read_is_one_error_in_every_language(
        make_site: MakeSite, broken: str) -> None:
    """Its address stays known: the menu, the templates and other pages that lead there, in
    every language, report nothing more (front matter that is not YAML, or not closed)."""
    nav = LANGS.replace("{title: Sites, url: /sites/}", "{title: Act, url: /act/}")
    root = make_site({"content/site.yaml": nav,
                      "content/pages/act.md": f"---\n{broken}" + ("" if "[" not in broken
                                                                  else "---\n") + "Act now.\n",
                      "content/news/2018-11-13-update.md":
                          "---\ntitle: The 2018 update\n---\nSee [what to do](/act/#policy).\n"})
    assert errors_of(root) == [
        "content/pages/act.md:2:8: error: a list opened with '[' is not closed: add ']' at its end"
        if "[" in broken else
        "content/pages/act.md:1:1: error: front matter is not closed: add a '---' line after it"]


def test_a_broken_catalogue_is_an_error_at_its_line(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      "templates/locales/es.po": ES_PO + "\nthis is no catalogue\n"})
    assert errors_of(root) == [
        "templates/locales/es.po:12:1: error: this line is not part of a message: a catalogue's "
        "lines are msgid and msgstr (msgid_plural, msgstr[0], msgctxt), each with its text in "
        "quotes, a quoted text going on from the line above, or a comment starting with #; "
        "correct the line or delete it"]


NO_MSGSTR = ('"Site facts" has no translation: write msgstr "…" with its translation on the '
             'line after it (msgstr "" leaves it in English)')
NOT_CLOSED = 'a quoted text is not closed: end the line with "'


@pytest.mark.parametrize(("po", "said"), [
    (ES_PO.replace('msgstr "Datos del sitio"\n', ""), f"6:1: {NO_MSGSTR}"),
    (ES_PO.replace('msgstr "Datos del sitio"\n', "").replace('msgid "Site', '  msgid "Site'),
     f"6:3: {NO_MSGSTR}"),
    (ES_PO + '\nmsgid "Search"\nmsgid_plural "Searches"\n',
     '12:1: "Search" has no translations: write msgstr[0] "…" to msgstr[1] "…" after its '
     'msgid_plural line, one for each plural form (msgstr[0] "" and so on leave it in English)'),
    (ES_PO + '\n# Search\nmsgstr "Buscar"\n\nmsgid "Search"\nmsgstr "Buscar"\n',
     "13:1: this translation (msgstr) has no msgid above it, so it translates nothing: write "
     'msgid "…" with the text it translates on the line above, or delete it'),
    (ES_PO + '\n# Search\n"Buscar"\n',
     "13:1: this quoted text goes on from no msgid or msgstr (the line above it is a comment, "
     "or none): join it to the text it belongs to, or delete it"),
    (ES_PO.replace('msgstr "Datos', 'msgstr"Datos'),
     "7:1: 'msgstr' is not written as a catalogue writes it: msgid, msgid_plural, msgstr, "
     "msgstr[0] or msgctxt in lower case, a space, then its text in quotes"),
    (ES_PO.replace('"Datos del sitio"', '"Datos del\nsitio"'), f"7:8: {NOT_CLOSED}"),
    (ES_PO.replace('msgid "Site facts"', 'msgid "Site\nfacts"'), f"6:7: {NOT_CLOSED}"),
    (ES_PO + '\nmsgid "Search"\nmsgid_plural "Searches"\nmsgstr[x] "Búsqueda"\n'
     'msgstr[1] "Búsquedas"\n', "14:8: msgstr[…] takes the number of a plural form, counted "
     "from 0: write msgstr[0], msgstr[1]…"),
])
def test_a_catalogue_babel_cannot_read_is_one_error_at_the_line_at_fault_in_plain_words(
        make_site: MakeSite, po: str, said: str) -> None:
    """Not Babel's words ('missing msgstr for msgid', 'Unknown or misformatted keyword'),
    one line above (Babel counts lines from 0), nor a second error for the same slip; a
    msgstr of no msgid was given, silently, to the next message."""
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [f"templates/locales/es.po:{said.replace(': ', ': error: ', 1)}"]


def test_every_line_babel_cannot_read_is_said_in_one_build(make_site: MakeSite) -> None:
    po = ES_PO.replace('msgstr "Datos del sitio"\n', "") + "\nHola\n"
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert [line.split(": error: ")[0] for line in errors_of(root)] == [
        "templates/locales/es.po:6:1", "templates/locales/es.po:11:1"]


def test_a_catalogue_saved_in_another_encoding_is_an_error_at_its_first_letter_not_read(
        make_site: MakeSite) -> None:
    """Not Python's words ('utf-8' codec can't decode byte 0xe9 in position 24), at no line."""
    root = make_site({"content/site.yaml": LANGS})
    (root / "templates/locales/es.po").write_bytes(
        ES_PO.replace("Datos del sitio", "Datos del sitio é").encode("latin-1"))
    assert errors_of(root) == [
        "templates/locales/es.po:7:25: error: this is not UTF-8 text, the encoding the catalogue "
        "is read in: save it as UTF-8 (Poedit does; in an editor, 'Save with encoding'), with "
        "charset=UTF-8 in its header"]


def test_a_catalogue_saved_with_a_byte_order_mark_is_read_without_it(
        make_site: MakeSite, capfd: pytest.CaptureFixture[str]) -> None:
    """As Windows' Notepad saves it: Babel took the mark for part of the first line (the
    build failed, at no line), and printed its own 'WARNING:' lines reading messages.pot,
    whose strings coverage counts, among what `check` prints."""
    root = make_site({"content/site.yaml": LANGS,
                      "templates/locales/es.po": "\ufeff# Spanish\n" + ES_PO})
    pot = root / "templates/locales/messages.pot"
    pot.write_bytes(b"\xef\xbb\xbf" + pot.read_bytes())
    capfd.readouterr()
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    wanted = pot.read_text(encoding="utf-8-sig").count("\nmsgid ") - 1
    assert re.search(rf"es +\d+ of \d+ \(\d+%\) +2 of {wanted} ", done.stdout), done.stdout
    files = files_of(root)
    assert "Datos del sitio" in page(files, "es/sites/chapada-do-araripe/index.html")


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("%(pais)s en el índice", "has %(pais)s, which the original does not have: keep the "
     "original's placeholders as they are (%(country)s)"),
    ("%(country)s: el 100% de los sitios", "has a '%' that is no placeholder: write '%%' for "
     "a percent sign"),
    ("%(country)d en el índice", "has %(country)d where the original has %(country)s: keep "
     "the original's placeholders as they are (%(country)s)"),  # else fails at a template
    ("%(country) en el índice", "has %(country) where the original has %(country)s: keep "
     "the original's placeholders as they are (%(country)s)"),
    ("El índice de todos los sitios", "leaves out %(country)s, which the page fills in: keep "
     "the original's placeholders as they are (%(country)s)"),
])
def test_a_placeholder_the_original_lacks_is_an_error_at_its_line(
        make_site: MakeSite, msgstr: str, problem: str) -> None:
    """Not a template error at some page that uses the message: the translator's line."""
    po = ES_PO + f'\nmsgid "%(country)s in the index of all sites"\nmsgstr "{msgstr}"\n'
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [
        f'templates/locales/es.po:13:1: error: the translation of "%(country)s in the index of '
        f'all sites" {problem}']


def test_alternates_join_only_translated_pages(multilingual: Path) -> None:
    files = files_of(multilingual)
    translated = page(files, "es/sites/chapada-do-araripe/index.html")
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', translated)
    assert links == [("en", "https://test.example.org/sites/chapada-do-araripe/"),
                     ("es", "https://test.example.org/es/sites/chapada-do-araripe/"),
                     ("x-default", "https://test.example.org/sites/chapada-do-araripe/")]
    untranslated = page(files, "fr/sites/chapada-do-araripe/index.html")
    assert '<link rel="alternate" hreflang="fr"' not in untranslated
    assert '<link rel="alternate" hreflang="fr"' not in translated
    assert '<link rel="canonical" href="https://test.example.org/sites/chapada-do-araripe/">' \
        in untranslated
    assert 'lang="en"' in untranslated.split("<main", 1)[1]  # its text, in the original
    sitemap = page(files, "sitemap.xml")
    assert "/fr/sites/chapada-do-araripe/" not in sitemap
    assert ('<loc>https://test.example.org/es/sites/chapada-do-araripe/</loc>'
            in sitemap) and 'xhtml:link rel="alternate" hreflang="es"' in sitemap


def test_the_switcher_leads_to_the_same_page(multilingual: Path) -> None:
    html = page(files_of(multilingual), "es/sites/chapada-do-araripe/index.html")
    switcher = html.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/sites/chapada-do-araripe/"' in switcher
    assert 'href="/fr/sites/chapada-do-araripe/"' in switcher
    assert "Español" in switcher and "Français" in switcher


def test_two_kinds_of_one_language_are_told_apart_in_the_switcher(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": SITE_YAML.replace(
        "language: en\n", "languages: [en, pt, pt-BR]\n")})
    html = page(files_of(root), "sites/chapada-do-araripe/index.html")
    switcher = html.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    assert ">Português<" in switcher and ">Português (Brasil)<" in switcher


def test_a_feed_per_language(multilingual: Path) -> None:
    files = files_of(multilingual)
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es">' in page(files, "es/feed.xml")
    assert 'href="/es/feed.xml"' in page(files, "es/sites/index.html")


def test_numbers_and_dates_in_the_language(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, SITE: SITE_MD.replace("area_km2: 28",
                                                                          "area_km2: 7225")})
    files = files_of(root)
    assert "7,225 km²" in page(files, "sites/chapada-do-araripe/index.html")
    assert "7\u202f225 km²" in page(files, "fr/sites/chapada-do-araripe/index.html")
    assert "13 de noviembre de 2018" in page(files, "es/sites/chapada-do-araripe/index.html")


def test_new_translation_writes_a_draft_to_translate(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS})
    target = write_translation(root, "sites/chapada-do-araripe.md", "es")
    text = target.read_text()
    assert target == root / ES_SITE
    assert "draft: true" in text and 'name: "Chapada do Araripe"' in text
    assert '"Antilophia bokermanni": "Araripe manakin"' in text and "## Why it matters" in text
    files = files_of(root)  # a draft: the page in Spanish shows the original, and says so
    alternate = '<link rel="alternate" hreflang="es"'
    assert alternate not in page(files, "es/sites/chapada-do-araripe/index.html")
    target.write_text(text.replace("draft: true", "draft: false"))
    assert alternate in page(files_of(root), "es/sites/chapada-do-araripe/index.html")


def test_check_shows_coverage_and_outdated_translations(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": ES_PO})
    target = write_translation(root, "sites/chapada-do-araripe.md", "es")
    target.write_text(target.read_text().replace("draft: true", "draft: false"))

    def check() -> str:
        return subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                              capture_output=True, text=True, check=True).stdout

    (root / "templates/locales/fr.po").unlink()
    shown = check()
    # counted against messages.pot: a catalogue lacking strings, or none at all, is short
    wanted = (root / "templates/locales/messages.pot").read_text().count("\nmsgid ") - 1
    assert re.search(rf"es +1 of \d+ \(\d+%\) +2 of {wanted} \(0%\)", shown), shown
    assert re.search(rf"fr +0 of \d+ \(0%\) +0 of {wanted} \(0%\)", shown), shown
    assert "outdated" not in shown
    original = root / SITE
    lf = original.read_bytes()
    original.write_bytes(lf.replace(b"\n", b"\r\n"))  # saved with Windows line ends: the same text
    assert "outdated" not in check()
    original.write_bytes(lf)
    original.write_text(original.read_text() + "\nA new paragraph.\n")
    assert f"outdated: {ES_SITE} ({SITE} changed after it" in check()



def test_a_translation_made_from_a_digest_of_digits_alone_is_up_to_date(
        make_site: MakeSite) -> None:
    """About one original in 300 has a digest with no letter in it, which YAML reads as a
    number: the translation `new translation` writes, and one written as `check` says, are
    taken as they are written, not refused or listed as outdated."""
    partners = PARTNERS_YAML + "  description: Partner 118.\n"
    made_from = _made_from("partners", partners)
    assert made_from == "585735976925"
    root = make_site({"content/site.yaml": LANGS, "content/partners.yaml": partners,
                      "content/partners.es.yaml": f"translated_from: {made_from}\n"
                      "tp:\n  description: Un socio.\n",
                      "content/pages/more.md": "---\ntitle: More\n---\nText 85.\n"})
    target = write_translation(root, "pages/more.md", "es")
    assert "translated_from: 740807760157 " in target.read_text()
    target.write_text(target.read_text().replace("draft: true", "draft: false"))
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert "error:" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "outdated" not in done.stdout

# The interface strings of the scripts, the regions, the search filters' names, the
# hemispheres, a group's sentence and the data terms, in Spanish (three plural forms).
ES_UI_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"

msgid "Critically Endangered"
msgstr "En peligro crítico"

msgid "Showing %(shown)s of %(total)s sites"
msgid_plural "Showing %(shown)s of %(total)s sites"
msgstr[0] "Se muestra %(shown)s de %(total)s sitio"
msgstr[1] "Se muestran %(shown)s de %(total)s de sitios"
msgstr[2] "Se muestran %(shown)s de %(total)s sitios"

msgid "Filtering…"
msgstr "Filtrando…"

msgid "Search sites, species, countries and pages"
msgstr "Buscar sitios, especies, países y páginas"

msgid "Americas"
msgstr "América"

msgid "country"
msgstr "país"

msgid "region"
msgstr "región"

msgid "red list"
msgstr "lista roja"

msgid "W"
msgstr "O"

msgid "%(num)d AZE trigger species among birds."
msgid_plural "%(num)d AZE trigger species among birds."
msgstr[0] "%(num)d especie desencadenante AZE entre las aves."
msgstr[1] "%(num)d de especies desencadenantes AZE entre las aves."
msgstr[2] "%(num)d especies desencadenantes AZE entre las aves."

msgid "See the site's terms"
msgstr "Véanse las condiciones del sitio"
"""


def ui_text(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="ui-text">(.*?)</script>', html)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_scripts_get_their_text_in_the_page_language(make_site: MakeSite) -> None:
    files = files_of(make_site({"content/site.yaml": LANGS,
                                "templates/locales/es.po": ES_UI_PO}))
    spanish = ui_text(page(files, "es/sites/index.html"))
    assert set(spanish["plural"]) == {"one", "many", "other"}  # Spanish's plural categories
    assert spanish["plural"]["one"]["showing"] == "Se muestra %(shown)s de %(total)s sitio"
    assert spanish["plural"]["many"]["showing"] == "Se muestran %(shown)s de %(total)s de sitios"
    assert spanish["plural"]["other"]["showing"] == "Se muestran %(shown)s de %(total)s sitios"
    assert spanish["plural"]["other"]["species"] == "%(n)s trigger species"  # not translated
    assert spanish["text"] == {"filtering": "Filtrando…", "unknown": "Unknown",  # the others
                               "draft": "Draft: not published",  # are not in this test's es.po
                               "unconfirmed": "AZE status not confirmed", "comma": ", "}
    assert spanish["red_list"]["CR"] == "En peligro crítico"
    assert spanish["countries"] == {"BRA": "Brasil", "MEX": "México"}
    english = ui_text(page(files, "sites/index.html"))
    assert set(english["plural"]) == {"one", "other"}
    assert english["plural"]["other"]["showing"] == "Showing %(shown)s of %(total)s sites"
    assert english["red_list"]["CR"] == "Critically Endangered"
    search = ui_text(page(files, "es/search/index.html"))
    assert search["text"]["placeholder"] == "Buscar sitios, especies, países y páginas"
    assert search["text"]["unavailable"].startswith("<strong>Search is not available</strong>")
    assert ui_text(page(files, "es/countries/bra/index.html"))["countries"] == {"BRA": "Brasil"}
    for rel in ("index.html", "es/index.html", "sites/chapada-do-araripe/index.html"):
        assert 'id="ui-text"' not in page(files, rel)  # no script needs it there


def test_links_of_the_templates_lead_to_the_page_language(multilingual: Path) -> None:
    html = page(files_of(multilingual), "es/sites/index.html")
    assert 'data-base="/es/"' in html  # where the map's popups and the filters' rows link
    assert '<a class="brand" href="/es/">' in html and '<a href="/es/species/">' in html


def test_regions_filters_hemispheres_and_sentences_in_the_page_language(
        make_site: MakeSite) -> None:
    files = files_of(make_site({"content/site.yaml": LANGS,
                                "templates/locales/es.po": ES_UI_PO}))
    site = page(files, "es/sites/chapada-do-araripe/index.html")
    assert '<span data-pagefind-filter="país">Brasil</span>' in site
    assert '<span data-pagefind-filter="región">América</span>' in site
    assert '<span data-pagefind-filter="lista roja">En peligro crítico</span>' in site
    # not translated yet: marked as English (Pagefind's filter is the text, 'Birds')
    assert '<span data-pagefind-filter="group"><span lang="en">Birds</span></span>' in site
    assert "7,25°\u00a0S, 39,45°\u00a0O" in site
    assert '<option value="americas">América</option>' in page(files, "es/sites/index.html")
    assert "Véanse las condiciones del sitio" in page(files, "es/sites/index.html")
    assert ('content="1 especie desencadenante AZE entre las aves."'
            in page(files, "es/groups/birds/index.html"))
    english = page(files, "sites/chapada-do-araripe/index.html")
    assert '<span data-pagefind-filter="red list">Critically Endangered</span>' in english
    assert "7.25°\u00a0S, 39.45°\u00a0W" in english
    assert ('content="1 AZE trigger species among birds."'
            in page(files, "groups/birds/index.html"))


def test_every_group_has_its_sentence() -> None:
    from aze_site.model import GROUPS
    from aze_site.render.listings import _GROUP_SENTENCES

    assert list(_GROUP_SENTENCES) == list(GROUPS)


def test_photo_text_is_translated_and_its_facts_are_not(make_site: MakeSite) -> None:
    images = "hero.jpg:\n  alt: Un paisaje dibujado\n  caption: Un paisaje\n"
    root = make_site({"content/site.yaml": LANGS, "content/images/images.es.yaml": images})
    files = files_of(root)
    assert 'alt="Un paisaje dibujado"' in page(files, "es/index.html")
    assert 'alt="A drawn landscape"' in page(files, "index.html")
    root = make_site({"content/site.yaml": LANGS, "content/images/images.es.yaml":
                      images + "  license: CC BY 4.0\n"}, name="fact")
    assert errors_of(root) == [
        "content/images/images.es.yaml:4:3: error: hero.jpg.license: 'license' is a fact, not "
        "language: it comes from content/images/images.yaml alone, in every language; remove it "
        "from this translation"]


def test_credits_and_404_in_a_language_link_right(multilingual: Path) -> None:
    files = files_of(multilingual)
    credits = page(files, "es/credits/index.html")
    assert 'href="/es/sites/chapada-do-araripe/"' in credits and "/es/es/" not in credits
    assert 'hreflang="es"' not in page(files, "404.html")  # one 404 page, no alternates


@pytest.mark.parametrize(("iso3", "lang", "name"), [
    ("CIV", "es", "Costa de Marfil"),  # iso-codes' catalogue spells it 'Costa de Marfíl'
    ("CIV", "pt", "Costa do Marfim"),
    ("ETH", "fr", "Éthiopie"),
    ("ETH", "en", "Ethiopia"),
    # a tag's script and region choose the catalogue: traditional characters, Latin letters
    ("ETH", "zh", "埃塞俄比亚"),
    ("ETH", "zh-Hans", "埃塞俄比亚"),
    ("ETH", "zh-Hant", "衣索比亞"),
    ("GIN", "zh-TW", "幾內亞"),
    ("ETH", "sr", "Етиопија"),
    ("ETH", "sr-Latn", "Etiopija"),
    ("ETH", "nb", "Etiopia"),  # iso-codes has nb_NO alone
    ("DEU", "no", "Tyskland"),
    ("DEU", "zh-MO", "德國"),  # Macau writes traditional characters
    # where iso-codes has no translation, CLDR's: it has no Swahili catalogue, and its
    # Arabic one lacks the common names (both were English); what it has is kept
    ("TZA", "sw", "Tanzania"),
    ("ESP", "sw", "Uhispania"),
    ("KOR", "ar", "كوريا الجنوبية"),
    ("SYR", "ar", "سوريا"),
    ("HKG", "es", "Hong Kong"),  # iso-codes', not CLDR's 'RAE de Hong Kong (China)'
])
def test_country_names_in_each_language(iso3: str, lang: str, name: str) -> None:
    from aze_site.render.i18n import country_name

    assert country_name(iso3, lang) == name


def test_words_not_translated_yet_are_marked_as_the_language_they_are_in(
        multilingual: Path) -> None:
    """Screen readers read them out, and browsers hyphenate them, as English."""
    files = files_of(multilingual)
    news = page(files, "es/news/update/index.html")
    assert '<h1 data-pagefind-meta="title" lang="en">The 2018 update</h1>' in news
    assert '<a href="/es/news/update/" lang="en">The 2018 update</a>' in page(files, "es/news/index.html")
    assert '<a href="/es/news/update/" lang="en">The 2018 update</a>' in page(files, "es/index.html")
    translated = page(files, "es/sites/chapada-do-araripe/index.html")
    assert '<h1 data-pagefind-meta="title">Chapada do Araripe (es)</h1>' in translated
    assert 'lang="en">Araripe' not in translated
    untranslated = page(files, "fr/sites/chapada-do-araripe/index.html")
    assert '<p class="common" lang="en">Araripe manakin</p>' in untranslated
    assert '<entry xml:lang="en">' in files["fr/feed.xml"].decode()
    assert "<entry xml:lang" not in files["feed.xml"].decode()


def test_interface_words_not_translated_yet_are_marked_english(multilingual: Path) -> None:
    """es.po translates "Site facts" alone: the other words of the templates are shown in
    English, and marked so where an element may hold them (not in an attribute)."""
    files = files_of(multilingual)
    spanish = page(files, "es/sites/chapada-do-araripe/index.html")
    assert '<h2 id="facts-title" class="facts-title">Datos del sitio</h2>' in spanish
    assert '<dt><span lang="en">Country</span></dt>' in spanish
    assert '<a class="skip-link" href="#main"><span lang="en">Skip to content</span></a>' in spanish
    assert '<nav class="site-nav" aria-label="Main">' in spanish
    assert '<abbr title="En peligro crítico">CR</abbr>' in spanish
    for translated in ("fr/sites/chapada-do-araripe/index.html",  # the project's fr.po
                       "sites/chapada-do-araripe/index.html"):
        assert '<span lang="en"' not in page(files, translated)


def test_an_untranslated_word_in_a_block_its_parent_writes_in_a_title_is_not_marked(
        make_site: MakeSite) -> None:
    """A page template's block is written where its parent's is: in a title or an
    attribute a span would be shown as its tags, or end the value at its first quote."""
    base = (REPO / "templates/base.html").read_text()
    base = base.replace("<title>{% if", "<title>{% block title %}{% if").replace(
        "{% endif %}</title>", "{% endif %}{% endblock %}</title>").replace(
        '<meta name="description" content="{{ page.description }}">',
        '<meta name="description" content="{% block description %}{% endblock %}">')
    site = (REPO / "templates/site.html").read_text().replace("{% block main %}", (
        "{% block title %}{{ _('Site') }} · {{ site.title }}{% endblock %}"
        "{% block description %}{{ _('Country') }}{% endblock %}{% block main %}"), 1)
    files = files_of(make_site({"content/site.yaml": LANGS, "templates/locales/es.po": ES_PO,
                                "templates/base.html": base, "templates/site.html": site}))
    spanish = page(files, "es/sites/chapada-do-araripe/index.html")
    assert "<title>Site · Test Alliance</title>" in spanish
    assert '<meta name="description" content="Country">' in spanish
    assert '<dt><span lang="en">Country</span></dt>' in spanish  # its block main: marked


def test_a_species_common_name_is_marked_as_the_language_of_the_site_that_names_it(
        multilingual: Path) -> None:
    files = files_of(multilingual)
    untranslated = page(files, "fr/species/antilophia-bokermanni/index.html")
    assert '<p class="lede" lang="en">Araripe manakin</p>' in untranslated
    assert '(<span lang="en">Araripe manakin</span>)' in untranslated
    assert '<span class="common" lang="en">Araripe manakin</span>' in page(
        files, "fr/groups/birds/index.html")
    translated = page(files, "es/species/antilophia-bokermanni/index.html")
    assert 'lang="en">Araripe' not in translated
    assert 'lang="en">Araripe' not in page(files, "es/groups/birds/index.html")
    assert 'lang="en">Araripe' not in page(files, "species/antilophia-bokermanni/index.html")


def test_the_credits_pages_are_each_others_alternates_in_the_sitemap(multilingual: Path) -> None:
    sitemap = files_of(multilingual)["sitemap.xml"].decode()
    for url in ("/credits/", "/es/credits/", "/fr/credits/"):
        entry = re.search(rf"<url><loc>https://[^<]*{url}</loc>(.*?)</url>", sitemap)
        assert entry is not None, url
        assert entry.group(1).count('rel="alternate"') == 4, entry.group(1)  # en, es, fr, x-default


def test_new_translation_takes_the_original_by_its_absolute_path(multilingual: Path) -> None:
    """As a shell completes it: the translation was looked for under content/ + that path."""
    original = multilingual / "content/sites/chapada-do-araripe.md"
    assert write_translation(multilingual, str(original), "fr") == \
        multilingual / "content/sites/chapada-do-araripe.fr.md"


@pytest.mark.parametrize(("path", "lang", "said"), [
    ("sites/chapada-do-araripe.md", "de", "'de' is not a language of the site (its others: es, "
     "fr): add it to languages in content/site.yaml first"),
    ("sites/chapada-do-araripe.md", "ES", "'ES' is not a language of the site (its others: es, "
     "fr): write it as site.yaml does, --lang es"),
    ("/etc/hostname.md", "es", "/etc/hostname.md is not a file of content/"),
    ("images.yaml", "es", "content/images.yaml is not a file of content/ (did you mean "
     "images/images.yaml?)"),
    ("chapada-do-araripe.md", "es", "content/chapada-do-araripe.md is not a file of content/ "
     "(did you mean sites/chapada-do-araripe.md?)"),
    ("sites/manaus.md", "es", "content/sites/manaus.md is not a file of content/ (e.g. "
     "sites/manas.md)"),
    ("sites/chapada-do-araripe.md", "en", "en is the site's default language"),
    ("sites/chapada-do-araripe.md", "EN", "EN is the site's default language"),
    ("sites/chapada-do-araripe.es.md", "fr", "content/sites/chapada-do-araripe.es.md is itself a "
     "translation: name its original, sites/chapada-do-araripe.md"),
])
def test_a_translation_the_build_would_refuse_is_not_written(multilingual: Path, path: str,
                                                            lang: str, said: str) -> None:
    from aze_site.errors import UsageError

    before = sorted(p.name for p in (multilingual / "content/sites").iterdir())
    with pytest.raises(UsageError, match="^" + re.escape(said)):
        write_translation(multilingual, path, lang)
    assert sorted(p.name for p in (multilingual / "content/sites").iterdir()) == before


@pytest.mark.parametrize(("rel", "url", "language"), [
    ("content/pages/es.md", "/es/", "Spanish"),  # the Spanish home page's address
    ("content/pages/fr/infos.md", "/fr/infos/", "French"),
])
def test_a_page_inside_a_languages_folder_is_an_error_at_that_page(
        make_site: MakeSite, rel: str, url: str, language: str) -> None:
    root = make_site({"content/site.yaml": LANGS, rel: "---\ntitle: Hola\n---\nHola.\n"})
    assert errors_of(root) == [f"{rel}:1:1: error: this page's address {url} is inside "
                               f"{url[:4]}, which holds the site in {language}: rename the file"]


@pytest.mark.parametrize(("rel", "url", "holds"), [
    ("content/pages/img.md", "/img/", "the photos and social cards"),
    ("content/pages/data.md", "/data/", "the data downloads"),
    ("content/pages/pagefind.md", "/pagefind/", "the search index"),
])
def test_a_page_inside_a_folder_the_build_owns_is_one_error_in_every_language(
        make_site: MakeSite, rel: str, url: str, holds: str) -> None:
    """`aze-site new page "Img"`: its untranslated versions (/es/img/) link to the
    original, which is refused at its file; those links say nothing more."""
    root = make_site({"content/site.yaml": LANGS, rel: "---\ntitle: Img\n---\nText.\n"})
    assert errors_of(root) == [f"{rel}:1:1: error: this page's address {url} is inside "
                               f"{url}, which holds {holds}: rename the file"]


def test_the_404_page_speaks_each_language_whose_words_are_translated(
        multilingual: Path) -> None:
    """A host shows one 404 page for every address: it says so in the other languages
    too, each marked as its language, and leaves out one whose words are not translated
    (here es.po lacks them; English words marked lang="es" would be read out wrong)."""
    html = page(files_of(multilingual), "404.html")
    assert '<section class="not-found-other" lang="fr">' in html
    assert "<h2>Page introuvable</h2>" in html and 'href="/fr/" hreflang="fr"' in html
    assert 'lang="es"' not in html


GUIDE = """\
---
title: Guide
---
## One

A claim.[^1]

## Two

## Three

[^1]: A source.
"""


def test_text_in_the_original_language_is_marked_so_wherever_it_is_shown(
        make_site: MakeSite) -> None:
    """A contents list, a photo's pages, the data's licence and citation, a footnote's
    back link: each in the language it is written in."""
    po = ES_PO + ('\nmsgid "Jump back to footnote %(num)d in the text"\n'
                  'msgstr "Volver a la nota %(num)d"\n')
    site = make_site({"content/site.yaml": LANGS.replace(
        "title: Test Alliance\n", "title: Test Alliance\ndata: {license: CC BY 4.0}\n"),
        ES_SITE: SITE_ES, "templates/locales/es.po": po, "content/pages/guide.md": GUIDE,
        "content/pages/guide.es.md": "---\ntitle: Guía\n---\nTexto.[^1]\n\n[^1]: Una fuente.\n"})
    files = files_of(site)
    assert '<ul lang="en"><li><a href="#one">One</a>' in page(files, "fr/guide/index.html")
    assert '<ul><li><a href="#one">One</a>' in page(files, "guide/index.html")
    assert 'title="Volver a la nota 1"' in page(files, "es/guide/index.html")
    assert 'title="Jump back to footnote 1 in the text"' in page(files, "fr/guide/index.html")
    credits_fr, credits_es = page(files, "fr/credits/index.html"), page(files, "es/credits/index.html")
    assert 'href="/fr/sites/chapada-do-araripe/" lang="en">' in credits_fr
    assert 'href="/es/sites/chapada-do-araripe/">' in credits_es
    sites_es = page(files, "es/sites/index.html")
    assert '<dd lang="en">CC BY 4.0</dd>' in sites_es
    assert '<cite class="citation" lang="en">Test Alliance. AZE sites' in sites_es
    assert '<dd>CC BY 4.0</dd>' in page(files, "sites/index.html")


def test_a_link_to_a_translation_file_is_reported_at_the_link(make_site: MakeSite) -> None:
    """Not at the translation linked to, as a page with a bad name (renaming it would make
    it an English page)."""
    root = make_site({"content/site.yaml": LANGS, ES_SITE: SITE_ES,
                      "content/pages/act.es.md": "---\ntitle: Actuar\n---\n"
                      "Véase [el sitio](../sites/chapada-do-araripe.es.md).\n"})
    assert errors_of(root) == [
        "content/pages/act.es.md:4:18: error: link '../sites/chapada-do-araripe.es.md': "
        "content/sites/chapada-do-araripe.es.md is a translation: link its original, "
        "../sites/chapada-do-araripe.md (each language's page then leads to the page in its "
        "own language)"]


def test_a_catalogue_s_plural_rule_forms_and_repeats_are_errors_at_their_lines(
        make_site: MakeSite) -> None:
    """A rule that cannot be read failed at every template that shows a number; a plural
    with forms left empty, and a message pasted twice (Babel keeps the first), were shown in
    English, silently."""
    po = ES_PO.replace("plural=(n != 1);", "plural=(n != 1;") + (
        '\nmsgid "%(n)s sites"\nmsgid_plural "%(n)s sites"\nmsgstr[0] "%(n)s sitio"\n'
        '\nmsgid "Site facts"\nmsgstr "Datos"\n')
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [
        "templates/locales/es.po:4:35: error: the rule of the Plural-Forms line cannot be read "
        "(unbalanced parenthesis in plural form): write the language's rule, e.g. nplurals=2; "
        "plural=(n != 1);",
        'templates/locales/es.po:14:1: error: the translation of "%(n)s sites" has 1 of the 2 '
        "plural forms this language has (nplurals in the catalogue's Plural-Forms line): "
        "write each of msgstr[0] to msgstr[1], or it is shown in English",
        'templates/locales/es.po:16:1: error: "Site facts" is here a second time (its first is '
        "at line 6), and only the first is used: delete one of the two"]


@pytest.mark.parametrize(("po", "said"), [
    (ES_PO.replace('"Datos del sitio"\n', '"Datos del sitio"\nmsgstr "Datos"\n'),
     'templates/locales/es.po:8:1: error: a second translation (msgstr) of "Site facts" (its '
     "first is at line 7): a message has one; keep the right one and delete the other (only "
     "the first is used now)"),
    (ES_PO + '\nmsgid "%(n)s sites"\nmsgid_plural "%(n)s sites"\nmsgstr[0] "%(n)s sitio"\n'
     'msgstr[0] "%(n)s sitios"\nmsgstr[1] "%(n)s sitios"\n',
     'templates/locales/es.po:15:1: error: msgstr[0] of "%(n)s sites" is written a second time '
     "(its first is at line 14): each plural form has one translation; keep the right one and "
     "delete the other"),
])
def test_a_translation_written_twice_under_one_message_is_an_error_at_the_second(
        make_site: MakeSite, po: str, said: str) -> None:
    """Babel kept one of them (for a plural form, whichever sorts last) and said nothing."""
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [said]


PLURALS = ('\nmsgid "%(n)s sites"\nmsgid_plural "%(n)s sites"\nmsgstr[0] "%(n)s sitio"\n'
           'msgstr[1] "%(n)s sitios"\n\nmsgid "%(n)s species"\nmsgid_plural "%(n)s species"\n'
           'msgstr[0] "%(n)s especie"\nmsgstr[1] "%(n)s especies"\n')


@pytest.mark.parametrize(("nplurals", "said"), [
    ("x", "templates/locales/es.po:4:25: error: the Plural-Forms line says nplurals=x: write the "
     "number of plural forms the language has, e.g. nplurals=2; plural=(n != 1);"),
    ("0", "templates/locales/es.po:4:25: error: the Plural-Forms line says nplurals=0: write the "
     "number of plural forms the language has, e.g. nplurals=2; plural=(n != 1);"),
    ("1", "templates/locales/es.po:15:1: error: this message has more plural forms (msgstr[…]) "
     "than the 1 the Plural-Forms line gives the language (nplurals=1): delete the extra ones, "
     "or correct nplurals there"),
    ("3", "templates/locales/es.po:4:25: error: the Plural-Forms line says nplurals=3, but each "
     "plural translation has 2 forms: write the number of plural forms the language has there"),
])
def test_a_plural_forms_line_at_odds_with_the_translations_is_one_error_at_its_line(
        make_site: MakeSite, nplurals: str, said: str) -> None:
    """Not Babel's words (`invalid literal for int()`), nor an error at each plural message
    when it is the header's number that is wrong."""
    po = ES_PO.replace("nplurals=2", f"nplurals={nplurals}") + PLURALS
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [said]


def test_every_problem_of_a_catalogue_is_reported_an_unclosed_quote_too(
        make_site: MakeSite) -> None:
    """Babel reads `msgstr "En peligro crítico` as "En peligro crític", silently."""
    po = ES_PO.replace('msgstr "Datos del sitio"', 'msgstr "Datos del %(x)s sitio"').replace(
        'msgstr "En peligro crítico"', 'msgstr "En peligro crítico')
    root = make_site({"content/site.yaml": LANGS, "templates/locales/es.po": po})
    assert errors_of(root) == [
        "templates/locales/es.po:7:1: error: the translation of \"Site facts\" has %(x)s, which "
        "the original does not have: keep the original's placeholders as they are (none)",
        "templates/locales/es.po:10:8: error: a quoted text is not closed: end the line with \""]


@pytest.mark.parametrize("heading", ["## Política", "Política\n--------"])
def test_a_translated_heading_that_pages_link_to_is_reported_there(make_site: MakeSite,
                                                                   heading: str) -> None:
    """Its anchor, which templates link to, changed with its words: the error is at the
    heading (written with '#' or underlined), with the fix, not at the templates."""
    site_yaml = LANGS.replace("https://forms.example.net/update?site={slug}", "/act/#policy")
    original = "---\ntitle: Act\ndescription: Act now.\n---\nIntro\n=====\n\n## Policy\n\nText.\n"
    root = make_site({"content/site.yaml": site_yaml, "content/pages/act.md": original,
                      "content/pages/act.es.md": "---\ntitle: Actuar\n---\nIntro\n=====\n\n"
                      f"{heading}\n\nTexto.\n"})
    assert errors_of(root) == [
        "content/pages/act.es.md:7:1: error: pages link to #policy, the anchor of the "
        "original's heading 'Policy', which this heading translates: keep the anchor, e.g. "
        "## Política {#policy}"]


def test_files_content_does_not_read_are_said_so_once_each(make_site: MakeSite) -> None:
    """Work put in the wrong place (a folder per language, a language the site does not
    have, a code in capitals, another extension) must not disappear unseen."""
    from aze_site.build import BuildOptions, build
    from aze_site.publish.blobs import MemoryWriter

    holds = ("not read: content/ holds site.yaml, criteria.yaml, partners.yaml and "
             "audiences.yaml (a translation beside each, e.g. partners.es.yaml) and the folders "
             "pages/, sites/, news/ and images/ (a translation beside its original, e.g. "
             "pages/about.es.md)")
    page = "---\ntitle: Actuar\n---\nTexto.\n"
    root = make_site({"content/site.yaml": LANGS, "content/es/pages/act.md": page,
                      "content/es/pages/more.md": page, "content/act.es.md": page,
                      "content/pages/act.es.markdown": page, "content/.gitkeep": "",
                      "content/pages/.gitkeep": "", "content/.obsidian/app.json": "{}",
                      "content/partners.ES.yaml": "- name: Socio\n",
                      "content/criteria.de.yaml": "- code: A\n"})
    assert [line for line in errors_of(root) if ": error: " in line] == [
        "content/criteria.de.yaml:1:1: error: a translation into 'de', which is not one of the "
        "site's other languages (site.yaml's languages are en, es, fr): add 'de' to languages "
        "in site.yaml, or delete this file",
        "content/partners.ES.yaml:1:1: error: language codes are written as site.yaml writes "
        "them: name this file partners.es.yaml"]
    (root / "content/criteria.de.yaml").unlink()
    (root / "content/partners.ES.yaml").unlink()
    result = build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    assert sorted(str(d) for d in result.report.warnings if "not read" in d.message) == [
        f"content/act.es.md: warning: {holds}",
        f"content/es: warning: {holds}",
        "content/pages/act.es.markdown: warning: not read: only Markdown files (.md) in "
        "content/pages/ become pages"]


def test_a_language_babel_knows_by_another_code_is_kept(make_site: MakeSite) -> None:
    """`tl` (Tagalog) is what browsers know, though Babel reads it as Filipino (`fil`)."""
    from aze_site.build import BuildOptions, build
    from aze_site.publish.blobs import MemoryWriter

    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", "[en, es, tl]")})
    assert build(BuildOptions(root=root, jobs=1), memory=MemoryWriter()).report.errors == []


@pytest.mark.parametrize(("code", "message"), [
    ("ger", "'ger' is written 'de' in a language tag (the two-letter code): use 'de'"),
    ("DE", "expected a language tag such as 'en' or 'pt-BR', got 'DE' (did you mean 'de'?)"),
    ("German", "expected a language tag such as 'en' or 'pt-BR', got 'German' (did you mean "
     "'de'?)"),
    ("Español", "expected a language tag such as 'en' or 'pt-BR', got 'Español' (did you "
     "mean 'es'?)")])
def test_a_language_code_browsers_would_not_know_is_refused(make_site: MakeSite, code: str,
                                                          message: str) -> None:
    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", f"[en, es, {code}]")})
    assert errors_of(root) == [f"content/site.yaml:3:21: error: languages[2]: {message}"]


def test_a_new_language_starts_its_interface_catalogue_from_the_template(
        make_site: MakeSite) -> None:
    from aze_site.errors import UsageError

    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", "[en, es, fr, de]")})
    shown = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                           capture_output=True, text=True, check=True).stdout
    assert ("  no interface strings in de: `aze-site new translation interface --lang de` "
            "writes templates/locales/de.po to translate them in") in shown
    target = write_translation(root, "interface", "de")
    assert target == root / "templates/locales/de.po"
    text = target.read_text(encoding="utf-8")
    assert '"Language: de\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert 'msgid "Site facts"\nmsgstr ""\n' in text
    with pytest.raises(UsageError):  # never overwritten
        write_translation(root, "interface", "de")


def test_a_template_of_strings_saved_with_a_byte_order_mark_starts_a_catalogue(
        make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    """As the build reads it: its first string kept, and none of Babel's own WARNING lines;
    one that cannot be read is one line of aze-site's, not a traceback."""
    from aze_site.errors import UsageError

    root = make_site({"content/site.yaml": LANGS.replace("[en, es, fr]", "[en, es, fr, de]")})
    pot = root / "templates/locales/messages.pot"
    pot.write_bytes(b"\xef\xbb\xbf" + pot.read_bytes())
    text = write_translation(root, "interface", "de").read_text(encoding="utf-8")
    assert 'msgid "Site facts"\nmsgstr ""\n' in text and "WARNING" not in capsys.readouterr().err
    (root / "templates/locales/de.po").unlink()
    pot.write_bytes(b'msgid "a"\nmsgstr ""\n\xff\n')
    with pytest.raises(UsageError, match=r"messages\.pot: cannot read this catalogue: 'utf-8'"):
        write_translation(root, "interface", "de")


def test_a_site_wide_translation_is_used_once_it_is_no_draft(make_site: MakeSite) -> None:
    """Its skeleton holds the original's text: published as the language's, it would be
    English under lang="es" until translated."""
    root = make_site({"content/site.yaml": LANGS})
    target = write_translation(root, "partners.yaml", "es")
    assert "\ndraft: true  # set to false once translated" in target.read_text(encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8").replace(
        '  name: "Test Partner"', '  name: "Socio de prueba"'), encoding="utf-8")
    assert "Socio de prueba" not in page(files_of(root), "es/partners/index.html")
    target.write_text(target.read_text(encoding="utf-8").replace("draft: true", "draft: false"),
                      encoding="utf-8")
    assert "Socio de prueba" in page(files_of(root), "es/partners/index.html")


def test_a_stray_file_is_said_so_in_an_update_as_in_a_clean_build(make_site: MakeSite) -> None:
    from aze_site.build import BuildOptions, build

    root = make_site({"content/site.yaml": LANGS})

    def strays() -> list[str]:
        report = build(BuildOptions(root=root, jobs=1, search=False)).report
        return [str(d) for d in report.warnings if "not read" in d.message]

    assert strays() == []
    (root / "content/es").mkdir()
    (root / "content/es/act.md").write_text("---\ntitle: Actuar\n---\nTexto.\n", encoding="utf-8")
    assert [line.split(":")[0] for line in strays()] == ["content/es"]  # an update
    (root / "content/es/act.md").unlink()
    (root / "content/es").rmdir()
    assert strays() == []


def test_a_menu_title_not_translated_is_marked_in_its_language(make_site: MakeSite) -> None:
    """Read aloud with the page's voice, an English word is garbled: marked, it is not."""
    root = make_site({"content/site.yaml": LANGS, "content/site.es.yaml":
                      'nav:\n  "/sites/": "Sitios"\n'})
    files = files_of(root)
    assert re.search(r'<a href="/es/sites/"[^>]*>Sitios</a>', page(files, "es/index.html"))
    french = page(files, "fr/index.html")  # no translation of site.yaml: the original's
    assert re.search(r'<a href="/fr/sites/"[^>]* lang="en">Sites</a>', french)


def test_a_menu_address_in_capitals_is_translated_as_written(make_site: MakeSite) -> None:
    """site.yaml's `HTTPS://Menu.Zero-Test.ORG/` is published in small letters; its
    translation, made by `new translation` from the address as written, still names it."""
    root = make_site({"content/site.yaml": LANGS.replace(
        "{title: Sites, url: /sites/}", "{title: Menu, url: HTTPS://Menu.Zero-Test.ORG/Aze}")})
    target = write_translation(root, "site.yaml", "es")
    assert "HTTPS://Menu.Zero-Test.ORG/Aze" in target.read_text()
    target.write_text(target.read_text().replace('"Menu"', '"Menú"')
                      .replace("draft: true", "draft: false"))
    files = files_of(root)
    assert re.search(r'<a href="https://menu.zero-test.org/Aze"[^>]*>Menú</a>',
                     page(files, "es/index.html"))


def test_site_wide_entries_not_translated_are_marked_in_their_language(
        make_site: MakeSite) -> None:
    """Partners, criteria and calls to action a language has no text for are shown in the
    original's, and marked so; translated ones are not."""
    files = files_of(make_site({"content/site.yaml": LANGS, "content/partners.es.yaml":
                                '"tp":\n  name: "Socio de prueba"\n'}))
    assert '<li id="tp">' in page(files, "es/partners/index.html")
    assert '<li id="tp" lang="en">' in page(files, "fr/partners/index.html")
    french = page(files, "fr/criteria/index.html")
    assert '<dt lang="en"><span class="code">A1a</span> Threatened species</dt>' in french
    assert '<h3 lang="en">Policy makers</h3>' in page(files, "fr/index.html")
    assert 'lang="en"' not in page(files, "criteria/index.html").split("<main")[1]


def test_a_right_to_left_language_is_laid_out_right_to_left(make_site: MakeSite) -> None:
    """Arabic pages say dir="rtl"; words in another direction inside a page (the original's
    text not translated yet, the switcher's language names) say theirs."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, ar]\n")})
    files = files_of(root)
    arabic = page(files, "ar/sites/chapada-do-araripe/index.html")
    assert arabic.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert '<div lang="en" dir="ltr" data-pagefind-ignore>' in arabic  # the body, untranslated
    assert 'hreflang="en" lang="en" dir="ltr"' in arabic  # English in the switcher
    assert '<dt><span lang="en" dir="ltr">Country</span></dt>' in arabic  # no ar.po
    english = page(files, "sites/chapada-do-araripe/index.html")
    assert english.startswith('<!doctype html>\n<html lang="en">')
    assert 'hreflang="ar" lang="ar" dir="rtl"' in english  # العربية in the switcher
    assert 'dir="ltr"' not in english


def test_lists_are_separated_as_the_language_writes_them(make_site: MakeSite) -> None:
    """Two countries in Chinese: 巴西、阿根廷, not 巴西, 阿根廷 (CLDR's list pattern)."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, zh]\n"),
                      SITE: SITE_MD.replace("iso3: BRA", "iso3: [BRA, ARG]")})
    files = files_of(root)
    chinese = page(files, "zh/sites/chapada-do-araripe/index.html")
    assert '<a href="/zh/countries/bra/">巴西</a>、<a href="/zh/countries/arg/">阿根廷</a>' in chinese
    english = page(files, "sites/chapada-do-araripe/index.html")
    assert '<a href="/countries/bra/">Brazil</a>, <a href="/countries/arg/">Argentina</a>' in english
    ui = re.search(r'<script type="application/json" id="ui-text">(.*?)</script>',
                   page(files, "zh/sites/index.html"))
    assert ui is not None and json.loads(ui.group(1))["text"]["comma"] == "、"  # the scripts' rows


def test_arabic_separates_a_position_s_numbers_with_its_comma(make_site: MakeSite) -> None:
    """CLDR's Arabic list joins with و ('and'): no way to write a latitude and longitude."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, ar]\n")})
    arabic = page(files_of(root), "ar/sites/chapada-do-araripe/index.html")
    assert "<bdi>7.25°\u00a0S</bdi>\u060c <bdi>39.45°\u00a0W</bdi>" in arabic


@pytest.mark.parametrize(("lang", "locale"), [
    ("en", "en_GB"), ("es", "es_ES"), ("pt-BR", "pt_BR"), ("pt-PT", "pt_PT"), ("ar", "ar_EG"),
    ("zh", "zh_CN"), ("zh-Hant", "zh_TW"), ("sr-Latn", "sr_RS")])
def test_open_graph_locale_is_language_and_territory(lang: str, locale: str) -> None:
    """og:locale is written language_TERRITORY ('en' alone is not one)."""
    from aze_site.render.i18n import og_locale

    assert og_locale(lang) == locale


def test_a_photo_s_text_not_translated_is_marked_with_its_language(make_site: MakeSite) -> None:
    """Read out in English by a screen reader on a Spanish page, not with Spanish sounds."""
    root = make_site({"content/site.yaml": LANGS,
                      "content/images/images.yaml": IMAGES_YAML + "  caption: The valley\n",
                      "content/images/images.fr.yaml": "translated_from: 0123456789ab\n"
                      "draft: false\n"
                      "hero.jpg:\n  alt: Un paysage dessiné\n"})
    files = files_of(root)
    spanish = page(files, "es/index.html")
    assert 'alt="A drawn landscape" lang="en"' in spanish
    assert '<span lang="en">The valley</span>. ' in spanish
    french = page(files, "fr/index.html")  # the alt text translated, the caption not
    assert 'alt="Un paysage dessiné" width=' in french
    assert '<span lang="en">The valley</span>. ' in french
    english = page(files, "index.html")
    assert 'alt="A drawn landscape" width=' in english and "The valley. " in english


def test_an_original_holding_a_value_pyyaml_cannot_build_is_still_compared(
        make_site: MakeSite) -> None:
    """An unquoted 2021-02-29 is a date to PyYAML's own loader, which then fails on it;
    the translations' 'made from' digest reads the original as the build does."""
    root = make_site({"content/site.yaml": LANGS,
                      "content/images/images.yaml": IMAGES_YAML + "  caption: 2021-02-29\n",
                      "content/images/images.es.yaml": "translated_from: 0123456789ab\n"
                      "draft: false\n"
                      "hero.jpg:\n  alt: Un paisaje\n"})
    files = files_of(root)
    assert "2021-02-29" in page(files, "es/index.html")
    done = subprocess.run([sys.executable, "-m", "aze_site", "new", "translation",
                           "images/images.yaml", "--lang", "fr", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
