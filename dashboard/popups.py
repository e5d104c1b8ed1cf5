"""Marker popups and tooltips: HTML built only from escaped article text.

Everything shown here comes from articles, so it is untrusted. Each piece is html-escaped, the
place-name highlight is assembled from escaped parts, and only http(s) URLs become links. The
result is also made safe for the JavaScript template literal folium wraps popups in
(``$(`...`)``): backslashes, backticks and dollar signs become HTML character references, which
render the same but cannot end the literal or start a ``${...}`` expression.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

# Characters that mean something inside a JS template literal, as HTML character references.
_JS_TEMPLATE_SAFE = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})
_URL_FORBIDDEN = frozenset(chr(c) for c in range(0x21)) | {"\x7f", "<", ">", '"', "'", "`"}

_DATE_WORDS = {
    "day": "{d}",
    "week": "week of {d}",
    "month": "{m}",
    "published": "{d} (publication date; no date in the text)",
}


def js_template_safe(markup: str) -> str:
    """Replace ``\\``, `````` and ``$`` with character references (same rendering, inert in JS)."""
    return markup.translate(_JS_TEMPLATE_SAFE)


def safe_url(url: object) -> str | None:
    """The URL if it is a plain absolute http(s) URL with a host, else None.

    Rejects ``javascript:``, ``data:``, relative and protocol-relative URLs, and URLs with
    spaces, quotes or control characters (which a browser might read differently).
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > 2048 or any(ch in _URL_FORBIDDEN for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def highlight(snippet: str, start: int | None, end: int | None, name: str = "") -> str:
    """The escaped snippet with ``snippet[start:end]`` wrapped in ``<mark>``.

    When the offsets do not fit the snippet (out of range, empty, or not matching ``name``
    while ``name`` occurs elsewhere), the first occurrence of ``name`` is marked instead; when
    nothing fits, the snippet is returned escaped and unmarked.
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


def popup_html(event: Mapping[str, Any]) -> str:
    """The popup for one events-frame row: place, date, highlighted sentence, article, link.

    ``event`` needs the events-frame columns resolved_name, name, date, date_precision, title,
    snippet, name_start, name_end, url; kind, killed, injured, credit and role are optional.
    """
    return f'<div class="newsmap-popup">{place_html(event)}{article_html(event)}</div>'


def place_html(event: Mapping[str, Any]) -> str:
    """The event's own part of the popup: place, date, facts and the highlighted sentence."""
    esc = html.escape
    resolved = _text(event.get("resolved_name"))
    written = _text(event.get("name"))
    parts = [f'<div class="newsmap-place"><b>{esc(resolved)}</b>']
    if written and written.casefold() != resolved.casefold():
        parts.append(f" <span>(as written: &ldquo;{esc(written)}&rdquo;)</span>")
    if _text(event.get("role")) == "mention":
        parts.append(' <span class="newsmap-role">mentioned</span>')
    parts.append("</div>")
    date_text = format_date(event.get("date"), event.get("date_precision"))
    parts.append(f'<div class="newsmap-date">{esc(date_text)}</div>')
    facts = _facts(event)
    if facts:
        parts.append(f'<div class="newsmap-facts">{esc(facts)}</div>')
    snippet = _text(event.get("snippet"))
    if snippet:
        start, end = _int(event.get("name_start")), _int(event.get("name_end"))
        marked = highlight(snippet, start, end, written)
        parts.append(f"<blockquote>{marked}</blockquote>")
    return js_template_safe("".join(parts))


def article_html(event: Mapping[str, Any]) -> str:
    """The article's part of the popup (shared by its events): title, link, credit."""
    esc = html.escape
    title = _text(event.get("title")) or "(untitled article)"
    parts = [f'<div class="newsmap-title"><i>{esc(title)}</i></div>']
    link = safe_url(event.get("url"))
    if link:
        parts.append(
            f'<div><a href="{esc(link, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">Read the article</a></div>'
        )
    elif _text(event.get("url")):
        parts.append(f'<div class="newsmap-url">Source: {esc(_text(event.get("url")))}</div>')
    credit = _text(event.get("credit"))
    if credit:
        parts.append(f'<div class="newsmap-credit"><small>{esc(credit)}</small></div>')
    return js_template_safe("".join(parts))


def tooltip_html(event: Mapping[str, Any]) -> str:
    """A one-line tooltip: the resolved place name (escaped, JS-template safe)."""
    return js_template_safe(html.escape(_text(event.get("resolved_name")) or "?"))


def _span(snippet: str, start: int | None, end: int | None, name: str) -> tuple[int, int] | None:
    fits = start is not None and end is not None and 0 <= start < end <= len(snippet)
    if fits and (not name or snippet[start:end] == name or name not in snippet):
        return start, end
    if name:
        found = snippet.find(name)
        if found >= 0:
            return found, found + len(name)
    return None


def _facts(event: Mapping[str, Any]) -> str:
    bits = []
    kind = _text(event.get("kind"))
    if kind:
        bits.append(kind)
    for column in ("killed", "injured"):
        count = _int(event.get(column))
        if count is not None:
            bits.append(f"{column} {count}")
    return ", ".join(bits)


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
