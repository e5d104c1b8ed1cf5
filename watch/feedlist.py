"""The list of feeds to watch: a text file of URLs, or an OPML export of a feed reader.

A text file holds one feed URL a line; blank lines and lines starting with ``#`` are skipped,
and anything after the URL on its line (a title, a comment) is ignored. An OPML file (the
format feed readers export their subscriptions in) gives every ``outline`` with an
``xmlUrl``, at any depth, its ``title`` (else ``text``) as the feed's name.

A line or outline that is no http(s) URL is a problem naming ``FILE:LINE`` (or
``FILE#N`` for the Nth outline); the other feeds are still watched. A URL listed twice is
watched once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import lxml.etree

from articles.readers.decoding import Refused, decode, load_bytes
from articles.readers.fields import one_line
from articles.readers.result import Problem
from articles.urls import safe_http_url

MAX_LIST_BYTES = 5_000_000
_OPML_SUFFIXES = frozenset({".opml", ".xml"})


@dataclass(frozen=True)
class Feed:
    """One feed to watch: its URL, and the name the list gives it (else the URL)."""

    url: str
    name: str = ""

    @property
    def label(self) -> str:
        """What log lines call the feed."""
        return self.name or self.url


@dataclass(frozen=True)
class FeedList:
    """The feeds of a list file, in its order, and the problems met reading it."""

    feeds: tuple[Feed, ...] = ()
    problems: tuple[Problem, ...] = ()


def read_feed_list(path: Path) -> FeedList:
    """The feeds listed in ``path`` (text or OPML). Never raises for a bad file: a problem."""
    name = str(path)
    loaded = load_bytes(Path(path), MAX_LIST_BYTES)
    if isinstance(loaded, Refused):
        return FeedList(problems=(Problem(name, f"feed list not read: {loaded.reason}"),))
    text = decode(loaded.raw)
    if text is None:
        reason = "feed list is a binary file: give a text file of URLs or an OPML file"
        return FeedList(problems=(Problem(name, reason),))
    if Path(path).suffix.lower() in _OPML_SUFFIXES or _looks_like_xml(text):
        return parse_opml(loaded.raw, name)
    return parse_url_lines(text, name)


def parse_url_lines(text: str, name: str) -> FeedList:
    """The feeds of a text list: one URL a line, ``#`` comments and blank lines skipped."""
    entries: list[tuple[str, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        url, _, rest = stripped.partition(" ")
        entries.append((f"{name}:{number}", url, one_line(rest.lstrip("# \t"))))
    return _collect(entries, name)


def parse_opml(raw: bytes, name: str) -> FeedList:
    """The feeds of an OPML file: every ``outline`` with an ``xmlUrl``, nested ones too."""
    # A local file, but still one from elsewhere (an export): no entities, no network, no DTD.
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = lxml.etree.fromstring(raw, parser)
    except lxml.etree.XMLSyntaxError as error:
        reason = f"not a readable OPML file ({error}): fix it, or list one feed URL a line"
        return FeedList(problems=(Problem(name, reason),))
    entries: list[tuple[str, str, str]] = []
    outlines = [node for node in root.iter() if _local(node.tag) == "outline"]
    for number, outline in enumerate(outlines, start=1):
        attributes = {_local(key).lower(): value for key, value in outline.attrib.items()}
        if "xmlurl" not in attributes:
            continue  # a folder of feeds, or a link that is no feed
        title = one_line(attributes.get("title") or attributes.get("text") or "")
        entries.append((f"{name}#{number}", attributes["xmlurl"].strip(), title))
    if not entries:
        reason = "no feed in this OPML file (no outline has an xmlUrl): nothing to watch"
        return FeedList(problems=(Problem(name, reason),))
    return _collect(entries, name)


def _collect(entries: list[tuple[str, str, str]], name: str) -> FeedList:
    feeds: dict[str, Feed] = {}
    problems: list[Problem] = []
    for where, url, title in entries:
        safe = safe_http_url(url)
        if safe is None:
            shown = url if len(url) <= 80 else url[:79] + "…"
            problems.append(Problem(where, f"not an http(s) feed URL ({shown!r}): skipped"))
        elif safe not in feeds:
            feeds[safe] = Feed(safe, title)
    if not feeds and not problems:
        problems.append(Problem(name, "the feed list is empty: give one feed URL a line"))
    return FeedList(tuple(feeds.values()), tuple(problems))


def _looks_like_xml(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def _local(tag: object) -> str:
    """An XML name without its namespace ("{ns}outline" -> "outline"); "" for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
