"""Languages benchmark: what each language besides the default adds to a cold build.

    python bench/languages.py [--sites 5000] [--runs 1] [--jobs 2] [--languages en,es,fr,pt]

bench/catalogue.py writes the same catalogue of N sites (the shipped sites and pages with
their translations, then generated sites, which are not translated) once per language
count: in the default language only, then with one more language at a time. Each cold
build (no public/, no .aze-cache/) runs `python -m aze_site build --quiet --jobs J` from a
copy of the code taken at the start; with --runs N the runs go round the catalogues N
times. The table gives median wall and CPU seconds and what each language adds to the
default language's time, run by run and their median; the target is at most 60 % per
language.
Results go to bench/languages_results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import generate
from common import Sample, median, run_command, table
from scale import machine, output_stats, snapshot

TARGET = 0.60  # what one language may add to the default language's cold build


def cold(root: Path, env: dict[str, str], jobs: int) -> Sample:
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / ".aze-cache", ignore_errors=True)
    return run_command([sys.executable, "-m", "aze_site", "build", "--quiet", "--jobs",
                        str(jobs), "--root", str(root)], env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=5000, help="sites (default: 5000)")
    parser.add_argument("--runs", type=int, default=1, help="runs per language count")
    parser.add_argument("--jobs", type=int, default=2, help="aze-site --jobs (default: 2)")
    parser.add_argument("--languages", default="en,es,fr,pt",
                        help="the languages, the default first (default: en,es,fr,pt)")
    args = parser.parse_args(argv)
    langs = tuple(args.languages.split(","))
    command = (f"python bench/languages.py --sites {args.sites} --runs {args.runs} "
               f"--jobs {args.jobs} --languages {args.languages}")
    base = Path(tempfile.mkdtemp(prefix="aze-languages-", dir="/tmp"))
    env = snapshot(base)
    about = machine(env)
    print(f"{command}\n{about}")
    rows = [["languages", "wall s", "CPU s", "peak MB", "pages", "public/",
             "added by each language"]]
    counts = range(1, len(langs) + 1)
    roots = {count: base / f"site-{count}" for count in counts}
    for count in counts:
        generate(roots[count], args.sites, languages=langs[:count], theme=base / "theme")
    # The runs go round the catalogues (en, en+es, ..., then again): this machine's speed
    # drifts over minutes, and each ratio compares builds made close together.
    samples: dict[int, list[Sample]] = {count: [] for count in counts}
    for run in range(args.runs):
        for count in counts:
            samples[count].append(cold(roots[count], env, args.jobs))
        print(f"run {run + 1}: " + ", ".join(
            f"{count} language(s) {samples[count][-1].wall:.1f} s" for count in counts),
            flush=True)
    verdicts = []
    for count in counts:
        found = median(samples[count])
        out = output_stats(roots[count] / "public")
        shown = "-"
        if count > 1:  # each run's own ratio, then their median (the verdict's)
            ratios = [(s.wall / f.wall - 1) / (count - 1)
                      for s, f in zip(samples[count], samples[1], strict=True)]
            added = statistics.median(ratios)
            shown = f"{added:.0%} (runs: {', '.join(f'{r:.0%}' for r in ratios)})"
            verdicts.append(added <= TARGET)
        rows.append([", ".join(langs[:count]), f"{found.wall:.1f}", f"{found.cpu:.1f}",
                     f"{found.peak_mb:.0f}", f"{out.html:,}", f"{out.mb:.0f} MB", shown])
    print(table(rows), flush=True)
    shutil.rmtree(base, ignore_errors=True)
    ok = all(verdicts)
    verdict = (f"{'met' if ok else 'MISSED'}: each language adds at most "
               f"{TARGET:.0%} of the default language's cold build")
    md = ["# Languages benchmark", "",
          f"`{command}` on {dt.date.today().isoformat()}; {about}; load average after the "
          "runs " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + ".", "",
          "Cold builds (no public/, no .aze-cache/) of one catalogue, in the default language "
          "and with one more language at a time; the shipped pages and sites have their "
          "translations, the generated sites are not translated (their pages exist in every "
          "language, with the original's text). \"Added by each language\": the extra wall "
          "time over the default language's build, divided by the number of added languages: "
          "for each run from its own two builds (the runs went round the catalogues, so each "
          f"compares builds made minutes apart), then the median of the {args.runs} run(s). "
          "Wall and CPU: medians.",
          "", table(rows), "", verdict, ""]
    (Path(__file__).parent / "languages_results.md").write_text("\n".join(md), encoding="utf-8")
    print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
