"""The build's inputs: every file of content/, templates/ and static/, by content hash.

A scan costs one `lstat` per file; a file is read and hashed only when its size, time or
inode differ from what the store remembers (as make and git do, with the hash deciding).
The engine's input nodes read from here: `file:<path>` is the hash of a file (None when
it is missing or is a symbolic link where links are not allowed) and `dir:<folder>` the
sorted list of the files under one of the LISTED folders (`dir:content`: of content/
outside them). What is not a regular file (a named pipe, a socket, a device) is listed
flagged and never opened: reading a named pipe waits for a writer that may never come.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import select
import stat
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from aze_site.engine import FileSig
from aze_site.errors import UNDECODED, UNPRINTABLE, one_line
from aze_site.files import (
    BAD_NAME,
    DANGLING,
    FOLDER,
    FOLDER_NAMES,
    LINK,
    LINKED,
    LINKED_FOLDER,
    NOT_TEXT,
    OUTSIDE,
    kind_flag,
    read_file,
    skipped_name,
)

FOLDERS = ("content", "templates", "static")
LISTED = ("content/pages", "content/news", "content/sites", "content/images", "templates",
          "static")
_IN_LISTED = tuple(f"{folder}/" for folder in LISTED)


def _content_elsewhere(rel: str) -> bool:
    """A path of content/ outside its LISTED folders (site.yaml; a stray): `dir:content`."""
    return rel.startswith("content/") and not rel.startswith(_IN_LISTED) \
        and f"{rel}/" not in _IN_LISTED


def skipped(parts: tuple[str, ...]) -> bool:
    """Whether a build leaves this path alone: an editor's temporary or backup file, or a
    tool's folder. The dev server ignores the same files, so preview and build agree."""
    return any(map(skipped_name, parts))


class Found(NamedTuple):  # a tuple: made for every file of every build, so kept cheap
    stamp: int  # the later of its modification and status-change times (`_stamp`)
    size: int
    ino: int
    flag: str = ""  # "" a file; else (LINK, OUTSIDE, FIFO...: files.FLAGGED) not used as one


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_file(path)).hexdigest()
    except OSError:
        return None


class Diff(NamedTuple):
    """A scan as compared with what the store knows: the files whose `lstat` differs (new,
    changed, or flagged: those are never taken as known) and the files gone. At 20,000
    files an edit's diff is a few entries, which is all the build then reads."""

    found: dict[str, Found]
    gone: frozenset[str]


def compare(known: dict[str, FileSig], found: dict[str, Found]) -> Diff:
    get = known.get
    moved = {}
    for rel, f in found.items():
        k = get(rel)
        if k is None or f[3] or k[0] != f[0] or k[1] != f[1] or k[2] != f[2]:
            moved[rel] = f
    return Diff(moved, frozenset(known.keys() - found.keys()))


