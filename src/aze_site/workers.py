"""Work spread over processes: forked workers share the parent's loaded model for free.

Each task is a chunk of items; results come back in order, so output never depends on
how many workers ran.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

from aze_site.errors import WorkerLost

T = TypeVar("T")
R = TypeVar("R")

_state: Any = None
CPU_MAX = "/sys/fs/cgroup/cpu.max"  # a container's share of the machine's cores (cgroup v2)
CFS = "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"  # the same in cgroup v1, with cpu.cfs_period_us


def usable_cores() -> int:
    """The cores this process may run on: those it is allowed (a CI job pinned to some of a
    machine's), no more than its container's quota (`docker --cpus 2` on a 64-core host,
    where os.cpu_count() says 64 and 63 forked workers would share two cores)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        allowed = os.cpu_count() or 1
    try:
        quota = cores_of_quota(_quota_text())
    except (OSError, ValueError, ZeroDivisionError):
        quota = None
    return max(1, min(allowed, quota) if quota else allowed)


def _quota_text() -> str:
    """The container's quota as cgroup v2 writes it ("200000 100000"), from v1's two files
    where there is no v2 (its "-1": none)."""
    try:
        with open(CPU_MAX, encoding="ascii") as handle:
            return handle.read()
    except OSError:
        with open(CFS, encoding="ascii") as quota, \
                open(CFS.replace("quota", "period"), encoding="ascii") as period:
            share = quota.read().strip()
            return f"{'max' if share == '-1' else share} {period.read().strip()}"


def cores_of_quota(text: str) -> int | None:
    """The cores a cgroup's `cpu.max` ("200000 100000": two; "max 100000": no limit) allows,
    rounded up (1.5 cores: two workers)."""
    quota, _, period = text.strip().partition(" ")
    if quota == "max" or not period:
        return None
    return max(1, math.ceil(int(quota) / int(period)))


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


class Task:
    """One task given to one worker: its result comes back on that worker's own pipe."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker

    def ready(self) -> bool:
        """Whether `result` would return at once (with the result, or WorkerLost)."""
        return self.worker.conn.poll() or not self.worker.process.is_alive()

    def result(self) -> Any:
        worker = self.worker
        wait([worker.conn, worker.process.sentinel])
        try:  # a worker that died mid-send: its end is closed, so this ends (EOFError)
            ok, value = worker.conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerLost from exc
        worker.busy = False
        if not ok:
            raise value
        return value


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()  # the worker's end lives in the worker alone: its death closes it
        self.busy = False


def _serve(conn: Connection) -> None:
    """A worker's loop: a task from its pipe, its outcome back, until the pipe closes."""
    quiet_worker()
    die_with_parent()
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:  # the pool is done
            return
        fn, args = task
        try:
            outcome: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # noqa: BLE001 (raised again in the parent)
            outcome = (False, exc)
        try:
            conn.send(outcome)
        except Exception as exc:  # noqa: BLE001 (an exception that cannot be pickled)
            conn.send((False, RuntimeError(repr(exc))))


class ForkedPool:
    """`workers` processes forked now (they share what this process holds), each with
    pipes of its own: one that dies, even half-way through handing back a result, is
    WorkerLost, and leaves no lock held that others or this process would wait on for
    ever (as multiprocessing's Pool and ProcessPoolExecutor can). No thread: ending it
    early (an error, Ctrl-C) kills the workers, and nothing waits for them at exit."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self.workers.append(_Worker(context))
        except BaseException:
            self.kill()
            raise

    def submit(self, fn: Callable[..., Any], *args: Any) -> Task:
        """Give `fn(*args)` to an idle worker (one must be: a task a worker at a time)."""
        worker = next(w for w in self.workers if not w.busy)
        worker.busy = True
        worker.conn.send((fn, args))
        return Task(worker)

    def idle(self) -> int:
        return sum(not w.busy for w in self.workers)

    def close(self) -> None:
        """Done: each worker is told so, and ends. (Not by closing its pipe alone: workers
        forked later hold copies of the earlier ones' ends.)"""
        for worker in self.workers:
            with suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def kill(self) -> None:
        for worker in self.workers:
            worker.process.kill()
        for worker in self.workers:
            worker.process.join()
            worker.conn.close()


@contextmanager
def forked_pool(workers: int) -> Iterator[ForkedPool]:
    pool = ForkedPool(workers)
    try:
        yield pool
    except BaseException:
        pool.kill()
        raise
    pool.close()


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
            chunks = deque(_chunks(items, size))
            tasks: deque[Task] = deque()
            while chunks or tasks:
                while chunks and pool.idle():
                    tasks.append(pool.submit(_run, (fn, chunks.popleft())))
                results.extend(cast(list[R], tasks.popleft().result()))
                if progress:
                    progress(len(results), len(items))
            return results
    finally:
        _state = None
