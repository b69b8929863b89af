"""The dev server's builder: the build engine, kept in memory from one save to the next.

It is the same `SiteBuild` that `aze-site build` runs, with its own store and output
folder (`.aze-cache/serve/`), so the preview is made exactly as the published site is;
only the base URL (the server's address) differs. Between saves the engine keeps every
value in memory, so a save costs what it changes. The search index follows in the
background once saves pause (but for a save that rounds a position: see build/runner.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path, PurePosixPath

from aze_site.build import BuildOptions, SiteBuild, require_folders
from aze_site.build import search as search_jobs
from aze_site.build.runner import remove_store
from aze_site.engine import Damaged
from aze_site.errors import BuildFailed, Diagnostic, UsageError
from aze_site.files import linked_folder, linked_message
from aze_site.publish.folders import spare_of
from aze_site.serve.changes import SERVE_DIR, Changes, Outcome

STORE = PurePosixPath(".aze-cache/serve/engine.sqlite")
# A stylesheet edit changes its ?v= in every page and nothing else there: compared
# without it, those pages are unchanged, and open tabs only need the new stylesheet.
_CSS_VERSION = re.compile(rb"(\.css)\?v=[0-9A-Za-z]+")


def restyled_only(out: Path, rel: str) -> bool:
    """True when a page differs from its last version only by its stylesheet's ?v=."""
    try:
        new, old = (out / rel).read_bytes(), (spare_of(out) / rel).read_bytes()
    except OSError:
        return False
    return _CSS_VERSION.sub(rb"\1?v=", new) == _CSS_VERSION.sub(rb"\1?v=", old)


def draft_addresses(left_out: dict[str, str], langs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Where each draft would be in the preview, in every language of the site (the
    default's address, and /<lang> before it for the others), with its document."""
    found = [(f"/{lang}{url}" if lang else url, rel) for rel, url in left_out.items()
             for lang in ("", *langs[1:])]
    return tuple(sorted(found))


class SiteBuilder:
    """See the module's docstring."""

    def __init__(self, root: Path, out: Path | None = None, jobs: int = 0,
                 drafts: bool = False) -> None:
        self.root = root.resolve()
        self.out = out or self.root / SERVE_DIR
        self.jobs, self.drafts = jobs, drafts
        self.base_url: str | None = None  # the server's address, set by the server
        self.site: SiteBuild | None = None

    def _site(self) -> SiteBuild:
        if self.site is None:
            options = BuildOptions(root=self.root, out=self.out, base_url=self.base_url,
                                   drafts=self.drafts, jobs=self.jobs)
            self.site = SiteBuild(options, self.out, store=self.root / STORE, keep=True)
        return self.site

    def build_all(self) -> Outcome:
        return self._with_drafts(self._run(), frozenset())

    def update(self, changes: Changes) -> Outcome:
        outcome = self._run()  # the engine finds what changed by itself
        return self._with_drafts(outcome, changes.content_added | changes.content_modified)

    def _with_drafts(self, outcome: Outcome, saved: frozenset[str]) -> Outcome:
        """The outcome with the drafts the preview leaves out: those just saved (a new site
        is written as one: its address would otherwise just say 'not found'), and where
        each would be."""
        engine = self.site.engine if self.site is not None and not self.drafts else None
        if engine is None or not outcome.ok:
            return outcome
        try:
            published, langs = engine.value("published:"), engine.value("languages:")
            left_out = set(published.documents) - set(published.shown()) - set(published.invalid)
            statuses = {rel: engine.value(f"status:{rel}") for rel in left_out}
        except KeyError:  # not computed: nothing built
            return outcome
        urls = {rel: status.url for rel, status in statuses.items()
                if status is not None and status.draft}  # (None: a file gone meanwhile)
        return replace(outcome, drafts=tuple(sorted(saved & urls.keys())),
                       draft_addresses=draft_addresses(urls, tuple(langs)))

    def _run(self) -> Outcome:
        started = time.perf_counter()
        linked = linked_folder(self.root)  # made a link since the server started
        if linked is not None:
            raise UsageError(linked_message(linked))
        try:  # a source folder gone while serving: said in the words of `build`
            require_folders(self.root)
        except BuildFailed as failed:
            return Outcome(False, tuple(failed.report.items), frozenset(), time.perf_counter() - started)
        except UsageError as missing:
            return Outcome(False, (Diagnostic("templates", 0, 0, "error", str(missing)),), frozenset(),
                           time.perf_counter() - started)
        existed = self.out.is_dir()
        for attempt in (1, 2):
            site = self._site()
            try:
                result = site.run()
            except BuildFailed as failed:
                return Outcome(False, tuple(sorted(set(failed.report.items))), frozenset(),
                               time.perf_counter() - started)
            except Damaged:
                if attempt == 2:
                    raise
                self.close()
                remove_store(self.root / STORE)
                continue
            except Exception:  # its engine may be half-way through a level: not kept
                self.close()
                raise
            # the spare holds the last version of each page, but for a folder made again
            # (deleted meanwhile): its spare is then its twin, and every page would compare equal
            update = result.how == "update" and existed
            changed = {rel for rel in result.written
                       if not (update and rel.endswith(".html") and restyled_only(self.out, rel))}
            return Outcome(True, tuple(sorted(set(result.report.items))), frozenset(changed),
                           time.perf_counter() - started)
        raise AssertionError("unreachable")

    def close(self) -> None:
        search_jobs.stop_job(self.root / STORE, self.root / ".aze-cache")
        if self.site is not None:
            self.site.close()
            self.site = None
