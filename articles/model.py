"""The Article record every reader produces and every later stage consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

_SPACES = re.compile(r"\s+")

# The dates newsmap stores: what the dashboard's nanosecond timestamps (pandas) can hold, a
# day inside each end. A date outside is refused when read, never stored and shown wrong.
EARLIEST_DATE = date(1677, 9, 22)
LATEST_DATE = date(2262, 4, 10)

# How an article without a publication date of its own was dated by the ingest (stored as is).
FALLBACK_DEFAULT = "default"  # the date given to the ingest (--published-default)
FALLBACK_MTIME = "mtime"  # its file's modification time (--published-from-mtime)


@dataclass(frozen=True)
class Article:
    """One news article, as read from a file, a feed entry or a JSON line.

    ``id`` is stable across re-ingests: derived from the URL when there is one, else from the
    text (see :func:`article_id`). ``source`` names where it was read from (a path, a feed entry),
    so error messages and the dashboard can point back to it. ``credit`` is the licence line to
    show beside it (e.g. "Wikinews, CC BY 2.5"). ``published_fallback`` says how
    ``published`` was set when the article gave no date of its own: None when the date is its
    own (or it has none), else the ingest's fallback, FALLBACK_DEFAULT (a date the ingest was
    given) or FALLBACK_MTIME (its file's modification time); see articles.published_fallback.
    """

    id: str
    title: str
    text: str
    url: str | None = None
    published: date | None = None
    byline: str | None = None
    source: str = ""
    credit: str | None = None
    published_fallback: str | None = None


def content_hash(text: str) -> str:
    """Hash of the text with white space folded, so re-wrapped copies count as the same article."""
    folded = _SPACES.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """Identity by URL when known, else by content hash (16 hex digits are plenty here)."""
    if url:
        return "u" + hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]
    return "h" + content_hash(text)[:16]


def date_in_range(day: date | None) -> bool:
    """Whether ``day`` (None counts) lies within EARLIEST_DATE..LATEST_DATE."""
    return day is None or EARLIEST_DATE <= day <= LATEST_DATE
