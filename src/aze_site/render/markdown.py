"""The Markdown pipeline: Python-Markdown plus links between content files.

A link to another content file by its path (`../sites/manas.md#threats`) becomes that
page's URL; every internal link is recorded with its line so that the build can check
its target and anchor once all pages exist. The HTML then goes through the allow-list
of sanitize.py, unless the site trusts its raw HTML (`markdown: {raw_html: true}`).
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Protocol
from urllib.parse import unquote

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from aze_site.content.yamlsrc import line_breaks, position_among
from aze_site.images.planner import PictureView
from aze_site.render.blocks import install as install_quick_blocks
from aze_site.render.i18n import N_
from aze_site.render.inline import install as install_quick_inline
from aze_site.render.sanitize import has_scheme, sanitize, tree_is_clean
from aze_site.render.slips import NOTE_DEFINED, slips
from aze_site.render.typography import Typography
from aze_site.slugs import slugify

PictureFn = Callable[[str], "PictureView | str"]  # a photo's view, or why it cannot be shown
TOO_DEEP = ("this text nests emphasis, links, lists or quotes too deeply to be read: "
            "look for a long run of '*', '_', '[', '>' or '- ' characters")
BRACKETS = 1000  # '[' in one paragraph: Python-Markdown's time grows with their square
TOO_MANY_BRACKETS = ("this paragraph holds {n:,} '[' characters, which would take Markdown "
                     "minutes to read: write them as '\\[', or split the paragraph")
TAGS = 1000  # tags opened with '<' before a '>': Python's HTML parser's time grows with their square
TOO_MANY_TAGS = ("{n:,} tags are opened with '<' and not closed with '>', which would take "
                 "Markdown minutes to read: close each tag, or write '&lt;' for a '<' that is text")
DRAFT = "~"  # where a link to a draft leads: it is not published
UNREADABLE = "!"  # where a link to a file leads whose own errors are reported: say nothing
TRANSLATION = "="  # before the original's path: where a link to a translation file leads


def _crowded_paragraph(body: str) -> tuple[int, int] | None:
    """(where its first '[' is, how many) of a paragraph with more than BRACKETS of them
    not escaped; None when none has."""
    if body.count("[") <= BRACKETS:
        return None
    for paragraph in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", body):
        text = paragraph.group()
        count = text.count("[") - text.count("\\[")
        if count > BRACKETS:
            return paragraph.start() + text.index("["), count
    return None


NESTING = 100  # lists or quotes opened on one line: content needs a few
_NESTED = re.compile(rf"[ \t]*(?:(?:[-+*]|\d{{1,9}}[.)])[ \t]+|>[ \t]*){{{NESTING},}}")


def _nested_line(body: str) -> tuple[int, int] | None:
    """(where, how many levels) of a line opening more than NESTING lists or quotes. Some
    versions of Python-Markdown give up on them (RecursionError), others cut them at a
    depth of their own: refused here, every version says the same. (Only lines that start
    as a list or a quote are matched: one search over the body took a third as long as
    the rest of a page's checks.)"""
    at = 0
    for line in body.split("\n"):
        head = line.lstrip(" \t")[:1]
        if head and (head in "-+*>" or head.isdigit()) and _NESTED.match(line):
            return at, NESTING
        at += len(line) + 1
    return None


_TAG_START = re.compile(r"<[A-Za-z]")


def _unclosed_tags(body: str) -> tuple[int, int] | None:
    """(where the first is, how many) of more than TAGS tags opened before any '>'."""
    if body.count("<") <= TAGS:
        return None
    at = 0
    for segment in body.split(">"):
        starts = _TAG_START.findall(segment)
        if len(starts) > TAGS:
            return at + segment.index(starts[0]), len(starts)
        at += len(segment) + 1
    return None


class Urls(Protocol):
    """Content path (e.g. sites/manas.md) -> the URL of its page, or None when there is none."""

    def get(self, path: str, default: Any = None) -> Any: ...
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    href: str  # as written
    url: str  # the page it points to, e.g. /sites/manas/
    fragment: str
    line: int
    col: int


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]
    links: tuple[Link, ...]
    problems: tuple[tuple[int, int, str], ...]  # (line, col, message)
    summary: str  # plain text of the first paragraph, for meta descriptions
    photos: tuple[str, ...] = ()  # photos shown in the body (content/images keys)
    deps: tuple[tuple[str, str | None], ...] = ()  # content paths linked -> URL found (or None)
    photo_refs: tuple[str, ...] = ()  # every photo key the body asked for, shown or not
    warnings: tuple[tuple[int, int, str], ...] = ()  # (line, col, message), e.g. raw HTML removed
    draft_links: tuple[tuple[int, int, str], ...] = ()  # links to drafts shown with --drafts


