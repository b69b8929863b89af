"""The engine on a toy graph: recorded dependencies, early cutoff, emitted children,
garbage, diagnostics that last as long as their cause, persistence and workers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import aze_site.engine.parallel
from aze_site.engine import MISSING, Ctx, Engine, EngineError, Query, Store
from aze_site.engine.nodes import UNLOADED
from aze_site.engine.parallel import Runs
from aze_site.engine.writer import Writer, begin_write
from aze_site.errors import WorkerLost
from aze_site.workers import forked_pool, parallel_map

VERSION = "test-1"


class Toy:
    """Inputs `file:<name>` from a dict; `words:<name>` counts words (cut off when equal);
    `total` sums the counts of the files listed by `dir:`; `index` emits one `entry:<w>`
    per first word; `page:<name>` reads its entry; `root` requires every page."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.calls: list[str] = []

    def queries(self) -> dict[str, Query]:
        def words(ctx: Ctx, name: str) -> int:
            self.calls.append(f"words:{name}")
            text = ctx.get(f"file:{name}")
            if text is None:
                ctx.error(name, 1, 1, "missing")
                return 0
            if "bad" in text:
                ctx.warning(name, 1, 1, "bad word")
            return len(text.split())

        def total(ctx: Ctx, _: str) -> int:
            self.calls.append("total")
            return sum(ctx.get(f"words:{n}") for n in ctx.get("dir:"))

        def index(ctx: Ctx, _: str) -> tuple[str, ...]:
            self.calls.append("index")
            firsts = {}
            for name in ctx.get("dir:"):
                text = ctx.get(f"file:{name}") or ""
                first = text.split()[0] if text.split() else ""
                firsts[f"entry:{first}"] = name
            ctx.emit(firsts)
            return tuple(sorted(firsts))

        def page(ctx: Ctx, name: str) -> str:
            self.calls.append(f"page:{name}")
            text = ctx.get(f"file:{name}") or ""
            first = text.split()[0] if text.split() else ""
            owner = ctx.get(f"entry:{first}")
            if "peek" in text:  # reads the parent itself too, as long as its text says so
                ctx.get("index:")
            ctx.output(f"{name}.html", f"{name} {owner} {ctx.get('total:')}".encode())
            return f"{name}:{owner}"

        def root(ctx: Ctx, _: str) -> int:
            self.calls.append("root")
            names = ctx.get("dir:")
            ctx.require(f"page:{n}" for n in names)
            return len(names)

        return {
            "file": Query(0, input=lambda name: self.files.get(name)),
            "dir": Query(0, input=lambda _: tuple(sorted(self.files))),
            "words": Query(1, words, parallel=True),
            "total": Query(2, total),
            "index": Query(2, index),
            "entry": Query(3, parent=lambda _: "index:"),
            "page": Query(4, page, parallel=True),
            "root": Query(9, root),
        }


def run(toy: Toy, store: Store, engine: Engine | None = None, jobs: int = 1) -> Engine:
    engine = engine or Engine(toy.queries(), store, jobs=jobs)
    engine.start_run()
    engine.run(["root:"])
    return engine


def change(engine: Engine, toy: Toy, name: str, text: str | None) -> None:
    if text is None:
        toy.files.pop(name, None)
    else:
        toy.files[name] = text
    engine.set_input(f"file:{name}", text)
    engine.set_input("dir:", tuple(sorted(toy.files)))


def commit(engine: Engine) -> None:
    engine.store.write(engine.changes({}, {}))
    engine.saved()


def test_cold_run_computes_everything_once() -> None:
    toy = Toy({"a": "x one", "b": "y two three"})
    engine = run(toy, Store(None, VERSION))
    assert engine.value("total:") == 5
    assert engine.value("page:a") == "a:a"
    assert sorted(toy.calls) == sorted(["root", "page:a", "page:b", "words:a", "words:b",
                                        "total", "index"])


