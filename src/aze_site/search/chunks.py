"""Pagefind's word chunks read and written as bytes, without making an object of every number.

A chunk (`index/*.pf_index`, after its signature) is CBOR: [[word, ...]], a word being
[text, pages, variants], a variant [text, pages], a page [number, locations, metadata
locations] (integers; a negative one changes the weight of the locations after it). A
word's pages are in ascending order, each numbered by its distance from the one before
(the first by its number), so a merge rewrites the first page of each part's list alone
and keeps the rest as Pagefind wrote it; reading a list walks its integers by their first
byte (a few million in a big index; decoding them all into Python objects took ten times
as long).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from aze_site.search.cbor import Unknown, head

# How many bytes an integer takes, by its first byte; any other item: past every end.
_BEYOND = 1 << 62
_SIZE = [_BEYOND] * 256
for _major in (0, 1):
    for _info in range(28):
        _SIZE[_major << 5 | _info] = 1 if _info < 24 else 1 + (1 << (_info - 24))


class Pages(NamedTuple):
    """A word's pages, in ascending order: Pagefind writes the first page's number and then
    each page's distance from the one before; the bytes after the first number are kept."""

    first: int  # the first page's number (in the merged index)
    last: int  # the last page's number
    length: int  # how many pages
    head: bytes  # the first page after its number: [locations, metadata locations]
    rest: bytes  # the other pages, as written


class Word(NamedTuple):
    text: str
    pages: list[Pages]  # one list a part the word is in, in the parts' order
    locations: int  # how many locations and pages it holds (Pagefind's measure of a chunk)
    variants: list[tuple[str, list[Pages]]]


def _head(data: bytes, i: int, major: int) -> tuple[int, int]:
    """The argument of the item at `i`, which must be of `major` type; and what follows."""
    first = data[i]
    if first >> 5 != major:
        raise Unknown(f"CBOR major type {first >> 5} where {major} was expected")
    info = first & 31
    if info < 24:
        return info, i + 1
    if info > 27:
        raise Unknown(f"CBOR additional information {info}")
    size = 1 << (info - 24)
    return int.from_bytes(data[i + 1:i + 1 + size], "big"), i + 1 + size


def _text(data: bytes, i: int) -> tuple[str, int]:
    length, i = _head(data, i, 3)
    return data[i:i + length].decode("utf-8"), i + length


def _skip_page(data: bytes, i: int) -> tuple[int, int, int, int]:
    """The page at `i`: its number (or distance), where its locations start, its end, and
    how many locations it has. (The small numbers and lists most pages have are read
    inline: this runs a million times at 5,000 pages.)"""
    if data[i] != 0x83:
        raise Unknown("a page is not [number, locations, metadata locations]")
    number = data[i + 1]
    after = i + 2
    if number >= 24:
        number, after = _head(data, i + 1, 0)
    size = _SIZE
    n = data[after] - 0x80
    j = after + 1
    if not 0 <= n < 24:
        n, j = _head(data, after, 4)
    locations = n
    for _ in range(n):
        j += size[data[j]]
    n = data[j] - 0x80
    j += 1
    if not 0 <= n < 24:
        n, j = _head(data, j - 1, 4)
    for _ in range(n):
        j += size[data[j]]
    return number, after, j, locations


def _pages(data: bytes, i: int, offset: int) -> tuple[Pages | None, int, int]:
    """The pages at `i`, their numbers moved by `offset`; their locations; what follows."""
    count, i = _head(data, i, 4)
    if not count:
        return None, 0, i
    first, after, i, locations = _skip_page(data, i)
    head_end = i
    last = first
    for _ in range(count - 1):
        distance, _, i, found = _skip_page(data, i)
        last += distance
        locations += found
    return (Pages(first + offset, last + offset, count, data[after:head_end], data[head_end:i]),
            locations + count, i)


def words(data: bytes, offset: int = 0) -> Iterator[Word]:
    """The words of a chunk (without its signature), page numbers moved by `offset`."""
    try:
        if data[0] != 0x81:
            raise Unknown("a chunk is not [words]")
        count, i = _head(data, 1, 4)
        for _ in range(count):
            if data[i] != 0x83:
                raise Unknown("a word is not [text, pages, variants]")
            text, i = _text(data, i + 1)
            pages, locations, i = _pages(data, i, offset)
            n, i = _head(data, i, 4)
            variants = []
            for _ in range(n):
                if data[i] != 0x82:
                    raise Unknown("a variant is not [text, pages]")
                variant, i = _text(data, i + 1)
                variant_pages, _, i = _pages(data, i, offset)
                variants.append((variant, [variant_pages] if variant_pages else []))
            yield Word(text, [pages] if pages else [], locations, variants)
    except IndexError as exc:
        raise Unknown("a chunk ends too soon") from exc
    if i != len(data):
        raise Unknown("a chunk goes on after its words")


def uint(value: int) -> bytes:
    return head(0, value)


def _text_bytes(text: str) -> bytes:
    raw = text.encode("utf-8")
    return head(3, len(raw)) + raw


def _pages_bytes(lists: list[Pages]) -> bytes:
    """Pages from several parts as one list: the first page of each part's list written
    as its distance from the last page of the list before it."""
    parts = [head(4, sum(pages.length for pages in lists))]
    before = 0
    for pages in lists:
        parts += (b"\x83", uint(pages.first - before), pages.head, pages.rest)
        before = pages.last
    return b"".join(parts)


def chunk(chunk_words: list[Word]) -> bytes:
    """A chunk of these words (without its signature)."""
    parts = [b"\x81", head(4, len(chunk_words))]
    for word in chunk_words:
        parts += (b"\x83", _text_bytes(word.text), _pages_bytes(word.pages),
                  head(4, len(word.variants)))
        for variant, pages in word.variants:
            parts += (b"\x82", _text_bytes(variant), _pages_bytes(pages))
    return b"".join(parts)
