"""The no-op check: when no source and no option changed since the last successful build,
and its output is still there untouched, a build has nothing to do.

Sources are compared by path, size and modification time (as make and git do), which
costs one stat per file instead of reading anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aze_site.errors import Diagnostic
from aze_site.files import atomic_write

SOURCES = ("content", "templates", "static")
PHOTO_CACHE = (".aze-cache/images",)  # a damaged derivative there must be remade, not trusted


def inputs_manifest(root: Path, folders: tuple[str, ...] = SOURCES) -> dict[str, tuple[int, int]]:
    """Every file in `folders`, by its path relative to `root`: (mtime_ns, size)."""
    found: dict[str, tuple[int, int]] = {}
    prefix = len(str(root)) + 1
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path[prefix:].replace(os.sep, "/")] = (stat.st_mtime_ns, stat.st_size)
    return found


def manifest_digest(manifest: dict[str, tuple[int, int]], options: str) -> str:
    """A hash of a manifest and of the build's options."""
    digest = hashlib.sha256(options.encode())
    for rel, (mtime, size) in manifest.items():
        digest.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def inputs_digest(root: Path, options: str, folders: tuple[str, ...] = SOURCES) -> str:
    """A hash of every file's path, size and mtime in `folders`, and of the build's options."""
    return manifest_digest(inputs_manifest(root, folders), options)


def changed_paths(before: dict[str, tuple[int, int]],
                  after: dict[str, tuple[int, int]]) -> tuple[set[str], set[str], set[str]]:
    """(added, modified, deleted) paths between two manifests."""
    added = after.keys() - before.keys()
    deleted = before.keys() - after.keys()
    modified = {rel for rel, sig in after.items() if rel in before and before[rel] != sig}
    return set(added), modified, set(deleted)


def output_signature(out: Path) -> list[int]:
    try:
        folder, sitemap = os.stat(out), os.stat(out / "sitemap.xml")
    except OSError:
        return []
    return [folder.st_ino, sitemap.st_mtime_ns, sitemap.st_size]


@dataclass(frozen=True)
class LastBuild:
    inputs: str
    photos: str  # the photo cache as the build left it
    out: list[int]
    summary: dict[str, int]
    warnings: list[dict[str, object]]

    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic(str(w["path"]), int(str(w["line"])), int(str(w["column"])),
                           "warning", str(w["message"])) for w in self.warnings]


def read_last(cache: Path) -> LastBuild | None:
    try:
        data = json.loads((cache / "last-build.json").read_text(encoding="utf-8"))
        return LastBuild(data["inputs"], data["photos"], data["out"], data["summary"],
                         data["warnings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_last(cache: Path, last: LastBuild) -> None:
    record = {"inputs": last.inputs, "photos": last.photos, "out": last.out,
              "summary": last.summary,
              "warnings": last.warnings}
    atomic_write(cache / "last-build.json", json.dumps(record, sort_keys=True).encode())
