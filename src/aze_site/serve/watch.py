"""Watching the sources: debounced bursts of file changes, handed over one at a time."""

from __future__ import annotations

import os
import queue
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WATCHED = ("content", "templates", "static")
ADDED, DELETED = 1, 3  # watchfiles.Change.added and .deleted
Burst = set[tuple[int, str]]  # (watchfiles.Change value, absolute path)


class Watcher:
    """A thread collects debounced bursts of changes; `rebuild_loop` hands them to `on_burst`.

    Changes that arrive while `on_burst` runs (a build) pile up and are handed over as
    one burst next, so builds never overlap and a long save-as storm is one rebuild.
    `serve` runs the loop in the main thread, where Ctrl-C and SIGTERM interrupt a build
    at once (it then discards its staging folder); tests run it in a thread.
    """

    def __init__(self, root: Path, on_burst: Callable[[Burst], object], stop: threading.Event,
                 debounce_ms: int = 1600, step_ms: int = 30) -> None:
        self.root, self.on_burst, self.stop = root, on_burst, stop
        self.debounce_ms, self.step_ms = debounce_ms, step_ms
        self.ready = threading.Event()
        self._bursts: queue.Queue[Burst] = queue.Queue()
        self._threads = [threading.Thread(target=self._watch, name="aze-serve-watch", daemon=True)]

    def start(self, rebuild_thread: bool = True) -> None:
        if rebuild_thread:
            self._threads.append(threading.Thread(target=self.rebuild_loop, name="aze-serve-rebuild",
                                                  daemon=True))
        for thread in self._threads:
            thread.start()

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            if thread.is_alive():
                thread.join(max(0.0, deadline - time.monotonic()))

    def _watch(self) -> None:
        import watchfiles

        try:
            while not self.stop.is_set():
                self._watch_folders(watchfiles, folder_ids(self.root))
        except Exception as exc:  # noqa: BLE001 (e.g. the inotify watch limit: say so, keep serving)
            print(f"aze-site: warning: stopped watching for changes: {exc}", file=sys.stderr)
        finally:
            self.ready.set()

    def _watch_folders(self, watchfiles: Any, watched: dict[str, tuple[int, int]]) -> None:
        """Watch the source folders there are until one of them goes, comes or is replaced
        (a watch follows the folder it was set on: one deleted and made again, or moved
        away and back, would never be seen again); that is then a burst, with the changes
        seen as it happened."""
        folders = [self.root / name for name in watched]
        last: Burst = set()  # the burst that saw a folder go or come: it goes with the folder's
        if not folders:  # nothing to watch yet: look again after a step
            self.ready.set()
            self.stop.wait(self.step_ms / 1000)
        else:
            # step: a burst ends after this long without events; debounce caps its length.
            # rust_timeout + yield_on_timeout: an empty first yield says the watch is set up.
            for burst in watchfiles.watch(*folders, watch_filter=None, debounce=self.debounce_ms,
                                          step=self.step_ms, stop_event=self.stop, rust_timeout=300,
                                          yield_on_timeout=True, raise_interrupt=False):
                self.ready.set()
                last = {(int(kind), path) for kind, path in burst}
                if folder_ids(self.root) != watched:
                    break
                if last:
                    self._bursts.put(last)
                last = set()
        now = folder_ids(self.root)
        # one burst, so one rebuild: handed over apart, the two could be two rebuilds, each
        # printing the same errors
        moved = last | (folders_moved(self.root, watched, now) if now != watched else set())
        if moved:
            self._bursts.put(moved)

    def rebuild_loop(self) -> None:
        """Hand each burst to `on_burst`, one at a time, until `stop` is set."""
        while not self.stop.is_set():
            try:
                burst = self._bursts.get(timeout=0.1)
            except queue.Empty:
                continue
            while True:
                try:
                    burst |= self._bursts.get_nowait()
                except queue.Empty:
                    break
            if not self.stop.is_set():
                self.on_burst(expand_folders(burst))


def folder_ids(root: Path) -> dict[str, tuple[int, int]]:
    """The source folders there are, each with what tells it from one made again in its place."""
    ids = {}
    for name in WATCHED:
        try:
            found = os.stat(root / name)
        except OSError:
            continue
        if stat.S_ISDIR(found.st_mode):
            ids[name] = (found.st_dev, found.st_ino)
    return ids


def folders_moved(root: Path, before: dict[str, tuple[int, int]],
                  after: dict[str, tuple[int, int]]) -> Burst:
    """The burst for source folders that went, came or were replaced: a folder that is
    there now was added (expand_folders makes it its files), one that went was deleted."""
    return {(ADDED if name in after else DELETED, str(root / name))
            for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def expand_folders(burst: Burst) -> Burst:
    """Folders become the files in them: inotify can miss files written into a folder it
    has only just seen appear (a git checkout, an unzip), so the folder's event stands in.
    A folder that is gone stays one path: a folder moved away reports no files. So does
    a new empty one: a build may flag it (a folder named like a file, `a.md/`).
    """
    files: Burst = set()
    for kind, path in burst:
        if not os.path.isdir(path):
            files.add((kind, path))
        elif kind == ADDED:
            found = {(ADDED, os.path.join(folder, name))
                     for folder, _, names in os.walk(path) for name in names}
            files.update(found or {(kind, path)})
    return files
