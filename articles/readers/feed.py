"""RSS and Atom feed files: each entry becomes an Article (the linked pages are not fetched).

An entry's text is its longest content (else its summary), with HTML stripped; an entry with a
title but no text at all keeps its title as text (headline feeds still name places). An entry
with neither is a problem naming ``FILE#N`` (N counts entries from 1); the others are still
read. ``rights`` (entry's, else the feed's) becomes the credit line.
"""

from __future__ import annotations

import io
import re
import time
import xml.sax
from datetime import date

import feedparser

from articles.model import Article, article_id
from articles.readers.feedrepair import mend_char_refs, split_entries
from articles.readers.fields import clean_text, one_line
from articles.readers.htmltext import html_to_text
from articles.readers.result import Problem, ReadResult
from articles.urls import safe_http_url

_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*\?>")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
NO_ENTRIES = "feed has no entries: nothing to ingest"


def parse_feed(text: str, path: str) -> ReadResult:
    """Every article in an RSS/Atom file's (decoded) text, and a problem for each broken entry.

    References to characters XML forbids are mended first, and a feed that breaks the parser
    is read entry by entry (see feedrepair.py): one bad spot costs at most its own entry.
    """
    text, mended = mend_char_refs(text)
    notes: tuple[Problem, ...] = ()
    if mended:
        reason = (
            f"{mended} character reference(s) to no valid character (such as &#xD800;) "
            "dropped or replaced with \ufffd: check the feed"
        )
        notes = (Problem(path, reason, kept=True),)
    try:
        parsed = _parse(text)
    except Exception as error:  # noqa: BLE001 - feedparser's lenient parser raises on odd markup
        result = _entry_by_entry(text, path, error)
    else:
        result = _read_parsed(parsed, path)
    return ReadResult(result.articles, notes + result.problems)


def _parse(text: str):
    # We decode (see decoding.py) and hand feedparser UTF-8 with a declaration saying so:
    # its own sniffing crashes on a garbled encoding declaration. And a stream, never bytes
    # or str: feedparser opens a str/bytes that looks like a URL or a path (a hostile ".rss"
    # file holding "/etc/passwd" would be read as that file).
    data = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    stream = io.BytesIO(b'<?xml version="1.0" encoding="utf-8"?>\n' + data.encode("utf-8"))
    return feedparser.parse(stream, sanitize_html=True, resolve_relative_uris=False)


def _read_parsed(parsed, path: str) -> ReadResult:
    entries = parsed.get("entries") or []
    problems: list[Problem] = []
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if error is not None:
            return _fail(path, f"not a readable RSS/Atom feed ({_describe(error)}): check the file")
        if not parsed.get("version"):
            return _fail(path, "XML but not an RSS or Atom feed: nothing to ingest")
        return _fail(path, NO_ENTRIES)
    if isinstance(error, xml.sax.SAXException):
        reason = (
            f"feed is not well-formed XML ({_describe(error)}); read the {len(entries)} "
            "entries that could be parsed: check the feed for missing ones"
        )
        problems.append(Problem(path, reason, kept=True))
    feed_rights = one_line(parsed.get("feed", {}).get("rights") or "")
    articles: list[Article] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}#{number}"
        result = parse_entry(entry, where, feed_rights)
        if isinstance(result, str):
            problems.append(Problem(where, result))
        else:
            articles.append(result)
    return ReadResult(tuple(articles), tuple(problems))


def _entry_by_entry(text: str, path: str, error: Exception) -> ReadResult:
    """The feed's entries parsed one at a time, each between the feed's own head and tail."""
    head, entries, tail = split_entries(text)
    if not entries:
        return _fail(path, f"not a readable RSS/Atom feed ({_describe(error)}): check the file")
    problems = [
        Problem(
            path,
            f"the feed breaks the parser ({_describe(error)}); read its {len(entries)} "
            "entries one by one: check the feed",
            kept=True,
        )
    ]
    articles: list[Article] = []
    feed_rights: str | None = None
    for number, markup in enumerate(entries, start=1):
        where = f"{path}#{number}"
        try:
            parsed = _parse(head + markup + tail)
        except Exception as err:  # noqa: BLE001 - as above, for this entry alone
            problems.append(Problem(where, f"entry breaks the parser ({_describe(err)}): fix it"))
            continue
        found = parsed.get("entries") or []
        if feed_rights is None:
            feed_rights = one_line(parsed.get("feed", {}).get("rights") or "")
        result = parse_entry(found[0], where, feed_rights) if found else "entry cannot be parsed"
        if isinstance(result, str):
            problems.append(Problem(where, result))
        else:
            articles.append(result)
    return ReadResult(tuple(articles), tuple(problems))


def parse_entry(entry: dict, where: str, feed_rights: str = "") -> Article | str:
    """The Article of one feedparser entry, or why there is none."""
    title = one_line(html_to_text(entry.get("title") or ""))
    text = _entry_text(entry) or title
    if not text:
        label = one_line(str(entry.get("id") or entry.get("link") or ""))[:100]
        return f"entry has no title and no text{f' ({label})' if label else ''}: nothing to ingest"
    url = safe_http_url(entry.get("link"))
    rights = one_line(entry.get("rights") or "") or feed_rights
    return Article(
        id=article_id(url, text),
        title=title or one_line(text)[:80],
        text=text,
        url=url,
        published=_entry_date(entry),
        byline=one_line(entry.get("author") or "") or None,
        source=where,
        credit=rights or None,
    )


def _entry_text(entry: dict) -> str:
    """The longest of the entry's contents, else its summary, as plain text."""
    details = list(entry.get("content") or [])
    if not details and entry.get("summary"):
        details = [entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"}]
    texts = [_detail_text(detail) for detail in details]
    return max(texts, key=len, default="")


def _detail_text(detail: dict) -> str:
    value = detail.get("value") or ""
    if (detail.get("type") or "text/html") in _HTML_TYPES:
        return html_to_text(value)
    return clean_text(value)


def _entry_date(entry: dict) -> date | None:
    """The entry's publication date (else its last update), as feedparser parsed it (UTC)."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 160 else text[:159] + "…"


def _fail(path: str, reason: str) -> ReadResult:
    return ReadResult(problems=(Problem(path, reason),))
