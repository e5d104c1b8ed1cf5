"""Hostile HTTP servers on loopback, for the fetch tests and ``python -m tools.checks fetch``.

One threaded server answers by path, each path a way to hold or flood a client:

- ``/article``: a small HTML article (the Host header it saw is recorded in ``seen_hosts``);
- ``/drip-body``: headers, then one body byte every ``interval`` seconds, never ending;
- ``/drip-headers``: the status line, then one header byte every ``interval`` seconds;
- ``/silent``: reads the request and never answers;
- ``/endless``: a body without a length, sent as fast as the client reads, never ending;
- ``/gzip-bomb``: ``BOMB_MB`` MB of zeros, gzip-compressed (about a thousandth of that sent);
- ``/redirect?to=URL``: a 302 to ``URL``; ``/loop``: a 302 to itself.

Dripping waits on the server's stop event (never a bare sleep), and every handler gives up as
soon as the client hangs up or the server stops.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

ARTICLE = b"<html><head><title>Bomb in Kabul</title></head><body><p>A bomb hit Kabul.</p></body>"
BOMB_MB = 50


@functools.cache
def gzip_bomb() -> bytes:
    """``BOMB_MB`` MB of zeros, gzip-compressed (computed once)."""
    return gzip.compress(b"\0" * (BOMB_MB * 1_000_000), compresslevel=9)


class ServerWithStop(http.server.ThreadingHTTPServer):
    """A threaded server whose ``stop`` event its handlers wait on instead of sleeping."""

    stop: threading.Event


class HostileServer(ServerWithStop):
    """The server: ``interval`` between dripped bytes, ``stop`` ends every handler."""

    daemon_threads = True
    # Every scenario of the campaign connects at once: the default backlog of 5 would make
    # the others wait a second for a SYN retry.
    request_queue_size = 64

    def __init__(self, interval: float = 0.1):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.interval = interval
        self.stop = threading.Event()
        self.seen_hosts: list[str] = []
        self.requests: list[str] = []

    def handle_error(self, request, client_address) -> None:
        """Stay quiet: clients hanging up mid-answer is what these servers are for."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the stdlib's name
        path = urlsplit(self.path).path
        self.server.requests.append(self.path)
        self.server.seen_hosts.append(self.headers.get("Host", ""))
        handler = getattr(self, "_" + path.strip("/").replace("-", "_"), None)
        with contextlib.suppress(OSError):  # the client hung up: that is the point
            if handler is None:
                self.send_error(404, "Not Found")
            else:
                handler()

    def _article(self):
        self._head(200, "text/html; charset=utf-8", len(ARTICLE))
        self.wfile.write(ARTICLE)

    def _drip_body(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self._drip(b"<p>" + b"x" * 1_000_000)

    def _drip_headers(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        self._drip(b"X-Drip: " + b"y" * 60_000 + b"\r\n")

    def _silent(self):
        self.server.stop.wait()

    def _endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        block = b"<p>" + b"z" * 65_533
        while not self.server.stop.is_set():
            self.wfile.write(block)

    def _gzip_bomb(self):
        body = gzip_bomb()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self):
        target = parse_qs(urlsplit(self.path).query).get("to", ["/article"])[0]
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _loop(self):
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _head(self, status: int, kind: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _drip(self, data: bytes) -> None:
        for byte in data:
            if self.server.stop.wait(self.server.interval):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def hostile_server(interval: float = 0.1) -> Iterator[HostileServer]:
    """A running :class:`HostileServer` on 127.0.0.1, stopped (every handler too) on exit."""
    with serving(HostileServer(interval)) as server:
        yield server


@contextlib.contextmanager
def serving(server: ServerWithStop) -> Iterator[ServerWithStop]:
    """``server`` answering from a thread for the block; on exit its ``stop`` event is set
    (handlers waiting on it give up), then it shuts down and closes."""
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
