"""Ingest from the page: uploaded files or a fetched feed/article URL, saved for the pipeline.

Fetching is bounded (a timeout and a size limit), http(s) only, and by default refuses hosts
that resolve to private, loopback or link-local addresses, so a hosted dashboard cannot be
used to reach its own network. Failures come back as :class:`FetchError` with a message for
people ("offline?"), never as a traceback. The files are then read by the project's own
pipeline (articles.pipeline.ingest_paths) like any folder of articles.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from articles.readers.kinds import SUPPORTED_SUFFIXES

MAX_FETCH_BYTES = 5_000_000
FETCH_TIMEOUT = 10.0
MAX_UPLOAD_BYTES = 10_000_000
MAX_SAVED_STEM = 100  # characters of an upload's name kept in the saved file's name
MAX_SHOWN_NAME = 120  # characters of an upload's name repeated in a note
USER_AGENT = "newsmap/0.1 (news event map; one fetch per request)"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TYPES = (
    ("html", ".html"),
    ("rss", ".xml"),
    ("atom", ".xml"),
    ("xml", ".xml"),
    ("json", ".jsonl"),
    ("text/plain", ".txt"),
)


class FetchError(Exception):
    """A URL could not be fetched; the message says why, for the page."""


@dataclass(frozen=True)
class Fetched:
    """A fetched document saved to ``path`` (with a sidecar naming its URL when an article)."""

    url: str
    path: Path
    size: int
    content_type: str


def check_url(url: str, allow_private: bool = False) -> str:
    """The URL stripped, if it is http(s) with a host that resolves to public addresses."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError("Give an http:// or https:// address of a feed or an article.")
    if any(ch.isspace() for ch in url) or len(url) > 2048:
        raise FetchError("That address has spaces in it or is too long.")
    if not allow_private:
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(
                f"Cannot resolve {parts.hostname}: this machine seems offline, or the name is "
                f"wrong ({exc.__class__.__name__})."
            ) from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise FetchError(f"{parts.hostname} is a local or private address: not fetched.")
    return url


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address :func:`check_url` accepts (before connecting)."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    folder: Path,
    timeout: float = FETCH_TIMEOUT,
    max_bytes: int = MAX_FETCH_BYTES,
    allow_private: bool = False,
) -> Fetched:
    """Download ``url`` into ``folder`` (at most ``max_bytes``, ``timeout`` per read)."""
    url = check_url(url, allow_private)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    try:
        with opener.open(request, timeout=timeout) as answer:
            final = answer.geturl()
            content_type = answer.headers.get_content_type()
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_big(max_bytes))
            body = answer.read(max_bytes + 1)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"The server answered {exc.code} {exc.reason}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"Could not fetch the address ({reason}): this machine may be offline."
        ) from exc
    if len(body) > max_bytes:
        raise FetchError(_too_big(max_bytes))
    suffix = _suffix(content_type, final)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"fetched{suffix}"
    path.write_bytes(body)
    if suffix in (".html", ".txt"):  # one article: record where it came from
        sidecar = path.with_name(path.name + ".meta.json")
        sidecar.write_text(json.dumps({"url": final, "source": final}), "utf-8")
    return Fetched(url=final, path=path, size=len(body), content_type=content_type)


def save_uploads(files: Iterable[tuple[str, bytes]], folder: Path) -> tuple[list[Path], list[str]]:
    """Write uploaded (name, data) pairs into ``folder`` under safe names.

    Returns the saved paths and a note for each file refused (unknown type, too large).
    """
    folder.mkdir(parents=True, exist_ok=True)
    saved, refused = [], []
    for n, (name, data) in enumerate(files):
        shown = name if len(name) <= MAX_SHOWN_NAME else name[: MAX_SHOWN_NAME - 1] + "…"
        base = _SAFE_NAME.sub("_", Path(name).name).strip("._") or "upload"
        suffix = Path(base).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            refused.append(f"{shown}: not an article file ({', '.join(SUPPORTED_SUFFIXES)})")
            continue
        if len(data) > MAX_UPLOAD_BYTES:
            refused.append(f"{shown}: larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
            continue
        # File systems refuse names over 255 bytes: keep the name's start and its suffix.
        path = folder / f"{n:03d}-{Path(base).stem[:MAX_SAVED_STEM]}{Path(base).suffix}"
        try:
            path.write_bytes(data)
        except OSError as exc:
            refused.append(f"{shown}: could not be saved on the server ({exc.strerror})")
            continue
        saved.append(path)
    return saved, refused


def _suffix(content_type: str, url: str) -> str:
    for needle, suffix in _TYPES:
        if needle in content_type:
            return suffix
    known = Path(urlsplit(url).path).suffix.lower()
    return known if known in SUPPORTED_SUFFIXES else ".html"


def _too_big(max_bytes: int) -> str:
    return f"The document is larger than {max_bytes / 1_000_000:g} MB: not fetched."
