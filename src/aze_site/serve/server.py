"""`aze-site serve`: build, serve the result on loopback, watch the sources, rebuild what
changed, and tell every open page to reload, swap its CSS, or show what broke (and,
after a good build, its warnings).

The builder is a plug-in (`Builder`): the server hands it classified changes and gets
back an `Outcome`; `live.LiveBuilder` (the default) redoes only what each change
touches, `FullBuilder` simply rebuilds everything. The decisions (which
change is which, which event an outcome sends) are pure functions, and `Dispatcher`
needs no sockets, so all of it is tested with a stub builder. The HTTP side lives in
`http` (with the browser script in `live.js`), the file watching in `watch`.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import Any, Protocol

import yaml

from aze_site.errors import BuildFailed, Diagnostic, UsageError
from aze_site.serve.http import Event, Hub, LiveServer, bind
from aze_site.serve.watch import WATCHED, Watcher

SERVE_DIR = PurePosixPath(".aze-cache/serve/public")  # never public/: `build` owns that
CONFIG = "content/site.yaml"
ADDED, MODIFIED, DELETED = 1, 2, 3  # the values of watchfiles.Change


@dataclass(frozen=True)
class Outcome:
    ok: bool
    diagnostics: tuple[Diagnostic, ...]  # every diagnostic of the run, warnings included
    changed: frozenset[str]  # output paths (relative to out) written or removed
    seconds: float = 0.0


@dataclass(frozen=True)
class Changes:
    """One debounced burst of source changes, relative to the project root."""

    content_added: frozenset[str] = frozenset()  # appeared, or replaced (a save-as)
    content_modified: frozenset[str] = frozenset()
    content_deleted: frozenset[str] = frozenset()  # may be a folder moved away: all under it
    templates: frozenset[str] = frozenset()  # added, modified or deleted: look at the file
    static: frozenset[str] = frozenset()  # added, modified or deleted: look at the file
    config: bool = False  # content/site.yaml: rebuild everything

    def paths(self) -> list[str]:
        return sorted(self.content_added | self.content_modified | self.content_deleted
                      | self.templates | self.static | ({CONFIG} if self.config else set()))

    def __bool__(self) -> bool:
        return bool(self.paths())


class Builder(Protocol):
    out: Path  # the folder the server serves

    def build_all(self) -> Outcome: ...  # the first build, and after site.yaml changes

    def update(self, changes: Changes) -> Outcome: ...  # after a burst of source changes

    def close(self) -> None: ...


BuilderFactory = Callable[[Path, Path], Builder]  # (project root, output folder)


# -- what changed -----------------------------------------------------------------------

_IGNORED_DIRS = {".git", ".aze-cache", "__pycache__", ".hypothesis", "node_modules"}
_TEMP_FILE = re.compile(r"""(
      .*\.sw[a-px] | .*~ | 4913                                  # vim (4913: its write test)
    | \.\#.* | \#.*\#                                            # emacs lock links, autosaves
    | \.DS_Store                                                 # macOS
    | .*___jb_(tmp|old)___ | \.goutputstream-.* | .*\.crswap    # JetBrains, gedit, Chrome
    | .*\.kate-swp                                               # Kate (older ones: no dot)
    | ~\$.* | \.~lock\..*\#                                      # MS Office, LibreOffice locks
    | .*\.(?i:tmp|bak)                                           # many editors and tools
    | sed[A-Za-z0-9]{6}                                          # sed -i
)""", re.VERBOSE)


def ignored(rel: PurePosixPath) -> bool:
    """Editor temp files and folders no page is made from (the serve output is in .aze-cache)."""
    if rel.parts[:1] in (("public",), ("..",)) or _IGNORED_DIRS.intersection(rel.parts):
        return True
    return bool(_TEMP_FILE.fullmatch(rel.name))


def classify(root: Path, raw_changes: Iterable[tuple[int, str]],
             exists: Callable[[Path], bool] = os.path.lexists) -> Changes:
    """Sort raw watcher events (kind, absolute path) into the work each one needs.

    A burst can hold several events for one path and their order is lost; only then is
    `exists` asked: a path that is gone was deleted, one that is there was (re)added.
    """
    kinds: dict[str, set[int]] = {}
    for kind, path in raw_changes:
        rel = PurePosixPath(Path(os.path.relpath(path, root)).as_posix())
        if len(rel.parts) < 2 or rel.parts[0] not in WATCHED or ignored(rel):
            continue
        kinds.setdefault(rel.as_posix(), set()).add(int(kind))
    content: dict[int, set[str]] = {ADDED: set(), MODIFIED: set(), DELETED: set()}
    templates, static, config = set(), set(), False
    for rel_path, seen in kinds.items():
        top = rel_path.split("/", 1)[0]
        if rel_path == CONFIG:
            config = True
        elif top == "templates":
            templates.add(rel_path)
        elif top == "static":
            static.add(rel_path)
        elif len(seen) == 1:
            content[seen.pop()].add(rel_path)
        elif DELETED in seen:
            content[ADDED if exists(root / rel_path) else DELETED].add(rel_path)
        else:
            content[ADDED].add(rel_path)
    return Changes(frozenset(content[ADDED]), frozenset(content[MODIFIED]),
                   frozenset(content[DELETED]), frozenset(templates), frozenset(static), config)


# -- the simple builder -----------------------------------------------------------------

# A stylesheet edit changes its ?v= cache-buster in every page, and nothing else there:
# compared without it, those pages are unchanged and open tabs only need the new CSS.
_CSS_VERSION = re.compile(rb"(\.css)\?v=[0-9A-Za-z]+")


def fingerprints(out: Path) -> dict[str, tuple[int, str]]:
    """{relative path: (size, sha256)} of every file in `out`, HTML without CSS versions."""
    found: dict[str, tuple[int, str]] = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder, name)
            data = path.read_bytes()
            if name.endswith(".html"):
                data = _CSS_VERSION.sub(rb"\1?v=", data)
            found[path.relative_to(out).as_posix()] = (len(data), hashlib.sha256(data).hexdigest())
    return found


class FullBuilder:
    """Rebuilds the whole site on every change: slower than needed, never wrong.

    A failed build raises BuildFailed and leaves `out` as it was (the build publishes
    atomically), which is what keeps the last good site on screen.
    """

    def __init__(self, root: Path, out: Path, jobs: int = 1) -> None:
        self.root, self.out, self.jobs = root, out, jobs  # jobs=1: no worker processes to reap
        self._last: dict[str, tuple[int, str]] | None = None

    def build_all(self) -> Outcome:
        from aze_site.legacy.build import BuildOptions, build
        from aze_site.search import pagefind as search

        started = time.perf_counter()
        before = self._last if self._last is not None else fingerprints(self.out)
        try:
            result = build(BuildOptions(root=self.root, out=self.out, jobs=self.jobs, drafts=True))
        except BuildFailed as failed:
            return Outcome(False, tuple(sorted(set(failed.report.items))), frozenset(),
                           time.perf_counter() - started)
        after = self._last = fingerprints(self.out)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        if not any(p.endswith(".html") for p in changed):
            # The search index is made from the pages' bytes: with the pages the same but for
            # a stylesheet's ?v=, its changes are that ?v= too, and no open page needs them.
            changed = {p for p in changed if not p.startswith(f"{search.BUNDLE}/")}
        return Outcome(True, tuple(sorted(set(result.report.items))), frozenset(changed),
                       time.perf_counter() - started)

    def update(self, changes: Changes) -> Outcome:
        return self.build_all()

    def close(self) -> None:
        pass


def live_builder(root: Path, out: Path) -> Builder:
    """The dev server's own builder: redoes only what each edit touches (see `live`)."""
    from aze_site.legacy.live import LiveBuilder  # imported here: live builds on this module's types

    return LiveBuilder(root, out)


