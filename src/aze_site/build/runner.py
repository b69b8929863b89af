"""One build: scan the sources, tell the engine what changed, run it, publish what changed.

`aze-site build` makes one `SiteBuild` and runs it once; `aze-site serve` keeps one and
runs it after every save (its engine stays in memory between runs); `aze-site check`
runs one that publishes nothing. There is no other way a site is built: a build from
nothing is the same run on an empty store.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aze_site.build import search
from aze_site.build.options import (
    CACHE_DIR,
    BuildOptions,
    BuildResult,
    SearchOutcome,
    store_path,
    store_version,
)
from aze_site.build.publishing import Publisher, category
from aze_site.build.sources import Scan, Sources
from aze_site.engine import Damaged, Engine, FileSig, Output, Store
from aze_site.engine.store import apply_signatures
from aze_site.engine.writer import Writer
from aze_site.errors import (
    CLASH,
    BuildFailed,
    Diagnostic,
    InterruptedAfterPublishing,
    Report,
    one_per_line,
)
from aze_site.publish import folders
from aze_site.publish.blobs import Blobs, Memory
from aze_site.publish.folders import TreeState
from aze_site.publish.lock import project_lock
from aze_site.queries import ROOT, Options, site_queries
from aze_site.workers import usable_cores, young_collections_only

if TYPE_CHECKING:
    from aze_site.queries.env import Env


# From this many source files, a scan outlasts loading the site's code (~0.1 s), which a
# build loads while it waits (a build that changes nothing then loses nothing by it).
HIDDEN_LOAD = 5000


class SiteBuild:
    """Builds one project into one output folder (see the module's docstring)."""

    def __init__(self, options: BuildOptions, out: Path, memory: Any = None,
                 store: Path | None = None, keep: bool = False) -> None:
        self.options = options
        self.root = options.root.resolve()
        self.out = out
        self.memory = memory  # an object with a `files` dict: outputs go there, not to `out`
        self.cache = self.root / CACHE_DIR
        self.transient = memory is not None or not options.cache
        self.store_file = None if self.transient else (store or store_path(self.root, out))
        self.keep = keep  # the engine stays in memory between runs (the dev server)
        self.engine: Engine | None = None
        self.store: Store | None = None
        self.known: dict[str, FileSig] = {}  # the files the engine has seen
        self.stored: dict[str, FileSig] = {}  # the files the store remembers
        self.env: Env
        self.seen: dict[str, Any] | None = None  # the options the kept engine has seen
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.early: search.EarlyIndex | None = None  # search indexing started with the pages
        self.sink: Blobs | Memory
        self.refill = False  # a new output folder, filled from what the store knows
        self.whole: dict[str, Output] = {}  # then: every published file, as the store knows it
        self.writer: Writer | None = None  # a build from nothing: its store's writer

    # -- the store --------------------------------------------------------------------------
    def _open(self) -> Store:
        if self.store is not None:
            return self.store
        if self.store_file is None or (self.options.dry_run and not self.store_file.is_file()):
            self.store = Store(None, store_version())  # `check` creates nothing
            return self.store
        self.store_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            store = Store(self.store_file, store_version())
            store.db  # noqa: B018 (opening checks the version)
        except Damaged as exc:
            if self.options.dry_run:  # `check` changes nothing: it checks from nothing
                self.store = Store(None, store_version())
                return self.store
            self._say(f"note: the build's memory in {self.cache.name}/ could not be used "
                      f"({exc}); building everything")
            store = self._fresh()
        self.store = store
        return store

    def _fresh(self) -> Store:
        """An empty store in place of the one there (damaged, stale or foreign)."""
        if self.store_file is None:
            raise RuntimeError("a build that keeps nothing has no store file")
        if self.store is not None:
            self.store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.store_file) + suffix).unlink(missing_ok=True)
        Blobs(self._blob_folder()).forget()
        self.engine = None
        self.store = Store(self.store_file, store_version())
        return self.store

    def _work_cache(self) -> Path:
        """.aze-cache/, or with --no-cache a temporary folder in its place (photos and the
        search index made there), so that .aze-cache/ is left as it was."""
        if not self.options.cache:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="aze-cache-")
            return Path(self._tmp.name)
        return self.cache

    def _image_cache(self) -> Path:
        return self._work_cache() / "images"

    def _say(self, line: str) -> None:
        if self.options.say is not None:
            self.options.say(line)

    # -- a run --------------------------------------------------------------------------------
    def run(self) -> BuildResult:
        """Build; raises BuildFailed (nothing published) or UsageError."""
        started = time.perf_counter()
        with young_collections_only():
            if self.options.dry_run or self.memory is not None:
                return self._run(started)
            with project_lock(self.cache, "aze-site build" if not self.keep else "aze-site serve",
                              self._say):
                return self._run(started)

    def _run(self, started: float) -> BuildResult:
        store, state = self._state(self._open())
        if self.engine is None:
            self.known = self.stored = store.files()
            self.seen = store.meta("options")
        scan = Scan(self.root, self.known) if self._may_fork() else None
        try:
            self.writer = self._early_writer(store, state)
            if scan is not None and len(self.known) >= HIDDEN_LOAD and scan.running():
                import aze_site.queries.env  # noqa: F401 (loaded while the scan runs)
            sources = Sources(self.root, self.known, scan.result() if scan else None)
        finally:
            if scan is not None:
                scan.close()
        files, folders_changed = sources.changed()
        options = Options(drafts=self.options.drafts, base_url=self.options.base_url,
                          photos=not self.options.dry_run)
        cold = store.is_empty() and self.engine is None
        if not cold and not files and not folders_changed and options.values() == self.seen \
                and self.memory is None and not self.refill and not self._unindexed(store) \
                and not self._index_now(store) and not store.meta("untidy"):
            return self._unchanged(store, started)
        engine = self._engine(store, sources, options)
        engine.start_run()
        if not cold:
            self._tell(engine, sources, files, folders_changed, options)
        if self.store_file is not None and not self.options.dry_run:
            # its pages are about to change (or, with --no-search, its index to go)
            search.stop_job(self.store_file, self.cache)
        self.seen = options.values()
        report = self._execute(engine, early=state is None and not self.refill)
        self.known = _merged(self.known, sources.signatures())
        if report.errors:
            self._stop_early()
            self._forget()
            raise BuildFailed(report)
        if self.options.dry_run:
            return BuildResult(report, out=self.out, seconds=time.perf_counter() - started,
                               how="check", coverage=engine.value("coverage:"))
        if self.memory is not None:
            return self._to_memory(engine, report, started)
        try:
            return self._publish(engine, store, state, report, started, cold)
        finally:
            self._stop_early()

    def _early_writer(self, store: Store, state: TreeState | None) -> Writer | None:
        """A build from nothing forks its store's writer now, while it is small (see
        engine/writer.py); other builds write their few rows themselves."""
        if self.transient or self.options.dry_run or self.keep or state is not None or \
                not store.is_empty() or not self._may_fork() or not hasattr(os, "fork"):
            return None
        return Writer(store)

    def _may_fork(self) -> bool:
        """A command's one build scans in a forked child; a process that keeps an engine
        (the dev server) or runs threads (a fork copies none of them) scans itself."""
        return self.engine is None and not self.keep and threading.active_count() == 1

    def _unindexed(self, store: Store) -> bool:
        """No search index answers at all (a first build, or after --no-search): make one;
        or one does, and this build publishes none (--no-search): remove it."""
        if self.options.dry_run:
            return False
        return (store.meta("search_built") is None) == self.options.search

    def _index_now(self, store: Store) -> bool:
        """--wait-for-search with the index behind the pages (its job still at work, or
        stopped): this build indexes before it returns, as it promises."""
        return self.options.wait_search and self.options.search and not self.options.dry_run \
            and store.meta("search_sum", 0) != store.meta("search_built")

    def _tell(self, engine: Engine, sources: Sources, files: set[str], folders_changed: set[str],
              options: Options) -> None:
        """Give the engine the inputs that changed since it last ran."""
        for rel in sorted(files):
            engine.set_input(f"file:{rel}", sources.file(rel))
        for folder in sorted(folders_changed):
            engine.set_input(f"dir:{folder}", sources.listing(folder))
        for name, value in options.values().items():
            if self.seen is None or self.seen.get(name) != value:
                engine.set_input(f"option:{name}", value)

    def _execute(self, engine: Engine, early: bool) -> Report:
        """Run the engine (`early`: a build from nothing, search indexing starts as soon as
        the pages exist); every diagnostic of the site."""
        self._progress(engine)
        self.early = None
        if early and self.options.search and self.memory is None and not self.options.dry_run:
            self.env.on_pages = lambda: self._index_early(engine)
        try:
            engine.run([ROOT])
        except BaseException:
            self._stop_early()
            raise
        finally:
            self.env.on_pages = None
        return self._report(engine)

    def _index_early(self, engine: Engine) -> None:
        """A build from nothing: Pagefind starts on the pages while the build goes on."""
        blobs = self._blobs()
        self.early = search.EarlyIndex(
            [(rel, blobs.file(o.hash), o.hash) for rel, o in engine.output_changes.items()
             if o is not None and o.indexed], self._work_cache())

    def _stop_early(self) -> None:
        if self.early is not None:
            self.early.stop()
            self.early = None

    def _state(self, store: Store) -> tuple[Store, TreeState | None]:
        """The folders' state; an unusable one empties the store (then: a build from nothing)."""
        if self.options.dry_run or self.memory is not None:
            return store, None
        # before `recover`, which may retire a site whose deleter is then at work
        folders.sweep_retired(self.out)
        if self.transient:
            return store, None
        state = folders.recover(self.out, store.meta("tree"))
        if state is not None:  # what the store names is swapped in: the rest are leftovers
            folders.sweep_retired(self.out, staging=True)
        if state is None and (not store.is_empty() or self.engine is not None):
            if self.engine is None and self._refillable(store):
                self.refill = True  # what the store knows stands: only the folder is new
            else:
                store = self._fresh()
        return store, state

    def _refillable(self, store: Store) -> bool:
        """The output folder is not the one the store knows (a fresh clone whose cache was
        restored, or a folder changed by hand), but every published file can be made
        again from the kept outputs and the caches: no need to render anything."""
        self.whole = store.outputs()
        return Blobs(self._blob_folder()).whole(
            {o.hash for o in self.whole.values() if not o.src})

    def _engine(self, store: Store, sources: Sources, options: Options) -> Engine:
        if self.engine is not None:
            self.env.sources, self.env.options = sources, options
            return self.engine
        self.sink = Memory() if self.memory is not None or self.options.dry_run else \
            Blobs(self._blob_folder())
        from aze_site.queries.env import Env  # the site's code: loaded when it must run

        self.env = Env(self.root, sources, options, self._image_cache(),
                       write_cache=not self.options.dry_run)
        # more processes than cores would only share them, each with its copy of memory
        cores = usable_cores()
        jobs = 1 if self.memory is not None else min(self.options.jobs or cores, cores)
        engine = Engine(site_queries(self.env), store, self.sink, jobs)
        if self.keep:
            self.engine = engine
        return engine

    def _blob_folder(self) -> Path:
        if self.store_file is not None:
            return self.store_file.with_suffix(".blobs")
        return self._image_cache().parent / "blobs"

    def _forget(self) -> None:
        """A failed run: the dev server's engine goes on from it; a build keeps nothing."""
        if not self.keep:
            self.engine = None
            self.sink.clear()

    def _progress(self, engine: Engine) -> None:
        show = self.options.progress
        if show is not None:
            engine.on_level = lambda level: show("levels", min(level, 20), 20)

    def _report(self, engine: Engine) -> Report:
        report = Report(engine.diagnostics())
        if not any(CLASH in d.message for d in report.errors):  # else these follow from those
            for rel, owners in sorted(engine.collisions().items()):
                report.items.append(Diagnostic(rel, 0, 0, "error", "this output file is made "
                                               f"by both {_made_by(owners[0])} and "
                                               f"{_made_by(owners[1])}"))
        return self._judged(report)

    def _judged(self, report: Report) -> Report:
        """The report as this build reads it: a template line that failed on many pages
        once; with --strict, its warnings are errors."""
        report = Report(one_per_line(report.items))
        return report.strict() if self.options.strict else report

    # -- results ------------------------------------------------------------------------------
    def _unchanged(self, store: Store, started: float) -> BuildResult:
        counts = store.meta("counts", {})
        if self.engine is not None:  # a kept engine knows more than the store: a failed run
            report = self._report(self.engine)
        else:
            report = self._judged(Report(sorted({d for items in store.diagnostics().values()
                                                 for d in items})))
        if report.errors:
            raise BuildFailed(report)
        found = SearchOutcome("off")
        if self.options.search and not self.options.dry_run:
            found = self._background_search(store)
        pages = counts.get("pages", 0)
        return BuildResult(report, pages=pages, files=counts.get("files", 0),
                           images=counts.get("images", 0), cards=counts.get("cards", 0),
                           reused=pages, unchanged=True, out=self.out,
                           seconds=time.perf_counter() - started, search=found,
                           how="up to date")

    def _background_search(self, store: Store) -> SearchOutcome:
        """Stale index: a job (this one's, or a new one) brings it up to date."""
        if store.meta("search_sum", 0) == store.meta("search_built"):
            return SearchOutcome("reused")
        if self.store_file is None:  # a build that keeps nothing has no background job
            return SearchOutcome("off")
        if search.running(self.store_file) is None:
            search.start_job(self.root, self.out, self.store_file)
        return SearchOutcome("updating in the background")

    def _to_memory(self, engine: Engine, report: Report, started: float) -> BuildResult:
        outputs = {rel: o for rel, o in engine.output_changes.items() if o is not None}
        self.memory.files.update({rel: self._bytes(o) for rel, o in outputs.items()})
        found = SearchOutcome("off")
        if self.options.search:
            found = self._memory_search(outputs)
        pages = sum(1 for rel in outputs if rel.endswith(".html"))
        return BuildResult(report, pages=pages, files=len(self.memory.files), out=self.out,
                           seconds=time.perf_counter() - started, search=found,
                           images_processed=engine.tallies.get("derivatives", 0),
                           images=sum(1 for r in outputs if category(r) == "images"),
                           cards=sum(1 for r in outputs if category(r) == "cards"))

    def _memory_search(self, outputs: dict[str, Output]) -> SearchOutcome:
        begun = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="aze-search-") as tmp:
            from aze_site.search.pagefind import Indexing, deadline

            pages = []
            for n, (rel, output) in enumerate(sorted(outputs.items())):
                if output.indexed:
                    path = Path(tmp, f"page-{n}.html")
                    path.write_bytes(self._bytes(output))
                    pages.append((rel, str(path), output.hash))
            bundle = Path(tmp, "index")
            error = Indexing(pages, Path(tmp, "site"), bundle, scratch=Path(tmp)).finish(
                deadline(len(pages)))
            if error:
                raise BuildFailed(Report([Diagnostic("pagefind", 0, 0, "error",
                                                     f"search index: {error}")]))
            for rel, path in search.bundle_files(bundle).items():
                self.memory.files[rel] = path.read_bytes()
        return SearchOutcome("indexed", time.perf_counter() - begun)

    def _bytes(self, output: Output) -> bytes:
        if output.src:
            path = Path(output.src) if os.path.isabs(output.src) else self.root / output.src
            return path.read_bytes()
        return self.sink.read(output.hash)

    def _blobs(self) -> Blobs:
        if not isinstance(self.sink, Blobs):
            raise TypeError("an in-memory build publishes no files")
        return self.sink

    def _path(self, output: Output) -> folders.FilePath:
        if output.src:
            source = Path(output.src) if os.path.isabs(output.src) else self.root / output.src
            try:
                return self._blobs().take(source, output.hash)
            except (OSError, ValueError) as exc:
                raise Damaged(f"a file of the cache changed during the build: {exc}") from exc
        blobs = self._blobs()
        path = blobs.file(output.hash)
        if self.refill and not os.path.exists(path):  # not made by this build: the kept one
            return blobs.kept_path(output.hash)
        return path

    # -- publishing ---------------------------------------------------------------------------
    def _publish(self, engine: Engine, store: Store, state: TreeState | None, report: Report,
                 started: float, cold: bool) -> BuildResult:
        publisher = Publisher(self.root, self.out, store, engine, self._path, self._work_cache(),
                              self.whole if self.refill else None)
        total = publisher.search_sum()
        built = store.meta("search_built")
        stale = self.options.search and total != built
        coarsened = _coarsened(engine)
        finer = finer_before(store.meta("coarsened"), coarsened)
        # No index at all answers now (a first build, or after --no-search): make one now.
        # Nor may an index that gives a place more precisely than the pages now do stay
        # published while a job makes the new one.
        wait = self.options.wait_search or state is None or built is None or finer
        if not self.options.search:
            publisher.drop_index()
        found = SearchOutcome("off" if not self.options.search else "reused")
        index: dict[str, Any] = {}

        def search_now(site: Path, journal: Any = None) -> list[str]:
            early, self.early = self.early, None
            seconds, error, made = publisher.index(site, total, journal, early)
            index.update(seconds=seconds, error=error, made=made)
            if error:
                raise BuildFailed(Report([*report.items, Diagnostic(
                    "pagefind", 0, 0, "error", f"search index: {error}")]))
            return [rel for rel in publisher.extra]

        committed: list[TreeState] = []  # the state the store records, once it does

        def commit(new: TreeState) -> None:
            committed.append(new)
            # what the site as published rounds, once nothing older is kept (below): a build
            # cut short before then leaves the spare to the next one to remove
            rounded = store.meta("coarsened") if finer else coarsened
            meta: dict[str, Any] = {"tree": new, "options": self.seen, "search_sum": total,
                                    "coarsened": rounded, "untidy": finer,
                                    "counts": publisher.counts(),
                                    "kept_garbage": publisher.garbage()}
            if stale and wait:
                meta["search_built"] = total
            elif not self.options.search:
                meta["search_built"] = None
            if self.transient:
                return
            publisher.commit(meta)
            self.stored = dict(self.known)

        if not self.transient:  # a build from nothing writes its store beside its files
            writer, self.writer = self.writer, None
            publisher.begin(_delta(self.stored, self.known), writer)
        try:
            with _out_once_swapped(self.out, committed):
                new = self._files(publisher, state, commit, search_now if stale else None, wait)
        finally:
            publisher.abandon()  # when it failed before its commit
        try:  # the site is out: an interrupt now must not say "nothing was published"
            engine.saved()
            if not self.transient:
                self._tidy(publisher, new, cold or state is None, finer, coarsened)
            self.sink.clear()
            if stale:
                found = self._search_after(wait, index) or found
            counts = store.meta("counts", {}) if not self.transient else publisher.counts()
            pages = int(counts.get("pages", 0))
            rendered = engine.computed.get("page", 0) + engine.computed.get("credits", 0)
            written = sorted(publisher.changes)
            return BuildResult(
                report, pages=pages, files=int(counts.get("files", 0)),
                images=int(counts.get("images", 0)), cards=int(counts.get("cards", 0)),
                images_processed=engine.tallies.get("derivatives", 0),
                reused=max(0, pages - rendered), out=self.out,
                seconds=time.perf_counter() - started, search=found,
                how="full build" if cold or (state is None and not self.refill) else "update",
                written=written)
        except KeyboardInterrupt as stop:
            raise InterruptedAfterPublishing from stop

    def _search_after(self, wait: bool, index: dict[str, Any]) -> SearchOutcome | None:
        """What became of a stale search index once the site is out: made by the build
        (`index`: its report), or left to a background job."""
        if wait:
            return SearchOutcome("indexed" if index.get("made") else "reused",
                                 index.get("seconds", 0.0))
        if self.store_file is None:
            return None
        search.start_job(self.root, self.out, self.store_file)
        return SearchOutcome("updating in the background")

    def _tidy(self, publisher: Publisher, new: TreeState | None, full: bool, finer: bool,
              coarsened: bytes | None) -> None:
        """After the site is out: where what was published before gave a place more
        precisely (`finer`), the spare that holds it goes and the kept outputs are swept,
        and only then does the store record what the site rounds now (a build cut short
        before leaves that to the next build, even one with nothing to do: `untidy`)."""
        if finer and new is not None:
            folders.drop_spare(self.out, new, publisher.journal)
        publisher.keep(self._blobs(), full or finer, self._image_cache())
        if finer:
            publisher.remember({"coarsened": coarsened, "untidy": False})

    def _files(self, publisher: Publisher, state: TreeState | None,
               commit: Callable[[TreeState], None], search_now: Any,
               wait: bool) -> TreeState | None:
        """Publish the files: a new output folder, or the changes to the one there (then
        its new state, with the spare)."""
        present = publisher.present()
        if state is None:
            folders.publish_all(self.out, [r for r, p in present.items() if p],
                                publisher.file_of, commit, search_now, spare=not self.transient)
            return None
        return folders.publish_changes(self.out, state, present, publisher.file_of,
                                       publisher.journal, commit, search_now if wait else None)

    def close(self) -> None:
        if self.writer is not None:  # not used (a failed build): it writes nothing
            self.writer.close()
            self.writer = None
        if self.store is not None:
            self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


