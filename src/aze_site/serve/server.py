"""`aze-site serve`: build, serve the result on loopback, watch the sources, rebuild what
changed, and tell every open page to reload, swap its CSS, or show what broke (and,
after a good build, its warnings).

The builder is a plug-in (`Builder`): the server hands it classified changes and gets
back an `Outcome`; `builder.SiteBuilder` (the default) is the build engine kept in
memory. The decisions (which change is which, which event an outcome sends) are pure
functions (`changes`, `event_for`), and `Dispatcher` needs no sockets, so all of it is
tested with a stub builder. The HTTP side lives in `http` (with the browser script in
`live.js`), the file watching in `watch`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Any

from aze_site.errors import Diagnostic, UsageError, WorkerLost, one_line
from aze_site.publish.lock import lasting_lock, write_holder
from aze_site.serve.builder import SiteBuilder
from aze_site.serve.changes import CONFIG, SERVE_DIR, Builder, BuilderFactory, Changes, Outcome, classify
from aze_site.serve.http import Event, Hub, LiveServer, bind
from aze_site.serve.watch import Watcher

# -- one rebuild at a time; what each outcome tells the pages ---------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def warnings_of(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics if d.level == "warning"]


def event_for(outcome: Outcome, was_ok: bool, build: int,
              before: tuple[Diagnostic, ...] = (), served: bool = True,
              drafts: dict[str, str] | None = None) -> Event | None:
    """The event open pages get after a rebuild; None when they need nothing.

    `before`: the diagnostics of the previous build. A good build's warnings reach the
    pages too: a reloaded page asks /__aze/status for them, a CSS swap carries them, and
    when nothing else changed but the warnings did, a `warnings` event sends them.
    `served`: whether a last good site is served (the overlay says what the page shows).
    `drafts`: the drafts' addresses when they changed (a draft saved, renamed, deleted or
    published): a page open at one says it is a draft's, or no longer.
    """
    if not outcome.ok:
        errors = sum(d.level == "error" for d in outcome.diagnostics)
        return Event("error", {"build": build, "errors": errors, "served": served,
                               "diagnostics": [str(d) for d in outcome.diagnostics]})
    warnings = warnings_of(outcome.diagnostics)
    told = {} if drafts is None else {"drafts": drafts}
    if was_ok and not outcome.changed:
        if warnings != warnings_of(before) or told:
            return Event("warnings", {"build": build, "warnings": warnings, **told})
        return None
    if was_ok and all(p.endswith(".css") for p in outcome.changed):
        return Event("css", {"build": build, "files": sorted(outcome.changed), "warnings": warnings,
                             **told})
    return Event("reload", {"build": build, "changed": len(outcome.changed),
                            **changed_pages(outcome.changed), "warnings": warnings, **told})


SEARCH_AND_DATA = ("pagefind/", "data/")  # no page shows these as they are
MANY = 500  # past this many pages, every open page reloads (the list would be heavy)


def changed_pages(changed: frozenset[str]) -> dict[str, object]:
    """What open pages need to know of a rebuild: which pages changed (None: too many to
    list), and whether something they may load besides their HTML changed."""
    pages = sorted(p for p in changed if p.endswith(".html"))
    assets = any(not p.endswith(".html") and not p.startswith(SEARCH_AND_DATA) for p in changed)
    return {"pages": pages if len(pages) <= MANY else None, "assets": assets}


def crash_diagnostic(exc: Exception, root: Path) -> Diagnostic:
    """A problem the builder did not report itself, as a diagnostic instead of a dead server.
    One that no file holds is said as `build` says it: 'aze-site: error: ...'."""
    if isinstance(exc, UsageError):
        return Diagnostic("aze-site", 0, 0, "error", str(exc))
    if isinstance(exc, OSError):
        name = exc.filename
        where = os.path.relpath(name, root) if isinstance(name, str) else "."
        return Diagnostic(Path(where).as_posix(), 0, 0, "error", exc.strerror or str(exc))
    if isinstance(exc, WorkerLost):
        return Diagnostic("aze-site", 0, 0, "error", str(exc))
    return Diagnostic("aze-site", 0, 0, "error", f"internal error: {exc!r}")


def _print_err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _print_out(line: str) -> None:
    print(line, flush=True)


class Dispatcher:
    """Runs one build at a time, prints its result and publishes what pages must do."""

    def __init__(self, builder: Builder, publish: Callable[[Event], None], root: Path,
                 say: Callable[[str], None] = _print_out,
                 complain: Callable[[str], None] = _print_err) -> None:
        self.builder, self.publish, self.root = builder, publish, root
        self.say, self.complain = say, complain
        self.boot = secrets.token_hex(4)  # tells a reconnecting page that the server restarted
        self._lock = threading.Lock()
        self._state: tuple[int, bool, tuple[Diagnostic, ...]] = (0, True, ())
        self._warned: frozenset[Diagnostic] = frozenset()
        self._drafts: dict[str, str] = {}  # the served site's drafts: address -> document

    def status(self) -> dict[str, Any]:
        """For /__aze/status: never waits for a running build."""
        build, ok, diagnostics = self._state
        return {"boot": self.boot, "build": build, "ok": ok, "served": self._served(),
                "diagnostics": [str(d) for d in diagnostics], "warnings": warnings_of(diagnostics),
                "drafts": self._drafts}

    def _served(self) -> bool:
        """Whether a site is served: none before a first build that succeeds."""
        return (self.builder.out / "index.html").is_file()

    def first_build(self) -> Outcome:
        return self._run(self.builder.build_all, "built")

    def apply(self, changes: Changes) -> Outcome | None:
        if not changes:
            return None
        names = [one_line(name) for name in changes.paths()]  # a name of bytes not UTF-8
        self.say(f"changed: {', '.join(names[:3])}" + (f" and {len(names) - 3} more" if len(names) > 3
                                                       else ""))
        if changes.config:
            return self._run(self.builder.build_all, "rebuilt")
        return self._run(lambda: self.builder.update(changes), "rebuilt")

    def _run(self, step: Callable[[], Outcome], verb: str) -> Outcome:
        with self._lock:
            build, was_ok, before = self._state
            try:
                outcome = step()
            except Exception as exc:  # noqa: BLE001 (whatever happens, the server stays up)
                outcome = Outcome(False, (crash_diagnostic(exc, self.root),), frozenset())
            self._state = (build + 1, outcome.ok, outcome.diagnostics)
            drafts = dict(outcome.draft_addresses)
            # a failed build serves the last good site, and its drafts
            changed = drafts if outcome.ok and drafts != self._drafts else None
            if changed is not None:
                self._drafts = changed
            self._report(outcome, verb)
            event = event_for(outcome, was_ok, build + 1, before, self._served(), changed)
            if event is not None:
                self.publish(event)
            return outcome

    def _report(self, outcome: Outcome, verb: str) -> None:
        if not outcome.ok:
            for diag in outcome.diagnostics:
                self.complain(str(diag))
            errors = sum(d.level == "error" for d in outcome.diagnostics)
            self.complain(f"build failed: {_plural(errors, 'error')}; "
                          + ("still serving the last good site" if self._served()
                             else "the browser shows what to fix"))
            self._warned = frozenset()
            return
        new = [d for d in outcome.diagnostics if d not in self._warned]  # no repeats per save
        for diag in new:
            self.complain(str(diag))
        gone = _mended(self._warned, outcome.diagnostics)  # a warning mended is said so
        self._warned = frozenset(outcome.diagnostics)
        changed = f": {_plural(len(outcome.changed), 'file')} changed" if verb == "rebuilt" else ""
        left = len(outcome.diagnostics)
        mended = f"; {_plural(gone, 'warning')} gone, {left or 'none'} left" if gone else ""
        self.say(f"{verb} in {outcome.seconds:.2f} s{changed}{mended}")
        for rel in outcome.drafts:
            self.say(f"{one_line(rel)} is a draft (draft: true): the preview leaves it out, as "
                     "a build does; `aze-site serve --drafts` shows drafts")


def _mended(before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> int:
    """How many warnings of `before` are gone from `after`: one that only moved (a line
    written above it) is still there."""
    def said(found: Iterable[Diagnostic]) -> Counter[tuple[str, str, str]]:
        return Counter((d.path, d.level, d.message) for d in set(found))

    return (said(before) - said(after)).total()


# -- the server -------------------------------------------------------------------------


LOCK = ".aze-cache/serve.lock"  # held by the server previewing the project; holds its address


def take_lock(root: Path) -> int:
    """The lock of the project's preview (which then says where it is served): two servers
    would build into the same folder and store, each over the other's pages."""
    fd = lasting_lock(root / LOCK)
    if fd is None:
        try:
            where = (root / LOCK).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            where = ""
        at = f" at {where}" if where.startswith("http://") and where.isprintable() else ""
        raise UsageError(f"another aze-site serve is previewing this project{at}: use that "
                         "one, or stop it first")
    return fd


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds cut short beside the serve folder."""
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(out.with_name(f".{out.name}.old"), ignore_errors=True)


class DevServer:
    """Everything `serve` runs, startable and stoppable from tests (no signals needed)."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000,
                 builder_factory: BuilderFactory = SiteBuilder, **watch: int) -> None:
        self.root = root.resolve()
        self.host, self.port, self.factory, self.watch = host, port, builder_factory, watch
        self.stop_event = threading.Event()
        self.hub = Hub()
        self.httpd: LiveServer | None = None
        self.builder: Builder | None = None
        self.watcher: Watcher | None = None
        self._http: threading.Thread | None = None
        self._lock: int | None = None
        self._stopped = False

    @property
    def url(self) -> str:
        """Where to open the preview here: for every address (`0.0.0.0`, `::`), this
        computer's own (a browser may refuse http://[::]/)."""
        shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(  # noqa: S104
            self.host, self.host)
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/"

    def start(self, rebuild_thread: bool = True) -> Outcome:
        """Bind, build once, serve. Without `rebuild_thread`, call `run()` to rebuild."""
        for folder in ("content", "templates"):
            if not (self.root / folder).is_dir():
                raise UsageError(f"{folder}/ folder not found in {self.root} (is --root right?)")
        self._lock = take_lock(self.root)
        builder = self.builder = self.factory(self.root, self.root / SERVE_DIR)
        dispatcher = Dispatcher(builder, self.hub.publish, self.root)
        try:
            self.httpd = bind(self.host, self.port, builder.out, self.hub, dispatcher.status)
        except BaseException:
            self._unlock()
            raise
        self.port = self.httpd.server_address[1]
        write_holder(self._lock, self.url)
        if hasattr(builder, "base_url"):  # pages link to this server, whatever site.yaml's
            builder.base_url = self.url  # base_url (a path such as /aze/ would not resolve here)
        self.watcher = Watcher(self.root, lambda burst: dispatcher.apply(classify(self.root, burst)),
                               self.stop_event, **self.watch)
        self.watcher.start(rebuild_thread)  # before the first build: no edit made during it is lost
        outcome = dispatcher.first_build()
        self._http = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                      name="aze-serve-http", daemon=True)
        self._http.start()
        self.watcher.ready.wait(5)
        return outcome

    def run(self) -> None:
        """Rebuild on changes in this thread until stopped (KeyboardInterrupt ends it too)."""
        if self.watcher is None:
            raise RuntimeError("start() first")
        self.watcher.rebuild_loop()

    def stop(self) -> None:
        """Stop watching, serving and streaming; finish a running build; clean up."""
        if self._stopped:
            return
        self._stopped = True
        self.stop_event.set()
        if self.httpd is not None:
            if self._http is not None:
                self.httpd.shutdown()
                self._http.join(5)
            self.httpd.server_close()
        self.hub.close(wait=2.0)
        if self.watcher is not None:
            self.watcher.join(timeout=15)  # a build in a rebuild thread finishes and tidies up
        if self.builder is not None:
            self.builder.close()
            remove_leftovers(self.builder.out)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # the lock goes with it (the file stays: removing it would race)
            self._lock = None

    def __enter__(self) -> DevServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def site_title(root: Path) -> str:
    """The greeting's name for the site: `title` of content/site.yaml, read as the build
    reads YAML (safe, bounded), on one line of printable characters; else the folder's name."""
    from aze_site.content.yamlsrc import yaml_data

    data = yaml_data(root, CONFIG)
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        return root.name
    return "".join(char if char.isprintable() else "?" for char in " ".join(title.split()))


