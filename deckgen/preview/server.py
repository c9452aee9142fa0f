"""The preview server of `deckgen watch --preview`: the preview folder on 127.0.0.1, and a reload signal.

Why so small and so strict: it exists only for the browser on the same machine. It binds
127.0.0.1 (never another interface) on a free port, answers GET and HEAD for files inside
one preview folder and nothing else: a path with `..`, an absolute path, a hidden file, or
a link whose target lies outside the folder gets 404, as does a request whose Host is not
this server (a web page elsewhere cannot reach it by renaming itself, DNS rebinding).
/events is a server-sent-event stream that sends the build number whenever a rebuild has
written a new preview; the page reloads when the number is not its own. Standard library
only; every connection runs in its own daemon thread, so closing never waits for a browser.

Bounded and quiet: at most MAX_CONNECTIONS connections are served at once (of them at most
MAX_STREAMS event streams, one per open page); one more gets `503 Service Unavailable` with
`Retry-After` at once, without a thread. A connection that sends nothing for TIMEOUT
seconds (a request left half-written, a keep-alive connection left idle) is closed. A
browser that drops a connection (a reload while pictures load) is normal, not an error:
nothing is printed for it; anything else is one line, never a traceback.
"""

from __future__ import annotations

import mimetypes
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
KEEPALIVE = 10.0  # s between comments on an idle event stream (a closed browser is noticed then)
TIMEOUT = 15.0  # s a connection may stay silent, or a write may stall, before it is closed
MAX_CONNECTIONS = 64  # served at once; a browser opens about six per page
MAX_STREAMS = 16  # open pages listening for reloads
_DROPPED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Content-Length: 5\r\nConnection: close\r\n\r\nbusy\n")

WAITING_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>deckgen preview</title></head>
<body data-build="0" style="font: 16px system-ui, sans-serif; margin: 40px">
<p>No preview yet: the terminal running <code>deckgen watch</code> says why. Fix it and save; this page then
reloads by itself.</p>
<script>
var s = new EventSource("/events");
s.onmessage = function (e) { if (e.data !== "0") { s.close(); location.reload(); } };
</script></body></html>"""


def resolve(root: Path, url_path: str) -> Path | None:
    """The file inside `root` that a URL path names, or None (then: 404)."""
    raw = unquote(url_path)
    if not raw.startswith("/") or raw.startswith("//") or "\0" in raw or "\\" in raw:
        return None  # "//etc/passwd", "C:\\…": absolute paths are never served
    rel = raw[1:] or "index.html"
    parts = rel.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or ":" in p for p in parts):
        return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, *parts))
    if os.path.commonpath([real, real_root]) != real_root or not os.path.isfile(real):
        return None  # a link out of the folder, or nothing there
    return Path(real)


class PreviewServer:
    """Serves one preview folder on 127.0.0.1 at a free port; notify() tells pages to reload."""

    def __init__(self, root: Path, port: int = 0):
        self.root = root
        self.build = 0
        self.closing = False
        self.changed = threading.Condition()
        state = self

        class Handler(_Handler):
            server_state = state

        self.httpd = _Server((HOST, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="deckgen-preview-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> PreviewServer:
        self._thread.start()
        return self

    def notify(self, build: int) -> None:
        """A new preview is written: every open page hears `build` and reloads."""
        with self.changed:
            self.build = build
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    """A thread per connection, up to MAX_CONNECTIONS; dropped connections are not errors."""

    def __init__(self, *args, **kwargs):
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:  # answered here, in the accepting thread: a full server starts no thread
                request.settimeout(1.0)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, _DROPPED) or (isinstance(error, OSError) and error.errno in (32, 104, 110)):
            return  # the browser went away: a reload, a closed tab
        sys.stderr.write(f"deckgen preview server: {type(error).__name__}: {error}\n")


class _Handler(BaseHTTPRequestHandler):
    server_state: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = TIMEOUT  # on the socket: a silent or stalled connection ends, and frees its thread

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: the terminal shows the builds
        pass

    def _allowed_host(self) -> bool:
        port = self.server_state.port
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _send(self, code: int, data: bytes, kind: str, body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _serve(self, body: bool) -> None:
        if not self._allowed_host():
            self._send(403, b"forbidden\n", "text/plain; charset=utf-8", body)
            return
        path = urlsplit(self.path).path
        if path == "/events" and body:
            self._events()
            return
        found = resolve(self.server_state.root, path)
        if found is None and path in ("/", "/index.html"):
            self._send(200, WAITING_PAGE.encode(), "text/html; charset=utf-8", body)
            return
        if found is None:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
            return
        try:
            data = found.read_bytes()
        except OSError:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
            return
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        self._send(200, data, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), body)

    def _events(self) -> None:
        state = self.server_state
        streams = self.server.streams
        if not streams.acquire(blocking=False):
            self.close_connection = True
            self.send_response(503)
            self.send_header("Retry-After", "5")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            self._stream(state)
        finally:
            streams.release()

    def _stream(self, state) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = None
        try:
            while True:
                with state.changed:
                    if state.build == sent and not state.closing:
                        state.changed.wait(KEEPALIVE)
                    build, closing = state.build, state.closing
                if closing:
                    return
                if build != sent:
                    self.wfile.write(f"retry: 1000\ndata: {build}\n\n".encode())
                    sent = build
                else:
                    self.wfile.write(b": idle\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return
