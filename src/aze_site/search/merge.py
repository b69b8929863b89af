"""The indexes Pagefind made of parts of the pages, merged into the one it would have made of all.

Every word gets all its pages and locations, every filter value all its pages, every page
its fragment and word count; a part's pages follow the parts before it, so its page
numbers move by their count. A search then answers as from one index (Pagefind's own
`mergeIndex` searches each part apart: a word missing from a part brings that part's pages
for the word's longest known prefix). The words are merged in ranges (`Words`), one
forked process a range: each reads only the parts' chunks that can hold its words.

Pagefind 1.5's files: the meta file is [version, pages [[fragment, word count]], chunks
[[from, to, file]], filters [[name, file]], sort orders, metadata fields]; a filter file
[name, [[value, [page numbers]]]]; the word chunks are read in `chunks`. Sort orders (they
need the pages' values) and parts that disagree on their metadata fields cannot be merged:
`Unmergeable`, and the caller indexes all the pages in one run.
"""

from __future__ import annotations

import gzip
import heapq
import json
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from itertools import accumulate, groupby, pairwise
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from aze_site.search import chunks
from aze_site.search.cbor import SIGNATURE, Unknown, content_name, encode, payload, read
from aze_site.workers import die_with_parent, usable_cores

CHUNK_LOCATIONS = 20000  # Pagefind's size of a word chunk: the locations and pages in it
Range = tuple[str | None, str | None]  # words from the first (None: all) to before the second
# The words are merged in this many ranges at once, on as many cores as there are: a fixed
# number, so an index's bytes never depend on the machine that made it (a chunk ends where
# its range does). Merging was the last few seconds of a cold build, on one core.
RANGES = 2
# zlib level of the word chunks: 5 takes half the time of 6 (a tenth of 9) for 2 % more
# bytes (the 169 chunks of 5,000 sites: 0.36 s, 0.73 s, 3.5 s; a search reads a few)
CHUNK_LEVEL = 5
Part = tuple[Path, dict[str, Any], list[Any]]  # an index folder, its language's entry, meta


class Unmergeable(ValueError):
    """Indexes this module cannot merge into one."""


