"""The engine's memory between builds: one SQLite file under one version key.

Tables: `nodes` (each query's value, its hash, what it read and what it produced),
`rdeps` (the reverse dependencies: one row per node, the nodes that read it and those
that only require it, read row by row when an input changes), `diags`
(the diagnostics of nodes that have any), `outputs` (every published file: its hash
and the node that made it) and `meta` (among others `files`: each source file's
signature and content hash, read whole by every build). A build reads only the rows
it needs; it writes its changes in one transaction, committed after publishing (a build
from nothing writes them from a process of its own: writer.py), so a failed or killed
build leaves the store as it was.

A file that cannot be opened, or holds another version's data, is `Damaged`: the build
starts from an empty store and nothing of the damaged one is used.
"""

from __future__ import annotations

import errno
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from aze_site.errors import Diagnostic

SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB)",
    # A rowid table, the value last: a WITHOUT ROWID table keeps only ~1 KB of a row in its
    # tree (the rest in overflow pages, half of the last one wasted: the store was twice the
    # size of what it held), and a column after the value is read through it. Finding a key
    # alone (`has`) reads only the key's index.
    "CREATE TABLE nodes (key TEXT PRIMARY KEY, hash BLOB, deps TEXT, weak TEXT,"
    " outputs BLOB, children BLOB, parent TEXT, value BLOB)",
    "CREATE TABLE rdeps (dep TEXT PRIMARY KEY, strong TEXT, weak TEXT) WITHOUT ROWID",
    "CREATE TABLE diags (key TEXT PRIMARY KEY, blob BLOB) WITHOUT ROWID",
    "CREATE TABLE outputs (rel TEXT PRIMARY KEY, hash TEXT, indexed INTEGER, node TEXT,"
    " src TEXT) WITHOUT ROWID",
)


class Damaged(Exception):
    """The store cannot be trusted: build from an empty one."""


@dataclass(frozen=True)
class Output:
    """One published file: its content hash, whether search indexes it, the node that made
    it, and where its bytes are ('' : the build's pending blobs; else a path in the project)."""

    hash: str
    indexed: bool
    node: str
    src: str = ""


FOLD = 1000  # changed signatures kept apart from the columns of all of them (Store.files)


class FileSig(NamedTuple):  # a tuple: one for each source file, read by every build
    stamp: int  # when it last changed (build/sources.py)
    size: int
    ino: int
    hash: str


@dataclass(slots=True)  # not pickled: a slotted dataclass unpickles slowly
class Row:
    """A node as stored; its value stays pickled until asked for."""

    hash: bytes
    blob: bytes | None
    deps: tuple[str, ...]
    weak: tuple[str, ...]
    outputs: tuple[tuple[str, Output], ...]
    children: dict[str, bytes] | None
    parent: str | None


