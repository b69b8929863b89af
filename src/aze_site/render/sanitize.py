"""HTML in Markdown: what a body may publish, by allow-list (nh3, the Rust `ammonia`).

Python-Markdown passes raw HTML through, and attribute lists and links can carry any
attribute or URL, so every rendered body goes through `sanitize`. It keeps all that the
Markdown extensions and the photo figures make (headings with ids, tables, footnotes,
abbreviations, figures with `srcset`) and drops scripts, styles, frames, objects,
forms, event handlers and `javascript:`/`data:` URLs, saying what it removed and where.

nh3 does the removing. What it removed is found by reading the HTML once more with
the same lists (`_Reader`), so that each removal is a warning at its line of the body.
A body without raw HTML whose sanitised HTML says the same is kept byte for byte as
Python-Markdown wrote it (nh3 writes entities and styles its own way): normal content
publishes exactly as it did before the sanitiser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

HELP = '(see README, "HTML in Markdown")'

TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})
# Removed with everything inside them (the others not allowed lose their tags, keep their text).
CLEAN_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "noembed", "noframes", "textarea", "select", "svg", "math", "xmp", "title",
})
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang", "rev", "rel", "target"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "style"},
    "source": {"type", "srcset", "sizes", "media", "width", "height"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "th": {"style", "align", "colspan", "rowspan", "scope", "abbr"},
    "td": {"style", "align", "colspan", "rowspan"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
}
ATTRIBUTE_PREFIXES = frozenset({"aria-"})  # allowed on every tag
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align", "background-color"})  # table alignment, photo placeholders
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers skip these: 'java\tscript:' is javascript:


def has_scheme(value: str) -> bool:
    """Whether a browser reads the URL as one with a scheme (another site, mail, script)."""
    return _SCHEME.match(_IGNORED_IN_URL.sub("", value)) is not None


def _unsafe_url(value: str) -> bool:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value))
    return match is not None and match.group(1).lower() not in URL_SCHEMES


def _unsafe_srcset(value: str) -> bool:
    return any(_unsafe_url(candidate.strip().split(" ", 1)[0])
               for candidate in value.split(",") if candidate.strip())


def _allowed(tag: str, name: str) -> bool:
    return (name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ())
            or name.startswith(tuple(ATTRIBUTE_PREFIXES)))


def _opener(name: str, value: str) -> bool:
    """`rel="opener"`: a page opened in a new tab could then steer this one elsewhere
    (browsers deny it that by default; the attribute would give it back)."""
    return name == "rel" and "opener" in value.lower().split()


def _unsafe_beyond_nh3(name: str, value: str) -> bool:
    """What nh3's own lists cannot judge: a list of URLs (srcset), `opener`."""
    return (name == "srcset" and _unsafe_srcset(value)) or _opener(name, value)


def _unsafe_value(name: str, value: str) -> bool:
    """A URL (or a list of them) with a scheme the allow-list does not keep; `opener`."""
    return (name in _URL_ATTRIBUTES and _unsafe_url(value)) or _unsafe_beyond_nh3(name, value)


def _filter(tag: str, name: str, value: str) -> str | None:
    """nh3's check of each kept attribute, for what its lists cannot judge."""
    return None if _unsafe_beyond_nh3(name, value) else value


def _clean(html: str) -> str:
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(CLEAN_CONTENT),
                     attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     attribute_filter=_filter, strip_comments=True, link_rel=None,
                     generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
                     url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES))


@dataclass(frozen=True)
class Removal:
    what: str  # for the message: '<script>' or 'onclick="alert(1)" in <p>'
    where: tuple[str, ...]  # regular expressions finding it in the Markdown source, best first


