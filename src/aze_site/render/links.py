"""Link checks: every internal link, in Markdown and in rendered HTML, reaches a page
and its anchor. Linear in the number of links: targets are looked up in sets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aze_site.errors import Diagnostic

ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'\s(?:href|src)="([^"#?]*)(?:\?[^"#]*)?(?:#([^"]*))?"')


@dataclass(frozen=True)
class PageLinks:
    """What a rendered page offers to links (its ids) and what it links to.

    Kept as two strings rather than sets of tuples: the build cache holds one of these
    per page, and tens of thousands of small objects are slow to store and load.
    """

    url: str
    template: str
    id_text: str  # "\nid1\nid2\n"
    link_text: str  # "path\tfragment\n" for each internal link
    problem: Diagnostic | None = None

    def has_id(self, fragment: str) -> bool:
        return f"\n{fragment}\n" in self.id_text

    def links(self) -> list[tuple[str, str]]:
        return [tuple(line.split("\t", 1)) for line in self.link_text.splitlines()]  # type: ignore[misc]


def page_links(url: str, template: str, html: str, base_path: str) -> PageLinks:
    ids = "\n" + "\n".join(sorted(set(ID.findall(html)))) + "\n"
    found = set()
    for path, fragment in _HREF.findall(html):
        if path.startswith(base_path + "/") and not path.startswith("//"):
            found.add(f"{path[len(base_path):]}\t{fragment}")
    return PageLinks(url, template, ids, "".join(f"{line}\n" for line in sorted(found)))
