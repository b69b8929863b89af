"""`aze-site serve`: change classification, path safety, what each rebuild tells the pages
(with a stub builder, no sockets), then the HTTP side on loopback and a clean exit."""

from __future__ import annotations

import http.client
import json
import mimetypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import MakeSite, deadline

from aze_site.build import BuildOptions, build
from aze_site.cli import main
from aze_site.errors import Diagnostic, UsageError
from aze_site.serve.builder import SiteBuilder, draft_addresses
from aze_site.serve.changes import ADDED, DELETED, MODIFIED, Changes, Outcome, classify
from aze_site.serve.http import (
    MISSING_TAG,
    SCRIPT_TAG,
    Event,
    Hub,
    LiveServer,
    content_type,
    host_allowed,
    inject_live_script,
    lookup,
    prepare_body,
    resolve_request,
)
from aze_site.serve.server import DevServer, Dispatcher, event_for, site_title
from aze_site.serve.watch import Watcher, expand_folders, folder_ids

ROOT = Path("/project")


def raw(*events: tuple[int, str]) -> list[tuple[int, str]]:
    return [(kind, str(ROOT / rel)) for kind, rel in events]


# -- classify ---------------------------------------------------------------------------


def test_classify_sorts_each_kind_of_source() -> None:
    changes = classify(ROOT, raw(
        (MODIFIED, "content/sites/a.md"), (ADDED, "content/news/2020-01-01-b.md"),
        (DELETED, "content/pages/c.md"), (MODIFIED, "templates/site.html"),
        (ADDED, "static/css/site.css"), (MODIFIED, "content/images/images.yaml"),
    ))
    assert changes == Changes(
        content_added=frozenset({"content/news/2020-01-01-b.md"}),
        content_modified=frozenset({"content/sites/a.md", "content/images/images.yaml"}),
        content_deleted=frozenset({"content/pages/c.md"}),
        templates=frozenset({"templates/site.html"}),
        static=frozenset({"static/css/site.css"}),
    )
    assert not changes.config


def test_site_yaml_is_config() -> None:
    changes = classify(ROOT, raw((MODIFIED, "content/site.yaml")))
    assert changes == Changes(config=True)
    assert changes and changes.paths() == ["content/site.yaml"]


@pytest.mark.parametrize("rel", [
    "content/sites/.a.md.swp", "content/sites/a.md.swx", "content/sites/a.md~", "content/sites/.#a.md",
    "content/sites/4913", "content/sites/#a.md#", "templates/site.html___jb_tmp___",
    "static/css/.goutputstream-XYZ1", ".git/index", "content/.git/HEAD", ".aze-cache/serve/public/index.html",
    "public/index.html", "README.md", "src/aze_site/build.py", "../elsewhere/content/a.md",
])
def test_classify_ignores_temp_files_and_other_folders(rel: str) -> None:
    assert not classify(ROOT, raw((MODIFIED, rel), (ADDED, rel), (DELETED, rel)))


def test_a_source_folder_that_went_or_came_back_is_a_change() -> None:
    assert not classify(ROOT, raw((MODIFIED, "content")))  # a file in it changed: that file says so
    assert classify(ROOT, raw((DELETED, "templates"))).templates == {"templates"}
    assert classify(ROOT, raw((ADDED, "static"))).static == {"static"}
    assert classify(ROOT, raw((DELETED, "content")), exists=lambda _: False).content_deleted == \
        {"content"}


@pytest.mark.parametrize("name", [
    ".#a.md", "~$partners.yaml", "a.md.tmp", "~WRL0001.TMP", "a.md.bak", ".a.md.swp", "a.md~",
    "4913", "a.md.kate-swp", ".a.md.kate-swp", ".goutputstream-K3ZL2Y", "site.html___jb_tmp___",
    "site.css.crswap", ".~lock.partners.yaml#", "sedX1b2C3",
])
@pytest.mark.parametrize("folder", ["content/sites", "content/images", "templates", "static/css"])
def test_editors_temporary_files_are_ignored(folder: str, name: str) -> None:
    assert not classify(ROOT, raw((ADDED, f"{folder}/{name}"), (MODIFIED, f"{folder}/{name}"),
                                  (DELETED, f"{folder}/{name}")))


@pytest.mark.parametrize("name", ["sediment.md", "bak.md", "tmp.md", "4913.md", "lock.md",
                                  "backup-2024.md", "a.tmp.md"])
def test_files_that_only_look_temporary_are_not_ignored(name: str) -> None:
    assert classify(ROOT, raw((MODIFIED, f"content/sites/{name}"))).content_modified == \
        {f"content/sites/{name}"}


@pytest.mark.parametrize(("site_yaml", "greeting"), [
    ("title: Alliance for Zero Extinction\n", "Alliance for Zero Extinction"),
    ("title: '  Two\n  lines\t'\nbase_url: x\n", "Two lines"),
    ("title: \"Bell\\a and escape\\e[31m\"\n", "Bell? and escape?[31m"),
    ("title: ''\n", "my-project"),
    ("title: [not, text]\n", "my-project"),
    ("title: !!python/object/apply:os.system [echo hi]\n", "my-project"),
    ("title: [unclosed\n", "my-project"),
    ("- a list\n", "my-project"),
    (None, "my-project"),
])
def test_serve_greets_with_the_sites_title(tmp_path: Path, site_yaml: str | None, greeting: str) -> None:
    root = tmp_path / "my-project"
    (root / "content").mkdir(parents=True)
    if site_yaml is not None:
        (root / "content/site.yaml").write_text(site_yaml, encoding="utf-8")
    assert site_title(root) == greeting


def test_a_burst_with_several_events_for_one_file_settles_on_its_final_state() -> None:
    events = raw((DELETED, "content/sites/a.md"), (ADDED, "content/sites/a.md"))  # a save-as
    assert classify(ROOT, events, exists=lambda p: True).content_added == {"content/sites/a.md"}
    gone = classify(ROOT, events, exists=lambda p: False)
    assert gone.content_deleted == {"content/sites/a.md"} and not gone.content_added
    assert classify(ROOT, raw((ADDED, "content/sites/b.md"), (MODIFIED, "content/sites/b.md"))) \
        == Changes(content_added=frozenset({"content/sites/b.md"}))


