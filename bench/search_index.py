"""Search index benchmark: the index a cold build makes now, against the one it made before.

    python bench/search_index.py [--sites 5000] [--runs 3]

bench/catalogue.py writes a catalogue of N sites, built once with `--no-search`. Then, in
turns, `--runs` times each (medians reported; peak memory: the highest):

  before  what a cold build indexed until 2026-12-02: factsheets, pages, news, and also
          every species and country page, in one Pagefind run over the whole published
          site (a copy of it in which those pages carry `data-pagefind-body`)
  now     what a cold build indexes: the documents alone (factsheets, pages, news), by
          aze-site's indexer (`python -m aze_site.search.parts`) as the build runs it:
          Pagefind over parts of 500 pages, each given a folder of links to its pages,
          and the parts' indexes merged (each part's index kept, as in a build's cache)

Both use the same Pagefind. Peak memory is that of all the command's processes together.
Results go to bench/search_index_results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import generate
from common import Sample, median, run_command, table

REPO = Path(__file__).resolve().parent.parent
BODY = b' data-pagefind-body'
MAIN = b'<main id="main" tabindex="-1"'
DERIVED = ("species", "countries")  # the derived pages indexed before 2026-12-02


def indexed_pages(public: Path) -> list[list[str]]:
    """[output path, file, digest] of every page the build marked for the index."""
    found = []
    for path in sorted(public.rglob("*.html")):
        data = path.read_bytes()
        if MAIN + BODY in data:
            found.append([path.relative_to(public).as_posix(), str(path),
                          hashlib.sha256(data).hexdigest()])
    return found


def site_before(public: Path, target: Path) -> int:
    """A copy of the site (hard links) whose species and country pages are marked for the
    index too, as they were before; the number of pages it marks."""
    shutil.copytree(public, target, copy_function=os.link)
    marked = 0
    for folder in DERIVED:
        for page in (target / folder).glob("*/index.html"):
            data = page.read_bytes()
            if MAIN + b">" in data:
                page.unlink()  # a link: the published file stays as it is
                page.write_bytes(data.replace(MAIN + b">", MAIN + BODY + b">", 1))
                marked += 1
    return marked + len(indexed_pages(public))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from pagefind.service import get_executable

    binary = str(get_executable())
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    with tempfile.TemporaryDirectory(prefix="aze-search-bench-") as tmp:
        work = Path(tmp)
        root = work / "catalogue"
        generate(root, args.sites)
        subprocess.run([sys.executable, "-m", "aze_site", "build", "--quiet", "--no-search",
                        "--root", str(root)], check=True, env=env)
        public = root / "public"
        pages = indexed_pages(public)
        (work / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
        before_pages = site_before(public, work / "before-site")
        samples: dict[str, list[Sample]] = {"before": [], "now": []}
        for run in range(args.runs):
            out = work / f"before-{run}"
            samples["before"].append(run_command(
                [binary, "--site", str(work / "before-site"), "--output-path", str(out),
                 "--silent"], cwd=tmp))
            samples["now"].append(run_command(
                [sys.executable, "-m", "aze_site.search.parts", str(work / "pages.json"),
                 str(work / f"now-site-{run}"), str(work / f"now-{run}"), str(work / f"kept-{run}")],
                cwd=tmp, env=env))
            subprocess.run(["sync"], check=False)
    before, now = median(samples["before"]), median(samples["now"])
    rows = [["", "pages indexed", "wall s", "CPU s", "peak MB"],
            ["before (one run, species and countries too)", f"{before_pages:,}",
             f"{before.wall:.1f}", f"{before.cpu:.1f}", f"{before.total_mb:,.0f}"],
            ["now (the documents, in parts, merged)", f"{len(pages):,}", f"{now.wall:.1f}",
             f"{now.cpu:.1f}", f"{now.total_mb:,.0f}"],
            ["now / before", "", f"{now.wall / before.wall:.2f}x", f"{now.cpu / before.cpu:.2f}x",
             f"{now.total_mb / before.total_mb:.2f}x"]]
    text = (f"## {args.sites:,} sites, {dt.date.today()}, medians of {args.runs} runs\n\n"
            + table(rows) + "\n")
    print(text)
    with open(REPO / "bench" / "search_index_results.md", "a", encoding="utf-8") as results:
        results.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
