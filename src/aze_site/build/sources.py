"""The build's inputs: every file of content/, templates/ and static/, by content hash.

A scan costs one `lstat` per file; a file is read and hashed only when its size, time or
inode differ from what the store remembers (as make and git do, with the hash deciding).
The engine's input nodes read from here: `file:<path>` is the hash of a file (None when
it is missing or is a symbolic link where links are not allowed) and `dir:<folder>` the
sorted list of the files under one of the LISTED folders.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from aze_site.engine import FileSig

FOLDERS = ("content", "templates", "static")
LISTED = ("content/pages", "content/news", "content/sites", "content/images", "templates",
          "static")
LINK = "link"  # a symbolic link where none is allowed (content/, templates/)
OUTSIDE = "outside"  # a link in static/ that leads out of it


@dataclass(frozen=True)
class Found:
    mtime: int
    size: int
    ino: int
    flag: str = ""  # "" a file; LINK or OUTSIDE: not used as a file


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Sources:
    """One scan of the project's sources, compared with what the store knew."""

    def __init__(self, root: Path, known: dict[str, FileSig]) -> None:
        self.root = root
        self.known = known
        self.found: dict[str, Found] = {}
        self.hashes: dict[str, str | None] = {}
        self.scan()

    def scan(self) -> None:
        found: dict[str, Found] = {}
        prefix = len(str(self.root)) + 1
        static = os.path.realpath(self.root / "static")
        for folder in FOLDERS:
            for dirpath, dirnames, filenames in os.walk(self.root / folder):
                dirnames.sort()
                names = sorted(filenames) + [d for d in dirnames
                                             if os.path.islink(os.path.join(dirpath, d))]
                for name in names:
                    path = os.path.join(dirpath, name)
                    rel = path[prefix:].replace(os.sep, "/")
                    found[rel] = _found(path, folder, static)
        self.found = found

    # -- the engine's inputs ----------------------------------------------------------------
    def file(self, rel: str) -> str | None:
        """The content hash of a source file (None: missing, or not usable as a file)."""
        if rel in self.hashes:
            return self.hashes[rel]
        found = self.found.get(rel)
        digest = None
        if found is not None and not found.flag:
            known = self.known.get(rel)
            if known is not None and (known.mtime, known.size, known.ino) == \
                    (found.mtime, found.size, found.ino):
                digest = known.hash
            else:
                digest = _hash(self.root / rel)
        self.hashes[rel] = digest
        return digest

    def listing(self, folder: str) -> tuple[tuple[str, str], ...]:
        """(path, flag) of every file under one of the LISTED folders, sorted."""
        if folder not in LISTED:
            raise ValueError(f"{folder} is not a listed folder")
        start = folder + "/"
        return tuple((rel, f.flag) for rel, f in sorted(self.found.items())
                     if rel.startswith(start))

    # -- what changed -------------------------------------------------------------------------
    def changed(self) -> tuple[set[str], set[str]]:
        """(files whose content changed, appeared or went; folders whose listing changed)."""
        files: set[str] = set()
        for rel in self.found.keys() | self.known.keys():
            before = self.known.get(rel)
            if self.file(rel) != (before.hash if before else None):
                files.add(rel)
        added_or_gone = {rel for rel in files if (rel in self.found) != (rel in self.known)}
        links = {rel for rel, f in self.found.items() if f.flag}
        folders = {folder for folder in LISTED
                   if any(rel.startswith(folder + "/") for rel in added_or_gone | links)}
        return files, folders

    def signatures(self) -> dict[str, FileSig | None]:
        """What the store should remember of each file (None: forget it)."""
        out: dict[str, FileSig | None] = {rel: None for rel in self.known.keys() - self.found.keys()}
        for rel, found in self.found.items():
            digest = self.file(rel)
            sig = FileSig(found.mtime, found.size, found.ino, digest or "")
            if self.known.get(rel) != sig:
                out[rel] = sig
        return out


def _found(path: str, folder: str, static: str) -> Found:
    try:
        st = os.lstat(path)
    except OSError:
        return Found(0, -1, 0, LINK)
    if not os.path.islink(path):
        return Found(st.st_mtime_ns, st.st_size, st.st_ino)
    if folder != "static":
        return Found(st.st_mtime_ns, st.st_size, st.st_ino, LINK)
    target = os.path.realpath(path)
    if not target.startswith(static + os.sep) or not os.path.isfile(target):
        return Found(st.st_mtime_ns, st.st_size, st.st_ino, OUTSIDE)
    real = os.stat(target)
    return Found(real.st_mtime_ns, real.st_size, real.st_ino)
