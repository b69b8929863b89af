"""The site files of content/sites/: read once, merged key by key, written atomically.

Each file keeps two views of its front matter: `plain`, what PyYAML (and so the build)
reads, and, from the first change on, a ruamel.yaml round-trip document that keeps the
editor's comments, key order and quoting. Every change goes to both; a file that needs
no change is never re-serialised, so a second import of the same data changes no byte.
Before a file is written its new front matter is read back and must equal `plain`.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from aze_site.importer.table import yaml_float
from aze_site.slugs import is_slug, slugify

SITE_ORDER = ("name", "iso3", "location", "area_km2", "wdkba_id", "criteria", "protection",
              "species", "hero", "updated", "draft")
SPECIES_ORDER = ("name", "common_name", "group", "status", "sensitive")
LOCATION_ORDER = ("lat", "lon")

YPath = tuple[str | int, ...]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class FileProblem(Exception):
    """A site file that cannot be merged into; the message names the file."""


# -- YAML text ---------------------------------------------------------------------------


@cache
def yaml_str(text: str) -> str:
    """A one-line string as YAML 1.1 (PyYAML, the build) reads it back: plain when safe."""
    if "\n" in text or "\r" in text:
        raise ValueError("multi-line text")
    dumped: str = yaml.dump(text, Dumper=_Dumper, allow_unicode=True, width=1 << 30)
    return dumped.split("\n", 1)[0]


def yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return yaml_str(str(value))


def yaml_flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and (not value or re.search(r"[,\[\]{}#:]", value)):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return yaml_scalar(value)


def split_text(text: str, rel: str) -> tuple[str, str, str]:
    """(opening fence line, YAML text, closing fence line and body), as in the file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        raise FileProblem(f"{rel} has no front matter (it must start with a '---' line)")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return lines[0], "".join(lines[1:i]), "".join(lines[i:])
    raise FileProblem(f"{rel}: front matter is not closed by a '---' line")


def load_plain(yaml_text: str, rel: str) -> dict[str, Any]:
    try:
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise FileProblem(f"{rel}: front matter is not valid YAML ({_first_line(exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FileProblem(f"{rel}: front matter is not a mapping of keys to values")
    return data


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0]


class _Representer(RoundTripRepresenter):
    pass


def _represent_float(representer: RoundTripRepresenter, value: float) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", yaml_float(value))


_Representer.add_representer(float, _represent_float)


