"""``read_file``: one file in, its articles and problems out, whatever the file holds.

The kind of reader is chosen by extension, then checked by sniffing the first bytes: a ``.txt``
that is really an HTML page goes to the HTML reader, an ``.xml`` that is a web page too, and a
file with an unknown extension is read only when it is clearly HTML, a feed or JSON.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from articles.model import EARLIEST_DATE, LATEST_DATE, date_in_range
from articles.readers.decoding import (
    DEFAULT_MAX_BYTES,
    Refused,
    declared_charset,
    decode_text,
    load_bytes,
)
from articles.readers.feed import parse_feed
from articles.readers.html import parse_html
from articles.readers.jsonl import parse_jsonl
from articles.readers.kinds import FEED, HTML, JSONL, KIND_BY_SUFFIX, PLAIN, SUPPORTED_SUFFIXES
from articles.readers.plain import parse_plain
from articles.readers.result import Problem, ReadResult, failed
from articles.readers.sidecar import apply_sidecar

_HTML_START = re.compile(
    r"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_HTML_TAGS = re.compile(r"<(?:head|body|article|title|p|div)\b", re.IGNORECASE)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_XML_START = re.compile(r"^<\?xml\b", re.IGNORECASE)
BINARY = "binary file, not an article: give text, HTML, JSON Lines or an RSS/Atom feed"


def sniff(head: str) -> str | None:
    """The kind of content that ``head`` (a file's first characters) starts, if it is clear."""
    head = head.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return HTML
    if _FEED_ROOT.search(head[:2000]) and (_XML_START.match(head) or _FEED_ROOT.match(head)):
        return FEED
    if _XML_START.match(head) and _HTML_TAGS.search(head[:2000]):
        return HTML
    if head.startswith(("{", "[")):
        return JSONL
    return None


def choose_kind(suffix: str, head: str) -> str | None:
    """The reader for a file with this extension and these first characters, or None."""
    by_suffix = KIND_BY_SUFFIX.get(suffix.lower())
    sniffed = sniff(head)
    if by_suffix == PLAIN and sniffed in (HTML, FEED):
        return sniffed
    if by_suffix == FEED and sniffed == HTML:
        return HTML
    if by_suffix is None and sniffed is not None:
        return sniffed
    return by_suffix


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """The articles in one file, and the problems met reading it. Never raises for bad input.

    Any problem names ``path`` (with ``:LINE`` or ``#ENTRY`` for one record of it). An
    unexpected error is itself reported as a problem, so one broken file never stops a batch.
    """
    path = Path(path)
    name = str(path)
    try:
        return _read(path, name, max_bytes)
    except Exception as err:  # noqa: BLE001 - one file must never stop a batch
        message = str(err)[:200]
        return failed(name, f"unexpected error {type(err).__name__}: {message} (please report it)")


def _read(path: Path, name: str, max_bytes: int) -> ReadResult:
    loaded = load_bytes(path, max_bytes)
    if isinstance(loaded, Refused):
        return failed(name, loaded.reason)
    raw = loaded.raw
    text, note = decode_text(raw, declared_charset(raw))
    if text is None:
        return failed(name, BINARY)
    result = drop_dates_out_of_range(_parse(path, name, text))
    if note is None or not result.articles:
        return result
    return ReadResult(result.articles, (Problem(name, note, kept=True), *result.problems))


def drop_dates_out_of_range(result: ReadResult) -> ReadResult:
    """Articles dated outside what the store can show are kept without the date, with a note."""
    if all(date_in_range(article.published) for article in result.articles):
        return result
    articles, notes = [], []
    for article in result.articles:
        if not date_in_range(article.published):
            reason = (
                f"published date {article.published.isoformat()} is outside the dates newsmap "
                f"can show ({EARLIEST_DATE.year} to {LATEST_DATE.year}); kept without a date"
            )
            notes.append(Problem(article.source or article.id, reason, kept=True))
            article = dataclasses.replace(article, published=None)
        articles.append(article)
    return ReadResult(tuple(articles), (*result.problems, *notes))


def _parse(path: Path, name: str, text: str) -> ReadResult:
    if not text.strip():
        return failed(name, "empty file (only white space): nothing to ingest")
    kind = choose_kind(path.suffix, text[:4096])
    if kind is None:
        suffix = path.suffix or "(no extension)"
        reason = f"unsupported file type {suffix!r}: use one of {' '.join(SUPPORTED_SUFFIXES)}"
        return failed(name, reason)
    if kind == JSONL:
        return parse_jsonl(text, name)
    if kind == FEED:
        return parse_feed(text, name)
    article = parse_html(text, name) if kind == HTML else parse_plain(text, name)
    if isinstance(article, str):
        return failed(name, article)
    article, notes = apply_sidecar(article, path)
    return ReadResult((article,), notes)


__all__ = ["Problem", "ReadResult", "read_file", "sniff", "choose_kind", "SUPPORTED_SUFFIXES"]
