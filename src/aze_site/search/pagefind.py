"""Site search with Pagefind: a static index of the documents, in parts for a large site.

Pagefind (the `pagefind[bin]` package: its binary ships in a PyPI wheel) reads the HTML
pages that carry `data-pagefind-body` and writes /pagefind/: the index in fragments, the
search library and the default UI. Callers hand it folders of the indexed pages alone
(hard links), so it reads no page it would skip.

Pagefind holds every page it reads in memory until it writes the index: about 200 KB a
factsheet here, 3.5 GB for 20,000. So a site of more than PART_SIZE documents is indexed
in parts, one Pagefind run after another: the first part is the bundle the search page
loads, each other one a bundle in `part-N/` that the search page merges in (Pagefind's
mergeIndex, listed in `parts.json`). The documents are dealt to the parts in turn, so
each part holds every language and every section.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

from aze_site.search.stable import Filters, filters_of, stabilise

BUNDLE = "pagefind"
UI_FILES = ("pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css")
SEARCH_URL = "/search/"
# The documents: what a search should answer with. Species and country pages are made
# from the factsheets, and every word they hold is in a factsheet too (the species'
# scientific and common names, status, group and country); indexing them would double
# the index and its time and memory, and answer each search twice.
INDEXED_KINDS = frozenset({"page", "site", "news"})
PART_SIZE = 2500  # documents a Pagefind run indexes at most (~500 MB of its memory)
PARTS = "parts.json"  # the other parts' folders, for the search page to merge in


def indexed(kind: str, template: str) -> bool:
    """Pages whose text search finds: content pages, site factsheets and news (not the home
    page, listings, species or country pages, credits or the 404 page)."""
    return kind in INDEXED_KINDS and template != "home.html"


def parts_of(pages: Sequence[tuple[str, Path]]) -> list[list[tuple[str, Path]]]:
    """The documents (output path, file) in as few parts of at most PART_SIZE as can be,
    dealt in turn from the sorted list: every part gets some of every language's pages
    (one language's pages sort together), so a search in any language finds its own
    language's index in every part."""
    ordered = sorted(pages)
    count = max(1, -(-len(ordered) // PART_SIZE))
    return [ordered[i::count] for i in range(count)]


def part_folder(output: Path, number: int) -> Path:
    """Where part `number` (0: the bundle itself) of an index goes."""
    return output if number == 0 else output / f"part-{number + 1}"


def pagefind_command(site: Path, output: Path) -> tuple[list[str], dict[str, str]]:
    """The command line that indexes `site` into `output`, and its environment (no
    PAGEFIND_ settings of the user's leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
            "--silent"], env


class Indexing:
    """Pagefind at work on the parts of a site (folders of pages), one run after another in
    a thread, while its caller goes on with other things.

    The index goes into `output` (its parts in part_folder); `nice`: at low priority (the
    background job's, which must not slow down the next edit). Pagefind runs in an empty
    folder made in `scratch` (a folder its caller clears even when killed), or in the
    system's temporary folder.
    """

    def __init__(self, sites: Sequence[Path], output: Path, nice: bool = False,
                 scratch: Path | None = None) -> None:
        self.output, self.nice = output, nice
        self.cwd = tempfile.mkdtemp(prefix="aze-pagefind-", dir=scratch)  # no stray pagefind.yml
        # removed however this ends (a run given up without `finish` or `stop` included)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.cwd, ignore_errors=True)
        self.process: subprocess.Popen[str] | None = None
        self.error: str | None = None
        self.stopped = False
        self.lock = threading.Lock()  # the process being started or killed
        self.thread = threading.Thread(target=self._run, args=(list(sites),), daemon=True,
                                       name="aze-pagefind")
        self.thread.start()

    def _run(self, sites: list[Path]) -> None:
        try:
            self._run_parts(sites)
        except OSError as exc:
            self.error = f"could not write the search index: {exc}"

    def _run_parts(self, sites: list[Path]) -> None:
        for number, site in enumerate(sites):
            bundle = part_folder(self.output, number)
            self.error = self._index(site, bundle)
            if self.error:
                return
            if number:
                _trim(bundle)
        others = [part_folder(self.output, n) for n in range(1, len(sites))]
        if others:
            stabilise(self.output, _union(filters_of(part) for part in others))
        (self.output / PARTS).write_text(
            json.dumps([f"{part.relative_to(self.output).as_posix()}/" for part in others]),
            encoding="utf-8")

    def _index(self, site: Path, bundle: Path) -> str | None:
        command, env = pagefind_command(site, bundle)
        with self.lock:
            if self.stopped:
                return "pagefind was stopped"
            try:
                self.process = subprocess.Popen(  # noqa: S603 (no shell)
                    [*nice_command(self.nice), *command], cwd=self.cwd, env=env, text=True,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except OSError as exc:
                return f"could not run pagefind: {exc}"
        out, err = self.process.communicate()
        return _outcome(bundle, self.process.returncode, out, err)

    def finish(self, timeout: float | None = None) -> str | None:
        """Wait for the index (at most `timeout` seconds); the problem, if it failed."""
        try:
            self.thread.join(timeout)
            if self.thread.is_alive():
                self.kill()
                self.thread.join()
                return f"pagefind did not finish within {timeout:.0f} s"
            return self.error
        finally:
            self._cleanup()

    def kill(self) -> None:
        """End Pagefind now (from another thread: the one in `finish` then returns)."""
        with self.lock:
            self.stopped = True
            if self.process is not None and self.process.poll() is None:
                self.process.kill()

    def stop(self) -> None:
        """End Pagefind and clear up, when nobody waits in `finish`."""
        self.kill()
        self.thread.join()
        self._cleanup()


def _union(found: Iterable[Filters]) -> Filters:
    every: Filters = {}
    for filters in found:
        for language, names in filters.items():
            for name, values in names.items():
                every.setdefault(language, {}).setdefault(name, set()).update(values)
    return every


def _trim(part: Path) -> None:
    """A merged part is read with the first part's code and WebAssembly: keep its index."""
    for path in part.iterdir():
        if path.is_file() and not path.name.endswith((".json", ".pf_meta")):
            path.unlink()


def nice_command(wanted: bool) -> list[str]:
    """The `nice` command that lowers a child's priority, where there is one."""
    found = shutil.which("nice") if wanted else None
    return [found, "-n", "10"] if found else []


def deadline(pages: int) -> float:
    """How long Pagefind may take for this many pages before it counts as failed (it
    indexes about 200 pages a second here; a hung run must not hang the build)."""
    return 120.0 + pages * 0.05


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
