"""The last build's state, kept in .aze-cache/state/ so that the next `aze-site build`
can redo only what changed (as the dev server does) without loading what it does not touch.

Two files. `state.pickle` holds what an update needs whole: the documents (without their
bodies, which are read from their files when needed), the catalogue, the plan of pages,
each page's recorded dependencies and the index from dependency to pages. `entries.sqlite`
holds one row per rendered body and per page (fingerprint, output file, links and
anchors), read only for the pages an update looks at. Both carry the same generation
number; a pickle and a database of different builds, a damaged file or another
aze-site version make the state unusable, and the build is a full one.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import os
import pickle
import secrets
import sqlite3
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aze_site.content.loader import FileResult, Loader
from aze_site.errors import Report
from aze_site.files import atomic_write
from aze_site.images.making import PhotoWork
from aze_site.model import AzeSite, Content, Document, NewsPost, Page
from aze_site.render.catalogue import Catalogue
from aze_site.render.renderer import PageSpec

FOLDER = "state"
TABLES = ("markdown", "pages", "results", "docs")  # docs: see DocRow

V = TypeVar("V")


class Damaged(Exception):
    """The kept state cannot be trusted: build everything instead."""


class Table(MutableMapping[str, V]):
    """A dict whose values stay in the database until asked for.

    Changes are held in memory (`dirty`, `removed`) and written by `save_changes`.
    `copy()` is cheap (the keys and the changes): an update works on a copy, so a failed
    one leaves the original as it was.
    """

    def __init__(self, db: sqlite3.Connection | None, name: str, keys: set[str]) -> None:
        self.db, self.name = db, name
        self.present = keys
        self.loaded: dict[str, V] = {}
        self.dirty: set[str] = set()
        self.removed: set[str] = set()

    def __getitem__(self, key: str) -> V:
        hit = self.loaded.get(key)
        if hit is not None:
            return hit
        if key not in self.present or self.db is None:
            raise KeyError(key)
        value: V | None = _row(self.db, self.name, key)
        if value is None:
            raise Damaged(f"{self.name}: {key} is missing")
        self.loaded[key] = value
        return value

    def __setitem__(self, key: str, value: V) -> None:
        self.loaded[key] = value
        self.present.add(key)
        self.dirty.add(key)
        self.removed.discard(key)

    def __delitem__(self, key: str) -> None:
        if key not in self.present:
            raise KeyError(key)
        self.present.discard(key)
        self.loaded.pop(key, None)
        self.dirty.discard(key)
        self.removed.add(key)

    def __contains__(self, key: object) -> bool:
        return key in self.present

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.present))

    def __len__(self) -> int:
        return len(self.present)

    def copy(self) -> Table[V]:
        other: Table[V] = Table(self.db, self.name, set(self.present))
        other.loaded = dict(self.loaded)
        other.dirty, other.removed = set(self.dirty), set(self.removed)
        return other


def copy_of(mapping: MutableMapping[str, V]) -> MutableMapping[str, V]:
    """A copy to change while the original stays as it was (cheap for a Table)."""
    return mapping.copy() if isinstance(mapping, Table) else dict(mapping)


def _row(db: sqlite3.Connection, table: str, key: str) -> Any:
    """One row's value (None: no such row); Damaged when it cannot be read."""
    try:
        found = db.execute(f"SELECT blob FROM {table} WHERE key = ?",  # noqa: S608
                           (key,)).fetchone()
        return None if found is None else pickle.loads(found[0])  # noqa: S301 (our own cache)
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError,
            ImportError, TypeError, ValueError) as exc:
        raise Damaged(f"{table}: {exc}") from exc


class RenderedView(MutableMapping[str, Any]):
    """The rendered bodies (SiteData.rendered) as a view of the Markdown cache entries."""

    def __init__(self, markdown: MutableMapping[str, Any]) -> None:
        self.markdown = markdown

    def __getitem__(self, key: str) -> Any:
        return self.markdown[key].rendered

    def __setitem__(self, key: str, value: Any) -> None:
        raise TypeError("rendered bodies change through their Markdown entries")

    def __delitem__(self, key: str) -> None:
        raise TypeError("rendered bodies change through their Markdown entries")

    def __contains__(self, key: object) -> bool:
        return key in self.markdown

    def __iter__(self) -> Iterator[str]:
        return iter(self.markdown)

    def __len__(self) -> int:
        return len(self.markdown)