# -- one rebuild at a time; what each outcome tells the pages ---------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def warnings_of(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics if d.level == "warning"]


def event_for(outcome: Outcome, was_ok: bool, build: int,
              before: tuple[Diagnostic, ...] = ()) -> Event | None:
    """The event open pages get after a rebuild; None when they need nothing.

    `before`: the diagnostics of the previous build. A good build's warnings reach the
    pages too: a reloaded page asks /__aze/status for them, a CSS swap carries them, and
    when nothing else changed but the warnings did, a `warnings` event sends them.
    """
    if not outcome.ok:
        errors = sum(d.level == "error" for d in outcome.diagnostics)
        return Event("error", {"build": build, "errors": errors,
                               "diagnostics": [str(d) for d in outcome.diagnostics]})
    warnings = warnings_of(outcome.diagnostics)
    if was_ok and not outcome.changed:
        if warnings != warnings_of(before):
            return Event("warnings", {"build": build, "warnings": warnings})
        return None
    if was_ok and all(p.endswith(".css") for p in outcome.changed):
        return Event("css", {"build": build, "files": sorted(outcome.changed), "warnings": warnings})
    return Event("reload", {"build": build, "changed": len(outcome.changed)})


def crash_diagnostic(exc: Exception, root: Path) -> Diagnostic:
    """A problem the builder did not report itself, as a diagnostic instead of a dead server."""
    if isinstance(exc, UsageError):
        return Diagnostic(".", 0, 0, "error", str(exc))
    if isinstance(exc, OSError):
        name = exc.filename
        where = os.path.relpath(name, root) if isinstance(name, str) else "."
        return Diagnostic(Path(where).as_posix(), 0, 0, "error", exc.strerror or str(exc))
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

    def status(self) -> dict[str, Any]:
        """For /__aze/status: never waits for a running build."""
        build, ok, diagnostics = self._state
        return {"boot": self.boot, "build": build, "ok": ok,
                "diagnostics": [str(d) for d in diagnostics], "warnings": warnings_of(diagnostics)}

    def first_build(self) -> Outcome:
        return self._run(self.builder.build_all, "built")

    def apply(self, changes: Changes) -> Outcome | None:
        if not changes:
            return None
        names = changes.paths()
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
            except Exception as exc:  # whatever happens, the server stays up
                outcome = Outcome(False, (crash_diagnostic(exc, self.root),), frozenset())
            self._state = (build + 1, outcome.ok, outcome.diagnostics)
            self._report(outcome, verb)
            event = event_for(outcome, was_ok, build + 1, before)
            if event is not None:
                self.publish(event)
            return outcome

    def _report(self, outcome: Outcome, verb: str) -> None:
        if not outcome.ok:
            for diag in outcome.diagnostics:
                self.complain(str(diag))
            errors = sum(d.level == "error" for d in outcome.diagnostics)
            good = (self.builder.out / "index.html").is_file()
            self.complain(f"build failed: {_plural(errors, 'error')}; "
                          + ("still serving the last good site" if good
                             else "the browser shows what to fix"))
            self._warned = frozenset()
            return
        new = [d for d in outcome.diagnostics if d not in self._warned]  # no repeats per save
        for diag in new:
            self.complain(str(diag))
        self._warned = frozenset(outcome.diagnostics)
        changed = f": {_plural(len(outcome.changed), 'file')} changed" if verb == "rebuilt" else ""
        self.say(f"{verb} in {outcome.seconds:.2f} s{changed}")