def test_an_equal_value_stops_the_change_early() -> None:
    toy = Toy({"a": "x one", "b": "y two three"})
    engine = run(toy, Store(None, VERSION))
    toy.calls.clear()
    engine.start_run()
    change(engine, toy, "a", "x uno")  # same number of words, same first word
    engine.run(["root:"])
    assert "total" not in toy.calls  # words:a came out equal
    assert "page:a" in toy.calls and "page:b" not in toy.calls  # page:a reads file:a


def test_a_changed_value_reaches_every_reader() -> None:
    toy = Toy({"a": "x one", "b": "y two three"})
    engine = run(toy, Store(None, VERSION))
    engine.start_run()
    change(engine, toy, "a", "x one two three")
    engine.run(["root:"])
    assert engine.value("total:") == 7
    assert engine.output_changes["b.html"] is not None  # page:b shows the total


def test_a_parent_nobody_reads_lives_while_its_children_are_read() -> None:
    """The parent that emits them is kept, not deleted as garbage when its last direct
    reader stops reading it: deleting it set its children, still read, to missing (in
    memory and in the store), so the next run that read them failed."""
    toy = Toy({"a": "x peek", "b": "y two"})
    store = Store(None, VERSION)
    engine = run(toy, store)
    commit(engine)
    engine.start_run()
    change(engine, toy, "a", "x one")  # page:a no longer reads index: itself
    engine.run(["root:"])
    commit(engine)
    assert engine.value("entry:x") == "a"
    row = store.row("entry:x")
    assert row is not None and store.value(row) == "a"
    engine.start_run()
    change(engine, toy, "a", "x two")  # page:a reads entry:x again
    engine.run(["root:"])
    assert engine.value("page:a") == "a:a"


def test_children_wake_only_their_readers_and_missing_ones_appear() -> None:
    toy = Toy({"a": "x one", "b": "y two"})
    engine = run(toy, Store(None, VERSION))
    assert engine.value("entry:x") == "a"
    toy.calls.clear()
    engine.start_run()
    change(engine, toy, "b", "z two")  # entry:y goes, entry:z comes
    engine.run(["root:"])
    assert engine.value("entry:z") == "b"
    assert engine.node("entry:y") is None or engine.value("entry:y") is MISSING
    assert "page:a" not in toy.calls


def test_garbage_takes_its_outputs_and_diagnostics_with_it() -> None:
    toy = Toy({"a": "x one", "b": "y bad"})
    engine = run(toy, Store(None, VERSION))
    assert [d.message for d in engine.diagnostics()] == ["bad word"]
    engine.start_run()
    change(engine, toy, "b", None)
    engine.run(["root:"])
    assert engine.diagnostics() == []
    assert engine.output_changes["b.html"] is None
    assert engine.node("page:b") is None and engine.node("words:b") is None


def test_a_warning_lasts_as_long_as_its_cause() -> None:
    toy = Toy({"a": "x bad"})
    engine = run(toy, Store(None, VERSION))
    engine.start_run()
    change(engine, toy, "a", "x bad again")  # recomputed, still bad
    engine.run(["root:"])
    assert [d.message for d in engine.diagnostics()] == ["bad word"]
    engine.start_run()
    change(engine, toy, "a", "x fine")
    engine.run(["root:"])
    assert engine.diagnostics() == []


def test_the_store_carries_everything_to_the_next_engine(tmp_path: Path) -> None:
    toy = Toy({"a": "x one", "b": "y bad"})
    store = Store(tmp_path / "s.sqlite", VERSION)
    engine = run(toy, store)
    commit(engine)
    toy.calls.clear()
    second = Engine(toy.queries(), Store(tmp_path / "s.sqlite", VERSION))
    second.start_run()
    second.run(["root:"])
    assert toy.calls == []  # nothing queued: nothing computed
    assert [d.message for d in second.diagnostics()] == ["bad word"]
    change(second, toy, "a", "x one two")
    second.run(["root:"])
    assert second.value("total:") == 5
    assert "page:b" in toy.calls
    commit(second)
    third = Engine(toy.queries(), Store(tmp_path / "s.sqlite", VERSION))
    assert third.value("total:") == 5


