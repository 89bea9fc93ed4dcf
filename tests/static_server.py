"""A static file server for the built site on 127.0.0.1, gzipping text as static hosts do.

GitHub Pages and most static hosts compress HTML, CSS, JS and JSON; the search index is 10x
smaller that way, which matters for page-load measurements. Used by the browser tests and by
the Lighthouse benchmark.
"""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                 "application/xml")


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def send_head(self):  # type: ignore[no-untyped-def]
        fs_path = Path(self.translate_path(self.path))
        if fs_path.is_dir() and self.path.split("?")[0].endswith("/"):
            fs_path = fs_path / "index.html"
        ctype = self.guess_type(str(fs_path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (fs_path.is_file() and wants_gzip and ctype.startswith(_COMPRESSIBLE)):
            return super().send_head()  # redirects, 404s, images, uncompressed clients
        body = gzip.compress(fs_path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (any free port by default); yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
