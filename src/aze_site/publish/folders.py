"""Publishing: the output folder changes from the old site to the new one in one rename.

Beside the output folder (`public/`) lives its spare twin (`.public.aze-spare/`), which
holds the site as it was one build earlier; both trees share their files by hard link.
A build brings the spare up to date (the few files the last build changed), writes its
own changes into it, records the new state in the store, and exchanges the two folders
with one atomic `renameat2(RENAME_EXCHANGE)`. So whatever the kind of build and however
few files it changes, a build killed at any moment leaves either the complete old site
or the complete new one, and costs time in proportion to what changed.

A build from nothing writes a whole new tree beside the output folder, clones it as the
spare, and swaps it in. A build after which the old site must not stay (it gave a place
more precisely) removes the spare once the new site is out; the next update clones it
again from the output folder. A publish cut short after its store commit is finished by the
next build (`recover`); a folder that is not as the store says makes a build from nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from aze_site.errors import UsageError
from aze_site.publish.blobs import link_or_copy
from aze_site.publish.modes import make_folder, make_folders


@dataclass(frozen=True)
class TreeState:
    """What the store knows of the two folders."""

    out_ino: int  # the output folder's inode once this state is published
    spare_ino: int
    stale: tuple[str, ...] = ()  # files where the spare may differ from the output folder
    staging: str = ""  # a build from nothing: its tree, until it is swapped in


class OutsideOutput(Exception):
    """A computed output path would leave the output folder."""


_RENAME_EXCHANGE = 2
FilePath = str | os.PathLike[str]
Source = Callable[[str], FilePath]  # where the bytes of an output file are, by its path
Commit = Callable[[TreeState], None]
Hook = Callable[[Path, Callable[[Iterable[str]], None]], Iterable[str]]


def spare_of(out: Path) -> Path:
    return out.with_name(f".{out.name}.aze-spare")


def _ino(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def target(tree: Path, rel: str) -> Path:
    """`rel` inside `tree`, refused if it would lead outside it."""
    return Path(_inside(str(tree), rel))


def _inside(tree: str, rel: str) -> str:
    path = os.path.normpath(os.path.join(tree, rel))
    if not path.startswith(tree + os.sep) or "\0" in rel:
        raise OutsideOutput(rel)
    return path


def is_out(out: Path, state: TreeState) -> bool:
    """Whether the tree of `state` is the output folder now (swapped in)."""
    return _ino(out) == state.out_ino


def recover(out: Path, state: TreeState | None) -> TreeState | None:
    """The state, after finishing a publish cut short past its commit; None when the
    folders are not as the store says (build from nothing then)."""
    if state is None:
        return None
    spare = spare_of(out)
    if _ino(out) == state.out_ino and _ino(spare) == state.spare_ino:
        return state
    staging = Path(state.staging) if state.staging else None
    if staging is not None and _ino(staging) == state.out_ino:
        _swap_in(staging, out)
        return recover(out, replace(state, staging=""))
    if _ino(spare) == state.out_ino and _ino(out) == state.spare_ino:
        _exchange(spare, out)
        return state
    return None


def publish_all(out: Path, files: Iterable[str], source: Source, commit: Commit,
                before_swap: Callable[[Path], Iterable[str]] | None = None,
                spare: bool = True) -> TreeState:
    """Publish a whole new site (a build from nothing); `spare`: make its twin too (not
    for a build that keeps nothing)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as exc:  # the new tree is made beside the output folder
        raise UsageError(f"--out {out}: no folder can be made in {out.parent} "
                         f"({exc.strerror or exc})") from exc
    twin = spare_of(out)
    try:
        os.chmod(staging, 0o755)  # noqa: S103 (a published folder: web servers must read it)
        if twin.exists():
            retire(twin, out)
        sources = [(rel, source(rel)) for rel in sorted(files)]
        # The twin is filled by a thread at the same time: linking is system calls, which
        # run beside each other (a cold build of 5,000 sites links 25,000 files twice).
        beside = _Filling(twin, sources) if spare else None
        try:
            fill_tree(staging, sources)
            more = before_swap(staging) if before_swap is not None else None
        finally:
            if beside is not None:
                beside.join()
        if beside is not None:  # what the search index changed: in the twin too
            base = str(staging)
            fill_tree(twin, [(rel, path) for rel in more or ()
                             if os.path.isfile(path := _inside(base, rel))])
            for rel in more or ():  # an index's files it took away (a folder made again
                if not os.path.isfile(_inside(base, rel)):  # from the store's outputs)
                    _remove(twin, rel)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    state = TreeState(_ino(staging), _ino(twin), (), str(staging))
    commit(state)
    _swap_in(staging, out)
    return replace(state, staging="")


