"""The browser side of `aze-site serve`: safe file lookup, the HTTP handler, the event
streams that tell open pages to reload; the live script itself is `live.js`.

Nothing here knows about builds: the server object hands the handler the output
folder, a Hub of event streams and a status callable, so this module is usable and
testable on its own. The live script is added to HTML responses as they are sent;
files on disk never contain it, so `aze-site build` output never does either.
"""

from __future__ import annotations

import errno
import http.server
import ipaddress
import json
import mimetypes
import os
import queue
import re
import shutil
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote, urlsplit

from aze_site.errors import UsageError

LIVE_JS = files("aze_site.serve").joinpath("live.js").read_text(encoding="utf-8")
PREFIX = "/__aze/"
SCRIPT_TAG = b'<script src="/__aze/live.js"></script>'
PING_SECONDS = 15.0  # a comment line this often finds closed tabs and keeps proxies awake

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}


def content_type(path: str | os.PathLike[str]) -> str:
    """Explicit types first: the platform's mimetypes table differs between machines."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(os.fspath(path), strict=False)
    return guessed or "application/octet-stream"


# -- which file a request may read ------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Lookup:
    path: Path | None  # the file to send; None: a miss
    redirect: str | None = None  # a folder asked for without its slash: send the browser here


MISS = Lookup(None)


def _inside(base: str, target: str) -> bool:
    return target == base or target.startswith(base.rstrip(os.sep) + os.sep)


def lookup(out: Path, url_path: str) -> Lookup:
    """The file under `out` that `url_path` names, or a miss; never a file outside `out`.

    The path is percent-decoded once (so '%252e%252e' stays the literal name '%2e%2e');
    NUL, backslashes, '..' segments and drive letters are refused outright rather than
    normalised, and after symbolic links are resolved the file must still be in `out`.
    """
    raw, _, query = url_path.split("#", 1)[0].partition("?")
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return MISS
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        return MISS
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." or _DRIVE.match(p) for p in parts):
        return MISS
    base = os.path.realpath(out)
    target = os.path.realpath(os.path.join(base, *parts))
    if not _inside(base, target):
        return MISS
    if os.path.isdir(target):  # a folder is its index.html; never a listing
        index = os.path.realpath(os.path.join(target, "index.html"))
        if not _inside(base, index) or not os.path.isfile(index):
            return MISS
        if parts and not decoded.endswith("/"):
            # Rebuilt from the checked segments: a raw '//host' must not become a redirect.
            again = "/" + "/".join(quote(p) for p in parts) + "/"
            return Lookup(Path(index), again + (f"?{quote(query, safe='=&+%')}" if query else ""))
        return Lookup(Path(index))
    if decoded.endswith("/"):  # a file is no folder: 'page.html/' names nothing, as on a host
        return MISS
    return Lookup(Path(target)) if os.path.isfile(target) else MISS


def resolve_request(out: Path, url_path: str) -> Path | None:
    """The file a request for `url_path` reads, or None (see `lookup`)."""
    return lookup(out, url_path).path


MISSING_TAG = b'<script src="/__aze/live.js" data-missing></script>'  # on the 404 page


def inject_live_script(html: bytes, tag: bytes = SCRIPT_TAG) -> bytes:
    """Put the live script before the last </body> (or at the end of a fragment)."""
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


def prepare_body(ctype: str, body: bytes) -> bytes:
    """Only HTML pages get the live script: CSS, feeds and data files are sent as built."""
    return inject_live_script(body) if ctype.startswith("text/html") else body


FALLBACK_404 = (b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                b"<title>Not found</title></head><body><h1>Not found</h1>"
                b"<p>There is no page at this address (and no 404.html in the built site).</p>"
                b"</body></html>")


# -- event streams ----------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    name: str  # hello | reload | css | error | warnings
    data: dict[str, Any] = field(default_factory=dict)

    def encode(self) -> bytes:
        return f"event: {self.name}\ndata: {json.dumps(self.data, ensure_ascii=False)}\n\n".encode()


Stream = queue.Queue[Event | None]  # None: the server is stopping; end the stream


class Hub:
    """Every open page's event stream; publish() sends one event to all of them."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._streams: set[Stream] = set()
        self._closed = False

    def subscribe(self) -> Stream:
        stream: Stream = queue.Queue()
        with self._lock:
            if self._closed:
                stream.put(None)
            self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: Stream) -> None:
        with self._lock:
            self._streams.discard(stream)
            self._lock.notify_all()

    def publish(self, event: Event) -> None:
        with self._lock:
            for stream in self._streams:
                stream.put(event)

    @property
    def clients(self) -> int:
        with self._lock:
            return len(self._streams)

    def close(self, wait: float = 2.0) -> bool:
        """End every stream; True once all their threads have let go (within `wait` s)."""
        with self._lock:
            self._closed = True
            for stream in self._streams:
                stream.put(None)
            return self._lock.wait_for(lambda: not self._streams, timeout=wait)


# -- HTTP -------------------------------------------------------------------------------

