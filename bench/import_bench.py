"""Time `aze-site import wdkba` on a generated 20,000-row export, then a build of the result.

    python bench/import_bench.py [--rows 20000] [--keep]

Works on a copy of this repository's project (content/, templates/, static/) in a temporary
folder; the export is made here with a fixed seed (no real data set ships with aze-site).
Prints seconds for: the first import, a second import of the same file (nothing changes),
re-imports of updated exports (one row in ten, then every row changed), and a build with
two workers.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from aze_site.build import BuildOptions, build
from aze_site.importer import import_dataset

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
COLUMNS = ["SitRecID", "Region", "Country", "ISO3", "NatName", "IntName", "SitLat", "SitLong",
           "SitAreaKM2", "KbaStatus", "KbaClass", "IbaStatus", "LegacyKba", "AzeStatus",
           "LastUpdate", "Source", "DelTxt", "RepAreaKM2"]
COUNTRIES = ["BRA", "ECU", "ESP", "JAM", "ITA", "ETH", "IDN", "MDG", "CHL", "MEX", "ZAF", "IND",
             "PER", "COL", "VNM", "PHL", "TZA", "CMR", "USA", "AUS"]
SYLLABLES = ["ka", "ra", "mon", "sen", "ta", "lu", "bi", "no", "ve", "zu", "ar", "ip", "é", "ão",
             "ri", "do", "pa", "ni", "ko", "su"]


def export(path: Path, rows: int, seed: int, changed_every: int = 0) -> None:
    """A WDKBA-shaped CSV; with `changed_every`, every n-th row has a new area and date."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for i in range(rows):
            name = " ".join("".join(rnd.choice(SYLLABLES) for _ in range(3)).title()
                            for _ in range(rnd.choice((1, 2, 3))))
            area = f"{rnd.uniform(0.1, 5000):.2f}"
            updated = "2019-06-30"
            if changed_every and i % changed_every == 0:
                area, updated = f"{float(area) + 1:.2f}", "2024-01-15"
            writer.writerow([
                100_000 + i, "Test region", "", rnd.choice(COUNTRIES), "", name,
                f"{rnd.uniform(-60, 70):.5f}", f"{rnd.uniform(-179, 179):.5f}", area, "confirmed",
                "Global", "", "", rnd.choice(["confirmed", "", "", "No"]), updated, "generated",
                "", "",
            ])


def timed(label: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = action()
    print(f"{label:<40} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aze-import-bench-"))
    try:
        root = work / "site"
        for folder in ("content", "templates", "static"):
            shutil.copytree(REPO / folder, root / folder)
        first, updated = work / "kbas.csv", work / "kbas-updated.csv"
        export(first, args.rows, seed=2024)
        export(updated, args.rows, seed=2024, changed_every=10)
        everything = work / "kbas-all-changed.csv"
        export(everything, args.rows, seed=2024, changed_every=1)

        def run(path: Path) -> str:
            result = import_dataset("wdkba", str(path), root)
            assert not result.failed and not [d for d in result.diagnostics if d.level == "error"]
            return result.summary()

        print(f"{args.rows} rows, project in {root}")
        print(timed("import (all new)", lambda: run(first)))
        print(timed("import again (nothing changes)", lambda: run(first)))
        print(timed("import updated export (1 row in 10)", lambda: run(updated)))
        print(timed("import updated export (every row)", lambda: run(everything)))
        result = timed("build --jobs 2", lambda: build(BuildOptions(root=root, jobs=2)))
        print(f"  {result.pages} pages, {len(result.report.warnings)} warnings")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
