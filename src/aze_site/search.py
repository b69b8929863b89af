"""Site search with Pagefind: a static index written into the staging folder before it is published.

Pagefind (the `pagefind[bin]` package: its binary ships in a PyPI wheel) reads the HTML
pages that carry `data-pagefind-body` and writes /pagefind/: the index in fragments, the
search library and the default UI. It runs after every page is written and before the
atomic swap, so a failed index publishes nothing.

Indexing 20,000 pages takes tens of seconds, so the last index is reused when no indexed
page changed: the pages' fingerprints (rendering.py) say so. It is kept in the build
cache under that key (IndexCache). Pagefind holds the whole index in memory (3.7 GB for
20,000 site pages), so a big site is indexed in parts of PART_PAGES pages, one run after
the other, and the search page merges them (static/js/search.js, parts.json).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aze_site.pagefind_stable import stabilise

BUNDLE = "pagefind"
UI_FILES = ("pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css")
SEARCH_URL = "/search/"
INDEXED_KINDS = frozenset({"page", "site", "news", "species", "country"})
FORMAT = 2  # how aze-site post-processes the index (pagefind_stable, parts.json): in the key


def indexed(kind: str, template: str) -> bool:
    """Pages whose text search finds: content pages, sites, species, countries, news (not
    the home page, listings, credits or the 404 page)."""
    return kind in INDEXED_KINDS and template != "home.html"


def pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def search_key(pages: Iterable[tuple[str, str]]) -> str:
    """What the index depends on: Pagefind's version and each indexed page's (url, fingerprint)."""
    return hashlib.sha256(repr((FORMAT, pagefind_version(), PART_PAGES, sorted(pages)))
                          .encode()).hexdigest()


@dataclass(frozen=True)
class SearchOutcome:
    state: str  # "indexed", "reused" (no indexed page changed) or "off"
    seconds: float = 0.0
    error: str | None = None
    key: str | None = None  # what the index was made from (search_key)
    files: int = 0


class IndexCache:
    """The last index made, in the build cache under the key of what it was made from.

    Pagefind's filter chunks come out in a different order on every run, so the same
    pages must get the same index from here, not from a new run: then two builds of the
    same sources are byte-identical, whatever folder they are published to.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / "search"

    def get(self, key: str) -> Path | None:
        found = self.folder / key
        return found if (found / "pagefind-entry.json").is_file() else None

    def put(self, key: str, bundle: Path) -> None:
        """Keep a copy (hard links where possible) of a new index; forget older ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
        try:
            shutil.copytree(bundle, tmp / "bundle", copy_function=_link_or_copy)
            os.replace(tmp / "bundle", self.folder / key)
        except OSError:
            pass  # no copy: the next build indexes again
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for old in self.folder.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def pagefind_command(site: Path, output: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line that indexes `site` (into its own BUNDLE folder, or `output`), and
    its environment (no PAGEFIND_ settings of the user's leak in)."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", BUNDLE]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return [sys.executable, "-m", "pagefind", "--site", str(site), *where, "--silent"], env


PART_PAGES = 15_000  # indexed pages per Pagefind run: its memory grows with what it holds
PARTS_FILE = "parts.json"  # in the bundle: the folders of the other parts, for search.js


def parts_of(pages: Iterable[str]) -> list[list[str]]:
    """Indexed pages (output paths) in parts of at most about PART_PAGES, each indexed by
    its own Pagefind run, one after the other (Pagefind held 3.7 GB for 20,000 site pages
    in one run); the search page merges them (mergeIndex). By a hash of the path: the
    same page stays in the same part while the site grows or shrinks a little."""
    pages = sorted(pages)
    count = max(1, -(-len(pages) // PART_PAGES))
    parts: list[list[str]] = [[] for _ in range(count)]
    for rel in pages:
        parts[int(hashlib.sha1(rel.encode()).hexdigest()[:8], 16) % count].append(rel)
    return parts


def indexed_files(site: Path) -> list[str]:
    """The pages of a written site that Pagefind indexes (they mark their body)."""
    found = []
    for path in site.rglob("*.html"):
        with open(path, "rb") as handle:
            if b"data-pagefind-body" in handle.read():
                found.append(path.relative_to(site).as_posix())
    return found


class Indexing:
    """Pagefind at work on a site folder (in a thread), while the build goes on.

    `pages` (output paths of the indexed pages) above PART_PAGES are indexed in parts,
    each from a folder of links to its pages; None or fewer: one run over the site.
    """

    def __init__(self, site: Path, output: Path | None = None, pages: list[str] | None = None,
                 nice: bool = False) -> None:
        self.site, self.output, self.pages = site, output or site / BUNDLE, pages
        self.prefix = ["nice", "-n", "10"] if nice else []
        self.process: subprocess.Popen[str] | None = None
        self.error: str | None = None
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="aze-pagefind", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.error = self._index()
        except OSError as exc:
            self.error = f"could not run pagefind: {exc}"

    def _index(self) -> str | None:
        parts = parts_of(self.pages) if self.pages is not None else [[]]
        if len(parts) == 1:
            error = self._pagefind(self.site, self.output)
            if error is None:
                (self.output / PARTS_FILE).write_text("[]\n", encoding="utf-8")
            return error
        with tempfile.TemporaryDirectory(prefix=".aze-parts-", dir=self.site.parent) as tmp:
            names = []
            for number, part in enumerate(parts):
                mirror = Path(tmp) / f"site-{number}"
                for rel in part:
                    (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
                    _link_or_copy(str(self.site / rel), str(mirror / rel))
                name = f"part-{number}"
                error = self._pagefind(mirror, self.output / name if number else self.output)
                shutil.rmtree(mirror, ignore_errors=True)
                if error:
                    return error
                if number:
                    names.append(name + "/")
        (self.output / PARTS_FILE).write_text(json.dumps(names) + "\n", encoding="utf-8")
        return None

    def _pagefind(self, site: Path, output: Path) -> str | None:
        command, env = pagefind_command(site, output)
        with tempfile.TemporaryDirectory(prefix="aze-pagefind-") as cwd:  # no stray pagefind.yml
            with self.lock:
                if self.stopped.is_set():
                    return "stopped"
                self.process = subprocess.Popen([*self.prefix, *command], cwd=cwd, env=env,
                                                text=True, stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE)
            out, err = self.process.communicate()
            return _outcome(output, self.process.returncode, out, err)

    def finish(self) -> str | None:
        """Wait for the index; the problem, if it failed."""
        self.thread.join()
        return self.error

    def stop(self) -> None:
        with self.lock:
            self.stopped.set()
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
        self.thread.join()


def run_pagefind(site: Path) -> str | None:
    """Index the site folder in place; the problem, if it failed."""
    return Indexing(site).finish()


def _outcome(bundle: Path, returncode: int, stdout: str, stderr: str) -> str | None:
    if returncode != 0:
        detail = (stderr or stdout).strip().splitlines()
        if any("No module named pagefind" in line for line in detail) or "pagefind_bin" in "".join(
                detail):
            return "pagefind is not installed: pip install 'pagefind[bin]' (or build with --no-search)"
        return "pagefind failed: " + (detail[-1] if detail else f"exit status {returncode}")
    if not (bundle / "pagefind-entry.json").is_file():
        return "pagefind wrote no index"
    stabilise(bundle)  # the same pages, the same bytes
    return None


def files_of(folder: Path) -> list[tuple[str, Path]]:
    """(output path, file) of every file in a published index folder."""
    return [(f"{BUNDLE}/{p.relative_to(folder).as_posix()}", p)
            for p in sorted(folder.rglob("*")) if p.is_file()]

