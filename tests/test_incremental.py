"""Builds after edits publish exactly what a clean build publishes, with the same diagnostics.

Each test here is a sequence an editor made that once went wrong: after every build the
project is also built from nothing into another folder, and the two are compared byte
for byte (search index included), with their exit statuses and every diagnostic line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SENSITIVE_MD, SITE_MD, SITE_YAML, MakeSite, own

from aze_site.build import BuildOptions, BuildResult, build
from aze_site.build import search as search_jobs
from aze_site.build.options import store_path
from aze_site.errors import BuildFailed, Terminated

SITE = "content/sites/chapada-do-araripe.md"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def attempt(root: Path, **options: object) -> tuple[bool, list[str], BuildResult | None]:
    """(ok, every diagnostic line, result) of one build."""
    try:
        result = build(BuildOptions(root=root, jobs=1, **options))  # type: ignore[arg-type]
    except BuildFailed as failed:
        return False, sorted(str(d) for d in failed.report.items), None
    return True, sorted(str(d) for d in result.report.items), result


def settle(root: Path) -> None:
    """Wait for the search index the build left to a background job."""
    assert search_jobs.wait_job(store_path(root, root / "public"), 300)


def clean(root: Path, tmp: Path) -> tuple[bool, list[str], dict[str, bytes]]:
    copy = tmp / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    for folder in ("content", "templates", "static"):
        shutil.copytree(root / folder, copy / folder)
    ok, lines, _ = attempt(copy, cache=False)
    return ok, lines, snapshot(copy / "public") if ok else {}


def same_as_clean(root: Path, tmp: Path) -> tuple[bool, list[str]]:
    """Build, then check the result against a clean build; returns (ok, diagnostics)."""
    before = snapshot(root / "public") if (root / "public").is_dir() else {}
    ok, lines, _ = attempt(root)
    settle(root)
    clean_ok, clean_lines, clean_files = clean(root, tmp)
    assert (ok, lines) == (clean_ok, clean_lines)
    if ok:
        assert snapshot(root / "public") == clean_files
    else:
        assert snapshot(root / "public") == before  # a failed build publishes nothing
    return ok, lines


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_link_replaced_by_its_file_is_a_file_to_the_next_builds(
        make_site: MakeSite, tmp_path: Path) -> None:
    """A photo that was a symbolic link (unused: no error) and is now a plain file: the
    folder's listing, which holds the flag, is read again, and the photo is known as a
    clean build knows it."""
    root = make_site()
    outside = tmp_path / "extra.jpg"
    outside.write_bytes((root / "content/images/hero.jpg").read_bytes())
    photo = root / "content/images/extra.jpg"
    photo.symlink_to(outside)
    assert same_as_clean(root, tmp_path)[0]
    photo.unlink()
    shutil.copy(outside, photo)
    assert same_as_clean(root, tmp_path)[0]
    images = root / "content/images/images.yaml"  # a misspelt entry: its error suggests it
    images.write_text(images.read_text() + "extra-jgp.jpg:\n  alt: A drawn forest\n  credit: "
                      "Test Illustrator\n  license: CC0 1.0\n", encoding="utf-8")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and "did you mean 'extra.jpg'?" in "".join(lines)


def test_a_static_folder_replaced_by_a_file_of_its_name_and_back(
        make_site: MakeSite, tmp_path: Path) -> None:
    """static/notes/x.txt, then static/notes a file, then a folder again: the published
    folder must go before the file takes its place (every build after failed, 'Is a
    directory', until --no-cache)."""
    root = make_site()
    notes = root / "static/notes"
    notes.mkdir()
    (notes / "x.txt").write_text("two\n")
    assert same_as_clean(root, tmp_path)[0]
    shutil.rmtree(notes)
    notes.write_text("three\n")
    assert same_as_clean(root, tmp_path)[0]
    assert same_as_clean(root, tmp_path)[0]  # the spare, one step behind, catches up too
    notes.unlink()
    (notes / "deep").mkdir(parents=True)
    (notes / "deep/y.txt").write_text("four\n")
    assert same_as_clean(root, tmp_path)[0]
    assert same_as_clean(root, tmp_path)[0]


def test_an_output_folder_made_again_leaves_its_twin_as_itself(
        make_site: MakeSite, tmp_path: Path) -> None:
    """public/ deleted (or a fresh clone with .aze-cache/ restored) is made again from
    the store's outputs, the old search index's files with them; those the new index
    drops went from public/ but stayed in its spare twin, which the next update swaps
    in: they were published for good."""
    root = make_site()
    assert attempt(root, wait_search=True)[0]
    shutil.rmtree(root / "public")
    edit(root, "content/pages/act.md", "Text.", "Text about a zebra platypus.")
    assert attempt(root, wait_search=True)[0]
    assert snapshot(root / ".public.aze-spare") == snapshot(root / "public")
    edit(root, "content/pages/act.md", "zebra platypus", "wombat")
    assert same_as_clean(root, tmp_path)[0]


def test_removing_an_anchor_breaks_the_links_to_it(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/pages/act.md": "---\ntitle: Act\n---\n## Policy\n\n"
                      "See [the threats](../sites/chapada-do-araripe.md#threat).\n",
                      SITE: SITE_MD + "\nLogging and fire.\n{: #threat }\n"})
    assert same_as_clean(root, tmp_path)[0]
    edit(root, SITE, "{: #threat }\n", "")  # a text edit
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and any("no anchor #threat" in line for line in lines)
    edit(root, SITE, "Logging and fire.\n", "Logging and fire.\n{: #threat }\n")
    assert same_as_clean(root, tmp_path)[0]


def test_a_heading_gives_way_to_an_id_a_template_takes(make_site: MakeSite,
                                                       tmp_path: Path) -> None:
    """A heading's id follows the ids the templates give their own elements, after any
    edit of either (the body is made again when that set changes)."""
    root = make_site({SITE: SITE_MD.replace("## Why it matters", "## Main")})
    page = root / "public/sites/chapada-do-araripe/index.html"
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="main_1">' in page.read_text(encoding="utf-8")
    edit(root, "templates/base.html", '<main id="main"', '<main id="content"')
    edit(root, "templates/base.html", 'href="#main"', 'href="#content"')
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="main">' in page.read_text(encoding="utf-8")
    edit(root, SITE, "## Main", "## Content")
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="content_1">' in page.read_text(encoding="utf-8")


def test_an_anchor_written_in_a_body_is_an_error_while_a_template_takes_it(
        make_site: MakeSite, tmp_path: Path) -> None:
    """`## Intro {#content}` is fine until a template gives an element the id 'content';
    the error comes and goes with the template's edits as a clean build says it."""
    root = make_site({SITE: SITE_MD.replace("## Why it matters", "## Why it matters {#content}")})
    assert same_as_clean(root, tmp_path)[0]
    edit(root, "templates/base.html", '<main id="main"', '<main id="content"')
    edit(root, "templates/base.html", 'href="#main"', 'href="#content"')
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and [line for line in lines if ": error: " in line] == [
        f"{SITE}:15:19: error: the templates already give the id 'content' to an element of "
        "their own (links to #content lead there): give this one another, e.g. {#content_1}"]
    edit(root, "templates/base.html", '<main id="content"', '<main id="main"')
    edit(root, "templates/base.html", 'href="#content"', 'href="#main"')
    assert same_as_clean(root, tmp_path)[0]


