"""The engine's values: queries, computed results, stored nodes, the context a query sees."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from aze_site.engine.hashing import stable_hash
from aze_site.engine.store import Output, Row
from aze_site.errors import Diagnostic, Level

if TYPE_CHECKING:
    from aze_site.engine.runtime import Engine


class _Missing:
    """The value of a child that was not emitted."""

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"

    def __stable__(self) -> bytes:
        return b"MISSING"


class _Unloaded:
    """A value still pickled (in the node's blob); one object in every process."""

    def __repr__(self) -> str:
        return "UNLOADED"

    def __reduce__(self) -> str:
        return "UNLOADED"


MISSING: Any = _Missing()
UNLOADED: Any = _Unloaded()


class Sink(Protocol):
    """Where the bytes of outputs go until they are published (content-addressed)."""

    def put(self, data: bytes) -> str: ...


@dataclass(frozen=True)
class Query:
    """How the nodes of one kind are made."""

    level: int
    compute: Callable[[Ctx, str], Any] | None = None
    parallel: bool = False  # a batch may be computed in worker processes
    batch: int = 48  # the fewest nodes worth forking workers for (fewer: computed here)
    parent: Callable[[str], str] | None = None  # emitted children: the emitting node's key
    input: Callable[[str], Any] | None = None  # inputs: the current value, read from outside


@dataclass
class Result:
    """One node's computed record, as a worker process hands it back."""

    value: Any
    hash: bytes
    deps: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    diags: tuple[Diagnostic, ...] = ()
    outputs: tuple[tuple[str, Output], ...] = ()
    children: dict[str, Any] | None = None
    parent: str | None = None
    tally: dict[str, int] | None = None  # work done (not part of the value)
    blob: bytes | None = None  # the value pickled (then `value` is UNLOADED): from a worker


@dataclass(slots=True)
class Node:
    """A node as the engine holds it: a cold build holds ~10 a page, slots keep them small
    (never pickled: a slotted dataclass unpickles slowly)."""

    hash: bytes
    value: Any
    blob: bytes | None
    deps: tuple[str, ...]
    weak: tuple[str, ...]
    outputs: tuple[tuple[str, Output], ...]
    children: dict[str, bytes] | None
    parent: str | None


@dataclass
class Frame:
    key: str
    level: int
    deps: dict[str, None] = field(default_factory=dict)  # ordered, without repeats
    weak: dict[str, None] = field(default_factory=dict)
    diags: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Output] = field(default_factory=dict)
    children: dict[str, Any] | None = None
    tally: dict[str, int] | None = None


class EngineError(Exception):
    """A query broke the engine's rules (a bug of aze-site, not of the content)."""


def kind_of(key: str) -> str:
    return key.partition(":")[0]


def arg_of(key: str) -> str:
    return key.partition(":")[2]


class Ctx:
    """What a query function sees: reads record dependencies, reports and outputs are kept."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def key(self) -> str:
        return self.engine.stack[-1].key

    def get(self, key: str) -> Any:
        """The value of another node (of a lower level), recorded as read."""
        return self.engine.read(key)

    def require(self, keys: Iterable[str]) -> None:
        """Keep these nodes alive and up to date, without reading their values."""
        self.engine.require(list(keys))

    def diagnostic(self, path: str, line: int, col: int, level: Level, message: str) -> None:
        self.engine.stack[-1].diags.append(Diagnostic(path, line, col, level, message))

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.diagnostic(path, line, col, "error", message)

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.diagnostic(path, line, col, "warning", message)

    def report(self, items: Iterable[Diagnostic]) -> None:
        self.engine.stack[-1].diags.extend(items)

    def output(self, rel: str, data: bytes, indexed: bool = False) -> str:
        """Publish `data` at `rel` (relative to the output folder); its digest."""
        sink = self.engine.sink
        digest = sink.put(data) if sink is not None else stable_hash(data).hex()
        frame = self.engine.stack[-1]
        frame.outputs[rel] = Output(digest, indexed, frame.key)
        return digest

    def output_file(self, rel: str, src: str, digest: str) -> None:
        """Publish the file `src` (relative to the project) at `rel`; `digest`: its hash."""
        frame = self.engine.stack[-1]
        frame.outputs[rel] = Output(digest, False, frame.key, src)

    def tally(self, name: str, count: int = 1) -> None:
        """Count work done in this run (photos encoded...), for the build's summary."""
        frame = self.engine.stack[-1]
        frame.tally = frame.tally or {}
        frame.tally[name] = frame.tally.get(name, 0) + count

    def emit(self, children: dict[str, Any]) -> None:
        """Set this node's children (keys of a kind whose `parent` names this node)."""
        self.engine.stack[-1].children = children


def from_row(row: Row) -> Node:
    return Node(row.hash, UNLOADED, row.blob, row.deps, row.weak, row.outputs, row.children,
                row.parent)
