"""The persistent build cache in .aze-cache/: what a build can reuse from the last one.

It holds parsed Markdown files (by content hash), rendered Markdown (by body hash and
the URLs its links resolved to), and the fingerprint and output of every page. It is
keyed by aze-site's version and its dependencies' versions; a damaged, partial or
foreign cache is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
import PIL
import yaml

from aze_site import __version__
from aze_site.content.loader import FileResult
from aze_site.files import atomic_write
from aze_site.render.markdown import Rendered

FORMAT = 1


def version_key() -> str:
    """Everything whose change could change output: then nothing cached is reused."""
    import pycountry

    versions = (FORMAT, __version__, sys.version_info[:2], jinja2.__version__,
                markdown.__version__, PIL.__version__, yaml.__version__,
                getattr(pycountry, "__version__", "?"))
    return repr(versions)


@dataclass
class FileEntry:
    signature: tuple[int, int]  # mtime_ns, size
    sha: str
    context: str
    result: FileResult


@dataclass
class MarkdownEntry:
    body_sha: str
    base_path: str
    links: dict[str, str | None]  # content path -> the URL it resolved to (None: missing)
    photos: dict[str, str]  # photo key -> what its picture showed
    rendered: Rendered


@dataclass
class PageEntry:
    fingerprint: str
    file: str  # output path relative to the output folder
    signature: tuple[int, int]  # mtime_ns, size of that output file when written
    result: Any  # build.PageResult
    frame: str = ""  # the fingerprint of all but the body (see rendering.Stage.fingerprint)


@dataclass
class CacheData:
    version: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    markdown: dict[str, MarkdownEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    out: str = ""  # the output folder the pages were published to
    files_published: set[str] = field(default_factory=set)  # besides pages: assets, photos


class BuildCache:
    """Loads at the start of a build, saves after a successful one."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "build.pickle"
        self.note = ""  # why an existing cache was not used, for the build summary
        self.data = self._load()

    def _load(self) -> CacheData:
        version = version_key()
        try:
            with open(self.path, "rb") as handle:
                data = pickle.load(handle)
        except FileNotFoundError:
            return CacheData(version)
        except Exception:  # noqa: BLE001 (truncated, damaged or foreign: start afresh)
            self.note = "the build cache was damaged and has been rebuilt"
            return CacheData(version)
        if not isinstance(data, CacheData) or data.version != version:
            self.note = "the build cache was made by another version and has been rebuilt"
            return CacheData(version)
        return data

    def save(self) -> None:
        atomic_write(self.path, pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL))

    # -- parsed files (the content.FileCache protocol) ----------------------------------
    def get(self, rel: str, path: Path, context: str) -> FileResult | None:
        entry = self.data.files.get(rel)
        if entry is None or entry.context != context:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        signature = (stat.st_mtime_ns, stat.st_size)
        if signature == entry.signature:
            return entry.result
        if _sha(path) == entry.sha:  # touched but not changed
            entry.signature = signature
            return entry.result
        return None

    def put(self, rel: str, path: Path, context: str, result: FileResult) -> None:
        try:
            stat = path.stat()
            self.data.files[rel] = FileEntry((stat.st_mtime_ns, stat.st_size), _sha(path),
                                             context, result)
        except OSError:
            pass

    def forget_missing(self, present: set[str]) -> None:
        """Drop entries of files that no longer exist, so the cache does not grow forever."""
        for table in (self.data.files, self.data.markdown):
            for rel in [r for r in table if r not in present]:
                del table[rel]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_file(path: Path, signature: tuple[int, int]) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_mtime_ns, stat.st_size) == signature
