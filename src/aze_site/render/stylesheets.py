"""The files a stylesheet asks for (`url(...)`, `@import`), so that a background image or
a font moved or misspelt in static/ is an error at the line, not a blank on the site."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from aze_site.content.yamlsrc import position

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_URL = re.compile(r"""\burl\(\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^)"'\s]*))\s*\)""", re.IGNORECASE)
_IMPORT = re.compile(r"""@import\s+(?:"([^"\n]*)"|'([^'\n]*)')""", re.IGNORECASE)
# Asked for elsewhere, or made by the browser: not a file of the site
_ELSEWHERE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//|#|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    line: int
    col: int
    written: str  # as the stylesheet writes it
    path: str | None  # the file it names, relative to the site's root; None: outside it


def references(rel: str, css: str) -> Iterator[Reference]:
    """The site's own files `css` (the stylesheet at `rel` in the site) asks for: not
    those of other websites, data: addresses or fragments (`url(#clip)`)."""
    css = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), css)  # lines kept
    found = [(m.start(), m.group(1) or m.group(2) or m.group(3) or "")
             for pattern in (_URL, _IMPORT) for m in pattern.finditer(css)]
    for start, written in sorted(found):
        if _ELSEWHERE.match(written.strip()):
            continue
        yield Reference(*position(css, start), written, target(rel, written.strip()))


def target(rel: str, written: str) -> str | None:
    """The site's file an address in the stylesheet at `rel` names (its query and fragment
    left off: `font.woff2?v=2#iefix`), or None where it leads out of the site."""
    path = unquote(written.split("#", 1)[0].split("?", 1)[0])
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(
        posixpath.dirname(rel), path)
    normal = posixpath.normpath(joined)
    return None if normal == ".." or normal.startswith("../") else normal
