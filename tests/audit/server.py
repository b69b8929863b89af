"""A loopback static server for the audits that behaves like an ordinary static host:
text (HTML, CSS, JavaScript, JSON, SVG, XML) is sent gzip-compressed to clients that
accept it, as GitHub Pages, Netlify or any CDN do; a missing file gets the site's 404
page with status 404. Nothing else is changed: the files are the built site's, byte for byte.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/atom+xml", "application/geo+json")


class Handler(http.server.SimpleHTTPRequestHandler):
    # Not marked ClassVar: typeshed declares the stdlib attribute an instance variable (mypy refuses it).
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012 (see above)
                      ".js": "application/javascript", ".mjs": "application/javascript",
                      ".json": "application/json", ".geojson": "application/geo+json",
                      ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
                      ".wasm": "application/wasm", ".xml": "application/xml"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # the redirect to the folder's address
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its base URL (no trailing slash)."""
    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
