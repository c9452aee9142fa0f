"""The preview server: 127.0.0.1 only, nothing outside its folder, a reload signal after each rebuild."""

from __future__ import annotations

import http.client
import socket
import sys
from pathlib import Path

import pytest

from deckgen.preview.server import PreviewServer


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "seed.preview"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<p>the page</p>", encoding="utf-8")
    (root / "slide-01.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (root / "sub" / "inner.html").write_text("inner", encoding="utf-8")
    (root / ".index.html.part").write_text("half written", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dir-out").symlink_to(tmp_path)
    (root / "link-in.png").symlink_to(root / "slide-01.png")
    server = PreviewServer(root).start()
    yield server
    server.close()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)  # the path exactly as written: no client clean-up
        conn.putheader("Host", host or f"127.0.0.1:{server.port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_serves_the_preview_folder(served):
    assert get(served, "/") == (200, b"<p>the page</p>")
    assert get(served, "/index.html")[0] == 200
    assert get(served, "/slide-01.png") == (200, b"\x89PNG\r\n\x1a\nfake")
    assert get(served, "/sub/inner.html") == (200, b"inner")
    assert get(served, "/link-in.png")[0] == 200  # a link that stays inside is fine
    assert get(served, "/", host=f"localhost:{served.port}")[0] == 200


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/sub/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/..%5csecret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "//" + str(Path.cwd()),
    "/C:/Windows/win.ini", "/link-out.txt", "/dir-out/secret.txt", "/.index.html.part", "/missing.png",
    "/sub", "/secret.txt\x00.png".replace("\x00", "%00"),
])
def test_nothing_outside_the_folder(served, path):
    status, body = get(served, path)
    assert status == 404, (path, body)
    assert b"secret" not in body


def test_a_request_for_another_host_is_refused(served):
    assert get(served, "/", host="evil.example:80")[0] == 403  # a page elsewhere renamed to reach us


def test_listens_on_127_0_0_1_only(served):
    assert served.httpd.server_address[0] == "127.0.0.1"
    assert served.url == f"http://127.0.0.1:{served.port}/"
    if sys.platform.startswith("linux"):  # what the kernel says is listening on that port
        listening = []
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.split(":")
            if int(port, 16) == served.port and state == "0A":  # 0A: LISTEN
                listening.append(address)
        assert listening == ["0100007F"]  # 127.0.0.1, not 0.0.0.0
        for line in Path("/proc/net/tcp6").read_text().splitlines()[1:] if Path("/proc/net/tcp6").exists() else []:
            assert int(line.split()[1].split(":")[1], 16) != served.port or line.split()[3] != "0A"


def test_events_say_each_new_build(served):
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=10)
    try:
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        received = b""
        while b"data: 0\n\n" not in received:
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk
        assert b"text/event-stream" in received
        served.notify(7)
        while b"data: 7\n\n" not in received:
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk
    finally:
        sock.close()


def test_waiting_page_before_the_first_preview(tmp_path):
    server = PreviewServer(tmp_path / "not-yet.preview").start()
    try:
        status, body = get(server, "/")
        assert status == 200 and b"No preview yet" in body and b'EventSource("/events")' in body
        assert get(server, "/slide-01.png")[0] == 404
    finally:
        server.close()


# --- quiet and bounded (issue 26) ------------------------------------------------------------

def _idle(server) -> bool:
    """Whether every connection's thread has finished (all slots free again)."""
    import time

    from deckgen.preview import server as module

    for _ in range(200):
        if server.httpd.slots._value == module.MAX_CONNECTIONS:
            return True
        time.sleep(0.02)
    return False


def test_a_dropped_connection_prints_nothing(served, capfd):
    """A reload while pictures load: the browser resets connections mid-answer. That printed a
    traceback per request; it is no error."""
    import struct

    (served.root / "big.png").write_bytes(b"\x89PNG" + bytes(8 * 2**20))
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        sock.sendall(f"GET /big.png HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        sock.recv(100)  # the answer has begun
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # a reset, as a browser's cancelled request
    assert _idle(served)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert get(served, "/slide-01.png")[0] == 200  # and the server serves on


def test_connections_beyond_the_cap_get_503_at_once(tmp_path, monkeypatch):
    from deckgen.preview import server as module

    monkeypatch.setattr(module, "MAX_CONNECTIONS", 2)
    (tmp_path / "index.html").write_text("page", encoding="utf-8")
    server = PreviewServer(tmp_path).start()
    try:
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(2)]
        held[0].sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        assert b"200 OK" in held[0].recv(1000)  # both are being served (one keeps its connection open)
        status, body = get(server, "/")
        assert (status, body) == (503, b"busy\n")
        for sock in held:
            sock.close()
        assert _idle(server)
        assert get(server, "/") == (200, b"page")
    finally:
        server.close()


def test_event_streams_are_capped(tmp_path, monkeypatch):
    from deckgen.preview import server as module

    monkeypatch.setattr(module, "MAX_STREAMS", 1)
    server = PreviewServer(tmp_path).start()
    try:
        first = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        first.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        assert b"text/event-stream" in first.recv(1000)
        assert get(server, "/events")[0] == 503
        first.close()
    finally:
        server.close()


def test_a_silent_connection_is_closed_after_the_time_out(tmp_path, monkeypatch):
    from deckgen.preview import server as module

    monkeypatch.setattr(module._Handler, "timeout", 0.3)
    server = PreviewServer(tmp_path).start()
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest
        assert sock.recv(100) == b""  # closed by the server, well before the client's 5 s
        sock.close()
        assert _idle(server)
    finally:
        server.close()