def _shown(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class _Reader(HTMLParser):
    """One pass over HTML: its tokens (to compare two serialisations) and, with the
    allow-lists above, what the sanitiser will remove."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[object, ...]] = []
        self.removed: list[Removal] = []
        self._text: list[str] = []
        self._inside: str | None = None  # a CLEAN_CONTENT element being skipped
        self._depth = 0

    def _flush(self) -> None:
        if self._text:
            self.tokens.append(("text", "".join(self._text)))
            self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.tokens.append(("start", tag, tuple(sorted((name, _norm(name, value or ""))
                                                      for name, value in attrs))))
        if self._inside is not None:
            self._depth += tag == self._inside
            return
        if tag in CLEAN_CONTENT:
            self._inside, self._depth = tag, 1
            self.removed.append(Removal(f"<{tag}>", (rf"<\s*{re.escape(tag)}(?![\w:-])",)))
            return
        if tag not in TAGS:
            self.removed.append(Removal(f"<{tag}>", (rf"<\s*{re.escape(tag)}(?![\w:-])",)))
            return
        for name, value in attrs:
            text = value or ""
            unsafe = _unsafe_value(name, text)
            if not _allowed(tag, name) or unsafe:
                by_name = rf"\b{re.escape(name)}\s*="
                # the attribute with its value first: its name alone may be in other text
                named = (rf"{by_name}\s*[\"']?{_loose(text[:40])}",) if text else ()
                where = (_loose(text[:40]), by_name) if unsafe and text else (*named, by_name)
                self.removed.append(Removal(f'{name}="{_shown(text)}" in <{tag}>', where))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._inside == tag:  # <svg/>: nothing inside to skip
            self._depth -= 1
            if self._depth == 0:
                self._inside = None

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.tokens.append(("end", tag))
        if self._inside == tag:
            self._depth -= 1
            if self._depth == 0:
                self._inside = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _loose(value: str) -> str:
    """A pattern finding a value in the source, each character as itself or an entity
    (`javascript&#x3A;` is read as `javascript:`)."""
    return "".join(rf"(?:{re.escape(char)}|&#?\w+;)" for char in value)


def _norm(name: str, value: str) -> str:
    """An attribute's value as it means: nh3 writes styles without spaces or a final ';'."""
    return re.sub(r"\s+", "", value).rstrip(";").lower() if name == "style" else value


# Comments as a browser ends them (HTML5), where Python's parser (3.11) reads on to the
# next '-->': `<!-->` and `<!--->` are empty, `--!>` closes one
_ABRUPT = re.compile(r"<!---?>|--!>")


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(_ABRUPT.sub(lambda m: "<!---->" if m.group().startswith("<") else "-->", html))
    reader.close()
    return reader


def tree_is_clean(root: etree.Element) -> bool:
    """Whether Python-Markdown's tree below `root` keeps to the allow-lists as it is: a
    body without raw HTML whose tree is clean publishes as Python-Markdown writes it, with
    nothing to say, and need not be read again (what `sanitize` would conclude, for a
    fraction of its time). A value with an entity or a placeholder in a URL or a style
    is not judged here (`sanitize` reads it as the browser will)."""
    for element in root.iter():
        if element is root:
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag not in TAGS:
            return False
        if not all(_clean_attribute(tag, name, value) for name, value in element.attrib.items()):
            return False
    return True


def _clean_attribute(tag: str, name: str, value: str) -> bool:
    if not _allowed(tag, name):
        return False
    if name not in _URL_ATTRIBUTES and name not in ("srcset", "style"):
        return True
    if "&" in value or "\u0002" in value:  # an entity or a placeholder: for `sanitize`
        return False
    return not _unsafe_value(name, value) and (name != "style" or _plain_style(value))


def _plain_style(value: str) -> bool:
    """Only properties the allow-list keeps (table alignment, photo placeholders)."""
    declarations = [part for part in value.split(";") if part.strip()]
    return all(":" in part and part.split(":", 1)[0].strip().lower() in STYLE_PROPERTIES
               for part in declarations)


Locate = Callable[[str], tuple[int, int]]  # a pattern -> (line, column) of its next match in the
# body; column 0 when there is none


def sanitize(html: str, has_raw_html: bool, locate: Locate) -> tuple[str, list[tuple[int, int, str]]]:
    """The publishable HTML and a warning (line, col, message) for each thing removed.

    `has_raw_html`: the body held raw HTML (then nh3's serialisation is always used: the
    browser must read exactly what was checked).
    """
    reader = _read(html)
    cleaned = _clean(html)
    warnings: list[tuple[int, int, str]] = []
    for removal in reader.removed:
        for pattern in removal.where:
            line, col = locate(pattern)
            if col:
                break
        warning = (line, col, f"raw HTML removed: {removal.what} {HELP}")
        if warning not in warnings:
            warnings.append(warning)
    if not has_raw_html and not reader.removed and _read(cleaned).tokens == reader.tokens:
        return html, warnings
    return cleaned, warnings
