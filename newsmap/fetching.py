"""One bounded HTTP(S) GET to an address we checked: the transport behind every fetch.

Ingest from the page (dashboard.ingest) and watching feeds (watch/) both fetch through
:func:`get`, so both stand behind the same guards.

Every guard here stands against a server, or a name, we do not trust:

- **Addresses**: http(s) only, no spaces, at most 2048 characters. The host is resolved once,
  every address it resolves to is checked (no private, loopback, link-local, reserved...), and
  the connection goes to one of those very addresses, with the name in the Host header and in
  TLS (SNI and the certificate check). A name that answers a public address to the check and
  127.0.0.1 to the connection (DNS rebinding) therefore never reaches the local network. Each
  redirect is checked the same way before anything connects to it; at most ``max_redirects``.
- **Time**: one deadline for the whole fetch (connecting, TLS, headers, body, every redirect),
  a timeout per read, and a rate floor once a grace period has passed: a server that drips one
  byte every few seconds is cut, and so is one that never ends.
- **Size**: the body is capped as it arrives, and so is its decoded size when a server
  compresses it although we ask for none (a gzip bomb stops at the cap).

A caller may send conditional headers (``If-None-Match``, ``If-Modified-Since``): a 304 answer
to such a request is a :class:`Response` with status 304 and no body. An error status is
:class:`FetchStatusError`, which keeps the status and the server's ``Retry-After`` delay.

Proxies from the environment are not used: a proxy would resolve the name itself, past the
check. Failures are :class:`FetchError` (with subclasses saying which guard acted), whose
message is a sentence for the page.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from newsmap.errors import NewsmapError

USER_AGENT = "newsmap/0.1 (news event map; one fetch per request)"
MAX_URL_LENGTH = 2048
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65_536
# Content-Encoding values we decode (zlib window bits); we ask for none, but some servers
# compress anyway.
_DECODERS = {"gzip": 31, "x-gzip": 31, "deflate": 15}

# (host, port) -> the addresses it resolves to, as strings.
Resolver = Callable[[str, int], Sequence[str]]
# ((address, port), timeout) -> a connected socket: socket.create_connection's shape.
Connector = Callable[[tuple[str, int], float], socket.socket]


class FetchError(NewsmapError):
    """A URL could not be fetched; the message says why, for the page."""


class FetchRefused(FetchError):
    """The address is not one we fetch (scheme, length, a private or unresolvable host)."""


class FetchTimedOut(FetchError, TimeoutError):
    """The server was too slow: past the deadline, silent for a read, or under the rate floor."""


class FetchTooLarge(FetchError):
    """The document (as sent, or once decompressed) is larger than the size cap."""


class FetchStatusError(FetchError):
    """The server answered an error status (4xx, 5xx) or one that carries nothing to read.

    ``retry_after`` is the delay in seconds the server asked for (``Retry-After`` given in
    seconds), else None.
    """

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """How long and how much one fetch may take, all redirects included."""

    deadline: float = 30.0  # seconds for the whole fetch
    read_timeout: float = 10.0  # seconds any one read may wait
    max_bytes: int = 5_000_000  # of the body, as sent and as decoded
    min_rate: float = 1024.0  # bytes a second, averaged from the start...
    rate_grace: float = 10.0  # ...once this many seconds have passed
    max_redirects: int = 5


# The answer headers a Response keeps (validators for the next conditional request).
KEPT_HEADERS = ("etag", "last-modified")


@dataclass(frozen=True)
class Response:
    """A fetched document: the URL it came from after redirects, its type and its bytes.

    ``status`` is 304 (and ``body`` empty) when a conditional request found it unchanged.
    ``headers`` holds the KEPT_HEADERS the server sent, names in lower case.
    """

    url: str
    content_type: str
    body: bytes
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The value of one kept header (any case), or None when the server sent none."""
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)


def system_resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_url(url: str, allow_private: bool = False, resolve: Resolver = system_resolve) -> str:
    """The URL stripped, if it is http(s) with a host whose every address is public."""
    url = url.strip()
    parts = _split(url)
    resolved_addresses(parts.hostname or "", _port(parts), resolve, allow_private)
    return url


