"""The search index made by Pagefind in parts: over a part of the pages at a time, then merged.

Pagefind holds every page it indexes in memory until it writes (some 200 KB a page here:
3.5 GB for 20,000 factsheets), and its time grows faster than the number of pages. So the
build deals the pages into parts of PART_PAGES (`pagefind.parted`: a folder each), Pagefind indexes
one part after another, and `merge` makes of their indexes the one Pagefind would have
made of all the pages. What `merge` cannot merge is indexed in one run over all of them.

Run as `python -m aze_site.search.parts SITE OUTPUT` (SITE holds the parts' folders, '0',
'1', ...): its own process, so the build can end it, Pagefind with it; a problem is the
last line of its error output, with exit status 3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from aze_site.search.merge import Unmergeable, merge
from aze_site.search.pagefind import PROBLEM
from aze_site.search.stable import stabilise


def part_folders(site: Path) -> list[Path]:
    return sorted((p for p in site.iterdir() if p.is_dir() and p.name.isdigit()),
                  key=lambda p: int(p.name))


# -- running Pagefind -------------------------------------------------------------------------

def executable() -> list[str]:
    """The Pagefind binary (found once, not through `python -m pagefind` a part)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise Problem("pagefind is not installed: pip install 'pagefind[bin]' "
                      "(or build with --no-search)") from exc
    found = get_executable()
    if found is None:
        raise Problem("pagefind is not installed: pip install 'pagefind[bin]' "
                      "(or build with --no-search)")
    return [str(found)]


class Problem(Exception):
    """What the caller is told (one line)."""


def _die_with_parent() -> None:
    """Pagefind ends when this process ends, however it ends (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def run(command: list[str], site: Path, output: Path, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    done = subprocess.run([*command, "--site", str(site), "--output-path", str(output),  # noqa: S603
                           "--silent"], cwd=cwd, env=env, capture_output=True, text=True,
                          preexec_fn=_die_with_parent, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise Problem("pagefind failed: " + (detail[-1] if detail else
                                             f"exit status {done.returncode}"))
    if not (output / "pagefind-entry.json").is_file():
        raise Problem("pagefind wrote no index")


def index(site: Path, output: Path, cwd: Path) -> None:
    """Index the parts of `site` into `output` (raises Problem)."""
    command = executable()
    parts = part_folders(site)
    if not parts:  # nothing to index: Pagefind's empty index (its scripts included)
        run(command, site, output, cwd)
        stabilise(output)
        return
    indexes = []
    for part in parts:
        indexes.append(cwd / f"part-{part.name}")
        run(command, part, indexes[-1], cwd)
    try:
        merge(indexes, output)
    except Unmergeable:
        shutil.rmtree(output, ignore_errors=True)
        whole = cwd / "whole"
        for part in parts:
            _link_all(part, whole)
        run(command, whole, output, cwd)
        stabilise(output)


def _link_all(part: Path, whole: Path) -> None:
    for folder, _, files in os.walk(part):
        inside = whole / Path(folder).relative_to(part)
        inside.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder) / name, inside / name)


def main(argv: list[str]) -> int:
    site, output = Path(argv[0]), Path(argv[1])
    cwd = Path(tempfile.mkdtemp(prefix="parts-", dir=Path.cwd()))  # the caller clears it
    try:
        index(site, output, cwd)
    except (Problem, OSError) as exc:
        print(exc, file=sys.stderr)
        return PROBLEM
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
