"""The search index made in parts and merged answers exactly as one Pagefind run over all the pages.

Each index is read back into what a search sees (every word with its pages' addresses,
locations and variants; every filter value with its pages; every page's word count), by
the generic CBOR decoder, not by the byte-level reader the merge uses.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITE_YAML, MakeSite, deadline

from aze_site.build import BuildOptions, build, search
from aze_site.publish import folders
from aze_site.search import chunks, merge, pagefind, parts
from aze_site.search.cbor import SIGNATURE, Unknown, decode, encode

LANGS = SITE_YAML.replace("language: en\n", "languages: [en, es]\n")


def _value(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE)
    value, end = decode(raw, len(SIGNATURE))
    assert end == len(raw)
    return value


def _absolute(pages: list[list[Any]]) -> list[tuple[int, list[Any]]]:
    """Pagefind numbers a word's pages by their distance from the page before."""
    number, found = 0, []
    for page in pages:
        number += page[0]
        found.append((number, page))
    return found


def searchable(bundle: Path) -> dict[str, Any]:
    """What a search of each language sees in the index at `bundle`."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    seen: dict[str, Any] = {}
    for lang, info in entry["languages"].items():
        meta = _value(bundle / f"pagefind.{info['hash']}.pf_meta")
        urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{h}.pf_fragment")
                                           .read_bytes())[len(SIGNATURE):])["url"]
                for h, _ in meta[1]]

        def pages(listed: list[list[Any]], urls: list[str] = urls) -> list[Any]:
            return sorted((urls[n], page[1], page[2]) for n, page in _absolute(listed))

        words = {}
        for _, _, name in meta[2]:
            for text, listed, variants in _value(bundle / "index" / f"{name}.pf_index")[0]:
                words[text] = (pages(listed), sorted((v, pages(p)) for v, p in variants))
        filters = {name: {value: sorted(urls[p] for p in listed)
                          for value, listed in _value(bundle / "filter" / f"{f}.pf_filter")[1]}
                   for name, f in meta[3]}
        seen[lang] = {"pages": sorted(zip(urls, (c for _, c in meta[1]), strict=True)),
                      "words": words, "filters": filters, "fields": meta[5],
                      "count": info["page_count"]}
    return seen


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    """The shipped site's indexed pages (four languages), built without search."""
    root = tmp_path_factory.mktemp("shipped")
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    build(BuildOptions(root=root, jobs=1, search=False))
    public = root / "public"
    return sorted((p.relative_to(public).as_posix(), p) for p in public.rglob("*.html")
                  if b"data-pagefind-body" in p.read_bytes())


def _one_run(pages: list[tuple[str, Path]], tmp: Path) -> Path:
    folders.fill_tree(tmp / "whole", pages)
    parts.run(parts.executable(), tmp / "whole", tmp / "one", tmp)
    return tmp / "one"


def _listed(pages: list[tuple[str, Path]]) -> list[pagefind.Page]:
    """The pages as a build lists them to the indexer: each with the digest of its bytes."""
    return [(rel, str(path), hashlib.sha256(path.read_bytes()).hexdigest())
            for rel, path in pages]


def _in_parts(pages: list[tuple[str, Path]], tmp: Path, size: int,
              kept: Path | None = None) -> Path:
    (tmp / "scratch").mkdir(parents=True)
    parts.index(_listed(pages), tmp / "parted", tmp / "merged", tmp / "scratch", kept, size)
    return tmp / "merged"


