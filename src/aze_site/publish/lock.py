"""One build of a project at a time: a lock file in .aze-cache/, held while a build runs.

A second build (or a build while `aze-site serve` rebuilds) waits for the first and
says so; the operating system releases the lock when its holder ends in any way, so a
killed build never leaves a project locked. `serve` also holds a lock of its own for as
long as it runs (`lasting_lock`): a second server is refused, not made to wait.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = "build.lock"


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "another aze-site process"
    except OSError:
        return "another aze-site process"


@contextmanager
def project_lock(cache: Path, what: str, say: Callable[[str], None] | None = None,
                 timeout: float | None = None) -> Iterator[None]:
    """Hold the project's lock; waits (saying so) while another build holds it.

    Raises TimeoutError after `timeout` seconds (None: wait as long as it takes).
    """
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / LOCK
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the whole build)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if say is not None:
                say(f"waiting for {_holder(path)} to finish...")
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise TimeoutError(f"{_holder(path)} still holds the project") from None
                    time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{what} (pid {os.getpid()})\n")
        handle.flush()
        yield
    finally:
        try:
            handle.seek(0)
            handle.truncate()
        except OSError:
            pass
        handle.close()  # releases the lock


def lasting_lock(path: Path) -> int | None:
    """Take the lock of `path`: a file descriptor, held until it is closed (or its process
    ends); None when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def write_holder(fd: int, holder: str) -> None:
    """Say in a held lock's file who holds it (read by whoever finds it taken)."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, holder.encode("utf-8"), 0)