# -- resolve_request --------------------------------------------------------------------


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A built-looking output folder, with secrets beside it and links out of it."""
    out = tmp_path / "srv" / "public"
    for rel, text in {"index.html": "<html><body>home</body></html>", "404.html": "<p>lost</p>",
                      "sites/index.html": "sites", "css/site.css": "body{}", "etc/passwd": "inside",
                      "%2e%2e/secret": "a folder really named %2e%2e", "empty/.keep": ""}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    (tmp_path / "srv" / "secret").write_text("SECRET")
    (out / "link-out").symlink_to(tmp_path / "srv" / "secret")
    (out / "dir-out").symlink_to(tmp_path / "srv", target_is_directory=True)
    (out / "link-in").symlink_to(out / "css" / "site.css")
    return out


@pytest.mark.parametrize("url,expected", [
    ("/", "index.html"), ("/index.html", "index.html"), ("/sites/", "sites/index.html"),
    ("/sites", "sites/index.html"), ("/css/site.css?v=0123456789", "css/site.css"),
    ("/css/site.css#top", "css/site.css"), ("/./css//site.css", "css/site.css"),
    ("/etc/passwd", "etc/passwd"), ("//etc/passwd", "etc/passwd"), ("/link-in", "css/site.css"),
    ("/%252e%252e/secret", "%2e%2e/secret"),  # decoded once: a literal name, inside the output
])
def test_resolve_request_finds_files_inside_the_output(out: Path, url: str, expected: str) -> None:
    assert resolve_request(out, url) == (out / expected).resolve()


@pytest.mark.parametrize("url", [
    "/../secret", "/../../etc/passwd", "/%2e%2e/secret", "/%2E%2E/secret", "/sites/%2e%2e/%2e%2e/secret",
    "/.%2e/secret", "/%2e%2e%2fsecret", "/..%5csecret", "/..\\secret", "/%5c..%5csecret",
    "/index.html%00.css", "/C:/Windows/win.ini", "/c:%5cwindows", "/link-out", "/dir-out/secret",
    "/%ff", "relative/path", "/empty/", "/empty", "/missing",
    "/%252e%252e/missing", "/index.html/", "/sites/index.html/", "/css/site.css/",
])
def test_resolve_request_refuses_everything_else(out: Path, url: str) -> None:
    assert resolve_request(out, url) is None


def test_a_folder_without_its_slash_is_redirected(out: Path) -> None:
    assert lookup(out, "/sites").redirect == "/sites/"
    assert lookup(out, "/sites?q=frog&page=2#top").redirect == "/sites/?q=frog&page=2"
    assert lookup(out, "/sites/").redirect is None
    assert lookup(out, "//sites").redirect == "/sites/"  # never '//sites/', another host


@pytest.mark.parametrize("name,expected", [
    ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("a.js", "text/javascript; charset=utf-8"), ("a.svg", "image/svg+xml"), ("a.avif", "image/avif"),
    ("a.webp", "image/webp"), ("feed.xml", "application/xml"), ("a.json", "application/json"),
    ("sites.geojson", "application/geo+json"), ("a.woff2", "font/woff2"), ("a.JPG", "image/jpeg"),
    ("a.unknown-thing", "application/octet-stream"),
])
def test_content_types(name: str, expected: str) -> None:
    assert content_type(name) == expected


def test_only_html_gets_the_live_script() -> None:
    html = b"<html><body><p>x</p></body></html>"
    assert prepare_body("text/html; charset=utf-8", html) == \
        b"<html><body><p>x</p>" + SCRIPT_TAG + b"</body></html>"
    for ctype in ("text/css; charset=utf-8", "application/json", "application/xml", "image/svg+xml"):
        assert prepare_body(ctype, html) == html
    assert inject_live_script(b"<P>fragment") == b"<P>fragment" + SCRIPT_TAG
    assert inject_live_script(b"<BODY>a</BODY></HTML>") == b"<BODY>a" + SCRIPT_TAG + b"</BODY></HTML>"


# -- the dispatcher, with a stub builder ------------------------------------------------


@dataclass
class StubBuilder:
    """Records what the server asked for and answers with scripted outcomes."""

    out: Path
    script: list[Outcome]
    calls: list[object] = field(default_factory=list)

    def build_all(self) -> Outcome:
        self.calls.append("build_all")
        return self._next()

    def update(self, changes: Changes) -> Outcome:
        self.calls.append(changes)
        return self._next()

    def close(self) -> None:
        self.calls.append("close")

    def _next(self) -> Outcome:
        outcome = self.script.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


BROKEN = (Diagnostic("content/sites/a.md", 2, 7, "error", "YAML syntax error: unclosed"),
          Diagnostic("templates/site.html", 9, 0, "error", "'x' is undefined"),
          Diagnostic("content/sites/b.md", 4, 0, "warning", "photo without licence"))
CONTENT = Changes(content_modified=frozenset({"content/sites/a.md"}))


def ok(*changed: str, seconds: float = 0.12) -> Outcome:
    return Outcome(True, (), frozenset(changed), seconds)


def dispatcher(script: list[Any], tmp_path: Path) -> tuple[Dispatcher, StubBuilder, list[Event], list[str]]:
    builder = StubBuilder(tmp_path, script)
    events: list[Event] = []
    lines: list[str] = []
    return Dispatcher(builder, events.append, tmp_path, lines.append, lines.append), builder, events, lines


def test_each_outcome_sends_the_least_the_pages_need(tmp_path: Path) -> None:
    d, builder, events, lines = dispatcher([
        ok("index.html", "css/site.css", seconds=1.5),
        ok("css/site.css"),
        ok("sites/a/index.html", "sites/index.html", "sitemap.xml"),
        Outcome(False, BROKEN, frozenset()),
        ok(),  # fixed, and the output is as it was before the error
        ok(),  # saved without a change
    ], tmp_path)
    d.first_build()
    d.apply(Changes(static=frozenset({"static/css/site.css"})))
    d.apply(CONTENT)
    d.apply(CONTENT)
    assert d.status()["ok"] is False
    d.apply(CONTENT)
    d.apply(CONTENT)
    assert [(e.name, e.data.get("build")) for e in events] == \
        [("reload", 1), ("css", 2), ("reload", 3), ("error", 4), ("reload", 5)]
    assert events[1].data["files"] == ["css/site.css"]
    assert events[3].data["diagnostics"] == [str(x) for x in BROKEN]
    assert events[3].data["errors"] == 2
    assert d.status() == {"boot": d.boot, "build": 6, "ok": True, "served": False,
                          "diagnostics": [], "warnings": [], "drafts": {}}
    assert builder.calls == ["build_all", *[builder.calls[1]], CONTENT, CONTENT, CONTENT, CONTENT]
    assert "built in 1.50 s" in lines
    assert "rebuilt in 0.12 s: 3 files changed" in lines
    failed = lines.index("content/sites/a.md:2:7: error: YAML syntax error: unclosed")
    assert lines[failed:failed + 4] == [str(x) for x in BROKEN] + \
        ["build failed: 2 errors; the browser shows what to fix"]


def test_a_warning_mended_is_said_gone(tmp_path: Path) -> None:
    """A new warning is printed once; one that goes is counted on the rebuild's line, so
    the terminal does not leave it standing as if it were still there."""
    one, two = (Diagnostic("content/sites/b.md", 4, 0, "warning", "photo without licence"),
                Diagnostic("content/sites/c.md", 2, 0, "warning", "no description"))
    d, _, _, lines = dispatcher([
        Outcome(True, (one, two), frozenset({"index.html"})),
        Outcome(True, (two,), frozenset({"sites/b/index.html"})),
        Outcome(True, (two,), frozenset()),
        Outcome(True, (), frozenset({"sites/c/index.html"})),
    ], tmp_path)
    d.first_build()
    for _ in range(3):
        d.apply(CONTENT)
    assert [line for line in lines if not line.startswith("changed:")] == [
        str(one), str(two), "built in 0.00 s",
        "rebuilt in 0.00 s: 1 file changed; 1 warning gone, 1 left",
        "rebuilt in 0.00 s: 0 files changed",
        "rebuilt in 0.00 s: 1 file changed; 1 warning gone, none left"]


def test_a_warning_that_only_moved_is_not_said_gone(tmp_path: Path) -> None:
    """A line written above a warning's moves it: printed again where it now is, but
    not mended."""
    at4, at6 = (Diagnostic("content/sites/b.md", line, 0, "warning", "photo without licence")
                for line in (4, 6))
    d, _, _, lines = dispatcher([
        Outcome(True, (at4,), frozenset({"index.html"})),
        Outcome(True, (at6,), frozenset({"sites/b/index.html"})),
    ], tmp_path)
    d.first_build()
    d.apply(CONTENT)
    assert [line for line in lines if not line.startswith("changed:")] == [
        str(at4), "built in 0.00 s", str(at6), "rebuilt in 0.00 s: 1 file changed"]


def test_a_failed_build_reports_every_diagnostic_in_status(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("last good site")
    d, _, events, lines = dispatcher([ok("index.html"), Outcome(False, BROKEN, frozenset())], tmp_path)
    d.first_build()
    d.apply(CONTENT)
    assert d.status()["diagnostics"] == [str(x) for x in BROKEN]
    assert lines[-1] == "build failed: 2 errors; still serving the last good site"
    assert events[-1].name == "error"
    assert events[-1].data["served"] is True and d.status()["served"] is True


def test_a_first_build_that_fails_says_no_site_is_served(tmp_path: Path) -> None:
    """The overlay then says there is no last version to show, as the terminal does."""
    d, _, events, lines = dispatcher([Outcome(False, BROKEN, frozenset())], tmp_path)
    d.first_build()
    assert lines[-1] == "build failed: 2 errors; the browser shows what to fix"
    assert events[-1].name == "error" and events[-1].data["served"] is False
    assert d.status()["served"] is False


def test_site_yaml_rebuilds_everything_and_nothing_is_no_build(tmp_path: Path) -> None:
    d, builder, _, _ = dispatcher([ok(), ok("index.html")], tmp_path)
    d.first_build()
    assert d.apply(Changes()) is None
    d.apply(Changes(config=True, content_modified=frozenset({"content/sites/a.md"})))
    assert builder.calls == ["build_all", "build_all"]


def test_a_builder_crash_is_an_error_not_a_dead_server(tmp_path: Path) -> None:
    missing = FileNotFoundError(2, "No such file or directory", str(tmp_path / "content/sites/a.md"))
    d, _, events, _ = dispatcher([ok(), missing, RuntimeError("boom"), ok("index.html")], tmp_path)
    d.first_build()
    assert d.apply(CONTENT) == Outcome(False, (Diagnostic("content/sites/a.md", 0, 0, "error",
                                                          "No such file or directory"),), frozenset())
    d.apply(CONTENT)
    assert events[-1].data["diagnostics"] == ["aze-site: error: internal error: RuntimeError('boom')"]
    d.apply(CONTENT)
    assert events[-1].name == "reload" and d.status()["ok"]


def test_warnings_are_printed_once_not_on_every_save(tmp_path: Path) -> None:
    warn = (BROKEN[2],)
    d, _, _, lines = dispatcher([Outcome(True, warn, frozenset()), Outcome(True, warn, frozenset())],
                                tmp_path)
    d.first_build()
    d.apply(CONTENT)
    assert lines.count(str(BROKEN[2])) == 1


def test_event_for_is_pure() -> None:
    assert event_for(ok(), was_ok=True, build=3) is None
    assert event_for(ok(), was_ok=False, build=3) == Event(
        "reload", {"build": 3, "changed": 0, "pages": [], "assets": False, "warnings": []})
    assert event_for(ok("a.css", "b/c.css"), True, 4) == Event("css", {"build": 4, "warnings": [],
                                                                       "files": ["a.css", "b/c.css"]})
    assert event_for(ok("a.css"), False, 4) == Event(  # after an error
        "reload", {"build": 4, "changed": 1, "pages": [], "assets": True, "warnings": []})
    assert event_for(ok("a.css", "index.html"), True, 5) == Event(
        "reload", {"build": 5, "changed": 2, "pages": ["index.html"], "assets": True, "warnings": []})
    assert Event("css", {"files": ["é"]}).encode() == 'event: css\ndata: {"files": ["é"]}\n\n'.encode()


def test_a_good_builds_warnings_reach_the_pages(tmp_path: Path) -> None:
    photo, draft = BROKEN[2], Diagnostic("content/sites/c.md", 8, 10, "warning", "draft site")
    d, _, events, _ = dispatcher([
        Outcome(True, (photo,), frozenset({"index.html"})),
        Outcome(True, (photo,), frozenset()),  # saved, nothing new: no event
        Outcome(True, (photo, draft), frozenset()),  # no page changed, the warnings did
        Outcome(True, (photo, draft), frozenset({"css/site.css"})),
        Outcome(True, (), frozenset()),  # the warnings are gone: the panel goes
        Outcome(True, (), frozenset()),
    ], tmp_path)
    d.first_build()
    assert d.status()["warnings"] == [str(photo)] and d.status()["ok"] is True
    for _ in range(5):
        d.apply(CONTENT)
    assert [(e.name, e.data) for e in events] == [
        ("reload", {"build": 1, "changed": 1, "pages": ["index.html"], "assets": False,
                    "warnings": [str(photo)]}),
        ("warnings", {"build": 3, "warnings": [str(photo), str(draft)]}),
        ("css", {"build": 4, "files": ["css/site.css"], "warnings": [str(photo), str(draft)]}),
        ("warnings", {"build": 5, "warnings": []}),
    ]
    assert d.status()["warnings"] == []


def test_event_for_sends_warnings_only_when_they_changed() -> None:
    warn = (BROKEN[2],)
    assert event_for(Outcome(True, warn, frozenset()), True, 2, before=warn) is None
    assert event_for(Outcome(True, warn, frozenset()), True, 2) == \
        Event("warnings", {"build": 2, "warnings": [str(BROKEN[2])]})
    # after an error: the page updates, and shows the warnings
    assert event_for(Outcome(True, warn, frozenset()), False, 2) == \
        Event("reload", {"build": 2, "changed": 0, "pages": [], "assets": False,
                         "warnings": [str(BROKEN[2])]})


# -- watching: a burst is one update ----------------------------------------------------


def _wait_for(condition: Callable[[], bool], seconds: float = 10) -> bool:
    """Polls until the condition holds (the watcher's thread reports by appending)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_burst_of_changes_is_one_update(tmp_path: Path) -> None:
    for folder in ("content/sites", "templates", "static"):
        (tmp_path / folder).mkdir(parents=True)
    bursts: list[set[tuple[int, str]]] = []
    stop = threading.Event()
    watcher = Watcher(tmp_path, bursts.append, stop, step_ms=150)
    watcher.start()
    try:
        assert watcher.ready.wait(5)
        for i in range(40):  # a git checkout, an editor's save-as: many events in a moment
            (tmp_path / f"content/sites/s{i}.md").write_text("x")
        (tmp_path / "templates/site.html").write_text("x")
        assert _wait_for(lambda: len(bursts) >= 1)
        # a later change is a burst of its own: once it arrives, nothing of the first is left
        (tmp_path / "static/marker.txt").write_text("x")
        assert _wait_for(lambda: any("marker.txt" in path for b in bursts for _, path in b))
    finally:
        stop.set()
        watcher.join(5)
    assert len(bursts) == 2, bursts
    assert {path.rsplit("/", 1)[-1] for _, path in bursts[1]} == {"marker.txt"}
    changes = classify(tmp_path, bursts[0])
    assert len(changes.content_added | changes.content_modified) == 40
    assert changes.templates == {"templates/site.html"}
    assert not any(t.name.startswith("aze-serve") for t in threading.enumerate())


def test_a_source_folder_deleted_made_again_or_moved_back_is_still_watched(tmp_path: Path) -> None:
    for folder in ("content/sites", "templates", "static/css"):
        (tmp_path / folder).mkdir(parents=True)
    bursts: list[set[tuple[int, str]]] = []
    stop = threading.Event()
    watcher = Watcher(tmp_path, lambda burst: bursts.append(expand_folders(burst)), stop, step_ms=100)
    watcher.start()

    def seen(name: str, kind: int = ADDED) -> bool:
        return any((kind, str(tmp_path / name)) in burst for burst in bursts)

    try:
        assert watcher.ready.wait(5)
        shutil.rmtree(tmp_path / "static")  # an editor replaces the folder with a copy
        assert _wait_for(lambda: seen("static", DELETED))
        (tmp_path / "static/css").mkdir(parents=True)
        (tmp_path / "static/css/site.css").write_text("a")
        assert _wait_for(lambda: seen("static/css/site.css"))
        (tmp_path / "static/css/site.css").write_text("b")  # the new folder is watched
        assert _wait_for(lambda: seen("static/css/site.css", MODIFIED))
        (tmp_path / "templates").rename(tmp_path / "away")  # moved out, then back
        assert _wait_for(lambda: seen("templates", DELETED))
        (tmp_path / "away").rename(tmp_path / "templates")
        (tmp_path / "templates/site.html").write_text("x")
        assert _wait_for(lambda: seen("templates/site.html") or
                         seen("templates/site.html", MODIFIED))
        bursts.clear()
        (tmp_path / "templates/site.html").write_text("y")
        assert _wait_for(lambda: seen("templates/site.html", MODIFIED))
    finally:
        stop.set()
        watcher.join(5)


def test_a_source_folder_moved_away_is_one_burst_not_two(tmp_path: Path) -> None:
    """The watch's own events of the move and the folder found gone were two bursts: picked
    up apart, two rebuilds, and every error of the first printed again by the second."""
    for folder in ("content", "templates", "static"):
        (tmp_path / folder).mkdir()

    def watch(*folders: Path, **options: object) -> Iterator[set[tuple[int, str]]]:
        (tmp_path / "content").rename(tmp_path / "away")
        yield {(DELETED, str(tmp_path / "content"))}

    watcher = Watcher(tmp_path, lambda burst: None, threading.Event())
    watcher._watch_folders(SimpleNamespace(watch=watch), folder_ids(tmp_path))
    bursts = []
    while not watcher._bursts.empty():
        bursts.append(watcher._bursts.get_nowait())
    assert bursts == [{(DELETED, str(tmp_path / "content"))}]


def test_new_folders_become_their_files_and_gone_folders_stay(tmp_path: Path) -> None:
    (tmp_path / "new/deeper").mkdir(parents=True)
    (tmp_path / "new/a.md").write_text("a")
    (tmp_path / "new/deeper/b.md").write_text("b")
    (tmp_path / "file.md").write_text("f")
    burst = {(ADDED, str(tmp_path / "new")), (MODIFIED, str(tmp_path)), (MODIFIED, str(tmp_path / "file.md")),
             (DELETED, str(tmp_path / "moved-away"))}
    assert expand_folders(burst) == {(ADDED, str(tmp_path / "new/a.md")),
                                     (ADDED, str(tmp_path / "new/deeper/b.md")),
                                     (MODIFIED, str(tmp_path / "file.md")),
                                     (DELETED, str(tmp_path / "moved-away"))}


def test_an_empty_folder_named_like_a_file_is_warned_of_at_once(make_site: MakeSite) -> None:
    """A new empty folder made no files, so no rebuild: `build` warned of it, the preview
    only after the next save."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    (root / "content/pages/plan.md").mkdir()
    burst = expand_folders({(ADDED, str(root / "content/pages/plan.md"))})
    outcome = Dispatcher(builder, lambda e: None, root, lambda line: None,
                         lambda line: None).apply(classify(root, burst))
    builder.close()
    assert outcome is not None and [str(d) for d in outcome.diagnostics if "plan" in d.path] == [
        "content/pages/plan.md: warning: this is a folder named like a file, so it is not read as "
        "one: rename it, or put the file itself in its place"]


# -- the engine's builder, and what `build` writes ------------------------------------------------


def test_the_builder_reports_what_changed(make_site: MakeSite) -> None:
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    first = builder.build_all()
    assert first.ok and "sites/chapada-do-araripe/index.html" in first.changed
    css = root / "static/css/site.css"
    css.write_text(css.read_text() + "\nbody { color: rgb(1, 2, 3); }\n")
    assert builder.update(Changes(static=frozenset({"static/css/site.css"}))).changed == {"css/site.css"}
    md = root / "content/sites/chapada-do-araripe.md"
    md.write_text(md.read_text().replace("The only home", "The last home"))
    changed = builder.update(Changes(content_modified=frozenset({"content/sites/chapada-do-araripe.md"})))
    assert "sites/chapada-do-araripe/index.html" in changed.changed and "css/site.css" not in changed.changed
    md.write_text(md.read_text().replace("name: Chapada do Araripe", "name: [unclosed"))
    failed = builder.update(Changes(content_modified=frozenset({"content/sites/chapada-do-araripe.md"})))
    assert not failed.ok and not failed.changed
    assert any(str(d).startswith("content/sites/chapada-do-araripe.md:") for d in failed.diagnostics)
    assert "The last home" in (builder.out / "sites/chapada-do-araripe/index.html").read_text()
    (root / "content/sites/xichu.md").unlink()
    md.write_text(md.read_text().replace("name: [unclosed", "name: Chapada do Araripe"))
    fixed = builder.update(Changes(content_deleted=frozenset({"content/sites/xichu.md"})))
    assert fixed.ok and "sites/xichu/index.html" in fixed.changed
    assert not (builder.out / "sites/xichu").exists()


def test_a_draft_saved_is_said_left_out_of_the_preview(make_site: MakeSite,
                                                       tmp_path: Path) -> None:
    """`aze-site new site` writes a draft: its address would just say 'not found'."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    lines: list[str] = []
    d = Dispatcher(builder, lambda _: None, root, lines.append, lines.append)
    try:
        d.first_build()
        md = root / "content/sites/chapada-do-araripe.md"
        md.write_text(md.read_text().replace("protection: partial\n",
                                             "protection: partial\ndraft: true\n"))
        saved = Changes(content_modified=frozenset({"content/sites/chapada-do-araripe.md"}))
        d.apply(saved)
        assert lines[-1] == ("content/sites/chapada-do-araripe.md is a draft (draft: true): the "
                             "preview leaves it out, as a build does; `aze-site serve --drafts` "
                             "shows drafts")
        here = {"/sites/chapada-do-araripe/": "content/sites/chapada-do-araripe.md"}
        assert d.status()["drafts"] == here  # a page opened at its address says why it is not found
        md.write_text(md.read_text().replace("name: Chapada do Araripe", "name: [unclosed"))
        assert d.apply(saved) is not None and d.status()["ok"] is False
        assert d.status()["drafts"] == here  # the last good site is still served
        md.write_text(md.read_text().replace("name: [unclosed", "name: Chapada do Araripe")
                      .replace("draft: true\n", ""))
        before = len(lines)
        d.apply(saved)
        assert not any("is a draft" in line for line in lines[before:])
        assert lines[-1].startswith("rebuilt in ")
        assert d.status()["drafts"] == {}
    finally:
        builder.close()
    drafts = SiteBuilder(root, root / ".aze-cache/serve/drafts", jobs=1, drafts=True)
    try:  # with --drafts the preview shows it: nothing to say
        drafts.build_all()
        md.write_text(md.read_text().replace("protection: partial\n",
                                             "protection: partial\ndraft: true\n"))
        shown = drafts.update(saved)
        assert shown.drafts == () and shown.draft_addresses == ()
    finally:
        drafts.close()


def test_pages_open_are_told_when_the_drafts_change_though_no_page_did(
        make_site: MakeSite) -> None:
    """A draft renamed or deleted changes no page of the preview: the pages open at its
    old address are told all the same, so that their notice goes (or names the new file)."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    events: list[Event] = []
    d = Dispatcher(builder, events.append, root, lambda _: None, lambda _: None)
    old, new = "content/pages/plan.md", "content/pages/later.md"
    try:
        d.first_build()
        (root / old).write_text("---\ntitle: Plan\ndraft: true\n---\nSoon.\n")
        d.apply(Changes(content_added=frozenset({old})))
        assert events[-1].data["drafts"] == {"/plan/": old}
        (root / old).rename(root / new)
        d.apply(Changes(content_added=frozenset({new}), content_deleted=frozenset({old})))
        assert (events[-1].name, events[-1].data["drafts"]) == ("warnings", {"/later/": new})
        (root / new).unlink()
        d.apply(Changes(content_deleted=frozenset({new})))
        assert (events[-1].name, events[-1].data["drafts"]) == ("warnings", {})
        assert d.status()["drafts"] == {}
        count = len(events)
        (root / "content/pages/act.md").write_text("---\ntitle: Act\n---\nSame.\n")
        d.apply(Changes(content_modified=frozenset({"content/pages/act.md"})))
        assert len(events) == count + 1 and "drafts" not in events[-1].data  # unchanged: not sent
    finally:
        builder.close()


def test_a_drafts_addresses_are_its_own_in_every_language() -> None:
    left_out = {"content/pages/plan.md": "/plan/", "content/sites/x.md": "/sites/x/"}
    assert draft_addresses(left_out, ("en", "es", "pt-BR")) == (
        ("/es/plan/", "content/pages/plan.md"), ("/es/sites/x/", "content/sites/x.md"),
        ("/plan/", "content/pages/plan.md"), ("/pt-BR/plan/", "content/pages/plan.md"),
        ("/pt-BR/sites/x/", "content/sites/x.md"), ("/sites/x/", "content/sites/x.md"))
    assert draft_addresses(left_out, ("en",)) == (("/plan/", "content/pages/plan.md"),
                                                  ("/sites/x/", "content/sites/x.md"))


def test_a_save_after_the_served_folder_was_deleted_reloads_the_pages(make_site: MakeSite) -> None:
    """The serve folder deleted (a clean-up of .aze-cache/serve/public) is made again at
    the next save, and the pages that save changed are said to have changed."""
    root = make_site()
    first = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert first.build_all().ok
    first.close()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)  # the next session
    assert builder.build_all().ok
    shutil.rmtree(builder.out)
    md = root / "content/sites/chapada-do-araripe.md"
    md.write_text(md.read_text().replace("The only home", "The last home"))
    again = builder.update(Changes(content_modified=frozenset({"content/sites/chapada-do-araripe.md"})))
    builder.close()
    assert again.ok and "The last home" in (builder.out / "sites/chapada-do-araripe/index.html").read_text()
    assert "sites/chapada-do-araripe/index.html" in again.changed  # open tabs reload it


def test_the_templates_folder_moved_away_and_back_leaves_a_store_the_next_serve_can_use(
        make_site: MakeSite, tmp_path: Path) -> None:
    """The failed run in between must leave nothing behind: the next session (another port,
    so every page is made again) found its templates missing."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    builder.base_url = "http://127.0.0.1:8001/"
    assert builder.build_all().ok
    shutil.copytree(root / "templates", tmp_path / "copy")
    shutil.move(root / "templates", tmp_path / "away")
    assert not builder.update(Changes()).ok
    shutil.move(tmp_path / "copy", root / "templates")
    assert builder.update(Changes()).ok
    builder.close()
    again = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    again.base_url = "http://127.0.0.1:8002/"
    outcome = again.build_all()
    again.close()
    assert outcome.ok, [str(d) for d in outcome.diagnostics if d.level == "error"]


@pytest.mark.parametrize("folder,said", [
    ("content", "content: error: content/ folder not found (is --root right?)"),
    ("templates", "templates: error: templates/ folder not found in {root} (is --root right?)"),
])
def test_a_source_folder_gone_is_said_as_build_says_it(make_site: MakeSite, tmp_path: Path,
                                                       folder: str, said: str) -> None:
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    shutil.move(root / folder, tmp_path / "away")
    gone = builder.update(Changes())
    assert [str(d) for d in gone.diagnostics] == [said.format(root=root.resolve())]
    shutil.move(tmp_path / "away", root / folder)
    assert builder.update(Changes()).ok
    builder.close()


def test_a_name_not_in_utf8_is_said_escaped_in_the_terminal(make_site: MakeSite) -> None:
    """Printing the name of a file saved by an old tool in Latin-1 stopped the rebuild: the
    terminal writes UTF-8, and the name is not."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    bad = root / "content/pages" / os.fsdecode(b"caf\xe9.md")
    bad.write_text("---\ntitle: Caf\n---\nText.\n")
    lines: list[str] = []

    def say(line: str) -> None:  # as print() writes to a UTF-8 terminal
        lines.append(line.encode("utf-8").decode("utf-8"))

    outcome = Dispatcher(builder, lambda e: None, root, say, say).apply(
        classify(root, [(ADDED, str(bad))]))
    builder.close()
    assert outcome is not None and not outcome.ok
    assert lines[0] == "changed: content/pages/caf\\xe9.md"
    assert [str(d) for d in outcome.diagnostics if d.level == "error"] == [
        "content/pages/caf\\xe9.md: error: the file's name is not UTF-8 text: each \\x and two "
        "digits in it stands for a letter saved in another encoding; rename it"]


@pytest.mark.parametrize("rel,text,blamed", [
    ("templates/site.html", "{% extends 'base.html' %}{% block main %}{{ nope( }}{% endblock %}",
     "templates/site.html:1"),
    ("content/images/hero.jpg", "not a JPEG at all",  # at its entry, naming who uses it
     "content/images/images.yaml:1:1: error: photo 'hero.jpg'"),
    ("content/site.yaml", "title: [unclosed\n", "content/site.yaml:"),
])
def test_bad_templates_images_and_config_are_diagnostics(make_site: MakeSite, rel: str, text: str,
                                                         blamed: str) -> None:
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    (root / rel).write_text(text)
    lines: list[str] = []
    outcome = Dispatcher(builder, lambda e: None, root, lines.append, lines.append).apply(
        classify(root, [(MODIFIED, str(root / rel))]))
    assert outcome is not None and not outcome.ok
    assert any(str(d).startswith(blamed) for d in outcome.diagnostics), outcome.diagnostics
    assert lines[-1].startswith("build failed:") and lines[-1].endswith("still serving the last good site")


def test_a_named_pipe_in_the_sources_is_an_error_not_a_hung_server(make_site: MakeSite) -> None:
    """Reading a named pipe waits for a writer: the watcher, the greeting and the rebuild
    never open one."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    bursts: list[set[tuple[int, str]]] = []
    stop = threading.Event()
    watcher = Watcher(root, lambda burst: bursts.append(expand_folders(burst)), stop, step_ms=100)
    watcher.start()
    try:
        with deadline(60):
            assert watcher.ready.wait(5)
            (root / "content/pages/sub").mkdir()
            os.mkfifo(root / "content/pages/sub/fifo.md")
            os.mkfifo(root / "content/pages/fifo.md")
            assert _wait_for(lambda: len({p for b in bursts for _, p in b if "fifo" in p}) == 2)
            lines: list[str] = []
            outcome = Dispatcher(builder, lambda e: None, root, lines.append, lines.append).apply(
                classify(root, [change for burst in bursts for change in burst]))
            assert outcome is not None and not outcome.ok
            assert sorted(str(d).split(": error: ")[0] for d in outcome.diagnostics
                          if d.level == "error") == ["content/pages/fifo.md",
                                                     "content/pages/sub/fifo.md"]
            (root / "content/site.yaml").unlink()
            os.mkfifo(root / "content/site.yaml")
            assert site_title(root) == root.name
    finally:
        stop.set()
        watcher.join(5)
        builder.close()


def test_build_output_never_contains_the_live_script(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    build(BuildOptions(root=root, out=tmp_path / "out", jobs=1))
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert files and not [p for p in files if b"__aze" in p.read_bytes()]


# -- HTTP on loopback -------------------------------------------------------------------


def request(server: DevServer, path: str, method: str = "GET",
            host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send `path` exactly as given (http.client does not normalise it), with a Host of
    `host` if given."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, headers={"Host": host} if host is not None else {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


OPENED: list[str] | None = None  # files opened by request threads while a test records them


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if (OPENED is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike)
            and threading.current_thread().name.startswith("Thread-")):  # socketserver's request threads
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def stub_server(tmp_path: Path, out: Path) -> Iterator[tuple[DevServer, StubBuilder]]:
    root = tmp_path / "project"
    for folder in ("content", "templates", "static"):
        (root / folder).mkdir(parents=True)
    builder = StubBuilder(out, [ok("index.html")] + [ok("sites/index.html")] * 20)
    server = DevServer(root, port=0, builder_factory=lambda r, o: builder, step_ms=50)
    server.start()
    yield server, builder
    server.stop()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("aze-serve")]
    assert server.hub.clients == 0


def test_http_serves_files_with_types_and_no_store(stub_server: tuple[DevServer, StubBuilder]) -> None:
    server, _ = stub_server
    status, headers, body = request(server, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert body == b"<html><body>home" + SCRIPT_TAG + b"</body></html>"
    assert headers["cache-control"] == "no-store"
    status, headers, body = request(server, "/css/site.css?v=1")
    assert (status, headers["content-type"], body) == (200, "text/css; charset=utf-8", b"body{}")
    status, headers, body = request(server, "/sites")
    assert (status, headers["location"], body) == (301, "/sites/", b"")
    status, headers, body = request(server, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, _, body = request(server, "/__aze/live.js")
    assert status == 200 and b"EventSource" in body and b"Build failed" in body
    assert json.loads(request(server, "/__aze/status")[2])["ok"] is True


def test_http_misses_get_the_sites_404_page(stub_server: tuple[DevServer, StubBuilder]) -> None:
    server, _ = stub_server
    for path in ("/missing/", "/empty/", "/__aze/other", "/sites/nothing.html"):
        status, headers, body = request(server, path)
        assert (status, body) == (404, b"<p>lost</p>" + MISSING_TAG), path
        assert headers["content-type"] == "text/html; charset=utf-8"


def test_http_traversal_reads_nothing_outside_the_output(stub_server: tuple[DevServer, StubBuilder],
                                                         out: Path) -> None:
    global OPENED
    server, _ = stub_server
    mimetypes.init()  # the system's table is read once, whichever test asks first
    OPENED = []
    try:
        for path in ("/../secret", "/../../../../etc/passwd", "/%2e%2e/secret", "/%2e%2e/%2e%2e/etc/passwd",
                     "/..%2fsecret", "/..%5csecret", "/link-out", "/dir-out/secret", "/%00", "/C:/secret",
                     "http://127.0.0.1/../secret"):
            status, _, body = request(server, path)
            assert status == 404 and b"SECRET" not in body and b"root:" not in body, path
        status, _, body = request(server, "/etc/passwd")
        assert (status, body) == (200, b"inside")
    finally:
        opened, OPENED = OPENED, None
    base = os.path.realpath(out)
    assert opened and [p for p in opened if not os.path.realpath(p).startswith(base + os.sep)] == []


def test_a_page_on_another_name_cannot_read_the_preview(
        stub_server: tuple[DevServer, StubBuilder]) -> None:
    """DNS rebinding: a page of attacker.example whose name is then pointed at 127.0.0.1
    sends its requests with that Host; they get nothing, the status and events included."""
    server, _ = stub_server
    for host in ("attacker.example", f"attacker.example:{server.port}", "127.0.0.1.nip.io"):
        for path in ("/", "/__aze/status", "/__aze/events", "/sites/"):
            status, _, body = request(server, path, host=host)
            assert status == 403 and b"home" not in body and b"ok" not in body, (host, path)
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "[::1]",
                 "preview.localhost", "192.168.1.20:8000"):
        assert request(server, "/", host=host)[0] == 200, host


def test_a_name_given_with_host_is_answered() -> None:
    assert host_allowed("mybox.lan:8000", "mybox.lan")
    assert not host_allowed("mybox.lan:8000", "127.0.0.1")
    assert not host_allowed("", "127.0.0.1")
    assert host_allowed("localhost.:8000", "127.0.0.1") and host_allowed("127.0.0.1.", "127.0.0.1")
    assert not host_allowed("attacker.example.", "127.0.0.1")


def test_a_malformed_host_is_refused_with_an_answer(
        stub_server: tuple[DevServer, StubBuilder], capsys: pytest.CaptureFixture[str]) -> None:
    """A Host that is no address at all ('[::1', an IPv6 bracket left open) gets its 403,
    not a dropped connection and a line in the terminal."""
    server, _ = stub_server
    for host in ("[::1", "[127.0.0.1", "a]b"):
        assert not host_allowed(host, "127.0.0.1"), host
        assert request(server, "/", host=host)[0] == 403, host
    assert "failed" not in capsys.readouterr().err


def test_a_burst_of_500_simultaneous_requests_is_answered(out: Path) -> None:
    """A page with many files, or many tabs reloading at once: none refused or timed out
    (socketserver's default backlog of 5 dropped most of such a burst)."""
    import asyncio

    server = LiveServer(("127.0.0.1", 0), out, Hub(), lambda: {"boot": "b", "build": 0, "ok": True})
    assert server.request_queue_size >= 1024
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    port = server.server_address[1]

    async def fetch() -> str:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"GET /css/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            status = (await reader.readline()).decode()
            await reader.read()
            return status.split()[1]
        finally:
            writer.close()
            await writer.wait_closed()

    async def burst() -> list[str | BaseException]:
        return await asyncio.gather(*(asyncio.wait_for(fetch(), 8) for _ in range(500)),
                                    return_exceptions=True)

    try:
        answers = asyncio.run(burst())
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert [repr(a) for a in answers if a != "200"] == []


def test_event_stream_says_hello_then_what_changed(stub_server: tuple[DevServer, StubBuilder]) -> None:
    server, builder = stub_server
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/__aze/events")
    resp = conn.getresponse()
    assert resp.getheader("content-type") == "text/event-stream"

    def next_event() -> tuple[str, dict[str, Any]]:
        name = ""
        while True:
            line = resp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name:
                return name, json.loads(line[6:])

    boot = json.loads(request(server, "/__aze/status")[2])["boot"]
    assert next_event() == ("hello", {"boot": boot, "build": 1})
    (server.root / "content/sites").mkdir()  # a new folder: inotify may miss the file's own events
    (server.root / "content/sites/a.md").write_text("---\nname: A\n---\n")
    assert next_event() == ("reload", {"build": 2, "changed": 1, "pages": ["sites/index.html"],
                                       "assets": False, "warnings": []})
    assert builder.calls[1] == Changes(content_added=frozenset({"content/sites/a.md"}))
    server.stop()  # open streams end with the server
    assert resp.read().strip() == b""
    conn.close()


def test_a_port_in_use_is_a_usage_error(make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with (pytest.raises(UsageError, match=f"^port {port} is in use; try --port 0 for a free one$"),
              DevServer(root, port=port) as server):
            server.start()
        assert main(["serve", "--root", str(root), "--port", str(port)]) == 2
    assert capsys.readouterr().err.strip().endswith(
        f"aze-site: error: port {port} is in use; try --port 0 for a free one")
    assert not list((root / ".aze-cache").glob("serve/.public.staging-*"))


def test_a_second_server_of_one_project_is_refused(stub_server: tuple[DevServer, StubBuilder],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Two servers would build into one folder and store, each over the other's pages."""
    server, _ = stub_server
    message = f"another aze-site serve is previewing this project at {server.url}: use that one, " \
              "or stop it first"
    with pytest.raises(UsageError, match=f"^{re.escape(message)}$"), \
            DevServer(server.root, port=0) as second:
        second.start()
    assert main(["serve", "--root", str(server.root), "--port", "0"]) == 2
    assert capsys.readouterr().err.strip().endswith(f"aze-site: error: {message}")
    server.stop()  # the lock goes with the server
    with DevServer(server.root, port=0, builder_factory=lambda r, o: StubBuilder(o, [ok("index.html")])) \
            as third:
        third.start()


def test_serve_refuses_a_folder_that_is_no_project(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--root", str(tmp_path), "--port", "0"]) == 2
    assert "content/ folder not found" in capsys.readouterr().err


# -- a clean exit -----------------------------------------------------------------------


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _start(root: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "aze_site", "serve", "--root", str(root), "--port", "0",
                             *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if line.startswith("Serving ") or not line:
            break
    assert lines[-1].startswith("Serving Test Alliance at http://127.0.0.1:"), lines  # site.yaml's title
    assert lines[-1].rstrip().endswith("/ (Ctrl-C to stop)")
    return proc, lines[-1]


def _assert_gone(proc: subprocess.Popen[str], root: Path, sent: float) -> tuple[str, str]:
    """Exited, quickly and successfully, leaving nothing behind; returns what it printed."""
    printed = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert time.monotonic() - sent < 5
    assert not [p.name for p in (root / ".aze-cache/serve").iterdir() if ".staging-" in p.name]
    assert _processes_mentioning(str(root)) == []
    return printed


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_everything_cleanly(make_site: MakeSite, sig: signal.Signals) -> None:
    root = make_site()
    proc, _ = _start(root)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert children == []  # builds run in the server's own process: nothing to orphan
    sent = time.monotonic()
    proc.send_signal(sig)
    assert "stopping" in _assert_gone(proc, root, sent)[0]


def test_sigterm_during_a_rebuild_leaves_no_staging_folder(make_site: MakeSite) -> None:
    root = make_site()
    proc, _ = _start(root)
    page = root / "content/sites/chapada-do-araripe.md"
    page.write_text(page.read_text() + "\nMore text.\n")
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the watcher saw the save: the rebuild starts now
    assert line.startswith("changed: content/sites/chapada-do-araripe.md"), line
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _assert_gone(proc, root, sent)



def test_listening_on_the_network_is_explicit_and_warned_about(make_site: MakeSite) -> None:
    root = make_site()
    proc, serving = _start(root, "--host", "0.0.0.0")  # noqa: S104 (the exposure this test is about)
    port = int(serving.split(":")[2].split("/")[0])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    proc.send_signal(signal.SIGTERM)
    _, stderr = _assert_gone(proc, root, time.monotonic())
    assert ("warning: listening on 0.0.0.0 (every address of this computer): the site is "
            "visible to other computers on the network") in stderr


@pytest.mark.parametrize("host, url, where", [
    ("::", "http://[::1]:8000/", ":: (every address of this computer)"),
    ("", "http://127.0.0.1:8000/", "every address of this computer"),
    ("0.0.0.0", "http://127.0.0.1:8000/", "0.0.0.0 (every address of this computer)"),  # noqa: S104
    ("192.168.1.5", "http://192.168.1.5:8000/", "192.168.1.5"),
])
def test_every_address_is_said_so_and_opened_here(tmp_path: Path, host: str, url: str,
                                                  where: str) -> None:
    """Not 'listening on ::: the site...' or 'listening on : the site...', nor an address
    to open at http://[::]:8000/, which browsers refuse."""
    from aze_site.serve.server import exposure

    assert DevServer(tmp_path, host).url == url
    assert exposure(host) == (f"aze-site: warning: listening on {where}: the site is visible "
                              "to other computers on the network")
    assert exposure("::1") is None and exposure("localhost") is None


def test_a_document_gone_between_the_listing_and_its_reading_is_no_draft(tmp_path: Path) -> None:
    """Its status is None (a save by rename, caught half-way): not a draft, and no crash."""
    from aze_site.queries.content import Published, Status

    published = Published(pages=(), news=(), sites=(), invalid=(), all_pages=(),
                          documents=("content/pages/gone.md", "content/pages/plan.md"))
    values = {"published:": published, "languages:": ("en", "es"), "status:content/pages/gone.md": None,
              "status:content/pages/plan.md": Status("/plan/", "pages", "page", True, False)}
    builder = SiteBuilder(tmp_path, tmp_path / "out", jobs=1)
    builder.site = SimpleNamespace(engine=SimpleNamespace(value=values.__getitem__))  # type: ignore[assignment]
    outcome = builder._with_drafts(Outcome(True, (), frozenset()),
                                   frozenset({"content/pages/gone.md", "content/pages/plan.md"}))
    assert outcome.drafts == ("content/pages/plan.md",)
    assert outcome.draft_addresses == (("/es/plan/", "content/pages/plan.md"),
                                       ("/plan/", "content/pages/plan.md"))


def test_a_source_folder_made_a_link_while_serving_is_said_as_build_says_it(
        make_site: MakeSite, tmp_path: Path) -> None:
    """Not '.: error: ...', a path that names no file: the line `build` prints."""
    root = make_site()
    builder = SiteBuilder(root, root / ".aze-cache/serve/public", jobs=1)
    assert builder.build_all().ok
    shutil.move(root / "templates", tmp_path / "elsewhere")
    (root / "templates").symlink_to(tmp_path / "elsewhere")
    lines: list[str] = []
    outcome = Dispatcher(builder, lambda e: None, root, lines.append, lines.append).apply(
        classify(root, [(ADDED, str(root / "templates/site.html"))]))
    builder.close()
    assert outcome is not None and not outcome.ok
    assert lines[1:] == [
        "aze-site: error: templates/ is a symbolic link, which aze-site does not follow (it could "
        "lead to files outside the project): put the folder itself in its place",
        "build failed: 1 error; still serving the last good site"]