def test_parts_merged_answer_as_one_run(shipped: list[tuple[str, Path]], tmp_path: Path) -> None:
    assert len(shipped) > 100 and len({rel.split("/")[0] for rel, _ in shipped}) > 4
    one = searchable(_one_run(shipped, tmp_path))
    merged_bundle = _in_parts(shipped, tmp_path, 10)
    assert len(list((tmp_path / "parted").iterdir())) == -(-len(shipped) // 10)
    merged = searchable(merged_bundle)
    assert set(merged) == {"en", "es", "fr", "pt"}
    for lang in one:
        assert merged[lang] == one[lang], lang
    # a rare word (stemmed): the pages that hold it, and no others (Pagefind's mergeIndex
    # brought every part's pages for the word's longest known prefix)
    assert [url for url, _, _ in merged["en"]["words"]["ararip"][0]] == \
        ["/news/new-website/", "/sites/chapada-do-araripe/"]
    assert (merged_bundle / "pagefind.js").is_file()
    assert (merged_bundle / "wasm.en.pagefind").is_file()


def test_merging_is_stable(shipped: list[tuple[str, Path]], tmp_path: Path) -> None:
    first = _in_parts(shipped[:40], tmp_path / "a", 7)
    second = _in_parts(shipped[:40], tmp_path / "b", 7)
    files = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    assert files == {p.relative_to(second): p.read_bytes() for p in second.rglob("*")
                     if p.is_file()}


def _wordy_pages(folder: Path, count: int) -> list[tuple[str, Path]]:
    """Pages of many words each (some 900 distinct): a part of a few dozen of them is
    several of Pagefind's chunks, as the parts of a big site are."""
    syllables = ["ba", "ko", "mi", "ru", "te", "zu", "lo", "fa", "ne", "qi"]
    vocabulary = [a + b + c for a in syllables for b in syllables for c in syllables[:9]]
    pages = []
    for n in range(count):
        text = " ".join(vocabulary[(n * 37 + i * 11) % len(vocabulary)] for i in range(500))
        path = folder / f"p{n:03d}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(f'<html lang="en"><body><main data-pagefind-body><h1>Page {n}</h1>'
                        f"<p>{text}</p></main></body></html>", encoding="utf-8")
        pages.append((f"p{n:03d}/index.html", path))
    return pages


def test_words_merged_in_ranges_answer_as_one_run_and_never_depend_on_the_cores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _wordy_pages(tmp_path / "pages", 90)
    one = searchable(_one_run(pages, tmp_path))
    splits: list[list[str]] = []
    real = merge._splits

    def spied(plan: list[merge.Part]) -> list[str]:
        splits.append(real(plan))
        return splits[-1]

    monkeypatch.setattr(merge, "_splits", spied)
    forked = _in_parts(pages, tmp_path / "a", 30)
    assert splits and splits[0]  # parted into ranges
    assert searchable(forked) == one
    listed = _value(next(forked.glob("*.pf_meta")))[2]
    words = [[word[0] for word in _value(forked / "index" / f"{name}.pf_index")[0]]
             for _, _, name in listed]
    assert len(words) > 3
    flat = [word for chunk in words for word in chunk]
    assert flat == sorted(set(flat))  # each word once, in order, across the ranges
    for (start, end, _), chunk in zip(listed, words, strict=True):
        assert chunk[0].startswith(start) and chunk[-1].startswith(end)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # each range in turn, here
    alone = _in_parts(pages, tmp_path / "b", 30)
    files = {p.relative_to(forked): p.read_bytes() for p in forked.rglob("*") if p.is_file()}
    assert files == {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*")
                     if p.is_file()}
    assert not any(p.name.startswith("index-") for p in alone.iterdir())


def test_a_word_outside_its_chunk_makes_the_parts_unmergeable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranges skip the chunks that start past them: a chunk that holds a word before
    where it says it starts is refused (and the pages are then indexed in one run)."""
    pages = _wordy_pages(tmp_path / "pages", 30)
    folders.fill_tree(tmp_path / "site" / "0", pages)
    parts.run(parts.executable(), tmp_path / "site" / "0", tmp_path / "idx", tmp_path)
    meta = next((tmp_path / "idx").glob("*.pf_meta"))
    value = _value(meta)
    assert len(value[2]) > 1
    value[2][1][0] = value[2][1][0] + "zzz"  # the second chunk says it starts later
    meta.write_bytes(gzip.compress(SIGNATURE + encode(value), mtime=0))
    with pytest.raises(merge.Unmergeable):
        merge.merge([tmp_path / "idx"], tmp_path / "out")


def test_sort_orders_are_indexed_in_one_run(tmp_path: Path) -> None:
    """Sort orders need the pages' values, which a merge does not have: one run instead."""
    pages = []
    for n in range(5):
        path = tmp_path / "pages" / f"p{n}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(f'<html lang="en"><body data-pagefind-body><h1>Page {n}</h1>'
                        f'<p data-pagefind-sort="rank">{5 - n}</p> frogs</body></html>',
                        encoding="utf-8")
        pages.append((f"p{n}/index.html", path))
    index = searchable(_in_parts(pages, tmp_path, 2))["en"]
    assert [url for url, _, _ in index["words"]["frog"][0]] == [f"/p{n}/" for n in range(5)]
    meta = next((tmp_path / "merged").glob("*.pf_meta"))
    assert _value(meta)[4][0][0] == "rank"