def test_workers_give_what_one_process_gives() -> None:
    files = {f"f{i:03d}": f"w{i % 7} " + "word " * (i % 5) for i in range(120)}
    alone = run(Toy(dict(files)), Store(None, VERSION))
    together = run(Toy(dict(files)), Store(None, VERSION), jobs=2)
    assert alone.value("total:") == together.value("total:")
    for name in files:
        assert alone.value(f"page:{name}") == together.value(f"page:{name}")
    assert alone.output_changes == together.output_changes


def test_the_parent_computes_a_share_and_holds_it_pickled() -> None:
    """With two jobs, one worker and the parent share the nodes: the parent's pages are
    computed here (a worker's calls are not seen here), and held as their pickles."""
    files = {f"f{i:03d}": f"w{i % 7} " + "word " * (i % 5) for i in range(120)}
    toy = Toy(dict(files))
    engine = Engine(toy.queries(), Store(None, VERSION), jobs=2)
    engine.start_run()
    engine.run(["root:"])
    here = {call.removeprefix("page:") for call in toy.calls if call.startswith("page:")}
    assert here and here != set(files)  # some here, the rest in the worker
    for name in here:
        node = engine.nodes[f"page:{name}"]
        assert node.value is UNLOADED and node.blob is not None
    alone = run(Toy(dict(files)), Store(None, VERSION))
    for name in files:
        assert engine.value(f"page:{name}") == alone.value(f"page:{name}")
    assert engine.output_changes == alone.output_changes


def _killed(keys: list[str]) -> list[Any]:
    os.kill(os.getpid(), signal.SIGKILL)  # as the system stops a process short of memory
    return []


def _killed_chunk(state: Any, chunk: list[int]) -> list[Any]:
    return _killed([])


_real_work = aze_site.engine.parallel._work


def _kill_when_idle(keys: list[str]) -> list[Any]:
    """Its work done, this worker is killed a moment later, as it waits for more (it then
    holds the lock of the task queue: multiprocessing's Pool waited for ever after that)."""
    found = _real_work(keys)
    threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGKILL)).start()
    return found


