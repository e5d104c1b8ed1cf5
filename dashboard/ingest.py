"""Ingest from the page: uploaded files or a fetched feed/article URL, saved for the pipeline.

Fetching (newsmap.fetching) is http(s) only, bounded by a deadline for the whole fetch, a
timeout per read, a rate floor and a size cap, and by default refuses hosts that resolve to
private, loopback or link-local addresses and connects only to the address it checked, so a
hosted dashboard cannot be used to reach its own network. Failures come back as
:class:`FetchError` with a message for people ("offline?"), never as a traceback. The files are
then read by the project's own pipeline (pipeline.ingest.ingest_paths) like any folder of
articles.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from articles.readers.kinds import SUPPORTED_SUFFIXES
from newsmap.fetching import (
    USER_AGENT,
    Connector,
    FetchError,
    Limits,
    Resolver,
    check_url,
    get,
    system_resolve,
)

__all__ = ["USER_AGENT", "FetchError", "Fetched", "Limits", "check_url", "fetch", "save_uploads"]

MAX_FETCH_BYTES = Limits.max_bytes
FETCH_TIMEOUT = Limits.read_timeout
FETCH_DEADLINE = Limits.deadline
MAX_UPLOAD_BYTES = 10_000_000
MAX_SAVED_STEM = 100  # characters of an upload's name kept in the saved file's name
MAX_SHOWN_NAME = 120  # characters of an upload's name repeated in a note
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TYPES = (
    ("html", ".html"),
    ("rss", ".xml"),
    ("atom", ".xml"),
    ("xml", ".xml"),
    ("json", ".jsonl"),
    ("text/plain", ".txt"),
)


@dataclass(frozen=True)
class Fetched:
    """A fetched document saved to ``path`` (with a sidecar naming its URL when an article)."""

    url: str
    path: Path
    size: int
    content_type: str


def fetch(
    url: str,
    folder: Path,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so one shared default is safe
    allow_private: bool = False,
    resolve: Resolver = system_resolve,
    connect: Connector = socket.create_connection,
) -> Fetched:
    """Download ``url`` into ``folder`` within ``limits`` (see newsmap.fetching)."""
    answer = get(url, limits, allow_private=allow_private, resolve=resolve, connect=connect)
    body, final, content_type = answer.body, answer.url, answer.content_type
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