Status = Callable[[], dict[str, Any]]


def host_allowed(header: str | None, named: str) -> bool:
    """Whether a request's Host is one the server answers: localhost (and names under it),
    an IP address, or the --host it was given. A page on another name that the attacker's
    DNS then points at 127.0.0.1 (DNS rebinding) would otherwise read the preview, drafts
    and diagnostics included; its requests carry that name."""
    if header is None:  # HTTP/1.0 without one: no name to rebind
        return True
    try:
        name = (urlsplit(f"//{header.strip()}").hostname or "").rstrip(".")  # localhost. too
    except ValueError:  # '[::1' and the like: no name to answer to (a 403, not a dropped request)
        return False
    if name in ("localhost", named) or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class LiveServer(http.server.ThreadingHTTPServer):
    """The HTTP server, carrying what its handlers need: where files are, the hub, the status."""

    daemon_threads = True
    # socketserver listens with a backlog of 5: a page that loads many files at once, or
    # several open tabs reloading together, would see connections dropped and retried
    # after seconds. The kernel caps it at net.core.somaxconn (4096 on current Linux).
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], out: Path, hub: Hub, status: Status) -> None:
        self.out, self.hub, self.status = out, hub, status
        self.named = address[0].strip("[]").lower()  # the --host given
        super().__init__(address, LiveHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, not socketserver's traceback: the terminal is for build results."""
        error = sys.exc_info()[1]
        print(f"aze-site: warning: request from {client_address[0]} failed: {error!r}", file=sys.stderr)


class LiveServer6(LiveServer):
    address_family = socket.AF_INET6


class LiveHandler(http.server.BaseHTTPRequestHandler):
    server_version = "aze-site-serve"
    sys_version = ""

    @property
    def app(self) -> LiveServer:
        return cast(LiveServer, self.server)

    def log_message(self, format: str, *args: Any) -> None:
        """Editors watch the terminal for build results, not for one line per request."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.app.named):
            self._send(403, TYPES[".txt"], b"aze-site serve answers requests for localhost, "
                       b"an IP address or the --host it was given\n", head)
            return
        target = self.path
        if not target.startswith("/"):  # absolute-form request target
            target = urlsplit(target).path or "/"
        path = target.split("?", 1)[0]
        try:
            if path == PREFIX + "events" and not head:
                self._events()
            elif path == PREFIX + "live.js":
                self._send(200, TYPES[".js"], LIVE_JS.encode(), head)
            elif path == PREFIX + "status":
                body = json.dumps(self.app.status(), ensure_ascii=False).encode()
                self._send(200, TYPES[".json"], body, head)
            elif path.startswith(PREFIX):
                self._not_found(head)
            else:
                self._file(target, head)
        except (ConnectionError, TimeoutError):
            pass  # the browser went away (a reload, a closed tab): nothing to tell anyone

    def _file(self, target: str, head: bool) -> None:
        found = lookup(self.app.out, target)
        if found.redirect:
            self._send(301, TYPES[".txt"], b"", head, location=found.redirect)
            return
        if found.path is None:
            self._not_found(head)
            return
        ctype = content_type(found.path)
        try:
            if ctype.startswith("text/html"):
                self._send(200, ctype, prepare_body(ctype, found.path.read_bytes()), head)
                return
            with open(found.path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                self._headers(200, ctype, size)
                if not head:
                    shutil.copyfileobj(f, self.wfile)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
            self._not_found(head)  # e.g. swapped away by a rebuild between lookup and open

    def _not_found(self, head: bool) -> None:
        page = resolve_request(self.app.out, "/404.html")
        try:
            body = page.read_bytes() if page else FALLBACK_404
        except OSError:
            body = FALLBACK_404
        # marked, so that a tab showing it reloads when the 404 page changes too
        self._send(404, TYPES[".html"], inject_live_script(body, MISSING_TAG), head)

    def _headers(self, code: int, ctype: str, length: int, location: str | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if location:
            self.send_header("Location", location)
        self.end_headers()

    def _send(self, code: int, ctype: str, body: bytes, head: bool, location: str | None = None) -> None:
        self._headers(code, ctype, len(body), location)
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """One long response per open page: an event after each rebuild."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        stream = self.app.hub.subscribe()
        try:
            status = self.app.status()
            hello = Event("hello", {"boot": status["boot"], "build": status["build"]})
            self.wfile.write(b"retry: 1000\n\n" + hello.encode())
            while True:
                try:
                    event = stream.get(timeout=PING_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": ping\n\n")
                    continue
                if event is None:
                    return
                self.wfile.write(event.encode())
        finally:
            self.app.hub.unsubscribe(stream)


def bind(host: str, port: int, out: Path, hub: Hub, status: Callable[[], dict[str, Any]]) -> LiveServer:
    """Listen on host:port; a port in use is a usage error with a way out."""
    cls = LiveServer6 if ":" in host else LiveServer
    try:
        return cls((host, port), out, hub, status)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use; try --port 0 for a free one") from None
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