def _install_signals() -> dict[int, Any]:
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}


def _quiet_signals(saved: dict[int, Any]) -> None:
    """While shutting down, a second Ctrl-C must not cut the clean-up short (it is bounded)."""
    for sig in saved:
        signal.signal(sig, signal.SIG_IGN)


def exposure(host: str) -> str | None:
    """The warning for a --host other computers can reach (None: this one only)."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return None
    where = host
    if host in ("0.0.0.0", "::"):  # noqa: S104 (names)
        where = f"{host} (every address of this computer)"
    elif not host:
        where = "every address of this computer"
    return (f"aze-site: warning: listening on {where}: the site is visible to other computers "
            "on the network")


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          builder_factory: BuilderFactory = SiteBuilder) -> int:
    """Run the dev server until Ctrl-C or SIGTERM; returns the exit status."""
    server = DevServer(root, host, port, builder_factory)
    saved = _install_signals()
    try:
        server.start(rebuild_thread=False)
        exposed = exposure(host)
        if exposed is not None:
            _print_err(exposed)
        _print_out(f"Serving {site_title(server.root)} at {server.url} (Ctrl-C to stop)")
        server.run()
    except KeyboardInterrupt:
        _print_out("stopping")
    finally:
        _quiet_signals(saved)
        try:
            server.stop()
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
    return 0
