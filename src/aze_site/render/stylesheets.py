"""The files a stylesheet asks for (`url(...)`, `@import`, `image-set(...)`), so that a
background image or a font moved or misspelt in static/ is an error at the line, not a
blank on the site."""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from aze_site.content.yamlsrc import line_breaks, position_among

# A comment, a string, or an address: url(...) holding a string or written bare, and
# the strings of @import and image-set(); what else a string says (`content: "url(x)"`)
# is text
_DOUBLE = r'"(?:[^"\\\n]|\\.)*"'
_SINGLE = r"'(?:[^'\\\n]|\\.)*'"
# A hex escape takes one whitespace after it as its end (`f\61 v.png` is fav.png); CSS
# reads \r\n as one
_HEX = r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?"
_TOKENS = re.compile(r"/\*.*?(?:\*/|\Z)"
                     rf"|\burl\(\s*(?=[^\"'\s])(?P<bare>(?:[^)\\\s\"']|{_HEX}|\\.)*)\s*\)"
                     rf"|(?:\burl\(|@import|\bimage-set\()?\s*(?P<str>{_DOUBLE}|{_SINGLE})",
                     re.IGNORECASE | re.DOTALL)
_ESCAPE = re.compile(rf"{_HEX}|\\(.)", re.DOTALL)
# Asked for elsewhere, or made by the browser: not a file of the site
_ELSEWHERE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//|#|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    line: int
    col: int
    written: str  # the address, its escapes read
    path: str | None  # the file it names, relative to the site's root; None: outside it


def references(rel: str, css: str) -> Iterator[Reference]:
    """The site's own files `css` (the stylesheet at `rel` in the site) asks for: not
    those of other websites, data: addresses or fragments (`url(#clip)`)."""
    css = css.removeprefix("\ufeff")
    # Where lines and image-set( start, found once: looked for back from each address, a
    # stylesheet of 20,000 took seconds (100,000, a minute)
    newlines = line_breaks(css)
    in_image_set = _ImageSets(css.lower())  # image-set( is written in any case
    for found in _TOKENS.finditer(css):
        if found.group("bare") is not None:
            written, at = found.group("bare"), found.start()
        elif found.group("str") is not None and css[found.start()] in "uUiI@":
            written, at = found.group("str")[1:-1], found.start()  # url("..."), @import
        elif found.group("str") is not None and in_image_set(found.start("str")):
            written, at = found.group("str")[1:-1], found.start("str")
        else:
            continue  # a comment, or a string of text
        address = _unescaped(written).strip()
        if not _ELSEWHERE.match(address):
            yield Reference(*position_among(newlines, at), address, target(rel, address))


class _ImageSets:
    """Whether a string at a place of a (lower-cased) stylesheet is inside an image-set()'s
    parentheses, asked in the order of the places: the parentheses after each image-set(
    are counted once."""

    def __init__(self, css: str) -> None:
        self.css = css
        self.opens = [found.start() for found in re.finditer(re.escape(_IMAGE_SET), css)]
        self.opened, self.counted, self.depth = -1, 0, 0

    def __call__(self, start: int) -> bool:
        last = bisect.bisect_right(self.opens, start - len(_IMAGE_SET)) - 1
        if last < 0:
            return False
        if self.opens[last] != self.opened:
            self.opened, self.counted, self.depth = self.opens[last], self.opens[last], 0
        between = self.css[self.counted:start]
        self.depth += between.count("(") - between.count(")")
        self.counted = start
        return self.depth > 0


_IMAGE_SET = "image-set("


def _unescaped(written: str) -> str:
    """An address as CSS reads it: `\\2e` is '.', `\\"` is '"'; a code point that is none
    (zero, a surrogate, past U+10FFFF) is U+FFFD, as CSS reads it."""
    return _ESCAPE.sub(lambda m: _code_point(int(m.group(1), 16)) if m.group(1) else m.group(2),
                       written)


def _code_point(code: int) -> str:
    return "\ufffd" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def target(rel: str, written: str) -> str | None:
    """The site's file an address in the stylesheet at `rel` names (its query and fragment
    left off: `font.woff2?v=2#iefix`), or None where it leads out of the site."""
    path = unquote(written.split("#", 1)[0].split("?", 1)[0])
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(
        posixpath.dirname(rel), path)
    normal = posixpath.normpath(joined)
    return None if normal == ".." or normal.startswith("../") else normal


def decoded(data: bytes) -> str:
    """A stylesheet's text: UTF-8, or the encoding its `@charset` names (CSS's rule), or
    Latin-1."""
    found = re.match(rb'(?:\xef\xbb\xbf)?@charset "([\w\-]+)";', data)
    for encoding in (found.group(1).decode() if found else "utf-8", "utf-8", "latin-1"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")
