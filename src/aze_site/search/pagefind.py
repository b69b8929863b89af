"""Site search with Pagefind: a static index written into the staging folder before it is published.

Pagefind (the `pagefind[bin]` package: its binary ships in a PyPI wheel) reads the HTML
pages that carry `data-pagefind-body` and writes /pagefind/: the index in fragments, the
search library and the default UI. It runs after every page is written and before the
atomic swap, so a failed index publishes nothing.

Indexing 20,000 pages takes tens of seconds, so the last index is reused when no indexed
page changed: the pages' fingerprints (rendering.py) say so. It is kept in the build
cache under that key (IndexCache).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aze_site.search.stable import stabilise

BUNDLE = "pagefind"
UI_FILES = ("pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css")
SEARCH_URL = "/search/"
# The documents: what a search should answer with. Species and country pages are made
# from the factsheets, and every word they hold is in a factsheet too (the species'
# scientific and common names, status, group and country); indexing them would double
# the index and its time and memory, and answer each search twice.
INDEXED_KINDS = frozenset({"page", "site", "news"})
FORMAT = 1  # how aze-site post-processes the index (pagefind_stable): part of the cache key


def indexed(kind: str, template: str) -> bool:
    """Pages whose text search finds: content pages, site factsheets and news (not the home
    page, listings, species or country pages, credits or the 404 page)."""
    return kind in INDEXED_KINDS and template != "home.html"


def pagefind_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def search_key(pages: Iterable[tuple[str, str]]) -> str:
    """What the index depends on: Pagefind's version and each indexed page's (url, fingerprint)."""
    return hashlib.sha256(repr((FORMAT, pagefind_version(), sorted(pages))).encode()).hexdigest()


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


class Indexing:
    """Pagefind at work on a site folder, while its caller goes on with other things.

    The index goes into the site's BUNDLE folder, or `output`; `nice`: at low priority
    (the dev server's and indexer.py's, which must not slow down the next edit). Pagefind
    runs in an empty folder made in `scratch` (a folder its caller clears even when killed),
    or in the system's temporary folder.
    """

    def __init__(self, site: Path, output: Path | None = None, nice: bool = False,
                 scratch: Path | None = None) -> None:
        self.bundle = output or site / BUNDLE
        self.cwd = tempfile.mkdtemp(prefix="aze-pagefind-", dir=scratch)  # no stray pagefind.yml
        # removed however this ends (a run given up without `finish` or `stop` included)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.cwd, ignore_errors=True)
        self.process: subprocess.Popen[str] | None = None
        self.error: str | None = None
        command, env = pagefind_command(site, output)
        try:
            self.process = subprocess.Popen([*nice_command(nice), *command],  # noqa: S603 (no shell)
                                            cwd=self.cwd, env=env, text=True,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            self.error = f"could not run pagefind: {exc}"

    def finish(self, timeout: float | None = None) -> str | None:
        """Wait for the index (at most `timeout` seconds); the problem, if it failed."""
        try:
            if self.process is None:
                return self.error
            try:
                out, err = self.process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
                return f"pagefind did not finish within {timeout:.0f} s"
            return _outcome(self.bundle, self.process.returncode, out, err)
        finally:
            self._cleanup()

    def working(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """End Pagefind now (from another thread: the one in `finish` then returns)."""
        if self.process is not None and self.working():
            self.process.kill()

    def stop(self) -> None:
        """End Pagefind and clear up, when nobody waits in `finish`."""
        self.kill()
        if self.process is not None:
            self.process.communicate()
        self._cleanup()


def nice_command(wanted: bool) -> list[str]:
    """The `nice` command that lowers a child's priority, where there is one."""
    found = shutil.which("nice") if wanted else None
    return [found, "-n", "10"] if found else []


def deadline(pages: int) -> float:
    """How long Pagefind may take for this many pages before it counts as failed (it
    indexes about 200 pages a second here; a hung run must not hang the build)."""
    return 120.0 + pages * 0.05


def run_pagefind(site: Path, pages: int = 0) -> str | None:
    """Index the site folder in place (within the deadline for this many pages); the
    problem, if it failed."""
    return Indexing(site).finish(deadline(pages))


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

