"""What loading content files shares: the project, the report, reading text and YAML."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from aze_site.content import schema as s
from aze_site.content.yamlsrc import NUL, Located, bad_character, parse_yaml, position
from aze_site.content.yamlsrc import Path as YPath
from aze_site.errors import Report
from aze_site.files import FLAGGED, LINK, not_a_file, read_file
from aze_site.images.planner import photo_problem
from aze_site.model import (
    Criterion,
    Document,
    Image,
)


def missing(holds: str) -> str:
    """What is said of a required file of content/ that is missing; `holds`: what it holds."""
    return f"file is missing: it should {holds} (restore it, e.g. from the project's history)"


class LoaderBase:
    """Reads one project's content/ folder. Every problem goes to `report`."""

    def __init__(self, root: Path, report: Report, cache: Path | None = None,
                 write_cache: bool = True, base_url: str | None = None) -> None:
        self.root = root
        self.content = root / "content"
        self.report = report
        self.images: dict[str, Image] = {}
        self.criteria: dict[str, Criterion] = {}
        self.invalid: list[Document] = []
        self.cache = cache  # where facts of photos are remembered between builds
        self.write_cache = write_cache  # False for `check`, which writes nothing
        self.used_images: set[str] = set()
        self.schema: s.Converter = s.text
        self.base_url = base_url  # the build's --base-url: site.yaml's is then not published
        self.form_paths: list[tuple[str, str, int, int]] = []  # forms that lead to a page here
        self.nav_paths: list[tuple[str, str, int, int]] = []  # menu and footer: (label, url, line, col)
        self.languages_at = (1, 1)  # where site.yaml names its languages: (line, col)
        self.images_unreadable = False  # images.yaml cannot be read at all
        self.photo_files: tuple[str, ...] = ()  # content/images/ as the build lists it

    # -- helpers -------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def body_refused(self, rel: str, body: str, body_line: int) -> bool:
        """Whether a Markdown body holds a character YAML would refuse (an escape sequence,
        a backspace): an error at the first, which would otherwise be published (its front
        matter's are YAML's to refuse)."""
        bad = bad_character(body)
        if bad is not None:
            line, col = position(body, bad[0])
            self.report.error(rel, body_line + line - 1, col,
                              f"a control character (U+{ord(body[bad[0]]):04X}) in the text: "
                              "delete it (it often comes from text copied out of another program)")
        return bad is not None

    def read_text(self, path: Path) -> str | None:
        """The text of a content file; None (and an error at the offending byte) when it is not
        UTF-8 or holds a NUL byte, so that nothing of it is published."""
        try:
            data = read_file(path)
        except OSError as exc:
            self.report.error(self.rel(path), 0, 0, f"cannot read: {exc.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = data.rfind(b"\n", 0, exc.start) + 1
            before = data[start:exc.start].removeprefix(codecs.BOM_UTF8 if start == 0 else b"")
            self.report.error(self.rel(path), data.count(b"\n", 0, exc.start) + 1,
                              len(before.decode("utf-8")) + 1,
                              f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x}): save it "
                              "as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
            return None
        nul = text.find("\0")
        if nul >= 0:
            self.report.error(self.rel(path), *position(text, nul), NUL)
            return None
        return text

    def yaml_file(self, name: str, *, required: bool, holds: str = "") -> Located | None:
        """A YAML file of content/; `holds` says what an empty one should hold (an error),
        e.g. "list the partners"."""
        path = self.content / name
        link = self.linked(path)
        if link is not None:
            self.report.error(self.rel(link), 0, 0, FLAGGED[LINK])
            return None
        problem = not_a_file(path)  # a named pipe, a folder...: never opened
        if problem is not None:
            self.report.error(self.rel(path), 0, 0, problem)
            return None
        if not path.is_file():
            if required:
                self.report.error(self.rel(path), 0, 0, missing(holds))
            return None
        text = self.read_text(path)
        doc = None if text is None else parse_yaml(text, self.rel(path), self.report)
        if doc is not None:
            self.warn_todo_notes(doc)
            if doc.data is None and holds:
                self.report.error(doc.path, 1, 1, f"the file is empty: it should {holds}")
                return None
        return doc

    def linked(self, path: Path) -> Path | None:
        """The symbolic link on the way from content/ to `path` (itself included), if any:
        nothing is read through one, so nothing from outside the project is published."""
        for step in (path, *path.parents):
            if step == self.content:
                return None
            if step.is_symlink():
                return step
        return None

    def warn_todo_notes(self, doc: Located) -> None:
        """A '# TODO' note left in the YAML, unless a warning already points at its line."""
        if not doc.todos:
            return
        warned = {(d.path, d.line) for d in self.report.items if d.level == "warning"}
        for line, col, in_comment in doc.todos:
            if (doc.path, line) not in warned:
                where = "this comment" if in_comment else "this text, which is published"
                self.report.warning(doc.path, line, col, f"a TODO note is left in {where}: do "
                                    "what it says, then delete the note")

    def markdown_files(self, folder: str) -> list[Path]:
        base = self.content / folder
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*")):
            if path.is_symlink():
                self.report.error(self.rel(path), 0, 0, FLAGGED[LINK])
            elif path.is_file() and path.suffix == ".md":
                found.append(path)
        return found

    # -- image references ------------------------------------------------------------
    def image_ref(self, value: Any, where: YPath, ctx: s.Ctx) -> Any:
        key = s.text(value, where, ctx)
        if key is s.INVALID:
            return key
        if key in self.images:
            self.used_images.add(key)
        problem = photo_problem(self.images, key)
        return ctx.error(where, problem) if problem else key