_ADDRESS_ENDS = frozenset(" \t\n)\"'>")


@dataclass
class _Job:
    source: str  # content-relative path of the file, e.g. sites/manas.md
    url: str
    body: str
    body_line: int
    urls: Urls
    base_path: str  # prefix of every site URL, '' at a domain's root
    picture: PictureFn | None = None
    links: list[Link] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    cursor: dict[tuple[bool, str], int] = field(default_factory=dict)
    deps: dict[str, str | None] = field(default_factory=dict)
    photo_refs: list[str] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)
    draft_links: list[tuple[int, int, str]] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)  # pattern -> where to look for it next
    after: int = 0  # where the last thing located ends (see locate)
    clean_tree: bool = False  # the final tree keeps to the sanitiser's allow-lists
    newlines: list[int] | None = None  # where each line break of the body is (line_col)

    def position(self, href: str, raw: bool = False) -> tuple[int, int]:
        """Line and column of `href` in the body: the next occurrence after the last one
        asked for (elements are visited in document order), as a Markdown link's target
        (`raw`: an HTML attribute's value) first, then anywhere."""
        key = (raw, href)
        start = self.cursor.get(key, 0)
        index = _written_at(self.body, href, start, "=" if raw else "](")
        if index < 0:
            index = _written_at(self.body, href, start, "")
        if index < 0:
            index = self.body.find(href, start)
        if index < 0:
            return self.body_line, 0
        self.cursor[key] = index + 1
        return self.line_col(index)

    def raw_link(self, tag: str, href: str) -> None:
        """A link written in raw HTML: checked as a Markdown link is, at its line; it is
        published as written, so only a page's address (or an anchor) can be right."""
        if not href or has_scheme(href) or href.startswith("//"):
            return  # another site's, or one the sanitiser removes (and says so)
        path, _, fragment = href.partition("#")
        line, col = self.position(href, raw=True)
        if not path or path.startswith("/"):
            self.links.append(Link(href, path.split("?")[0] or self.url, fragment, line, col))
        elif tag == "img":
            self.problems.append((line, col, f"photo '{href}' in HTML: show photos in Markdown, "
                                  "![text](../images/photo.jpg), so they are shown with their credit"))
        else:
            self.problems.append((line, col, f"link '{href}' in HTML: link pages by their address "
                                  "starting with '/', or write the link in Markdown, "
                                  "[text](../sites/name.md)"))

    def deepest(self) -> tuple[int, int]:
        """Line and column of the longest run of characters that open nested markup."""
        runs = list(re.finditer(r"(?:[*_\[>]|[-+*] )+", self.body))  # '- - -': lists
        if not runs:
            return self.body_line, 0
        return self.line_col(max(runs, key=lambda m: m.end() - m.start()).start())

    def line_col(self, index: int) -> tuple[int, int]:
        # the line breaks found once: counted from the start for each link, a body with
        # many links took time growing with their number times its length (hours at 18 MB)
        if self.newlines is None:
            self.newlines = line_breaks(self.body)
        line, col = position_among(self.newlines, index)
        return self.body_line + line - 1, col

    def locate(self, pattern: str) -> tuple[int, int]:
        """Line and column of the next match of `pattern` (case-insensitive) in the body;
        the body's first line when there is none. Things are asked for in the order of the
        page, so a match is looked for after the last one first: `data:...,AA` would
        otherwise be found inside an earlier `data:...,AAAA`."""
        found = re.compile(pattern, re.IGNORECASE)
        start = self.found.get(pattern, 0)
        match = found.search(self.body, max(start, self.after)) or found.search(self.body, start)
        if match is None:
            return self.body_line, 0
        self.found[pattern] = match.start() + 1
        self.after = match.end()
        return self.line_col(match.start())


