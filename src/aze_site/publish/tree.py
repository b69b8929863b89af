"""Where outputs go: a staging folder swapped in atomically, never outside it.

The build writes into `.<out>.staging-*` beside the output folder; on success the
staging folder replaces the output in one rename (an atomic exchange on Linux), so
a failed or killed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_RENAME_EXCHANGE = 2


class OutsideOutput(Exception):
    """A computed output path escaped the output folder."""


class StagingWriter:
    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-",
                                             dir=self.out.parent))

    def target(self, rel: str) -> Path:
        # The staging folder holds no links, so a normalised path that stays under it is
        # inside it (and this costs no system call for each of thousands of pages).
        path = os.path.normpath(os.path.join(self.staging, rel))
        if not path.startswith(str(self.staging) + os.sep):
            raise OutsideOutput(rel)
        return Path(path)

    def write_bytes(self, rel: str, data: bytes) -> None:
        path = self.target(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def copy(self, rel: str, source: Path) -> None:
        path = self.target(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)

    def link(self, rel: str, source: Path) -> None:
        """Publish a file that exists already (cache, last build) without copying its bytes."""
        path = self.target(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, path)
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copyfile(source, path)

    def publish(self) -> None:
        """Swap the staging folder in as the output folder."""
        os.chmod(self.staging, 0o755)
        if self.out.exists() and exchange(self.staging, self.out):
            retire(self.staging, self.out)  # the staging name now holds the old site
            return
        old = self.out.with_name(f".{self.out.name}.old")
        if self.out.exists():
            os.replace(self.out, old)
        os.replace(self.staging, self.out)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


BACKGROUND_REMOVAL = 400  # folders: past this, an old site is deleted after the command


def retire(old_site: Path, out: Path) -> None:
    """Delete the site that was replaced. Deleting thousands of folders can take seconds on
    some file systems, so a large one is renamed and deleted by a detached process."""
    folders = sum(1 for _ in zip(range(BACKGROUND_REMOVAL), old_site.rglob("*/"), strict=False))
    if folders < BACKGROUND_REMOVAL:
        shutil.rmtree(old_site, ignore_errors=True)
        return
    retired = out.with_name(f".{out.name}.retired-{os.getpid()}-{time.time_ns()}")
    os.replace(old_site, retired)
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
         str(retired)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _clean_leftovers(out: Path) -> None:
    """Remove staging folders of killed builds; restore an output lost mid-swap."""
    old = out.with_name(f".{out.name}.old")
    if old.exists() and not out.exists():
        os.replace(old, out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for retired in out.parent.glob(f".{out.name}.retired-*"):
        try:  # a remover at work changes the folder every moment; one idle for a minute died
            idle = time.time() - retired.stat().st_mtime
        except OSError:
            continue
        if idle > 60:
            shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


class NullWriter:
    """Renders go nowhere: for `check`, and for finding every problem of a failed build."""

    def target(self, rel: str) -> Path:
        return Path(rel)

    def write_bytes(self, rel: str, data: bytes) -> None:
        pass

    def write_text(self, rel: str, text: str) -> None:
        pass

    def copy(self, rel: str, source: Path) -> None:
        pass

    def link(self, rel: str, source: Path) -> None:
        self.copy(rel, source)

    def publish(self) -> None:
        raise RuntimeError("a NullWriter has nothing to publish")

    def discard(self) -> None:
        pass


class MemoryWriter(NullWriter):
    """Keeps every output in a dict: in-memory builds for tests and tools."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write_bytes(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    def write_text(self, rel: str, text: str) -> None:
        self.files[rel] = text.encode("utf-8")

    def copy(self, rel: str, source: Path) -> None:
        self.files[rel] = source.read_bytes()


Writer = StagingWriter | NullWriter
