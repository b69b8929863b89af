"""The search index brought up to date after `aze-site build` has returned.

Run as `python -m aze_site.build.search_job ROOT OUT STORE` by a build whose pages
changed (see build/search.py). It indexes the published pages with Pagefind (at low
priority, with a deadline), then takes the project's lock and, if the indexed pages are
still the ones it indexed, publishes the new `pagefind/` like any build publishes: in
the spare folder, recorded in the store, swapped in. If a build changed the pages
meanwhile, it does nothing: that build stopped it or started its own job.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aze_site.build import search
from aze_site.build.options import CACHE_DIR, store_version
from aze_site.build.publishing import SEARCH_NODE, category, changed_files, moved_files
from aze_site.engine import Output, Store
from aze_site.engine.store import Changes
from aze_site.publish import folders
from aze_site.publish.folders import TreeState
from aze_site.publish.lock import project_lock


def publish_index(root: Path, out: Path, store_file: Path, total: int, index: Path) -> bool:
    """Publish the index folder made for the pages of digest `total` (call with the lock)."""
    if not (index / "pagefind-entry.json").is_file():  # never publish nothing as an index
        return False
    store = Store(store_file, store_version())
    try:
        state = folders.recover(out, store.meta("tree"))
        if state is None or store.meta("search_sum") != total:
            return False
        new = search.bundle_files(index)
        before = store.outputs_of(SEARCH_NODE)
        outputs: dict[str, Output | None] = {rel: None for rel in before.keys() - new.keys()}
        outputs.update(changed_files(new, before, root))
        moved = moved_files(new, before, outputs, root)  # the bytes published, kept elsewhere
        counts = dict(store.meta("counts", {}))
        for rel, output in outputs.items():
            delta = int(output is not None) - int(rel in before)
            counts[category(rel)] = counts.get(category(rel), 0) + delta
            counts["files"] = counts.get("files", 0) + delta

        def write(meta: dict[str, object]) -> None:
            store.write(Changes((), set(), set(), set(), {}, {}, {}, meta))

        def commit(new_state: TreeState) -> None:
            changes = Changes((), set(), set(), set(), {}, {}, {**outputs, **moved},
                              {"tree": new_state, "search_built": total, "counts": counts})
            store.write(changes)

        folders.publish_changes(out, state, {rel: o is not None for rel, o in outputs.items()},
                                lambda rel: new[rel], lambda s: write({"tree": s}), commit)
        return True
    finally:
        store.close()


def main(argv: list[str]) -> int:
    root, out, store_file = Path(argv[0]), Path(argv[1]), Path(argv[2])
    cache = root / CACHE_DIR
    store = Store(store_file, store_version())
    try:
        total, built = store.meta("search_sum", 0), store.meta("search_built")
        pages = [(rel, str(folders.target(out, rel)), digest) for rel, digest in store.indexed()]
    finally:
        store.close()
    if total == built:
        return 0
    for _ in range(3):
        index, error = search.make_index(pages, cache, total)
        if index is None:
            print(f"aze-site: search index: {error}", file=sys.stderr)
            return 1
        with project_lock(cache, "the search index job"):
            # Another build of the project (into another folder, or `serve`'s) may have
            # made its own index meanwhile, and kept that one alone: then make it again.
            if (index / "pagefind-entry.json").is_file():
                publish_index(root, out, store_file, total, index)
                return 0
    return 0  # still taken away: the next build starts another job


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
