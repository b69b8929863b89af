"""The build cache: a rebuild does only the work its changes require, and never less.

Every test runs twice: with `build.build` (a full build from the cache) and with
`incremental.build` (what `aze-site build` runs: an update from the kept state where it
can, see incremental.py), which must give the same output.
"""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import SITE_MD, MakeSite

from aze_site.build import BuildOptions, BuildResult, build
from aze_site.errors import BuildFailed
from aze_site.legacy import incremental
from aze_site.search import job as indexer

SITE = "content/sites/chapada-do-araripe.md"
BUILDERS = {"full": build, "incremental": incremental.build}
mode = {"builder": "full"}


@pytest.fixture(autouse=True, params=sorted(BUILDERS))
def builder(request: pytest.FixtureRequest) -> str:
    mode["builder"] = request.param
    return str(request.param)


def run(root: Path, **options: object) -> BuildResult:
    result = BUILDERS[mode["builder"]](BuildOptions(root=root, jobs=1, **options))  # type: ignore[arg-type]
    assert indexer.wait(root / ".aze-cache", 120)  # the search index, when it follows
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_pages(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {k for k in before.keys() | after.keys()
            if k.endswith(".html") and before.get(k) != after.get(k)}


def clean_build(root: Path, tmp: Path) -> dict[str, bytes]:
    """The same project built from nothing, for comparison."""
    copy = tmp / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("public", ".aze-cache"))
    run(copy, cache=False)
    return snapshot(copy / "public")


def test_nothing_changed_renders_nothing(make_site: MakeSite) -> None:
    root = make_site()
    first = run(root)
    assert first.reused == 0
    second = run(root)
    assert second.unchanged and second.reused == second.pages
    os.utime(root / SITE)  # touched, not changed: checked by content, still nothing rendered
    third = run(root)
    assert not third.unchanged and third.reused == third.pages
    assert third.images_processed == 0


def test_editing_a_site_updates_every_page_that_shows_it(make_site: MakeSite,
                                                         tmp_path: Path) -> None:
    root = make_site()
    run(root)
    before = snapshot(root / "public")
    site = root / SITE
    site.write_text(site.read_text().replace("Araripe manakin", "Soldadinho-do-araripe")
                    .replace("The only home", "The last home"))
    result = run(root)
    after = snapshot(root / "public")
    changed = changed_pages(before, after)
    for page in ("sites/chapada-do-araripe/index.html", "species/antilophia-bokermanni/index.html",
                 "countries/bra/index.html", "red-list/cr/index.html", "groups/birds/index.html",
                 "sites/index.html", "species/index.html"):
        assert page in changed, page
        assert b"Soldadinho-do-araripe" in after[page]
    assert b"The last home" in after["sites/chapada-do-araripe/index.html"]
    assert "sites/xichu/index.html" not in changed  # shows nothing of Araripe
    assert result.reused > 0
    assert after == clean_build(root, tmp_path)


def test_editing_only_the_text_re_renders_only_that_page(make_site: MakeSite) -> None:
    root = make_site()
    run(root)
    before = snapshot(root / "public")
    site = root / SITE
    site.write_text(site.read_text().replace("The only home", "The one home"))
    result = run(root)
    changed = changed_pages(before, snapshot(root / "public"))
    assert changed == {"sites/chapada-do-araripe/index.html"}
    assert result.pages - result.reused == 1


def test_updated_date_reaches_the_sitemap(make_site: MakeSite) -> None:
    root = make_site()
    run(root)
    site = root / SITE
    site.write_text(site.read_text().replace("updated: 2018-11-13", "updated: 2026-11-20"))
    run(root)
    sitemap = (root / "public/sitemap.xml").read_text()
    assert "<loc>https://test.example.org/sites/chapada-do-araripe/</loc>" \
           "<lastmod>2026-11-20</lastmod>" in sitemap


