"""Small pure helpers that every reader shares: URLs, dates, titles, text clean-up."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import unquote, urlsplit

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# C0/C1 controls other than tab and newline never belong in article text; nor do lone
# surrogates (JSON can carry "\ud800"), which no UTF-8 encoder downstream would accept.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_TITLE_WORDS = 12


def strip_controls(text: str) -> str:
    """``text`` without control characters (other than tab and newlines) or lone surrogates."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def clean_text(text: str) -> str:
    """Text with newlines unified, control characters and trailing spaces dropped, ends stripped.

    Paragraph breaks (blank lines) are kept: offsets into this text are what later stages use.
    """
    return _TRAILING_SPACE.sub("", strip_controls(text)).strip()


def one_line(text: str) -> str:
    """White space folded to single spaces (titles, bylines, credits)."""
    return _SPACES.sub(" ", _CONTROLS.sub("", text)).strip()


def parse_iso_date(value: str) -> date | None:
    """The calendar date of an ISO 8601 date or date-time string, else None.

    A date-time keeps the date as written (the publisher's local day), not converted to UTC.
    """
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def title_from_url(url: str) -> str:
    """A readable title from a URL's last path segment: percent-decoded, '_'/'-' to spaces."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    segment = re.sub(r"\.(s?html?|php|aspx?)$", "", segment, flags=re.IGNORECASE)
    return one_line(segment.replace("_", " "))


def title_from_path(path: str) -> str:
    """A readable title from a file name (for files whose first line is not a title)."""
    stem = PurePath(path).stem
    return one_line(re.sub(r"[_-]+", " ", stem))


def title_from_text(text: str) -> str:
    """The first words of the text, for records that carry no title of their own."""
    words = one_line(text.split("\n", 1)[0]).split(" ")
    head = " ".join(words[:_TITLE_WORDS])
    return head + ("…" if len(words) > _TITLE_WORDS else "")
