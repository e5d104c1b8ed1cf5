"""Fetching a URL from the page: deadline, rate floor, size cap, rebinding and redirects.

Every server is a hostile one on 127.0.0.1 (tools/checks/hostile.py). Names that should
resolve to public addresses are answered by a substituted resolver, and the connection to that
public address is routed to the loopback server by a substituted connector, so the tests see
exactly which address each fetch connected to without leaving the machine.
"""

from __future__ import annotations

import gzip
import socket
import time

import pytest

from dashboard import ingest
from newsmap import fetching
from newsmap.fetching import FetchRefused, FetchTimedOut, FetchTooLarge, Limits
from tools.checks.hostile import ARTICLE, BOMB_MB, hostile_server

PUBLIC = "93.184.216.34"  # a global address: only ever reached through the test's connector


@pytest.fixture
def server():
    with hostile_server(interval=0.05) as running:
        yield running


class Route:
    """A connector that records each (address, port) and routes PUBLIC to the loopback server."""

    def __init__(self, server):
        self.port = server.server_address[1]
        self.calls: list[tuple[str, int]] = []

    def __call__(self, address, timeout):
        self.calls.append(address)
        host, port = address
        if host != PUBLIC:
            raise AssertionError(f"connected to {host}, which the test never routes")
        return socket.create_connection(("127.0.0.1", self.port), timeout)


def resolver(answers):
    """A resolver answering each name its addresses from ``answers``.

    A tuple of address lists is answered in turn, one list a question: a rebinding name.
    """
    asked = []

    def resolve(host, port):
        asked.append(host)
        answer = answers[host]
        if isinstance(answer, tuple):
            answers[host] = answer[1:]
            return answer[0]
        return answer

    resolve.asked = asked
    return resolve


def test_a_server_dripping_its_body_is_cut_at_the_deadline(server):
    limits = Limits(deadline=1.0, min_rate=0)
    start = time.monotonic()
    with pytest.raises(FetchTimedOut, match="longer than 1 s"):
        fetching.get(server.url + "/drip-body", limits, allow_private=True)
    assert time.monotonic() - start < 5  # at the deadline, not after 10 MB of drips


@pytest.mark.parametrize(
    ("path", "limits"),
    [
        ("/drip-headers", Limits(deadline=1.0, min_rate=0)),  # headers a byte at a time
        ("/silent", Limits(deadline=1.0, read_timeout=30.0)),  # before the read timeout
    ],
)
def test_a_server_dripping_its_headers_or_never_answering_is_cut_at_the_deadline(
    server, path, limits
):
    start = time.monotonic()
    with pytest.raises(FetchTimedOut, match="longer than 1 s"):
        fetching.get(server.url + path, limits, allow_private=True)
    assert time.monotonic() - start < 5


def test_a_server_sending_under_the_rate_floor_is_cut_after_the_grace_period(server):
    limits = Limits(deadline=60.0, min_rate=1000, rate_grace=0.5)
    start = time.monotonic()
    with pytest.raises(FetchTimedOut, match="slower than 1,000 bytes a second"):
        fetching.get(server.url + "/drip-body", limits, allow_private=True)
    assert time.monotonic() - start < 10


def test_the_deadline_counts_every_redirect_of_one_fetch(server):
    clock_calls = iter(range(1000))  # each look at the clock is one more second
    limits = Limits(deadline=3.0, min_rate=0)
    url = server.url + "/redirect?to=/redirect%3Fto%3D/article"
    with pytest.raises(FetchTimedOut, match="longer than 3 s"):
        fetching.get(url, limits, allow_private=True, clock=lambda: float(next(clock_calls)))


def test_a_never_ending_body_is_cut_at_the_size_cap(server):
    with pytest.raises(FetchTooLarge, match="larger than 0.1 MB"):
        fetching.get(server.url + "/endless", Limits(max_bytes=100_000), allow_private=True)


def test_a_gzip_bomb_is_cut_at_the_size_cap_once_decompressed(server):
    limits = Limits(max_bytes=1_000_000)
    with pytest.raises(FetchTooLarge, match="larger than 1 MB"):
        fetching.get(server.url + "/gzip-bomb", limits, allow_private=True)
    assert len(gzip.decompress(fetching_bomb())) == BOMB_MB * 1_000_000  # a real bomb


def fetching_bomb() -> bytes:
    from tools.checks.hostile import gzip_bomb

    return gzip_bomb()