class Sources:
    """One scan of the project's sources, compared with what the store knew."""

    def __init__(self, root: Path, known: dict[str, FileSig], diff: Diff | None = None) -> None:
        self.root = root
        self.known = known
        self.diff = diff if diff is not None else compare(known, scan(root))  # `diff`: a Scan's
        self.hashes: dict[str, str | None] = {}
        self._signatures: dict[str, FileSig | None] | None = None

    # -- the engine's inputs ----------------------------------------------------------------
    def file(self, rel: str) -> str | None:
        """The content hash of a source file (None: missing, or not usable as a file;
        LINKED: a link where none is allowed, which its reader reports)."""
        if rel in self.hashes:
            return self.hashes[rel]
        found = self.diff.found.get(rel)
        digest = None
        if found is None:  # unchanged since the store knew it, or not there at all
            known = self.known.get(rel)
            if known is not None and rel not in self.diff.gone:
                digest = known.hash
        elif not found.flag:
            digest = _hash(self.root / rel)
        elif found.flag == LINK:
            digest = LINKED
        self.hashes[rel] = digest
        return digest

    def listing(self, folder: str) -> tuple[tuple[str, str], ...]:
        """(path, flag) of every file under one of the LISTED folders, sorted; for
        `content`, of the files of content/ outside them (site.yaml, ...: `strays`)."""
        if folder not in LISTED and folder != "content":
            raise ValueError(f"{folder} is not a listed folder")
        moved = self.diff.found
        if folder in moved and moved[folder].flag == LINK:  # the folder itself: nothing in it
            return ((folder, LINK),)
        if folder == "content":
            wanted = _content_elsewhere
        else:
            start = folder + "/"

            def wanted(rel: str) -> bool:
                return rel.startswith(start)
        rels = {rel for rel in self.known if wanted(rel)} - self.diff.gone
        rels.update(rel for rel in moved if wanted(rel))
        return tuple((rel, moved[rel].flag if rel in moved else "") for rel in sorted(rels))

    # -- what changed -------------------------------------------------------------------------
    def changed(self) -> tuple[set[str], set[str]]:
        """(files whose content changed, appeared or went; folders whose listing changed)."""
        files: set[str] = set()
        sigs: dict[str, FileSig | None] = {}
        for rel, found in self.diff.found.items():
            known = self.known.get(rel)
            digest = self.file(rel)
            if digest != (known.hash if known else None):
                files.add(rel)
            sig = FileSig(found.stamp, found.size, found.ino, digest or "")
            if known != sig:
                sigs[rel] = sig
        for rel in self.diff.gone:
            files.add(rel)
            sigs[rel] = None
        self._signatures = sigs
        added_or_gone = {rel for rel in files if rel in self.diff.gone or rel not in self.known}
        # a file flagged now (a link...) or before (its flag was stored as its hash): the
        # listing, which holds the flags, changes with it
        flagged = {rel for rel, f in self.diff.found.items()
                   if f.flag or _was_flagged(self.known.get(rel))}
        touched = added_or_gone | flagged
        folders = {folder for folder in LISTED if any(rel.startswith(folder + "/") for rel in touched)}
        if any(map(_content_elsewhere, touched)):
            folders.add("content")
        return files, folders

    def signatures(self) -> dict[str, FileSig | None]:
        """What the store should remember of each file that changed (None: forget it)."""
        if self._signatures is None:
            self.changed()
        return dict(self._signatures or {})


def _was_flagged(known: FileSig | None) -> bool:
    """The store knew the file as flagged: a link (LINKED), or not usable as a file (no hash)."""
    return known is not None and known.hash in (LINKED, "")


def scan(root: Path) -> dict[str, Found]:
    """Every file of the project's source folders, as found on disk now."""
    found: dict[str, Found] = {}
    prefix = len(str(root)) + 1
    static = os.path.realpath(root / "static")
    for folder in FOLDERS:
        _walk(str(root / folder), prefix, folder, static, found)
    return found


def _pack(diff: Diff) -> bytes:
    """A diff as columns: a pickle of 20,000 named tuples takes ten times as long."""
    found = diff.found
    flagged = {rel: f for rel, f in found.items() if f.flag}
    columns = ("\0".join(found), [f[0] for f in found.values()], [f[1] for f in found.values()],
               [f[2] for f in found.values()], flagged, tuple(diff.gone))
    return pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(data: bytes) -> Diff:
    rels, stamps, sizes, inos, flagged, gone = pickle.loads(data)  # noqa: S301 (from our child)
    found = dict(zip(rels.split("\0") if rels else (),
                     map(partial(tuple.__new__, Found), zip(stamps, sizes, inos, repeat(""))),
                     strict=True))
    found.update(flagged)
    return Diff(found, frozenset(gone))


class Scan:
    """A scan made by a forked child while this process goes on (it loads the site's code
    if the scan is still running), compared there with what the store knows: at 20,000
    files the lstat calls are a fifth of a one-edit build. Without fork, the scan is made
    here, at `result`."""

    def __init__(self, root: Path, known: dict[str, FileSig]) -> None:
        self.root = root
        self.known = known
        self.pid = 0
        self.fd = -1
        try:
            fd, out = os.pipe()
            pid = os.fork()
        except (OSError, AttributeError):
            return
        if pid == 0:  # the child: never returns
            status = 1
            try:
                os.close(fd)
                with os.fdopen(out, "wb") as pipe:
                    pipe.write(_pack(compare(known, scan(root))))
                status = 0
            finally:
                os._exit(status)  # no cleanup of the parent's state in the child
        os.close(out)
        self.pid, self.fd = pid, fd

    def running(self) -> bool:
        return self.pid != 0 and not select.select([self.fd], [], [], 0)[0]

    def result(self) -> Diff:
        data = self.close()
        if data:
            return _unpack(data)
        return compare(self.known, scan(self.root))

    def close(self) -> bytes:
        """The child's answer (b"": it failed, or there is no child); it is waited for."""
        if not self.pid:
            return b""
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return data if status == 0 else b""