def test_deleting_a_site_removes_its_pages_and_breaks_links_to_it(make_site: MakeSite) -> None:
    root = make_site({"content/pages/act.md":
                      "---\ntitle: Act\n---\n## Policy\n\nSee [Xichu](../sites/xichu.md).\n"})
    run(root)
    assert (root / "public/sites/xichu/index.html").exists()
    (root / "content/sites/xichu.md").unlink()
    with pytest.raises(BuildFailed) as failed:
        run(root)
    assert [str(d) for d in failed.value.report.errors] == [
        "content/pages/act.md:6:13: error: link '../sites/xichu.md': "
        "content/sites/xichu.md does not exist"]
    (root / "content/pages/act.md").write_text("---\ntitle: Act\n---\n## Policy\n\nText.\n")
    run(root)
    public = root / "public"
    assert not (public / "sites/xichu").exists()
    assert not (public / "species/mammillaria-marcosii").exists()
    assert not (public / "countries/mex").exists()
    assert b"xichu" not in (public / "sitemap.xml").read_bytes()


def test_renaming_a_site_moves_its_page(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    run(root)
    (root / SITE).rename(root / "content/sites/araripe.md")
    run(root)
    assert (root / "public/sites/araripe/index.html").exists()
    assert not (root / "public/sites/chapada-do-araripe").exists()
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_a_template_edit_re_renders_exactly_its_pages(make_site: MakeSite) -> None:
    root = make_site()
    run(root)
    before = snapshot(root / "public")
    template = root / "templates/species.html"
    template.write_text(template.read_text().replace("Where it survives", "Where it lives"))
    run(root)
    changed = changed_pages(before, snapshot(root / "public"))
    assert changed == {"species/antilophia-bokermanni/index.html",
                       "species/mammillaria-marcosii/index.html"}


def test_a_shared_template_edit_re_renders_every_page(make_site: MakeSite) -> None:
    root = make_site()
    first = run(root)
    base = root / "templates/base.html"
    base.write_text(base.read_text().replace("Skip to content", "Skip to the content"))
    second = run(root)
    assert second.reused == 0 and second.pages == first.pages


def test_cached_build_equals_clean_build(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    run(root)
    extra = SITE_MD.replace("Chapada do Araripe", "Second site").replace(
        "Antilophia bokermanni", "Antilophia galeata")
    (root / "content/sites/second-site.md").write_text(extra)
    run(root)
    assert snapshot(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_a_damaged_or_foreign_cache_is_rebuilt(make_site: MakeSite, tmp_path: Path,
                                               damage: str, builder: str) -> None:
    root = make_site()
    run(root)
    cache = root / ".aze-cache/build.pickle"
    if damage == "truncate":
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    elif damage == "garbage":
        cache.write_bytes(b"not a pickle at all")
    else:
        data = pickle.loads(cache.read_bytes())
        data.version = "another aze-site"
        cache.write_bytes(pickle.dumps(data))
    shutil.rmtree(root / ".aze-cache/state", ignore_errors=True)  # see the test below
    os.utime(root / SITE)  # a source is touched, so the build cannot say "up to date"
    result = run(root)
    assert result.reused == 0
    assert any("build cache" in d.message for d in result.report.warnings)
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_no_cache_ignores_and_keeps_the_cache(make_site: MakeSite) -> None:
    root = make_site()
    run(root)
    cache = root / ".aze-cache/build.pickle"
    kept = cache.read_bytes()
    result = run(root, cache=False)
    assert result.reused == 0 and result.images_processed == result.images
    assert cache.read_bytes() == kept


def test_output_edited_by_hand_is_not_reused(make_site: MakeSite, builder: str) -> None:
    if builder == "incremental":
        pytest.skip("an update trusts public/ to be as the last build left it (README)")
    root = make_site()
    run(root)
    page = root / "public/sites/xichu/index.html"
    good = page.read_bytes()
    page.write_bytes(b"tampered")
    os.utime(root / SITE)  # any change to the sources makes the build look at its output
    run(root)
    assert page.read_bytes() == good


def test_check_writes_nothing(make_site: MakeSite) -> None:
    root = make_site()
    build(BuildOptions(root=root, jobs=1, dry_run=True))
    assert not (root / "public").exists()
    assert not (root / ".aze-cache").exists()


@pytest.mark.parametrize("damage", ["truncate-pickle", "garbage-pickle", "truncate-db",
                                    "garbage-db", "old-generation", "foreign"])
def test_a_damaged_kept_state_means_a_full_build(make_site: MakeSite, tmp_path: Path,
                                                 damage: str, builder: str) -> None:
    if builder == "full":
        pytest.skip("the kept state is incremental.build's")
    root = make_site()
    run(root)
    folder = root / ".aze-cache/state"
    kept, db = folder / "state.pickle", folder / "entries.sqlite"
    if damage == "old-generation":
        old = kept.read_bytes()
        (root / "content/sites/xichu.md").write_text(
            (root / "content/sites/xichu.md").read_text().replace("Xichu", "Xichú"))
        assert run(root).how == "update"
        kept.write_bytes(old)  # a killed update: the database is newer than the pickle
    else:
        target = kept if damage.endswith("pickle") else db
        if damage.startswith("truncate"):
            target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
        elif damage.startswith("garbage"):
            target.write_bytes(b"not what it should be" * 100)
        else:
            data = pickle.loads(kept.read_bytes())
            data.version = "another aze-site"
            kept.write_bytes(pickle.dumps(data))
    site = root / SITE
    site.write_text(site.read_text().replace("area_km2: 28", "area_km2: 29"))  # front matter
    result = run(root)
    assert result.how == "full build"
    assert snapshot(root / "public") == clean_build(root, tmp_path)
    site.write_text(site.read_text() + "\nA second paragraph.\n")
    assert run(root).how == "text edit"  # the next one resumes again
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_a_text_edit_is_spliced_and_equals_a_clean_build(make_site: MakeSite, tmp_path: Path,
                                                         builder: str) -> None:
    root = make_site()
    run(root)
    site = root / SITE
    site.write_text(site.read_text() + "\nA new paragraph, *with* a [link](../pages/criteria.md#a1e).\n")
    result = run(root)
    assert result.how == ("text edit" if builder == "incremental" else "full build")
    assert result.pages - result.reused == 1
    assert snapshot(root / "public") == clean_build(root, tmp_path)  # search index included
    fragments = (root / "public/pagefind/fragment").iterdir()
    assert any(b"A new paragraph" in gzip.decompress(p.read_bytes()) for p in fragments)
    assert run(root).unchanged


def test_a_text_edit_with_a_broken_link_publishes_nothing(make_site: MakeSite,
                                                          tmp_path: Path) -> None:
    root = make_site()
    run(root)
    before = snapshot(root / "public")
    site = root / SITE
    good = site.read_text()
    site.write_text(good + "\nSee [the anchor](xichu.md#nowhere).\n")
    with pytest.raises(BuildFailed) as failed:
        run(root)
    assert [d.message for d in failed.value.report.errors] == [
        "link 'xichu.md#nowhere': no anchor #nowhere on /sites/xichu/"]
    assert snapshot(root / "public") == before
    site.write_text(good + "\nSee [Xichu](xichu.md).\n")
    run(root)
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_templates_that_transform_a_body_are_not_spliced(make_site: MakeSite, tmp_path: Path,
                                                        builder: str) -> None:
    root = make_site()
    template = root / "templates/site.html"
    template.write_text(template.read_text().replace(
        "{{ rendered(doc) }}", "{{ rendered(doc) }}<p>{{ rendered(doc)|striptags|wordcount }} words</p>"))
    run(root)
    site = root / SITE
    site.write_text(site.read_text() + "\nFour more words here.\n")
    result = run(root)
    assert result.how == ("update" if builder == "incremental" else "full build")
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_wait_for_search_indexes_before_returning(make_site: MakeSite, tmp_path: Path,
                                                  builder: str) -> None:
    if builder == "full":
        pytest.skip("a full build always indexes before publishing")
    root = make_site()
    run(root)
    site = root / SITE
    site.write_text(site.read_text() + "\nWaited for.\n")
    result = incremental.build(BuildOptions(root=root, jobs=1, wait_search=True))
    assert result.how == "text edit" and result.search.state == "indexed"
    assert indexer.running(root / ".aze-cache") is None
    assert snapshot(root / "public") == clean_build(root, tmp_path)


def test_a_stylesheet_edit_gives_every_page_its_new_version(make_site: MakeSite,
                                                            tmp_path: Path) -> None:
    root = make_site()
    run(root)
    css = next((root / "static").rglob("*.css"))
    css.write_text(css.read_text() + "\n/* edited */\n")
    result = run(root)
    assert result.how == "full build" and result.reused == 0
    assert snapshot(root / "public") == clean_build(root, tmp_path)