def test_a_bodys_ids_give_way_only_to_the_macros_its_page_calls(make_site: MakeSite,
                                                                 tmp_path: Path) -> None:
    """page.html imports two macros of `_macros.html`, which also holds the site map's and
    the site table's: a page's `## Site map` keeps its anchor and `{#site-table}` is no
    error, until a macro the page calls gives an element one of those ids."""
    act = "---\ntitle: Act\n---\n## Site map\n\nText.\n\n## Table {#site-table}\n\nMore.\n"
    root = make_site({"content/pages/act.md": act})
    page = root / "public/act/index.html"
    ok, lines = same_as_clean(root, tmp_path)
    assert ok and not [line for line in lines if ": error: " in line]
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="site-map">' in html and '<h2 id="site-table">' in html
    edit(root, "templates/_macros.html", '<nav class="toc"', '<nav class="toc" id="site-map"')
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="site-map_1">' in page.read_text(encoding="utf-8")
    edit(root, "templates/_macros.html", '<nav class="toc" id="site-map"', '<nav class="toc"')
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="site-map">' in page.read_text(encoding="utf-8")


def test_a_bodys_ids_give_way_only_to_the_ids_of_its_own_pages_templates(
        make_site: MakeSite, tmp_path: Path) -> None:
    """sites.html gives elements the ids 'downloads' and 'downloads-title': a page's
    `## Downloads` keeps its anchor, and `{#downloads-title}` written on a page is no
    error, until page.html (or a template it pulls in) gives one of them to an element."""
    act = ("---\ntitle: Act\n---\n## Downloads\n\nText.\n\n## Data {#downloads-title}\n\n"
           "More.\n")
    root = make_site({"content/pages/act.md": act})
    page = root / "public/act/index.html"
    assert same_as_clean(root, tmp_path)[0]
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="downloads">' in html and '<h2 id="downloads-title">' in html
    edit(root, "templates/page.html", '<div class="prose">',
         '<div class="prose" id="downloads">')
    assert same_as_clean(root, tmp_path)[0]
    assert '<h2 id="downloads_1">' in page.read_text(encoding="utf-8")


def test_a_warning_lasts_as_long_as_its_cause(make_site: MakeSite, tmp_path: Path) -> None:
    twin = SITE_MD.replace("Chapada do Araripe", "Second Araripe")
    root = make_site({"content/sites/second.md": twin})
    ok, lines = same_as_clean(root, tmp_path)
    assert ok and any("is also a trigger species" in line for line in lines)
    edit(root, SITE, "The only home", "The one home")  # a text edit while it stands
    assert same_as_clean(root, tmp_path) == (ok, lines)
    assert same_as_clean(root, tmp_path) == (ok, lines)  # and when nothing changed
    (root / "content/sites/second.md").unlink()
    ok, lines = same_as_clean(root, tmp_path)
    assert ok and own(lines) == []


def test_the_photo_a_missing_key_meant_follows_images_yaml(make_site: MakeSite,
                                                             tmp_path: Path) -> None:
    """The hint reads every photo's key: an entry renamed changes it, and a build after
    the edit says what a clean build says."""
    root = make_site({SITE: SITE_MD.replace("protection: partial\n",
                                            "protection: partial\nhero: HERO.JPG\n")})
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and any("(did you mean 'hero.jpg'" in line for line in lines)
    (root / "content/images/hero.jpg").rename(root / "content/images/landscape.jpg")
    edit(root, "content/images/images.yaml", "hero.jpg:", "landscape.jpg:")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and not any("did you mean" in line for line in lines)
    edit(root, "content/images/images.yaml", "landscape.jpg:", "hero.jpg:")
    (root / "content/images/landscape.jpg").rename(root / "content/images/hero.jpg")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and any("(did you mean 'hero.jpg'" in line for line in lines)


def test_the_file_a_link_meant_follows_the_files(make_site: MakeSite, tmp_path: Path) -> None:
    """A link written without .md, or in other letters, names the file meant while it is
    there, and a build after the file goes (or comes) says what a clean build says."""
    root = make_site({SITE: SITE_MD + "\nSee [it](../pages/act) and [it](../pages/Act.md).\n"})
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and sum("(did you mean '../pages/act.md'?)" in line for line in lines) == 2
    (root / "content/pages/act.md").rename(root / "content/pages/acts.md")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and not any("did you mean '../pages/act.md'" in line for line in lines)
    (root / "content/pages/acts.md").rename(root / "content/pages/act.md")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and sum("(did you mean '../pages/act.md'?)" in line for line in lines) == 2


@pytest.mark.parametrize(("files", "said"), [
    ({"content/site.yaml": SITE_YAML.replace("url: /sites/}", "url: /akt/}")},
     "(did you mean '/act/'?)"),  # a menu entry
    ({SITE: SITE_MD + "\nSee [it](/akt/).\n"}, "no page at /akt/ (did you mean '/act/'?)"),
])
def test_the_address_a_menu_entry_or_link_meant_follows_the_pages(
        make_site: MakeSite, tmp_path: Path, files: dict[str, str], said: str) -> None:
    """The hint reads every page's address: a page renamed changes it, and a build after
    the edit says what a clean build says."""
    root = make_site(files)
    pages = root / "content/pages"
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and any(said in line for line in lines)
    (pages / "act.md").rename(pages / "acts.md")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and not any("did you mean '/act/'" in line for line in lines)
    (pages / "acts.md").rename(pages / "act.md")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and any(said in line for line in lines)