# -- the server -------------------------------------------------------------------------


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds cut short beside the serve folder."""
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(out.with_name(f".{out.name}.old"), ignore_errors=True)


class DevServer:
    """Everything `serve` runs, startable and stoppable from tests (no signals needed)."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000,
                 builder_factory: BuilderFactory = live_builder, **watch: int) -> None:
        self.root = root.resolve()
        self.host, self.port, self.factory, self.watch = host, port, builder_factory, watch
        self.stop_event = threading.Event()
        self.hub = Hub()
        self.httpd: LiveServer | None = None
        self.builder: Builder | None = None
        self.watcher: Watcher | None = None
        self._http: threading.Thread | None = None
        self._stopped = False

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/"

    def start(self, rebuild_thread: bool = True) -> Outcome:
        """Bind, build once, serve. Without `rebuild_thread`, call `run()` to rebuild."""
        for folder in ("content", "templates"):
            if not (self.root / folder).is_dir():
                raise UsageError(f"{folder}/ folder not found in {self.root} (is --root right?)")
        builder = self.builder = self.factory(self.root, self.root / SERVE_DIR)
        dispatcher = Dispatcher(builder, self.hub.publish, self.root)
        self.httpd = bind(self.host, self.port, builder.out, self.hub, dispatcher.status)
        self.port = self.httpd.server_address[1]
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
        assert self.watcher is not None, "start() first"
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

    def __enter__(self) -> DevServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


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


def site_title(root: Path) -> str:
    """The greeting's name for the site: `title` of content/site.yaml, read safely (no
    tags, no objects), on one line of printable characters; else the folder's name."""
    try:
        data = yaml.load((root / CONFIG).read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        return root.name
    return "".join(char if char.isprintable() else "?" for char in " ".join(title.split()))


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          builder_factory: BuilderFactory = live_builder) -> int:
    """Run the dev server until Ctrl-C or SIGTERM; returns the exit status."""
    server = DevServer(root, host, port, builder_factory)
    saved = _install_signals()
    try:
        server.start(rebuild_thread=False)
        if host not in ("127.0.0.1", "localhost", "::1"):
            _print_err(f"aze-site: warning: listening on {host}: the site is visible to other "
                       "computers on the network")
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
