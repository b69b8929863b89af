"""What the dev server hands its builder: changes sorted from the watcher's events, and
the outcome of a rebuild. Pure decisions, testable without files or sockets."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from aze_site.build.sources import skipped
from aze_site.errors import Diagnostic
from aze_site.serve.watch import WATCHED

SERVE_DIR = PurePosixPath(".aze-cache/serve/public")  # never public/: `build` owns that
CONFIG = "content/site.yaml"
ADDED, MODIFIED, DELETED = 1, 2, 3  # the values of watchfiles.Change


@dataclass(frozen=True)
class Outcome:
    ok: bool
    diagnostics: tuple[Diagnostic, ...]  # every diagnostic of the run, warnings included
    changed: frozenset[str]  # output paths (relative to out) written or removed
    seconds: float = 0.0
    drafts: tuple[str, ...] = ()  # documents saved that are drafts, left out of the preview
    # every draft's address in the preview, in each language, and its document: a page
    # opened there says why it is not found
    draft_addresses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Changes:
    """One debounced burst of source changes, relative to the project root."""

    content_added: frozenset[str] = frozenset()  # appeared, or replaced (a save-as)
    content_modified: frozenset[str] = frozenset()
    content_deleted: frozenset[str] = frozenset()  # may be a folder moved away: all under it
    templates: frozenset[str] = frozenset()  # added, modified or deleted: look at the file
    static: frozenset[str] = frozenset()  # added, modified or deleted: look at the file
    config: bool = False  # content/site.yaml: rebuild everything

    def paths(self) -> list[str]:
        return sorted(self.content_added | self.content_modified | self.content_deleted
                      | self.templates | self.static | ({CONFIG} if self.config else set()))

    def __bool__(self) -> bool:
        return bool(self.paths())


class Builder(Protocol):
    out: Path  # the folder the server serves

    def build_all(self) -> Outcome: ...  # the first build, and after site.yaml changes

    def update(self, changes: Changes) -> Outcome: ...  # after a burst of source changes

    def close(self) -> None: ...


BuilderFactory = Callable[[Path, Path], Builder]  # (project root, output folder)


# -- what changed -----------------------------------------------------------------------

def ignored(rel: PurePosixPath) -> bool:
    """Files no build reads (sources.skipped; the serve output is in .aze-cache)."""
    return rel.parts[:1] in (("public",), ("..",)) or skipped(rel.parts)


def classify(root: Path, raw_changes: Iterable[tuple[int, str]],
             exists: Callable[[Path], bool] = os.path.lexists) -> Changes:
    """Sort raw watcher events (kind, absolute path) into the work each one needs.

    A burst can hold several events for one path and their order is lost; only then is
    `exists` asked: a path that is gone was deleted, one that is there was (re)added.
    """
    kinds: dict[str, set[int]] = {}
    for kind, path in raw_changes:
        rel = PurePosixPath(Path(os.path.relpath(path, root)).as_posix())
        if not rel.parts or rel.parts[0] not in WATCHED or ignored(rel) or \
                (len(rel.parts) == 1 and kind == MODIFIED):
            continue  # a source folder itself counts when it went or came back (watch.py)
        kinds.setdefault(rel.as_posix(), set()).add(int(kind))
    content: dict[int, set[str]] = {ADDED: set(), MODIFIED: set(), DELETED: set()}
    templates, static, config = set(), set(), False
    for rel_path, seen in kinds.items():
        top = rel_path.split("/", 1)[0]
        if rel_path == CONFIG:
            config = True
        elif top == "templates":
            templates.add(rel_path)
        elif top == "static":
            static.add(rel_path)
        elif len(seen) == 1:
            content[seen.pop()].add(rel_path)
        elif DELETED in seen:
            content[ADDED if exists(root / rel_path) else DELETED].add(rel_path)
        else:
            content[ADDED].add(rel_path)
    return Changes(frozenset(content[ADDED]), frozenset(content[MODIFIED]),
                   frozenset(content[DELETED]), frozenset(templates), frozenset(static), config)


