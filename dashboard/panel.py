"""The side panel of a clicked place: its events with date, kind, casualties, the sentence with
the place highlighted, and a link to each article.

Each entry also says how sure the extractor is, in a few words: "kind uncertain" (its kind's
probability under :data:`DOUBT`; a casualty figure's the same), "uncertain: 55%" (the event's
own under :data:`SHOW_CONFIDENCE_BELOW`), "background (history)" for an event told as history,
and where the place comes from when its own sentence names none ("place from the article's
dateline").
Such a sentence's highlight is on the words that say what happened, not on a place name.

One event reported by several articles (pipeline/linking.py: same kind, place and dates) is one
entry, listing every article that reports it and the highest casualty figures among them;
:func:`entries` does the grouping, :func:`panel_html` the markup. The HTML is built from
escaped parts only (see dashboard.popups): every title, snippet, name and URL comes from
articles and is untrusted; only plain http(s) URLs become links.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from articles.urls import safe_http_url
from dashboard.layers import kind_colour, kind_icon, kind_label
from dashboard.popups import format_date, highlight
from events.classify.kind_icons import VIEW_BOX

MAX_ITEMS = 60
# An event's confidence is shown under this: above it the number would only be noise on
# nearly every entry (most events are judged .9 or more).
SHOW_CONFIDENCE_BELOW = 0.8
# A kind or a casualty figure the extractor gives less than this is said to be uncertain (of
# figures given .6-.8 about three in four are right, out of fold).
DOUBT = 0.6
PLACE_SOURCES = {  # where a place comes from when the event's own sentence names none
    "previous": "place from an earlier sentence",
    "dateline": "place from the article's dateline",
    "focus": "place: the article's main place",
}
ELSEWHERE = "place from elsewhere in the article"  # a place_source this module does not know
# After a date counted from a publication date the ingest supplied (the article gave none).
APPROXIMATE_DATE = ", approximate (the article is undated)"

PANEL_CSS = """
<style>
.newsmap-panel { font: 14px/1.4 system-ui, sans-serif; }
.newsmap-panel h4 { margin: 0 0 .2em; font-size: 1.1em; }
.newsmap-panel .summary { color: #4b5563; margin-bottom: .5em; }
.newsmap-panel .item { border-top: 1px solid #e5e7eb; padding: .45em 0; }
.newsmap-panel .meta { color: #374151; font-size: .9em; }
.newsmap-panel .badge { display: inline-block; width: 1.15em; height: 1.15em; padding: .12em;
  box-sizing: border-box; border-radius: 50%; margin-right: .3em; vertical-align: -.25em; }
.newsmap-panel .badge svg { display: block; width: 100%; height: 100%; }
.newsmap-panel .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%;
  margin-right: .3em; vertical-align: baseline; }
.newsmap-panel .role { color: #6b7280; font-size: .8em; text-transform: uppercase; }
.newsmap-panel blockquote { margin: .3em 0; padding-left: .5em; border-left: 3px solid #d1d5db; }
.newsmap-panel mark { background: #fde68a; padding: 0 1px; }
.newsmap-panel .sources { margin: .2em 0 0 .2em; }
.newsmap-panel .more { color: #6b7280; padding-top: .4em; }
</style>
"""


@dataclass(frozen=True)
class Source:
    """One article reporting an entry: its title and URL as stored (both untrusted)."""

    title: str
    url: str


@dataclass(frozen=True)
class Figure:
    """A casualty count and its hedge ("at least"), from the report with the highest count."""

    count: int
    qualifier: str = ""
    uncertain: bool = False  # the figure gate gave it less than DOUBT


@dataclass(frozen=True)
class Entry:
    """One panel entry: an event with all its reports in the rows, or one mention.

    ``lead`` is the row shown (date, kind, sentence): the report with the most casualties,
    else the first. ``killed``/``injured`` are the highest figures of any report (None when no
    report gives one), ``sources`` every distinct article, lead first, and ``reported`` the
    number of articles reporting the event in the whole store (some may be filtered out).
    ``confidence`` is the highest any report has that the event is real (one article sure of
    it is enough; None when no report was judged).
    """

    lead: dict
    killed: Figure | None
    injured: Figure | None
    sources: tuple[Source, ...]
    reported: int
    confidence: float | None = None

    @property
    def is_event(self) -> bool:
        """True for an event, False for a place mention."""
        return self.lead.get("role") == "event"


def place_events(frame: pd.DataFrame, lat: float, lon: float, tolerance: float = 2e-5):
    """The rows at one point, events before mentions, newest first."""
    near = ((frame["lat"] - lat).abs() <= tolerance) & ((frame["lon"] - lon).abs() <= tolerance)
    rows = frame[near]
    order = rows.assign(_mention=(rows["role"] != "event").astype(int))
    order = order.sort_values(["_mention", "day"], ascending=[True, False], kind="stable")
    return rows.loc[order.index]


def entries(rows: pd.DataFrame, limit: int | None = None) -> list[Entry]:
    """The panel entries of the rows at one place (ordered as the rows): the rows of one
    linked event (same ``link_id``) make one entry. At most ``limit`` entries when given."""
    if rows.empty:
        return []
    keys = _link_keys(rows)
    wanted = pd.unique(keys)[:limit]
    groups: dict[str, list[dict]] = {key: [] for key in wanted}
    chosen = keys.isin(set(wanted)).to_numpy()
    for key, record in zip(keys[chosen], rows[chosen].to_dict("records"), strict=True):
        groups[key].append(record)
    return [_entry(reports) for reports in groups.values()]


def panel_html(rows: pd.DataFrame, limit: int = MAX_ITEMS) -> str:
    """The panel for the rows at one place (from :func:`place_events`); "" when empty."""
    if rows.empty:
        return ""
    esc = html.escape
    keys = _link_keys(rows)
    shown = entries(rows, limit)
    total = int(keys.nunique())
    first = shown[0].lead
    country = _text(first.get("country_code"))
    parts = [
        PANEL_CSS,
        '<div class="newsmap-panel">',
        f"<h4>{esc(_text(first.get('resolved_name')))}"
        + (f" <small>({esc(country)})</small>" if country else "")
        + "</h4>",
        f'<div class="summary">{esc(_summary(rows, keys))}</div>',
    ]
    parts.extend(_item(entry) for entry in shown)
    if total > len(shown):
        parts.append(
            f'<div class="more">and {total - len(shown)} more: see the events table '
            "or download the filtered events.</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _link_keys(rows: pd.DataFrame) -> pd.Series:
    """The grouping key of each row: its link id (the event's own id when it is unlinked)."""
    return rows["link_id" if "link_id" in rows else "event_id"].astype(object)


def _summary(rows: pd.DataFrame, keys: pd.Series) -> str:
    """ "3 events, 1 mention, 12 killed, 3 injured": a linked event counts once, with its
    highest figures (as its entry shows them)."""
    is_event = rows["role"] == "event"
    events, mentions = int(keys[is_event].nunique()), int(keys[~is_event].nunique())
    killed, injured = (
        int(rows[column].astype("Int64").groupby(keys).max().fillna(0).sum())
        for column in ("killed", "injured")
    )
    summary = [f"{events} event{'s' * (events != 1)}"]
    if mentions:
        summary.append(f"{mentions} mention{'s' * (mentions != 1)}")
    if killed or injured:
        summary.append(f"{killed} killed, {injured} injured")
    return ", ".join(summary)


def _entry(reports: list[dict]) -> Entry:
    """One entry from the rows of one linked event (or one row)."""
    lead = max(reports, key=lambda r: (_int(r.get("killed")) or 0) + (_int(r.get("injured")) or 0))
    sources: dict[str, Source] = {}
    for record in [lead, *reports]:
        title = _text(record.get("title")) or "(untitled article)"
        key = _text(record.get("article_id")) or f"{title}\n{_text(record.get('url'))}"
        sources.setdefault(key, Source(title, _text(record.get("url"))))
    reported = _int(lead.get("link_size")) or 1
    judged = [c for c in (_float(r.get("confidence")) for r in reports) if c is not None]
    return Entry(
        lead=lead,
        killed=_highest(reports, "killed"),
        injured=_highest(reports, "injured"),
        sources=tuple(sources.values()),
        reported=max(reported, len(sources)),
        confidence=max(judged, default=None),
    )


def _highest(reports: list[dict], column: str) -> Figure | None:
    """The highest count in ``column`` among the reports, with that report's qualifier."""
    counted = [r for r in reports if _int(r.get(column)) is not None]
    if not counted:
        return None
    top = max(counted, key=lambda r: _int(r.get(column)))
    return Figure(
        _int(top.get(column)),
        _text(top.get(f"{column}_qualifier")),
        _below(top.get(f"{column}_confidence"), DOUBT),
    )


def _item(entry: Entry) -> str:
    esc = html.escape
    record = entry.lead
    is_event = entry.is_event
    kind = _text(record.get("kind_label")) or None
    meta = [format_date(record.get("date"), record.get("date_precision"))]
    if _flag(record.get("date_approximate")):  # counted from a date the ingest supplied
        meta[0] += APPROXIMATE_DATE
    if is_event and kind:
        meta.append(kind_label(kind))
        if _below(record.get("kind_confidence"), DOUBT):
            meta.append("kind uncertain")
    for column, figure in (("killed", entry.killed), ("injured", entry.injured)):
        if figure is not None:
            meta.append(f"{figure.qualifier} {figure.count} {column}".strip())
            if figure.uncertain:
                meta.append(f"{column} figure uncertain")
    if _text(record.get("status")) == "planned":
        meta.append("planned or threatened")
    meta.extend(_sureness(entry) if is_event else ())
    place_source = _text(record.get("place_source"))
    inherited = is_event and place_source not in ("", "sentence")
    if inherited:
        meta.append(PLACE_SOURCES.get(place_source, ELSEWHERE))
    if entry.reported > 1:
        meta.append(f"reported in {entry.reported} articles")
    colour = kind_colour(kind if is_event else None)
    out = ['<div class="item"><div class="meta">']
    out.append(_badge(colour, kind_icon(kind) if is_event else ""))
    out.append(esc(" · ".join(meta)))
    if not is_event:
        out.append(' <span class="role">mentioned</span>')
    out.append("</div>")
    snippet = _text(record.get("snippet"))
    if snippet:
        # A place from elsewhere in the article: the offsets are the trigger's, and the name
        # (written elsewhere) must not pull the mark onto a same name in this sentence.
        marked = highlight(
            snippet,
            _int(record.get("name_start")),
            _int(record.get("name_end")),
            "" if inherited else _text(record.get("name")),
        )
        out.append(f"<blockquote>{marked}</blockquote>")
    if len(entry.sources) == 1:
        out.append(_source(entry.sources[0]))
    else:
        out.append('<div class="sources">')
        out.extend(_source(source) for source in entry.sources)
        out.append("</div>")
    hidden = entry.reported - len(entry.sources)
    if hidden > 0:
        out.append(
            f'<div class="meta">and {hidden} more article{"s" * (hidden != 1)} '
            "outside the current filters</div>"
        )
    out.append("</div>")
    return "".join(out)


def _sureness(entry: Entry) -> list[str]:
    """ "uncertain: 55%" under SHOW_CONFIDENCE_BELOW, "background (history)" when so."""
    out = []
    if entry.confidence is not None and entry.confidence < SHOW_CONFIDENCE_BELOW:
        out.append(f"uncertain: {entry.confidence:.0%}")
    if _flag(entry.lead.get("background")):
        out.append("background (history)")
    return out


def _below(value: object, threshold: float) -> bool:
    """True when ``value`` is a probability under ``threshold`` (missing or NaN: not judged)."""
    number = _float(value)
    return number is not None and number < threshold


def _source(source: Source) -> str:
    """One article: a link when its URL is a plain http(s) URL, else its title and the URL
    as text."""
    esc = html.escape
    link = safe_http_url(source.url)
    if link:
        return (
            f'<div><a href="{esc(link, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{esc(source.title)}</a></div>'
        )
    out = f"<div><i>{esc(source.title)}</i></div>"
    if source.url:
        out += f'<div class="meta">Source: {esc(source.url)}</div>'
    return out


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _int(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def _float(value: object) -> float | None:
    """A probability in [0, 1] as a float; None when missing, NaN or not a number at all."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 1.0 else None  # NaN fails both comparisons


def _flag(value: object) -> bool:
    """True for a set flag; False for False, missing and NaN (a frame without the column)."""
    return value is not None and not pd.isna(value) and bool(value)


def _badge(colour: str, icon: str) -> str:
    """The kind's badge: its pictogram drawn white on its colour, as on the map's markers (a
    dot of the colour alone for a mention). Colour and path come from the project's own kind
    table, never from an article; both are escaped all the same."""
    style = f"background:{html.escape(colour)}"
    if not icon:
        return f'<span class="dot" style="{style}"></span>'
    return (
        f'<span class="badge" style="{style}"><svg viewBox="{VIEW_BOX}" aria-hidden="true">'
        f'<path fill="#fff" fill-rule="evenodd" d="{html.escape(icon)}"/></svg></span>'
    )
