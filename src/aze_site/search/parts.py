"""The search index made by Pagefind in parts: over a part of the pages at a time, then merged.

Pagefind holds every page it indexes in memory until it writes (some 200 KB a page here:
3.5 GB for 20,000 factsheets), and its time grows faster than the number of pages. So the
pages are dealt into parts of PART_PAGES (`_deal`: a folder each), Pagefind indexes one
part after another, and `merge` makes of their indexes the one
Pagefind would have made of all the pages. What `merge` cannot merge is indexed in one run
over all of them. Each part's index can be kept under the digest of its pages, so the
index after an edit runs Pagefind on the edited part alone.

Run as `python -m aze_site.search.parts PAGES SITE OUTPUT [KEPT]` (PAGES: the list of
pages, each with the file that holds it and the digest of its bytes; SITE: the folder it
links them into, a folder for each part; KEPT: the folder of kept part indexes): a
process of its own, so the build can end it, and Pagefind with it; a problem is the last
line of its error output, with exit status 3. The links are made here, not in the build,
so that Pagefind starts on the first part at once, the next part's links are made while
it runs, and a part's digest needs no page read: the build knows each page's digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from aze_site.publish.folders import OutsideOutput, fill_tree
from aze_site.search import pagefind
from aze_site.search.merge import Unmergeable, merge
from aze_site.search.pagefind import PART_PAGES, PROBLEM, Page
from aze_site.search.stable import stabilise
from aze_site.workers import die_with_parent

# -- running Pagefind -------------------------------------------------------------------------

NOT_INSTALLED = "pagefind is not installed: pip install 'pagefind[extended]' (or build with --no-search)"


def executable() -> list[str]:
    """The Pagefind binary (found once, not through `python -m pagefind` a part)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise Problem(NOT_INSTALLED) from exc
    found = get_executable()
    if found is None:
        raise Problem(NOT_INSTALLED)
    return [str(found)]


class Problem(Exception):
    """What the caller is told (one line)."""


def run(command: list[str], site: Path, output: Path, cwd: Path) -> None:
    """Pagefind over `site` into `output`, in `cwd` (where no configuration of a user's
    is found), without PAGEFIND_ settings of a user's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    done = subprocess.run([*command, "--site", str(site), "--output-path", str(output),  # noqa: S603
                           "--silent"], cwd=cwd, env=env, capture_output=True, text=True,
                          preexec_fn=die_with_parent, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise Problem("pagefind failed: " + (detail[-1] if detail else
                                             f"exit status {done.returncode}"))
    if not whole(output):
        raise Problem("pagefind wrote an incomplete index (is the disk full?)")


def whole(index: Path) -> bool:
    """An index folder as Pagefind writes it: its entry file readable, no file empty (on a
    full disk Pagefind ends with success and files of no bytes)."""
    try:
        json.loads((index / "pagefind-entry.json").read_bytes())
        return all(os.path.getsize(os.path.join(folder, name))
                   for folder, _, names in os.walk(index) for name in names)
    except (OSError, ValueError):
        return False


def index(pages: Sequence[Page], site: Path, output: Path, cwd: Path,
          kept: Path | None = None, size: int = PART_PAGES) -> None:
    """Index `pages` into `output` (raises Problem). Their links are made in `site`, a
    folder for each part ('0', '1', ...), each while Pagefind indexes the part before.
    `kept`: a folder where each part's index is kept under the digest of its pages, so the
    next index runs Pagefind on the parts whose pages changed alone. `size`: pages a part."""
    command = executable()
    dealt = _deal(pages, size)
    if not dealt:  # nothing to index: Pagefind's empty index (its scripts included)
        site.mkdir(parents=True, exist_ok=True)
        run(command, site, output, cwd)
        stabilise(output)
        return
    indexes, digests = [], set()
    stamp = _stamp(command) if kept is not None else b""
    linking = ThreadPoolExecutor(1, thread_name_prefix="aze-links")
    try:
        made = [linking.submit(_link_part, site / str(n), part) for n, part in enumerate(dealt)]
        for n, part in enumerate(dealt):
            folder = _linked(made[n])
            indexes.append(cwd / f"part-{n}")
            if kept is None:
                run(command, folder, indexes[-1], cwd)
                continue
            digest = _digest(folder, {rel: known for rel, _, known in part}, stamp)
            digests.add(digest)
            if not _reuse(kept / digest, indexes[-1]):
                run(command, folder, indexes[-1], cwd)
                _keep(indexes[-1], kept, digest)
    finally:
        linking.shutdown(cancel_futures=True)
    if kept is not None:
        _forget(kept, digests)
    try:
        merge(indexes, output)
    except Unmergeable:
        if kept is not None:  # a kept part may be what failed: none is trusted next time
            _forget(kept, set())
        shutil.rmtree(output, ignore_errors=True)
        whole = cwd / "whole"
        for n in range(len(dealt)):
            _link_all(site / str(n), whole)
        run(command, whole, output, cwd)
        stabilise(output)


def _deal(pages: Sequence[Page], size: int) -> list[list[Page]]:
    """The pages of each part: `size` a part, in the order of their paths."""
    ordered = sorted(pages)
    return [ordered[n:n + size] for n in range(0, len(ordered), size)]


def _link_part(folder: Path, part: list[Page]) -> Path:
    fill_tree(folder, [(rel, src) for rel, src, _ in part])
    return folder


def _linked(made: Future[Path]) -> Path:
    try:
        return made.result()
    except (OSError, OutsideOutput) as exc:
        raise Problem(f"could not prepare the pages for pagefind: {exc}") from exc


def _stamp(command: list[str]) -> bytes:
    """What tells one Pagefind binary from another: part of every kept part's digest."""
    binary = Path(command[0]).stat()
    return f"{command}\0{binary.st_size}\0{binary.st_mtime_ns}\0".encode()