@dataclass
class Kept:
    """What `state.pickle` holds (see the module's docstring)."""

    version: str  # build.cache.version_key() and the build's options
    generation: str  # the same in entries.sqlite
    out_signature: list[int]
    loader: Loader
    files: dict[str, FileResult]
    content: Content
    catalogue: Catalogue
    base_url: str
    asset_versions: dict[str, str]
    published_pages: tuple[Document, ...]
    news: tuple[Document, ...]
    specs: list[PageSpec]
    deps: dict[str, frozenset[str]]
    dependents: dict[str, set[str]]
    linkers: dict[str, set[str]]
    statics: dict[str, Path]
    outputs: set[str]
    work: PhotoWork
    report: Report
    templates_digest: dict[str, str]
    keys: dict[str, set[str]] = field(default_factory=dict)  # table -> its keys


@dataclass(frozen=True)
class DocRow:
    """What an edit of a document's text is checked against (see splice.py)."""

    listed: str  # hash of all but its body (rendering.listed)
    body_line: int
    url: str
    clean: bool  # loaded without a diagnostic


@dataclass(frozen=True)
class Facts:
    """The little a text edit needs besides single rows (see splice.py)."""

    loader: Loader
    urls: dict[str, str]  # content path (without content/) -> page URL, for body links
    base_path: str
    images: dict[str, Any]
    splice: bool  # the templates show bodies only as they are (fingerprint.body_slots)
    summary: dict[str, int]  # the counts of the last build's summary


