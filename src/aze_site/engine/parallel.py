"""Computing many independent nodes at once, in forked worker processes.

Nodes of one level never read each other, so a batch of them can be split among
workers. Each worker is a fork of the engine (it sees every value the parent knows),
computes its share, and hands back every record it made, in order, including the nodes
of lower levels it had to make on the way; the parent installs them as if it had
computed them itself, skipping any it already has. Outputs go straight to the sink,
which is safe to share between processes.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections import defaultdict, deque
from dataclasses import replace
from typing import TYPE_CHECKING

from aze_site.engine.nodes import UNLOADED
from aze_site.workers import Task, forked_pool, settle

if TYPE_CHECKING:
    from collections.abc import Callable

    from aze_site.engine.nodes import Result
    from aze_site.engine.runtime import Engine

_engine: Engine | None = None


def _work(keys: list[str]) -> list[tuple[str, Result]]:
    engine = _engine
    if engine is None:
        raise RuntimeError("a worker without the engine it was forked from")
    engine.trace = []
    for key in keys:
        if key not in engine.done:
            engine.compute(key)
    found = [(key, _packed(result)) for key, result in engine.trace]
    engine.trace = []
    _forget(engine, [key for key, _ in found], engine.level(keys[0]))
    settle()
    return found


def _forget(engine: Engine, made: list[str], level: int) -> None:
    """The nodes of a chunk's level and above (its own, and the children they emitted), once
    handed back: nothing in this worker reads them again (nodes of one level never read
    each other), and a worker that kept them would hold a copy of every page it made until
    the pool ends. Lower nodes made on the way stay: the next chunks may read them. The
    stored values it unpickled go back to their bytes (Engine.unload)."""
    for key in made:
        if engine.level(key) >= level:
            engine.nodes.pop(key, None)
            engine.done.discard(key)
    engine.unload()


def _packed(result: Result) -> Result:
    """The value pickled once, here: the parent keeps these bytes for the store and
    unpickles the value only if something there reads it."""
    if result.value is UNLOADED or result.blob is not None:
        return result
    return replace(result, value=UNLOADED,
                   blob=pickle.dumps(result.value, protocol=pickle.HIGHEST_PROTOCOL))


def _fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worth_forking(engine: Engine, keys: list[str]) -> bool:
    """Enough work for the workers: many light nodes, or a few heavy ones (photos)."""
    if engine.jobs <= 1 or not keys or not _fork_available():
        return False
    return len(keys) >= min(engine.query(k).batch for k in keys)


def _in_workers(engine: Engine, keys: list[str]) -> None:
    """Compute these nodes in `jobs - 1` forked workers and in this process, which takes
    runs from the end while the workers take them from the start (`Runs`).

    The parent computing a share, where it used to wait, saves a whole worker's memory:
    each worker ends up copying much of the parent's memory (reading a shared object
    writes its reference count, and the page holding it is copied), some 500 MB at
    20,000 sites; its values are pickled as a worker's are (Engine.pack)."""
    global _engine
    runs = Runs(keys, engine.jobs)
    workers = max(1, engine.jobs - 1)
    _engine = engine
    engine.unload()
    settle()
    try:
        with forked_pool(workers) as pool:
            pending: deque[Task] = deque()

            def deal() -> None:  # between two of the parent's nodes: no worker waits long
                while pending and pending[0].ready():
                    _install(engine, pending.popleft().result())
                while runs and len(pending) < workers:
                    pending.append(pool.submit(_work, runs.first()))

            deal()
            while runs:
                _here(engine, runs.last(), deal)
            while pending:
                _install(engine, pending.popleft().result())
    finally:
        _engine = None


SHARE = 8  # a run: at most 1/(SHARE * jobs) of what is left of the level
SHORTEST = 16  # nodes: a run's own cost (a pickled trace, a collection) stays small


class Runs:
    """A level's nodes dealt in runs, the workers' from the start, the parent's from the
    end, each a share of what is left (guided scheduling): runs shrink as the level ends,
    so the processes finish together instead of one waiting for another's last long run
    (a sixteenth of the level with runs of one size: 0.9 s of the pages at 5,000 sites)."""

    def __init__(self, keys: list[str], jobs: int) -> None:
        self.keys, self.jobs = keys, max(1, jobs)
        self.start, self.end = 0, len(keys)

    def __bool__(self) -> bool:
        return self.start < self.end

    def _size(self) -> int:
        left = self.end - self.start  # never more than an even share: two photos, one each
        return min(-(-left // self.jobs), max(SHORTEST, left // (SHARE * self.jobs)))

    def first(self) -> list[str]:
        size = self._size()
        self.start += size
        return self.keys[self.start - size:self.start]

    def last(self) -> list[str]:
        size = self._size()
        self.end -= size
        return self.keys[self.end:self.end + size]


def _install(engine: Engine, trace: list[tuple[str, Result]]) -> None:
    for key, result in trace:
        if key not in engine.done and result.parent is None and \
                engine.query(key).compute is not None:
            engine.count(key)
        engine.install(key, result)
    settle()


def _here(engine: Engine, keys: list[str], between: Callable[[], None]) -> None:
    """A chunk computed in the parent, calling `between` after each node; its values are
    then held as pickles and what it read unpickled is let go, as in a worker."""
    engine.made = []
    try:
        for key in keys:
            if key not in engine.done:
                engine.compute(key)
            between()
        engine.pack(engine.made)
    finally:
        engine.made = None
    engine.unload()
    settle()


def compute_batch(engine: Engine, keys: list[str]) -> None:
    """Compute these queued nodes of one level."""
    groups: dict[bool, list[str]] = defaultdict(list)
    for key in keys:
        groups[engine.query(key).parallel].append(key)
    wide = groups[True]
    if _worth_forking(engine, wide) and not engine.stack:
        _in_workers(engine, wide)
    else:
        groups[False] += wide
    for key in groups[False]:
        if key not in engine.done:
            engine.compute(key)


def compute_missing(engine: Engine, keys: list[str]) -> None:
    """Make sure these nodes exist: the ones never computed are made, level by level."""
    by_level: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        if key not in engine.done and engine.node(key) is None:
            by_level[engine.level(key)].append(key)
    for level in sorted(by_level):
        batch = by_level[level]
        computed = [k for k in batch if engine.query(k).compute is not None
                    and engine.query(k).parent is None]
        if all(engine.query(k).parallel for k in computed) and _worth_forking(engine, computed):
            _in_workers(engine, computed)
        for key in batch:
            if key not in engine.done:
                engine.ensure(key)