def _written_at(body: str, href: str, start: int, lead: str) -> int:
    """Where `href` is written whole in `body` from `start` (what follows ends an address,
    so `x.md` is not found in `x.md#part`), after `lead` (`](`, `]:` or `=`, with the
    spaces, `<` or quote allowed between): -1 if nowhere."""
    index = body.find(href, start)
    while index >= 0:
        end = index + len(href)
        if end == len(body) or body[end] in _ADDRESS_ENDS:
            before = body[max(0, index - 64):index].rstrip(" \t\n<\"'")
            if not lead or before.endswith(lead) or (lead == "](" and before.endswith("]:")):
                return index
        index = body.find(href, index + 1)
    return -1


def _as_read(written: str) -> str:
    """An address as a browser reads it: `&#47;a&#47;` leads to /a/, and is checked so
    (`<name@example.org>` is written in entities by Python-Markdown, its `&` held back)."""
    href = written.replace(AMP_SUBSTITUTE, "&")
    return html_lib.unescape(href) if "&" in href else href


_NOTE_LINKS = frozenset({"footnote-ref", "footnote-backref"})


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.job: _Job | None = None

    def run(self, root: etree.Element) -> None:
        if self.job is None:
            raise RuntimeError("the link rewriter runs only inside MarkdownRenderer.render")
        parents = {child: parent for parent in root.iter() for child in parent}
        notes = getattr(self.md.inlinePatterns["footnote"], "footnotes", None)
        labels = notes.footnotes if isinstance(notes, FootnoteExtension) else {}
        for element in list(root.iter("img")):
            self.photo(self.job, element, parents)
        for element in root.iter():
            if element.tag == "img" and element.get("data-photo"):
                del element.attrib["data-photo"]  # made by photo(): its URLs are final
                continue
            attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attr is None or element.get(attr) is None:
                continue
            if element.get("class") in _NOTE_LINKS and element.get(attr, "").startswith("#fn") \
                    and element.get(attr, "").partition(":")[2] in labels:
                # Python-Markdown's links between a note and its call, written nowhere in
                # the body: looked for in it, each read the whole body (minutes at 20,000);
                # a link written with their class (`{.footnote-ref}`) to no note is not one
                href = _as_read(element.get(attr, ""))
                self.job.links.append(Link(href, self.job.url, href[1:], self.job.body_line, 0))
                continue
            new = self.resolve(self.job, element.get(attr, ""))
            if new is not None:
                element.set(attr, new)

    def photo(self, job: _Job, img: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
        """`![](../images/x.jpg)` becomes a responsive <figure> with the photo's credit."""
        src = img.get("src", "")
        decoded = unquote(_as_read(src))  # as links are (`resolve`), then its %-escapes
        if not decoded or _EXTERNAL.match(decoded) or decoded.startswith("/"):
            return
        target = posixpath.normpath(posixpath.join(posixpath.dirname(job.source), decoded))
        if not target.startswith("images/") or job.picture is None:
            return
        line, col = job.position(src)
        view = job.picture(target.removeprefix("images/"))
        key = view.key if isinstance(view, PictureView) else target.removeprefix("images/")
        job.photo_refs.append(key)
        if isinstance(view, str):
            if view:  # '': its entry cannot be used, which is reported there
                job.problems.append((line, col, view))
            img.set("src", "")  # keep the link check from reporting it again
            return
        para = parents.get(img)
        if para is None or para.tag != "p" or len(para) != 1 or (para.text or "").strip() \
                or (img.tail or "").strip():
            job.problems.append((line, col, f"photo '{key}': put it in a paragraph of its own, "
                                 "so it can be shown with its credit"))
            img.set("src", "")
            return
        job.photos.append(key)
        para.clear()
        para.tag = "figure"
        para.set("class", "photo photo-content")
        picture = etree.SubElement(para, "picture")
        for mime, srcset in view.sources:
            etree.SubElement(picture, "source", type=mime, srcset=srcset, sizes=view.sizes)
        etree.SubElement(picture, "img", {
            "src": view.src, "srcset": view.srcset, "sizes": view.sizes,
            "alt": img.get("alt") or view.alt, "width": str(view.width),
            "height": str(view.height), "loading": "lazy", "decoding": "async",
            "style": f"background-color:{view.color}", "data-photo": "1"})
        caption = etree.SubElement(para, "figcaption", {"class": "credit-small"})
        license_text = f" ({view.license})" if view.license else ""
        caption.text = (f"{view.caption}. " if view.caption else "") + \
            f"Credit: {view.credit}{license_text}"

    def resolve(self, job: _Job, written: str) -> str | None:
        href = _as_read(written)
        if not href or _EXTERNAL.match(href) or href.startswith("//"):
            return None
        path, _, fragment = href.partition("#")
        line, col = job.position(written)
        if not path:  # an anchor on this page
            job.links.append(Link(written, job.url, fragment, line, col))
            return None
        if path.startswith("/"):
            job.links.append(Link(written, path.split("?")[0], fragment, line, col))
            return job.base_path + href if job.base_path else None
        if not path.endswith(".md"):
            meant = self._meant_file(job, path)
            job.problems.append((line, col, f"link '{written}': link content files by their .md "
                                 "path, or other pages by a URL starting with '/'" +
                                 (f" (did you mean '{meant}'?)" if meant else "")))
            return None
        url = self._page_url(job, written, path, line, col)
        if url is None:
            return None
        job.links.append(Link(written, url, fragment, line, col))
        return job.base_path + url + (f"#{fragment}" if fragment else "")

    @staticmethod
    def _meant_file(job: _Job, path: str) -> str | None:
        """`x.md` for a link written `x` or `x/` where that file is a page (looked up, and
        so depended on, as a link's own file is)."""
        stem = path.rstrip("/")
        if not stem or stem in (".", ".."):
            return None
        target = _resolved(job, stem + ".md")
        url = job.urls.get(target)
        job.deps[target] = url
        return f"{stem}.md" if url is not None and not url.startswith(TRANSLATION) else None

    @staticmethod
    def _meant_lower(job: _Job, path: str, target: str) -> str | None:
        """The link to write where the file is there in small letters, as `new` writes file
        names (looked up, and so depended on, as a link's own file is): `path` in small
        letters, or decoded where its escapes are not (`%41ct.md`: 'act.md'). None for a
        translation: its own link is an error too."""
        lower = target.lower()
        if lower == target:
            return None
        url = job.urls.get(lower)
        job.deps[lower] = url
        if url is None or url.startswith(TRANSLATION):
            return None
        return next((form for form in (path.lower(), unquote(path).lower())
                     if _resolved(job, form) == lower), None)

    @staticmethod
    def _page_url(job: _Job, written: str, path: str, line: int, col: int) -> str | None:
        """The URL of the page a link to a content file (`path`, its .md path) leads to;
        None, with the problem said where there is one, where it leads to none."""
        # `Terms%20of%20use.md` names the file `Terms of use.md`, as a browser would read it
        target = _resolved(job, path)
        if target.startswith("../") or target == "..":
            job.problems.append((line, col, f"link '{written}' points outside content/"))
            return None
        url: str | None = job.urls.get(target)
        for form in (unicodedata.normalize("NFC", target), unicodedata.normalize("NFD", target)):
            # `é` typed as one character, the file's name holding two (or the reverse)
            if url is None and form != target and (found := job.urls.get(form)) is not None:
                target, url = form, found
        job.deps[target] = url
        if url == UNREADABLE:
            return None
        if url is not None and url.startswith(TRANSLATION):
            original = posixpath.join(posixpath.dirname(path), posixpath.basename(url[1:]))
            job.problems.append((line, col, f"link '{written}': content/{target} is a translation: "
                                 f"link its original, {original} (each language's page then "
                                 "leads to the page in its own language)"))
            return None
        if url is None:
            meant = _LinkRewriter._meant_lower(job, path, target)
            hint = f" (did you mean '{meant}'?)" if meant else ""
            job.problems.append((line, col, f"link '{written}': content/{target} does not "
                                 f"exist{hint}"))
            return None
        if url == DRAFT:
            job.problems.append((line, col, f"link '{written}': content/{target} is a draft, not "
                                 "published: publish it (draft: false) or remove the link"))
            return None
        if url.startswith(DRAFT):  # shown with --drafts: published without them, an error
            job.draft_links.append((line, col, f"link '{written}': content/{target} is a draft, "
                                    "shown here with --drafts; published without them, this link "
                                    "is an error: publish it (draft: false) or remove the link"))
            return url[len(DRAFT):]
        return url


def _resolved(job: _Job, path: str) -> str:
    """The content path a link written in `job`'s file names, read as a browser reads it
    (`Terms%20of%20use.md` names the file `Terms of use.md`)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(job.source), unquote(path)))


class _RawLinks(HTMLParser):
    """The links of raw HTML: (tag, URL) for each <a href> and <img src>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    @classmethod
    def of(cls, html: str) -> list[tuple[str, str]]:
        reader = cls()
        reader.feed(html)
        reader.close()
        return reader.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.found += [(tag, value.strip()) for name, value in attrs if name == wanted and value]


class _TreeCheck(Treeprocessor):
    """Last of all: whether the tree as it will be written needs the sanitiser at all."""

    def __init__(self, md: markdown.Markdown, rewriter: _LinkRewriter) -> None:
        super().__init__(md)
        self.rewriter = rewriter

    def run(self, root: etree.Element) -> None:
        if self.rewriter.job is not None:
            self.rewriter.job.clean_tree = tree_is_clean(root)


class _LinkExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        rewriter = _LinkRewriter(md)
        md.treeprocessors.register(rewriter, "aze_links", 1)
        md.treeprocessors.register(_TreeCheck(md, rewriter), "aze_tree_check", -1)


class _Tables(TableExtension):
    """Python-Markdown's tables, a column's alignment (`:--`, `--:`) written as the start or
    end of the line (`text-align: start`): its left and right stay put in a page written
    right to left, where a text's start is its right."""

    def __init__(self) -> None:
        super().__init__(use_align_attribute=True)  # read, then replaced, by _LogicalAlign

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(_LogicalAlign(md), "aze_table_align", 9)


_LOGICAL = {"left": "start", "right": "end", "center": "center"}


class _LogicalAlign(Treeprocessor):
    """Each aligned cell's `align` (what use_align_attribute writes) as its style."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):  # one walk of a body, most of which have none
            for cell in table.iter():
                side = cell.attrib.pop("align", None)
                if side in _LOGICAL:
                    cell.set("style", f"text-align: {_LOGICAL[side]};")


class _Toc(TocTreeprocessor):
    """The headings' ids and list, as Python-Markdown's own; the table of contents it
    would put in place of a `[TOC]` paragraph is made only when the body has one (made
    for every body, and walking every element to look for the marker, it was a tenth of
    Markdown's time here; the pages list the headings from the tokens)."""

    marked = True  # set for each body: whether its text holds the marker

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        return super().build_toc_div(toc_list) if self.marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.marked:
            super().replace_marker(root, elem)


class _TocExtension(TocExtension):
    TreeProcessorClass = _Toc


class _AttrList(AttrListTreeprocessor):
    """Python-Markdown's attribute lists (`{: .lead }`), looked for only in a body that
    has a '{' (each element's text and tail are searched otherwise)."""

    wanted = True  # set for each body

    def run(self, doc: etree.Element) -> None:
        if self.wanted:
            super().run(doc)


class _AttrListExtension(AttrListExtension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(_AttrList(md), "attr_list", 8)


class _BodyScan(Preprocessor):
    """Whether the table of contents and the attribute lists have anything to do, read from
    the text as Python-Markdown parses it (after its first step, which deletes STX and ETX:
    '[TO\\x02C]' is a marker)."""

    def __init__(self, md: markdown.Markdown, toc: _Toc, attr_list: _AttrList) -> None:
        super().__init__(md)
        self.toc, self.attr_list = toc, attr_list

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.toc.marked = self.toc.marker in text
        self.attr_list.wanted = "{" in text
        return lines


class _NoteCall(FootnoteInlineProcessor):
    """Python-Markdown's call of a note, numbered from a table of the notes made once a
    body: it listed every note again at each call (a minute at 20,000 notes)."""

    def __init__(self, pattern: str, footnotes: FootnoteExtension) -> None:
        super().__init__(pattern, footnotes)
        self.of: dict[str, str] | None = None  # the notes numbered (each body has its own)
        self.numbers: dict[str, int] = {}

    def handleMatch(self, m: re.Match[str], data: str  # type: ignore[override]
                    ) -> tuple[etree.Element | None, int | None, int | None]:
        notes = self.footnotes
        label = m.group(1)
        if label not in notes.footnotes:
            return None, None, None
        notes.addFootnoteRef(label)
        if self.of is not notes.footnotes or len(self.numbers) != len(notes.footnotes):
            self.of = notes.footnotes
            self.numbers = {key: number for number, key in enumerate(notes.footnotes, 1)}
        sup = etree.Element("sup")
        a = etree.SubElement(sup, "a")
        sup.set("id", notes.makeFootnoteRefId(label, found=True))
        a.set("href", "#" + notes.makeFootnoteId(label))
        a.set("class", "footnote-ref")
        a.text = notes.getConfig("SUPERSCRIPT_TEXT").format(self.numbers[label])
        return sup, m.start(0), m.end(0)


class _Footnotes(FootnoteExtension):
    """Python-Markdown's footnotes (in the order they are defined), with calls found
    without going through every note (_NoteCall, addFootnoteRef)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.inlinePatterns.register(_NoteCall(r"\[\^([^\]]*)\]", self), "footnote", 175)

    def reset(self) -> None:
        super().reset()
        self.called: set[str] = set()

    def addFootnoteRef(self, id: str) -> None:
        if id not in self.called:
            self.called.add(id)
            self.footnote_order.append(id)


# A footnote's link back to where it is called, as its title says it in the body's language
BACKLINK = N_("Jump back to footnote %(num)d in the text")


class MarkdownRenderer:
    """One reusable Python-Markdown instance (building one is slow)."""

    def __init__(self) -> None:
        # Extensions as objects, not names: a name is looked up among the entry points of
        # every installed package (importlib.metadata), 20-50 ms of each build's start.
        self.footnotes = _Footnotes()
        self.layout_ids: frozenset[str] = frozenset()  # set for each body (render)
        self.md = markdown.Markdown(
            extensions=[
                _Tables(), self.footnotes, _AttrListExtension(), AbbrExtension(),
                Typography(), _TocExtension(slugify=self._heading_id), _LinkExtension(),
            ],
            output_format="html",
        )
        install_quick_inline(self.md)
        install_quick_blocks(self.md)
        self.rewriter: _LinkRewriter = self.md.treeprocessors["aze_links"]  # type: ignore[assignment]
        toc: _Toc = self.md.treeprocessors["toc"]  # type: ignore[assignment]
        attr_list: _AttrList = self.md.treeprocessors["attr_list"]  # type: ignore[assignment]
        # after Python-Markdown's whitespace clean-up (30), before its raw HTML (20)
        self.md.preprocessors.register(_BodyScan(self.md, toc, attr_list), "aze_body_scan", 25)

    def _heading_id(self, value: str, separator: str) -> str:
        """A heading's id, from its words; one that an element of the page's layout has
        (`main`, the skip link's target; `site-map`, the map's) is numbered as a second of
        it (`main_1`), as Python-Markdown numbers a heading repeated: two elements with one
        id would send the skip link, or draw the map, into the heading."""
        slug = slugify(value) or "section"
        return f"{slug}_1" if slug in self.layout_ids else slug

    def render(self, source: str, url: str, body: str, body_line: int,
               urls: Urls, base_path: str = "",
               picture: PictureFn | None = None, *, raw_html: bool = False,
               backlink: str = BACKLINK, layout_ids: frozenset[str] = frozenset()) -> Rendered:
        """`raw_html`: publish the body's raw HTML as it is (site.yaml `markdown: {raw_html:
        true}`, for a site whose editors are trusted); by default it is sanitised.
        `backlink`: BACKLINK in the body's language. `layout_ids`: the ids the templates
        give elements of their own, which no heading takes."""
        self.layout_ids = layout_ids
        job = _Job(source, url, body, body_line, urls, base_path, picture)
        for found, message in ((_crowded_paragraph(body), TOO_MANY_BRACKETS),
                               (_unclosed_tags(body), TOO_MANY_TAGS), (_nested_line(body), TOO_DEEP)):
            if found is not None:
                index, count = found
                return Rendered("", (), (), ((*job.line_col(index), message.format(n=count)),), "")
        self.rewriter.job = job
        self.footnotes.setConfig("BACKLINK_TITLE", backlink.replace("{", "{{").replace(
            "}", "}}").replace("%(num)d", "{}"))
        self.md.reset()
        try:
            html = self.md.convert(body)
        except RecursionError:  # Python-Markdown walks nested markup recursively
            return Rendered("", (), (), ((*job.deepest(), TOO_DEEP),), "")
        warnings: list[tuple[int, int, str]] = []
        stashed = self.md.htmlStash.rawHtmlBlocks
        for block in stashed:
            if isinstance(block, str) and "<" in block:
                for tag, href in _RawLinks.of(block):
                    job.raw_link(tag, href)
        if not raw_html:
            has_raw = any(not isinstance(block, str) or "<" in block for block in stashed)
            if has_raw or not job.clean_tree:
                html, warnings = sanitize(html, has_raw, job.locate)
                reported = {(line, col) for line, col, _ in job.problems}  # an error says it
                warnings = [w for w in warnings if w[:2] not in reported]
        if 'class="footnote-backref"' in html:
            html, unread = _unreferenced_notes(html, body)
            warnings += [(*job.line_col(index), UNREFERENCED.format(label=label))
                         for label, _, index in unread]
            gone = {f"#fnref:{label}" for label, _, _ in unread}
            job.links = [link for link in job.links if link.href not in gone]
        warnings += [(*job.line_col(index), message) for index, message in slips(body)]
        if self.layout_ids and _WRITES_ID.search(body):  # an id written in the body
            job.problems += [(*job.line_col(index), message)
                             for index, message in _layout_anchors(html, body, self.layout_ids)]
        tokens: list[dict[str, Any]] = getattr(self.md, "toc_tokens", [])
        headings = _flatten(tokens)
        if self.layout_ids:
            warnings += _given_way(headings, job.links, url, self.layout_ids)
        return Rendered(html, tuple(headings), tuple(job.links), tuple(job.problems),
                        _summary(html), tuple(job.photos), tuple(sorted(job.deps.items())),
                        tuple(job.photo_refs), tuple(warnings), tuple(job.draft_links))


LAYOUT_ANCHOR = ("the templates already give the id '{id}' to an element of their own (links to "
                 "#{id} lead there): give this one another, e.g. {example}")
_HTML_ID = re.compile(r'\sid="([^"]+)"')
_WRITES_ID = re.compile(r"\{|id", re.IGNORECASE)  # an attribute list, or HTML's id= (ID=)


def _layout_anchors(html: str, body: str, layout_ids: frozenset[str]) -> list[tuple[int, str]]:
    """(index in the body, message) for each id the body gives an element itself (`## Main
    {#main}`, `<div id="main">`) that the templates give one of their own: the ids made
    from headings' words give way to those (MarkdownRenderer._heading_id), these cannot."""
    found = []
    for id_ in dict.fromkeys(i for i in _HTML_ID.findall(html) if i in layout_ids):
        written = re.search(r"(?:\{[^{}\n]*#|\bid\s*=\s*[\"']?)" + re.escape(id_) + r"(?![\w-])",
                            body, re.IGNORECASE)
        example = f'id="{id_}_1"' if written and written[0][0] != "{" else f"{{#{id_}_1}}"
        found.append((written.start() if written else 0,
                      LAYOUT_ANCHOR.format(id=id_, example=example)))
    return found


GIVEN_WAY = ("link '{href}' leads to the element the templates give the id '{id}', not to the "
             "heading '{name}': to reach the heading, link '{meant}'")


def _given_way(headings: list[Heading], links: list[Link], url: str,
               layout_ids: frozenset[str]) -> list[tuple[int, int, str]]:
    """A link in the body to `#main` where the body's heading `## Main` gave way to the
    templates' element (its anchor is `#main_1`): the reader lands on the element."""
    renamed: dict[str, Heading] = {}
    for h in headings:
        words = slugify(h.name) or "section"  # the id its words make (_heading_id)
        if words in layout_ids and h.id != words:
            renamed.setdefault(words, h)
    return [(link.line, link.col, GIVEN_WAY.format(
                href=link.href, id=link.fragment, name=renamed[link.fragment].name,
                meant=link.href.removesuffix(link.fragment) + renamed[link.fragment].id))
            for link in links if link.url == url and link.fragment in renamed]


UNREFERENCED = ("the note [^{label}] is never referred to in the text: write [^{label}] where "
                "it belongs, or delete the note")
_NOTE = re.compile(r'<li id="fn:([^"]+)">')
_CALL = re.compile(r'id="fnref:([^"]+)"')
_BACKREF = re.compile(r'(?:&#160;)?<a class="footnote-backref" href="#fnref:([^"]+)"[^>]*>.*?</a>')


def _unreferenced_notes(html: str, body: str) -> tuple[str, list[tuple[str, str, int]]]:
    """Footnotes the text never calls: Python-Markdown lists them with a link back to a
    call that is not there. That link is taken out; each note is said at its definition.
    The page and the body are each read once (read once for each note, a body of 8,000
    notes took minutes)."""
    called = set(_CALL.findall(html))
    notes = [note for note in _NOTE.findall(html) if note not in called]
    if not notes:
        return html, []
    gone = set(notes)
    html = _BACKREF.sub(lambda m: "" if m.group(1) in gone else m.group(), html).replace(
        "<p></p>\n", "")  # (a note ending in a list or code has its way back in a paragraph of its own)
    defined: dict[str, int] = {}
    for definition in NOTE_DEFINED.finditer(body):
        defined.setdefault(definition.group(1), definition.start())
    found = []
    for note in notes:
        label = html_lib.unescape(note)
        found.append((label, note, defined.get(label, 0)))
    return html, found


def _flatten(tokens: list[dict[str, Any]]) -> list[Heading]:
    out = []
    for token in tokens:
        out.append(Heading(int(token["level"]), str(token["id"]), _strip_tags(str(token["name"]))))
        out.extend(_flatten(token.get("children", [])))
    return out


_TAG = re.compile(r"<[^>]+>")
_PARA = re.compile(r"<p>(.*?)</p>", re.S)


def _strip_tags(html: str) -> str:
    return html_lib.unescape(_TAG.sub("", html)).strip()


def _summary(html: str, limit: int = 160) -> str:
    match = _PARA.search(html)
    text = " ".join(_strip_tags(match.group(1)).split()) if match else ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
