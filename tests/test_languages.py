"""The site in several languages: translation files, pages under /<lang>/, the interface
in the page's language, links between the languages, and the translators' tools."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SITE_MD, SITE_YAML, MakeSite, own

from aze_site.build import BuildOptions, build
from aze_site.content.translating import write_translation
from aze_site.errors import BuildFailed
from aze_site.publish.blobs import MemoryWriter

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


def files_of(root: Path, **options: object) -> dict[str, bytes]:
    memory = MemoryWriter()
    build(BuildOptions(root=root, jobs=1, **options), memory=memory)  # type: ignore[arg-type]
    return memory.files


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=root, jobs=1), memory=MemoryWriter())
    return own([str(d) for d in failed.value.report.items])


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
        "not one of the site's other languages (site.yaml's languages are en, es, fr)"]


def test_a_translation_without_its_original_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS, "content/sites/manas.es.md": SITE_ES})
    assert errors_of(root) == [
        "content/sites/manas.es.md:1:1: error: this translates content/sites/manas.md, which "
        "does not exist: name the file after its original"]


def test_a_common_name_of_no_species_of_the_site_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      ES_SITE: SITE_ES.replace("Antilophia bokermanni:", "Antilophia galeata:")})
    assert errors_of(root) == [
        f"{ES_SITE}:5:3: error: common_names: 'Antilophia galeata' is not a trigger species of "
        f"{SITE} (its species: Antilophia bokermanni)"]


def test_language_and_languages_must_agree(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": SITE_YAML + "languages: [fr, en]\n"})
    assert errors_of(root) == [
        "content/site.yaml:3:11: error: language: 'en' is not the first of 'languages' (fr): "
        "keep one of the two, the default language first"]


def test_a_broken_catalogue_is_an_error_at_its_line(make_site: MakeSite) -> None:
    root = make_site({"content/site.yaml": LANGS,
                      "templates/locales/es.po": ES_PO + "\nthis is no catalogue\n"})
    found = errors_of(root)
    assert len(found) == 1 and found[0].startswith("templates/locales/es.po:")
    assert "cannot read this catalogue" in found[0]


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

    shown = check()
    assert re.search(r"es +1 of \d+ \(\d+%\) +2 of 2 \(100%\)", shown)
    assert re.search(r"fr +0 of \d+ \(0%\) +\d+ of \d+", shown) and "outdated" not in shown
    original = root / SITE
    original.write_text(original.read_text() + "\nA new paragraph.\n")
    assert f"outdated: {ES_SITE} ({SITE} changed after it" in check()