class _Filling(threading.Thread):
    """A tree filled in a thread; `join` raises what it failed with."""

    def __init__(self, tree: Path, sources: list[tuple[str, FilePath]]) -> None:
        super().__init__(name="aze-fill", daemon=True)
        self.tree, self.sources = tree, sources
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            make_folder(self.tree)
            fill_tree(self.tree, self.sources)
        except BaseException as exc:  # noqa: BLE001 (raised again by `join`)
            self.error = exc

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error


def fill_tree(tree: Path, sources: Sequence[tuple[str, FilePath]]) -> None:
    """Link every file into a new, unpublished tree: no reader sees it yet, so no
    temporary names are needed, and each folder is made once. (Strings, not Paths: at
    20,000 sites this links 100,000 files, and pathlib's objects cost seconds.)"""
    base = str(tree)
    made: set[str] = set()
    for rel, src in sources:
        path = _inside(base, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            _make_folder(folder, made, base)
        try:
            os.link(src, path)
        except FileExistsError:  # e.g. a search index file the store already knew
            link_or_copy(src, Path(path))
        except OSError:  # another file system, or no hard links: a copy
            shutil.copyfile(src, path)
            os.chmod(path, 0o644)


def _make_folder(folder: str, made: set[str], base: str) -> None:
    """`folder` and the folders above it up to the tree's root (`base`) not in `made`,
    made and added to it: a folder whose parent this build made needs no look first
    (`makedirs` looks at the parent of every folder it makes: 50,000 `stat`s at 20,000
    sites)."""
    if folder == base:
        make_folders(base)
        made.add(base)
        return
    parent = os.path.dirname(folder)
    if parent not in made:
        _make_folder(parent, made, base)
    try:
        make_folder(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    made.add(folder)


def publish_changes(out: Path, state: TreeState, changes: dict[str, bool], source: Source,
                    journal: Commit, commit: Commit,
                    before_commit: Hook | None = None) -> TreeState:
    """Publish the changed files (`changes`: path -> False when the file is gone);
    `before_commit(tree, journal)` may change more files of the new tree: it names them
    to `journal` before it touches them, and returns them."""
    spare = spare_of(out)
    if not spare.is_dir():  # gone: made again from the published site
        clone(out, spare)
        state = replace(state, spare_ino=_ino(spare), stale=())
    stale = {*state.stale, *changes}
    journal(replace(state, stale=tuple(sorted(stale))))

    def more_stale(rels: Iterable[str]) -> None:
        stale.update(rels)
        journal(replace(state, stale=tuple(sorted(stale))))

    # The spare becomes the site as published now, then as it is to be. Files go before
    # files come: a file may take the place of a folder whose files go (static/notes/x.txt
    # replaced by static/notes), or the reverse.
    published = {rel: target(out, rel).is_file() for rel in state.stale}
    for rel in sorted(rel for rel, there in published.items() if not there):
        _remove(spare, rel)
    for rel in sorted(rel for rel, there in published.items() if there):
        _put(spare, rel, target(out, rel))
    for rel in sorted(rel for rel, present in changes.items() if not present):
        _remove(spare, rel)
    for rel in sorted(rel for rel, present in changes.items() if present):
        _put(spare, rel, source(rel))
    more = set(before_commit(spare, more_stale)) if before_commit is not None else set()
    new = TreeState(_ino(spare), _ino(out), tuple(sorted({*changes, *more})))
    commit(new)
    _exchange(spare, out)
    return new


NO_SPARE = -1  # the spare's inode in a state without one (what `_ino` says of no folder)


def drop_spare(out: Path, state: TreeState, journal: Commit) -> TreeState:
    """Remove the spare, which holds the site as it was one build before (a place published
    more precisely then, say). The state without it is recorded first: a removal cut short
    leaves a folder the store does not know, so the next build is one from nothing, which
    retires it. The next update makes the spare again from the published site."""
    state = replace(state, spare_ino=NO_SPARE, stale=())
    journal(state)
    shutil.rmtree(spare_of(out), ignore_errors=True)
    return state


def _put(tree: Path, rel: str, src: FilePath) -> None:
    try:
        link_or_copy(src, target(tree, rel))
    except IsADirectoryError:  # a folder of no files left at its place (an older build's)
        folder = target(tree, rel)
        if any(files for _, _, files in os.walk(folder)):
            raise  # files still published: never removed to make room (checks prevent it)
        shutil.rmtree(folder)
        link_or_copy(src, target(tree, rel))


def _remove(tree: Path, rel: str) -> None:
    path = target(tree, rel)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    folder = path.parent
    while folder != tree:  # folders the file was all of
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


def clone(source: Path, copy: Path) -> None:
    """A copy of a tree whose files are hard links to the source's."""
    make_folder(copy)
    start = len(str(source)) + 1
    for dirpath, dirnames, filenames in os.walk(source):
        base = copy / dirpath[start:] if len(dirpath) > len(str(source)) else copy
        for name in dirnames:
            make_folder(base / name)
        for name in filenames:
            try:
                os.link(os.path.join(dirpath, name), base / name)
            except OSError:
                shutil.copyfile(os.path.join(dirpath, name), base / name)


def _swap_in(staging: Path, out: Path) -> None:
    if out.exists() and exchange(staging, out):
        retire(staging, out)  # the staging name now holds the old site
        return
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(staging, out)
        retire(old, out)
    else:
        os.replace(staging, out)


def _exchange(spare: Path, out: Path) -> None:
    if exchange(spare, out):
        return
    old = out.with_name(f".{out.name}.swap")  # no atomic exchange here: three renames
    os.replace(out, old)
    os.replace(spare, out)
    os.replace(old, spare)


def clean_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed; an output lost mid-swap comes back."""
    old = out.with_name(f".{out.name}.old")
    if old.exists() and not out.exists():
        os.replace(old, out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


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
    if not _large(old_site):
        shutil.rmtree(old_site, ignore_errors=True)
        return
    retired = out.with_name(f".{out.name}.retired-{os.getpid()}-{time.time_ns()}")
    os.replace(old_site, retired)
    _delete_detached(retired)


def sweep_retired(out: Path, staging: bool = False) -> None:
    """Delete the old sites retired beside the output folder whose deleting process was
    killed (the machine stopped, a CI job was cancelled): they may give a place the site
    now rounds. With `staging`, once `recover` has swapped in the one the store names, the
    staging folders a killed build left too (one may hold the old site, swapped out). Only
    names `retire` and `fill_tree` make are touched, and a link by such a name is removed,
    not followed. A deleter still at work on one is harmless: both pass over what the other
    removed."""
    kinds = r"retired-[0-9]+-[0-9]+" + (r"|staging-[A-Za-z0-9_]+" if staging else "")
    retired = re.compile(re.escape(f".{out.name}.") + f"(?:{kinds})")
    try:
        with os.scandir(out.parent) as entries:
            found = [e for e in entries if retired.fullmatch(e.name)]
    except OSError:  # no parent folder yet: nothing left there
        return
    for entry in found:
        path = Path(entry.path)
        with suppress(OSError):  # gone meanwhile, say: what is left waits for the next build
            if not entry.is_dir(follow_symlinks=False):
                path.unlink()
            elif _large(path):
                _delete_detached(path)
            else:
                shutil.rmtree(path, ignore_errors=True)


def _large(folder: Path) -> bool:
    return sum(1 for _ in zip(range(BACKGROUND_REMOVAL), folder.rglob("*/"),
                              strict=False)) >= BACKGROUND_REMOVAL


def _delete_detached(folder: Path) -> None:
    """Delete `folder` in a process of its own: a shell leaves `rm` running and ends at once
    (as search.discard does), so no child of this one is left to wait for or collect."""
    shell = shutil.which("sh")
    if shell is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.run([shell, "-c", '"$@" &', "sh", "rm", "-rf", "--", str(folder)],  # noqa: S603
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, start_new_session=True, check=False)