def test_chunk_bytes_round_trip_and_move_page_numbers() -> None:
    word = ["frog", [[3, [-25, 4, 2], []], [2, [7], [-1, 0]]], [["frög", [[5, [1], []]]]]]
    data = encode([[word]])
    read = list(chunks.words(data))
    assert chunks.chunk(read) == data
    (moved,) = chunks.words(data, offset=100)
    assert moved.pages[0].first == 103 and moved.pages[0].last == 105
    assert decode(chunks.chunk([moved]), 0)[0] == [[["frog", [[103, [-25, 4, 2], []],
                                                               [2, [7], [-1, 0]]],
                                                      [["frög", [[105, [1], []]]]]]]]
    # two parts' lists of one word: the second's first page counted from the first's last
    joined = chunks.Word("frog", [*read[0].pages, *moved.pages], 0, [])
    assert decode(chunks.chunk([joined]), 0)[0][0][0][1] == \
        [[3, [-25, 4, 2], []], [2, [7], [-1, 0]], [98, [-25, 4, 2], []], [2, [7], [-1, 0]]]


@pytest.mark.parametrize("data", [
    encode([[["frog", [[1, ["x"], []]], []]]]),  # a location that is not a number
    encode([[["frog", [[1, [2]]], []]]]),  # a page of two items
    encode([[["frog", [[1, [2], []]], []]]])[:-2],  # cut short
    encode([[["frog", [], []]]]) + b"\x00",  # more after the words
])
def test_chunks_of_another_shape_are_refused(data: bytes) -> None:
    with pytest.raises(Unknown):
        list(chunks.words(data))


def test_bounds_between_chunks_are_the_shortest_telling_prefixes() -> None:
    assert merge.prefixes("frog", "frond") == ("frog", "fron")
    assert merge.prefixes("ant", "bee") == ("a", "b")
    assert merge.prefixes("19", "1957") == ("19", "195")