def _keys(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _readers(row: tuple[str, str]) -> dict[str, bool]:
    return {**{node: False for node in _keys(row[0])}, **{node: True for node in _keys(row[1])}}


def _columns(files: dict[str, FileSig]) -> tuple[str, list[int], list[int], list[int], str]:
    rels = sorted(files)
    return ("\n".join(rels), [files[r].stamp for r in rels], [files[r].size for r in rels],
            [files[r].ino for r in rels], "\n".join(files[r].hash for r in rels))


def apply_signatures(files: dict[str, FileSig], changes: dict[str, FileSig | None]) -> None:
    """Changed signatures into `files` (None: the file is gone)."""
    for rel, sig in changes.items():
        if sig is None:
            files.pop(rel, None)
        else:
            files[rel] = sig


def node_row(key: str, r: Row) -> tuple[Any, ...]:
    """A node's row as the nodes table holds it."""
    return (key, r.hash, "\n".join(r.deps), "\n".join(r.weak),
            _dump(r.outputs) if r.outputs else None,
            _dump(r.children) if r.children is not None else None, r.parent, r.blob)


def readers_row(dep: str, readers: tuple[list[str], list[str]]) -> tuple[str, str, str]:
    """A node's readers (strong, weak; each sorted) as the rdeps table holds them."""
    return dep, "\n".join(readers[0]), "\n".join(readers[1])


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _load(blob: bytes) -> Any:
    try:
        return pickle.loads(blob)  # noqa: S301 (the project's own store, checked by version)
    except Exception as exc:
        raise Damaged(f"a stored value cannot be read: {exc!r}") from exc


class Store:
    """One SQLite database (`path`; None: in memory, for builds that keep nothing)."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path = path
        self.version = version
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._files: dict[str, FileSig] | None = None

    # -- the connection ---------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own
            self._db = self._open()
            self._pid = os.getpid()
        return self._db

    def _open(self) -> sqlite3.Connection:
        target = str(self.path) if self.path is not None else ":memory:"
        try:
            db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL" if self.path else "PRAGMA journal_mode=MEMORY")
            db.execute("PRAGMA synchronous=NORMAL")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "meta" not in tables:
                self._create(db)
            else:
                found = db.execute("SELECT value FROM meta WHERE name='version'").fetchone()
                if found is None or found[0] != self.version:
                    db.close()
                    raise Damaged("the store was made by another version of aze-site")
        except sqlite3.Error as exc:
            raise self._problem(exc, "the store cannot be opened") from exc
        return db

    def _problem(self, exc: sqlite3.Error, what: str) -> Exception:
        """What a failed SQLite call means: a full disk is not a damaged store (which the
        build would delete and start again without), but a problem to tell as such."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code
        if code == sqlite3.SQLITE_FULL or "disk is full" in str(exc):
            return OSError(errno.ENOSPC, "the disk is full (the build's memory could not be "
                           "written; nothing was published)", str(self.path))
        if code == sqlite3.SQLITE_IOERR:  # the system's, not the file's: on a full disk too
            return OSError(errno.EIO, f"{what} ({exc}; is the disk full?); nothing was "
                           "published", str(self.path))
        return Damaged(f"{what}: {exc}")

    def _create(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN")
        for statement in SCHEMA:
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (self.version,))
        db.execute("COMMIT")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- a store written from nothing, aside ----------------------------------------------
    def aside(self) -> tuple[sqlite3.Connection, Path]:
        """A new, empty store beside this one (empty too), to be written in one go and put
        in its place by `replace_with`: with no journal, as nothing reads it until then,
        and in pages of 16 KB (a cold build's 850 MB at 20,000 sites: half the time WAL
        pages of 4 KB and their checkpoint took). A build stopped before leaves this store
        as it was."""
        if self.path is None:
            raise RuntimeError("a store in memory is written in place")
        for old in self.path.parent.glob(f"{self.path.name}.new-*"):  # a killed writer's
            old.unlink(missing_ok=True)
        path = self.path.with_name(f"{self.path.name}.new-{os.getpid()}")
        db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        for pragma in ("page_size=16384", "journal_mode=OFF", "synchronous=OFF"):
            db.execute(f"PRAGMA {pragma}")
        self._create(db)
        return db, path

    def replace_with(self, db: sqlite3.Connection, path: Path) -> None:
        """The store written aside (`aside`, committed) takes this one's place, in WAL mode
        as any store; no connection to this one may be open (the build closed its own)."""
        if self.path is None:
            raise RuntimeError("a store in memory is written in place")
        db.execute("PRAGMA journal_mode=WAL")
        db.close()
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)  # on disk before it is the store: never a store half written
        finally:
            os.close(fd)
        for suffix in ("-wal", "-shm"):  # this store's, which would be read with the new one
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        os.replace(path, self.path)

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._problem(exc, "the store cannot be read") from exc

    # -- reading ------------------------------------------------------------------------
    def row(self, key: str) -> Row | None:
        found = self._query("SELECT hash, value, deps, weak, outputs, children, parent FROM nodes"
                            " WHERE key = ?", (key,))
        if not found:
            return None
        hash_, blob, deps, weak, outputs, children, parent = found[0]
        return Row(hash_, blob, _keys(deps), _keys(weak),
                   _load(outputs) if outputs else (), _load(children) if children else None,
                   parent)

    def has(self, key: str) -> bool:
        return bool(self._query("SELECT 1 FROM nodes WHERE key = ?", (key,)))

    @staticmethod
    def value(row: Row) -> Any:
        return None if row.blob is None else _load(row.blob)

    def rdeps(self, key: str) -> dict[str, bool]:
        """The nodes that read `key`: node -> True when it only requires it (weak)."""
        found = self._query("SELECT strong, weak FROM rdeps WHERE dep = ?", (key,))
        return _readers(found[0]) if found else {}

    def diagnostics(self) -> dict[str, tuple[Diagnostic, ...]]:
        return {key: _load(blob) for key, blob in self._query("SELECT key, blob FROM diags")}

    def files(self) -> dict[str, FileSig]:
        """Every source file's signature: one value in `meta`, read whole by every build
        (one unpickling is several times quicker than as many rows), and the signatures
        that changed since it was written (`files_recent`)."""
        if self._files is None:
            rels, stamps, sizes, inos, hashes = self.meta("files", ("", [], [], [], ""))
            signatures = zip(stamps, sizes, inos, hashes.split("\n"), strict=False)
            files = dict(zip(rels.split("\n") if rels else (),
                             map(partial(tuple.__new__, FileSig), signatures), strict=False))
            apply_signatures(files, self.meta("files_recent", {}))
            self._files = files
        return dict(self._files)

    def outputs(self) -> dict[str, Output]:
        return {rel: Output(h, bool(i), n, s) for rel, h, i, n, s in
                self._query("SELECT rel, hash, indexed, node, src FROM outputs")}

    def outputs_of(self, node: str) -> dict[str, Output]:
        return {rel: Output(h, bool(i), node, s) for rel, h, i, s in
                self._query("SELECT rel, hash, indexed, src FROM outputs WHERE node = ?", (node,))}

    def indexed(self) -> list[tuple[str, str]]:
        """The published files the search index holds, with their hashes."""
        return [(rel, digest) for rel, digest in
                self._query("SELECT rel, hash FROM outputs WHERE indexed = 1")]

    def output(self, rel: str) -> Output | None:
        found = self._query("SELECT hash, indexed, node, src FROM outputs WHERE rel = ?", (rel,))
        return Output(found[0][0], bool(found[0][1]), found[0][2], found[0][3]) if found else None

    def meta(self, name: str, default: Any = None) -> Any:
        found = self._query("SELECT value FROM meta WHERE name = ?", (name,))
        return _load(found[0][0]) if found else default

    def is_empty(self) -> bool:
        return not self._query("SELECT 1 FROM nodes LIMIT 1")

    # -- writing ------------------------------------------------------------------------
    def write(self, *changes: Changes) -> None:
        """Write one build's changes (in parts, the later ones winning) in one transaction."""
        db = self.db
        try:
            db.execute("BEGIN")
            for part in changes:
                self._write(db, part)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise self._problem(exc, "the store cannot be written") from exc
        finally:
            if any(part.files for part in changes):
                self._files = None  # read again after the commit (or the rollback)

    def written_elsewhere(self) -> None:
        """Another process committed changes (writer.py): what this one keeps of the store
        is read again."""
        self._files = None

    def _write(self, db: sqlite3.Connection, c: Changes,
               rows: Iterable[tuple[Any, ...]] | None = None,
               readers: Iterable[tuple[str, str, str]] | None = None) -> None:
        """Write the changes `c`; `rows` and `readers`: its nodes' and readers' rows as the
        tables hold them (`node_row`, `readers_row`), made by the build (writer.py)."""
        meta = dict(c.meta)
        # Rows go in in key order: the tables are B-trees on their keys, and appending in
        # order is several times faster than inserting at random places (a cold build
        # writes hundreds of thousands of rows).
        db.executemany("DELETE FROM nodes WHERE key = ?", ((k,) for k in sorted(c.deleted)))
        db.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       rows if rows is not None else  # in key order already (Changes.rows)
                       (node_row(k, r) for k, r in c.rows))
        if readers is not None or c.readers is not None:  # a store that had none: all at once
            db.executemany("INSERT INTO rdeps VALUES (?, ?, ?)", readers if readers is not None
                           else (readers_row(dep, found) for dep, found in c.readers or ()))
        self._edges(db, c.rdeps_added, c.rdeps_removed)
        diags = sorted(c.diags.items())
        db.executemany("DELETE FROM diags WHERE key = ?", ((k,) for k, d in diags if not d))
        db.executemany("INSERT OR REPLACE INTO diags VALUES (?, ?)",
                       ((k, _dump(d)) for k, d in diags if d))
        if c.files:
            meta.update(self._signatures(c.files))
        outputs = sorted(c.outputs.items())
        db.executemany("DELETE FROM outputs WHERE rel = ?", ((r,) for r, o in outputs if o is None))
        db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
                       ((r, o.hash, int(o.indexed), o.node, o.src) for r, o in outputs
                        if o is not None))
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       ((name, _dump(value)) for name, value in meta.items()))

    def _signatures(self, changes: dict[str, FileSig | None]) -> dict[str, Any]:
        """The meta values that record these changed signatures: an edit's few go with the
        recent ones, and only past FOLD are all of them written as columns again (2 MB
        at 20,000 files, a twentieth of an edit's build)."""
        recent = {**self.meta("files_recent", {}), **changes}
        if len(recent) <= FOLD and self._query("SELECT 1 FROM meta WHERE name = 'files'"):
            return {"files_recent": recent}
        self._files = None  # read within this transaction: an earlier part may have written
        files = self.files()
        apply_signatures(files, changes)
        return {"files": _columns(files), "files_recent": {}}

    @staticmethod
    def _edges(db: sqlite3.Connection, added: set[tuple[str, str, bool]],
               removed: set[tuple[str, str]]) -> None:
        """Edges added and removed: each node's row of readers read, changed, written."""
        changes: dict[str, list[tuple[str, bool | None]]] = {}  # None: the edge is gone
        for dep, node in removed:
            changes.setdefault(dep, []).append((node, None))
        for dep, node, weak in added:  # (an edge is either added, or changed, or removed)
            changes.setdefault(dep, []).append((node, weak))
        for dep in sorted(changes):
            found = db.execute("SELECT strong, weak FROM rdeps WHERE dep = ?", (dep,)).fetchone()
            readers = _readers(found) if found else {}
            for node, kind in changes[dep]:
                if kind is None:
                    readers.pop(node, None)
                else:
                    readers[node] = kind
            if readers:
                db.execute("INSERT OR REPLACE INTO rdeps VALUES (?, ?, ?)", (
                    dep, "\n".join(sorted(n for n, w in readers.items() if not w)),
                    "\n".join(sorted(n for n, w in readers.items() if w))))
            elif found:
                db.execute("DELETE FROM rdeps WHERE dep = ?", (dep,))


@dataclass
class Changes:
    """What one build changes in the store."""

    # Each node's row, in key order (sorting 100,000s of rows again is seconds); read once:
    # a build from nothing makes them as they are written, not all at once
    rows: Iterable[tuple[str, Row]]
    deleted: set[str]
    rdeps_added: set[tuple[str, str, bool]]
    rdeps_removed: set[tuple[str, str]]
    diags: dict[str, tuple[Diagnostic, ...]]
    files: dict[str, FileSig | None]
    outputs: dict[str, Output | None]
    meta: dict[str, Any]
    # A store that had no edges: each node's readers (strong, weak), sorted, instead of the
    # edges; in key order, read once
    readers: Iterable[tuple[str, tuple[list[str], list[str]]]] | None = None


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
