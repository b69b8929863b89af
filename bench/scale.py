"""Scale benchmark: aze-site beside Hugo on generated catalogues of N sites, in one run.

    python bench/scale.py [--sizes 1000,5000,20000] [--runs 3] [--jobs 2] [--seed 1] [--keep]

For each N, bench/catalogue.py writes the same catalogue twice in a temporary folder
under /tmp: as an aze-site project and as a Hugo project (theme: bench/hugo_theme/).
Each run then measures, with the median over the runs reported (peak memory: the
highest):

  cold       aze: no public/ and no .aze-cache/; Hugo: no public/ and no resources/
  no-change  the same build again, nothing changed
  one-edit   the same build after one site's body text changed (the same site in both)
  io-floor   bench/io_floor.py: read every source of content/, write as many files of
             the same sizes as aze-site's output, nothing else

aze-site runs as `python -m aze_site build --quiet --jobs J` (J = --jobs, default 2, the
cores of the reference machine); Hugo as `hugo --quiet` (all cores, its default). The
code (src/aze_site), templates/ and static/ are copied once at the start and every build
runs that copy (PYTHONPATH), so that edits to the repository during a long run cannot mix
versions. Before each step the files the step before wrote are flushed to disk (`sync`,
not timed), so that no step pays for the writing of the one before. Nothing is deleted
until the whole run ends (each N's projects are kept; a run's output is renamed aside
before the next run), so that no cold build follows the deletion of tens of thousands
of files: ext4 without a journal, as on the reference machine, skips one by one the inodes
freed in the last minute each time it makes a file or a folder (aze-site's cold build of
the next N began a few seconds after the last N's files were deleted, Hugo's a minute or
more later). The tables are
printed and written as Markdown to bench/results.md; the last lines mark the targets at
the largest N as met or missed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from catalogue import edit_one, generate, generate_hugo
from common import Sample, median, run_command, table

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results.md"
IO_FLOOR = BENCH / "io_floor.py"
STEPS = ("cold", "no-change", "one-edit")


@dataclass(frozen=True)
class Output:
    html: int  # pages
    html_mb: float
    files: int
    mb: float
    feeds: int  # RSS/Atom files

    def describe(self) -> str:
        return (f"{self.html:,} HTML pages ({self.html_mb:.1f} MB), {self.files:,} files in all "
                f"({self.feeds:,} feeds), {self.mb:.0f} MB")


def output_stats(folder: Path) -> Output:
    html = files = feeds = size = html_size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            bytes_ = path.stat().st_size
            size += bytes_
            if path.suffix == ".html":
                html += 1
                html_size += bytes_
            feeds += path.name in ("index.xml", "feed.xml")
    return Output(html, html_size / 1e6, files, size / 1e6, feeds)


def write_manifest(public: Path, manifest: Path) -> None:
    """size<TAB>path of every output file, for io_floor.py."""
    lines = [f"{p.stat().st_size}\t{p.relative_to(public).as_posix()}"
             for p in sorted(public.rglob("*")) if p.is_file()]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")


def snapshot(base: Path) -> dict[str, str]:
    """Copy aze-site's code and theme under base; the environment that runs that copy."""
    shutil.copytree(REPO / "src" / "aze_site", base / "src" / "aze_site",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, base / "theme" / folder)
    # Compiled once, as an install does: otherwise, where the environment forbids
    # writing bytecode, every timed command would compile the whole package again.
    compileall.compile_dir(str(base / "src"), quiet=1)
    env = dict(os.environ, PYTHONPATH=str(base / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(argv: list[str], what: str, env: dict[str, str] | None = None) -> Sample:
    # What the step before wrote (2 GB for a cold build of 20,000 sites) is first written
    # to disk, outside the clock: else the system's writing it slows the next step (a
    # rebuild just after a cold build took twice as long), whichever tool made it.
    os.sync()
    try:
        return run_command(argv, env=env)
    except RuntimeError as exc:  # the build failed: show why, stop
        print(f"\n{what} failed; its error output follows.\n{exc}", file=sys.stderr)
        sys.exit(1)


def check_edit(public: Path, edited: Path, what: str) -> None:
    """The edited sentence must be in the rebuilt page: a stale rebuild is not a fast one."""
    last = edited.read_text(encoding="utf-8").rstrip().rsplit("\n", 1)[-1]
    page = public / "sites" / edited.stem / "index.html"
    if last not in page.read_text(encoding="utf-8"):
        print(f"\n{what}: {page} does not show the edit ({last!r}): the rebuild is stale",
              file=sys.stderr)
        sys.exit(1)


follow: dict[int, list[float]] = defaultdict(list)  # N -> seconds until search caught up
searched: dict[int, Sample] = {}  # N -> Pagefind over Hugo's cold output (median)


def wait_for_search(cache: Path) -> float:
    """Seconds until the search job an incremental build left in the background is done
    (0 if none), by its pid file (see src/aze_site/build/search.py)."""
    import time

    started = time.monotonic()
    try:
        pid, start = (cache / "engine" / "public.search-job").read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return 0.0
    while True:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            break
        if fields[0] in ("Z", "X") or fields[19] != start:
            break
        time.sleep(0.1)
    return time.monotonic() - started


def smoke_check(root: Path, env: dict[str, str]) -> None:
    """`aze-site check` on the generated project: it must be valid, without warnings."""
    done = subprocess.run([sys.executable, "-m", "aze_site", "check", "--root", str(root)],
                          capture_output=True, text=True, check=False, env=env)
    text = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or "warning:" in text:
        print(f"aze-site check of the generated catalogue:\n{text}", file=sys.stderr)
        if done.returncode != 0:
            sys.exit(1)
    print(f"  aze-site check: {text.splitlines()[-1] if text else 'ok'}")


def set_aside(folder: Path, tmp: Path) -> None:
    """What a run before left, moved out of the way (one rename) rather than deleted: the
    deletion, with the rest of the run's files, waits for the end of the whole run (see the
    module's docstring)."""
    if folder.exists():
        aside = tmp / "aside"
        aside.mkdir(exist_ok=True)
        folder.rename(aside / f"{len(list(aside.iterdir()))}-{folder.name}")


def bench_size(base: Path, env: dict[str, str], n: int, runs: int, jobs: int, seed: int,
               check: bool) -> tuple[
        dict[str, Sample], dict[str, Sample], Sample, Output, Output]:
    tmp = base / str(n)
    aze, hugo = tmp / "aze", tmp / "hugo"
    print(f"\nN = {n:,}: generating in {tmp} ...", flush=True)
    generate(aze, n, seed, theme=base / "theme")
    generate_hugo(hugo, n, seed, theme=base / "theme")
    if check:
        smoke_check(aze, env)
    aze_cmd = [sys.executable, "-m", "aze_site", "build", "--root", str(aze), "--quiet",
               "--jobs", str(jobs)]
    hugo_cmd = ["hugo", "--quiet", "-s", str(hugo)]
    # A Hugo site with a search index runs Pagefind over its output after Hugo (the index
    # goes outside public/ here, so that Hugo's rebuilds see their own output only).
    hugo_search_cmd = [pagefind(), "--site", str(hugo / "public"), "--output-path",
                       str(tmp / "hugo-search")]
    manifest = tmp / "floor-manifest.tsv"
    floor_cmd = [sys.executable, str(IO_FLOOR), str(aze), str(manifest), str(tmp / "public-floor")]
    samples: dict[str, list[Sample]] = defaultdict(list)
    aze_out = hugo_out = Output(0, 0.0, 0, 0.0, 0)
    for run in range(runs):
        for folder in (aze / "public", aze / ".aze-cache", aze / ".public.aze-spare"):
            set_aside(folder, tmp)
        samples["aze cold"].append(measure(aze_cmd, "aze-site cold build", env))
        samples["aze no-change"].append(measure(aze_cmd, "aze-site rebuild", env))
        edited = edit_one(aze)
        samples["aze one-edit"].append(measure(aze_cmd, "aze-site rebuild after an edit", env))
        check_edit(aze / "public", edited, "aze-site")
        follow[n].append(wait_for_search(aze / ".aze-cache"))  # before Hugo runs: no overlap
        for folder in (hugo / "public", hugo / "resources"):
            set_aside(folder, tmp)
        samples["hugo cold"].append(measure(hugo_cmd, "hugo cold build"))
        set_aside(tmp / "hugo-search", tmp)
        samples["hugo search"].append(measure(hugo_search_cmd, "Pagefind over Hugo's site"))
        samples["hugo no-change"].append(measure(hugo_cmd, "hugo rebuild"))
        edited = edit_one(hugo)
        samples["hugo one-edit"].append(measure(hugo_cmd, "hugo rebuild after an edit"))
        check_edit(hugo / "public", edited, "hugo")
        if run == 0:
            aze_out, hugo_out = output_stats(aze / "public"), output_stats(hugo / "public")
            write_manifest(aze / "public", manifest)
        set_aside(tmp / "public-floor", tmp)
        samples["floor"].append(measure(floor_cmd, "io_floor.py"))
        print(f"  run {run + 1}/{runs}: " + ", ".join(
            f"{key} {values[-1].wall:.2f} s" for key, values in samples.items()), flush=True)
    aze_m = {step: median(samples[f"aze {step}"]) for step in STEPS}
    hugo_m = {step: median(samples[f"hugo {step}"]) for step in STEPS}
    searched[n] = median(samples["hugo search"])
    return aze_m, hugo_m, median(samples["floor"]), aze_out, hugo_out


def pagefind() -> str:
    """The Pagefind binary aze-site runs (the `pagefind[extended]` package)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        sys.exit("Pagefind is not installed: pip install 'pagefind[extended]'")
    return str(found)


def with_search(n: int, aze: dict[str, Sample], hugo: dict[str, Sample]) -> str:
    """Hugo's cold build with a search index made as Hugo sites make one, beside aze-site's
    (which makes its own): not a target, the like-for-like figure."""
    search = searched[n]
    both = hugo["cold"].wall + search.wall
    return (f"Pagefind over Hugo's cold output (its factsheets, pages and news, as aze-site "
            f"indexes them) took {search.wall:.2f} s ({search.cpu:.2f} s of CPU); Hugo's cold "
            f"build and its search index together {both:.2f} s, of which aze-site's cold build "
            f"is {ratio(aze['cold'].wall, both)}.")


def ratio(a: float, b: float) -> str:
    value = a / b
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.3f}x"


def size_table(aze: dict[str, Sample], hugo: dict[str, Sample], floor: Sample) -> str:
    rows = [["step", "aze wall s", "aze CPU s", "aze peak MB", "aze total MB", "Hugo wall s",
             "Hugo CPU s", "Hugo peak MB", "aze/Hugo wall", "aze/Hugo peak", "aze/Hugo total"]]
    for step in STEPS:
        a, h = aze[step], hugo[step]
        rows.append([step, f"{a.wall:.2f}", f"{a.cpu:.2f}", f"{a.peak_mb:.0f}",
                     f"{a.total_mb:.0f}", f"{h.wall:.2f}", f"{h.cpu:.2f}", f"{h.peak_mb:.0f}",
                     ratio(a.wall, h.wall), ratio(a.peak_mb, h.peak_mb),
                     ratio(a.total_mb, h.peak_mb)])
    cold = hugo["cold"]
    rows.append(["io-floor", f"{floor.wall:.2f}", f"{floor.cpu:.2f}", f"{floor.peak_mb:.0f}",
                 f"{floor.total_mb:.0f}", "", "", "",
                 f"{ratio(floor.wall, cold.wall)} (of Hugo cold)", "", ""])
    return table(rows)


COLD_TARGETS = {1000: 2.0, 5000: 1.5, 20000: 1.0}  # a cold build's wall time, x Hugo's


def targets(n: int, aze: dict[str, Sample],
            hugo: dict[str, Sample]) -> list[tuple[str, str, bool]]:
    """The targets of the cold-build issue: at most 2x / 1.5x / 1.0x Hugo's cold build at
    1,000 / 5,000 / 20,000 sites (1.0x elsewhere), one edit under half a second, nothing
    changed in 0.05x Hugo's cold build, a peak of memory at most half Hugo's."""
    cold = hugo["cold"].wall
    limit = COLD_TARGETS.get(n, 1.0)
    aze_peak = max(s.total_mb for s in aze.values())  # the whole build: all its processes
    hugo_peak = max(s.peak_mb for s in hugo.values())  # one process
    return [
        (f"cold build <= {limit:g}x Hugo's wall time",
         f"{aze['cold'].wall:.2f} s vs {limit:g} x {cold:.2f} s ({aze['cold'].wall / cold:.2f}x)",
         aze["cold"].wall <= limit * cold),
        ("rebuild with nothing changed <= 0.05x Hugo's cold build",
         f"{aze['no-change'].wall:.2f} s vs {0.05 * cold:.2f} s "
         f"({aze['no-change'].wall / cold:.3f}x)", aze["no-change"].wall <= 0.05 * cold),
        ("rebuild after one site edit < 0.5 s (whole command)",
         f"{aze['one-edit'].wall:.2f} s", aze["one-edit"].wall < 0.5),
        ("peak memory of the whole build <= 0.5x Hugo's",
         f"{aze_peak:.0f} MB vs 0.5 x {hugo_peak:.0f} MB ({aze_peak / hugo_peak:.2f}x)",
         aze_peak <= 0.5 * hugo_peak),
    ]


def machine(env: dict[str, str]) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True,
                          check=False).stdout.split(" BuildDate")[0].strip() \
        if shutil.which("hugo") else "no Hugo"
    aze = subprocess.run([sys.executable, "-m", "aze_site", "--version"], capture_output=True,
                         text=True, check=False, env=env).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {aze}, "
            f"{hugo}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000",
                        help="numbers of sites, comma-separated (default: 1000,5000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default: 3)")
    parser.add_argument("--jobs", type=int, default=2, help="aze-site --jobs (default: 2)")
    parser.add_argument("--seed", type=int, default=1, help="catalogue seed (default: 1)")
    parser.add_argument("--check-all", action="store_true",
                        help="run `aze-site check` on every catalogue, not only the first")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if shutil.which("hugo") is None:
        parser.error("hugo is not installed (Debian: apt-get install hugo)")
    command = (f"python bench/scale.py --sizes {','.join(map(str, sizes))} --runs {args.runs} "
               f"--jobs {args.jobs}" + (f" --seed {args.seed}" if args.seed != 1 else ""))
    base = Path(tempfile.mkdtemp(prefix="aze-scale-", dir="/tmp"))
    env = snapshot(base)
    about = machine(env)
    print(f"{command}\n{about}")
    md = ["# Scale benchmark: aze-site and Hugo", "",
          f"`{command}` on {dt.date.today().isoformat()}; {about}.", "",
          f"Median of {args.runs} run(s) (peak memory: the highest); wall and CPU seconds of "
          "the whole command, CPU including child processes; peak MB is the largest resident "
          "set of one process (aze-site's forked workers included); total MB the peak of the "
          "memory all of the command's processes held together (the sum of their PSS, shared "
          "pages counted once, sampled every 0.2 s; Hugo runs as one process, so its peak is "
          "its total). aze-site ran from a copy "
          "of src/aze_site, templates/ and static/ taken when the run started. Before each "
          "step what the step before wrote was flushed to disk (`sync`, not timed).", ""]
    last: tuple[int, dict[str, Sample], dict[str, Sample]] | None = None
    for i, n in enumerate(sizes):
        aze, hugo, floor, aze_out, hugo_out = bench_size(
            base, env, n, args.runs, args.jobs, args.seed, args.check_all or i == 0)
        text = size_table(aze, hugo, floor)
        pages = f"aze-site: {aze_out.describe()}; Hugo: {hugo_out.describe()}"
        load = "load average after the runs: " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        caught_up = sorted(follow[n])[len(follow[n]) // 2] if follow[n] else 0.0
        search_note = (f"After the one-edit build returned, its search index (Pagefind, in the "
                       f"background) was up to date {caught_up:.1f} s later (median). "
                       + with_search(n, aze, hugo))
        print(f"\n{n:,} sites ({pages}; {load})\n{text}\n{search_note}")
        md += [f"## {n:,} sites", "", f"Output: {pages}; {load}.", "", text, "", search_note, ""]
        last = (n, aze, hugo)
    if last is not None:
        n, aze, hugo = last
        lines = [f"Targets at {n:,} sites:"]
        lines += [f"- {'met   ' if ok else 'MISSED'} {name}: {detail}"
                  for name, detail, ok in targets(n, aze, hugo)]
        print("\n" + "\n".join(lines))
        md += ["## Targets", "", lines[0], ""]
        md += [f"- **{'met' if ok else 'missed'}**: {name}: {detail}"
               for name, detail, ok in targets(n, aze, hugo)]
        md.append("")
    RESULTS.write_text("\n".join(md), encoding="utf-8")
    if args.keep:
        print(f"kept {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nwritten {RESULTS.relative_to(BENCH.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
