"""Fingerprints: what a page shows, reduced to one hash, to know when it must render again.

A page's fingerprint covers its template (and every template that one extends, includes
or imports), the site-wide inputs every template can reach, and the data of its own
context. Model objects are hashed once per build and memoised, so a listing of 20,000
sites costs 20,000 memo look-ups, not 20,000 serialisations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes


class Digester:
    """Stable hashes of template contexts (dicts, lists, dataclasses, scalars)."""

    def __init__(self, memo_types: tuple[type, ...] = (),
                 overrides: dict[type, Callable[[Any], str]] | None = None,
                 key_of: Callable[[Any], str] | None = None) -> None:
        # id -> (object kept alive, hash, for pinned containers the dependencies inside)
        self.memo: dict[int, tuple[Any, str, frozenset[str]]] = {}
        self.pinned: dict[int, tuple[Any, str]] = {}  # big shared lists: (list, dependency key)
        self.memo_types = memo_types  # long-lived model objects worth remembering
        self.overrides = overrides or {}
        self.fields: dict[type, tuple[str, ...]] = {}
        self.key_of = key_of  # names a model object as a dependency (see `encode_deps`)
        self._deps: set[str] | None = None
        self._inside = 0  # how many model objects the encoder is inside of

    def digest(self, obj: Any) -> str:
        return hashlib.sha256(self.encode(obj).encode()).hexdigest()

    def encode_deps(self, obj: Any) -> tuple[str, frozenset[str]]:
        """The encoding, and the keys of the outermost model objects in it: a page's
        recorded dependencies. Outermost only, so the record does not depend on what the
        memo already holds (a country entry names the country, not each of its sites)."""
        self._deps, self._inside = set(), 0
        try:
            text = self.encode(obj)
            return text, frozenset(self._deps)
        finally:
            self._deps = None

    def drop(self, objects: list[Any]) -> None:
        """Forget objects the model no longer holds (a long-lived digester)."""
        for obj in objects:
            hit = self.memo.get(id(obj))
            if hit is not None and hit[0] is obj:
                del self.memo[id(obj)]

    def pin(self, containers: list[tuple[Any, str]]) -> None:
        """Remember the encodings of these (list, key) too (every listing page shows the
        same 20,000 sites), and record a page showing one as depending on its key, not on
        each of its 20,000 items; forget those pinned before."""
        for key in self.pinned:
            self.memo.pop(key, None)
        self.pinned = {id(c): (c, key) for c, key in containers}

    def encode(self, obj: Any) -> str:
        if obj is None or isinstance(obj, bool | int | float | str):
            return repr(obj)
        if isinstance(obj, dt.date):
            return obj.isoformat()
        key = id(obj)
        model = isinstance(obj, self.memo_types)
        recording = self._deps is not None and not self._inside
        if model and recording and self.key_of is not None:
            self._deps.add(self.key_of(obj))  # type: ignore[union-attr]
        hit = self.memo.get(key)
        if hit is not None and hit[0] is obj:
            if recording and hit[2]:
                self._deps |= hit[2]  # type: ignore[operator]
            return hit[1]
        pinned = self.pinned.get(key)
        if pinned is not None and pinned[0] is obj:  # stands for its items as a dependency
            self._inside += 1
            try:
                text = self._encode_new(obj)
            finally:
                self._inside -= 1
            deps = frozenset({pinned[1]})
            if recording:
                self._deps |= deps  # type: ignore[operator]
            self.memo[key] = (obj, text, deps)
            return text
        self._inside += model
        try:
            text = self._encode_new(obj)
        finally:
            self._inside -= model
        if model:
            self.memo[key] = (obj, text, frozenset())
        return text

    def _items(self, items: list[Any] | tuple[Any, ...]) -> list[str]:
        """encode() of each item, with the memo looked up inline (lists of 20,000 sites)."""
        memo, deps, key_of = self.memo, self._deps, self.key_of
        recording = deps is not None and not self._inside and key_of is not None
        out = []
        for item in items:
            hit = memo.get(id(item))
            if hit is not None and hit[0] is item and not hit[2]:
                if recording and isinstance(item, self.memo_types):
                    deps.add(key_of(item))  # type: ignore[misc,union-attr]
                out.append(hit[1])
            else:
                out.append(self.encode(item))
        return out

    def _encode_new(self, obj: Any) -> str:
        override = self.overrides.get(type(obj))
        if override is not None:
            text = override(obj)
        elif isinstance(obj, dict):
            text = "{" + ",".join(f"{self.encode(k)}:{self.encode(v)}" for k, v in obj.items()) + "}"
        elif isinstance(obj, list | tuple):
            text = "[" + ",".join(self._items(obj)) + "]"
        elif isinstance(obj, frozenset | set):
            text = "{" + ",".join(sorted(self.encode(v) for v in obj)) + "}"
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = self.fields.get(type(obj))
            if names is None:
                names = self.fields[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
            fields = ",".join(self.encode(getattr(obj, name)) for name in names)
            text = f"{type(obj).__name__}({fields})"
        else:
            text = f"{type(obj).__name__}:{obj!r}"
        if len(text) > 64:  # long encodings are replaced by their hash
            text = "#" + hashlib.sha256(text.encode()).hexdigest()[:32]
        return text


def body_slots(env: jinja2.Environment, folder: Path, name: str = "rendered") -> bool:
    """Whether every template shows bodies only as they are: each use of the `rendered`
    global is a call written out on its own (`{{ rendered(doc) }}`), never filtered,
    stored or passed on. Then a page is its frame with the body in one place, and a new
    text can be put in the old one's place (splice.py)."""
    def plain(node: nodes.Node, parent: nodes.Node | None, grand: nodes.Node | None) -> bool:
        if isinstance(node, nodes.Name) and node.name == name:
            if not (isinstance(parent, nodes.Call) and parent.node is node
                    and isinstance(grand, nodes.Output) and parent in grand.nodes):
                return False
        return all(plain(child, node, parent) for child in node.iter_child_nodes())

    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                tree = env.parse(path.read_text(encoding="utf-8", errors="replace"))
            except jinja2.TemplateSyntaxError:
                return False
            if not plain(tree, None, None):
                return False
    return True


def template_digests(env: jinja2.Environment, folder: Path) -> dict[str, str]:
    """For each template file: a hash of it and of every template it pulls in."""
    sources: dict[str, str] = {}
    refs: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            sources[name] = text
            try:
                found = meta.find_referenced_templates(env.parse(text))
                refs[name] = {r for r in found if r is not None}
            except jinja2.TemplateSyntaxError:
                refs[name] = set()

    def closure(name: str) -> list[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(refs.get(current, ()))
        return sorted(seen)

    return {
        name: hashlib.sha256("\0".join(f"{n}\0{sources.get(n, '')}"
                                       for n in closure(name)).encode()).hexdigest()
        for name in sources
    }
