"""The scan of the project's sources, made aside in a forked child or in this process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from aze_site.build.sources import Diff, Scan, Sources, compare, scan
from aze_site.engine import FileSig
from aze_site.files import (
    DANGLING,
    FIFO,
    FOLDER,
    LINK,
    LINKED,
    LINKED_FOLDER,
    OUTSIDE,
    NotAFile,
    read_file,
)


def _project(root: Path) -> Path:
    for rel in ("content/sites/a.md", "content/pages/deep/b.md", "templates/base.html",
                "static/css/site.css"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    (root / "content/sites/link.md").symlink_to(root / "content/sites/a.md")
    (root / "static/out.css").symlink_to(root / "content/sites/a.md")
    return root


def test_a_scan_made_aside_finds_what_one_made_here_finds(tmp_path: Path) -> None:
    root = _project(tmp_path)
    here = scan(root)
    assert here["content/pages/deep/b.md"].size == len("content/pages/deep/b.md")
    assert here["content/sites/link.md"].flag == LINK
    assert here["static/out.css"].flag == OUTSIDE
    aside = Scan(root, {})
    assert aside.pid != 0  # a child made it
    assert aside.result() == compare({}, here) == Diff(here, frozenset())
    assert aside.close() == b""  # answered once, waited for once


def test_a_link_in_static_is_said_for_what_it_leads_to(tmp_path: Path) -> None:
    """A link to a named pipe, a folder or nothing inside static/ was said to point
    outside static/, which it does not: the editor looked for the wrong mistake."""
    root = _project(tmp_path)
    static = root / "static"
    os.mkfifo(static / "pipe")
    (static / "folder").mkdir()
    for name, target in (("to-pipe.css", "pipe"), ("to-folder", "folder"),
                         ("to-nothing.css", "gone.css"), ("to-file.css", "css/site.css")):
        (static / name).symlink_to(target)
    found = scan(root)
    assert {rel: found[f"static/{rel}"].flag for rel in
            ("to-pipe.css", "to-folder", "to-nothing.css", "to-file.css", "out.css")} == {
        "to-pipe.css": FIFO, "to-folder": LINKED_FOLDER, "to-nothing.css": DANGLING,
        "to-file.css": "", "out.css": OUTSIDE}


def test_without_fork_the_scan_is_made_here(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)

    def no_fork() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    aside = Scan(root, {})
    assert aside.pid == 0 and not aside.running()
    assert aside.result() == compare({}, scan(root))


def test_a_child_that_fails_leaves_the_scan_to_this_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    expected = scan(root)
    import aze_site.build.sources as sources

    def broken(_: Path) -> dict[str, object]:
        raise RuntimeError("the child cannot scan")

    monkeypatch.setattr(sources, "scan", broken)
    aside = Scan(root, {})  # the child inherits the broken scan and exits with a failure
    monkeypatch.undo()
    assert aside.result() == compare({}, expected)


def _known(root: Path) -> dict[str, FileSig]:
    """What a store would remember of the project as it is now."""
    whole = Sources(root, {})
    whole.changed()
    return {rel: sig for rel, sig in whole.signatures().items() if sig is not None}


def test_a_scan_aside_sends_only_what_differs_from_what_the_store_knows(tmp_path: Path) -> None:
    root = _project(tmp_path)
    known = _known(root)
    (root / "content/sites/a.md").write_text("changed, and longer", encoding="utf-8")
    (root / "content/pages/new.md").write_text("new", encoding="utf-8")
    (root / "templates/base.html").unlink()
    diff = Scan(root, known).result()
    assert diff == compare(known, scan(root))
    # the two links are always looked at again; unchanged files are not sent
    assert set(diff.found) == {"content/sites/a.md", "content/pages/new.md",
                               "content/sites/link.md", "static/out.css"}
    assert diff.gone == {"templates/base.html"}


def test_sources_from_a_diff_answer_as_from_a_whole_scan(tmp_path: Path) -> None:
    root = _project(tmp_path)
    known = _known(root)
    (root / "content/sites/a.md").write_text("changed, and longer", encoding="utf-8")
    (root / "content/sites/b.md").write_text("new", encoding="utf-8")
    (root / "content/pages/deep/b.md").unlink()
    from_diff = Sources(root, known, Scan(root, known).result())
    from_nothing = Sources(root, {})
    for folder in ("content/sites", "content/pages", "templates", "static"):
        assert from_diff.listing(folder) == from_nothing.listing(folder)
    for rel in [*scan(root), "content/pages/deep/b.md", "templates/missing.html"]:
        assert from_diff.file(rel) == from_nothing.file(rel), rel
    files, folders = from_diff.changed()
    # a link out of static/ is always looked at again; one in content/ is LINKED until it
    # is something else, whatever it leads to
    assert files == {"content/sites/a.md", "content/sites/b.md", "content/pages/deep/b.md",
                     "static/out.css"}
    assert from_diff.file("content/sites/link.md") == LINKED
    assert folders == {"content/sites", "content/pages", "static"}
    signatures = from_diff.signatures()
    assert signatures["content/pages/deep/b.md"] is None
    assert signatures["content/sites/b.md"] is not None
    assert "templates/base.html" not in signatures  # unchanged: the store keeps it as it is


def test_an_edit_that_keeps_size_inode_and_modification_time_is_seen(tmp_path: Path) -> None:
    """`touch -d`, `cp -p` and `rsync -t --inplace` put an old modification time back; the
    status-change time they cannot set tells the scan the file changed."""
    root = _project(tmp_path)
    path = root / "content/sites/a.md"
    before = path.stat()
    known = _known(root)
    time.sleep(0.05)  # file times come from a clock of a few milliseconds' steps
    with open(path, "r+", encoding="utf-8") as handle:  # the same inode, the same size
        handle.write("CONTENT")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_ino, after.st_mtime_ns) == \
        (before.st_size, before.st_ino, before.st_mtime_ns)
    files, _ = Sources(root, known, Scan(root, known).result()).changed()
    assert "content/sites/a.md" in files


def test_what_is_not_a_file_is_flagged_and_never_opened(tmp_path: Path) -> None:
    """A named pipe would make a read wait for a writer; a folder of content/ named like a
    file (sites/x.md/) is flagged beside the files in it, which are scanned as any."""
    root = _project(tmp_path)
    for rel in ("content/pages/fifo.md", "templates/fifo.html", "static/fifo.css"):
        os.mkfifo(root / rel)
    (root / "content/sites/dir.md").mkdir()
    (root / "content/sites/dir.md/c.md").write_text("c")
    (root / "static/dir.md").mkdir()  # only content/ is read by name
    found = scan(root)
    assert {rel: f.flag for rel, f in found.items() if f.flag not in ("", LINK, OUTSIDE)} == {
        "content/pages/fifo.md": FIFO, "templates/fifo.html": FIFO, "static/fifo.css": FIFO,
        "content/sites/dir.md": FOLDER}
    assert found["content/sites/dir.md/c.md"].flag == ""
    sources = Sources(root, {})
    assert sources.file("content/pages/fifo.md") is None
    assert sources.listing("content/pages")[-1] == ("content/pages/fifo.md", FIFO)
    with pytest.raises(NotAFile):
        read_file(root / "static/fifo.css")
