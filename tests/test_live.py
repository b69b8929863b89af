"""The dev server's incremental builder: after any sequence of edits its output is the
output of a full build of the same sources, byte for byte, and it did only the work
the edit needed."""

from __future__ import annotations

import gzip
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aze_site.build import BuildOptions, build
from aze_site.legacy.live import LiveBuilder
from aze_site.serve.server import Changes, Outcome

REPO = Path(__file__).resolve().parents[1]
SKIP = ("pagefind/",)  # the dev server leaves the search index as it was


def snapshot(folder: Path) -> dict[str, bytes]:
    return {rel: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(folder).as_posix()).startswith(SKIP)}


class Project:
    """A copy of the shipped site, served by a LiveBuilder, and a twin built in full."""

    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "live"
        self.twin = tmp / "twin"
        for folder in ("content", "templates", "static"):
            shutil.copytree(REPO / folder, self.root / folder)
        self.out = self.root / ".aze-cache/serve/public"
        self.builder = LiveBuilder(self.root, self.out, jobs=1)
        first = self.builder.build_all()
        assert first.ok, first.diagnostics

    def edit(self, rel: str, change: Callable[[str], str] | None) -> Outcome:
        """Change (None: delete) one source file and hand the change to the builder."""
        path = self.root / rel
        existed = path.exists()
        if change is None:
            path.unlink()
        else:
            path.write_text(change(path.read_text(encoding="utf-8") if existed else ""),
                            encoding="utf-8")
        if rel.startswith("static/"):
            changes = Changes(static=frozenset({rel}))
        elif change is None:
            changes = Changes(content_deleted=frozenset({rel}))
        else:
            changes = Changes(**{"content_modified" if existed else "content_added": frozenset({rel})})
        return self.builder.update(changes)

    def full_build(self) -> dict[str, bytes]:
        shutil.rmtree(self.twin / "content", ignore_errors=True)
        for folder in ("content", "templates", "static"):
            shutil.copytree(self.root / folder, self.twin / folder, dirs_exist_ok=True)
        build(BuildOptions(root=self.twin, jobs=1, drafts=True, search=False))
        return snapshot(self.twin / "public")

    def assert_same_as_full_build(self) -> None:
        live, full = snapshot(self.out), self.full_build()
        assert sorted(live) == sorted(full)
        differ = [rel for rel in full if live[rel] != full[rel]]
        assert differ == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    made = Project(tmp_path_factory.mktemp("live"))
    yield made
    made.builder.close()


SITE = "content/sites/chapada-do-araripe.md"
OTHER = "content/sites/bale-mountains.md"


def test_a_body_edit_rewrites_that_page_only(project: Project) -> None:
    outcome = project.edit(SITE, lambda t: t + "\nA paragraph added in the editor.\n")
    assert outcome.ok
    assert outcome.changed == {"sites/chapada-do-araripe/index.html"}
    assert "A paragraph added in the editor." in (
        project.out / "sites/chapada-do-araripe/index.html").read_text()
    project.assert_same_as_full_build()


def test_a_renamed_site_updates_every_listing(project: Project) -> None:
    outcome = project.edit(SITE, lambda t: t.replace("name: Chapada do Araripe",
                                                     "name: Araripe Plateau", 1))
    assert outcome.ok
    assert {"sites/index.html", "countries/bra/index.html", "data/sites.csv"} <= outcome.changed
    assert any(p.startswith("species/") for p in outcome.changed)
    project.assert_same_as_full_build()


def test_a_site_moved_to_another_country(project: Project) -> None:
    outcome = project.edit(OTHER, lambda t: t.replace("iso3: ETH", "iso3: KEN", 1))
    assert outcome.ok, outcome.diagnostics
    assert "countries/ken/index.html" in outcome.changed
    project.assert_same_as_full_build()


def test_a_new_site_and_a_deleted_one(project: Project) -> None:
    source = (project.root / SITE).read_text(encoding="utf-8")
    new = "content/sites/serra-nova.md"
    outcome = project.edit(new, lambda _: source.replace("name: Araripe Plateau", "name: Serra Nova")
                           .replace("Antilophia bokermanni", "Antilophia novaensis"))
    assert outcome.ok, outcome.diagnostics
    assert "sites/serra-nova/index.html" in outcome.changed
    project.assert_same_as_full_build()
    outcome = project.edit(new, None)
    assert outcome.ok
    assert not (project.out / "sites/serra-nova").exists()
    project.assert_same_as_full_build()


