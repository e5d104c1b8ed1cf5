"""Feed and article servers on 127.0.0.1 for the watch tests, and the feeds they serve.

A :class:`Site` answers each path from a table the test sets and changes as it goes (a feed
that gains an item, a feed that fails and then recovers), with real validators: a route with
an ETag or a Last-Modified answers 304 to a request that sends it back. Every request is
logged (path and headers), so a test asserts what was asked, not only what came out. A
route may hold its answer until the server stops (a slow host): the handler waits on an
event, never a bare sleep.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from xml.sax.saxutils import escape

from tools.checks.hostile import ServerWithStop, serving

_QUOTE = {'"': "&quot;"}


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    hold: bool = False  # answer only when the server stops: a host slower than any deadline
    headers: dict[str, str] = field(default_factory=dict)


class Site(ServerWithStop):
    """One loopback web server: ``routes`` by path, ``requests`` as (path, headers) pairs."""

    daemon_threads = True
    request_queue_size = 32

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def serve(self, path: str, body: bytes | str, **route) -> str:
        """Answer ``path`` with ``body`` (and Route fields); returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **route)
        return self.url(path)

    def asked(self, path: str | None = None) -> list[tuple[str, dict[str, str]]]:
        """The requests so far, for ``path`` only when given."""
        with self._lock:
            return [r for r in self.requests if path is None or r[0] == path]

    def paths_asked(self) -> list[str]:
        """The paths asked so far, in order."""
        return [path for path, _ in self.asked()]

    def forget(self) -> None:
        """Start a new request log (say, before a second round)."""
        with self._lock:
            self.requests.clear()

    def handle_error(self, request, client_address) -> None:
        """Quiet: clients that give up (deadlines) are what some tests are for."""


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Site

    def do_GET(self):  # noqa: N802 - the stdlib's name
        with self.server._lock:
            self.server.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        if route.hold:
            self.server.stop.wait()
            return
        with contextlib.suppress(OSError):  # the client may have given up
            if self._unchanged(route):
                self.send_response(304)
                self._validators(route)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self._validators(route)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)

    def _unchanged(self, route: Route) -> bool:
        if route.status != 200:
            return False
        sent_tag = self.headers.get("If-None-Match")
        if sent_tag is not None and route.etag is not None:
            return sent_tag == route.etag
        sent_date = self.headers.get("If-Modified-Since")
        return sent_date is not None and sent_date == route.last_modified

    def _validators(self, route: Route) -> None:
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def running_site() -> Iterator[Site]:
    """A Site serving in a thread until the block ends (held answers released then)."""
    with serving(Site()) as site:
        yield site


# -- what the servers serve --------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One feed item: its link (None for an item without a page), title and summary."""

    link: str | None
    title: str
    summary: str
    guid: str | None = None


def http_date(epoch: float) -> str:
    """An HTTP date (Last-Modified) for a moment given in epoch seconds."""
    return formatdate(epoch, usegmt=True)


def rss(items: list[Item], title: str = "Wire") -> bytes:
    """An RSS 2.0 feed of ``items``."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}']
    parts.append("</title><link>http://example.org/</link><description>news</description>")
    for item in items:
        parts.append(f"<item><title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        parts.append(f"<description>{escape(item.summary)}</description>")
        parts.append("<pubDate>Mon, 07 Dec 2026 09:00:00 GMT</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(items: list[Item], title: str = "Desk") -> bytes:
    """An Atom feed of ``items``."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:desk</id><updated>2026-12-07T09:00:00Z</updated>",
    ]
    for number, item in enumerate(items):
        parts.append(f"<entry><title>{escape(item.title)}</title><id>urn:e{number}</id>")
        if item.link:
            parts.append(f'<link rel="alternate" href="{escape(item.link, _QUOTE)}"/>')
        parts.append("<updated>2026-12-07T09:00:00Z</updated>")
        parts.append(f"<summary>{escape(item.summary)}</summary></entry>")
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def article_page(title: str, paragraphs: list[str]) -> str:
    """An article's HTML page, with navigation trafilatura should leave out."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright 2026 Example News</footer></body></html>"
    )


def opml(feeds: list[tuple[str, str]]) -> str:
    """An OPML subscription list of (title, URL) pairs, nested in a folder as readers do."""
    outlines = "".join(
        f'<outline type="rss" text="{escape(title, _QUOTE)}" title="{escape(title, _QUOTE)}" '
        f'xmlUrl="{escape(url, _QUOTE)}"/>'
        for title, url in feeds
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>mine</title>'
        f'</head><body><outline text="News">{outlines}</outline></body></opml>'
    )