def merge(indexes: list[Path], output: Path) -> None:
    """Merge the indexes of the parts, in their order, into one at `output`."""
    try:
        entries = [json.loads((i / "pagefind-entry.json").read_text(encoding="utf-8"))
                   for i in indexes]
        languages = sorted({lang for entry in entries for lang in entry["languages"]})
        plans = {lang: [(i, entry["languages"][lang],
                         read(i / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"))
                        for i, entry in zip(indexes, entries, strict=True)
                        if lang in entry["languages"]] for lang in languages}
        for plan in plans.values():
            _check([meta for _, _, meta in plan])
        for folder in ("fragment", "index", "filter"):
            (output / folder).mkdir(parents=True, exist_ok=True)
        _shared_files(indexes, output)
        merged = {lang: _merge_language(lang, plan, output) for lang, plan in plans.items()}
    except (Unknown, KeyError, IndexError, TypeError, ValueError, OSError) as exc:
        raise Unmergeable(str(exc)) from exc  # a file missing from a kept part included
    entry = {**entries[0], "languages": merged}
    (output / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _check(metas: list[Any]) -> None:
    for meta in metas:
        if len(meta) != 6 or meta[4]:
            raise Unmergeable("sort orders, or a meta file of another shape")
        if meta[0] != metas[0][0] or meta[5] != metas[0][5]:
            raise Unmergeable("parts of other versions, or other metadata fields")


def _shared_files(indexes: list[Path], output: Path) -> None:
    """Pagefind's scripts, styles and language files (the same in every part)."""
    for index in indexes:
        for path in index.iterdir():
            if path.is_file() and path.name != "pagefind-entry.json" and \
                    path.suffix != ".pf_meta" and not (output / path.name).exists():
                shutil.move(path, output / path.name)


def _merge_language(lang: str, plan: list[Part], output: Path) -> dict[str, Any]:
    offsets = [0, *accumulate(len(meta[1]) for _, _, meta in plan)][:-1]
    words = Words(lang, plan, offsets, output / "index")  # the later ranges begin now
    try:
        pages = [page for index, _, meta in plan
                 for page in _fragments(lang, index, meta[1], output)]
        chunk_list = words.join()
    finally:
        words.close()
    filters = _write_filters(lang, plan, offsets, output / "filter")
    meta = plan[0][2]
    name = _write(output, f"pagefind.{lang}", ".pf_meta",
                  SIGNATURE + encode([meta[0], pages, chunk_list, filters, [], meta[5]]), 10)
    return {**plan[0][1], "hash": name.removeprefix("pagefind."), "page_count": len(pages)}


def _write(folder: Path, prefix: str, suffix: str, body: bytes, length: int = 7,
           level: int = 9) -> str:
    """Write a file under a name made from its content, as `stable` names them (longer if
    another file has the name)."""
    packed = gzip.compress(body, compresslevel=level, mtime=0)
    while True:
        named = content_name(prefix, body, length)
        path = folder / f"{named}{suffix}"
        if not path.exists():
            path.write_bytes(packed)
            return named
        if length >= 64 or gzip.decompress(path.read_bytes()) == body:  # 64: sha256 in hex
            return named
        length += 1


def _fragments(lang: str, index: Path, pages: list[list[Any]], output: Path) -> list[list[Any]]:
    """A part's pages, their fragments moved into the merged index (under a new name if
    another part has a different fragment under the same one)."""
    names: dict[str, str] = {}
    for fragment, _ in pages:
        if fragment in names:
            continue
        source = index / "fragment" / f"{fragment}.pf_fragment"
        target = output / "fragment" / f"{fragment}.pf_fragment"
        if not target.exists():
            shutil.move(source, target)
            names[fragment] = fragment
            continue
        body = gzip.decompress(source.read_bytes())
        same = gzip.decompress(target.read_bytes()) == body  # the same page text
        names[fragment] = fragment if same else _write(output / "fragment", lang,
                                                       ".pf_fragment", body, 8, level=6)
    return [[names[fragment], count] for fragment, count in pages]


class Words:
    """The words of the parts merged into chunks, in RANGES ranges of words at once: the
    later ranges in forked processes from the start (where the machine has the cores),
    the first here at `join`, which returns the ranges' chunks, in order, as one list."""

    def __init__(self, lang: str, plan: list[Part], offsets: list[int], folder: Path) -> None:
        self.args = (lang, plan, offsets)
        self.folder = folder
        ranges = list(pairwise([None, *_splits(plan), None]))
        self.spare = [folder.with_name(f"{folder.name}-{n}") for n in range(1, len(ranges))]
        self.work = list(zip(ranges, [folder, *self.spare], strict=True))
        self.pool: Pool | None = None
        self.others: list[AsyncResult[list[list[str]]]] = []
        cores = usable_cores()
        if len(self.work) > 1 and cores > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = multiprocessing.get_context("fork").Pool(
                min(len(self.work) - 1, cores), initializer=die_with_parent)
            self.others = [self.pool.apply_async(_range_chunks, (*self.args, *job))
                           for job in self.work[1:]]

    def join(self) -> list[list[str]]:
        made = _range_chunks(*self.args, *self.work[0])
        later = [result.get() for result in self.others] if self.pool is not None else \
            [_range_chunks(*self.args, *job) for job in self.work[1:]]
        for found, elsewhere in zip(later, self.spare, strict=True):
            made += [_moved(self.args[0], chunk, elsewhere, self.folder) for chunk in found]
        for before, after in pairwise(made):
            before[1], after[0] = prefixes(before[1], after[0])
        return made

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        for folder in self.spare:
            shutil.rmtree(folder, ignore_errors=True)


def _splits(plan: list[Part]) -> list[str]:
    """Where the ranges part: among the words the parts' chunks start at (chunks of about
    the same size), at even steps; from the parts alone, so the same parts give the same
    ranges."""
    starts = sorted(start for _, _, meta in plan for start, _, _ in meta[2])
    if not starts:
        return []
    return sorted({starts[len(starts) * n // RANGES] for n in range(1, RANGES)} - {starts[0]})


def _range_chunks(lang: str, plan: list[Part], offsets: list[int], words: Range,
                  folder: Path) -> list[list[str]]:
    folder.mkdir(parents=True, exist_ok=True)
    return _write_words(lang, _all_words(plan, offsets, words), folder)


def _moved(lang: str, chunk: list[str], source: Path, folder: Path) -> list[str]:
    """A chunk of a later range moved in beside the first range's (renamed, as `_write`
    names files, if one of those has its name and other words)."""
    path = source / f"{chunk[2]}.pf_index"
    target = folder / path.name
    if not target.exists():
        os.replace(path, target)
        return chunk
    body = gzip.decompress(path.read_bytes())
    length = len(chunk[2]) - len(lang) - 1
    name = _write(folder, lang, ".pf_index", body, length, level=CHUNK_LEVEL)
    return [chunk[0], chunk[1], name]


def _part_words(index: Path, meta: list[Any], offset: int, words: Range) -> Iterator[chunks.Word]:
    """A part's words in the range, from the chunks that can hold them: a chunk holds the
    words from where it starts to where the next one starts (checked in every chunk read,
    and every chunk is read in some range)."""
    lo, hi = words
    listed = meta[2]
    for n, (start, _, file) in enumerate(listed):
        end = listed[n + 1][0] if n + 1 < len(listed) else None
        if (hi is not None and start >= hi) or (lo is not None and end is not None and end <= lo):
            continue
        for word in chunks.words(payload(index / "index" / f"{file}.pf_index"), offset):
            if word.text < start or (end is not None and word.text >= end):
                raise Unknown(f"{file}: the word '{word.text}' is outside its chunk")
            if (lo is None or word.text >= lo) and (hi is None or word.text < hi):
                yield word


def _all_words(plan: list[Part], offsets: list[int], words: Range) -> Iterator[chunks.Word]:
    """Every word of the parts in the range, in order (Pagefind's: by code point), the
    same word of several parts made one, its pages in the parts' order."""
    streams = [_part_words(index, meta, offset, words)
               for (index, _, meta), offset in zip(plan, offsets, strict=True)]
    for _, same in groupby(heapq.merge(*streams, key=lambda w: w.text), key=lambda w: w.text):
        first, *others = same
        if not others:
            yield first
            continue
        pages = list(first.pages)
        variants = {text: list(found) for text, found in first.variants}
        for other in others:
            pages += other.pages
            for text, found in other.variants:
                variants.setdefault(text, []).extend(found)
        yield chunks.Word(first.text, pages, sum(o.locations for o in (first, *others)),
                          list(variants.items()))


def _write_words(lang: str, words: Iterator[chunks.Word], folder: Path) -> list[list[str]]:
    """The words in chunks of about CHUNK_LOCATIONS, as Pagefind cuts them: [first word,
    last word, file] each (`Words.join` makes the bounds the shortest prefixes that tell
    a chunk from its neighbours)."""
    made: list[list[str]] = []
    chunk: list[chunks.Word] = []
    size = 0
    for word in words:
        chunk.append(word)
        size += word.locations
        if size >= CHUNK_LOCATIONS:
            made.append(_write_chunk(lang, chunk, folder))
            chunk, size = [], 0
    if chunk:
        made.append(_write_chunk(lang, chunk, folder))
    return made


def _write_chunk(lang: str, words: list[chunks.Word], folder: Path) -> list[str]:
    name = _write(folder, lang, ".pf_index", SIGNATURE + chunks.chunk(words), level=CHUNK_LEVEL)
    return [words[0].text, words[-1].text, name]


def prefixes(last: str, first: str) -> tuple[str, str]:
    """The bounds between two chunks: their words cut one letter past their common prefix."""
    common = 0
    for a, b in zip(last, first, strict=False):
        if a != b:
            break
        common += 1
    return last[:common + 1], first[:common + 1]


def _write_filters(lang: str, plan: list[Part], offsets: list[int],
                   folder: Path) -> list[list[str]]:
    """Every filter with every value's pages from all parts (values in sorted order, as
    `stable` puts them)."""
    values: dict[str, dict[str, list[int]]] = {}
    for (index, _, meta), offset in zip(plan, offsets, strict=True):
        for name, file in meta[3]:
            _, found = read(index / "filter" / f"{file}.pf_filter")
            into = values.setdefault(name, {})
            for value, pages in found:
                into.setdefault(value, []).extend(page + offset for page in pages)
    return [[name, _write(folder, lang, ".pf_filter",
                          SIGNATURE + encode([name, [[v, p] for v, p in sorted(by.items())]]))]
            for name, by in sorted(values.items())]