def _walk(top: str, prefix: int, folder: str, static: str, found: dict[str, Found]) -> None:
    """Every file under `top` (a link, to a file or a folder, is a file here, flagged; so is
    what is no file, and a folder of content/ named like a file, `x.md/`, beside its files).
    One `lstat` per name, nothing else: the cheapest look Python has at 20,000 files."""
    lstat, is_dir, is_link, is_file = os.lstat, stat.S_ISDIR, stat.S_ISLNK, stat.S_ISREG
    content = folder == "content"
    folders = [top]
    while folders:
        where = folders.pop()
        try:
            names = os.listdir(where)  # in the folder's order: what reads them sorts them
        except OSError:
            continue
        for name in names:
            if skipped_name(name):
                continue
            path = f"{where}{os.sep}{name}"
            rel = path[prefix:] if os.sep == "/" else path[prefix:].replace(os.sep, "/")
            flag = _bad_name(name)
            if flag:  # kept out of every list of names: reported, escaped
                found[one_line(rel)] = Found(0, -1, 0, flag)
                continue
            try:
                st = lstat(path)
            except OSError:  # gone since the listing
                continue
            if is_file(st.st_mode):
                found[rel] = Found(_stamp(st), st.st_size, st.st_ino)
            elif is_dir(st.st_mode):
                folders.append(path)
                if content and name.endswith(FOLDER_NAMES):
                    found[rel] = Found(_stamp(st), 0, st.st_ino, FOLDER)
            elif is_link(st.st_mode):
                found[rel] = _found(path, folder, static)
            else:  # a named pipe, a socket, a device: never opened
                found[rel] = Found(_stamp(st), st.st_size, st.st_ino, kind_flag(st.st_mode))


def _bad_name(name: str) -> str | None:
    """A flag for a name no list of names may hold: it breaks a diagnostic's line, or it
    cannot be written as UTF-8 (in the build's records, in a page's address)."""
    if UNDECODED.search(name):
        return NOT_TEXT
    return BAD_NAME if UNPRINTABLE.search(name) else None


def _stamp(st: os.stat_result) -> int:
    """When the file last changed: its modification time, or its status-change time when
    that is later. A write sets both; a tool that puts an old modification time back
    (`touch -d`, `cp -p`, `rsync -t --inplace`) cannot set the other, so an edit of the same
    size in the same inode is still seen (as git sees it)."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


def _found(path: str, folder: str, static: str) -> Found:
    try:
        st = os.lstat(path)
    except OSError:
        return Found(0, -1, 0, LINK)
    if not stat.S_ISLNK(st.st_mode):  # replaced since the listing
        flag = "" if stat.S_ISREG(st.st_mode) else kind_flag(st.st_mode)
        return Found(_stamp(st), st.st_size, st.st_ino, flag)
    if folder != "static":
        return Found(_stamp(st), st.st_size, st.st_ino, LINK)
    target = os.path.realpath(path)
    if not target.startswith(static + os.sep):
        return Found(_stamp(st), st.st_size, st.st_ino, OUTSIDE)
    try:
        real = os.stat(target)
    except OSError:
        return Found(_stamp(st), st.st_size, st.st_ino, DANGLING)
    if not stat.S_ISREG(real.st_mode):  # a folder, a named pipe: never opened
        flag = LINKED_FOLDER if stat.S_ISDIR(real.st_mode) else kind_flag(real.st_mode)
        return Found(_stamp(st), st.st_size, st.st_ino, flag)
    return Found(_stamp(real), real.st_size, real.st_ino)