class _Pickler(pickle.Pickler):
    """Leaves the bodies of documents out: an update reads the files it renders again."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in (AzeSite, Page, NewsPost) and obj.body:
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
            fields["body"] = ""
            return _document, (type(obj), fields)
        return NotImplemented


def _document(kind: type[Document], fields: dict[str, Any]) -> Document:
    return kind(**fields)


def _paths(folder: Path) -> tuple[Path, Path]:
    return folder / FOLDER / "state.pickle", folder / FOLDER / "entries.sqlite"


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def save(cache_dir: Path, kept: Kept, tables: dict[str, MutableMapping[str, Any]],
         manifest: dict[str, tuple[int, int]], facts: Facts) -> None:
    """Write the whole state (after a full build)."""
    pickle_path, db_path = _paths(cache_dir)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    kept.generation = secrets.token_hex(8)
    fresh = db_path.with_name(f".entries-{os.getpid()}.sqlite")
    fresh.unlink(missing_ok=True)
    db = sqlite3.connect(fresh)
    try:
        db.execute("CREATE TABLE meta (generation TEXT, version TEXT, facts BLOB)")
        db.execute("INSERT INTO meta VALUES (?, ?, ?)",
                   (kept.generation, kept.version, _facts_blob(facts)))
        db.execute("CREATE TABLE sources (key TEXT PRIMARY KEY, mtime INTEGER, size INTEGER)")
        db.executemany("INSERT INTO sources VALUES (?, ?, ?)",
                       ((k, m, n) for k, (m, n) in manifest.items()))
        for name in TABLES:
            db.execute(f"CREATE TABLE {name} (key TEXT PRIMARY KEY, blob BLOB)")
            table = tables[name]
            db.executemany(f"INSERT INTO {name} VALUES (?, ?)",  # noqa: S608
                           ((k, _dump(table[k])) for k in table))
        db.commit()
    finally:
        db.close()
    kept.keys = {name: set(tables[name]) for name in TABLES}
    os.replace(fresh, db_path)
    _write_pickle(pickle_path, kept)


def save_changes(cache_dir: Path, kept: Kept, tables: dict[str, MutableMapping[str, Any]],
                 manifest: dict[str, tuple[int, int]], facts: Facts) -> None:
    """Write what an update changed: its rows, and the pickle (a new generation)."""
    pickle_path, db_path = _paths(cache_dir)
    generation = secrets.token_hex(8)
    db = sqlite3.connect(db_path)
    try:
        db.execute("DELETE FROM sources")
        db.executemany("INSERT INTO sources VALUES (?, ?, ?)",
                       ((k, m, n) for k, (m, n) in manifest.items()))
        db.execute("UPDATE meta SET facts = ?", (_facts_blob(facts),))
        for name, table in tables.items():
            if not isinstance(table, Table):
                raise TypeError(f"{name}: an update keeps the state's tables")
            db.executemany(f"DELETE FROM {name} WHERE key = ?",  # noqa: S608
                           ((k,) for k in table.removed))
            db.executemany(f"INSERT OR REPLACE INTO {name} VALUES (?, ?)",  # noqa: S608
                           ((k, _dump(table.loaded[k])) for k in table.dirty))
        db.execute("UPDATE meta SET generation = ?", (generation,))
        db.commit()  # a build killed from here on leaves two generations: a full build next
    finally:
        db.close()
    kept.generation = generation
    kept.keys = {name: set(table) for name, table in tables.items()}
    _write_pickle(pickle_path, kept)


def _facts_blob(facts: Facts) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(facts)
    return buffer.getvalue()


def doc_row(result: FileResult) -> DocRow | None:
    """The row of a loaded document (none for a file that failed)."""
    from aze_site.legacy.rendering import listed  # rendering imports this module's neighbours

    doc = result.doc
    if doc is None:
        return None
    return DocRow(hashlib.sha256(repr(listed(doc)).encode()).hexdigest(), doc.body_line,
                  doc.url, not result.diagnostics)


def _write_pickle(path: Path, kept: Kept) -> None:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(kept)
    atomic_write(path, buffer.getvalue())


def load(cache_dir: Path, version: str) -> tuple[Kept, dict[str, Table[Any]]] | None:
    """The kept state, or None when there is none usable (then build everything)."""
    pickle_path, db_path = _paths(cache_dir)
    if not pickle_path.is_file() or not db_path.is_file():
        return None
    gc.disable()  # a million small objects: the collector would look at them all, often
    try:
        with open(pickle_path, "rb") as handle:
            kept = pickle.load(handle)  # noqa: S301 (our own cache, checked below)
    except Exception:  # noqa: BLE001 (truncated, damaged or foreign: build everything)
        return None
    finally:
        gc.enable()
    if not isinstance(kept, Kept) or kept.version != version:
        return None
    try:
        db = sqlite3.connect(db_path, check_same_thread=False)
        row = db.execute("SELECT generation FROM meta").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != kept.generation:
        db.close()
        return None
    return kept, {name: Table(db, name, set(kept.keys.get(name, ()))) for name in TABLES}


class Store:
    """The database alone, for a text edit (splice.py): rows are read one by one."""

    def __init__(self, db: sqlite3.Connection, facts: Facts) -> None:
        self.db, self.facts = db, facts

    def row(self, table: str, key: str) -> Any:
        return _row(self.db, table, key)

    def write(self, rows: dict[str, dict[str, Any]], sources: dict[str, tuple[int, int]]) -> None:
        """Replace these rows and source signatures in one transaction (same generation:
        a text edit changes nothing that state.pickle holds)."""
        with self.db:
            for table, values in rows.items():
                self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",  # noqa: S608
                                    ((k, _dump(v)) for k, v in values.items()))
            self.db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                                ((k, m, n) for k, (m, n) in sources.items()))

    def close(self) -> None:
        self.db.close()


def sources(db: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """The source files the kept state was built from: (mtime_ns, size) by path."""
    try:
        return {k: (m, n) for k, m, n in db.execute("SELECT key, mtime, size FROM sources")}
    except sqlite3.Error as exc:
        raise Damaged(str(exc)) from exc


def open_store(cache_dir: Path, version: str) -> Store | None:
    """The database of the kept state, for this version and these options; None if unusable."""
    _, db_path = _paths(cache_dir)
    if not db_path.is_file():
        return None
    try:
        db = sqlite3.connect(db_path)
        row = db.execute("SELECT version, facts FROM meta").fetchone()
        if row is None or row[0] != version:
            db.close()
            return None
        facts = pickle.loads(row[1])  # noqa: S301 (our own cache, checked by version)
    except Exception:  # noqa: BLE001 (damaged or foreign: not used)
        return None
    return Store(db, facts) if isinstance(facts, Facts) else None


def discard(cache_dir: Path) -> None:
    """Forget the state (a full build without it is about to replace the output)."""
    for path in _paths(cache_dir):
        path.unlink(missing_ok=True)
