"""The search index brought up to date after `aze-site build` has returned.

Re-indexing 50,000 pages takes Pagefind over a minute, and it cannot add one page to an
index. So after an incremental build the pages are published at once and this detached,
low-priority process indexes them; the finished index replaces `pagefind/` in one atomic
swap, and until then the previous one answers. The next build stops a job still at work
(`stop`) before it changes any page, and starts a new one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aze_site.publish.tree import exchange
from aze_site.search import pagefind as search

PID_FILE = "search-job.pid"
_started: list[subprocess.Popen[bytes]] = []
MARK = "aze_site.search.job"


def start(out: Path, cache_dir: Path) -> None:
    """Index `out` in the background (see the module's docstring)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", MARK, str(out)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd=out.parent)
    (cache_dir / PID_FILE).write_text(f"{process.pid} {_started_at(process.pid)}",
                                      encoding="ascii")
    _started.append(process)  # it outlives this call (and, detached, this process)


def _started_at(pid: int) -> str | None:
    """When a live process started (None: none, or a zombie): with its pid, it names one
    process whatever pids are reused later."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after the command name, which may hold spaces
    return None if fields[0] in ("Z", "X") else fields[19]


def running(cache_dir: Path) -> int | None:
    """The process id of a job still at work, if there is one."""
    try:
        pid_text, started = (cache_dir / PID_FILE).read_text(encoding="ascii").split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return pid if _started_at(pid) == started else None


def wait(cache_dir: Path, timeout: float = 600.0) -> bool:
    """Wait for a job at work to finish; False if it still works after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while running(cache_dir) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def wait_all(timeout: float = 600.0) -> None:
    """Wait for the jobs this process started (tests; the command line never waits)."""
    for process in _started:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _started.clear()


def stop(cache_dir: Path, out: Path) -> None:
    """Stop a job at work (its pages are about to change) and clear what it left."""
    pid = running(cache_dir)
    if pid is not None:
        try:
            os.killpg(pid, signal.SIGKILL)  # the job and its Pagefind
        except OSError:
            pass
    (cache_dir / PID_FILE).unlink(missing_ok=True)
    for leftover in out.parent.glob(f".{out.name}.search-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def reindex(out: Path) -> bool:
    """Index `out` afresh and swap the new index in; False if Pagefind failed."""
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.search-", dir=out.parent) as tmp:
        fresh = Path(tmp) / "index"
        if search.Indexing(out, fresh).finish() is not None:
            return False
        swap_in(fresh, out / search.BUNDLE, Path(tmp) / "old")
    return True


def swap_in(fresh: Path, target: Path, old: Path) -> None:
    """Put the folder `fresh` where `target` is, in one step where the system allows."""
    if target.exists() and exchange(fresh, target):
        return  # `fresh` now holds the old index, removed with its temporary folder
    if target.exists():
        target.rename(old)
    fresh.rename(target)


if __name__ == "__main__":
    sys.exit(0 if reindex(Path(sys.argv[1])) else 1)