@contextmanager
def _out_once_swapped(out: Path, committed: list[TreeState]) -> Iterator[None]:
    """An interrupt once the tree the store recorded is swapped in (as the old site is
    removed, say) says the new site is out, not that nothing was published."""
    try:
        yield
    except KeyboardInterrupt as stop:
        if committed and folders.is_out(out, committed[-1]):
            raise InterruptedAfterPublishing from stop
        raise


def _coarsened(engine: Engine) -> bytes | None:
    """The digest of the published sites whose position is coarsened, with those positions
    (`coarsened:`)."""
    node = engine.node("coarsened:")
    return node.hash if node is not None else None


def finer_before(published: bytes | None, now: bytes | None) -> bool:
    """Whether the site as published may give a place more precisely than this build does:
    its coarsened sites and positions (`published`, their digest; None: not known) are not
    this build's (a species just marked sensitive). Then neither its search index nor the
    spare, nor the kept outputs, which hold it, may stay once the build returns."""
    return published is None or published != now


def _made_by(key: str) -> str:
    """An engine node named for an editor: 'page:/credits/' is the page /credits/."""
    kind, _, arg = key.partition(":")
    return {"page": f"the page {arg}", "static": arg, "credits": f"the credits page {arg}".strip()
            }.get(kind, key)


def _merged(known: dict[str, FileSig], changes: dict[str, FileSig | None]) -> dict[str, FileSig]:
    merged = dict(known)
    apply_signatures(merged, changes)
    return merged


def _delta(stored: dict[str, FileSig], known: dict[str, FileSig]) -> dict[str, FileSig | None]:
    changes: dict[str, FileSig | None] = {rel: None for rel in stored.keys() - known.keys()}
    changes.update({rel: sig for rel, sig in known.items() if stored.get(rel) != sig})
    return changes


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_suffix(".blobs"), ignore_errors=True)