def resolved_addresses(
    host: str, port: int, resolve: Resolver = system_resolve, allow_private: bool = False
) -> list[str]:
    """The addresses of ``host``, resolved once; refused unless every one of them is public."""
    try:
        addresses = list(resolve(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(
            f"Cannot resolve {host}: this machine seems offline, or the name is wrong "
            f"({exc.__class__.__name__})."
        ) from exc
    if not addresses:
        raise FetchRefused(f"Cannot resolve {host}: the name has no address.")
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise FetchRefused(f"{host} is a local or private address: not fetched.")
    return addresses


def get(
    url: str,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
    allow_private: bool = False,
    resolve: Resolver = system_resolve,
    connect: Connector = socket.create_connection,
    clock: Callable[[], float] = time.monotonic,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """GET ``url`` within ``limits``, following checked redirects; see the module's guards.

    ``headers`` are sent besides our own (conditional ones: ``If-None-Match``,
    ``If-Modified-Since``); they cannot replace the User-Agent or the encoding we accept.
    """
    budget = _Budget(limits, clock)
    extra = {name: value for name, value in (headers or {}).items() if value}
    url = url.strip()
    for _hop in range(limits.max_redirects + 1):
        parts = _split(url)
        port = _port(parts)
        addresses = resolved_addresses(parts.hostname or "", port, resolve, allow_private)
        answer = _request(parts, port, addresses, budget, connect, extra)
        if isinstance(answer, str):  # a redirect: check and follow it
            url = urljoin(url, answer.strip())
            continue
        return replace(answer, url=url)
    raise FetchRefused(f"More than {limits.max_redirects} redirects: not fetched.")


def _split(url: str) -> SplitResult:
    if any(ch.isspace() for ch in url) or len(url) > MAX_URL_LENGTH:
        raise FetchRefused("That address has spaces in it or is too long.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise FetchRefused("That address is malformed (its host or port).") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchRefused("Give an http:// or https:// address of a feed or an article.")
    return parts


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def _is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _Budget:
    """The time and rate limits of one fetch, shared by all its connections and redirects."""

    def __init__(self, limits: Limits, clock: Callable[[], float]):
        self.limits = limits
        self.clock = clock
        self.start = clock()
        self.received = 0

    def timeout(self) -> float:
        """How long the next socket operation may wait: a read's timeout, or what is left."""
        left = self.start + self.limits.deadline - self.clock()
        if left <= 0:
            raise self.expired()
        return min(self.limits.read_timeout, left)

    def count(self, size: int) -> None:
        """Record ``size`` bytes received; cut a server that sends under the rate floor."""
        self.received += size
        elapsed = self.clock() - self.start
        floor = self.limits.min_rate * elapsed
        if elapsed > self.limits.rate_grace and self.received < floor:
            raise FetchTimedOut(
                f"The server sent {self.received:,} bytes in {elapsed:.0f} s, slower than "
                f"{self.limits.min_rate:,.0f} bytes a second: fetch stopped."
            )

    def expired(self) -> FetchTimedOut:
        return FetchTimedOut(
            f"The server took longer than {self.limits.deadline:g} s: fetch stopped."
        )

    def is_over(self) -> bool:
        return self.clock() - self.start >= self.limits.deadline


class _DeadlineReader(io.RawIOBase):
    """A socket's input where every read waits at most what the budget has left."""

    def __init__(self, sock: socket.socket, budget: _Budget):
        super().__init__()
        self._sock = sock
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock.settimeout(self._budget.timeout())
        size = self._sock.recv_into(buffer)
        self._budget.count(size)
        return size


class _DeadlineSocket:
    """What http.client needs of a socket (send, makefile, close), bound by the budget."""

    def __init__(self, sock: socket.socket, budget: _Budget):
        self._sock = sock
        self._budget = budget

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._budget.timeout())
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._budget))

    def close(self) -> None:
        # http.client closes its socket as soon as it hands a "Connection: close" answer to
        # the response, which still reads from it (a real socket waits for its files to
        # close). The owner closes the socket instead: _PinnedConnection.release.
        pass


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to ``address`` speaking for ``host`` (Host header, SNI, cert)."""

    def __init__(self, parts, port, address, budget, connect):
        super().__init__(parts.hostname, port)
        self._address = address
        self._budget = budget
        self._connect = connect
        self._tls = parts.scheme.lower() == "https"
        self._raw: socket.socket | None = None

    def connect(self) -> None:
        sock = self._connect((self._address, self.port), self._budget.timeout())
        if self._tls:
            try:
                # The handshake's timeout bounds the whole handshake (CPython's ssl module).
                sock.settimeout(self._budget.timeout())
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self._raw = sock
        self.sock = _DeadlineSocket(sock, self._budget)

    def release(self) -> None:
        """Close the connection and its socket."""
        self.close()
        if self._raw is not None:
            self._raw.close()


def _request(parts, port, addresses, budget, connect, extra) -> str | Response:
    """One GET over a connection to the first checked address that answers.

    Returns a redirect's Location, or the answer (its URL still to be set by the caller).
    """
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # The request line is ASCII: percent-encode what is not (a pasted "café" URL, a
    # redirect's raw UTF-8), leaving what is already encoded as it is.
    target = quote(target, safe="!#$%&'()*+,/:;=?@[]~")
    headers = {"Accept": "*/*", **extra}
    headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    for number, address in enumerate(addresses):
        conn = _PinnedConnection(parts, port, address, budget, connect)
        try:
            try:
                conn.connect()
            except (ConnectionError, socket.gaierror) as exc:
                if number + 1 < len(addresses):
                    continue  # another checked address may answer
                raise _transport_error(exc, budget) from exc
            return _exchange(conn, target, headers, budget)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # ValueError: a name or header http.client cannot encode (IDNA, ASCII).
            raise _transport_error(exc, budget) from exc
        finally:
            conn.release()
    raise FetchRefused(f"Cannot resolve {parts.hostname}: the name has no address.")


def _exchange(conn, target, headers, budget) -> str | Response:
    conn.request("GET", target, headers=headers)
    answer = conn.getresponse()
    location = answer.getheader("Location")
    if answer.status in _REDIRECTS and location:
        return location
    kept = tuple(
        (name, value)
        for name in KEPT_HEADERS
        if _plain_header(value := answer.getheader(name) or "")
    )
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    if answer.status == 304 and conditional:
        return Response("", answer.headers.get_content_type(), b"", 304, kept)
    if answer.status >= 400:
        raise FetchStatusError(
            f"The server answered {answer.status} {_printable(answer.reason)}.",
            answer.status,
            _retry_after(answer.getheader("Retry-After")),
        )
    if not 200 <= answer.status < 300:
        raise FetchStatusError(
            f"The server answered {answer.status}: nothing to fetch.", answer.status
        )
    limit = budget.limits.max_bytes
    declared = answer.getheader("Content-Length") or ""
    if declared.isdigit() and int(declared) > limit:
        raise FetchTooLarge(_too_big(limit))
    content_type = answer.headers.get_content_type()
    return Response("", content_type, _body(answer, limit), answer.status, kept)


def _plain_header(value: str) -> bool:
    """Whether a header value can be kept and sent back as it is: printable ASCII, short."""
    return 0 < len(value) <= 1000 and value.isascii() and value.isprintable()


def _retry_after(value: str | None) -> float | None:
    """A Retry-After given in seconds (the HTTP-date form is rare for feeds: ignored)."""
    value = (value or "").strip()
    return float(value) if value.isdigit() else None


def _body(answer: http.client.HTTPResponse, limit: int) -> bytes:
    """The answer's body (decoded when compressed), cut at ``limit`` bytes either way."""
    encoding = (answer.getheader("Content-Encoding") or "identity").strip().lower()
    decoder = None
    if encoding != "identity":
        if encoding not in _DECODERS:
            raise FetchError(f"The server compressed the document ({encoding[:20]!r}): not read.")
        decoder = zlib.decompressobj(_DECODERS[encoding])
    chunks: list[bytes] = []
    sent = decoded = 0
    while chunk := answer.read(_CHUNK):
        sent += len(chunk)
        if sent > limit:
            raise FetchTooLarge(_too_big(limit))
        if decoder is not None:
            try:
                # At most one byte past the cap: enough to know it is over.
                chunk = decoder.decompress(chunk, limit + 1 - decoded)
            except zlib.error as exc:
                raise FetchError("The server sent a broken compressed document.") from exc
        decoded += len(chunk)
        if decoded > limit:
            raise FetchTooLarge(_too_big(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _transport_error(exc: BaseException, budget: _Budget) -> FetchError:
    if budget.is_over():
        return budget.expired()
    if isinstance(exc, TimeoutError):
        return FetchTimedOut(
            f"The server did not answer within {budget.limits.read_timeout:g} s: fetch stopped."
        )
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return FetchError(f"The secure connection failed ({type(exc).__name__}).")
    if isinstance(exc, http.client.HTTPException):
        return FetchError(f"The server sent a broken answer ({type(exc).__name__}).")
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return FetchError(f"Could not fetch the address ({reason}): this machine may be offline.")


def _printable(text: str, limit: int = 60) -> str:
    """A remote reason phrase cut short, with anything unprintable replaced."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text or ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _too_big(max_bytes: int) -> str:
    return f"The document is larger than {max_bytes / 1_000_000:g} MB: not fetched."
