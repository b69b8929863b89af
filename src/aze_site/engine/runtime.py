"""The build engine: memoised queries whose dependencies are recorded while they run.

Every value of a build (a parsed file, a rendered body, a page, a link verdict, a photo,
a diagnostic) is a *node* named `kind:arg` and computed by its kind's query function.
While the function runs, every node it reads is recorded as a dependency; the store
keeps the reverse dependencies. A changed input pushes its readers into a queue; a
node is computed again, and when its value comes out equal to before (same stable
hash) nothing that reads it runs ("early cutoff"). A cold build is this on an empty
store: the root asks for everything, and everything is computed once.

Each kind has a *level*, and a node reads only nodes of lower levels. The queue runs
level by level, so when a node is computed everything it can read is final; all
queued nodes of one level are independent and can be computed in parallel.

A node can also *emit* children (`plan` emits one `spec:<url>` per page): a child has
its parent's level plus one, and only the children whose value changed wake their
readers. A node can *require* others without reading their value: they stay alive
and up to date (the root requires every page), but a change of theirs does not
recompute it. A node nobody reads or requires any longer is deleted with its outputs
and diagnostics ("garbage"), so a warning lasts exactly as long as its cause.
"""

from __future__ import annotations

import heapq
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from aze_site.engine.hashing import stable_hash
from aze_site.engine.nodes import (
    MISSING,
    UNLOADED,
    Ctx,
    EngineError,
    Frame,
    Node,
    Query,
    Result,
    Sink,
    arg_of,
    from_row,
    kind_of,
)
from aze_site.engine.store import Changes, FileSig, Output, Row, Store
from aze_site.errors import Diagnostic
from aze_site.workers import release


