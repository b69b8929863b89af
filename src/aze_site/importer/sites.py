"""The site files of content/sites/: read once, merged key by key, written atomically.

Each file keeps `plain`, its front matter as PyYAML (and so the build) reads it, and the
list of changes made to it. A file with no change is never re-serialised, so a second
import of the same data changes no byte. Before a file is written its new front matter
is read back and must equal `plain` (frontmatter.py says how the text is edited).
"""

from __future__ import annotations

import contextlib
import copy
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aze_site.files import read_file
from aze_site.importer.frontmatter import (
    SITE_ORDER,
    SPECIES_DRAFT_NOTE,
    FileProblem,
    Op,
    YPath,
    edit_lines,
    load_plain,
    node_at,
    render_new,
    round_trip,
    same,
    split_text,
)
from aze_site.slugs import is_slug, slugify


class SiteFile:
    def __init__(self, slug: str, path: Path, rel: str) -> None:
        self.slug = slug
        self.path = path
        self.rel = rel  # content/sites/<slug>.md
        self.original: str | None = None  # None: a new file
        self.plain: dict[str, Any] = {}
        self.problem: str | None = None  # why the file cannot be merged into
        self.head = self.yaml_text = self.tail = ""
        self.body = ""  # of a new file
        self.ops: list[Op] = []  # the changes, replayed on the text at render()
        self.rows: list[int] = []  # CSV lines that touched the file

    @classmethod
    def read(cls, path: Path, rel: str) -> SiteFile:
        site = cls(path.stem, path, rel)
        try:
            if path.is_symlink() or not path.is_file():
                raise FileProblem(f"{rel} is not a regular file")
            site.original = read_file(path).decode("utf-8")
            site.head, site.yaml_text, site.tail = split_text(site.original, rel)
            site.plain = load_plain(site.yaml_text, rel)
        except UnicodeDecodeError:
            site.problem = f"{rel} is not UTF-8 text"
            site.original = ""
        except OSError as exc:
            site.problem = f"{rel} cannot be read: {exc.strerror}"
            site.original = ""
        except FileProblem as exc:
            site.problem = str(exc)
        return site

    @classmethod
    def new(cls, slug: str, path: Path, rel: str, plain: dict[str, Any], body: str) -> SiteFile:
        site = cls(slug, path, rel)
        site.plain = plain
        site.body = body
        return site

    @property
    def is_new(self) -> bool:
        return self.original is None

    @property
    def changed(self) -> bool:
        return self.is_new or bool(self.ops)

    @property
    def wdkba_id(self) -> int | None:
        value = self.plain.get("wdkba_id")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def iso3(self) -> list[str]:
        value = self.plain.get("iso3")
        if isinstance(value, str):
            return [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def check(self) -> None:
        if self.problem:
            raise FileProblem(self.problem)

    def set(self, where: YPath, key: str, value: Any, order: Sequence[str] = SITE_ORDER) -> bool:
        """Set `key` of the mapping at `where`; False when it holds that value already."""
        parent = node_at(self.plain, where)
        if key in parent and same(parent[key], value):
            return False
        parent[key] = copy.deepcopy(value)
        if not self.is_new:
            self.ops.append(("set", where, key, copy.deepcopy(value), order))
        return True

    def delete(self, where: YPath, key: str) -> None:
        """Remove `key` (and its value) from the mapping at `where`, if it is there."""
        parent = node_at(self.plain, where)
        if key not in parent:
            return
        del parent[key]
        if not self.is_new:
            self.ops.append(("delete", where, key, None, ()))

    def append(self, where: YPath, value: Any) -> None:
        """Append to the list at `where`."""
        node_at(self.plain, where).append(copy.deepcopy(value))
        if not self.is_new:
            self.ops.append(("append", where, "", copy.deepcopy(value), ()))

    # -- the new text ------------------------------------------------------------------------
    def render(self) -> str:
        """The file's text with every change; raises FileProblem when it would not read back.

        One-line top-level values are edited in place (fast: a WDKBA update is such); any
        other change, or one whose result does not read back, goes through ruamel.yaml.
        """
        if self.is_new or self.original is None:
            return render_new(self.plain, self.body)
        if not self.ops:
            return self.original
        newline = "\r\n" if self.head.endswith("\r\n") else "\n"
        yaml_text = edit_lines(self.yaml_text, self.ops, self.plain, newline)
        if yaml_text is None or not self._reads_back(yaml_text):
            # ruamel keeps a comment's '\r' as part of it: it reads plain '\n' lines
            yaml_text = round_trip(self.yaml_text.replace("\r\n", "\n"), self.ops, self.rel)
            if newline != "\n":
                yaml_text = yaml_text.replace("\n", newline)
            if not self._reads_back(yaml_text):
                raise FileProblem(f"{self.rel}: the updated front matter would not read back as "
                                  "intended; the file is left as it is: update it by hand")
        if ("delete", (), "draft", None, ()) in self.ops:  # the import's note on it goes too
            yaml_text = SPECIES_DRAFT_NOTE.sub(r"\1", yaml_text)
        return self.head + yaml_text + self.tail

    def _reads_back(self, yaml_text: str) -> bool:
        try:
            return same(load_plain(yaml_text, self.rel), self.plain)
        except FileProblem:
            return False


# -- the folder ----------------------------------------------------------------------------


class SiteIndex:
    """Every content/sites/*.md, read once: by file name, by SitRecID, by slug of the name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "content" / "sites"
        self.by_stem: dict[str, SiteFile] = {}
        self.by_id: dict[int, SiteFile] = {}
        self.by_name: dict[str, list[SiteFile]] = {}
        self._told = False  # unreadable()
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.md")):
                if "." not in path.stem:  # x.es.md: a translation, never a site of its own
                    self._add(SiteFile.read(path, self.rel(path)))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _add(self, site: SiteFile) -> None:
        self.by_stem[site.slug] = site
        if site.wdkba_id is not None:
            self.by_id.setdefault(site.wdkba_id, site)
        name = site.plain.get("name")
        if isinstance(name, str) and slugify(name):
            self.by_name.setdefault(slugify(name), []).append(site)

    def unreadable(self) -> list[str]:
        """The site files that could not be read, the first time it is asked (then none):
        any of them may be the site a row names, its SitRecID unknown, so the first new
        file says so once."""
        found = [] if self._told else sorted(s.rel for s in self.by_stem.values() if s.problem)
        self._told = True
        return found

    def link_id(self, site: SiteFile, wdkba_id: int) -> None:
        self.by_id[wdkba_id] = site

    def create(self, slug: str, plain: dict[str, Any], body: str) -> SiteFile:
        path = self.folder / f"{slug}.md"
        if not is_slug(slug) or slug in self.by_stem or path.parent != self.folder:
            raise ValueError(f"'{slug}' cannot name a new site file")  # never leaves sites/
        site = SiteFile.new(slug, path, self.rel(path), plain, body)
        self._add(site)
        return site

    def find(self, name: str, iso3: str) -> list[SiteFile]:
        """Files whose name (or file name) slugifies as `name` does, in that country."""
        key = slugify(name)
        found = list(self.by_name.get(key, []))
        stem = self.by_stem.get(key)
        if stem is not None and stem not in found:
            found.append(stem)
        return [site for site in found if iso3 in site.iso3]


# -- writing -------------------------------------------------------------------------------


def new_file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, text: str, mode: int) -> None:
    """Write a temporary file beside `path`, then rename it over: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
