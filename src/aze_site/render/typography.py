"""Typographic quotes, dashes and ellipses: what Python-Markdown's `smarty` makes, cheaper.

`smarty` runs a second inline processor over every text of the page, trying each of its
twenty patterns on each text node through Python-Markdown's general machinery; it was
half of the time Markdown took for a body. `Typography` applies the same patterns in the
same order with the same rules (a replaced piece becomes an opaque placeholder that the
later patterns see as STX...ETX, so their look-behinds read what `smarty`'s read), but
only the patterns whose characters occur in the text at all. The HTML is byte for byte
what `smarty` writes (tests/test_typography.py compares the two on generated text).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

_PUNCT = r"""[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]"""
_CLOSE = r"[^\ \t\r\n\[\{\(\-\u0002\u0003]"
_OPENING = r"(\s|&nbsp;|--|\u2013|\u2014|&[mn]dash;|&#8211;|&#8212;)"  # en, em dash

MDASH, NDASH, HELLIP = "&mdash;", "&ndash;", "&hellip;"
LSQUO, RSQUO, LDQUO, RDQUO = "&lsquo;", "&rsquo;", "&ldquo;", "&rdquo;"

# (needles that must all be in the text, pattern, replacement: entities, or 1 for group 1),
# in smarty's order: dashes (priority 50, 45), quotes (30 down to 16), ellipses (10).
_RULES: tuple[tuple[tuple[str, ...], str, tuple[int | str, ...]], ...] = (
    (("---",), r"(?<!-)---(?!-)", (MDASH,)),
    (("--",), r"(?<!-)--(?!-)", (NDASH,)),
    (("'",), rf"^'(?={_PUNCT}\B)", (RSQUO,)),
    (('"',), rf'^"(?={_PUNCT}\B)', (RDQUO,)),
    (('"\'',), r""""'(?=\w)""", (LDQUO, LSQUO)),
    (("'\"",), r"""'"(?=\w)""", (LSQUO, LDQUO)),
    (("'\"",), rf"(?<={_CLOSE})'\"", (RSQUO, RDQUO)),
    (('"\'',), rf"(?<={_CLOSE})\"'", (RDQUO, RSQUO)),
    (("'",), r"(?<!\w)'(?=\d{2}s)", (RSQUO,)),
    (("'",), rf"{_OPENING}'(?=\w)", (1, LSQUO)),
    (("'",), rf"(?<={_CLOSE})'(?!\s|s\b|\d)", (RSQUO,)),
    (("'",), r"'(\s|s\b)", (RSQUO, 1)),
    (("'",), r"'", (LSQUO,)),
    (('"',), rf'{_OPENING}"(?=\w)', (1, LDQUO)),
    (('"',), r'"(?=\s)', (RDQUO,)),
    (('"',), rf'(?<={_CLOSE})"', (RDQUO,)),
    (('"',), r'"', (LDQUO,)),
    (("...",), r"(?<!\.)\.{3}(?!\.)", (HELLIP,)),
)
_COMPILED = tuple((needles, re.compile(pattern, re.DOTALL), parts)
                  for needles, pattern, parts in _RULES)
_TRIGGERS = ("'", '"', "--", "...")
_PIECE = re.compile("\u0002\ue000(\\d+)\u0003")  # our placeholder; smarty's look the same outside


class _Educator:
    """The rules applied to one text, each replaced piece kept aside until the end."""

    def __init__(self, store: markdown.util.HtmlStash) -> None:
        self.store = store
        self.pieces: list[str] = []

    def text(self, data: str) -> str:
        for needles, regex, parts in _COMPILED:
            if all(needle in data for needle in needles):
                data = self._apply(regex, parts, data)
        return _PIECE.sub(lambda m: self.pieces[int(m.group(1))], data) if self.pieces else data

    def _apply(self, regex: re.Pattern[str], parts: tuple[int | str, ...], data: str) -> str:
        start = 0
        while (match := regex.search(data, start)) is not None:
            piece = "".join(match.group(part) if isinstance(part, int) else self.store.store(part)
                            for part in parts)
            placeholder = f"\u0002\ue000{len(self.pieces)}\u0003"
            self.pieces.append(piece)
            data = data[:match.start()] + placeholder + data[match.end():]
            start = match.start() + len(placeholder)
        return data


def _texts(root: etree.Element) -> Iterator[tuple[etree.Element, str]]:
    """Every element below the root, with 'text' and 'tail' where they hold markup-free text
    (smarty's inline processor visits exactly these)."""
    for element in root.iter():
        if element is root:
            continue
        if element.text and not isinstance(element.text, AtomicString):
            yield element, "text"
        if element.tail and not isinstance(element.tail, AtomicString):
            yield element, "tail"


class _Typographer(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element, attr in list(_texts(root)):
            value: str = getattr(element, attr)
            if any(trigger in value for trigger in _TRIGGERS):
                setattr(element, attr, _Educator(self.md.htmlStash).text(value))


class Typography(Extension):
    """Registered where smarty registers (after the inline patterns and abbreviations,
    before the table of contents), and like it lets `\\"` and `\\'` stay straight."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Typographer(md), "smarty", 6)
        md.ESCAPED_CHARS.extend(['"', "'"])