def test_a_worker_that_dies_while_busy_ends_the_build_with_worker_lost(
        monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"f{i:03d}": f"w{i % 7} " + "word " * (i % 5) for i in range(120)}
    engine = Engine(Toy(files).queries(), Store(None, VERSION), jobs=2)
    monkeypatch.setattr(aze_site.engine.parallel, "_work", _killed)
    engine.start_run()
    with pytest.raises(WorkerLost):
        engine.run(["root:"])
    ended = time.monotonic() + 10  # the workers are killed: gone within moments
    while multiprocessing.active_children() and time.monotonic() < ended:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_while_idle_loses_nothing_or_is_worker_lost(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed between two runs: the build goes on with what the worker handed back, or
    stops with WorkerLost; it never hangs."""
    files = {f"f{i:03d}": f"w{i % 7} " + "word " * (i % 5) for i in range(120)}
    monkeypatch.setattr(aze_site.engine.parallel, "_work", _kill_when_idle)
    engine = Engine(Toy(files).queries(), Store(None, VERSION), jobs=2)
    engine.start_run()
    try:
        engine.run(["root:"])
    except WorkerLost:
        return
    alone = run(Toy(dict(files)), Store(None, VERSION))
    assert engine.value("total:") == alone.value("total:")
    assert engine.output_changes == alone.output_changes


def _large(size: int) -> bytes:
    return b"x" * size


def test_a_worker_killed_half_way_through_handing_back_its_result_is_worker_lost() -> None:
    """100 MB cannot pass through a pipe before the parent reads: the worker is killed in
    the middle of sending them. Its pipe closes with it, so the parent's read ends
    (ProcessPoolExecutor's reader thread waited for the rest for ever)."""
    with pytest.raises(WorkerLost), forked_pool(2) as pool:
        task = pool.submit(_large, 100_000_000)
        time.sleep(1.0)
        task.worker.process.kill()
        task.result()
    assert multiprocessing.active_children() == []


def test_a_pool_left_early_ends_its_workers_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), forked_pool(2) as pool:
        pool.submit(time.sleep, 60)
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []


def test_parallel_map_with_a_worker_that_dies_is_worker_lost() -> None:
    with pytest.raises(WorkerLost):
        parallel_map(_killed_chunk, list(range(8)), None, 2, chunk=1)


@pytest.mark.parametrize(("count", "jobs"), [(1, 2), (2, 2), (3, 2), (40, 2), (13203, 2),
                                           (5000, 4), (7, 1)])
def test_runs_deal_every_node_once_and_shrink_to_the_end(count: int, jobs: int) -> None:
    keys = [f"page:{i:05d}" for i in range(count)]
    runs = Runs(keys, jobs)
    front: list[list[str]] = []
    back: list[list[str]] = []
    while runs:  # the parent takes a run from the end after each worker's from the start
        front.append(runs.first())
        if runs:
            back.append(runs.last())
    dealt = [key for run in front for key in run] + [key for run in reversed(back) for key in run]
    assert dealt == keys
    sizes = [len(run) for pair in zip(front, back, strict=False) for run in pair]
    assert all(size <= -(-count // jobs) for size in sizes)  # two photos: one each
    assert sizes == sorted(sizes, reverse=True)  # shorter and shorter to the end
    if count > 1000:
        assert sizes[0] <= count // (8 * jobs) and sizes[-1] <= 16


def test_two_nodes_making_one_file_clash_in_a_first_run_and_in_a_later_one() -> None:
    toy = Toy({"a": "frog one", "b": "frog two", "c": "toad"})
    queries = toy.queries()

    def page(ctx: Ctx, name: str) -> str:  # a page's file is named by its first word
        text = ctx.get(f"file:{name}") or ""
        ctx.output(f"{text.split()[0]}.html", text.encode())
        return name

    queries["page"] = Query(4, page, parallel=True)
    engine = run(toy, Store(None, VERSION), Engine(queries, Store(None, VERSION)))
    assert engine.collisions() == {"frog.html": ["page:a", "page:b"]}
    commit(engine)
    engine.start_run()
    change(engine, toy, "b", "toad two")  # now against a page the store holds, not run again
    engine.run(["root:"])
    assert engine.collisions() == {"toad.html": ["page:b", "page:c"]}


def test_reading_upwards_is_refused() -> None:
    toy = Toy({"a": "x"})
    queries = toy.queries()

    def upward(ctx: Ctx, _: str) -> Any:
        return ctx.get("root:")

    queries["up"] = Query(3, upward)
    engine = Engine(queries, Store(None, VERSION))
    with pytest.raises(EngineError):
        engine.ensure("up:")


def test_a_node_is_never_queued_while_it_is_computed() -> None:
    """A node that creates a placeholder for what it reads can wake the readers recorded for
    that key, itself among them: it is computing already, so it must not stay queued (its
    next reader would be refused with 'read before its turn')."""
    def wakes_itself(ctx: Ctx, _: str) -> int:
        ctx.engine.queue("a:")
        return 1

    def reads_it(ctx: Ctx, _: str) -> int:
        return int(ctx.get("a:")) + 1

    engine = Engine({"a": Query(1, wakes_itself), "b": Query(2, reads_it)}, Store(None, VERSION))
    engine.start_run()
    engine.run(["b:"])
    assert engine.value("b:") == 2 and not engine.queued


def _tables(path: Path) -> dict[str, list[Any]]:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()  # noqa: S608
                for table in ("meta", "nodes", "rdeps", "diags", "outputs")}
    finally:
        db.close()


def _last(meta: dict[str, Any]) -> Any:
    from aze_site.engine.store import Changes

    return Changes((), set(), set(), set(), {}, {}, {}, meta)


def _writer(engine: Engine, aside: bool) -> Writer | None:
    return Writer(engine.store) if aside else None


@pytest.mark.parametrize("aside", [False, True])
def test_a_write_begun_aside_stores_what_one_write_stores(tmp_path: Path, aside: bool) -> None:
    files = {f"f{i:02d}": f"w{i % 5} bad " + "word " * i for i in range(30)}
    at_once, begun = tmp_path / "once.sqlite", tmp_path / "begun.sqlite"
    engine = run(Toy(dict(files)), Store(at_once, VERSION))
    engine.store.write(engine.changes({}, {}), _last({"tree": 1}))
    engine = run(Toy(dict(files)), Store(begun, VERSION))
    pending = begin_write(engine.store, lambda: engine.changes({}, {}), _writer(engine, aside))
    assert engine.store.meta("tree") is None  # nothing committed before `finish`
    pending.finish(_last({"tree": 1}))
    assert engine.store.meta("tree") == 1
    assert _tables(begun) == _tables(at_once)
    assert not list(tmp_path.glob("*.new-*"))
    if aside:  # written aside, then put in the empty store's place: a store as any other
        db = sqlite3.connect(begun)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA page_size").fetchone()[0] == 16384
        db.close()
        engine.store.write(_last({"tree": 2}))  # the build's own connection writes on
        assert Store(begun, VERSION).meta("tree") == 2


@pytest.mark.parametrize("aside", [False, True])
def test_an_abandoned_write_leaves_the_store_as_it_was(tmp_path: Path, aside: bool) -> None:
    path = tmp_path / "s.sqlite"
    engine = run(Toy({"a": "x one"}), Store(path, VERSION))
    before = _tables(path)
    pending = begin_write(engine.store, lambda: engine.changes({}, {}), _writer(engine, aside))
    pending.abandon()
    assert _tables(path) == before
    assert Store(path, VERSION).is_empty()
    assert not list(tmp_path.glob("*.new-*"))


def test_a_write_that_fails_aside_is_reported_and_leaves_nothing(tmp_path: Path) -> None:
    from aze_site.engine import Damaged

    path = tmp_path / "s.sqlite"
    engine = run(Toy({"a": "x one"}), Store(path, VERSION))

    def broken() -> Any:
        raise ValueError("no changes here")

    pending = begin_write(engine.store, broken, Writer(engine.store))
    with pytest.raises(Damaged, match="no changes here"):
        pending.finish(_last({"tree": 1}))
    assert Store(path, VERSION).is_empty()
    assert not list(tmp_path.glob("*.new-*"))


@pytest.mark.parametrize("aside", [False, True])
def test_a_store_written_from_nothing_holds_the_readers_of_each_node(tmp_path: Path,
                                                                     aside: bool) -> None:
    """The readers a build from nothing writes come from the engine's own reverse
    dependencies: they are those of the nodes it writes, strong and weak (`root` only
    requires the pages), removed nodes and all."""
    import sqlite3

    path = tmp_path / "s.sqlite"
    files = {f"f{i}": f"w{i % 3} text" for i in range(12)}
    toy = Toy(files)
    engine = run(toy, Store(path, VERSION))
    del toy.files["f0"]  # a second run before the first write: f0's page goes
    engine.start_run()
    engine.set_input("dir:", tuple(sorted(toy.files)))
    run(toy, engine.store, engine)
    assert "page:f0" in engine.deleted
    begin_write(engine.store, lambda: engine.changes({}, {}), _writer(engine, aside)).finish(
        _last({}))
    db = sqlite3.connect(path)
    expected: dict[str, tuple[set[str], set[str]]] = {}
    for key, deps, weak in db.execute("SELECT key, deps, weak FROM nodes"):
        for dep in filter(None, deps.split("\n")):
            expected.setdefault(dep, (set(), set()))[0].add(key)
        for dep in filter(None, weak.split("\n")):
            if dep not in deps.split("\n"):
                expected.setdefault(dep, (set(), set()))[1].add(key)
    stored = {dep: (set(filter(None, strong.split("\n"))), set(filter(None, weak.split("\n"))))
              for dep, strong, weak in db.execute("SELECT dep, strong, weak FROM rdeps")}
    db.close()
    assert "page:f0" not in {reader for strong, _ in stored.values() for reader in strong}
    assert stored["page:f1"] == (set(), {"root:"})
    assert stored == expected


def test_a_bulk_that_fails_half_sent_leaves_nothing(tmp_path: Path) -> None:
    """The writer has had rows when the build's thread fails to make the rest: nothing of
    them is committed, and the build hears the thread's error, not the writer's."""
    from dataclasses import replace

    from aze_site.engine import Damaged

    path = tmp_path / "s.sqlite"
    engine = run(Toy({f"f{i}": "x one" for i in range(5000)}), Store(path, VERSION))

    def rows() -> Any:
        for n, row in enumerate(engine.changes({}, {}).rows):
            if n == 4500:
                raise ValueError("half made")
            yield row

    pending = begin_write(engine.store, lambda: replace(engine.changes({}, {}), rows=rows()),
                          Writer(engine.store))
    with pytest.raises(Damaged, match="half made"):
        pending.finish(_last({"tree": 1}))
    assert Store(path, VERSION).is_empty()


def test_other_code_under_the_same_version_trusts_nothing_stored(tmp_path: Path) -> None:
    """The store's version includes a digest of aze-site's own files: a checkout of newer
    code installed as the same version builds everything again."""
    from aze_site.build.options import code_digest, store_version

    assert code_digest() in store_version()
    package = tmp_path / "aze_site"
    (package / "data").mkdir(parents=True)
    (package / "render.py").write_text("A = 1\n")
    (package / "data/table.json").write_text("{}")
    before = code_digest(package)
    (package / "render.py").write_text("A = 2\n")
    code_digest.cache_clear()
    assert code_digest(package) != before


def test_changed_file_signatures_are_kept_apart_until_they_are_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aze_site.engine import FileSig
    from aze_site.engine import store as stores

    monkeypatch.setattr(stores, "FOLD", 3)
    path = tmp_path / "s.sqlite"
    store = Store(path, VERSION)

    def files(changes: dict[str, FileSig | None]) -> None:
        store.write(stores.Changes((), set(), set(), set(), {}, changes, {}, {}))

    whole = {f"content/f{i}.md": FileSig(i, i, i, f"h{i}") for i in range(10)}
    files(dict(whole))  # the first signatures: written as columns at once
    assert store.meta("files_recent") == {}
    edits: list[dict[str, FileSig | None]] = [
        {"content/f1.md": FileSig(20, 2, 1, "new")}, {"content/f2.md": None},
        {"content/g.md": FileSig(30, 3, 3, "g")}]
    for edit in edits:  # an edit's few: beside the columns, which stay as they were
        files(edit)
        stores.apply_signatures(whole, edit)
        assert Store(path, VERSION).files() == whole
    assert len(store.meta("files_recent")) == 3
    assert "content/f2.md" in store.meta("files")[0]
    files({"content/f3.md": FileSig(40, 4, 4, "f3")})  # one more: all of them folded in
    stores.apply_signatures(whole, {"content/f3.md": FileSig(40, 4, 4, "f3")})
    assert store.meta("files_recent") == {}
    assert "content/f2.md" not in store.meta("files")[0]
    assert Store(path, VERSION).files() == store.files() == whole


def test_a_full_disk_is_told_as_such_not_taken_for_a_damaged_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged store is deleted and the build starts from nothing; a full disk is no
    reason to lose it (and another full build would not fit either)."""
    import errno

    store = Store(tmp_path / "store.sqlite", VERSION)
    engine = run(Toy({"a": "x one"}), store)
    commit(engine)

    def full(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_write", full)
    with pytest.raises(OSError) as raised:
        commit(engine)
    assert raised.value.errno == errno.ENOSPC and "the disk is full" in str(raised.value)
    monkeypatch.undo()
    assert Store(tmp_path / "store.sqlite", VERSION).row("page:a") is not None
