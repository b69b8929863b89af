"""The site index in pages, once the catalogue is too big for one table.

Up to PAGED_ABOVE sites, /sites/ is one table of every site. Above it, /sites/ holds the
first SITES_PER_PAGE sites (by name, as the catalogue sorts them) and a pager links the
static pages /sites/page/2/, /sites/page/3/, ... each with its slice, so every site is
reachable in a table without JavaScript. With JavaScript, the filters of the index work
on the map data of every site (static/js/filters.js), not on the rows of one page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

PAGED_ABOVE = 1_000  # more sites than this: the index is paged (the real catalogue has 853)
SITES_PER_PAGE = 500
INDEX_URL = "/sites/"
WINDOW = 2  # numbered links either side of the current page

T = TypeVar("T")


def page_count(total: int) -> int:
    """How many pages the index has: 1 up to PAGED_ABOVE sites."""
    if total <= PAGED_ABOVE:
        return 1
    return -(-total // SITES_PER_PAGE)


def page_url(number: int) -> str:
    return INDEX_URL if number <= 1 else f"{INDEX_URL}page/{number}/"


def page_urls(total: int) -> list[str]:
    """The URLs of the index's pages, first /sites/."""
    return [page_url(n) for n in range(1, page_count(total) + 1)]


def page_number(key: str) -> int:
    """The page number of a PageSpec key ('' for the first page)."""
    return int(key) if key else 1


def page_slice(items: Sequence[T], number: int) -> Sequence[T]:
    """The items on page `number` (all of them when the index is not paged)."""
    if page_count(len(items)) == 1:
        return items
    start = (number - 1) * SITES_PER_PAGE
    return items[start : start + SITES_PER_PAGE]


@dataclass(frozen=True)
class PagerLink:
    number: int | None  # None: a gap (…) between numbered links
    url: str = ""
    current: bool = False
    far: bool = False  # at the window's edge: left out on narrow screens


@dataclass(frozen=True)
class Pager:
    """Where one page of the index sits among the others, for the template's pager."""

    number: int
    count: int
    first: int  # 1-based position of its first site in the whole list
    last: int
    total: int
    per_page: int
    prev_url: str | None
    next_url: str | None
    links: tuple[PagerLink, ...]


def pager(number: int, total: int) -> Pager | None:
    """The pager of page `number`, or None when the index is one page."""
    count = page_count(total)
    if count == 1:
        return None
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    links: list[PagerLink] = []
    for n in shown:
        if links and links[-1].number is not None and n - links[-1].number > 1:
            links.append(PagerLink(None) if n - links[-1].number > 2  # no gap of one page
                         else PagerLink(n - 1, page_url(n - 1)))
        links.append(PagerLink(n, page_url(n), n == number))
    gaps = {i for i, link in enumerate(links) if link.number is None}
    links = [dataclasses.replace(link, far=True)  # hidden, it widens the gap beside it
             if link.number is not None and 1 < link.number < count
             and abs(link.number - number) >= WINDOW
             and (i - 1 in gaps or i + 1 in gaps) else link for i, link in enumerate(links)]
    first = (number - 1) * SITES_PER_PAGE + 1
    return Pager(number, count, first, min(total, number * SITES_PER_PAGE), total, SITES_PER_PAGE,
                 page_url(number - 1) if number > 1 else None,
                 page_url(number + 1) if number < count else None, tuple(links))
