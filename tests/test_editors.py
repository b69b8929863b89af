"""What editors see: the preview is what gets published (drafts only on request, and marked),
one mistake gives one message at its line, and two files for one site are an error."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import (
    CRITERIA_YAML,
    FILES,
    IMAGES_YAML,
    QUIET,
    SENSITIVE_MD,
    SITE_MD,
    MakeSite,
    own,
)

from aze_site.build import BuildOptions, build
from aze_site.errors import BuildFailed
from aze_site.publish.blobs import MemoryWriter
from aze_site.serve.builder import SiteBuilder

DRAFT_SITE = SENSITIVE_MD.replace("name: Xichu", "name: Draft Xichu").replace(
    "protection: none\n", "protection: none\ndraft: true\n")


def lines_of(root: Path, **options: object) -> list[str]:
    try:
        result = build(BuildOptions(root=root, jobs=1, **options),  # type: ignore[arg-type]
                       memory=MemoryWriter())
    except BuildFailed as failed:
        return own(sorted(str(d) for d in failed.report.items))
    return own(sorted(str(d) for d in result.report.items))


def serve_once(root: Path, drafts: bool) -> Path:
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1, drafts=drafts)
    try:
        outcome = builder.build_all()
        assert outcome.ok, outcome.diagnostics
    finally:
        builder.close()
    return builder.out


# -- 1. the preview is what gets published ------------------------------------------------------

def test_the_preview_leaves_drafts_out_like_the_build(make_site: MakeSite) -> None:
    root = make_site({**QUIET, "content/sites/xichu.md": DRAFT_SITE})
    out = serve_once(root, drafts=False)
    assert not (out / "sites/xichu").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<strong>1</strong> sites" in home and "Draft Xichu" not in home


def test_drafts_on_request_are_marked_and_not_counted(make_site: MakeSite) -> None:
    root = make_site({**QUIET, "content/sites/xichu.md": DRAFT_SITE})
    out = serve_once(root, drafts=True)
    page = (out / "sites/xichu/index.html").read_text(encoding="utf-8")
    assert "Draft: not published." in page and 'role="note"' in page
    assert "data-pagefind-body" not in page  # search does not find drafts either
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<strong>1</strong> sites" in home  # the published count
    assert "Draft Xichu</strong></a> <span class=\"unpublished-mark\">" in home
    index = (out / "sites/index.html").read_text(encoding="utf-8")
    assert "Draft Xichu</a> <span class=\"unpublished-mark\">Draft: not published</span>" in index
    assert "All 1 Alliance for Zero Extinction sites" in index and ">1 sites<" in index
    counts = {rel: re.findall(r'<span class="muted">(\d+) (?:sites?|species)</span>',
                              (out / rel).read_text(encoding="utf-8"))
              for rel in ("countries/index.html", "groups/index.html", "red-list/index.html")}
    assert counts == {"countries/index.html": ["1", "0"], "groups/index.html": ["1", "0"],
                      "red-list/index.html": ["1"]}  # Brazil, Mexico; birds, plants; CR
    map_data = json.loads((out / "data/map.json").read_text(encoding="utf-8"))
    assert map_data["fields"][-1] == "draft"
    assert {row[0]: row[-1] for row in map_data["sites"]} == {"chapada-do-araripe": 0, "xichu": 1}


def test_a_menu_entry_to_a_draft_is_reported_at_its_line(make_site: MakeSite) -> None:
    site_yaml = str(QUIET["content/site.yaml"]).replace(
        "  - {title: Sites, url: /sites/}\n",
        "  - {title: Sites, url: /sites/}\n  - {title: Contact, url: /contact-us/}\n")
    root = make_site({**QUIET, "content/site.yaml": site_yaml,
                      "content/pages/contact-us.md": "---\ntitle: Contact\ndraft: true\n---\nHi.\n"})
    assert lines_of(root) == [
        "content/site.yaml:8:27: error: nav[1].url: /contact-us/ leads nowhere: "
        "content/pages/contact-us.md is a draft: publish it (draft: false) or remove this entry"]
    assert lines_of(root, drafts=True) == [  # it works there: a draft's warning says so
        "content/site.yaml:8:27: warning: nav[1].url: /contact-us/ leads to "
        "content/pages/contact-us.md, a draft, shown here with --drafts; published without "
        "them, this entry leads nowhere: publish it (draft: false) or remove this entry"]


# -- 3. one cause, one message ------------------------------------------------------------------

def test_a_tab_in_images_yaml_is_one_error(make_site: MakeSite) -> None:
    root = make_site({**QUIET, "content/images/images.yaml":
                      "hero.jpg:\n\talt: A drawn landscape\n  credit: Test Illustrator\n",
                      "content/pages/act.md": FILES["content/pages/act.md"]
                      + "\n![A landscape](../images/hero.jpg)\n"})
    assert lines_of(root) == [
        "content/images/images.yaml:2:1: error: a tab character: indent with spaces, not tabs"]


def test_a_broken_entry_in_images_yaml_is_one_error(make_site: MakeSite) -> None:
    root = make_site({**QUIET, "content/images/images.yaml":
                      "hero.jpg:\n  alt: A drawn landscape\n  creditt: Test Illustrator\n"})
    assert lines_of(root) == [
        "content/images/images.yaml:3:3: error: hero.jpg: unknown key 'creditt' "
        "(did you mean 'credit'?)"]


def test_a_photo_whose_file_is_missing_is_one_error(make_site: MakeSite) -> None:
    """Reported at its entry; site.yaml's hero and the pages that show it say nothing more
    (not "no entry": it has one)."""
    root = make_site({**QUIET, "content/images/images.yaml": IMAGES_YAML.replace(
        "hero.jpg", "lost.jpg"), "content/site.yaml": str(QUIET["content/site.yaml"]).replace(
        "hero.jpg", "lost.jpg"), "content/pages/act.md": FILES["content/pages/act.md"]
        + "\n![A landscape](../images/lost.jpg)\n"})
    assert lines_of(root) == [
        "content/images/images.yaml:1:1: error: lost.jpg: photo file content/images/lost.jpg "
        "does not exist"]


def test_a_missing_template_is_an_error_where_it_is_named(make_site: MakeSite) -> None:
    root = make_site({**QUIET, "templates/page.html": "{% extends 'base.html' %}\n"
                      "{% block main %}\n{% include 'teaser.html' %}\n"
                      "{% block after_body %}{% endblock %}\n{% endblock %}\n"})
    assert lines_of(root) == ["templates/page.html:3:12: error: template 'teaser.html' not found: "
                              "there is no templates/teaser.html"]


def test_links_to_a_file_that_cannot_be_read_say_nothing_more(make_site: MakeSite) -> None:
    tabbed = SITE_MD.replace("protection: partial", "\tprotection: partial")
    root = make_site({**QUIET, "content/sites/chapada-do-araripe.md": tabbed,
                      "content/news/2018-11-13-update.md":
                      "---\ntitle: The 2018 update\n---\nSee [Araripe](../sites/chapada-do-araripe.md).\n",
                      "content/pages/act.md": "---\ntitle: Act\n---\nGo to [Araripe]"
                      "(../sites/chapada-do-araripe.md#why-it-matters).\n"})
    assert lines_of(root) == [
        "content/sites/chapada-do-araripe.md:7:1: error: a tab character: indent with spaces, not tabs"]


def test_a_broken_criteria_yaml_is_one_error(make_site: MakeSite) -> None:
    """The sites' criteria and the links to the criteria page's anchors are not checked
    against criteria that could not be read."""
    root = make_site({**QUIET, "content/criteria.yaml": CRITERIA_YAML.replace(
        "  title: Threatened biodiversity\n", "  title: [Threatened biodiversity\n")})
    assert lines_of(root) == ["content/criteria.yaml:2:10: error: a list opened with '[' is not "
                              "closed: add ']' at its end"]


# -- 5. two files for one site ------------------------------------------------------------------

def test_two_files_for_one_site_are_an_error(make_site: MakeSite) -> None:
    twin = SITE_MD.replace("updated: 2018-11-13", "updated: 2019-01-01")
    root = make_site({**QUIET, "content/sites/araripe-again.md": twin})
    assert lines_of(root) == [
        "content/sites/chapada-do-araripe.md:2:7: error: name: 'Chapada do Araripe' at -7.25, "
        "-39.45 is also the name and place of content/sites/araripe-again.md: one site, one "
        "file (merge them, or tell them apart)"]
    same_id = SENSITIVE_MD.replace("criteria: [A1e]", "wdkba_id: 19540\ncriteria: [A1e]")
    root = make_site({**QUIET, "content/sites/xichu.md": same_id,
                      "content/sites/chapada-do-araripe.md":
                      SITE_MD.replace("area_km2: 28", "area_km2: 28\nwdkba_id: 19540")},
                     name="ids")
    assert lines_of(root) == [
        "content/sites/xichu.md:5:11: error: wdkba_id: 19540 is also the WDKBA id of "
        "content/sites/chapada-do-araripe.md: one site, one file"]


def test_another_site_at_a_sensitive_site_s_precise_position_is_an_error(
        make_site: MakeSite) -> None:
    """Published as written, its own position would give the sensitive site's place away:
    an error at its location, where both halves agree to the precision written and one has
    two decimals or more; a place nearby, or written in whole degrees, is no secret."""
    other = (SENSITIVE_MD.replace("Xichu", "Cerro Vecino")
             .replace("Mammillaria marcosii", "Ambystoma vecinum")
             .replace("group: plants", "group: amphibians").replace("    sensitive: true\n", ""))
    said = ("content/sites/vecino.md:{at}: error: location: {lat}, {lon} is also the precise "
            "position of content/sites/xichu.md, which stays unpublished since a species there "
            "is sensitive: give this site's position in whole degrees, or mark its species "
            "sensitive too (if the two files are one site, merge them)")
    cases = {"{lat: 21.2987, lon: -100.0577}": ["4:11", 21.2987, -100.0577],
             "{lat: 21.30, lon: -100.06}": ["4:11", 21.3, -100.06],  # rounded
             "{lat: 21.29, lon: -100.05}": ["4:11", 21.29, -100.05],  # cut
             "\n  lat: 21.3\n  lon: -100.058": ["5:3", 21.3, -100.058],
             "{lat: 21.3, lon: -100.1}": [],  # one decimal: no more than a page may say
             "{lat: 21.31, lon: -100.06}": [],  # nearby, not there
             "{lat: 21.300, lon: -100.0600}": ["4:11", 21.3, -100.06],  # published as 21.3
             "{lat: 21, lon: -100}": []}
    for i, (written, expected) in enumerate(cases.items()):
        root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                          "content/sites/vecino.md": other.replace(
                              "{lat: 21.2987, lon: -100.0577}", written)}, name=f"at{i}")
        assert lines_of(root) == ([said.format(at=expected[0], lat=expected[1], lon=expected[2])]
                                  if expected else []), written
    marked = other.replace("    status: CR\n", "    status: CR\n    sensitive: true\n")
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/vecino.md": marked}, name="marked")
    assert lines_of(root) == []  # published in whole degrees
    draft = other.replace("---\nA cactus", "draft: true\n---\nA cactus")
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/vecino.md": draft}, name="draft")
    assert lines_of(root) == []  # not published
    twin = other.replace("Cerro Vecino", "Xichu")  # the same site twice: that error alone
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/vecino.md": twin}, name="twin")
    assert [line.split(": error: ")[1][:33] for line in lines_of(root)] == [
        "name: 'Xichu' is also the name of"]
    hidden = SENSITIVE_MD.replace("---\nA cactus", "draft: true\n---\nA cactus")
    root = make_site({**QUIET, "content/sites/xichu.md": hidden,
                      "content/sites/vecino.md": twin}, name="hidden")
    assert lines_of(root) == [said.format(at="4:11", lat=21.2987, lon=-100.0577)]  # a draft's place


def test_a_second_file_for_a_sensitive_site_is_its_twin_in_any_unicode_form(
        make_site: MakeSite) -> None:
    """'Xichú' written 'u' and its accent (a file copied from another system) is the name of
    the sensitive site 'Xichú', in case and spacing of its own too: the unmarked second
    file, with another species, would publish the position that one keeps unpublished."""
    marked = SENSITIVE_MD.replace("name: Xichu", "name: Xich\u00fa")
    unmarked = (SENSITIVE_MD.replace("name: Xichu", "name:  XICHU\u0301 ")
                .replace("{lat: 21.2987, lon: -100.0577}", "{lat: 21.31, lon: -100.07}")
                .replace("Mammillaria marcosii", "Ambystoma xichuense")
                .replace("group: plants", "group: amphibians").replace("    sensitive: true\n", ""))
    root = make_site({**QUIET, "content/sites/xichu.md": marked,
                      "content/sites/xichu-sierra.md": unmarked})
    assert [line.split(": error: ")[1].split(", at")[0] for line in lines_of(root)] == [
        "name: 'XICHU\u0301' is also the name of content/sites/xichu.md"]


def test_an_unmarked_second_file_for_a_sensitive_site_is_an_error(make_site: MakeSite) -> None:
    """Its position is the sensitive site's, which is published in whole degrees only: the
    unmarked file, with another species, would publish it precisely."""
    unmarked = (SENSITIVE_MD.replace("Mammillaria marcosii", "Ambystoma xichuense")
                .replace("group: plants", "group: amphibians").replace("    sensitive: true\n", ""))
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/xichu-sierra.md": unmarked})
    said = ("error: name: 'Xichu' is also the name of content/sites/{marked}, at the same "
            "place in whole degrees, where a species is sensitive: one site, one file (merge "
            "them, and mark its species sensitive here too, or give each its own name and "
            "position); as it is, this file would publish the position that one keeps "
            "unpublished")
    assert lines_of(root) == ["content/sites/xichu-sierra.md:2:7: " + said.format(marked="xichu.md")]
    root = make_site({**QUIET, "content/sites/xichu.md": None,
                      "content/sites/a-xichu.md": SENSITIVE_MD,  # sorted first
                      "content/sites/xichu-sierra.md": unmarked}, name="first")
    assert lines_of(root) == ["content/sites/xichu-sierra.md:2:7: " + said.format(marked="a-xichu.md")]
    shared = SENSITIVE_MD.replace("    sensitive: true\n", "")  # its species' entry says it
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/xichu-sierra.md": shared}, name="shared")
    assert [line.split(": error: ")[1][:28] for line in lines_of(root)] == [
        "species[0].name: 'Mammillari"]
    elsewhere = unmarked.replace("lat: 21.2987", "lat: 22.6")
    root = make_site({**QUIET, "content/sites/xichu.md": SENSITIVE_MD,
                      "content/sites/xichu-sierra.md": elsewhere}, name="apart")
    assert lines_of(root) == []