def test_a_template_showing_other_documents_bodies(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    home = root / "templates/home.html"
    home.write_text(home.read_text().replace(
        '<div class="prose">{{ rendered(doc) }}</div>',
        '<div class="prose">{{ rendered(doc) }}{% for n in news %}{{ rendered(n) }}{% endfor %}'
        '</div>'))
    assert same_as_clean(root, tmp_path)[0]
    edit(root, "content/news/2018-11-13-update.md", "853 sites.", "853 sites, 1,483 species.")
    assert same_as_clean(root, tmp_path)[0]
    assert b"1,483 species" in (root / "public/index.html").read_bytes()


def test_a_template_included_by_a_name_with_dot_slash(make_site: MakeSite, tmp_path: Path) -> None:
    """`{% include './_box.html' %}`: the loader reads './' away, and so must the templates'
    references, or an edit of _box.html left the pages made with it as they were."""
    root = make_site()
    page = root / "templates/page.html"
    page.write_text(page.read_text().replace(
        "{{ rendered(doc) }}", "{{ rendered(doc) }}{% include './_box.html' %}", 1))
    (root / "templates/_box.html").write_text("<aside>box one</aside>\n")
    assert same_as_clean(root, tmp_path)[0]
    (root / "templates/_box.html").write_text("<aside>box two</aside>\n")
    assert same_as_clean(root, tmp_path)[0]
    assert b"box two" in (root / "public/act/index.html").read_bytes()


def test_an_unknown_filter_in_a_branch_no_page_takes_comes_and_goes(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Said as the template is read, not as a page takes the branch: an update that adds it,
    or takes it away, says what a clean build says."""
    root = make_site()
    assert same_as_clean(root, tmp_path)[0]
    edit(root, "templates/page.html", "{{ rendered(doc) }}",
         "{{ rendered(doc) }}{% if false %}{{ page.title|uper }}{% endif %}")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and own(lines) == [
        "templates/page.html:8:52: error: template error: unknown filter 'uper' (did you mean "
        "'upper'?)"]
    edit(root, "templates/page.html", "|uper", "|upper")
    assert same_as_clean(root, tmp_path)[0]


def test_the_same_html_twice_in_a_page(make_site: MakeSite, tmp_path: Path) -> None:
    """A body whose HTML also appears elsewhere in its page (its first paragraph is the page's
    description too): an edit changes the body, not the first match."""
    root = make_site({SITE: SITE_MD.replace("## Why it matters\n\n", "Kept.\n\nKept.\n\n")})
    assert same_as_clean(root, tmp_path)[0]
    edit(root, SITE, "Kept.\n\nKept.", "Kept.\n\nChanged.")
    assert same_as_clean(root, tmp_path)[0]


def test_a_draft_flag_set_after_a_build(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    assert same_as_clean(root, tmp_path)[0]
    edit(root, "content/sites/xichu.md", "protection: none\n", "protection: none\ndraft: true\n")
    assert same_as_clean(root, tmp_path)[0]
    assert not (root / "public/sites/xichu").exists()
    edit(root, "content/sites/xichu.md", "draft: true\n", "draft: false\n")
    assert same_as_clean(root, tmp_path)[0]


def test_search_is_never_silently_stale(make_site: MakeSite) -> None:
    root = make_site()
    assert attempt(root)[0]
    edit(root, SITE, "The only home", "The only home of the Zebrawords")
    first = attempt(root)[2]
    assert first is not None and first.search.state == "updating in the background"
    second = attempt(root)[2]  # at once, while the job may still be at work
    assert second is not None and second.unchanged
    assert second.search.state in ("updating in the background", "reused")
    settle(root)
    assert words(root / "public") >= {"zebrawords"}
    edit(root, SITE, "Zebrawords", "Quaggawords")
    waited = attempt(root, wait_search=True)[2]
    assert waited is not None and waited.search.state == "indexed"
    assert "quaggawords" in words(root / "public") and "zebrawords" not in words(root / "public")


def test_waiting_for_search_waits_when_nothing_else_changed(make_site: MakeSite) -> None:
    """A job left behind by the build before (at work, or stopped: here stopped), then
    `--wait-for-search` with no edit: the index is brought up to date before it returns."""
    root = make_site()
    assert attempt(root)[0]
    edit(root, SITE, "The only home", "The only home of the Zebrawords")
    assert attempt(root)[2].search.state == "updating in the background"  # type: ignore[union-attr]
    search_jobs.stop_job(store_path(root, root / "public"), root / ".aze-cache")
    waited = attempt(root, wait_search=True)[2]
    assert waited is not None and waited.search.state == "indexed"
    assert "zebrawords" in words(root / "public")
    again = attempt(root, wait_search=True)[2]
    assert again is not None and again.unchanged and again.search.state == "reused"


def test_a_stopped_search_job_leaves_no_work_behind(make_site: MakeSite) -> None:
    """Edits in a row stop each other's background index: their work folders (links to the
    pages) are removed without the next build waiting for it, and none piles up."""
    root = make_site()
    assert attempt(root)[0]
    for word in ("Zebrawords", "Quaggawords", "Okapiwords"):
        edit(root, SITE, "The only home", f"The only home of the {word}")
        assert attempt(root)[0]
    settle(root)
    assert "okapiwords" in words(root / "public")
    search = root / ".aze-cache/search"
    deadline = time.monotonic() + 30
    while any(p.name.startswith(("new-", "trash-")) for p in search.iterdir()):
        assert time.monotonic() < deadline, sorted(p.name for p in search.iterdir())
        time.sleep(0.1)
    # the index of the published pages, the names listed to learn the disk's order, and
    # the kept index of its one part of pages
    assert sorted(p.name for p in search.iterdir())[1:] == ["order", "parts"]
    assert len(list((search / "parts").iterdir())) == 1
    # the stopped jobs were collected: a server saving all day keeps no defunct process
    # for each save (the last job, ended on its own, is collected when the next starts)
    assert len(defunct_children()) <= 1


def test_no_search_stops_the_index_a_build_before_left_at_work(make_site: MakeSite) -> None:
    """The job put public/pagefind/ back after a --no-search build had taken it away."""
    root = make_site()
    assert attempt(root)[0]
    edit(root, SITE, "The only home", "The only home of the Zebrawords")
    ok, _, result = attempt(root)
    assert ok and result is not None and result.search.state == "updating in the background"
    assert attempt(root, search=False)[0]
    settle(root)
    time.sleep(0.5)
    assert not (root / "public/pagefind").exists()


def test_a_kept_index_whose_removal_was_cut_short_is_never_published(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that has made a new search index removes the one kept for other pages.
    Stopped half-way through that (Ctrl-C, a killed job), it left the old folder with its
    entry file and some of its fragments, which the next index of those pages took as
    whole: undoing the edits published it, search finding nothing on some pages."""
    root = make_site()
    assert attempt(root, wait_search=True)[0]
    assert attempt(root, search=False)[0]  # a quick preview: the index is not published
    edit(root, SITE, "The only home", "The only home of the Zebrawords")
    real_rmtree = shutil.rmtree

    def cut_short(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        fragments = sorted(Path(path).glob("fragment/*"))
        if (Path(path) / "pagefind-entry.json").is_file() and fragments:
            fragments[0].unlink()  # the first file the removal took, then Ctrl-C
            raise KeyboardInterrupt
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(shutil, "rmtree", cut_short)
        with contextlib.suppress(KeyboardInterrupt):  # none if it is removed in a process of its own
            attempt(root, wait_search=True)
    edit(root, SITE, "The only home of the Zebrawords", "The only home")
    assert same_as_clean(root, tmp_path)[0]


def defunct_children() -> list[int]:
    """This process's children that have ended and are not yet collected."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(stat_file.parent.name))
    return found


def words(public: Path) -> set[str]:
    """The words of the search index's page fragments."""
    import gzip
    import json
    import re

    found: set[str] = set()
    for path in (public / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found.update(w.lower() for w in re.findall(r"\w+", record.get("content", "")))
    return found


PRECISE = (b"7.25", b"39.45")  # the Chapada do Araripe's position, which its mark rounds


def precise_files(tree: Path) -> list[str]:
    """The files of a tree (the search index's unpacked) that give the Chapada do Araripe's
    precise position; the world's outlines aside (their coasts may read like it)."""
    import gzip

    from aze_site.render.worldmap import outlines_json

    found, outlines = [], outlines_json()
    for path in sorted(tree.rglob("*")) if tree.is_dir() else ():
        rel = path.relative_to(tree).as_posix()
        if not path.is_file() or (data := path.read_bytes()) == outlines:
            continue
        if rel.startswith("pagefind/") and data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if any(needle in data for needle in PRECISE):
            found.append(rel)
    return found


def test_a_stylesheet_s_missing_file_is_said_until_it_is_there(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    """The check of what a stylesheet asks for follows the stylesheet and the files of
    static/, as a clean build would."""
    root = make_site()
    assert attempt(root)[0]
    (root / "static/css/extra.css").write_text(".a { background: url(../img/bg.svg) }\n")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and own(lines) == [
        "static/css/extra.css:1:18: error: '../img/bg.svg': there is no file static/img/bg.svg"]
    (root / "static/img").mkdir()
    (root / "static/img/bg.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    assert same_as_clean(root, tmp_path)[0]
    edit(root, "static/css/extra.css", "bg.svg", "bg2.svg")
    assert not same_as_clean(root, tmp_path)[0]
    (root / "static/img/bg.svg").rename(root / "static/img/bg2.svg")
    assert same_as_clean(root, tmp_path)[0]


@pytest.mark.parametrize(("written", "elsewhere", "mended"), [
    ("the cactus at 21.2987\u00b0 N", "lat: 22.5", ("21.2987\u00b0 N", "21\u00b0 N")),
    # in UTM (14Q 390290 2355574), read from what each file's first look keeps, as degrees
    ("plot 3 at 14Q 390290 2355574", "lat: 21.5", ("390290 2355574", "390290 2455574")),
])
def test_a_sensitive_position_in_another_file_is_found_after_any_edit(
        make_site: MakeSite, tmp_path: Path, written: str, elsewhere: str,
        mended: tuple[str, str]) -> None:
    """A news post giving Xichu's precise position is an error as long as the site is at
    that place and sensitive, whichever file changes; the build after each edit says what a
    clean build says."""
    root = make_site()
    news = "content/news/2018-11-13-update.md"
    xichu = "content/sites/xichu.md"
    assert attempt(root)[0]
    edit(root, news, "853 sites.", f"853 sites; {written}.")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and [line.split(": error: ")[0] for line in own(lines)] == [f"{news}:4:26"]
    edit(root, xichu, "lat: 21.2987", elsewhere)  # the site moved: no longer its place
    assert same_as_clean(root, tmp_path)[0]
    edit(root, xichu, elsewhere, "lat: 21.2987")
    assert not same_as_clean(root, tmp_path)[0]
    edit(root, xichu, "    sensitive: true\n", "")  # no longer sensitive: published as it is
    assert same_as_clean(root, tmp_path)[0]
    edit(root, xichu, "    status: CR\n", "    status: CR\n    sensitive: true\n")
    assert not same_as_clean(root, tmp_path)[0]
    edit(root, news, *mended)
    assert same_as_clean(root, tmp_path)[0]


def test_another_site_at_a_sensitive_position_is_found_after_any_edit(
        make_site: MakeSite, tmp_path: Path) -> None:
    """A second site at Xichu's precise position is an error whichever of the two files
    moves or changes its mark; each build says what a clean build says."""
    other = (SENSITIVE_MD.replace("Xichu", "Vecino").replace("Mammillaria marcosii", "Ambystoma vecinum")
             .replace("group: plants", "group: amphibians").replace("    sensitive: true\n", "")
             .replace("lat: 21.2987", "lat: 22.5"))
    root = make_site({"content/sites/vecino.md": other})
    xichu, vecino = "content/sites/xichu.md", "content/sites/vecino.md"
    assert attempt(root)[0]
    edit(root, vecino, "lat: 22.5", "lat: 21.2987")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and [line.split(": error: ")[0] for line in own(lines)] == [f"{vecino}:4:11"]
    edit(root, xichu, "lat: 21.2987", "lat: 21.5")  # Xichu moved
    assert same_as_clean(root, tmp_path)[0]
    edit(root, xichu, "lat: 21.5", "lat: 21.2987")
    assert not same_as_clean(root, tmp_path)[0]
    edit(root, vecino, "    status: CR\n", "    status: CR\n    sensitive: true\n")
    assert same_as_clean(root, tmp_path)[0]
    edit(root, vecino, "    sensitive: true\n", "")
    assert not same_as_clean(root, tmp_path)[0]
    edit(root, xichu, "    sensitive: true\n", "")  # no longer sensitive
    assert same_as_clean(root, tmp_path)[0]


def test_a_species_marked_sensitive_leaves_no_precise_index_behind(make_site: MakeSite,
                                                                   tmp_path: Path) -> None:
    """The update that marks a species sensitive does not return with the old search index
    published, which a job would replace seconds later (or never, killed): a deploy at once
    would ship the site's precise position in it. It indexes before it returns."""
    root = make_site()
    assert attempt(root)[0]
    assert "pagefind/fragment" in " ".join(precise_files(root / "public"))
    edit(root, SITE, "    status: CR\n", "    status: CR\n    sensitive: true\n")
    ok, _, result = attempt(root)
    search_jobs.stop_job(store_path(root, root / "public"), root / ".aze-cache")
    assert precise_files(root / "public") == []
    assert ok and result is not None and result.search.state == "indexed"
    assert same_as_clean(root, tmp_path)[0]  # and the next edit is an update as before
    edit(root, SITE, "The only home", "The one home")
    assert attempt(root)[2].search.state == "updating in the background"  # type: ignore[union-attr]
    settle(root)
    assert same_as_clean(root, tmp_path)[0]


def test_the_search_processes_run_the_code_of_the_build_that_starts_them(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The part indexer and the background job are other Python processes, started in other
    folders: they run the aze-site the build runs, not another one their own path finds
    first (a relative PYTHONPATH, a checkout run without being installed, an install
    changed meanwhile). A job of another version found the store 'made by another version
    of aze-site' and ended, and the published index stayed behind the pages."""
    other = tmp_path / "other"
    (other / "aze_site").mkdir(parents=True)
    (other / "aze_site/__init__.py").write_text('raise ImportError("another aze-site")\n')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, (str(other), os.environ.get("PYTHONPATH")))))
    root = make_site()
    assert same_as_clean(root, tmp_path)[0]  # a build from nothing: the part indexer
    edit(root, SITE, "The only home", "The one home")
    ok, _, result = attempt(root)  # an update: the background job
    assert ok and result is not None and result.search.state == "updating in the background"
    settle(root)
    assert same_as_clean(root, tmp_path)[0]


def test_the_dev_server_indexes_a_species_marked_sensitive_at_once(make_site: MakeSite) -> None:
    """The preview's search index follows saves in the background, but not past a mark that
    rounds a position: the save's rebuild indexes before it is shown, and the preview's
    spare keeps no copy of the site as it was."""
    from aze_site.publish.folders import spare_of
    from aze_site.serve.builder import SiteBuilder
    from aze_site.serve.changes import Changes

    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    try:
        assert builder.build_all().ok
        edit(root, SITE, "    status: CR\n", "    status: CR\n    sensitive: true\n")
        assert builder.update(Changes()).ok
        search_jobs.stop_job(root / ".aze-cache/serve/engine.sqlite", root / ".aze-cache")
        assert precise_files(builder.out) == []
        assert precise_files(spare_of(builder.out)) == []
    finally:
        builder.close()


def test_a_species_marked_sensitive_leaves_no_precise_spare_behind(make_site: MakeSite,
                                                                   tmp_path: Path) -> None:
    """The spare beside the output folder (outside the project, with --out elsewhere) holds
    the site as it was one build before: the update that marks a species sensitive removes
    it rather than leave the precise position there, and the next update makes it again.
    The outputs kept in the cache go the same way: those no longer published are swept."""
    from aze_site.publish.folders import spare_of

    root = make_site()
    out = tmp_path / "elsewhere/public"
    kept = store_path(root, out).with_suffix(".blobs") / "kept"
    assert attempt(root, out=out)[0]
    edit(root, SITE, "    status: CR\n", "    status: CR\n    sensitive: true\n")
    assert attempt(root, out=out)[0]
    assert precise_files(spare_of(out)) == []
    assert precise_files(kept) == [] and any(kept.iterdir())
    edit(root, SITE, "The only home", "The one home")
    assert attempt(root, out=out, wait_search=True)[0]
    assert spare_of(out).is_dir() and precise_files(spare_of(out)) == []
    assert precise_files(out) == []


def test_a_build_cut_short_before_the_spare_goes_leaves_it_to_the_next(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C once the site is out, before the spare with the precise position is removed:
    the build says the site was published, and the next build, nothing edited, removes the
    spare and sweeps the kept outputs (the store records what the site rounds only then)."""
    from aze_site.errors import InterruptedAfterPublishing
    from aze_site.publish import folders

    root = make_site()
    out = tmp_path / "elsewhere/public"
    kept = store_path(root, out).with_suffix(".blobs") / "kept"
    assert attempt(root, out=out)[0]
    edit(root, SITE, "    status: CR\n", "    status: CR\n    sensitive: true\n")

    def cut(*_args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(folders, "drop_spare", cut)
        with pytest.raises(InterruptedAfterPublishing):
            attempt(root, out=out)
    assert precise_files(out) == [] and precise_files(folders.spare_of(out)) != []
    assert attempt(root, out=out)[0]
    assert precise_files(folders.spare_of(out)) == [] and precise_files(kept) == []


def test_old_sites_left_by_a_killed_deleter_go_with_the_next_build(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build from nothing renames a large old site `.public.retired-<pid>-<ns>` and leaves
    it to a detached process; killed (the machine stopped), that process leaves the old
    site, precise positions and all, beside the output folder for good; so does a build
    killed with the old site swapped into its staging folder. The next build, even one with
    nothing to do, deletes such folders (a large one in the background again), removes a
    link by such a name without following it, and no other name."""
    from aze_site.publish import folders

    root = make_site()
    out = tmp_path / "elsewhere/public"
    assert attempt(root, out=out)[0]
    small, large, link = (out.with_name(f".public.retired-4242-{n}") for n in (1, 2, 3))
    page = "sites/chapada-do-araripe/index.html"
    (small / page).parent.mkdir(parents=True)
    shutil.copyfile(out / page, small / page)
    shutil.copytree(out, large)
    staging = out.with_name(".public.staging-k1ll3d")  # a killed build's, the old site in it
    shutil.copytree(out, staging)
    assert precise_files(small) != [] and precise_files(large) != []
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work", encoding="utf-8")
    link.symlink_to(documents, target_is_directory=True)
    others = [out.with_name(name) for name in (".public.retired-notes", "public.retired-1-2",
                                               ".publics.retired-1-2", ".public.retired-1-2.d",
                                               ".public.staging-x.d")]
    for other in others:
        other.mkdir()
        (other / "keep.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setattr(folders, "BACKGROUND_REMOVAL", 3)  # `large` goes in the background
    ok, lines, result = attempt(root, out=out)
    assert ok, lines
    assert result is not None and result.how == "up to date"
    assert not small.exists() and not os.path.lexists(link)
    assert (documents / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    assert all((other / "keep.txt").is_file() for other in others)
    deadline = time.monotonic() + 60  # both are large: deleted in the background
    while (large.exists() or staging.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not large.exists() and not staging.exists()
    (small / page).parent.mkdir(parents=True)  # and a build that keeps nothing
    shutil.copyfile(out / page, small / page)
    assert attempt(root, out=out, cache=False)[0]
    assert not small.exists()


def test_published_files_are_readable_by_everyone(make_site: MakeSite) -> None:
    root = make_site()
    assert attempt(root)[0]
    edit(root, SITE, "The only home", "The one home")
    assert attempt(root)[0]
    for path in (root / "public").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o444 == 0o444, (path, oct(mode))


def test_two_builds_at_once_wait_for_each_other(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    command = [sys.executable, "-m", "aze_site", "build", "--root", str(root), "--jobs", "1"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == second.returncode == 0, results
    assert any("waiting for" in err for _, err in results)  # one of them said why it waited
    settle(root)
    assert (root / "public/index.html").is_file()
    _, _, files = clean(root, tmp_path)
    assert snapshot(root / "public") == files


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5])
def test_a_killed_build_leaves_the_old_site_or_the_new_one(make_site: MakeSite, tmp_path: Path,
                                                           delay: float) -> None:
    root = make_site()
    assert attempt(root)[0]
    settle(root)
    old = snapshot(root / "public")
    edit(root, SITE, "name: Chapada do Araripe", "name: Chapada")  # an update of many pages
    _, _, new = clean(root, tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "aze_site", "build", "--root", str(root),
                                "--jobs", "1", "--wait-for-search"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    published = snapshot(root / "public")
    assert published in (old, new)
    assert not [p for p in (root / "public").rglob(".*tmp*")]
    assert same_as_clean(root, tmp_path)[0]  # the next build finishes the job


def test_sigterm_stops_a_build_as_ctrl_c_does(tmp_path: Path) -> None:
    """A cancelled CI job: one line saying nothing was published, nothing half made."""
    root = tmp_path / "shipped"
    for part in ("content", "templates", "static"):
        shutil.copytree(REPO / part, root / part)
    process = subprocess.Popen([sys.executable, "-m", "aze_site", "build", "--root", str(root),
                                "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = root / ".aze-cache/build.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    time.sleep(0.3)  # into the build (some 5 s from nothing)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err  # 128 + 15, as a shell reports a SIGTERM
    assert err == "aze-site: interrupted; nothing was published\n"
    assert not (root / "public").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".public")]
    assert attempt(root)[0]


KILLED_WHILE_FILLING_THE_SPARE = """\
import os, signal, sys
real_link = os.link
def link(source, target, *args, **kwargs):
    real_link(source, target, *args, **kwargs)
    if ".aze-spare" in os.fspath(target):  # the first file linked into the spare, and no more
        os.kill(os.getpid(), signal.SIGKILL)
os.link = link
from aze_site.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_while_it_fills_the_spare_leaves_no_stray_file(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Killed as it puts a changed file into the spare folder: no temporary file is left
    there for a later swap to publish (one was, named .index.html.tmp-PID, for good)."""
    root = make_site()
    assert attempt(root)[0]
    settle(root)
    old = snapshot(root / "public")
    edit(root, SITE, "The only home", "The one home")
    script = tmp_path / "killed.py"
    script.write_text(KILLED_WHILE_FILLING_THE_SPARE)
    killed = subprocess.run([sys.executable, str(script), "build", "--root", str(root),
                             "--jobs", "1", "--no-search"], capture_output=True, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(root / "public") == old
    for _ in range(2):  # the next builds finish the job; each swap shows the other folder
        assert same_as_clean(root, tmp_path)[0]
        edit(root, SITE, "The one home", "The only home")
        assert same_as_clean(root, tmp_path)[0]
        edit(root, SITE, "The only home", "The one home")
    for folder in (root / "public", root / ".public.aze-spare"):
        assert not [p for p in folder.rglob("*") if ".tmp" in p.name], folder


def test_a_damaged_store_is_rebuilt_never_published(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    assert attempt(root)[0]
    store = store_path(root, root / "public")
    store.write_bytes(b"garbage" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    edit(root, SITE, "The only home", "The one home")
    assert same_as_clean(root, tmp_path)[0]


def test_a_fresh_clone_elsewhere_with_the_cache_builds_the_same(make_site: MakeSite,
                                                                tmp_path: Path) -> None:
    """Two builds into two different folders: the bytes are the same (a test whose second
    build wrote nothing could not show that)."""
    root = make_site()
    one, two = tmp_path / "one", tmp_path / "two"
    assert attempt(root, out=one)[0] and attempt(root, out=two)[0]
    assert snapshot(one) == snapshot(two)
    assert os.stat(one / "index.html").st_ino != os.stat(two / "index.html").st_ino


def restored(root: Path, clone: Path) -> Path:
    """The project as a CI job sees it: a fresh clone at another path, with `.aze-cache/`
    restored from the CI cache (mtimes kept, new inodes) and no `public/`. Without the
    folders being removed in the background (search.discard), which vanish as they are
    copied on a busy machine."""
    for folder in ("content", "templates", "static", ".aze-cache"):
        shutil.copytree(root / folder, clone / folder, symlinks=True,
                        ignore=shutil.ignore_patterns("trash-*"))
    return clone


def kept_blobs(root: Path) -> list[Path]:
    return sorted(store_path(root, root / "public").with_suffix(".blobs").glob("kept/*/*"))


def test_a_restored_cache_renders_nothing_again(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    assert attempt(root)[0]
    settle(root)
    clone = restored(root, tmp_path / "clone")
    ok, lines, result = attempt(clone)
    assert ok and result is not None
    assert (result.how, result.reused) == ("update", result.pages)
    assert result.search.state == "reused"
    settle(clone)
    assert (True, lines, snapshot(clone / "public")) == clean(clone, tmp_path)
    edit(clone, SITE, "The only home", "The one home")  # then builds go on as updates
    assert same_as_clean(clone, tmp_path)[0]


def test_a_restored_cache_with_an_edit_renders_only_the_edit(make_site: MakeSite,
                                                             tmp_path: Path) -> None:
    root = make_site()
    assert attempt(root)[0]
    settle(root)
    clone = restored(root, tmp_path / "clone")
    edit(clone, SITE, "The only home", "The one home")  # the commit CI builds
    ok, lines, result = attempt(clone)
    assert ok and result is not None
    assert result.how == "update" and 0 < result.pages - result.reused <= 3
    settle(clone)
    assert (True, lines, snapshot(clone / "public")) == clean(clone, tmp_path)


@pytest.mark.parametrize("wait", [False, True])
def test_a_restored_cache_after_an_updated_index_is_still_an_update(
        make_site: MakeSite, tmp_path: Path, wait: bool) -> None:
    """The index updated after an edit (in the background, or before the build returns)
    keeps the files that did not change in its own folder, the one before it removed: the
    store says where each is now, so a clone that links every file finds them."""
    root = make_site()
    assert attempt(root)[0]
    edit(root, SITE, "The only home", "The one home")
    assert attempt(root, wait_search=wait)[0]
    settle(root)
    clone = restored(root, tmp_path / "clone")
    ok, lines, result = attempt(clone)
    assert ok and result is not None
    assert (result.how, result.reused) == ("update", result.pages)
    assert (True, lines, snapshot(clone / "public")) == clean(clone, tmp_path)


def test_a_damaged_kept_output_means_a_full_build(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    assert attempt(root)[0]
    settle(root)
    clone = restored(root, tmp_path / "clone")
    blob = kept_blobs(clone)[0]
    blob.write_bytes(blob.read_bytes() + b"<!-- changed -->")
    ok, lines, result = attempt(clone)
    assert ok and result is not None and result.how == "full build"
    settle(clone)
    assert (True, lines, snapshot(clone / "public")) == clean(clone, tmp_path)


def test_kept_outputs_are_the_published_files(make_site: MakeSite, tmp_path: Path) -> None:
    """Hard links to the published files (no space), and none for a source's copy."""
    root = make_site()
    assert attempt(root)[0]
    published = {os.stat(p).st_ino for p in (root / "public").rglob("*") if p.is_file()}
    kept = kept_blobs(root)
    assert kept and {os.stat(p).st_ino for p in kept} <= published
    photos = [p for p in (root / "public/img").rglob("*") if p.is_file()  # copies of the cache
              and p.parent.name not in ("social", "maps")]
    assert photos and not {os.stat(p).st_ino for p in photos} & {os.stat(p).st_ino for p in kept}


def test_the_kept_outputs_are_swept_of_unpublished_ones(tmp_path: Path) -> None:
    from aze_site.publish.blobs import Blobs

    blobs = Blobs(tmp_path / "blobs")
    one, two = blobs.put(b"one"), blobs.put(b"two")
    blobs.keep()
    assert blobs.whole([one, two])
    blobs.sweep({one})
    assert blobs.whole([one]) and not blobs.whole([two])
    later = Blobs(tmp_path / "blobs")  # a later build
    three = later.put(b"three")
    later.keep()  # moved in beside the kept ones
    again = Blobs(tmp_path / "blobs")
    assert not again.path(three).exists() and again.whole([one, three])
    four = again.put(b"four")  # a build killed before its publish: what it wrote is not kept
    fresh = Blobs(tmp_path / "blobs")
    assert not fresh.path(four).exists() and not fresh.whole([four])


@pytest.mark.parametrize("name", ["pagefind", "data", "img"])
def test_a_page_cannot_take_a_folder_the_build_owns(make_site: MakeSite, name: str) -> None:
    root = make_site({f"content/pages/{name}.md": "---\ntitle: Mine\n---\nText.\n"})
    ok, lines, _ = attempt(root)
    assert not ok
    holds = {"pagefind": "the search index", "data": "the data downloads",
             "img": "the photos and social cards"}[name]
    assert own(lines) == [f"content/pages/{name}.md:1:1: error: this page's address /{name}/ is "
                     f"inside /{name}/, which holds {holds}: rename the file"]


def test_a_static_file_may_sit_beside_a_pages_own(make_site: MakeSite) -> None:
    """static/act/plan.pdf beside /act/: published both; static/act/index.html, the page's
    own file, is one error at the static file."""
    root = make_site()
    (root / "static/act").mkdir(parents=True)
    (root / "static/act/plan.pdf").write_bytes(b"%PDF-1.4 plan")
    ok, lines, _ = attempt(root)
    assert ok and own(lines) == []
    assert (root / "public/act/plan.pdf").read_bytes() == b"%PDF-1.4 plan"
    assert (root / "public/act/index.html").is_file()
    (root / "static/act/index.html").write_text("<p>mine</p>", encoding="utf-8")
    ok, lines, _ = attempt(root)
    assert not ok
    assert own(lines) == ["static/act/index.html:1:1: error: this is published as "
                          "act/index.html, which is also published from content/pages/act.md: "
                          "rename one of them"]


def test_the_dev_server_says_a_failure_until_it_is_fixed(make_site: MakeSite) -> None:
    """A save that changes nothing after a failed rebuild fails again, with the same words
    (the kept engine knows the failure; the store only knows the last good build)."""
    from aze_site.serve.builder import SiteBuilder
    from aze_site.serve.changes import Changes

    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    try:
        assert builder.build_all().ok
        edit(root, "content/site.yaml", "url: /sites/}", "url: /missing/}")
        failed = builder.update(Changes())
        assert not failed.ok
        (root / "content/site.yaml").touch()  # saved again, unchanged
        again = builder.update(Changes())
        assert (again.ok, again.diagnostics) == (False, failed.diagnostics)
    finally:
        builder.close()


def test_the_dev_server_sees_a_template_edit_that_keeps_its_time(
        make_site: MakeSite, tmp_path: Path) -> None:
    """`cp -p` or `rsync -t` puts a template back with its old modification time: the dev
    server, whose Jinja cache lives on, publishes what a clean build does."""
    from aze_site.serve.builder import SiteBuilder
    from aze_site.serve.changes import Changes

    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    try:
        assert builder.build_all().ok
        template = root / "templates/site.html"
        times = template.stat()
        edit(root, "templates/site.html", "{% block main %}", "{% block main %}<p>Edited</p>")
        os.utime(template, ns=(times.st_atime_ns, times.st_mtime_ns))
        assert builder.update(Changes()).ok
        served = snapshot(builder.out)
    finally:
        builder.close()
    ok, _, files = clean(root, tmp_path)

    def pages(tree: dict[str, bytes]) -> dict[str, bytes]:  # the search index follows apart
        return {rel: data for rel, data in tree.items() if not rel.startswith("pagefind/")}

    assert ok and pages(served) == pages(files)


def test_a_template_the_scan_passes_over_cannot_be_included(make_site: MakeSite) -> None:
    """`snippet.bak` is an editor's backup to the scan: a change to it would go unseen."""
    root = make_site()
    (root / "templates/snippet.bak").write_text("<p>V1</p>\n", encoding="utf-8")
    edit(root, "templates/site.html", "{% block main %}",
         '{% block main %}{% include "snippet.bak" %}')
    ok, lines, _ = attempt(root)
    assert not ok and own(lines) == [
        "templates/site.html:3:28: error: template 'snippet.bak' is not read: builds pass over "
        "names like this, taken for backups and editors' temporary files: rename it"]


def test_a_build_from_nothing_makes_the_twin_the_site_itself(make_site: MakeSite) -> None:
    """The spare folder an update starts from holds the very files of the published site
    (the same inodes: hard links), the search index's included."""
    from aze_site.publish.folders import spare_of

    root = make_site()
    ok, lines, _ = attempt(root)
    assert ok, lines
    out = root / "public"
    published = {p.relative_to(out).as_posix(): p.stat().st_ino
                 for p in out.rglob("*") if p.is_file()}
    twin = spare_of(out)
    assert {p.relative_to(twin).as_posix(): p.stat().st_ino
            for p in twin.rglob("*") if p.is_file()} == published
    assert any(rel.startswith("pagefind/") for rel in published)


def test_an_index_kept_by_other_code_is_made_again(make_site: MakeSite,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A new aze-site or Pagefind (another store version) trusts no search index the old
    one kept: its merge or Pagefind's own output may differ, and a clean build would
    publish the new one."""
    from aze_site.build import options

    root = make_site()
    assert attempt(root)[0]
    kept = [p for p in (root / ".aze-cache/search").iterdir()
            if (p / "pagefind-entry.json").is_file()]
    assert len(kept) == 1
    (kept[0] / "made-by-other-code.txt").write_text("stale", encoding="utf-8")
    version = options.store_version() + "-next"
    monkeypatch.setattr(options, "store_version", lambda: version)
    monkeypatch.setattr("aze_site.build.runner.store_version", lambda: version)
    assert attempt(root)[0]
    assert not (root / "public/pagefind/made-by-other-code.txt").exists()


def test_a_search_index_another_build_took_away_is_never_published_as_nothing(
        make_site: MakeSite, tmp_path: Path) -> None:
    """A background job's index folder can be pruned by another build of the project (into
    another folder, or `serve`'s) while the job waits for the lock: publishing that folder
    would delete the whole published index."""
    from aze_site.build.options import store_version
    from aze_site.build.search_job import publish_index
    from aze_site.engine import Store

    root = make_site()
    assert attempt(root)[0]
    settle(root)
    before = snapshot(root / "public")
    store_file = store_path(root, root / "public")
    store = Store(store_file, store_version())
    total = store.meta("search_sum")
    store.close()
    assert not publish_index(root, root / "public", store_file, total, tmp_path / "pruned")
    assert snapshot(root / "public") == before


@pytest.mark.parametrize(("stop", "status"), [(KeyboardInterrupt, 130), (Terminated, 143)])
def test_ctrl_c_once_the_site_is_out_does_not_say_nothing_was_published(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tmp_path: Path, stop: type[KeyboardInterrupt],
        status: int) -> None:
    from aze_site.cli import main
    from aze_site.publish.blobs import Blobs

    root = make_site()
    assert attempt(root)[0]
    settle(root)
    edit(root, SITE, "The only home", "The one home")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise stop  # Ctrl-C (or SIGTERM) as the build files away what it published

    monkeypatch.setattr(Blobs, "keep", interrupted)
    assert main(["build", "--root", str(root), "--jobs", "1", "--no-search"]) == status
    assert capsys.readouterr().err == "aze-site: interrupted once the new site was published\n"
    assert "The one home" in (root / "public/sites/chapada-do-araripe/index.html").read_text()
    monkeypatch.undo()
    assert same_as_clean(root, tmp_path)[0]


def test_ctrl_c_as_a_build_from_nothing_removes_the_old_site_says_the_new_one_is_out(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A build from nothing over a published site (its memory gone, or made by another
    version) swaps its new tree in, then removes the old site: Ctrl-C then said 'nothing
    was published', with the new site out."""
    from aze_site.cli import main
    from aze_site.publish import folders

    root = make_site()
    assert attempt(root, search=False)[0]
    edit(root, SITE, "The only home", "The one home")
    for suffix in ("", "-wal", "-shm"):  # the build's memory gone: a build from nothing
        Path(f"{store_path(root, root / 'public')}{suffix}").unlink(missing_ok=True)
    real_retire = folders.retire

    def interrupted(old_site: Path, out: Path) -> None:
        if old_site.name.startswith(".public.staging-"):  # the old site, swapped out
            raise KeyboardInterrupt
        real_retire(old_site, out)  # the spare, before the new tree is made

    monkeypatch.setattr(folders, "retire", interrupted)
    assert main(["build", "--root", str(root), "--jobs", "1", "--no-search"]) == 130
    assert capsys.readouterr().err == "aze-site: interrupted once the new site was published\n"
    assert "The one home" in (root / "public/sites/chapada-do-araripe/index.html").read_text()
    monkeypatch.undo()
    assert same_as_clean(root, tmp_path)[0]


def test_a_store_found_damaged_half_way_prints_one_note_and_no_traceback(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Values SQLite cannot tell are damaged are found so as they are read, in the worker
    processes: the build starts again from nothing, and the first attempt's pipes are
    closed in this process, not in the forked store writer of the second (which printed
    'Exception ignored ... Bad file descriptor' six times)."""
    import sqlite3

    root = tmp_path / "shipped"  # enough pages for the build to render them in workers
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    assert attempt(root, search=False)[0]
    db = sqlite3.connect(store_path(root, root / "public"))
    db.execute("UPDATE nodes SET value = X'80059500' WHERE value IS NOT NULL AND "
               "(key LIKE 'spec:%' OR key LIKE 'body:%' OR key LIKE 'text:%')")
    db.commit()
    db.close()
    edit(root, "templates/base.html", "</body>", "<!-- an edit --></body>")
    done = subprocess.run([sys.executable, "-m", "aze_site", "build", "--root", str(root),
                           "--jobs", "2", "--no-search"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    lines = own(done.stderr.splitlines())
    assert len(lines) == 1 and lines[0].startswith(
        "aze-site: note: the build's memory could not be read"), done.stderr
    copy = tmp_path / "clean"
    for folder in ("content", "templates", "static"):
        shutil.copytree(root / folder, copy / folder)
    assert attempt(copy, cache=False, search=False)[0]
    assert snapshot(root / "public") == snapshot(copy / "public")


def test_a_catalogue_renamed_away_from_its_language_and_back(make_site: MakeSite,
                                                           tmp_path: Path) -> None:
    """The listing of templates/ says which catalogues are named otherwise than their
    language: an update says so, and stops saying so, as a clean build does."""
    langs = SITE_YAML.replace("language: en\n", "languages: [en, fr]\n")
    root = make_site({"content/site.yaml": langs})
    locales = root / "templates/locales"
    assert same_as_clean(root, tmp_path)[0]
    (locales / "fr.po").rename(locales / "fr_FR.po")
    ok, lines = same_as_clean(root, tmp_path)
    assert not ok and "name it fr.po" in "".join(lines)
    (locales / "fr_FR.po").rename(locales / "fr.po")
    assert same_as_clean(root, tmp_path)[0]


def test_a_regional_language_s_own_catalogue_made_and_deleted(make_site: MakeSite,
                                                               tmp_path: Path) -> None:
    """pt-BR reads pt.po until it has pt-BR.po of its own, and again once that is gone."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, pt-BR]\n")})
    locales = root / "templates/locales"
    assert same_as_clean(root, tmp_path)[0]
    own = (locales / "pt.po").read_text(encoding="utf-8")
    assert "Dados do sítio" in own
    (locales / "pt-BR.po").write_text(own.replace("Dados do sítio", "Ficha do sítio"),
                                      encoding="utf-8")
    assert same_as_clean(root, tmp_path)[0]
    assert "Ficha do sítio" in (root / "public/pt-BR/sites/chapada-do-araripe/index.html"
                                ).read_text(encoding="utf-8")
    (locales / "pt-BR.po").unlink()
    assert same_as_clean(root, tmp_path)[0]
    assert "Dados do sítio" in (root / "public/pt-BR/sites/chapada-do-araripe/index.html"
                                ).read_text(encoding="utf-8")


def test_photos_texts_renamed_to_a_language_the_site_lacks_are_said_after_a_build(
        make_site: MakeSite, tmp_path: Path) -> None:
    """images.<lang>.yaml beside the photos is read by what reads content/images/: renamed
    after a build (to a language the site lacks, or back), the next build says so."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, es]\n"),
                      "content/images/images.es.yaml": "hero.jpg:\n  alt: Un paisaje\n"})
    assert same_as_clean(root, tmp_path)[0]
    (root / "content/images/images.es.yaml").rename(root / "content/images/images.ES.yaml")
    assert errors(same_as_clean(root, tmp_path)[1]) == [
        "content/images/images.ES.yaml:1:1: error: language codes are written as site.yaml "
        "writes them: name this file images.es.yaml"]
    (root / "content/images/images.ES.yaml").rename(root / "content/images/images.pt.yaml")
    assert errors(same_as_clean(root, tmp_path)[1]) == [
        "content/images/images.pt.yaml:1:1: error: a translation into 'pt', which is not one of "
        "the site's other languages (site.yaml's languages are en, es): add 'pt' to languages "
        "in site.yaml, or delete this file"]
    (root / "content/images/images.pt.yaml").rename(root / "content/images/images.es.yaml")
    assert same_as_clean(root, tmp_path)[0]


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]
