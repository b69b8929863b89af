"""Live-reload benchmark: `aze-site serve` beside `hugo server` on a generated catalogue, in one run.

    python bench/serve_bench.py [--sites 5000] [--edits 20] [--seed 1] [--timeout 60]
                                [--start-timeout 1800] [--keep]

bench/catalogue.py writes the same catalogue of N sites twice in a temporary folder under
/tmp: as an aze-site project and as a Hugo project (theme: bench/hugo_theme/). Both dev
servers are started and left to finish their first build:

  aze-site  `python -m aze_site serve --root <project> --port 0`, ready when it prints
            "Serving <name> at http://...": it runs a copy of src/aze_site, templates/ and
            static/ taken when the run started (PYTHONPATH), so that edits to the
            repository during a long run cannot mix versions
  Hugo      `hugo server --source <project> --port <free port> --bind 127.0.0.1`, Hugo's
            defaults otherwise (fast render on, pages rendered to memory): what its users
            get; ready when it prints "Web Server is available at"

Each then has a "browser": the edited site's page is fetched once (as a tab that shows it)
and the live-reload channel is opened, Server-Sent Events `GET /__aze/events` for aze-site,
the livereload protocol over a WebSocket `/livereload` for Hugo (a minimal client below).

Each edit changes the body of the same site in both projects (catalogue.edit_one: the
middle file of content/sites/, two versions in turn), written as an editor saves (write,
flush, close). Before it, the channel must have been quiet for 1.5 s; the clock starts
right after the file is closed and stops when a `reload` message arrives. The page is then
fetched again, as the reloading browser does, and must show the edit (a stale page is a
failed edit). Edits alternate between the two servers, so both see the same background
load. An edit with no reload within --timeout seconds is a failure (three in a row: that
server is given up); events beyond the one expected (a second reload, an error) are
reported. The servers' output, timestamped as it arrives, also gives when each noticed the
save and the rebuild time it printed. At the end both servers get SIGINT (SIGKILL after
30 s). Each server's output goes to a log in the temporary folder, whose tail is printed
when something fails; the folder is deleted unless --keep, but for the logs when
something went wrong.

The table is printed and written as Markdown to bench/serve_results.md with the command,
date, machine, versions and load averages; the last line marks the target (median at most
200 ms and below Hugo's) as met or missed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from catalogue import edit_one, generate, generate_hugo
from common import table
from scale import machine, snapshot

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "serve_results.md"
HOST = "127.0.0.1"
TARGET_MS = 200.0
QUIET_S = 1.5  # no event for this long before an edit
GIVE_UP_AFTER = 3  # consecutive failed edits: stop measuring that server
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LIVERELOAD_HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
AZE_READY = re.compile(r"Serving .* at (http://\S+?/) \(Ctrl-C")
HUGO_READY = re.compile(r"Web Server is available at (\S+)")
AZE_NOTICED = re.compile(r"^changed: ")  # the server has seen the save
HUGO_NOTICED = re.compile(r"Change detected")
AZE_OWN = re.compile(r"rebuilt in ([0-9.]+) s")  # the server's own figure for a rebuild
HUGO_OWN = re.compile(r"Total in ([0-9.]+) ms")


class StreamClosed(Exception):
    """The server ended the live-reload connection."""


class ServerFailed(Exception):
    """A server exited or did not become ready in time."""


@dataclass(frozen=True)
class Event:
    name: str  # SSE: the event field; livereload: the command
    data: str  # the payload as sent
    at: float  # time.perf_counter() when it was complete


# -- a socket read with deadlines --------------------------------------------------------------


class Conn:
    """A TCP connection, read into a buffer with deadlines (time.perf_counter() values)."""

    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()

    def fill(self, deadline: float) -> bool:
        """Add what arrives before the deadline to the buffer; False if nothing did."""
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([self.sock], [], [], remaining)
        if not ready:
            return False
        data = self.sock.recv(65536)
        if not data:
            raise StreamClosed("the server closed the connection")
        self.buf += data
        return True

    def line(self, deadline: float) -> bytes | None:
        """One line with its end, or None at the deadline (a partial line stays buffered)."""
        while (end := self.buf.find(b"\n")) < 0:
            if not self.fill(deadline):
                return None
        out = bytes(self.buf[: end + 1])
        del self.buf[: end + 1]
        return out

    def response_head(self, deadline: float) -> tuple[int, dict[str, str]]:
        status = self.line(deadline)
        if status is None:
            raise StreamClosed("no response")
        headers: dict[str, str] = {}
        while (raw := self.line(deadline)) not in (b"\r\n", b"\n"):
            if raw is None:
                raise StreamClosed("incomplete response headers")
            key, _, value = raw.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        parts = status.decode("latin-1").split()
        return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0), headers

    def close(self) -> None:
        self.sock.close()


class Client(Protocol):
    def next(self, deadline: float) -> Event | None: ...

    def close(self) -> None: ...


class SseClient:
    """`GET /__aze/events`: `event:`/`data:` frames, comments (`: ping`) skipped."""

    def __init__(self, port: int, path: str = "/__aze/events") -> None:
        self.conn = Conn(port)
        self.conn.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                               "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode())
        status, headers = self.conn.response_head(time.perf_counter() + 10)
        if status != 200 or not headers.get("content-type", "").startswith("text/event-stream"):
            raise StreamClosed(f"{path}: HTTP {status}, {headers.get('content-type')!r}")
        if "chunked" in headers.get("transfer-encoding", ""):
            raise StreamClosed(f"{path}: chunked transfer encoding is not supported by this client")
        self.name = ""
        self.data: list[str] = []

    def next(self, deadline: float) -> Event | None:
        while (raw := self.conn.line(deadline)) is not None:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                if self.name or self.data:
                    event = Event(self.name or "message", "\n".join(self.data), time.perf_counter())
                    self.name, self.data = "", []
                    return event
            elif not line.startswith(":"):
                key, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if key == "event":
                    self.name = value
                elif key == "data":
                    self.data.append(value)
        return None

    def close(self) -> None:
        self.conn.close()


class LiveReloadClient:
    """Hugo's livereload: a WebSocket (RFC 6455, client frames masked), JSON text messages."""

    def __init__(self, port: int, path: str = "/livereload") -> None:
        self.conn = Conn(port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.conn.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://{HOST}:{port}\r\n\r\n".encode())
        status, headers = self.conn.response_head(time.perf_counter() + 10)
        # RFC 6455 derives the accept value with SHA-1; it is a handshake check, not security
        digest = hashlib.sha1((key + WS_GUID).encode(), usedforsecurity=False).digest()
        accept = base64.b64encode(digest).decode()
        if status != 101 or headers.get("sec-websocket-accept") != accept:
            raise StreamClosed(f"{path}: WebSocket handshake failed (HTTP {status})")
        self.parts: list[bytes] = []
        self._send(0x1, json.dumps(LIVERELOAD_HELLO).encode())

    def _send(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = bytes([0x80 | opcode, 0x80 | n])
        elif n < 1 << 16:
            head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        self.conn.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _frame(self) -> tuple[int, bool, bytes] | None:
        """The first whole frame in the buffer, taken out of it; None if there is none yet."""
        buf = self.conn.buf
        if len(buf) < 2:
            return None
        size, at = buf[1] & 0x7F, 2
        if size >= 126:
            width = 2 if size == 126 else 8
            if len(buf) < 2 + width:
                return None
            size, at = int.from_bytes(buf[2: 2 + width], "big"), 2 + width
        mask = b""
        if buf[1] & 0x80:  # servers must not mask, but be lenient
            mask, at = bytes(buf[at: at + 4]), at + 4
        if len(buf) < at + size:
            return None
        payload = bytes(buf[at: at + size])
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        fin, opcode = bool(buf[0] & 0x80), buf[0] & 0x0F
        del buf[: at + size]
        return opcode, fin, payload

    def next(self, deadline: float) -> Event | None:
        while True:
            frame = self._frame()
            if frame is None:
                if not self.conn.fill(deadline):
                    return None
                continue
            opcode, fin, payload = frame
            if opcode == 0x9:  # ping
                self._send(0xA, payload)
            elif opcode == 0x8:
                raise StreamClosed("the server sent a WebSocket close frame")
            elif opcode in (0x0, 0x1, 0x2):
                self.parts.append(payload)
                if fin:
                    text = b"".join(self.parts).decode("utf-8", "replace")
                    self.parts = []
                    try:
                        name = str(json.loads(text).get("command", "message"))
                    except (ValueError, AttributeError):
                        name = "message"
                    return Event(name, text, time.perf_counter())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send(0x8, b"\x03\xe8")
        self.conn.close()


# -- a server process with its log -------------------------------------------------------------


class Server:
    """A dev server in its own session; stdout and stderr timestamped into one log file."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str], log: Path,
                 ready: re.Pattern[str]) -> None:
        self.argv, self.log_path, self.ready_pattern = argv, log, ready
        self.started = time.perf_counter()
        self.lines: list[tuple[float, str, str]] = []  # (perf_counter, stream, text)
        self.ready_match: re.Match[str] | None = None
        self.ready_at = 0.0
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._log: IO[str] = log.open("w", encoding="utf-8")
        self._log.write(f"$ {' '.join(argv)}\n")
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     start_new_session=True)
        self._readers = [threading.Thread(target=self._read, args=(pipe, tag), daemon=True)
                         for pipe, tag in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))]
        for reader in self._readers:
            reader.start()

    def _read(self, pipe: IO[bytes] | None, tag: str) -> None:
        assert pipe is not None
        for raw in pipe:
            now = time.perf_counter()
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self._lock:
                self.lines.append((now, tag, text))
                self._log.write(f"{now - self.started:9.3f} {tag}: {text}\n")
                self._log.flush()
            if not self._ready.is_set() and (match := self.ready_pattern.search(text)):
                self.ready_match, self.ready_at = match, now
                self._ready.set()

    def wait_ready(self, timeout: float) -> re.Match[str]:
        deadline = time.perf_counter() + timeout
        while not self._ready.wait(0.5):
            if self.proc.poll() is not None:
                time.sleep(0.2)  # let the readers drain the pipes
                raise ServerFailed(f"exited with status {self.proc.returncode} before it was ready")
            if time.perf_counter() > deadline:
                raise ServerFailed(f"not ready after {timeout:.0f} s")
        assert self.ready_match is not None
        return self.ready_match

    def alive(self) -> bool:
        return self.proc.poll() is None

    def first_match(self, pattern: re.Pattern[str], start: float,
                    end: float) -> tuple[float, re.Match[str]] | None:
        """The first output line between start and end that matches: when, and the match."""
        with self._lock:
            for at, _, text in self.lines:
                if start <= at < end and (match := pattern.search(text)):
                    return at, match
        return None

    def stop(self, timeout: float = 30.0) -> str:
        """SIGINT, then SIGKILL after `timeout`; how it went, in words."""
        if self.proc.poll() is not None:
            how = f"had already exited with status {self.proc.returncode}"
        else:
            start = time.perf_counter()
            self.proc.send_signal(signal.SIGINT)  # as Ctrl-C
            try:
                self.proc.wait(timeout)
                how = (f"exited with status {self.proc.returncode} "
                       f"{time.perf_counter() - start:.1f} s after SIGINT")
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                how = f"did not exit within {timeout:.0f} s of SIGINT: killed"
        for reader in self._readers:
            reader.join(5)
        with self._lock:
            self._log.write(f"[bench] {how}\n")
            self._log.close()
        return how

    def tail(self, n: int = 25) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join("    " + line for line in lines[-n:])


# -- one tool under test -----------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    command: str  # as shown in the results
    project: Path
    server: Server
    connect: Callable[[], Client]
    noticed: re.Pattern[str]
    own: re.Pattern[str]
    own_unit: float  # factor from the server's figure to ms
    port: int = 0
    first_build_s: float = 0.0
    client: Client | None = None
    edits: list[tuple[int, float]] = field(default_factory=list)  # (edit number, t0)
    latencies: list[float] = field(default_factory=list)  # ms, the successful edits
    problems: list[str] = field(default_factory=list)
    failures: int = 0
    consecutive: int = 0
    gave_up: bool = False
    stopped: str = ""


def page_path(edited: Path) -> str:
    return f"/sites/{edited.stem}/"


def fetch(port: int, path: str, timeout: float = 30.0) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cache-Control": "no-cache"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def last_sentence(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip().rsplit("\n", 1)[-1]


def log(line: str) -> None:
    print(line, flush=True)


def note(tool: Tool, text: str, failure: bool = False) -> None:
    tool.problems.append(text)
    log(f"  {tool.name}: {'FAILED: ' if failure else ''}{text}")


def reconnect(tool: Tool) -> None:
    if tool.client is not None:
        with contextlib.suppress(OSError):
            tool.client.close()
        tool.client = None
    if not tool.server.alive():
        tool.gave_up = True
        note(tool, f"the server {tool.server.stop()}; log tail:\n{tool.server.tail()}", failure=True)
        return
    try:
        tool.client = tool.connect()
    except (OSError, StreamClosed) as exc:
        tool.gave_up = True
        note(tool, f"cannot reopen the live-reload channel: {exc}", failure=True)


def quiet(tool: Tool, edit: int, limit: float) -> None:
    """Read until the channel has been silent for QUIET_S; any event read is reported."""
    if tool.client is None:
        return
    end = time.perf_counter() + limit
    deadline = min(time.perf_counter() + QUIET_S, end)
    t0 = tool.edits[-1][1] if tool.edits else 0.0
    while True:
        try:
            event = tool.client.next(deadline)
        except (OSError, StreamClosed) as exc:
            note(tool, f"after edit {edit}: live-reload channel lost: {exc}")
            reconnect(tool)
            return
        if event is None:
            if time.perf_counter() >= end:
                note(tool, f"after edit {edit}: events kept coming for {limit:.0f} s")
            return
        if event.name != "hello":  # a reconnected channel greets again
            when = f" {1000 * (event.at - t0):.0f} ms after the save" if t0 else ""
            note(tool, f"after edit {edit}: extra `{event.name}` event{when}: {event.data}")
        deadline = min(event.at + QUIET_S, end)


def wait_for_reload(tool: Tool, edit: int, t0: float, deadline: float) -> Event | None:
    """The `reload` event that follows the save, or None: none came, an `error` came, the channel broke."""
    assert tool.client is not None
    try:
        while True:
            event = tool.client.next(deadline)
            if event is None:
                return None
            if event.name == "reload":
                return event
            if event.name == "error":
                note(tool, f"edit {edit}: `error` event {1000 * (event.at - t0):.0f} ms after the "
                     f"save: {event.data}", failure=True)
                return None
            if event.name != "hello":
                note(tool, f"edit {edit}: `{event.name}` event before the reload: {event.data}")
    except (OSError, StreamClosed) as exc:
        note(tool, f"edit {edit}: live-reload channel lost: {exc}", failure=True)
        reconnect(tool)
        return None


def missed_reload(tool: Tool, edit: int, timeout: float, t0: float, deadline: float) -> None:
    """Count an edit without a reload, report a late event, give the server up after too many."""
    tool.failures += 1
    tool.consecutive += 1
    if tool.client is not None and time.perf_counter() >= deadline:
        note(tool, f"edit {edit}: no reload within {timeout:.0f} s", failure=True)
        late = None
        try:
            late = tool.client.next(time.perf_counter() + timeout)
        except (OSError, StreamClosed):
            reconnect(tool)
        if late is not None:
            note(tool, f"edit {edit}: late `{late.name}` event {late.at - t0:.1f} s after the "
                 f"save: {late.data}")
    if tool.server.alive():
        log(f"  {tool.name} log tail:\n{tool.server.tail()}")
    if tool.consecutive >= GIVE_UP_AFTER:
        tool.gave_up = True
        note(tool, f"gave up after {GIVE_UP_AFTER} failed edits in a row", failure=True)


def one_edit(tool: Tool, edit: int, timeout: float) -> None:
    """Save the site file, wait for `reload`, fetch the page as the browser would."""
    assert tool.client is not None
    edited = edit_one(tool.project)  # read, then write + flush + close
    t0 = time.perf_counter()
    tool.edits.append((edit, t0))
    deadline = t0 + timeout
    reload = wait_for_reload(tool, edit, t0, deadline)
    if reload is None:
        missed_reload(tool, edit, timeout, t0, deadline)
        return
    tool.consecutive = 0
    ms = 1000 * (reload.at - t0)
    tool.latencies.append(ms)
    expected = last_sentence(edited)
    try:
        status, body = fetch(tool.port, page_path(edited))
        fresh = status == 200 and expected in body
        shown = "" if fresh else f"; STALE: HTTP {status}, the page lacks {expected!r}"
    except OSError as exc:
        fresh, shown = False, f"; the page could not be fetched: {exc!r}"
    if not fresh:  # a reload that shows the old page does not count as a success
        tool.failures += 1
        note(tool, f"edit {edit}: reload after {ms:.0f} ms{shown}", failure=True)
    log(f"  {tool.name:8} edit {edit:2}: {ms:7.0f} ms{shown}")


# -- the run -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start(tool: Tool, timeout: float, page: str) -> None:
    """Wait for the first build, open the page once, open the live-reload channel."""
    log(f"{tool.name}: first build ...")
    tool.server.wait_ready(timeout)
    tool.first_build_s = tool.server.ready_at - tool.server.started
    try:
        status, _ = fetch(tool.port, page)
        if status != 200:
            raise ServerFailed(f"{page} gave HTTP {status}")
        tool.client = tool.connect()
    except (OSError, StreamClosed) as exc:
        raise ServerFailed(f"cannot open {page} or the live-reload channel: {exc!r}") from exc
    log(f"{tool.name}: ready in {tool.first_build_s:.1f} s on port {tool.port}")


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(tool: Tool, edits: int) -> list[str]:
    """A table row: latencies, then from the server's output when it noticed each save and
    how long it says the rebuild took (medians over the edits whose lines were found)."""
    lat = tool.latencies
    noticed: list[float] = []
    own: list[float] = []
    for k, (_, t0) in enumerate(tool.edits):
        end = tool.edits[k + 1][1] if k + 1 < len(tool.edits) else float("inf")
        if found := tool.server.first_match(tool.noticed, t0, end):
            noticed.append(1000 * (found[0] - t0))
        if found := tool.server.first_match(tool.own, t0, end):
            own.append(float(found[1].group(1)) * tool.own_unit)
    cells = ([f"{statistics.median(lat):.0f}", f"{min(lat):.0f}", f"{max(lat):.0f}"] if lat
             else ["-", "-", "-"])
    return [tool.name, *cells, f"{len(lat)}/{edits}", f"{tool.first_build_s:.1f}",
            f"{statistics.median(noticed):.0f}" if noticed else "-",
            f"{statistics.median(own):.0f}" if own else "-"]


def tidy(base: Path, keep: bool, keep_logs: bool) -> None:
    """Delete the temporary folder; with keep_logs, all but the servers' logs."""
    if keep:
        log(f"kept {base}")
    elif keep_logs:
        for path in base.iterdir():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.suffix != ".log":
                path.unlink()
        log(f"server logs kept in {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class Run:
    """What one run measured, for the report."""

    command: str
    about: str
    sites: int
    edits: int
    page: str
    tools: list[Tool] = field(default_factory=list)
    loads: dict[str, str] = field(default_factory=dict)  # moment: load average
    leftovers: list[str] = field(default_factory=list)  # staging folders aze-site left


def measure(run: Run, base: Path, env: dict[str, str], timeout: float, start_timeout: float) -> int:
    """Start both servers, make the edits, stop the servers; the exit status."""
    aze_root, hugo_root = base / "aze", base / "hugo"
    quiet_limit = max(timeout, 20 * QUIET_S)  # events still coming after this: reported
    status = 0
    try:
        aze_cmd = [sys.executable, "-m", "aze_site", "serve", "--root", str(aze_root), "--port", "0"]
        aze = Tool("aze-site", "aze-site serve --port 0", aze_root,
                   Server(aze_cmd, base, env, base / "aze-serve.log", AZE_READY),
                   lambda: SseClient(aze.port), AZE_NOTICED, AZE_OWN, 1000.0)
        run.tools.append(aze)
        ready = aze.server.wait_ready(start_timeout)
        aze.port = int(ready.group(1).rstrip("/").rsplit(":", 1)[1])
        start(aze, start_timeout, run.page)
        hugo_port = free_port()
        hugo_cmd = ["hugo", "server", "--source", str(hugo_root), "--port", str(hugo_port),
                    "--bind", HOST]
        hugo = Tool("Hugo", f"hugo server --port {hugo_port} --bind {HOST}", hugo_root,
                    Server(hugo_cmd, hugo_root, dict(os.environ), base / "hugo-server.log",
                           HUGO_READY),
                    lambda: LiveReloadClient(hugo.port), HUGO_NOTICED, HUGO_OWN, 1.0,
                    port=hugo_port)
        run.tools.append(hugo)
        start(hugo, start_timeout, run.page)
        run.loads["with both servers ready"] = load_average()
        log(f"load average with both servers ready: {run.loads['with both servers ready']}\n"
            f"editing {run.page} ...")
        for edit in range(1, run.edits + 1):
            for tool in run.tools:
                if tool.gave_up:
                    continue
                quiet(tool, edit - 1, quiet_limit)
                if tool.client is not None and not tool.gave_up:
                    one_edit(tool, edit, timeout)
        for tool in run.tools:
            if not tool.gave_up:
                quiet(tool, run.edits, quiet_limit)
    except ServerFailed as exc:
        for failed in run.tools[-1:]:
            log(f"{failed.name} failed: {exc}\n{failed.server.tail(40)}")
        status = 1
    except KeyboardInterrupt:
        log("interrupted")
        status = 130
    finally:
        for tool in run.tools:
            if tool.client is not None:
                tool.client.close()
            tool.stopped = tool.server.stop()
            log(f"{tool.name}: {tool.stopped}")
    run.loads["at the end"] = load_average()
    run.leftovers = sorted(p.name for p in (aze_root / ".aze-cache" / "serve").glob(".*"))
    return status


def report(run: Run) -> None:
    """Print the results and write them to RESULTS."""
    rows = [["tool", "median ms", "min ms", "max ms", "edits", "first build s",
             "change noticed, median ms", "rebuild (its own figure), median ms"]]
    rows += [summary(tool, run.edits) for tool in run.tools]
    text = table(rows)
    aze, hugo = run.tools
    medians = {t.name: statistics.median(t.latencies) for t in run.tools if t.latencies}
    shown = {t.name: f"{medians[t.name]:.0f} ms" if t.name in medians else "none"
             for t in run.tools}
    both = aze.name in medians and hugo.name in medians
    ratio = f"{medians[aze.name] / medians[hugo.name]:.2f}x" if both else "n/a"
    met = (both and aze.failures == 0 and medians[aze.name] <= TARGET_MS
           and medians[aze.name] < medians[hugo.name])
    detail = (f"aze-site median {shown[aze.name]}, Hugo {shown[hugo.name]}, aze/Hugo {ratio}"
              + ("" if aze.failures == 0 else f"; {aze.failures} aze-site edit(s) failed or stale"))
    goal = f"<= {TARGET_MS:.0f} ms and below Hugo's"
    loads = "load average (1, 5, 15 min): " + "; ".join(f"{v} {k}" for k, v in run.loads.items())
    log(f"\n{run.sites:,} sites, {run.edits} edits of {run.page}\n{text}\n\n"
        f"aze/Hugo median: {ratio}\n{loads}\nTarget: {goal}: {'met' if met else 'MISSED'} "
        f"({detail})")
    md = ["# Live-reload benchmark: `aze-site serve` and `hugo server`", "",
          f"`{run.command}` on {dt.date.today().isoformat()}; {run.about}.", "",
          f"{run.sites:,} generated sites (bench/catalogue.py); {run.edits} edits of the body "
          f"of one site (`{run.page}`), the same edits in both projects, alternating between "
          "the two servers. Latency: from the moment the saved file is closed to the moment "
          "the live-reload channel delivers `reload` (aze-site: Server-Sent Events "
          "`/__aze/events`; Hugo: livereload WebSocket `/livereload`), with 1.5 s of quiet "
          "before each save. After each reload the page is fetched and must show the edit. "
          "*First build s*: from starting the server to its ready line. *Change noticed*: from "
          "the save to the server's first line about it (aze-site `changed:`, Hugo `Change "
          "detected`), read from its output as it comes, i.e. the watcher's share of the "
          "latency. *Rebuild*: the time the server prints for the rebuild (aze-site "
          "`rebuilt in`, Hugo `Total in`).", "",
          f"Commands: `{aze.command}` (from a copy of src/aze_site, templates/ and static/ taken "
          f"at the start); `{hugo.command}` (Hugo's defaults: fast render, pages in memory).", "",
          text, "",
          f"aze/Hugo median: {ratio}. The {loads}.", ""]
    for tool in run.tools:
        values = ", ".join(f"{ms:.0f}" for ms in tool.latencies) or "none"
        md.append(f"- {tool.name} latencies in order (ms): {values}; stopped: {tool.stopped}.")
    if run.leftovers:
        md.append(f"- aze-site left in .aze-cache/serve/ after exiting: {', '.join(run.leftovers)}.")
    problems = [(tool.name, p) for tool in run.tools for p in tool.problems]
    if problems:
        md += ["", "## Problems seen", ""]
        md += [f"- {name}: " + p.replace("\n", "\n  ") for name, p in problems]
    md += ["", "## Target", "", f"- **{'met' if met else 'missed'}**: {goal} ({detail})", ""]
    RESULTS.write_text("\n".join(md), encoding="utf-8")
    log(f"\nwritten {RESULTS.relative_to(BENCH.parent)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=5000, help="number of sites (default: 5000)")
    parser.add_argument("--edits", type=int, default=20, help="edits per server (default: 20)")
    parser.add_argument("--seed", type=int, default=1, help="catalogue seed (default: 1)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds an edit may take to give a reload (default: 60)")
    parser.add_argument("--start-timeout", type=float, default=1800.0,
                        help="seconds a first build may take (default: 1800)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if shutil.which("hugo") is None:
        parser.error("hugo is not installed (Debian: apt-get install hugo)")
    command = (f"python bench/serve_bench.py --sites {args.sites} --edits {args.edits}"
               + (f" --seed {args.seed}" if args.seed != 1 else "")
               + (f" --timeout {args.timeout:g}" if args.timeout != 60 else ""))
    base = Path(tempfile.mkdtemp(prefix="aze-serve-bench-", dir="/tmp"))
    env = dict(snapshot(base), PYTHONUNBUFFERED="1")
    run = Run(command, machine(env), args.sites, args.edits, "")
    run.loads["at the start"] = load_average()
    log(f"{command}\n{run.about}\nload average at the start: {run.loads['at the start']}\n"
        f"generating {args.sites:,} sites in {base} ...")
    generate(base / "aze", args.sites, args.seed, theme=base / "theme")
    generate_hugo(base / "hugo", args.sites, args.seed, theme=base / "theme")
    aze_sites = sorted(p.name for p in (base / "aze" / "content" / "sites").glob("*.md"))
    hugo_sites = sorted(p.name for p in (base / "hugo" / "content" / "sites").glob("*.md")
                        if not p.name.startswith("_"))
    if aze_sites != hugo_sites:  # edit_one must pick the same site in both
        log("the two projects do not have the same site files")
        tidy(base, args.keep, keep_logs=False)
        return 1
    run.page = page_path(Path(aze_sites[len(aze_sites) // 2]))
    status = measure(run, base, env, args.timeout, args.start_timeout)
    if status == 0:
        report(run)
    for tool in run.tools:
        if tool.problems or status:
            log(f"{tool.name} log: {tool.server.log_path}")
    tidy(base, args.keep, keep_logs=bool(status) or any(tool.problems for tool in run.tools))
    return status


if __name__ == "__main__":
    sys.exit(main())
