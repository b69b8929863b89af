"""A build's changes written to the store by a process of its own.

A build from nothing writes hundreds of thousands of rows (some 8 s at 5,000 sites). The
`Writer` is forked while the build is still small, before the site's code is loaded, and
waits; once the pages are made, a thread of the build sends it the rows through a pipe,
in frames, while the build publishes its files, and the writer writes them in one
transaction into a new store beside the empty one (`Store.aside`), which takes its place
when the last part comes; a pipe closed before (a failed build, Ctrl-C) leaves the store
as it was. A writer forked at the end instead copied, page by
page, all the memory the build held as it went through its nodes (1.2 GB at 20,000
sites: the build's peak).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from aze_site.engine.store import Changes, Damaged, Store, chunks, node_row, readers_row

FRAME = 2000  # rows a frame: large enough that a frame's own cost is nothing
_LENGTH = struct.Struct("<Q")


class PendingWrite:
    """A store write begun, to be finished or abandoned: written all at once at `finish`."""

    def __init__(self, store: Store, bulk: Callable[[], Changes]) -> None:
        self.store, self.bulk = store, bulk

    def finish(self, last: Changes) -> None:
        self.store.write(self.bulk(), last)

    def abandon(self) -> None:
        """Nothing is written."""


def begin_write(store: Store, bulk: Callable[[], Changes],
                writer: Writer | None = None) -> PendingWrite:
    """A write whose bulk is known before its last part: `finish(last)` commits both in
    one transaction. With a `writer`, the bulk is sent to it now, while the build goes on."""
    if writer is None:
        return PendingWrite(store, bulk)
    return _Streamed(store, bulk, writer)


class Writer:
    """The writing process (see the module's docstring). The store's connection is closed
    first: a SQLite connection must not cross a fork, and each process opens its own."""

    def __init__(self, store: Store) -> None:
        store.close()
        inbox, self._to_child = os.pipe()
        self._from_child, outbox = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(self._to_child)
            os.close(self._from_child)
            _serve(store, inbox, outbox)
        os.close(inbox)
        os.close(outbox)
        self._pipe: IO[bytes] | None = os.fdopen(self._to_child, "wb")
        self.answer: bytes | None = None

    def send(self, frame: Any) -> None:
        if self._pipe is None:
            raise BrokenPipeError("the writer is closed")
        data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
        self._pipe.write(_LENGTH.pack(len(data)))
        self._pipe.write(data)

    def send_changes(self, changes: Changes, stop: threading.Event | None = None) -> None:
        """The small parts first, then the rows and the readers, a frame at a time, each
        row as its table holds it: strings and bytes, which pickle as they are (a node's
        names and its outputs' objects, pickled to be read and pickled again by the
        writer, were most of its time)."""
        head = replace(changes, rows=(), readers=None)
        self.send(("changes", head, changes.readers is not None))
        rows = (node_row(key, r) for key, r in changes.rows)
        readers = (readers_row(dep, found) for dep, found in changes.readers or ())
        for part in (rows, readers) if changes.readers is not None else (rows,):
            for items in chunks(part, FRAME):
                if stop is not None and stop.is_set():
                    return
                self.send(("rows", items))
            self.send(("end",))

    def commit(self) -> None:
        self.send(("commit",))
        answer = self.close()
        if answer != b"ok":
            raise Damaged(f"the store cannot be written: {answer.decode(errors='replace')}")

    def close(self) -> bytes:
        """End the writer (without a commit sent: nothing is written); its last word."""
        if self.answer is None:
            if self._pipe is not None:
                with contextlib.suppress(OSError):
                    self._pipe.close()
                self._pipe = None
            with os.fdopen(self._from_child, "rb") as pipe:
                self.answer = pipe.read()
            os.waitpid(self.pid, 0)
        return self.answer


class _Streamed(PendingWrite):
    """The bulk sent to the writer by a thread, while the build publishes its files."""

    def __init__(self, store: Store, bulk: Callable[[], Changes], writer: Writer) -> None:
        super().__init__(store, bulk)
        self.writer = writer
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.ended = False
        self.thread = threading.Thread(target=self._send_bulk, name="aze-store", daemon=True)
        self.thread.start()

    def _send_bulk(self) -> None:
        try:
            self.writer.send_changes(self.bulk(), self.stop)
        except BaseException as exc:  # noqa: BLE001 (raised by finish, in the build's thread)
            self.error = exc

    def finish(self, last: Changes) -> None:
        self.ended = True
        self.thread.join()
        try:
            if self.error is None:
                self.writer.send_changes(last)
                self.store.close()  # the writer puts another file in its place
                self.writer.commit()
                self.store.written_elsewhere()
                return
        except OSError:
            pass  # the writer is gone: its answer says why
        answer = self.writer.close().decode(errors="replace")
        # a pipe that broke: the writer says why; else the bulk could not be made
        reason = answer if answer and (self.error is None or isinstance(self.error, OSError)) \
            else repr(self.error)
        raise Damaged(f"the store cannot be written: {reason}")

    def abandon(self) -> None:
        if not self.ended:
            self.ended = True
            self.stop.set()
            self.thread.join()
            self.writer.close()


def _serve(store: Store, inbox: int, outbox: int) -> None:
    """The writer's life: frames in, one transaction into a store made aside, which then
    takes the empty store's place, a word back; never returns."""
    status = 1
    aside: tuple[sqlite3.Connection, Path] | None = None  # made at the first frame
    try:
        _close_inherited({inbox, outbox})
        with os.fdopen(inbox, "rb") as pipe:
            frames = _frames(pipe)
            for frame in frames:
                if aside is None:
                    aside = store.aside()
                    aside[0].execute("BEGIN")
                db = aside[0]
                if frame[0] == "commit":
                    db.execute("COMMIT")
                    store.replace_with(*aside)
                    os.write(outbox, b"ok")
                    status = 0
                    break
                _, head, has_readers = frame  # rows and readers stream in, in this order
                store._write(db, head, rows=_items(frames),
                             readers=_items(frames) if has_readers else None)
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises)
        with contextlib.suppress(BaseException):
            os.write(outbox, repr(exc).encode()[:2000])
    finally:
        if aside is not None and status != 0:  # not committed: the store stays as it was
            with contextlib.suppress(OSError):
                aside[1].unlink()
        os._exit(status)  # no cleanup of the parent's state, no second flush of its buffers


def _frames(pipe: IO[bytes]) -> Iterator[Any]:
    while True:
        size = pipe.read(_LENGTH.size)
        if len(size) < _LENGTH.size:
            return  # the build closed the pipe: no commit
        yield pickle.loads(pipe.read(_LENGTH.unpack(size)[0]))  # noqa: S301 (our parent's)


def _items(frames: Iterator[Any]) -> Iterator[Any]:
    """One part's items (the rows, or the readers), frame after frame, to its end."""
    for frame in frames:
        if frame[0] == "end":
            return
        yield from frame[1]
    raise EOFError("the build stopped sending")


def _close_inherited(keep: set[int]) -> None:
    """Close every file descriptor but stdio and `keep`: a pipe of another child (Pagefind's
    output) held open here would keep its reader waiting for an end of file until this
    process ends."""
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, os.sysconf("SC_OPEN_MAX"))
