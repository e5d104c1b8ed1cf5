"""The side panel of a clicked place: its events with date, kind, casualties, the sentence with
the place highlighted, and a link to each article.

Builds one HTML string from escaped parts only (see dashboard.popups): every title, snippet,
name and URL comes from articles and is untrusted; only plain http(s) URLs become links.
"""

from __future__ import annotations

import html

import pandas as pd

from articles.urls import safe_http_url
from dashboard.layers import kind_colour, kind_label
from dashboard.popups import format_date, highlight

MAX_ITEMS = 60

PANEL_CSS = """
<style>
.newsmap-panel { font: 14px/1.4 system-ui, sans-serif; }
.newsmap-panel h4 { margin: 0 0 .2em; font-size: 1.1em; }
.newsmap-panel .summary { color: #4b5563; margin-bottom: .5em; }
.newsmap-panel .item { border-top: 1px solid #e5e7eb; padding: .45em 0; }
.newsmap-panel .meta { color: #374151; font-size: .9em; }
.newsmap-panel .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%;
  margin-right: .3em; vertical-align: baseline; }
.newsmap-panel .role { color: #6b7280; font-size: .8em; text-transform: uppercase; }
.newsmap-panel blockquote { margin: .3em 0; padding-left: .5em; border-left: 3px solid #d1d5db; }
.newsmap-panel mark { background: #fde68a; padding: 0 1px; }
.newsmap-panel .more { color: #6b7280; padding-top: .4em; }
</style>
"""


def place_events(frame: pd.DataFrame, lat: float, lon: float, tolerance: float = 2e-5):
    """The rows at one point, events before mentions, newest first."""
    near = ((frame["lat"] - lat).abs() <= tolerance) & ((frame["lon"] - lon).abs() <= tolerance)
    rows = frame[near]
    order = rows.assign(_mention=(rows["role"] != "event").astype(int))
    order = order.sort_values(["_mention", "day"], ascending=[True, False], kind="stable")
    return rows.loc[order.index]


def panel_html(rows: pd.DataFrame, limit: int = MAX_ITEMS) -> str:
    """The panel for the rows at one place (from :func:`place_events`); "" when empty."""
    if rows.empty:
        return ""
    esc = html.escape
    first = rows.iloc[0]
    events = int((rows["role"] == "event").sum())
    mentions = len(rows) - events
    killed = int(rows["killed"].astype("Int64").fillna(0).sum())
    injured = int(rows["injured"].astype("Int64").fillna(0).sum())
    summary = [f"{events} event{'s' * (events != 1)}"]
    if mentions:
        summary.append(f"{mentions} mention{'s' * (mentions != 1)}")
    if killed or injured:
        summary.append(f"{killed} killed, {injured} injured")
    country = _text(first.get("country_code"))
    parts = [
        PANEL_CSS,
        '<div class="newsmap-panel">',
        f"<h4>{esc(_text(first.get('resolved_name')))}"
        + (f" <small>({esc(country)})</small>" if country else "")
        + "</h4>",
        f'<div class="summary">{esc(", ".join(summary))}</div>',
    ]
    for record in rows.head(limit).to_dict("records"):
        parts.append(_item(record))
    if len(rows) > limit:
        parts.append(
            f'<div class="more">and {len(rows) - limit} more: see the events table '
            "or download the filtered events.</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _item(record: dict) -> str:
    esc = html.escape
    is_event = record.get("role") == "event"
    kind = _text(record.get("kind_label")) or None
    meta = [format_date(record.get("date"), record.get("date_precision"))]
    if is_event and kind:
        meta.append(kind_label(kind))
    for column in ("killed", "injured"):
        value = record.get(column)
        if value is not None and not pd.isna(value):
            hedge = _text(record.get(f"{column}_qualifier"))
            meta.append(f"{hedge} {int(value)} {column}".strip())
    if _text(record.get("status")) == "planned":
        meta.append("planned or threatened")
    linked = record.get("link_size")
    if linked is not None and not pd.isna(linked) and int(linked) > 1:
        meta.append(f"reported in {int(linked)} articles")
    colour = kind_colour(kind if is_event else None)
    out = ['<div class="item"><div class="meta">']
    out.append(f'<span class="dot" style="background:{colour}"></span>')
    out.append(esc(" · ".join(meta)))
    if not is_event:
        out.append(' <span class="role">mentioned</span>')
    out.append("</div>")
    snippet = _text(record.get("snippet"))
    if snippet:
        marked = highlight(
            snippet,
            _int(record.get("name_start")),
            _int(record.get("name_end")),
            _text(record.get("name")),
        )
        out.append(f"<blockquote>{marked}</blockquote>")
    title = _text(record.get("title")) or "(untitled article)"
    link = safe_http_url(record.get("url"))
    if link:
        out.append(
            f'<div><a href="{esc(link, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{esc(title)}</a></div>'
        )
    else:
        out.append(f"<div><i>{esc(title)}</i></div>")
        if _text(record.get("url")):
            out.append(f'<div class="meta">Source: {esc(_text(record.get("url")))}</div>')
    out.append("</div>")
    return "".join(out)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _int(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)
