"""Whole builds of the fixture site: pages, metadata, privacy, determinism, atomicity."""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import SENSITIVE_MD, SITE_MD, SITE_YAML, MakeSite, deadline, errors_of, own

import aze_site.build.runner
import aze_site.engine.parallel
import aze_site.queries.pages
from aze_site.build import BuildOptions, BuildResult, build
from aze_site.cli import main
from aze_site.errors import BuildFailed, UsageError
from aze_site.publish.blobs import MemoryWriter

BASE = "https://test.example.org/"
SITE = "content/sites/chapada-do-araripe.md"

EXPECTED_FILES = [
    "index.html",
    "sites/index.html",
    "sites/chapada-do-araripe/index.html",
    "sites/xichu/index.html",
    "species/antilophia-bokermanni/index.html",
    "species/mammillaria-marcosii/index.html",
    "countries/bra/index.html",
    "countries/mex/index.html",
    "red-list/cr/index.html",
    "groups/birds/index.html",
    "groups/plants/index.html",
    "news/index.html",
    "news/update/index.html",
    "act/index.html",
    "criteria/index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "feed.xml",
]


# -- helpers -----------------------------------------------------------------------------


def options(root: Path, **changes: object) -> BuildOptions:
    settings: dict[str, object] = {"out": None, "base_url": None, "drafts": False,
                                   "strict": False, "jobs": 1}
    settings.update(changes)
    return BuildOptions(root=root, **settings)  # type: ignore[arg-type]


def build_in_memory(root: Path, **changes: object) -> dict[str, bytes]:
    memory = MemoryWriter()
    build(options(root, **changes), memory=memory)
    return memory.files


def build_on_disk(root: Path, **changes: object) -> BuildResult:
    return build(options(root, **changes))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(files: dict[str, bytes]) -> dict[str, str]:
    return {rel: data.decode("utf-8") for rel, data in files.items() if rel.endswith(".html")}


def url_of(rel: str) -> str:
    """The page URL of an output file: sites/x/index.html -> /sites/x/."""
    return "/" + rel.removesuffix("index.html")


def staging_leftovers(root: Path) -> list[Path]:
    return sorted(root.glob(".public.staging-*")) + sorted(root.glob(".public.old"))


def extra_sites(count: int) -> dict[str, str | None]:
    """`count` more valid sites, enough to make the build use its process pool."""
    files: dict[str, str | None] = {}
    for i in range(count):
        files[f"content/sites/test-site-{i:03d}.md"] = (
            f"---\nname: Test site {i:03d}\niso3: {('BRA', 'MEX', 'PER')[i % 3]}\n"
            f"location: {{lat: {i / 20 - 6:.2f}, lon: -45.5}}\ncriteria: [A1e]\n"
            f"species:\n  - name: Testia species{i:03d}\n    group: {('plants', 'birds')[i % 2]}\n"
            f"    status: {('CR', 'EN', 'EW')[i % 3]}\n---\nSite number {i}.\n"
        )
    return files


# -- the pages a build writes ------------------------------------------------------------


def test_expected_outputs_exist(make_site: MakeSite) -> None:
    files = build_in_memory(make_site())
    missing = [rel for rel in EXPECTED_FILES if rel not in files]
    assert missing == []


def test_on_disk_build_writes_public(make_site: MakeSite) -> None:
    root = make_site()
    result = build_on_disk(root)
    assert result.out == root / "public"
    written = snapshot(root / "public")
    assert [rel for rel in EXPECTED_FILES if rel not in written] == []
    assert written == build_in_memory(root)
    assert staging_leftovers(root) == []


def test_every_html_page_has_its_metadata(make_site: MakeSite) -> None:
    pages = html_pages(build_in_memory(make_site()))
    assert len(pages) >= 15
    for rel, html in pages.items():
        canonical = BASE + url_of(rel).lstrip("/")
        assert '<html lang="en">' in html, rel
        assert re.search(r"<title>[^<]+</title>", html), rel
        assert re.search(r'<meta name="description" content="[^"]+">', html), rel
        assert f'<link rel="canonical" href="{canonical}">' in html, rel
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), rel
        assert f'<meta property="og:url" content="{canonical}">' in html, rel


