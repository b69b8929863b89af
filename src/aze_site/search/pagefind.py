"""Site search with Pagefind: a static index of the documents, written before the output is published.

Pagefind (the `pagefind[extended]` package: its binary ships in a PyPI wheel) reads the HTML
pages that carry `data-pagefind-body` and writes /pagefind/: the index in fragments, the
search library and the default UI. The build hands it a folder of the indexed pages
alone, dealt into parts of PART_PAGES, which Pagefind indexes one at a time in a process
of their own (`parts.py`, which makes each part's folder of links while Pagefind indexes
the part before; `merge.py` makes them one index); the build keeps the index in its cache
under the digest of those pages, and the same pages give the same bytes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path

BUNDLE = "pagefind"
UI_FILES = ("pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css")
SEARCH_URL = "/search/"
# The documents: what a search should answer with. Species and country pages are made
# from the factsheets, and every word they hold is in a factsheet too (the species'
# scientific and common names, status, group and country); indexing them would double
# the index and its time and memory, and answer each search twice.
INDEXED_KINDS = frozenset({"page", "site", "news"})
PART_PAGES = 500  # pages Pagefind indexes at a time: about 100 MB of its memory (parts.py)
PROBLEM = 3  # the indexer's exit status when the last line of its errors says what failed

Page = tuple[str, str, str]  # output path, the file holding its bytes, their digest
PAGES_FILE = "pages.json"  # the indexer's list of pages, in the folder it runs in


def indexed(kind: str, template: str) -> bool:
    """Pages whose text search finds: content pages, site factsheets and news (not the home
    page, listings, species or country pages, credits or the 404 page)."""
    return kind in INDEXED_KINDS and template != "home.html"


class Indexing:
    """Pagefind at work on pages, while its caller goes on with other things.

    The index of `pages` goes into `output`. The indexer links the pages into `site`, a
    folder it makes (the caller removes it: at 20,000 sites it holds 20,000 links, whose
    removal an edit's build must not wait for). `nice`: at low priority (the background
    job's, which must not slow down the next edit). Pagefind runs in an empty folder made
    in `scratch` (a folder its caller clears even when killed), or in the system's
    temporary folder.
    """

    def __init__(self, pages: Sequence[Page], site: Path, output: Path, nice: bool = False,
                 scratch: Path | None = None, kept: Path | None = None) -> None:
        self.bundle = output
        self.cwd = tempfile.mkdtemp(prefix="aze-pagefind-", dir=scratch)  # no stray pagefind.yml
        # removed however this ends (a run given up without `finish` or `stop` included)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.cwd, ignore_errors=True)
        self.process: subprocess.Popen[str] | None = None
        self.error: str | None = None
        listed = Path(self.cwd) / PAGES_FILE
        command = [*module_command("aze_site.search.parts"), str(listed), str(site),
                   str(self.bundle), *([str(kept)] if kept is not None else [])]
        try:
            write_pages(pages, listed)
            self.process = subprocess.Popen([*nice_command(nice), *command],  # noqa: S603 (no shell)
                                            cwd=self.cwd, text=True,
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


# The folder this aze-site is imported from. A child started as `python -m` in another
# folder would import whichever aze-site its own path finds first: none, or another
# version (a relative PYTHONPATH, a checkout run without being installed, another
# checkout installed since this process started). `module_command` makes it run this one.
CODE_ROOT = str(Path(__file__).resolve().parent.parent.parent)
_BOOT = """\
import importlib.util, os, runpy, sys
root, module = sys.argv.pop(1), sys.argv.pop(1)
found = importlib.util.find_spec("aze_site")
if found is None or os.path.realpath(found.origin or "") != os.path.join(root, "aze_site", "__init__.py"):
    sys.path.insert(0, root)
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def module_command(module: str) -> list[str]:
    """`python -m module` running this process's aze-site (see CODE_ROOT); the path it is
    imported from goes first only where another aze-site would be found (an installed
    one's folder holds other packages too)."""
    return [sys.executable, "-c", _BOOT, CODE_ROOT, module]


def nice_command(wanted: bool) -> list[str]:
    """The `nice` command that lowers a child's priority, where there is one."""
    found = shutil.which("nice") if wanted else None
    return [found, "-n", "10"] if found else []


def deadline(pages: int) -> float:
    """How long Pagefind may take for this many pages before it counts as failed (it
    indexes about 200 pages a second here; a hung run must not hang the build)."""
    return 120.0 + pages * 0.05


def write_pages(pages: Sequence[Page], path: Path) -> None:
    path.write_text(json.dumps([[rel, str(src), digest] for rel, src, digest in pages]),
                    encoding="utf-8")


def read_pages(path: Path) -> list[Page]:
    return [(rel, src, digest) for rel, src, digest in
            json.loads(path.read_text(encoding="utf-8"))]


def _outcome(bundle: Path, returncode: int, stdout: str, stderr: str) -> str | None:
    if returncode != 0:
        detail = (stderr or stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit status {returncode}"
        return last if returncode == PROBLEM else f"search indexing failed: {last}"
    if not (bundle / "pagefind-entry.json").is_file():
        return "pagefind wrote no index"
    return None
