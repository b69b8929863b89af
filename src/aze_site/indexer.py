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
from pathlib import Path

from aze_site import search
from aze_site.pagefind_stable import stabilise
from aze_site.writer import exchange

PID_FILE = "search-job.pid"
MARK = "aze_site.indexer"  # in the command line of a job: a pid is ours only if it has it


def start(out: Path, cache_dir: Path) -> None:
    """Index `out` in the background (see the module's docstring)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", MARK, str(out)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd=out.parent)
    (cache_dir / PID_FILE).write_text(str(process.pid), encoding="ascii")


def running(cache_dir: Path) -> int | None:
    """The process id of a job still at work, if there is one."""
    try:
        pid = int((cache_dir / PID_FILE).read_text(encoding="ascii"))
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if MARK.encode() in command else None


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
        command, env = search.pagefind_command(out, fresh)
        done = subprocess.run(command, cwd=tmp, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, check=False)
        if done.returncode != 0 or not (fresh / "pagefind-entry.json").is_file():
            return False
        stabilise(fresh)
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