def test_a_rebinding_name_is_connected_at_the_address_that_was_checked(server, tmp_path):
    # A rebinding name answers a public address to the check, then 127.0.0.1.
    resolve = resolver({"news.example.org": ([PUBLIC], ["127.0.0.1"])})
    route = Route(server)
    url = f"http://news.example.org:{route.port}/article"
    got = ingest.fetch(url, tmp_path, resolve=resolve, connect=route)
    assert got.path.read_bytes() == ARTICLE
    assert resolve.asked == ["news.example.org"]  # resolved once
    assert route.calls == [(PUBLIC, route.port)]  # at the checked address
    assert server.seen_hosts == [f"news.example.org:{route.port}"]  # speaking for the name


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/article",
        "http://[::1]:{port}/article",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/admin",
        "http://intranet.example.org:{port}/article",  # a name that resolves to 127.0.0.1
        "http://mixed.example.org:{port}/article",  # a public and a private address
        "http://[::ffff:127.0.0.1]:{port}/article",
    ],
)
def test_a_redirect_to_a_private_address_is_refused_before_connecting(server, target):
    route = Route(server)
    resolve = resolver(
        {
            "news.example.org": [PUBLIC],
            "intranet.example.org": ["127.0.0.1"],
            "mixed.example.org": [PUBLIC, "10.1.1.1"],
            "127.0.0.1": ["127.0.0.1"],
            "::1": ["::1"],
            "169.254.169.254": ["169.254.169.254"],
            "10.0.0.7": ["10.0.0.7"],
            "::ffff:127.0.0.1": ["::ffff:127.0.0.1"],
        }
    )
    location = target.format(port=route.port)
    url = f"http://news.example.org:{route.port}/redirect?to={location}"
    with pytest.raises(FetchRefused, match="local or private"):
        fetching.get(url, resolve=resolve, connect=route)
    assert route.calls == [(PUBLIC, route.port)]  # only the first, public hop connected
    assert server.requests == [f"/redirect?to={location}"]


def test_a_redirect_to_a_public_name_is_followed_and_re_resolved(server, tmp_path):
    route = Route(server)
    resolve = resolver({"news.example.org": [PUBLIC], "cdn.example.net": [PUBLIC]})
    url = f"http://news.example.org:{route.port}/redirect?to=http://cdn.example.net:{route.port}/article"
    got = ingest.fetch(url, tmp_path, resolve=resolve, connect=route)
    assert got.url == f"http://cdn.example.net:{route.port}/article"
    assert resolve.asked == ["news.example.org", "cdn.example.net"]
    assert server.seen_hosts[-1] == f"cdn.example.net:{route.port}"


def test_a_redirect_loop_is_refused_after_the_redirect_limit(server):
    url = server.url + "/redirect?to=" + server.url + "/redirect"
    loop = server.url + "/redirect?to=" + url
    with pytest.raises(FetchRefused, match="More than 2 redirects"):
        fetching.get(loop, Limits(max_redirects=2), allow_private=True)


def test_a_non_ascii_path_is_percent_encoded_not_a_crash(server):
    with pytest.raises(fetching.FetchError, match="404"):
        fetching.get(server.url + "/café?q=ü", Limits(), allow_private=True)
    assert server.requests == ["/caf%C3%A9?q=%C3%BC"]


def test_a_conditional_get_of_an_unchanged_document_is_a_304_without_a_body():
    from tests.watch.sites import running_site

    with running_site() as site:
        url = site.serve("/feed.xml", "<rss/>", etag='"v1"', last_modified="Mon, 07 Dec 2026")
        first = fetching.get(url, allow_private=True)
        assert (first.status, first.body, first.header("ETag")) == (200, b"<rss/>", '"v1"')
        assert first.header("last-modified") == "Mon, 07 Dec 2026"
        again = fetching.get(url, allow_private=True, headers={"If-None-Match": '"v1"'})
        assert (again.status, again.body, again.header("etag")) == (304, b"", '"v1"')
        # Our headers stay ours: a caller cannot replace the agent or the encoding asked.
        fetching.get(url, allow_private=True, headers={"User-Agent": "x", "Accept-Encoding": "br"})
        _, sent = site.asked()[-1]
        assert sent["User-Agent"] == fetching.USER_AGENT and sent["Accept-Encoding"] == "identity"


def test_an_error_status_keeps_its_code_and_the_delay_the_server_asked():
    from tests.watch.sites import running_site

    with running_site() as site:
        url = site.serve("/busy", "later", status=503, headers={"Retry-After": "120"})
        with pytest.raises(fetching.FetchStatusError, match="503") as caught:
            fetching.get(url, allow_private=True)
        assert (caught.value.status, caught.value.retry_after) == (503, 120.0)
        # A 304 nobody asked for is no answer to read.
        url = site.serve("/odd", "", status=304)
        with pytest.raises(fetching.FetchStatusError, match="304"):
            fetching.get(url, allow_private=True)