class Engine:
    """Runs queries over one store (see the module's docstring)."""

    def __init__(self, queries: dict[str, Query], store: Store, sink: Sink | None = None,
                 jobs: int = 1) -> None:
        self.queries = queries
        self.store = store
        self.sink = sink
        self.jobs = jobs
        self.stack: list[Frame] = []
        self.ctx = Ctx(self)
        self.nodes: dict[str, Node] = {}
        self.absent: set[str] = set()
        self._rdeps: dict[str, dict[str, bool]] = {}
        self.edges: dict[tuple[str, str], bool | None] = {}  # (dep, reader) -> weak; None: gone
        self.garbage: set[str] = set()  # nodes that lost a reader in this run
        self.changed: set[str] = set()  # nodes to write
        self.deleted: set[str] = set()
        self.noted = set(store.diagnostics())  # nodes the store holds diagnostics of
        # An empty store at the start: everything the store will hold, this engine makes
        # and keeps in memory, so nothing need be looked up there (a cold build).
        self.fresh = store.is_empty()
        self.diag_changes: dict[str, tuple[Diagnostic, ...]] = {}
        self.output_changes: dict[str, Output | None] = {}
        self.claims: dict[str, set[str]] = {}
        self.roots: set[str] = set()
        self.heap: list[tuple[int, str]] = []
        self.queued: set[str] = set()
        self.running: int | None = None  # the level `run` computes now
        self.done: set[str] = set()
        self.trace: list[tuple[str, Result]] | None = None  # a worker's record of its work
        self.loaded: list[str] = []  # the nodes whose stored value was unpickled to be read
        self.made: list[str] | None = None  # when a list: the nodes installed, in order
        self.computed: dict[str, int] = {}  # nodes computed in this run, by kind
        self.tallies: dict[str, int] = {}  # work done in this run (Ctx.tally)
        self.on_level: Callable[[int], None] | None = None  # called as each level finishes

    # -- nodes ------------------------------------------------------------------------
    def query(self, key: str) -> Query:
        found = self.queries.get(kind_of(key)) if ":" in key else None
        if found is None:
            raise EngineError(f"no query for {key!r}")
        return found

    def level(self, key: str) -> int:
        return self.query(key).level

    def node(self, key: str) -> Node | None:
        found = self.nodes.get(key)
        if found is not None or self.fresh or key in self.absent:
            return found
        row = self.store.row(key)
        if row is None:
            self.absent.add(key)
            return None
        found = self.nodes[key] = from_row(row)
        return found

    def value(self, key: str) -> Any:
        """A node's current value, without recording it (for the driver)."""
        node = self.node(key)
        if node is None:
            raise KeyError(key)
        if node.value is UNLOADED:
            node.value = Store.value(Row(node.hash, node.blob, (), (), (), None, None))
        return node.value

    def rdeps(self, key: str) -> dict[str, bool]:
        found = self._rdeps.get(key)
        if found is None:
            found = self._rdeps[key] = {} if self.fresh or key in self.absent else \
                self.store.rdeps(key)
        return found

    # -- inputs and the queue -----------------------------------------------------------
    def set_input(self, key: str, value: Any) -> None:
        """An input's new value: its readers are queued when it changed."""
        node = self.node(key)
        if node is None:
            return  # nothing has read it: it is created when something does
        digest = stable_hash(value)
        if node.hash == digest:
            return
        self._put(key, Result(value, digest), node)

    def queue(self, key: str) -> None:
        if key in self.queued or key in self.done:
            return
        if any(frame.key == key for frame in self.stack):
            return  # being computed now: it reads the new value (e.g. a placeholder it made)
        self.queued.add(key)
        heapq.heappush(self.heap, (self.level(key), key))

    def run(self, roots: Iterable[str] = ()) -> None:
        """Bring every queued node up to date, then make sure the roots exist."""
        from aze_site.engine.parallel import compute_batch

        roots = list(roots)
        self.roots.update(roots)
        while self.heap:
            level = self.heap[0][0]
            batch = []
            while self.heap and self.heap[0][0] == level:
                _, key = heapq.heappop(self.heap)
                if key in self.queued:
                    self.queued.discard(key)
                    batch.append(key)
            self.running = level
            try:
                compute_batch(self, batch)
            finally:
                self.running = None
            if self.on_level is not None:
                self.on_level(level)
        for root in roots:
            if root in self.nodes or self.fresh or root in self.absent or not self.store.has(root):
                self.ensure(root)
            # else: stored and not queued, so up to date; its row (every key the root asks
            # for, megabytes on a big site) stays unread
        self._collect_garbage()

    # -- reading --------------------------------------------------------------------------
    def read(self, key: str) -> Any:
        frame = self.stack[-1] if self.stack else None
        if frame is not None:
            if self.level(key) >= frame.level:
                raise EngineError(f"{frame.key} (level {frame.level}) reads {key} "
                                  f"(level {self.level(key)})")
            frame.deps[key] = None
        node = self.ensure(key)
        if node.value is UNLOADED:
            node.value = Store.value(Row(node.hash, node.blob, (), (), (), None, None))
            self.loaded.append(key)
        return node.value

    def unload(self) -> None:
        """The values unpickled to be read go back to their bytes, before workers fork and
        as each worker ends a chunk: a node held both ways (a cold build reads every
        document, every page's links and photos) held its value twice, in every process.
        Read again, it is unpickled again: a fraction of what keeping it costs."""
        for key in self.loaded:
            node = self.nodes.get(key)
            if node is not None and node.blob is not None:
                node.value = UNLOADED
        self.loaded.clear()

    def pack(self, keys: Iterable[str]) -> None:
        """These nodes' values held as their pickles, which the store writes in any case, as
        the nodes workers hand back are: a live value (a page's links, a body) costs a few
        times its bytes, and the parent holds every node of the build until it ends."""
        for key in keys:
            node = self.nodes.get(key)
            if node is not None and node.blob is None and node.value is not UNLOADED:
                node.blob = pickle.dumps(node.value, protocol=pickle.HIGHEST_PROTOCOL)
                node.value = UNLOADED

    def require(self, keys: list[str]) -> None:
        from aze_site.engine.parallel import compute_missing

        frame = self.stack[-1] if self.stack else None
        if frame is not None:
            for key in keys:
                if self.level(key) >= frame.level:
                    raise EngineError(f"{frame.key} requires {key} of a level not below its own")
                frame.weak[key] = None
        compute_missing(self, keys)

    def ensure(self, key: str) -> Node:
        """The node, up to date: made now when it does not exist yet."""
        if key in self.queued:
            if self.running is None or self.level(key) >= self.running:
                raise EngineError(f"{key} is read before its turn (a level is wrong)")
            # Queued after its level ran: a node made on demand above its level (a document
            # a listing requires) changed, and this reader of it was stored. Everything it
            # reads is final, so it is made now, as its turn would have made it.
            self.queued.discard(key)
            self.compute(key)
            return self.nodes[key]
        node = self.node(key)
        if node is not None:
            return node
        query = self.query(key)
        if query.input is not None:
            value = query.input(arg_of(key))
            return self._put(key, Result(value, stable_hash(value)), None)
        if query.parent is not None:
            parent = query.parent(arg_of(key))
            self.ensure(parent)
            node = self.node(key)
            if node is None:  # not emitted: a placeholder that its parent fills when it is
                node = self._put(key, Result(MISSING, stable_hash(MISSING), parent=parent), None)
            return node
        self.compute(key)
        return self.nodes[key]

    # -- computing ------------------------------------------------------------------------
    def evaluate(self, key: str) -> Result:
        """Run the node's query function, recording what it reads."""
        query = self.query(key)
        if query.compute is None:
            raise EngineError(f"{key} is not computed by a query")
        frame = Frame(key, query.level)
        self.stack.append(frame)
        try:
            value = query.compute(self.ctx, arg_of(key))
        finally:
            self.stack.pop()
        return Result(value, stable_hash(value), tuple(frame.deps), tuple(frame.weak),
                      tuple(frame.diags), tuple(sorted(frame.outputs.items())),
                      frame.children, tally=frame.tally)

    def compute(self, key: str) -> None:
        self.count(key)
        self.install(key, self.evaluate(key))

    def count(self, key: str) -> None:
        kind = kind_of(key)
        self.computed[kind] = self.computed.get(kind, 0) + 1

    def install(self, key: str, result: Result) -> None:
        """Take a computed result: update reverse dependencies, outputs, children, queue."""
        if key in self.done:
            node = self.nodes.get(key)
            if node is not None and node.blob is None and result.blob is not None and \
                    node.hash == result.hash:  # a child its parent's install emitted
                node.blob = result.blob  # the worker's pickle of that value: the store's
                node.value = UNLOADED  # (see unload)
            return
        self._put(key, result, self.node(key))

    def _put(self, key: str, result: Result, old: Node | None) -> Node:
        if self.trace is not None:
            self.trace.append((key, result))
        if self.made is not None:
            self.made.append(key)
        key = sys.intern(str(key))
        for name, count in (result.tally or {}).items():
            self.tallies[name] = self.tallies.get(name, 0) + count
        self.done.add(key)
        self.absent.discard(key)
        old_children = old.children if old is not None and old.children else {}
        children = None
        if result.children is not None:
            children = {k: stable_hash(v) for k, v in result.children.items()}
        node = Node(result.hash, result.value, result.blob, _interned(result.deps),
                    _interned(result.weak), result.outputs,
                    children, result.parent if result.parent else (old.parent if old else None))
        worker = self.trace is not None  # the parent does the bookkeeping when it installs
        if not worker:
            self._relink(key, old, node)
            self._outputs(key, old.outputs if old is not None else (), node.outputs)
            if result.diags or key in self.noted or key in self.diag_changes:
                self.diag_changes[key] = result.diags
        self.nodes[key] = node
        self.changed.add(key)
        self.deleted.discard(key)
        if result.children is not None and children is not None:
            self._emit(key, old_children, children, result.children)
        if not worker and (old is None or old.hash != node.hash):
            for reader, weak in self.rdeps(key).items():
                if not weak:
                    self.queue(reader)
        return node

    def _relink(self, key: str, old: Node | None, new: Node) -> None:
        if old is None and self.fresh:  # the common case of a cold build, made quick
            for dep in new.weak:
                self.rdeps(dep)[key] = True
            for dep in new.deps:
                self.rdeps(dep)[key] = False
            return
        before = {d: True for d in old.weak} | {d: False for d in old.deps} if old else {}
        after = {d: True for d in new.weak} | {d: False for d in new.deps}
        for dep, weak in after.items():
            if before.get(dep) != weak:
                self.rdeps(dep)[key] = weak
                if not self.fresh:  # a fresh store's edges are those of the nodes (changes())
                    self.edges[(dep, key)] = weak
        for dep in before.keys() - after.keys():
            self.rdeps(dep).pop(key, None)
            self.edges[(dep, key)] = None
            self.garbage.add(dep)

    def _emit(self, parent: str, old: dict[str, bytes], new: dict[str, bytes],
              values: dict[str, Any]) -> None:
        for child in old.keys() | new.keys():
            before, after = old.get(child), new.get(child)
            if before == after:
                continue
            if after is None:
                self.garbage.add(child)  # no longer emitted: gone unless something reads it
                value: Any = MISSING
            else:
                value = values[child]
            node = self.node(child)
            self.done.discard(child)
            digest = after if after is not None else stable_hash(value)
            self._put(child, Result(value, digest, parent=parent), node)

    def _outputs(self, key: str, old: tuple[tuple[str, Output], ...],
                 new: tuple[tuple[str, Output], ...]) -> None:
        if old == new:
            return
        fresh = dict(new)
        for rel, _ in old:
            if rel not in fresh:
                self.claims.setdefault(rel, set()).discard(key)
                if self.owner(rel) == key:
                    self.output_changes[rel] = self._still_made(rel, key)
        for rel, out in new:
            self.claims.setdefault(rel, set()).add(key)
            self.output_changes[rel] = out

    def _still_made(self, rel: str, gone: str) -> Output | None:
        """The file another live node still makes at `rel` after `gone` stopped, or None.
        Two nodes claim one file only in a run that fails (a clash); the dev server's engine
        goes on from such a run, in which the newcomer's claim took the file over: once it
        lets go, the file is the stored owner's again, as a clean build makes it."""
        stored = None if self.fresh else self.store.output(rel)
        claimants = self.claims.get(rel, set()) | ({stored.node} if stored else set())
        for other in sorted(claimants - {gone}):
            node = self.node(other)
            found = next((out for r, out in node.outputs if r == rel), None) if node else None
            if found is not None:
                return found
        return None

    def owner(self, rel: str) -> str | None:
        if rel in self.output_changes:
            found = self.output_changes[rel]
            return found.node if found is not None else None
        stored = None if self.fresh else self.store.output(rel)
        return stored.node if stored is not None else None

    # -- garbage --------------------------------------------------------------------------
    def _collect_garbage(self) -> None:
        todo = set(self.garbage)
        self.garbage.clear()
        while todo:
            key = todo.pop()
            node = self.node(key)
            if node is None or key in self.roots or self.rdeps(key) or self._children_read(node):
                continue
            if node.parent is not None:
                parent = self.node(node.parent)
                if parent is not None and parent.children and key in parent.children:
                    continue  # a child lives as long as its parent emits it
            todo.update(self._delete(key, node))

    def _children_read(self, node: Node) -> bool:
        """Whether a node emits a child that something reads: reading a child does not read
        its parent (templates: is read by no page, its template:<name> by every one), yet
        the child is only as up to date as the parent that emits it."""
        return any(self.rdeps(child) for child in node.children or ())

    def _delete(self, key: str, node: Node) -> set[str]:
        """Forget a node nobody reads; returns the nodes that lost a reader."""
        lost = set(node.deps) | set(node.weak)
        for dep in lost:
            self.rdeps(dep).pop(key, None)
            self.edges[(dep, key)] = None
        self._outputs(key, node.outputs, ())
        if key in self.noted or key in self.diag_changes:
            self.diag_changes[key] = ()
        for child in node.children or {}:
            found = self.node(child)
            if found is not None:
                if self.rdeps(child):  # still read: it now reads as missing
                    self.done.discard(child)
                    self._put(child, Result(MISSING, stable_hash(MISSING), parent=key), found)
                else:
                    lost.add(child)
        self.nodes.pop(key, None)
        self.absent.add(key)
        self.changed.discard(key)
        self.deleted.add(key)
        self._rdeps.pop(key, None)
        return lost

    # -- results --------------------------------------------------------------------------
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of every live node, sorted."""
        found = self.store.diagnostics()
        found.update(self.diag_changes)
        return sorted({d for items in found.values() for d in items})

    def collisions(self) -> dict[str, list[str]]:
        """Output files that two live nodes both claim (rel -> the nodes)."""
        clashes = {}
        for rel, claimants in self.claims.items():
            if self.fresh and len(claimants) < 2:  # nothing stored: no other owner to find
                continue
            owners = {n for n in claimants if self._claims(n, rel)}
            stored = None if self.fresh else self.store.output(rel)
            if stored is not None and self._claims(stored.node, rel):
                owners.add(stored.node)
            if len(owners) > 1:
                clashes[rel] = sorted(owners)
        return clashes

    def _claims(self, key: str, rel: str) -> bool:
        node = self.node(key)
        return node is not None and any(r == rel for r, _ in node.outputs)

    def changes(self, files: dict[str, FileSig | None], meta: dict[str, Any]) -> Changes:
        """Everything this engine changed, for the store; its rows (and, for an empty store,
        its readers) are made as the store reads them."""
        added: set[tuple[str, str, bool]] = set()
        removed: set[tuple[str, str]] = set()
        if not self.fresh:
            added = {(d, r, w) for (d, r), w in self.edges.items() if w is not None}
            removed = {edge for edge, w in self.edges.items() if w is None}
        return Changes(self._rows(), set(self.deleted), added, removed, dict(self.diag_changes),
                       files, dict(self.output_changes), meta,
                       self._readers() if self.fresh else None)

    def _rows(self) -> Iterator[tuple[str, Row]]:
        for key in sorted(self.changed):  # the store writes rows in key order
            node = self.nodes[key]
            blob = node.blob if node.blob is not None else pickle.dumps(
                node.value, protocol=pickle.HIGHEST_PROTOCOL)
            yield key, Row(node.hash, blob, node.deps, node.weak, node.outputs, node.children,
                           node.parent)

    def _readers(self) -> Iterator[tuple[str, tuple[list[str], list[str]]]]:
        """An empty store's readers, all of them new: each node's, sorted (strong, weak).
        Every node is new then, so the reverse dependencies this engine keeps hold them."""
        for dep in sorted(self._rdeps):
            readers = self._rdeps[dep]
            if readers:
                yield dep, (sorted(k for k, weak in readers.items() if not weak),
                            sorted(k for k, weak in readers.items() if weak))

    def saved(self) -> None:
        """The store now holds every change: start afresh for the next run."""
        self.fresh = False  # what is published is recorded there now, not here
        self.noted = {k for k in self.noted | set(self.diag_changes) if
                      self.diag_changes.get(k, True)}
        for key in self.changed:  # values stay in memory; the blobs are not needed
            node = self.nodes[key]
            if node.value is not UNLOADED:
                node.blob = None
        self.changed.clear()
        self.deleted.clear()
        self.edges.clear()
        self.diag_changes.clear()
        self.output_changes.clear()
        self.claims.clear()

    def start_run(self) -> None:
        """A new run: nothing is done yet (the dev server's engine lives across runs)."""
        release()  # what the last run settled (see workers.settle) may be garbage now
        self.done.clear()
        self.computed = {}
        self.tallies = {}


def _interned(keys: tuple[str, ...]) -> tuple[str, ...]:
    """One string object for each key, however many nodes name it (a worker's records come
    back unpickled, each with copies of its own): a cold build names millions of deps."""
    return tuple(map(sys.intern, map(str, keys)))
