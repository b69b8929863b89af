"""After the engine ran: put what changed into the output folder, with the search index.

Only this module (through publish/) writes the output folder. The engine names every
output file with its content hash; what differs from the store's record of the
published site is published, and the store's new record is committed in the same step
as the folders are swapped (see publish/folders.py).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aze_site.build import search
from aze_site.engine import Engine, FileSig, Output, Store
from aze_site.engine.store import Changes
from aze_site.engine.writer import PendingWrite, Writer, begin_write
from aze_site.publish import folders
from aze_site.publish.blobs import Blobs, link_or_copy
from aze_site.publish.folders import FilePath, TreeState
from aze_site.search.pagefind import BUNDLE, Page

SEARCH_NODE = "search"


@dataclass
class Published:
    """What one publish did, for the build's summary."""

    written: list[str] = field(default_factory=list)
    search: str = "off"  # indexed | reused | stale | off
    search_seconds: float = 0.0
    search_error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def category(rel: str) -> str:
    if rel.startswith("img/social/"):
        return "cards"
    if rel.startswith("img/") and not rel.startswith("img/maps/"):  # maps: drawn, not photos
        return "images"
    return "pages" if rel.endswith(".html") else "other"


class Publisher:
    """Publishes one engine run into one output folder (see the module's docstring)."""

    def __init__(self, root: Path, out: Path, store: Store, engine: Engine,
                 source: Callable[[Output], FilePath], cache: Path,
                 whole: dict[str, Output] | None = None) -> None:
        """`whole`: every file the store says is published, when the output folder is
        made again from them (see SiteBuild._refillable)."""
        self.root, self.out, self.store, self.engine = root, out, store, engine
        self.source, self.cache, self.whole = source, cache, whole
        self.changes: dict[str, Output | None] = {}
        self.old: dict[str, Output | None] = {}
        for rel, output in engine.output_changes.items():
            stored = None if engine.fresh else store.output(rel)  # fresh: the store has none
            if stored != output:
                self.changes[rel] = output
                self.old[rel] = stored
        self.extra: dict[str, Output | None] = {}  # the search index's files
        self.pending: PendingWrite | None = None  # the store's write, once begun

    # -- search ---------------------------------------------------------------------------
    def search_sum(self) -> int:
        old = {rel: o.hash if o is not None and o.indexed else None for rel, o in self.old.items()}
        new = {rel: o.hash if o is not None and o.indexed else None
               for rel, o in self.changes.items()}
        return search.updated_sum(self.store.meta("search_sum", 0), old, new)

    def indexed_pages(self) -> int:
        found = self.store.meta("counts", {}).get("indexed", 0)
        for rel, output in self.changes.items():
            before = self.old.get(rel)
            found += int(output is not None and output.indexed) - \
                int(before is not None and before.indexed)
        return int(found)

    def indexed_files(self, site: Path) -> list[Page]:
        """The pages the search index holds once this build is published, in `site`."""
        pages = dict(self.store.indexed())
        for rel, output in self.changes.items():
            if output is not None and output.indexed:
                pages[rel] = output.hash
            else:
                pages.pop(rel, None)
        return [(rel, str(folders.target(site, rel)), digest) for rel, digest in sorted(pages.items())]

    def index(self, site: Path, total: int,
              journal: Callable[[Iterable[str]], None] | None = None,
              early: search.EarlyIndex | None = None) -> tuple[float, str | None, bool]:
        """Index the pages of `site` into `site/pagefind` (or take the index `early` made),
        recording its files as outputs (named to `journal` before any is touched);
        (seconds, problem, made now)."""
        started = time.perf_counter()
        reused = early is None and \
            (search.cache_folder(self.cache, total) / "pagefind-entry.json").is_file()
        folder, error = early.finish(self.cache, total) if early is not None else \
            search.make_index(self.indexed_files(site), self.cache, total)
        if folder is None:
            return time.perf_counter() - started, error, False
        new = search.bundle_files(folder)
        before = self.store.outputs_of(SEARCH_NODE)
        # an existing tree: only what differs changes; a new tree: every file goes in
        changed = changed_files(new, before if journal is not None else {}, self.root)
        if journal is not None:
            journal({*changed, *(before.keys() - new.keys())})
        for rel in before.keys() - new.keys():
            self.extra[rel] = None
            folders.target(site, rel).unlink(missing_ok=True)
        self.extra.update(changed)
        self.extra.update(moved_files(new, before, changed, self.root))  # same bytes: kept
        if journal is None:  # a new tree, which no one reads yet: linked in directly
            folders.fill_tree(site, [(rel, new[rel]) for rel in sorted(changed)])
        else:
            for rel in changed:
                link_or_copy(new[rel], folders.target(site, rel))
        return time.perf_counter() - started, None, not reused

    def drop_index(self) -> None:
        """No search (--no-search): the published index goes, rather than answer wrongly."""
        for rel in self.store.outputs_of(SEARCH_NODE):
            self.changes[rel] = None  # removed from the published tree
            self.old[rel] = self.store.output(rel)
            self.extra[rel] = None  # and from the store's record: a later index puts it back

    # -- the store -------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        found = dict(self.store.meta("counts", {}))
        for table in (self.changes, self.extra):
            for rel, output in table.items():
                if table is self.extra and rel in self.changes:
                    continue  # a dropped index's file: counted once, as a change
                before = self.old.get(rel) if table is self.changes else \
                    self.store.output(rel)
                kind = category(rel)
                delta = int(output is not None) - int(before is not None)
                found[kind] = found.get(kind, 0) + delta
                found["files"] = found.get("files", 0) + delta
        found["indexed"] = self.indexed_pages()
        return found

    def begin(self, files: dict[str, FileSig | None], writer: Writer | None) -> None:
        """Start writing the engine's changes (with a `writer`: sent to it now, while the
        files are published; see engine/writer.py)."""
        engine = self.engine
        self.pending = begin_write(self.store, lambda: engine.changes(files, {}), writer)

    def commit(self, meta: dict[str, Any]) -> None:
        """The store's new record: the engine's changes, the search index's files, `meta`."""
        if self.pending is None:
            raise RuntimeError("commit without begin")
        pending, self.pending = self.pending, None
        pending.finish(Changes((), set(), set(), set(), {}, {}, dict(self.extra), meta))

    def abandon(self) -> None:
        if self.pending is not None:
            self.pending.abandon()
            self.pending = None

    def journal(self, state: TreeState) -> None:
        self.remember({"tree": state})

    def remember(self, meta: dict[str, Any]) -> None:
        """Record `meta` in the store now, apart from a build's commit."""
        self.store.write(Changes((), set(), set(), set(), {}, {}, {}, meta))

    def present(self) -> dict[str, bool]:
        """The files to publish: path -> False when the file is gone."""
        found = {rel: True for rel in self.whole or ()}
        found.update({rel: o is not None for rel, o in self.changes.items()})
        return found

    def file_of(self, rel: str) -> FilePath:
        output = self.changes.get(rel) or self.extra.get(rel) or (self.whole or {}).get(rel)
        if output is None:
            raise KeyError(f"{rel} is not an output of this build")
        return self.source(output)

    # -- the kept outputs (see publish/blobs.py) --------------------------------------------
    def garbage(self) -> int:
        """How many kept blobs may no longer be published, this build's included."""
        dropped = sum(1 for old in self.old.values() if old is not None and not old.src)
        return int(self.store.meta("kept_garbage", 0)) + dropped

    def keep(self, blobs: Blobs, sweep: bool, images: Path) -> None:
        """This build's outputs join the kept ones. When `sweep` (a full build, or one after
        which the older outputs may give a place more precisely), or once many kept blobs
        may be unused, those no published file has are removed (and the cards earlier
        versions cached among the photos, `images`)."""
        blobs.keep()
        counts = self.store.meta("counts", {})
        if sweep or self.store.meta("kept_garbage", 0) > max(1000, counts.get("files", 0) // 4):
            from aze_site.images.making import forget_cards  # Pillow: only when it is needed

            outputs = self.store.outputs()
            blobs.sweep({o.hash for o in outputs.values() if not o.src})
            forget_cards(images)
            self.store.write(Changes((), set(), set(), set(), {}, {}, {}, {"kept_garbage": 0}))


HASHERS = 4  # threads reading and hashing an index's files (the reads wait on the disk)


def changed_files(new: dict[str, Path], before: dict[str, Output], root: Path) -> dict[str, Output]:
    """The files of a new search index whose bytes differ from the published ones (most
    of Pagefind's files stay the same when a few pages change)."""
    changed = {}
    paths = list(new.values())
    share = -(-len(paths) // HASHERS) or 1  # a slice a thread: a task a file costs more
    slices = [paths[i:i + share] for i in range(0, len(paths), share)]
    with ThreadPoolExecutor(HASHERS, thread_name_prefix="aze-hash") as pool:
        digests = [digest for part in pool.map(_digests, slices) for digest in part]
    for (rel, path), digest in zip(new.items(), digests, strict=True):
        old = before.get(rel)
        if old is None or old.hash != digest:
            changed[rel] = Output(digest, False, SEARCH_NODE, _relative(path, root))
    return changed


def moved_files(new: dict[str, Path], before: dict[str, Output], changed: Collection[str],
                root: Path) -> dict[str, Output]:
    """The files of a new search index with the published bytes, recorded where it keeps
    them: the index before it, where the store had them, is removed once a new one is made
    (search._prune), and a build into a new folder (a clone with its cache restored) links
    every file from where the store says it is."""
    moved = {}
    for rel, path in new.items():
        old = before.get(rel)
        if old is not None and rel not in changed:
            src = _relative(path, root)
            if old.src != src:
                moved[rel] = Output(old.hash, False, SEARCH_NODE, src)
    return moved


def _digests(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]


def _relative(path: Path, root: Path) -> str:
    text, base = str(path), f"{root}{os.sep}"  # strings: 20,000 of them at 20,000 sites
    return text[len(base):].replace(os.sep, "/") if text.startswith(base) else text


def pagefind_files(site: Path) -> dict[str, Path]:
    return search.bundle_files(site / BUNDLE)
