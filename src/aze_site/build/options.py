"""A build's options and its result, and the output folder it may write."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aze_site.errors import Diagnostic, Report, UsageError

CACHE_DIR = ".aze-cache"
STORE_FORMAT = 5  # bump when what the store holds changes shape


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    jobs: int = 0  # 0: all cores
    cache: bool = True  # False: start from nothing and keep nothing (--no-cache)
    dry_run: bool = False  # check everything, write nothing (`check`)
    search: bool = True  # False: no search index (--no-search)
    wait_search: bool = False  # index search before returning (--wait-for-search)
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total)
    say: Callable[[str], None] | None = None  # a line for the person waiting (lock, notes)


@dataclass(frozen=True)
class SearchOutcome:
    state: str  # "indexed", "reused", "updating in the background", "off"
    seconds: float = 0.0
    error: str | None = None


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    files: int = 0
    images: int = 0
    images_processed: int = 0
    cards: int = 0
    reused: int = 0  # pages whose last output was still right
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    seconds: float = 0.0
    out: Path | None = None
    search: SearchOutcome = field(default_factory=lambda: SearchOutcome("off"))
    how: str = "full build"  # or "update", "up to date"
    written: list[str] = field(default_factory=list)  # output files this build changed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    coverage: tuple[Any, ...] = ()  # `check`: each language's translations (queries/languages)


def resolve_out(root: Path, out: Path | None) -> Path:
    """The output folder, refused where replacing it could destroy sources."""
    root = root.resolve()
    target = (out if out is not None else root / "public").resolve()
    if target == root or target in root.parents:
        raise UsageError(f"--out {target} would replace the project itself")
    for source in ("content", "templates", "static", "src", "tests", ".git", CACHE_DIR):
        guarded = root / source
        if target == guarded or guarded in target.parents or target in guarded.parents:
            raise UsageError(f"--out {target} overlaps the project's {source}/ folder")
    if target.exists() and not target.is_dir():  # moved aside and left there, it was
        raise UsageError(f"{target} is a file, not a folder: move it away, or build into "
                         "another folder with --out")
    if is_mount_point(target):  # a disk, or a folder a container shares, of its own
        raise UsageError(f"{target} is a mount point, which a build cannot replace with "
                         "its new site (that is done in one move, beside it): build into a "
                         f"folder inside it, e.g. --out {target / 'site'}")
    if target.is_dir() and any(target.iterdir()) and not made_by_aze_site(target):
        raise UsageError(f"{target} is a folder that aze-site did not make, and a build "
                         "replaces its output folder with all it holds: move its files away, "
                         "or build into an empty or new folder with --out")
    return target


def is_mount_point(folder: Path) -> bool:
    """Whether `folder` is mounted there, which no rename can move: a bind mount (a
    container's volume) too, which `ismount` misses when it is of the same disk."""
    if os.path.ismount(folder):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as table:
            return str(folder) in mount_points(table.read())
    except OSError:  # not Linux
        return False


def mount_points(mountinfo: str) -> set[str]:
    """The mount points of /proc/self/mountinfo, its fifth field (a space in one is \\040)."""
    return {re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), line.split()[4])
            for line in mountinfo.splitlines() if len(line.split()) > 4}


def made_by_aze_site(folder: Path) -> bool:
    """A site aze-site published: its home page, its sitemap and its own table of the
    sites (a web root of another generator may have the first two; `public/` is not taken
    on trust either, as a folder someone made and put files in may be called that)."""
    try:
        with (folder / "data/sites.csv").open(encoding="utf-8", errors="replace") as table:
            first = table.readline()
    except OSError:
        return False
    return (folder / "sitemap.xml").is_file() and (folder / "index.html").is_file() and \
        first.startswith(SITES_CSV_HEAD)


# How render/downloads.py's table of the sites starts (not imported: this runs before
# every build, the quickest included).
SITES_CSV_HEAD = "slug,name,iso3,country,region,lat,lon,"


def store_path(root: Path, out: Path) -> Path:
    """Each output folder has its own store (`public/`'s is engine/public.sqlite)."""
    name = "public" if out == root / "public" else \
        hashlib.sha256(str(out).encode()).hexdigest()[:16]
    return root / CACHE_DIR / "engine" / f"{name}.sqlite"


def store_version() -> str:
    """Everything whose change could change output: then nothing stored is used."""
    from aze_site import __version__

    packages = ("Jinja2", "Markdown", "Pillow", "PyYAML", "pycountry", "nh3", "Babel",
                "anyascii",  # its tables make the addresses of names in other scripts
                "pagefind_bin", "pagefind_bin_extended")  # Pagefind's index is an output too
    from aze_site.images.fonts import installed as fonts  # cards are drawn with them

    return repr((STORE_FORMAT, __version__, code_digest(), sys.version_info[:2],
                 *installed(packages), fonts()))


PACKAGE = Path(__file__).resolve().parent.parent  # src/aze_site, or where it is installed


@cache
def code_digest(package: Path = PACKAGE) -> str:
    """A digest of aze-site's own code and data: an install of other code under the same
    version number (from a newer checkout, say) trusts nothing the older code stored."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def installed(names: tuple[str, ...]) -> tuple[str, ...]:
    """The installed versions of these distributions, from the names of their dist-info
    folders (importlib.metadata, or importing the packages, would cost more than a
    build that finds nothing to do)."""
    wanted = {_normal(name): name for name in names}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                dist, _, version = entry.removesuffix(".dist-info").partition("-")
                name = wanted.get(_normal(dist))
                if name is not None:
                    found.setdefault(name, version)
    return tuple(found.get(name, "?") for name in names)


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")
