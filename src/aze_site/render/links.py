"""Link checks: every internal link, in Markdown and in rendered HTML, reaches a page
and its anchor. Linear in the number of links: targets are looked up in sets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from aze_site.errors import Diagnostic

# Each attribute after a space: found by its name (a literal start lets the regular
# expression engine skip ahead; a pattern starting with \s tries every character) and
# then checked for the space before it.
_ID = re.compile(r'id="([^"]+)"')
_URL = r'="([^"#?]*)(?:\?[^"#]*)?(?:#([^"]*))?"'
_LINKS = (re.compile("href" + _URL), re.compile("src" + _URL))


def _after_space(regex: re.Pattern[str], html: str) -> list[re.Match[str]]:
    found, start = [], 0
    while (match := regex.search(html, start)) is not None:
        if match.start() > 0 and html[match.start() - 1].isspace():
            found.append(match)
            start = match.end()
        else:  # 'data-id="..."': look again just after its start, not after its end
            start = match.start() + 1
    return found


@dataclass(frozen=True)
class PageLinks:
    """What a rendered page offers to links (its ids) and what it links to.

    Kept as two strings rather than sets of tuples: the build cache holds one of these
    per page, and tens of thousands of small objects are slow to store and load.
    """

    url: str
    template: str
    id_text: str  # RS id1 RS id2 RS
    link_text: str  # path US fragment RS, for each internal link
    problem: Diagnostic | None = None

    def has_id(self, fragment: str) -> bool:
        return f"{RS}{fragment}{RS}" in self.id_text

    def ids(self) -> frozenset[str]:
        return frozenset(self.id_text.split(RS)) - {""}

    def links(self) -> list[tuple[str, str]]:
        return [tuple(line.split(US, 1)) for line in self.link_text.split(RS) if line]  # type: ignore[misc]


# Separators no address or id holds: control characters never reach a page (a line break
# or a tab may: `href="/a/\nb"`)
RS, US = "\x1e", "\x1f"


def _text(value: str) -> str:
    """An attribute's value as written before escaping (`fn:a&amp;b` is the id `fn:a&b`
    that a body's footnote link names); kept escaped if it would hold a separator."""
    if "&" not in value:
        return value
    text = unescape(value)
    return value if RS in text or US in text else text


def page_links(url: str, template: str, html: str, base_path: str) -> PageLinks:
    ids = RS + RS.join(sorted({_text(m.group(1)) for m in _after_space(_ID, html)})) + RS
    found = set()
    for regex in _LINKS:
        for match in _after_space(regex, html):
            path, fragment = _text(match.group(1)), _text(match.group(2) or "")
            if path.startswith(base_path + "/") and not path.startswith("//"):
                found.add(f"{path[len(base_path):]}{US}{fragment}")
    return PageLinks(url, template, ids, "".join(f"{line}{RS}" for line in sorted(found)))
