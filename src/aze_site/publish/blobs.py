"""Outputs waiting to be published, stored by content hash.

Workers write into the same folder at once (`new/`), each file created exclusively under
its hash (a second writer of the same bytes leaves it to the first). Nothing reads a
blob before every worker has finished, and `new/` starts empty for each build, so a file
cut short by a killed build is never taken for a whole one. Published trees take the
files by hard link, so publishing copies no bytes.

Once a build is published, its new blobs move to `kept/`: the bytes of every file of
the published site that no source file holds (pages, cards, data), as hard links to the
published files, so they cost no space. With them a new output folder (a fresh clone
whose `.aze-cache/` a CI cache restored) is filled without rendering anything again; a
blob is checked against its hash before it is used so. `Memory` keeps the blobs in a
dict instead (in-memory builds for tests and tools).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from aze_site.files import atomic_write
from aze_site.publish.modes import make_folders


class Blobs:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.new = folder / "new"  # this build's outputs
        self._new = str(self.new)
        self.taken = folder / "taken"  # copies of files of the photo and search caches
        self.kept = folder / "kept"  # the published site's own outputs, kept across builds
        self.clear()  # what a killed build left may be cut short

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self.path(digest)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return digest  # the same bytes, written by this build
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self.put(data)
        os.fchmod(fd, 0o644)  # whatever the umask: published files are readable by everyone
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return digest

    def take(self, source: Path, digest: str) -> Path:
        """A copy of `source` among the blobs, checked against its hash: a file of the photo
        cache is copied, never linked, so damage to the cache never reaches a published site."""
        path = self.taken / digest[:2] / digest
        if not path.exists():
            data = source.read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise ValueError(f"{source} changed while the build ran")
            atomic_write(path, data)
        return path

    def path(self, digest: str) -> Path:
        return Path(self.file(digest))

    def file(self, digest: str) -> str:
        """`path` as a string: publishing names 100,000 of them at 20,000 sites."""
        return f"{self._new}/{digest[:2]}/{digest}"

    def kept_path(self, digest: str) -> Path:
        return self.kept / digest[:2] / digest

    def read(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def clear(self) -> None:
        shutil.rmtree(self.new, ignore_errors=True)
        shutil.rmtree(self.taken, ignore_errors=True)

    def keep(self) -> None:
        """After a publish: this build's outputs join the kept ones (moved, not copied)."""
        if not self.new.is_dir():
            return
        if not self.kept.exists():  # a build from nothing: all of them at once
            self.new.rename(self.kept)
            return
        for sub in os.scandir(self.new):
            (self.kept / sub.name).mkdir(exist_ok=True)
            for blob in os.scandir(sub.path):
                os.replace(blob.path, self.kept / sub.name / blob.name)

    def forget(self) -> None:
        """An empty store: no kept output stands any more."""
        shutil.rmtree(self.kept, ignore_errors=True)

    def whole(self, digests: Iterable[str]) -> bool:
        """Every one of these outputs is kept, with the bytes its hash says."""
        for digest in digests:
            try:
                data = self.kept_path(digest).read_bytes()
            except OSError:
                return False
            if hashlib.sha256(data).hexdigest() != digest:
                return False
        return True

    def sweep(self, digests: set[str]) -> None:
        """Remove the kept blobs no published file has any more (`digests`: those it has)."""
        if not self.kept.is_dir():
            return
        for sub in os.scandir(self.kept):
            for blob in os.scandir(sub.path):
                if blob.name not in digests:
                    os.unlink(blob.path)


class Memory:
    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.data[digest] = data
        return digest

    def read(self, digest: str) -> bytes:
        return self.data[digest]

    def clear(self) -> None:
        self.data.clear()


def link_or_copy(source: str | os.PathLike[str], target: Path) -> None:
    """Put `source` at `target` in a tree no reader sees (the spare folder, a new tree):
    the old file is removed, then the new one linked. A build killed in between leaves
    the file missing, which the journal names for the next build to put again; a
    temporary name inside the tree would be left there, and published with it."""
    try:
        if os.path.samefile(source, target):
            return  # already there
    except OSError:
        pass
    make_folders(target.parent)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:  # put back meanwhile: once more
        target.unlink()
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
        os.chmod(target, 0o644)


class MemoryWriter:
    """Receives every output of an in-memory build (`build(options, memory=...)`)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