def test_sitemap_lists_every_page_but_404(make_site: MakeSite) -> None:
    files = build_in_memory(make_site())
    sitemap = files["sitemap.xml"].decode()
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {BASE + url_of(rel).lstrip("/") for rel in html_pages(files) if rel != "404.html"}
    assert locs == pages
    assert files["robots.txt"].decode().endswith(f"Sitemap: {BASE}sitemap.xml\n")
    assert f"{BASE}news/update/" in files["feed.xml"].decode()


def test_markdown_link_by_path_becomes_the_page_url(make_site: MakeSite) -> None:
    files = build_in_memory(make_site())
    html = files["sites/chapada-do-araripe/index.html"].decode()
    assert '<a href="/criteria/#a1e">the criteria</a>' in html
    assert "criteria.md" not in html


# -- sensitive locations -----------------------------------------------------------------

PRECISE = ["21.2987", "21.298", "21.299", "21.29", "21.30", "21.3", "2987",
           "100.0577", "100.057", "100.058", "100.05", "100.06", "100.1", "-100.06", "0577"]


def test_sensitive_site_has_no_precise_coordinate_in_any_output(make_site: MakeSite) -> None:
    root = make_site()
    build_on_disk(root)
    files = snapshot(root / "public")
    # the world's outlines (the live map's base layer) are the vendored Natural Earth data
    # whatever the content: coastline points in them may read like a position by chance
    from aze_site.render.worldmap import OUTLINES_FILE, outlines_json

    assert files.pop(OUTLINES_FILE) == outlines_json()
    leaks = [(rel, needle) for rel, data in files.items() for needle in PRECISE
             if needle.encode() in data]
    assert leaks == []


def test_a_sensitive_site_s_wdkba_id_stays_unpublished(make_site: MakeSite) -> None:
    """It leads to the site's boundary in the public KBA database; another site's does not."""
    root = make_site({
        "content/sites/xichu.md": SENSITIVE_MD.replace("protection: none\n",
                                                       "protection: none\nwdkba_id: 987654\n"),
        "content/sites/chapada-do-araripe.md": SITE_MD.replace("criteria:", "wdkba_id: 123456\ncriteria:")})
    build_on_disk(root)
    files = snapshot(root / "public")
    assert [rel for rel, data in files.items() if b"987654" in data] == []
    assert b"123456" in files["sites/chapada-do-araripe/index.html"]
    assert b'"wdkba_id":123456' in files["data/sites.json"]


def test_a_template_cannot_publish_a_sensitive_site_s_wdkba_id(make_site: MakeSite) -> None:
    """An editor's template that writes the field by its name in the site's file (or
    prints the whole site) shows none for a sensitive site, as published_wdkba_id does;
    the checks still know it (one id, one file)."""
    root = make_site({
        "content/sites/xichu.md": SENSITIVE_MD.replace("protection: none\n",
                                                       "protection: none\nwdkba_id: 987654\n"),
        "content/sites/chapada-do-araripe.md": SITE_MD.replace("criteria:", "wdkba_id: 123456\ncriteria:")})
    template = root / "templates/site.html"
    shown = "<p id=kba>{{ s.wdkba_id }} {{ s['wdkba_id'] }} {{ s|attr('wdkba_id') }} {{ s }}</p>"
    template.write_text(template.read_text().replace("{% if s.published_wdkba_id %}",
                                                     shown + "{% if s.published_wdkba_id %}", 1))
    files = build_in_memory(root)
    assert [rel for rel, data in files.items() if b"987654" in data] == []
    assert files["sites/chapada-do-araripe/index.html"].count(b"123456") >= 4
    (root / "content/sites/xichu-twin.md").write_text(
        SITE_MD.replace("Chapada do Araripe", "Other").replace("criteria:", "wdkba_id: 987654\ncriteria:"))
    assert any("wdkba_id: 987654 is also the WDKBA id of" in line
               for line in errors_of(root))


def test_sensitive_site_shows_whole_degrees(make_site: MakeSite) -> None:
    html = build_in_memory(make_site())["sites/xichu/index.html"].decode()
    assert "21° N, 100° W" in html.replace("\u00a0", " ")


# -- reproducible output -----------------------------------------------------------------


def test_two_builds_are_byte_identical(make_site: MakeSite) -> None:
    root = make_site()
    build_on_disk(root)
    first = snapshot(root / "public")
    build_on_disk(root)
    assert snapshot(root / "public") == first


def test_output_does_not_depend_on_where_the_project_is(make_site: MakeSite) -> None:
    assert build_in_memory(make_site(name="a")) == build_in_memory(make_site(name="b"))


