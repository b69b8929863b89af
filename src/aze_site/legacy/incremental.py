"""`aze-site build` with its cache: nothing to do, an update of what changed, or a full build.

1. Nothing changed since the last build (every source's size and mtime, the options, the
   output untouched): done, in one stat per file.
2. Only Markdown documents or static files changed, and the last build kept its state
   (state.py): the dev server's incremental builder goes on from that state; it renders
   the pages whose recorded dependencies name what changed, checks them, and replaces
   the files whose bytes changed. The search index follows in the background
   (indexer.py).
3. Anything else (templates, site.yaml, other YAML files, photos, options, no usable
   state): a full build from the cache, which keeps its state for the next one.
"""

from __future__ import annotations

import time
from pathlib import Path

from aze_site.errors import BuildFailed, Report, UsageError
from aze_site.legacy import splice, state
from aze_site.legacy.build import (
    CACHE_DIR,
    BuildOptions,
    BuildResult,
    build_kept,
    build_key,
    remember,
    resolve_out,
    summary_of,
    up_to_date,
)
from aze_site.legacy.build import build as full_build
from aze_site.legacy.live import FullBuildNeeded, LiveBuilder
from aze_site.legacy.snapshot import (
    changed_paths,
    inputs_manifest,
    manifest_digest,
    output_signature,
    read_last,
)
from aze_site.search import job as indexer
from aze_site.search import pagefind as search
from aze_site.serve.server import CONFIG, Changes


def build(options: BuildOptions) -> BuildResult:
    """Build the site, redoing only what changed; raises BuildFailed or UsageError."""
    if not options.cache or options.dry_run:
        return full_build(options)
    started = time.perf_counter()
    root = options.root.resolve()
    out = resolve_out(root, options.out)
    if not (root / "templates").is_dir():
        raise UsageError(f"templates/ folder not found in {root} (is --root right?)")
    cache_dir = root / CACHE_DIR
    indexer.stop(cache_dir, out)  # a search job of the last build: its pages may change
    version = build_key(options, root, out)
    manifest = inputs_manifest(root)
    inputs = manifest_digest(manifest, version)
    last = read_last(cache_dir)
    done = up_to_date(last, inputs, root, out, options, started)
    if done is not None:
        return done
    if last is not None and last.out == output_signature(out):
        result = _update(options, root, out, cache_dir, version, manifest, started)
        if result is not None:
            made = any(rel.endswith((".png", ".jpg", ".jpeg", ".webp", ".avif"))
                       for rel in result.written)  # new photos or cards in the photo cache
            remember(cache_dir, root, inputs, out, result, None if made else last.photos)
            return result
    result = build_kept(options)
    assert result.state is not None
    builder = LiveBuilder(root, out, drafts=options.drafts, refresh_search=False)
    builder.adopt(result.state)
    st = result.state
    docs = {rel: row for rel, r in st.files.items() if (row := state.doc_row(r)) is not None}
    state.save(cache_dir, builder.kept(version),
               {"markdown": st.markdown, "pages": st.pages, "results": st.results, "docs": docs},
               manifest, builder.facts(summary_of(result)))
    result.state = None
    remember(cache_dir, root, inputs, out, result)
    return result


def _update(options: BuildOptions, root: Path, out: Path, cache_dir: Path, version: str,
            manifest: dict[str, tuple[int, int]], started: float) -> BuildResult | None:
    """The incremental update from the kept state; None when a full build is needed."""
    store = state.open_store(cache_dir, version)
    if store is None:
        return None
    try:
        before = state.sources(store.db)
        added, modified, deleted = changed_paths(before, manifest)
        spliced = (splice.update(store, root, out, modified)
                   if not added and not deleted else None)
        summary, splice_ok = store.facts.summary, store.facts.splice
    except state.Damaged:
        return None
    finally:
        store.close()
    if spliced is not None:
        if options.strict and spliced.report.warnings:
            raise BuildFailed(spliced.report)
        return _result(options, out, cache_dir, spliced.report, summary, spliced.written,
                       started, "text edit")
    try:
        loaded = state.load(cache_dir, version)
        if loaded is None:
            return None
        kept, tables = loaded
        changes = _changes(before, manifest)
        builder = LiveBuilder.resume(root, out, kept, tables, options.drafts)
        if not builder.narrow(changes):
            return None
        outcome = builder.update(changes)
    except (state.Damaged, FullBuildNeeded):
        return None
    report = Report(list(outcome.diagnostics))
    if not outcome.ok or (options.strict and report.warnings):
        raise BuildFailed(report)
    st = builder.state
    assert st is not None
    docs = state.copy_of(tables["docs"])
    for rel in changes.paths():
        row = state.doc_row(st.files[rel]) if rel in st.files else None
        if row is not None:
            docs[rel] = row
        elif rel in docs:
            del docs[rel]
    summary = dict(summary, pages=len(st.specs))
    state.save_changes(cache_dir, builder.kept(version),
                       {"markdown": st.markdown, "pages": st.pages, "results": st.results,
                        "docs": docs},
                       manifest, builder.facts(summary, splice_ok))
    return _result(options, out, cache_dir, report, summary, sorted(outcome.changed), started,
                   "update")


def _result(options: BuildOptions, out: Path, cache_dir: Path, report: Report,
            summary: dict[str, int], written: list[str], started: float,
            how: str) -> BuildResult:
    """The summary of an incremental build; starts the search index's update."""
    rendered = sum(1 for rel in written if rel.endswith(".html"))
    found = search.SearchOutcome("off")
    if options.search and rendered and options.wait_search:
        begun = time.perf_counter()
        if not indexer.reindex(out):
            report.warning("pagefind", 0, 0, "search index: pagefind failed; the pages are "
                           "published and the previous index stays")
        found = search.SearchOutcome("indexed", time.perf_counter() - begun)
    elif options.search and rendered:
        indexer.start(out, cache_dir)
        found = search.SearchOutcome("updating in the background")
    elif options.search:
        found = search.SearchOutcome("reused")
    return BuildResult(report, pages=summary["pages"], files=summary.get("files", 0),
                       images=summary.get("images", 0), cards=summary.get("cards", 0),
                       reused=summary["pages"] - rendered, out=out,
                       seconds=time.perf_counter() - started, search=found, written=written,
                       how=how)


def _changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> Changes:
    added, modified, deleted = changed_paths(before, after)
    content = {rel for rel in added | modified | deleted
               if rel.startswith("content/") and rel != CONFIG}
    return Changes(
        content_added=frozenset(added & content), content_modified=frozenset(modified & content),
        content_deleted=frozenset(deleted & content),
        templates=frozenset(rel for rel in added | modified | deleted
                            if rel.startswith("templates/")),
        static=frozenset(rel for rel in added | modified | deleted if rel.startswith("static/")),
        config=CONFIG in added | modified | deleted)
