"""The search index of a build: a value of the pages it indexes, made now or in the background.

The index is keyed by a digest of every indexed page (path and content hash), kept as a
sum so a build updates it from the pages it changed alone. `meta['search_built']` is the
digest the published `pagefind/` answers for; when it differs from the pages' digest the
index is stale, and the build either indexes now (a build from nothing,
`--wait-for-search`, a build that rounds a position the index gave precisely) or starts
a background job (`search_job`), which publishes the new
index only if the pages are still the ones it indexed. A later build stops a running job
and carries its work on; a build with nothing to do starts one if the index is stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from aze_site.publish.modes import UMASK
from aze_site.search import pagefind
from aze_site.search.pagefind import BUNDLE
from aze_site.search.parts import whole

MODULUS = 1 << 256
PARTS = "parts"  # in the cache's search folder: the parts' indexes, by their pages' digest


def page_term(rel: str, digest: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{rel}\0{digest}".encode()).digest(), "big")


def updated_sum(total: int, old: dict[str, str | None], new: dict[str, str | None]) -> int:
    """The digest of the indexed pages after some changed (`old`/`new`: path -> hash, None:
    not an indexed page)."""
    for rel, digest in old.items():
        if digest is not None:
            total -= page_term(rel, digest)
    for rel, digest in new.items():
        if digest is not None:
            total += page_term(rel, digest)
    return total % MODULUS


def cache_folder(cache: Path, total: int) -> Path:
    """Where the index of these pages (`total`) made on this disk is kept (see
    `listing_order`)."""
    return cache / "search" / f"{total:064x}-{listing_order(cache)}"


ORDER_PROBE = "order"  # in the cache's search folder: names listed to learn the disk's order
PROBE_NAMES = tuple(f"probe-{n:03d}" for n in range(400))  # past one block: hashed on ext4


def listing_order(cache: Path) -> str:
    """How this disk orders a large folder's names, as a short digest. Pagefind numbers the
    pages in the order the file system lists them (on ext4 a hash seeded per disk), so an
    index kept in a cache restored on another machine is not the index this machine makes
    of the same pages: it is kept under this digest, and not found there. The folder of
    names is listed (a fraction of a millisecond), made once."""
    probe = _folder(cache) / ORDER_PROBE
    try:
        names = os.listdir(probe)
    except OSError:
        names = []
    if sorted(names) != list(PROBE_NAMES):
        _make_probe(cache, probe)
        names = os.listdir(probe)
    return hashlib.blake2b("/".join(names).encode(), digest_size=6).hexdigest()


def _make_probe(cache: Path, probe: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"new-{os.getpid()}-", dir=_folder(cache)))
    for name in PROBE_NAMES:
        (work / name).touch()
    shutil.rmtree(probe, ignore_errors=True)
    try:
        os.replace(work, probe)
    except OSError:  # made meanwhile by another build: that one is as good
        shutil.rmtree(work, ignore_errors=True)


def bundle_files(folder: Path) -> dict[str, Path]:
    """Output path -> file of every file of an index folder (`os.walk` tells files from
    folders by the listing; `rglob` and `is_file` cost a `stat` a file, 2 s at 20,000 sites)."""
    found: dict[str, Path] = {}
    for current, _, names in os.walk(folder):
        inside = Path(current).relative_to(folder).as_posix()
        prefix = BUNDLE if inside == "." else f"{BUNDLE}/{inside}"
        found.update((f"{prefix}/{name}", Path(current, name)) for name in names)
    if UMASK & 0o644:  # published as they are (linked): readable by everyone, as every file
        for path in found.values():
            os.chmod(path, 0o644)
    return dict(sorted(found.items()))


def make_index(pages: list[pagefind.Page], cache: Path, total: int, nice: bool = False) -> \
        tuple[Path | None, str | None]:
    """The index of `pages` (output path, file, digest of its bytes), from the cache or made
    by Pagefind now: (its folder, None) or (None, the problem). Pagefind reads a folder of
    links to these pages alone, not every file of the site."""
    kept = cache_folder(cache, total)
    if whole(kept):
        return kept, None
    work = Path(tempfile.mkdtemp(prefix=f"new-{os.getpid()}-", dir=_folder(cache)))
    try:
        error = pagefind.Indexing(pages, work / "site", work / "index", nice=nice, scratch=work,
                                  kept=_parts(cache)).finish(pagefind.deadline(len(pages)))
        if error:
            return None, error
        _prune(cache, kept)
        os.replace(work / "index", kept)
        return kept, None
    except OSError as exc:
        return None, f"could not keep the search index: {exc}"
    finally:
        discard(work)


class EarlyIndex:
    """Pagefind at work on a build's pages as soon as they exist (a build from nothing),
    while the build goes on with links, photos and cards."""

    def __init__(self, pages: list[pagefind.Page], cache: Path) -> None:
        self.pages = len(pages)
        self.work = Path(tempfile.mkdtemp(prefix=f"new-{os.getpid()}-", dir=_folder(cache)))
        self.indexing = pagefind.Indexing(pages, self.work / "site", self.work / "index",
                                          scratch=self.work, kept=_parts(cache))

    def finish(self, cache: Path, total: int) -> tuple[Path | None, str | None]:
        try:
            error = self.indexing.finish(pagefind.deadline(self.pages))
            if error:
                return None, error
            kept = cache_folder(cache, total)
            discard(kept)
            _prune(cache, kept)
            os.replace(self.work / "index", kept)
            return kept, None
        finally:
            discard(self.work)

    def stop(self) -> None:
        self.indexing.stop()
        discard(self.work)


def _prune(cache: Path, kept: Path) -> None:
    """Keep one index in the cache: the one just made (and its parts' indexes). Each other
    is renamed before it is removed: a removal cut short (Ctrl-C, a job killed) left it
    with its entry file and some of its files, which the next index of its pages took as
    whole and published."""
    for old in _folder(cache).iterdir():
        if old.name not in (kept.name, PARTS, ORDER_PROBE) and \
                not old.name.startswith(("new-", "trash-")):
            discard(old)


def _parts(cache: Path) -> Path:
    """Where the index of each part of the pages is kept (see search/parts.py)."""
    return _folder(cache) / PARTS


def _folder(cache: Path) -> Path:
    folder = cache / "search"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- the background job ----------------------------------------------------------------------

def _pid_file(store: Path) -> Path:
    return store.with_suffix(".search-job")


def _started_at(pid: int) -> str | None:
    """When a live process started (with its pid, it names one process)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return None if fields[0] in ("Z", "X") else fields[19]


def running(store: Path) -> int | None:
    try:
        pid_text, started = _pid_file(store).read_text(encoding="ascii").split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return pid if _started_at(pid) == started else None


def start_job(root: Path, out: Path, store: Path) -> None:
    """Index in the background (see search_job); its pid is kept beside the store."""
    with open(store.with_suffix(".search-job.log"), "w", encoding="utf-8") as log:
        process = subprocess.Popen(  # noqa: S603 (no shell: this interpreter, paths we chose)
            [*pagefind.nice_command(True), *pagefind.module_command("aze_site.build.search_job"),
             str(root), str(out), str(store)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, cwd=root)
    _pid_file(store).write_text(f"{process.pid} {_started_at(process.pid)}", encoding="ascii")
    _children.append(process)
    _reap()


_children: list[subprocess.Popen[bytes]] = []


def _reap() -> None:
    """Collect the jobs that have ended: a process that starts one at each save (`serve`)
    would otherwise keep a defunct entry for each until it exits."""
    _children[:] = [process for process in _children if process.poll() is None]


def stop_job(store: Path, cache: Path) -> None:
    """Stop a job at work (the pages are about to change) and clear what it left."""
    pid = running(store)
    if pid is not None:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # the job and its Pagefind
        for process in _children:
            if process.pid == pid:
                process.wait()  # killed: ends at once
    _reap()
    _pid_file(store).unlink(missing_ok=True)
    folder = cache / "search"
    for leftover in folder.glob("new-*") if folder.is_dir() else ():
        if _abandoned(leftover, pid):
            discard(leftover)


_discarded = itertools.count()


def discard(folder: Path) -> None:
    """Remove a work folder without waiting: renamed aside at once, then deleted by a
    process of its own at low priority (the links to 20,000 pages take seconds to remove,
    which an edit's build must not wait for). What such a process leaves, the next
    discard removes."""
    # numbered: a folder of the same name discarded before may still be being removed
    trash = folder.with_name(f"trash-{os.getpid()}-{next(_discarded)}-{folder.name}")
    try:
        os.replace(folder, trash)
    except OSError:
        return
    shell = shutil.which("sh")
    if shell is None:
        shutil.rmtree(trash, ignore_errors=True)
        return
    old = [str(p) for p in folder.parent.glob("trash-*") if _abandoned(p, os.getpid())]
    # the shell leaves `rm` running on its own and ends: nothing of ours waits for it
    subprocess.run([shell, "-c", '"$@" &', "sh", *pagefind.nice_command(True),  # noqa: S603
                    "rm", "-rf", "--", *old], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                   check=False)


def _abandoned(folder: Path, mine: int | None) -> bool:
    """A work folder (`<kind>-<pid>-...`) of process `mine` or of one that has ended."""
    owner = folder.name.split("-")[1]
    return not owner.isdigit() or int(owner) == mine or _started_at(int(owner)) is None


def wait_job(store: Path, timeout: float = 900.0) -> bool:
    """Wait for a job at work; False if it still works after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while running(store) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def wait_children(timeout: float = 600.0) -> None:
    """Wait for the jobs this process started (tests; the command line never waits)."""
    for process in _children:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _children.clear()
