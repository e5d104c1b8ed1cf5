"""Ingest from the page: bounded fetches of feed/article URLs, and uploaded files."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import threading

import pytest

from dashboard import ingest

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Clashes in Mosul</title><link>https://example.org/a</link>
<description>Fighting was reported in Mosul on Monday.</description></item></channel></rss>"""
ARTICLE = b"<html><head><title>Bomb in Kabul</title></head><body><p>A bomb hit Kabul.</p></body>"
RELEASE = threading.Event()  # set when the server stops: /slow answers only then


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the stdlib's name
        routes = {
            "/feed": ("application/rss+xml", FEED),
            "/article": ("text/html; charset=utf-8", ARTICLE),
            "/big": ("text/html", b"x" * 5000),
            "/slow": ("text/html", ARTICLE),
        }
        if self.path == "/slow":
            RELEASE.wait()  # never answers in time: held until the server stops
        if self.path not in routes:
            self.send_error(404, "Not Found")
            return
        kind, body = routes[self.path]
        with contextlib.suppress(OSError):  # the client may have given up (timeouts)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_saved_as_xml(server, tmp_path):
    got = ingest.fetch(server + "/feed", tmp_path, allow_private=True)
    assert got.path.suffix == ".xml" and got.path.read_bytes() == FEED
    assert got.content_type == "application/rss+xml"
    assert not list(tmp_path.glob("*.meta.json"))


def test_an_article_is_saved_with_a_sidecar_naming_its_url(server, tmp_path):
    got = ingest.fetch(server + "/article", tmp_path, allow_private=True)
    assert got.path.suffix == ".html"
    meta = json.loads(got.path.with_name(got.path.name + ".meta.json").read_text("utf-8"))
    assert meta == {"url": server + "/article", "source": server + "/article"}


def test_fetches_are_bounded_in_size_and_time(server, tmp_path):
    with pytest.raises(ingest.FetchError, match="larger than"):
        ingest.fetch(server + "/big", tmp_path, ingest.Limits(max_bytes=1000), allow_private=True)
    with pytest.raises(ingest.FetchError, match="did not answer within 0.5 s"):
        ingest.fetch(
            server + "/slow", tmp_path, ingest.Limits(read_timeout=0.5), allow_private=True
        )
    with pytest.raises(ingest.FetchError, match="404"):
        ingest.fetch(server + "/missing", tmp_path, allow_private=True)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/feed", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("http://exa mple.org/", "spaces"),
        ("http://127.0.0.1:9/feed", "local or private"),
        ("http://[::1]/feed", "local or private"),
        ("http://10.1.2.3/feed", "local or private"),
    ],
)
def test_bad_and_private_addresses_are_refused_before_any_request(url, message, tmp_path):
    with pytest.raises(ingest.FetchError, match=message):
        ingest.fetch(url, tmp_path)


def test_an_unresolvable_host_reads_as_offline(tmp_path):
    def fail(host, port):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    with pytest.raises(ingest.FetchError, match="offline"):
        ingest.fetch("https://news.example.org/feed.xml", tmp_path, resolve=fail)


def test_uploads_are_saved_under_safe_names_and_odd_files_refused(tmp_path):
    saved, refused = ingest.save_uploads(
        [
            ("../../etc/story.txt", b"A story"),
            ("feed.XML", FEED),
            ("photo.png", b"\x89PNG"),
            ("huge.html", b"x" * (ingest.MAX_UPLOAD_BYTES + 1)),
        ],
        tmp_path,
    )
    assert [p.name for p in saved] == ["000-story.txt", "001-feed.XML"]
    assert all(p.parent == tmp_path for p in saved)
    assert len(refused) == 2 and "photo.png" in refused[0] and "huge.html" in refused[1]


def test_an_upload_name_of_300_characters_is_saved_under_a_shortened_name(tmp_path):
    long_name = "Very long headline " * 16 + ".txt"  # 308 characters: over the 255-byte limit
    saved, refused = ingest.save_uploads([(long_name, b"A story"), ("x" * 400, b"?")], tmp_path)
    assert len(saved) == 1 and len(refused) == 1
    assert saved[0].read_bytes() == b"A story" and saved[0].suffix == ".txt"
    assert len(saved[0].name) <= 4 + ingest.MAX_SAVED_STEM + len(".txt")
    assert refused[0].startswith("x" * (ingest.MAX_SHOWN_NAME - 1) + "…: not an article file")


def test_an_upload_that_cannot_be_written_is_refused_in_words(tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "000-story.txt").mkdir()  # where the file would go: writing it fails
    saved, refused = ingest.save_uploads([("story.txt", b"A story")], folder)
    assert saved == [] and refused == [
        "story.txt: could not be saved on the server (Is a directory)"
    ]
