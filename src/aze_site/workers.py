"""Work spread over processes: forked workers share the parent's loaded model for free.

Each task is a chunk of items; results come back in order, so output never depends on
how many workers ran.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

_state: Any = None


def _run(task: tuple[Callable[[Any, list[Any]], list[Any]], list[Any]]) -> list[Any]:
    fn, chunk = task
    return fn(_state, chunk)


def settle() -> None:
    """What a build holds now stays until its run ends: Python's collector stops looking at
    it (it went through every object held, again and again as they grew, a fifth of a
    worker's time; in a forked process it also copied every page of memory it looked at),
    once the young garbage is collected. `release` hands it back to the collector."""
    gc.collect(1)
    gc.freeze()


def release() -> None:
    gc.unfreeze()


NEVER = 1 << 30  # collections of the generation below before a full one: never, in practice


@contextmanager
def young_collections_only() -> Iterator[None]:
    """No full collection while a build runs: each walks every object the build holds and
    not yet settled, and a build's objects live until it ends (in a cold build of 20,000
    sites, 109 full collections took 14 s and freed some 500 objects in all). The young
    generations are still collected, where a render's short-lived cycles end up."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def quiet_worker() -> None:
    """Workers stop when the pool ends them, without the parent's Ctrl-C handler
    (`serve` turns SIGTERM into KeyboardInterrupt) printing a traceback; the parent alone
    handles Ctrl-C."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def die_with_parent() -> None:
    """This process ends when its parent ends, however that ends (Linux): a child the
    build's search indexer starts (Pagefind, a merge's worker) does not outlive it."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


class WorkerLost(Exception):
    """A worker process ended without handing back its work (the system stopped it for
    lack of memory, say)."""

    def __str__(self) -> str:
        return ("a worker process of the build ended without finishing its work (the system "
                "may have stopped it for lack of memory): try again, or with --jobs 1")


def children() -> frozenset[int]:
    """The process ids of this process's live multiprocessing children."""
    return frozenset(p.pid for p in multiprocessing.active_children() if p.pid is not None)


@contextmanager
def forked_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """`workers` forked processes (forked at the first task: they share what this process
    holds then). A worker that dies is WorkerLost at once: multiprocessing's Pool would
    wait for its work for ever, and hang when ended if it died between two tasks. Left
    early (an error, Ctrl-C), the workers are ended at once: their work is abandoned."""
    before = children()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=quiet_worker)
    done = False
    try:
        yield pool
        done = True
    except BrokenProcessPool as exc:
        raise WorkerLost from exc
    finally:
        if not done:
            for pid in children() - before:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        pool.shutdown(wait=done, cancel_futures=not done)


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def parallel_map(fn: Callable[[Any, list[T]], list[R]], items: Sequence[T], state: Any,
                 jobs: int, *, min_items: int = 2, chunk: int = 0,
                 progress: Callable[[int, int], None] | None = None) -> list[R]:
    """fn(state, chunk) over chunks of items, in `jobs` forked processes when worth it.

    `progress(done, total)` is called as chunks complete.
    """
    global _state
    results: list[R] = []
    if jobs <= 1 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        for part in _chunks(items, chunk or max(1, len(items) // 20)):
            results.extend(fn(state, part))
            if progress:
                progress(len(results), len(items))
        return results
    size = chunk or max(1, len(items) // (jobs * 8))
    _state = state
    try:
        with forked_pool(jobs) as pool:
            for part in pool.map(_run, ((fn, c) for c in _chunks(items, size))):
                results.extend(cast(list[R], part))
                if progress:
                    progress(len(results), len(items))
            return results
    finally:
        _state = None
