"""The scan of the project's sources, made aside in a forked child or in this process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aze_site.build.sources import LINK, OUTSIDE, Scan, scan


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
    aside = Scan(root)
    assert aside.pid != 0  # a child made it
    assert aside.result() == here
    assert aside.close() == b""  # answered once, waited for once


def test_without_fork_the_scan_is_made_here(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)

    def no_fork() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    aside = Scan(root)
    assert aside.pid == 0 and not aside.running()
    assert aside.result() == scan(root)


def test_a_child_that_fails_leaves_the_scan_to_this_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    expected = scan(root)
    import aze_site.build.sources as sources

    def broken(_: Path) -> dict[str, object]:
        raise RuntimeError("the child cannot scan")

    monkeypatch.setattr(sources, "scan", broken)
    aside = Scan(root)  # the child inherits the broken scan and exits with a failure
    monkeypatch.undo()
    assert aside.result() == expected
