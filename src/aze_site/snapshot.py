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
from aze_site.images import atomic_write

SOURCES = ("content", "templates", "static")
PHOTO_CACHE = (".aze-cache/images",)  # a damaged derivative there must be remade, not trusted


def inputs_digest(root: Path, options: str, folders: tuple[str, ...] = SOURCES) -> str:
    """A hash of every file's path, size and mtime in `folders`, and of the build's options."""
    digest = hashlib.sha256(options.encode())
    for folder in folders:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


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