def _digest(part: Path, known: dict[str, str], stamp: bytes) -> str:
    """The digest of a part's pages (their paths and the digests of their bytes, `known` by
    their path in the part), of the order the file system lists its folders in, and of
    the Pagefind that indexes them (`stamp`). A page whose digest is not known is read.

    Pagefind numbers the pages in the order it finds them, which is the order the file
    system lists a folder in (on ext4 a hash seeded per disk): a part indexed on another
    disk, as in a cache restored on another machine, numbers them otherwise, and its index
    is not the one this disk's Pagefind makes, so it is not reused."""
    found = hashlib.blake2b(digest_size=20)
    found.update(stamp)
    for folder, dirs, names in os.walk(part):  # top down, each folder as it is listed
        inside = Path(folder).relative_to(part).as_posix()
        found.update(f"{inside}\0{len(dirs)}\0{chr(0).join(dirs)}\0".encode())
        for name in names:
            rel = name if inside == "." else f"{inside}/{name}"
            digest = known.get(rel) or hashlib.sha256(Path(folder, name).read_bytes()).hexdigest()
            found.update(f"{name}\0{digest}\0".encode())
    return found.hexdigest()


def _reuse(source: Path, target: Path) -> bool:
    """The kept index of a part, linked into `target` (the merge moves files out of it)."""
    if not whole(source):
        return False
    try:
        _link_all(source, target)
    except OSError:  # being forgotten by another indexer: index the part again
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _keep(index: Path, kept: Path, digest: str) -> None:
    """Keep a part's new index (linked: the merge moves files out of `index`)."""
    work = kept / f"new-{os.getpid()}-{digest}"
    try:
        _link_all(index, work)
        os.replace(work, kept / digest)
    except OSError:  # kept already (another indexer), or no room: nothing is lost
        shutil.rmtree(work, ignore_errors=True)


def _forget(kept: Path, digests: set[str]) -> None:
    """Keep the parts of this index alone (and what other indexers are making)."""
    for old in kept.iterdir():
        if old.name not in digests and not old.name.startswith("new-"):
            shutil.rmtree(old, ignore_errors=True)


def _link_all(part: Path, whole: Path) -> None:
    for folder, _, files in os.walk(part):
        inside = whole / Path(folder).relative_to(part)
        inside.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder) / name, inside / name)


def main(argv: list[str]) -> int:
    """`PAGES SITE OUTPUT [KEPT]` (see `index`; PAGES: the file `pagefind.write_pages`
    wrote). Ends with the process that started it: a build killed (SIGKILL, the system
    short of memory) left it indexing on its own, using a core."""
    die_with_parent()
    pages, site, output = pagefind.read_pages(Path(argv[0])), Path(argv[1]), Path(argv[2])
    kept = Path(argv[3]) if len(argv) > 3 else None
    cwd = Path(tempfile.mkdtemp(prefix="parts-", dir=Path.cwd()))  # the caller clears it
    try:
        if kept is not None:
            kept.mkdir(parents=True, exist_ok=True)
        index(pages, site, output, cwd, kept)
    except (Problem, OSError) as exc:
        print(exc, file=sys.stderr)
        return PROBLEM
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
