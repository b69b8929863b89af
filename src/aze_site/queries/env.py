"""What the site's queries need besides nodes: the project, the options, per-process tools.

Options reach queries only as input nodes (`option:<name>`), so changing one recomputes
exactly what depends on it. The Jinja environment and the Markdown converter are made
once per process (workers inherit them) and hold nothing that depends on content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from aze_site.content.loader import Loader
from aze_site.engine import MISSING, Ctx
from aze_site.errors import Report
from aze_site.files import FLAGGED, LINKED, WARNED, read_file
from aze_site.images.planner import UNREADABLE
from aze_site.model import Image, Source
from aze_site.queries.options import Options
from aze_site.render.markdown import MarkdownRenderer
from aze_site.render.pages import PageRenderer


class Sources(Protocol):
    """The project's files as the engine's inputs (build/sources.py scans them)."""

    def file(self, rel: str) -> str | None: ...  # its content hash; None: not there; or LINKED

    def listing(self, folder: str) -> tuple[tuple[str, str], ...]: ...  # (path, flag)


@dataclass
class Env:
    root: Path
    sources: Sources
    options: Options
    image_cache: Path  # .aze-cache/images: photo facts, derivatives and cards
    write_cache: bool = True  # False for `check`: nothing is written
    on_pages: Callable[[], None] | None = None  # every page is rendered (the root calls it)
    _renderer: PageRenderer | None = field(default=None, repr=False)
    _markdown: MarkdownRenderer | None = field(default=None, repr=False)

    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            compiled = self.image_cache.parent / "jinja" if self.write_cache else None
            self._renderer = PageRenderer(self.root / "templates", compiled)
        return self._renderer

    def markdown(self) -> MarkdownRenderer:
        if self._markdown is None:
            self._markdown = MarkdownRenderer()
        return self._markdown

    def loader(self, ctx: Ctx, report: Report, codes: frozenset[str] | None = None) -> Loader:
        """A content loader whose photos (and criteria codes) are read through `ctx`."""
        loader = Loader(self.root, report, self.image_cache, self.write_cache)
        loader.images = NodeImages(ctx)  # type: ignore[assignment]
        if codes is not None:  # the schema's converters are this loader's own: made anew
            loader.criteria = {code: None for code in codes}  # type: ignore[misc]
            loader.schema = loader.site_schema()
        return loader


class NodeImages(Mapping[str, Image]):
    """The photos of images.yaml as nodes `image:<key>`, read one by one."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def get(self, key: str, default: Any = None) -> Any:
        found = self.ctx.get(f"image:{key}")
        if found is MISSING and self.ctx.get("images_unreadable:") is True:
            return Image(key, None, None, None, None, (0.5, 0.5), 0, 0, "",
                         Source("content/images/images.yaml", 0, 0), problem=UNREADABLE)
        return default if found is MISSING else found

    def __getitem__(self, key: str) -> Image:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        raise TypeError("photos are looked up one by one")

    def __len__(self) -> int:
        raise TypeError("photos are looked up one by one")

    def known(self) -> list[str]:
        """Every photo's key, read (and so depended on) only where a key has no entry, to
        say which one was meant."""
        return list(self.ctx.get("images:"))


def text_of(env: Env, ctx: Ctx, rel: str) -> bytes | None:
    """The bytes of a source file, its hash recorded as read (None: not there, or a link,
    which is never read through)."""
    if ctx.get(f"file:{rel}") in (None, LINKED):
        return None
    try:
        return read_file(env.root / rel)
    except OSError:
        return None


def say_flag(ctx: Ctx, rel: str, flag: str) -> None:
    """What makes a file of a listing unusable (files.FLAGGED), at its path."""
    (ctx.warning if flag in WARNED else ctx.error)(rel, 0, 0, FLAGGED[flag])