def test_an_index_after_an_edit_runs_pagefind_on_the_changed_part_alone(
        shipped: list[tuple[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = []
    for rel, path in shipped[:60]:  # six parts of ten
        copy = tmp_path / "pages" / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        pages.append((rel, copy))
    kept = tmp_path / "kept"
    kept.mkdir()
    ran: list[str] = []
    real = parts.run

    def counted(command: list[str], site: Path, output: Path, cwd: Path) -> None:
        ran.append(site.name)
        real(command, site, output, cwd)

    monkeypatch.setattr(parts, "run", counted)
    _in_parts(pages, tmp_path / "first", 10, kept)
    assert sorted(ran) == ["0", "1", "2", "3", "4", "5"]
    edited = pages[25][1]  # in part 2
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "</main>", "<p>Quokkaberries grow here.</p></main>", 1), encoding="utf-8")
    ran.clear()
    second = searchable(_in_parts(pages, tmp_path / "second", 10, kept))
    assert ran == ["2"]
    assert len(list(kept.iterdir())) == 6  # the old index of part 2 is forgotten
    monkeypatch.setattr(parts, "run", real)
    assert second == searchable(_one_run(pages, tmp_path / "one"))
    (language,) = {lang for lang, seen in second.items() if "quokkaberri" in seen["words"]}
    assert [url for url, _, _ in second[language]["words"]["quokkaberri"][0]] == \
        ["/" + pages[25][0].removesuffix("index.html")]


def test_a_part_listed_in_another_order_is_indexed_again(
        shipped: list[tuple[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind numbers pages in the order the file system lists them (on ext4 a hash
    seeded per disk): a kept part made where folders list otherwise (a cache restored on
    another machine) is not the index made here, and is not reused."""
    pages = shipped[:30]
    kept = tmp_path / "kept"
    kept.mkdir()
    ran: list[str] = []
    real_run, real_walk = parts.run, os.walk

    def counted(command: list[str], site: Path, output: Path, cwd: Path) -> None:
        ran.append(site.name)
        real_run(command, site, output, cwd)

    def listed_backwards(top: Any, *args: Any, **kwargs: Any) -> Any:
        for folder, dirs, names in real_walk(top, *args, **kwargs):
            dirs.reverse()
            yield folder, dirs, names[::-1]

    monkeypatch.setattr(parts, "run", counted)
    _in_parts(pages, tmp_path / "first", 10, kept)
    _in_parts(pages, tmp_path / "again", 10, kept)
    assert sorted(ran) == ["0", "1", "2"]  # the same listing: every part reused
    monkeypatch.setattr(os, "walk", listed_backwards)
    _in_parts(pages, tmp_path / "elsewhere", 10, kept)
    assert sorted(ran) == ["0", "0", "1", "1", "2", "2"]


def test_a_kept_index_is_found_only_on_a_disk_that_lists_folders_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = search.cache_folder(tmp_path, 12345)
    assert here == search.cache_folder(tmp_path, 12345)  # the probe is made once, kept
    assert sorted(os.listdir(tmp_path / "search" / search.ORDER_PROBE)) == \
        list(search.PROBE_NAMES)
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path: real(path)[::-1])
    assert search.cache_folder(tmp_path, 12345) != here
    (tmp_path / "search" / search.ORDER_PROBE / "probe-007").unlink()  # damaged: made again
    monkeypatch.setattr(os, "listdir", real)
    assert search.cache_folder(tmp_path, 12345) == here


def test_a_damaged_kept_part_is_indexed_again(shipped: list[tuple[str, Path]],
                                               tmp_path: Path) -> None:
    """The parts' cache never makes an index fail or answer wrongly: a kept part with a
    file missing is not merged; all the pages are indexed in one run, the cache emptied."""
    pages = shipped[:30]
    kept = tmp_path / "kept"
    kept.mkdir()
    _in_parts(pages, tmp_path / "first", 10, kept)
    damaged = sorted(kept.iterdir())[1]
    next((damaged / "fragment").iterdir()).unlink()
    second = searchable(_in_parts(pages, tmp_path / "second", 10, kept))
    assert second == searchable(_one_run(pages, tmp_path / "one"))
    assert not list(kept.iterdir())
    _in_parts(pages, tmp_path / "third", 10, kept)
    assert len(list(kept.iterdir())) == 3


def test_a_parts_digest_is_the_same_from_known_digests_and_from_its_pages(
        tmp_path: Path) -> None:
    """The build tells the indexer each page's digest, so no page is read to know whether a
    kept part's index still stands; a page it does not know the digest of is read."""
    pages = _wordy_pages(tmp_path / "pages", 6)
    folders.fill_tree(tmp_path / "part", pages)
    known = {rel: digest for rel, _, digest in _listed(pages)}
    read = parts._digest(tmp_path / "part", {}, b"stamp")
    assert parts._digest(tmp_path / "part", known, b"stamp") == read
    assert parts._digest(tmp_path / "part", dict(known, **{pages[0][0]: "0" * 64}),
                         b"stamp") != read
    assert parts._digest(tmp_path / "part", known, b"other pagefind") != read


def test_pages_that_cannot_be_linked_are_one_problem(tmp_path: Path) -> None:
    pages = _wordy_pages(tmp_path / "pages", 3)
    listed = [*_listed(pages), ("gone/index.html", str(tmp_path / "nowhere.html"), "")]
    (tmp_path / "scratch").mkdir()
    with pytest.raises(parts.Problem, match="could not prepare the pages for pagefind"):
        parts.index(listed, tmp_path / "site", tmp_path / "out", tmp_path / "scratch", size=2)


def test_an_index_with_an_empty_or_unreadable_file_is_not_whole(tmp_path: Path) -> None:
    """On a full disk Pagefind ends with success and files of no bytes: such an index is
    neither published nor kept for reuse."""
    from aze_site.search.parts import whole

    index = tmp_path / "index"
    (index / "fragment").mkdir(parents=True)
    (index / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}')
    (index / "fragment" / "en_1.pf_fragment").write_bytes(b"\x1f\x8b data")
    assert whole(index)
    (index / "fragment" / "en_2.pf_fragment").write_bytes(b"")
    assert not whole(index)
    (index / "fragment" / "en_2.pf_fragment").unlink()
    (index / "pagefind-entry.json").write_text('{"version": "1.5')
    assert not whole(index)
    assert not whole(tmp_path / "missing")


def test_chinese_text_is_split_into_words(tmp_path: Path) -> None:
    """Chinese is written without spaces: Pagefind's extended build splits it into words,
    so a word from the middle of a sentence finds its page (the standard build indexes
    the whole sentence as one word)."""
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="zh"><head><title>马纳斯</title></head><body>'
                    "<main data-pagefind-body><h1>马纳斯</h1>"
                    "<p>马纳斯国家公园是侏儒猪唯一的野生种群所在地。</p></main></body></html>",
                    encoding="utf-8")
    folders.fill_tree(tmp_path / "whole", [("zh/sites/manas/index.html", page)])
    parts.run(parts.executable(), tmp_path / "whole", tmp_path / "index", tmp_path)
    words = searchable(tmp_path / "index")["zh"]["words"]
    assert {"野生", "种群", "唯一"} <= set(words), sorted(words)


def test_the_note_on_a_page_not_translated_yet_is_not_indexed(make_site: MakeSite) -> None:
    """Every page not translated yet carries the note: indexed, a search for one of its
    words in that language would find all of them."""
    root = make_site({"content/site.yaml": LANGS})
    build(BuildOptions(root=root, jobs=1, wait_search=True))
    page = (root / "public/es/sites/chapada-do-araripe/index.html").read_text(encoding="utf-8")
    assert "aún no está traducida" in page
    words = searchable(root / "public/pagefind")["es"]["words"]
    assert not {"traduc", "idiom"} & set(words), sorted(words)  # (the words stemmed)


def _children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent's death signal")
def test_the_indexer_ends_with_the_build_that_started_it(tmp_path: Path) -> None:
    """A build killed outright left its indexer (and Pagefind) running on their own."""
    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 120\n")
    slow.chmod(0o755)
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("<html><body>Hi</body></html>")
    pagefind.write_pages([("index.html", str(tmp_path / "site/index.html"), "0" * 64)],
                         tmp_path / "pages.json")
    starter = ("import subprocess, sys, time\n"
               "p = subprocess.Popen([sys.executable, '-m', 'aze_site.search.parts', *sys.argv[1:]])\n"
               "print(p.pid, flush=True)\ntime.sleep(120)\n")
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(slow), "PYTHONPATH": str(REPO / "src")}
    build_process = subprocess.Popen(
        [sys.executable, "-c", starter, str(tmp_path / "pages.json"), str(tmp_path / "site"),
         str(tmp_path / "out")], cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    assert build_process.stdout is not None
    indexer = int(build_process.stdout.readline())
    try:
        with deadline(60):
            while not _children_of(indexer):  # Pagefind started: the indexer is at work
                time.sleep(0.05)
            build_process.send_signal(signal.SIGKILL)
            build_process.wait()
            while not _gone(indexer):
                time.sleep(0.05)
    finally:
        build_process.kill()
        build_process.wait()
        build_process.stdout.close()
        if not _gone(indexer):
            os.kill(indexer, signal.SIGKILL)


def test_a_folder_discarded_again_while_the_first_is_still_being_removed_goes(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A folder of one name discarded twice by one process (the dev server keeps an index
    under a name it made before) while the first is still being removed in the background:
    the second is moved aside too, and the index that takes its name can be put there."""
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: None)  # the removal still at work
    for _ in range(2):
        kept = tmp_path / "index"
        (kept / "fragment").mkdir(parents=True)
        search.discard(kept)
        assert not kept.exists()
    assert len(list(tmp_path.glob("trash-*"))) == 2
