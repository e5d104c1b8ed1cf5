"""Text helpers for article text shown on the page: safe links, highlights, dates.

Everything shown comes from articles, so it is untrusted. :func:`highlight` assembles the
place-name highlight from escaped parts; links go through
:func:`articles.urls.safe_http_url`. Used by the side panel (dashboard.panel) and the table.
"""

from __future__ import annotations

import html
import math
from datetime import date, datetime

import pandas as pd

_DATE_WORDS = {
    "day": "{d}",
    "week": "week of {d}",
    "month": "{m}",
    "published": "{d} (publication date; no date in the text)",
}


def highlight(snippet: str, start: int | None, end: int | None, name: str = "") -> str:
    """The escaped snippet with ``snippet[start:end]`` wrapped in ``<mark>``.

    When the offsets do not fit the snippet (out of range, empty, or not matching ``name``
    while ``name`` occurs elsewhere), the first occurrence of ``name`` is marked instead; when
    nothing fits, the snippet is returned escaped and unmarked. With no ``name`` the offsets
    are marked as they are: an event whose place comes from elsewhere in the article has its
    trigger's offsets, and its place's name must not pull the mark onto a namesake here.
    """
    span = _span(snippet, start, end, name)
    if span is None:
        return html.escape(snippet)
    s, e = span
    return (
        html.escape(snippet[:s])
        + "<mark>"
        + html.escape(snippet[s:e])
        + "</mark>"
        + html.escape(snippet[e:])
    )


def format_date(value: object, precision: object) -> str:
    """A human date for the popup: "2016-07-12", "week of 2016-07-11", "July 2016", ..."""
    day = as_date(value)
    if day is None or precision == "unknown":
        return "date unknown"
    pattern = _DATE_WORDS.get(str(precision), "{d} ({p})")
    return pattern.format(d=day.isoformat(), m=day.strftime("%B %Y"), p=precision)


def as_date(value: object) -> date | None:
    """A datetime.date from a date, datetime, pandas Timestamp or ISO string; None if missing."""
    if value is None or value is pd.NaT or _is_nan(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _span(snippet: str, start: int | None, end: int | None, name: str) -> tuple[int, int] | None:
    fits = start is not None and end is not None and 0 <= start < end <= len(snippet)
    if fits and (not name or snippet[start:end] == name or name not in snippet):
        return start, end
    if name:
        found = snippet.find(name)
        if found >= 0:
            return found, found + len(name)
    return None


def _text(value: object) -> str:
    if value is None or value is pd.NA or _is_nan(value):
        return ""
    return str(value)


def _int(value: object) -> int | None:
    if value is None or value is pd.NA or _is_nan(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)