@cache
def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.preserve_quotes = True
    rt.width = 1 << 16  # never re-wrap an editor's lines
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def guess_indent(yaml_text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file indents them; the project's style by default."""
    mapping, sequence, offset = 2, 4, 2
    found_map = found_seq = False
    parent: int | None = None  # indent of the previous line when it opened a block
    for line in yaml_text.splitlines():
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent = len(line) - len(body)
        if parent is not None and indent >= parent:
            if body.startswith("- ") and not found_seq:
                rest = body[2:]
                offset = indent - parent
                sequence = offset + 2 + len(rest) - len(rest.lstrip(" "))
                found_seq = True
            elif indent > parent and not found_map and not body.startswith("-"):
                mapping = indent - parent
                found_map = True
        opens = re.match(r"^(?:- +)?[^\s#'\"-][^#]*:\s*(?:#.*)?$", body)
        parent = indent if opens else None
    return mapping, sequence, offset


def same(a: Any, b: Any) -> bool:
    """Equal as the build sees them: 28 and 28.0 agree, True and 1 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def _to_rt(value: Any, existing: Any = None) -> Any:
    """A plain value as a round-trip node, in the style of the value it replaces."""
    if isinstance(value, str):
        if isinstance(existing, DoubleQuotedScalarString | SingleQuotedScalarString):
            return type(existing)(value)
        text = yaml_str(value)
        if text.startswith("'"):
            return SingleQuotedScalarString(value)
        if text.startswith('"'):
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, list):
        seq = CommentedSeq(_to_rt(v) for v in value)
        nested = any(isinstance(v, dict | list) for v in value)
        flow = not nested
        if isinstance(existing, CommentedSeq) and not nested:
            flow = bool(existing.fa.flow_style(flow))
        if flow:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap((k, _to_rt(v)) for k, v in value.items())
        if all(isinstance(v, int | float) for v in value.values()):
            mapping.fa.set_flow_style()  # location: {lat: .., lon: ..}
        else:
            mapping.fa.set_block_style()  # a species entry
        return mapping
    return value


def _put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set a key; a new key goes after the keys that come before it in `order`."""
    if key in mapping or key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    keys = list(mapping)
    after = [i for i, k in enumerate(keys) if k in order and order.index(k) < rank]
    if after:
        pos = after[-1] + 1
    else:
        pos = next((i for i, k in enumerate(keys) if k in order), len(keys))
    mapping.insert(pos, key, value)


# -- one site file -------------------------------------------------------------------------


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
        self.rt: CommentedMap | None = None
        self.changed = False
        self.rows: list[int] = []  # CSV lines that touched the file

    @classmethod
    def read(cls, path: Path, rel: str) -> SiteFile:
        site = cls(path.stem, path, rel)
        try:
            if path.is_symlink() or not path.is_file():
                raise FileProblem(f"{rel} is not a regular file")
            site.original = path.read_bytes().decode("utf-8")
            site.head, site.yaml_text, site.tail = split_text(site.original, rel)
            site.plain = load_plain(site.yaml_text, rel)
        except UnicodeDecodeError:
            site.problem = f"{rel} is not UTF-8 text"
            site.original = site.original or ""
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
        site.changed = True
        return site

    @property
    def is_new(self) -> bool:
        return self.original is None

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

    def _node(self, doc: Any, where: YPath) -> Any:
        for part in where:
            doc = doc[part]
        return doc

    def _round_trip(self) -> CommentedMap:
        if self.rt is None:
            try:
                loaded = _round_trip(*guess_indent(self.yaml_text)).load(self.yaml_text)
            except Exception as exc:  # ruamel refuses what PyYAML took, e.g. a duplicate key
                raise FileProblem(f"{self.rel}: front matter cannot be edited safely "
                                  f"({_first_line(exc)})") from None
            self.rt = loaded if loaded is not None else CommentedMap()
        return self.rt

    def set(self, where: YPath, key: str, value: Any, order: Sequence[str] = SITE_ORDER) -> bool:
        """Set `key` of the mapping at `where`; False when it holds that value already."""
        parent = self._node(self.plain, where)
        if key in parent and same(parent[key], value):
            return False
        if not self.is_new:
            rt_parent = self._node(self._round_trip(), where)
            _put(rt_parent, key, _to_rt(value, rt_parent.get(key)), order)
        parent[key] = copy.deepcopy(value)
        self.changed = True
        return True

    def append(self, where: YPath, value: Any) -> None:
        """Append to the list at `where`."""
        if not self.is_new:
            seq = self._node(self._round_trip(), where)
            if isinstance(value, dict | list) and seq.fa.flow_style():
                seq.fa.set_block_style()  # e.g. `species: []` gets its first entry
            seq.append(_to_rt(value))
        self._node(self.plain, where).append(copy.deepcopy(value))
        self.changed = True

    # -- the new text ------------------------------------------------------------------------
    def render(self) -> str:
        """The file's text with every change; raises FileProblem when it would not read back."""
        if not self.changed:
            assert self.original is not None
            return self.original
        if self.is_new:
            text = render_new(self.plain, self.body)
            head, yaml_text, _tail = split_text(text, self.rel)
        else:
            out = io.StringIO()
            _round_trip(*guess_indent(self.yaml_text)).dump(self._round_trip(), out)
            yaml_text = out.getvalue()
            if self.head.endswith("\r\n"):
                yaml_text = yaml_text.replace("\n", "\r\n")
            text = self.head + yaml_text + self.tail
        try:
            back = load_plain(yaml_text, self.rel)
        except FileProblem:
            back = None
        if back is None or not same(back, self.plain):
            raise FileProblem(f"{self.rel}: the updated front matter would not read back as "
                              "intended; the file is left as it is: update it by hand")
        return text


def render_new(plain: dict[str, Any], body: str) -> str:
    """A new site file from a small fixed template: fast and deterministic."""
    lines = ["---"]
    for key in SITE_ORDER:
        if key not in plain:
            continue
        value = plain[key]
        if key == "species" and not value:
            lines.append("species: []  # TODO: one or more trigger species, then remove draft")
        elif key == "draft" and value is True:
            lines.append("draft: true  # set to false once its trigger species are added")
        elif isinstance(value, dict | list):
            lines.append(f"{key}: {yaml_flow(value)}")
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


# -- the folder ----------------------------------------------------------------------------


class SiteIndex:
    """Every content/sites/*.md, read once: by file name, by SitRecID, by slug of the name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "content" / "sites"
        self.by_stem: dict[str, SiteFile] = {}
        self.by_id: dict[int, SiteFile] = {}
        self.by_name: dict[str, list[SiteFile]] = {}
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.md")):
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

    def link_id(self, site: SiteFile, wdkba_id: int) -> None:
        self.by_id[wdkba_id] = site

    def create(self, slug: str, plain: dict[str, Any], body: str) -> SiteFile:
        assert is_slug(slug) and slug not in self.by_stem, slug
        path = self.folder / f"{slug}.md"
        assert path.parent == self.folder  # a slug never leaves content/sites/
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