def test_news_and_pages(project: Project) -> None:
    outcome = project.edit("content/news/2026-11-20-a-new-post.md",
                           lambda _: "---\ntitle: A new post\n---\nNews of the day.\n")
    assert outcome.ok, outcome.diagnostics
    assert {"news/index.html", "index.html", "feed.xml"} <= outcome.changed
    project.assert_same_as_full_build()
    about = next(p for p in (project.root / "content/pages").rglob("*.md") if p.stem == "about")
    outcome = project.edit(about.relative_to(project.root).as_posix(),
                           lambda t: t.replace("title: ", "title: All ", 1))
    assert outcome.ok, outcome.diagnostics
    project.assert_same_as_full_build()


def test_a_broken_file_keeps_the_last_good_site_until_fixed(project: Project) -> None:
    before = snapshot(project.out)
    good = (project.root / SITE).read_text(encoding="utf-8")
    broken = project.edit(SITE, lambda t: t.replace("iso3: BRA", "iso3: [BRA", 1))
    assert not broken.ok
    assert any(d.path == SITE and d.level == "error" for d in broken.diagnostics)
    assert snapshot(project.out) == before
    # Another edit while it is broken: still broken, still nothing written.
    still = project.edit(OTHER, lambda t: t + "\nMore text.\n")
    assert not still.ok and snapshot(project.out) == before
    fixed = project.edit(SITE, lambda _: good)
    assert fixed.ok, fixed.diagnostics
    assert "sites/bale-mountains/index.html" in fixed.changed
    project.assert_same_as_full_build()


def test_a_link_to_a_deleted_site_is_an_error(project: Project) -> None:
    linking = project.edit(OTHER, lambda t: t + "\nSee [Araripe](chapada-do-araripe.md).\n")
    assert linking.ok, linking.diagnostics
    good = (project.root / SITE).read_text(encoding="utf-8")
    gone = project.edit(SITE, None)
    assert not gone.ok
    assert any(d.path == OTHER and "chapada-do-araripe.md" in d.message for d in gone.diagnostics)
    back = project.edit(SITE, lambda _: good)
    assert back.ok, back.diagnostics
    project.assert_same_as_full_build()


def test_a_stylesheet_edit_copies_the_stylesheet_only(project: Project) -> None:
    outcome = project.edit("static/css/site.css", lambda t: t + "\n.live-test { color: red; }\n")
    assert outcome.ok
    assert outcome.changed == {"css/site.css"}


def test_served_pages_link_to_the_server_whatever_the_base_url(tmp_path: Path) -> None:
    root = tmp_path / "site"
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    config = root / "content/site.yaml"
    text = config.read_text(encoding="utf-8")
    base = next(line for line in text.splitlines() if line.startswith("base_url:"))
    config.write_text(text.replace(base, "base_url: https://example.org/aze/"), encoding="utf-8")
    builder = LiveBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    builder.base_url = "http://127.0.0.1:8123/"
    assert builder.build_all().ok
    home = (root / ".aze-cache/serve/public/index.html").read_text(encoding="utf-8")
    assert 'href="/sites/"' in home and "/aze/" not in home
    builder.close()


def test_the_search_index_follows_in_the_background(project: Project,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project.builder.search, "QUIET", 0.1)
    entry = project.out / "pagefind/pagefind-entry.json"
    before = entry.stat().st_ino
    outcome = project.edit(OTHER, lambda t: t.replace("name: Bale Mountains", "name: Bale Highlands", 1))
    assert outcome.ok, outcome.diagnostics
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not entry.exists() or entry.stat().st_ino == before):
        time.sleep(0.2)
    assert entry.stat().st_ino != before
    fragments = project.out / "pagefind/fragment"
    assert any(b"Bale Highlands" in gzip.decompress(p.read_bytes()) for p in fragments.iterdir())