def test_parallel_and_serial_builds_are_byte_identical(make_site: MakeSite, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(extra_sites(300))  # enough files and pages for the process pools
    monkeypatch.setattr(aze_site.build.runner, "usable_cores", lambda: 2)  # on a one-core machine too
    serial = build_on_disk(root, out=tmp_path / "serial", jobs=1, cache=False)
    parallel = build_on_disk(root, out=tmp_path / "parallel", jobs=2, cache=False)
    assert parallel.pages >= 500
    assert serial.pages == parallel.pages
    one, two = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert "sites/test-site-249/index.html" in one
    assert one == two


def test_a_build_makes_no_full_collection_and_gives_the_thresholds_back(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from aze_site.build.runner import SiteBuild

    seen: list[tuple[int, int, int]] = []
    execute = SiteBuild._execute

    def watching(self: SiteBuild, *args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(SiteBuild, "_execute", watching)
    before = gc.get_threshold()
    root = make_site()
    build_in_memory(root, jobs=1)
    (root / "content/pages/broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(BuildFailed):
        build_in_memory(root, jobs=1)
    assert len(seen) == 2
    assert all(t[:2] == before[:2] and t[2] >= 1 << 30 for t in seen)
    assert gc.get_threshold() == before


# -- drafts ------------------------------------------------------------------------------

DRAFTS: dict[str, str | None] = {
    "content/sites/draft-site.md": SITE_MD.replace("name: Chapada do Araripe", "name: Draft site")
    .replace("Antilophia bokermanni", "Draftia secreta").replace("updated:", "draft: true\nupdated:"),
    "content/pages/draft-page.md": "---\ntitle: Draft page\ndraft: true\n---\nNot yet.\n",
    "content/news/2019-01-01-draft-news.md": "---\ntitle: Draft news\ndraft: true\n---\nNot yet.\n",
}
DRAFT_FILES = ["sites/draft-site/index.html", "species/draftia-secreta/index.html",
               "draft-page/index.html", "news/draft-news/index.html"]


def test_drafts_are_not_published_by_default(make_site: MakeSite) -> None:
    files = build_in_memory(make_site(DRAFTS))
    assert [rel for rel in DRAFT_FILES if rel in files] == []
    everything = b"".join(files.values())
    for marker in (b"Draft site", b"Draftia secreta", b"Draft page", b"Draft news", b"draft-"):
        assert marker not in everything


def test_drafts_are_published_with_drafts_option(make_site: MakeSite) -> None:
    files = build_in_memory(make_site(DRAFTS), drafts=True)
    assert [rel for rel in DRAFT_FILES if rel not in files] == []
    # the banner is true of `build --drafts` too, not only of the preview
    page = files["draft-page/index.html"].decode()
    assert "Draft: not published." in page and "preview" not in page


# -- atomic publishing -------------------------------------------------------------------

BREAKAGES: dict[str, dict[str, str | None]] = {
    "content-error": {SITE: SITE_MD.replace("status: CR", "status: XX")},
    "link-error": {SITE: SITE_MD + "\nSee [x](/nowhere/).\n"},
    "template-error": {"templates/page.html": "{% extends 'base.html' %}{% block main %}{{ nope( }}"
                                              "{% endblock %}"},
}


def break_project(root: Path, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        assert text is not None
        (root / rel).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("breakage", list(BREAKAGES.values()), ids=list(BREAKAGES))
def test_failed_build_leaves_public_as_it_was(make_site: MakeSite,
                                              breakage: dict[str, str | None]) -> None:
    root = make_site()
    build_on_disk(root)
    before = snapshot(root / "public")
    break_project(root, breakage)
    with pytest.raises(BuildFailed):
        build_on_disk(root)
    assert snapshot(root / "public") == before
    assert staging_leftovers(root) == []


def test_build_crashing_while_rendering_leaves_public_as_it_was(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site()
    build_on_disk(root)
    before = snapshot(root / "public")
    (root / "content/pages/act.md").write_text("---\ntitle: Act again\n---\nChanged.\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(aze_site.queries.pages, "render", crash)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_on_disk(root)
    assert snapshot(root / "public") == before
    assert staging_leftovers(root) == []


# -- confinement -------------------------------------------------------------------------

BAD_OUTS: dict[str, Callable[[Path], Path]] = {
    "root": lambda root: root,
    "parent-of-root": lambda root: root.parent,
    "content": lambda root: root / "content",
    "templates": lambda root: root / "templates",
    "inside-content": lambda root: root / "content" / "pages" / "out",
}


@pytest.mark.parametrize("out", list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_out_overlapping_the_project_is_refused(make_site: MakeSite,
                                                out: Callable[[Path], Path]) -> None:
    root = make_site()
    before = snapshot(root)
    with pytest.raises(UsageError):
        build_on_disk(root, out=out(root))
    assert snapshot(root) == before


def test_out_in_a_foreign_folder_is_refused_and_untouched(make_site: MakeSite,
                                                          tmp_path: Path) -> None:
    root = make_site()
    foreign = tmp_path / "documents"
    (foreign / "notes").mkdir(parents=True)
    (foreign / "thesis.txt").write_text("years of work")
    (foreign / "notes" / "a.txt").write_text("a")
    before = snapshot(foreign)
    with pytest.raises(UsageError):
        build_on_disk(root, out=foreign)
    assert snapshot(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "site"]


def test_a_file_where_the_output_folder_goes_is_refused_and_kept(make_site: MakeSite) -> None:
    """It was moved aside as '.public.staging-XXXX' and left there for good."""
    root = make_site()
    (root / "public").write_text("notes")
    before = snapshot(root)
    with pytest.raises(UsageError, match="is a file, not a folder"):
        build_on_disk(root)
    assert snapshot(root) == before
    assert not list(root.glob(".public*"))


def test_a_mount_point_as_output_folder_is_refused_before_building(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A disk or a container's volume (mounted at public/, say) cannot be swapped for the
    new site: the build made every page, then failed with 'Device or resource busy' and
    left its new tree and the spare beside it, every time."""
    root, volume = make_site(), tmp_path / "volume"
    volume.mkdir()
    mounted = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: path == volume or mounted(path))
    assert main(["build", "--root", str(root), "--out", str(volume), "--no-search"]) == 2
    assert capsys.readouterr().err == (
        f"aze-site: error: {volume} is a mount point, which a build cannot replace with its "
        "new site (that is done in one move, beside it): build into a folder inside it, e.g. "
        f"--out {volume / 'site'}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "volume"]
    assert not any(volume.iterdir())


def test_bind_mounts_are_read_from_the_mount_table() -> None:
    """A bind mount of a folder of the same disk, which `ismount` does not see."""
    from aze_site.build.options import mount_points

    table = ("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
             "36 22 8:1 /srv/www /home/ana/my\\040site/public rw - ext4 /dev/sda1 rw\n")
    assert mount_points(table) == {"/", "/home/ana/my site/public"}


def failure_lines(root: Path, memory: MemoryWriter | None = None) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(options(root), memory=memory or MemoryWriter())
    return own(sorted(str(d) for d in failed.value.report.items))


def test_markdown_link_outside_content_is_an_error(make_site: MakeSite) -> None:
    root = make_site({
        "content/pages/act.md": "---\ntitle: Act\n---\nSee [this](../../outside.md).\n",
        "outside.md": "---\ntitle: Outside\n---\nOUTSIDE-MARKER\n",
    })
    assert failure_lines(root) == [
        "content/pages/act.md:4:12: error: link '../../outside.md' points outside content/",
    ]


LINK_SAID = ("this is a symbolic link, which is not allowed in content/: put a copy of what it "
             "leads to in its place")


def test_symlink_in_content_is_an_error_and_not_read(make_site: MakeSite, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nSECRET-MARKER\n")
    root = make_site()
    (root / "content/pages/secret.md").symlink_to(secret)
    memory = MemoryWriter()
    assert failure_lines(root, memory) == [
        f"content/pages/secret.md: error: {LINK_SAID}",
    ]
    assert [rel for rel, data in memory.files.items() if b"SECRET-MARKER" in data] == []
    with pytest.raises(BuildFailed):
        build_on_disk(root)
    assert not (root / "public").exists()


@pytest.mark.parametrize("linked", ["content/partners.yaml", "content/criteria.yaml",
                                    "content/site.yaml", "content/site.es.yaml",
                                    "content/images", "content/pages", "content/sites"])
def test_any_link_in_content_is_one_error_and_nothing_is_read_through_it(
        make_site: MakeSite, tmp_path: Path, linked: str) -> None:
    """A file or a whole folder: a YAML file read through a link once published what it
    held; a folder of documents linked was taken for an empty one, and every link to its
    pages said the page did not exist."""
    root = make_site({"content/site.yaml": SITE_YAML.replace("language: en\n",
                                                             "languages: [en, es]\n"),
                      "content/site.es.yaml": "title: Alianza\n"})
    original = root / linked
    outside = tmp_path / "outside" / original.name
    outside.parent.mkdir()
    original.rename(outside)
    for path in (outside.rglob("*") if outside.is_dir() else [outside]):
        if path.is_file() and path.suffix in (".yaml", ".md"):
            path.write_text(path.read_text().replace("Test Alliance", "SECRET-MARKER"))
    original.symlink_to(outside, target_is_directory=outside.is_dir())
    memory = MemoryWriter()
    assert failure_lines(root, memory) == [
        f"{linked}: error: {LINK_SAID}"]
    assert [rel for rel, data in memory.files.items() if b"SECRET-MARKER" in data] == []


def test_a_photo_linked_into_content_is_said_at_its_entry(make_site: MakeSite,
                                                          tmp_path: Path) -> None:
    root = make_site()
    (root / "content/images/hero.jpg").rename(tmp_path / "hero.jpg")
    (root / "content/images/hero.jpg").symlink_to(tmp_path / "hero.jpg")
    assert failure_lines(root) == [
        "content/images/images.yaml:1:1: error: hero.jpg: photo file content/images/hero.jpg is "
        "a symbolic link, which is not allowed in content/: put a copy of the photo in its place"]


@pytest.mark.parametrize(("name", "folder"), [("linkdir", True), ("notes.md", False)])
def test_a_link_directly_in_content_is_one_error_not_a_stray(
        make_site: MakeSite, tmp_path: Path, name: str, folder: bool) -> None:
    """A link beside site.yaml was warned about as a file content/ does not read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("SECRET-MARKER\n")
    root = make_site()
    (root / "content" / name).symlink_to(outside if folder else outside / "notes.md",
                                         target_is_directory=folder)
    assert failure_lines(root) == [
        f"content/{name}: error: {LINK_SAID}"]


def test_a_file_name_with_a_line_break_is_one_error_on_one_line(make_site: MakeSite) -> None:
    root = make_site({"content/pages/two\nlines.md": "---\ntitle: Two\n---\nText.\n"})
    assert failure_lines(root) == [
        "content/pages/two\\nlines.md: error: the file's name holds a control character (such "
        "as a line break or a tab): rename it"]


@pytest.mark.parametrize("folder", ["content/pages", "content/news", "content/sites",
                                    "content/images", "templates", "static"])
def test_a_file_name_not_in_utf8_is_one_error_then_builds_once_renamed(
        make_site: MakeSite, folder: str) -> None:
    """A name saved by an old tool in Latin-1 ('caf\\xe9') stopped the build with an internal
    error: the build's records cannot hold it."""
    root = make_site()
    name = b"2020-01-01-caf\xe9.md" if folder.endswith("news") else b"caf\xe9.md"
    bad = root / folder / os.fsdecode(name)
    bad.write_text("---\ntitle: Caf\n---\nText.\n")
    shown = f"{folder}/{name.decode('latin-1').replace(chr(0xE9), chr(92) + 'xe9')}"
    assert failure_lines(root) == [
        f"{shown}: error: the file's name is not UTF-8 text: each \\x and two digits in it "
        "stands for a letter saved in another encoding; rename it"]
    bad.unlink()
    build(options(root), memory=MemoryWriter())


NOT_READ = "not a regular file, so it is not read: remove it, or put the file itself in its place"


@pytest.mark.parametrize("rel", [
    "content/pages/fifo.md", "content/sites/fifo.md", "content/news/2020-01-01-fifo.md",
    "content/stray.md", "content/site.yaml", "content/criteria.yaml", "content/partners.yaml",
    "content/images/images.yaml", "content/images/hero.jpg", "templates/404.html",
    "templates/base.html", "static/fifo.css"])
def test_a_named_pipe_is_one_error_at_its_path_and_never_opened(
        make_site: MakeSite, rel: str) -> None:
    """Reading a named pipe waits for a writer: `check` hung for ever. Where a file the
    site needs was (site.yaml, a photo a page shows, the base template), what uses it says
    nothing more."""
    root = make_site()
    (root / rel).unlink(missing_ok=True)
    os.mkfifo(root / rel)
    with deadline(60):
        assert failure_lines(root) == [f"{rel}: error: this is a named pipe (FIFO), {NOT_READ}"]
        (root / rel).unlink()  # the next build finds it gone (what needed it says so)
        try:
            build_in_memory(root)
        except BuildFailed as failed:
            assert not [d for d in failed.report.errors if "named pipe" in d.message]


@pytest.mark.parametrize("kind", ["named-pipe", "link"])
def test_what_leads_to_a_page_that_is_no_file_says_nothing_more(make_site: MakeSite,
                                                               tmp_path: Path, kind: str) -> None:
    """A page there as a named pipe or a symbolic link has its one error: the links that
    lead to it, by its file or by its address, in every language, report nothing too."""
    root = make_site({"content/pages/team.md": "---\ntitle: Team\n---\nUs.\n",
                      "content/pages/contact.md": "---\ntitle: Contact\n---\nSee [the team]"
                      "(team.md), [again](/team/) and [the news](../news/2020-01-01-x.md).\n",
                      "content/news/2020-01-01-x.md": "---\ntitle: X\n---\nNews.\n"})
    for rel in ("content/pages/team.md", "content/news/2020-01-01-x.md"):
        (root / rel).unlink()
        if kind == "named-pipe":
            os.mkfifo(root / rel)
        else:
            (tmp_path / "elsewhere.md").write_text("---\ntitle: X\n---\nX.\n")
            (root / rel).symlink_to(tmp_path / "elsewhere.md")
    said = f"this is a named pipe (FIFO), {NOT_READ}" if kind == "named-pipe" else LINK_SAID
    with deadline(60):
        assert failure_lines(root) == [f"content/news/2020-01-01-x.md: error: {said}",
                                       f"content/pages/team.md: error: {said}"]


def test_links_to_a_folder_named_like_a_page_say_there_is_no_page(make_site: MakeSite) -> None:
    """Only warned about, it publishes nothing: the links that lead there are errors, else
    a site with links leading nowhere would be published."""
    root = make_site({"content/pages/contact.md": "---\ntitle: Contact\n---\nSee "
                      "[the team](/team/).\n"})
    (root / "content/pages/team.md").mkdir()
    lines = failure_lines(root)
    assert "content/pages/team.md: warning: this is a folder named like a file, so it is not " \
           "read as one: rename it, or put the file itself in its place" in lines
    assert [line for line in lines if "link '/team/'" in line] == [
        "content/pages/contact.md:4:16: error: link '/team/': no page at /team/"]


def test_a_socket_is_one_error_at_its_path(make_site: MakeSite) -> None:
    import socket

    root = make_site()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(root / "content/pages/socket.md"))
        with deadline(60):
            assert failure_lines(root) == [
                f"content/pages/socket.md: error: this is a socket, {NOT_READ}"]


@pytest.mark.parametrize("rel", ["content/sites/dir.md", "content/pages/about.md",
                                 "content/news/2020-01-01-x.md", "content/x.yaml"])
def test_a_folder_named_like_a_content_file_is_warned_about(make_site: MakeSite,
                                                            rel: str) -> None:
    """It was passed over without a word: the site or page meant to be there was not."""
    root = make_site()
    (root / rel).mkdir()
    (root / rel / "notes.txt").write_text("notes\n")
    warnings = own([str(d) for d in build(options(root), memory=MemoryWriter()).report.items])
    assert f"{rel}: warning: this is a folder named like a file, so it is not read as one: " \
           "rename it, or put the file itself in its place" in warnings


@pytest.mark.parametrize("rel", ["content/site.yaml", "content/images/images.yaml"])
def test_a_folder_in_place_of_a_yaml_file_the_site_needs_is_one_error(make_site: MakeSite,
                                                                      rel: str) -> None:
    root = make_site()
    (root / rel).unlink()
    (root / rel).mkdir()
    assert failure_lines(root) == [
        f"{rel}: error: this is a folder named like a file, so it is not read as one: "
        "rename it, or put the file itself in its place"]


def test_template_symlink_outside_templates_is_not_loaded(make_site: MakeSite,
                                                          tmp_path: Path) -> None:
    evil = tmp_path / "evil.html"
    evil.write_text("EVIL-MARKER {{ page.title }}")
    root = make_site()
    (root / "templates/404.html").unlink()
    (root / "templates/404.html").symlink_to(evil)
    memory = MemoryWriter()
    lines = failure_lines(root, memory)
    assert len(lines) == 1 and "404.html" in lines[0] and lines[0].startswith("templates")
    assert [rel for rel, data in memory.files.items() if b"EVIL-MARKER" in data] == []


@pytest.mark.parametrize(("folder", "command"), [
    ("content", ["build"]), ("templates", ["check"]), ("static", ["build"]),
    (".aze-cache", ["build"]), ("content/sites", ["new", "site", "Foo", "--iso3", "BRA"]),
    ("content/sites", ["import", "wdkba", "sites.csv"]),
    ("templates/locales", ["new", "translation", "interface", "--lang", "de"]),
])
def test_a_project_folder_that_is_a_symbolic_link_is_refused_before_anything_is_touched(
        make_site: MakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str,
        command: list[str]) -> None:
    """A repository may hold such a link: followed, it would lead a command to read or
    write files elsewhere (a cache with the exact positions of sensitive species, say)."""
    root = make_site()
    elsewhere = tmp_path / "elsewhere"
    if (root / folder).exists():
        shutil.move(root / folder, elsewhere)
    else:
        elsewhere.mkdir()
    (root / folder).symlink_to(elsewhere)
    (root / "sites.csv").write_text("SitRecID,Country,ISO3,NatName,IntName,SitLat,SitLong\n")
    before = sorted(p.name for p in elsewhere.rglob("*"))
    assert main([*command, "--root", str(root)]) == 2
    what = "remove it (the next build makes a new one)" if folder == ".aze-cache" else \
        "put the folder itself in its place"
    assert capsys.readouterr().err == (
        f"aze-site: error: {folder}/ is a symbolic link, which aze-site does not follow (it "
        f"could lead to files outside the project): {what}\n")
    assert sorted(p.name for p in elsewhere.rglob("*")) == before
    assert not (root / "public").exists()
    if command[0] in ("build", "check"):  # the library's entry too
        with pytest.raises(UsageError):
            build(BuildOptions(root=root, jobs=1))


def test_no_cache_leaves_the_cache_as_it_was_search_index_included(make_site: MakeSite) -> None:
    """--no-cache makes its photos and its search index in a temporary folder: the kept
    index, its parts and the photos are those of the build before (only the lock file,
    which every build of the project takes, is touched)."""
    def untouched() -> dict[str, tuple[int, int]]:  # each path's inode and time
        return {p.relative_to(cache).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in sorted(cache.rglob("*")) if p.name != "build.lock"}

    root = make_site()
    cache = root / ".aze-cache"
    build_on_disk(root, wait_search=True)
    before = untouched()
    assert any(rel.startswith("search/") for rel in before)
    published = build_on_disk(root, cache=False)
    assert published.search.state == "indexed"
    assert untouched() == before


def _killed_worker(keys: list[str]) -> list[Any]:
    os.kill(os.getpid(), signal.SIGKILL)  # as the system stops a process short of memory
    return []


def test_a_worker_killed_mid_build_is_one_line_and_nothing_is_published(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    monkeypatch.setattr(aze_site.build.runner, "usable_cores", lambda: 2)  # on any machine
    monkeypatch.setattr(aze_site.engine.parallel, "_worth_forking", lambda engine, keys: True)
    monkeypatch.setattr(aze_site.engine.parallel, "_work", _killed_worker)
    assert main(["build", "--root", str(root), "--jobs", "2", "--no-search"]) == 1
    assert capsys.readouterr().err == (
        "aze-site: error: a worker process of the build ended without finishing its work (the "
        "system may have stopped it for lack of memory): try again, or with --jobs 1; nothing "
        "was published\n")
    assert not (root / "public").exists()


@pytest.mark.parametrize(("asked", "cores", "jobs"), [(1000, 2, 2), (0, 3, 3), (1, 2, 1)])
def test_jobs_past_the_cores_are_the_cores(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch,
                                           asked: int, cores: int, jobs: int) -> None:
    """`--jobs 1000` on two cores forked 999 workers, each with its copy of memory, to
    share the two: the build runs in at most as many processes as it has cores."""
    seen: list[int] = []
    from aze_site.engine import Engine as engine

    def counted(*args: Any) -> Any:
        seen.append(args[3])
        return engine(*args)

    monkeypatch.setattr(aze_site.build.runner, "usable_cores", lambda: cores)
    monkeypatch.setattr(aze_site.build.runner, "Engine", counted)
    build(BuildOptions(root=make_site(), jobs=asked, search=False))
    assert seen == [jobs]


@pytest.mark.parametrize(("text", "cores"), [
    ("200000 100000\n", 2), ("150000 100000", 2), ("50000 100000", 1), ("max 100000\n", None),
])
def test_a_containers_quota_is_its_cores(text: str, cores: int | None) -> None:
    from aze_site.workers import cores_of_quota

    assert cores_of_quota(text) == cores


def test_the_usable_cores_are_within_the_containers_quota(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aze_site.workers

    quota = tmp_path / "cpu.max"
    quota.write_text("100000 100000\n", encoding="ascii")
    monkeypatch.setattr(aze_site.workers, "CPU_MAX", str(quota))
    assert aze_site.workers.usable_cores() == 1
    quota.write_text("max 100000\n", encoding="ascii")
    assert aze_site.workers.usable_cores() == len(os.sched_getaffinity(0))
    monkeypatch.setattr(aze_site.workers, "CPU_MAX", str(tmp_path / "none"))
    monkeypatch.setattr(aze_site.workers, "CFS", str(tmp_path / "cpu.cfs_quota_us"))
    assert aze_site.workers.usable_cores() == len(os.sched_getaffinity(0))
    (tmp_path / "cpu.cfs_period_us").write_text("100000\n", encoding="ascii")
    (tmp_path / "cpu.cfs_quota_us").write_text("50000\n", encoding="ascii")  # cgroup v1
    assert aze_site.workers.usable_cores() == 1
    (tmp_path / "cpu.cfs_quota_us").write_text("-1\n", encoding="ascii")
    assert aze_site.workers.usable_cores() == len(os.sched_getaffinity(0))


# -- base URL with a path ----------------------------------------------------------------

LINK = re.compile(r'(?:href|src|action)="([^"]*)"')


def test_base_url_with_a_path_prefixes_every_internal_link(make_site: MakeSite) -> None:
    files = build_in_memory(make_site(), base_url="https://x.org/aze/")
    unprefixed = sorted({(rel, link) for rel, html in html_pages(files).items()
                         for link in LINK.findall(html)
                         if link.startswith("/") and not link.startswith(("//", "/aze/"))})
    assert unprefixed == []
    home = files["index.html"].decode()
    assert '<link rel="canonical" href="https://x.org/aze/">' in home
    locs = re.findall(r"<loc>([^<]+)</loc>", files["sitemap.xml"].decode())
    assert locs and all(loc.startswith("https://x.org/aze/") for loc in locs)
    chapada = files["sites/chapada-do-araripe/index.html"].decode()
    assert 'href="/aze/criteria/#a1e"' in chapada


# -- the home page's headline comes from pages/index.md ------------------------------------


def test_the_home_hero_takes_its_headline_from_the_home_page_file(make_site: MakeSite) -> None:
    home = "---\ntitle: Where species survive in one place\ndescription: A strap line.\n---\nText.\n"
    html = build_in_memory(make_site({"content/pages/index.md": home}))["index.html"].decode()
    assert '<h1 data-pagefind-meta="title">Where species survive in one place</h1>' in html
    assert '<p class="lede">A strap line.</p>' in html
    assert "<title>Test Alliance</title>" in html  # the browser tab keeps the site's name
    # without a description, the strap line is site.yaml's
    plain = build_in_memory(make_site(name="plain"))["index.html"].decode()
    assert '<h1 data-pagefind-meta="title">Home</h1>' in plain
    assert '<p class="lede">A small test site.</p>' in plain


def test_what_editors_tools_leave_in_static_is_not_published(make_site: MakeSite) -> None:
    """The dev server ignores these files (serve/changes.py); the build does too, so the
    preview shows what is published."""
    from conftest import files_of

    from aze_site.build.sources import skipped
    from aze_site.serve.changes import ignored

    leftovers = ["static/notes.bak", "static/site.css~", "static/lib/node_modules/a.js",
                 "static/.#draft.txt", "static/css/4913"]
    root = make_site({rel: "x" for rel in [*leftovers, "static/keep.txt"]})
    files = files_of(root)
    assert files["keep.txt"] == b"x"
    for rel in leftovers:
        assert rel.removeprefix("static/") not in files
        assert skipped(tuple(rel.split("/"))) and ignored(PurePosixPath(rel))
