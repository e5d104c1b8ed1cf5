"""The live feed beside the map: the newest events under the filters, one card each.

Pure functions over the filtered frame: :func:`feed_items` picks the events (never mentions),
one card per reported event (the reports of one linked event make one card), newest first;
:func:`card` gives a card's plain data for the page. Every text in a card comes from articles
and is untrusted: the feed's script (dashboard/static/newsmap/feed.js) sets it with
``textContent`` only, and a source becomes a link only when its URL is a plain http(s) URL.
:func:`fresh_keys` says which cards a refresh of the store brought.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from articles.urls import safe_http_url
from dashboard.layers import kind_colour, kind_icon, kind_label
from dashboard.popups import format_date

# Cards in the feed at first; "Show more" adds as many again. Each card is about 400 bytes
# sent to the page: 30 keep a first visit's download under 3 MB (python -m dashboard.bench).
MAX_ITEMS = 30
MAX_TEXT = 160  # characters of a card's sentence (two lines; the tooltip shows them all)
# The zoom a picked card flies the map to, by how precisely its place is known: a town is
# shown with its surroundings, a country whole.
ZOOM_BY_PRECISION = {"town": 9, "admin": 7, "country": 5, "region": 4}
DEFAULT_ZOOM = 8
_SERVER_ONLY = ("lat", "lon", "zoom")
_CARD_COLUMNS = (  # what a card reads of its row
    "lat", "lon", "resolved_name", "name", "country_code", "date", "date_precision",
    "kind_label", "snippet", "source_label", "url", "link_size", "precision", "killed",
    "injured", "killed_qualifier", "injured_qualifier",
)  # fmt: skip


@dataclass(frozen=True)
class FeedItem:
    """One card: an event (with how many articles report it), where, when and what."""

    key: str  # the event's link id (its own id when no other article reports it)
    lat: float
    lon: float
    place: str
    country: str
    when: str
    kind: str
    colour: str
    icon: str  # the kind's pictogram: an SVG path in a 16 px box (events/classify/kind_icons.py)
    text: str
    source: str
    url: str  # "" unless a plain http(s) URL
    reports: int
    casualties: str
    zoom: int


def feed_items(frame: pd.DataFrame, limit: int = MAX_ITEMS) -> list[FeedItem]:
    """The newest ``limit`` events of a filtered frame, one card per event.

    Newest by event date, then by publication date, then by the store's order (later
    ingested last in it); undated events come after every dated one. The reports of one
    linked event (same ``link_id``) make one card, shown from its newest report. Works on
    the few columns it sorts by, and reads the rest for the cards shown only: copying the
    rows of the wide frame would cost more than all the rest.
    """
    at = np.flatnonzero((frame["role"] == "event").to_numpy(dtype=bool, na_value=False))
    if not len(at) or limit <= 0:
        return []
    newest_first = np.lexsort(
        (
            -at,
            _descending(frame["published"].to_numpy()[at]),
            _descending(frame["day"].to_numpy()[at]),
        )
    )
    keys = _keys(frame).iloc[at[newest_first]]
    first = newest_first[~keys.duplicated().to_numpy()][:limit]
    shown = [c for c in _CARD_COLUMNS if c in frame]
    records = frame.iloc[at[first]][shown].to_dict("records")
    chosen = _keys(frame).iloc[at[first]]
    return [_item(str(key), record) for key, record in zip(chosen, records, strict=True)]


def count_events(frame: pd.DataFrame) -> int:
    """How many cards the whole feed of a filtered frame holds (linked reports count once)."""
    is_event = (frame["role"] == "event").to_numpy(dtype=bool, na_value=False)
    return int(_keys(frame)[is_event].nunique())


def _keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's card key: its link id, else its own id (a store written before linking)."""
    if "link_id" not in frame:
        return frame["event_id"]
    links = frame["link_id"]
    return links.fillna(frame["event_id"]) if links.hasnans else links


def _descending(times: np.ndarray) -> np.ndarray:
    """Sort keys that put the latest time first and missing times (NaT) last."""
    values = times.astype("datetime64[ns]")
    return np.where(np.isnat(values), np.iinfo(np.int64).max, -values.astype(np.int64))


def card(item: FeedItem, fresh: bool = False) -> dict:
    """A card's plain data for the feed's script (JSON); ``fresh``: a refresh brought it.
    Where the place is stays on the server (a pick names the card by its key)."""
    data = {k: v for k, v in asdict(item).items() if k not in _SERVER_ONLY}
    return {**data, "fresh": fresh}


def page_data(items: Iterable[FeedItem], fresh: Iterable[str] = ()) -> dict:
    """What the feed's script receives: the cards (``fresh``: the keys a refresh brought),
    each naming its pictogram by index in ``icons`` (-1: none), each pictogram sent once."""
    marked = set(fresh)
    icons: list[str] = []
    cards = []
    for item in items:
        data = card(item, item.key in marked)
        if item.icon and item.icon not in icons:
            icons.append(item.icon)
        data["icon"] = icons.index(item.icon) if item.icon else -1
        cards.append(data)
    return {"cards": cards, "icons": icons}


def fresh_keys(
    keys: Iterable[str], before: Iterable[str] | None, still_fresh: Iterable[str] = ()
) -> frozenset[str]:
    """The cards a refresh brought: ``keys`` not shown ``before`` (None: nothing to compare
    with, a first feed or new filters), plus those still marked from the last refresh."""
    if before is None:
        return frozenset()
    now = set(keys)
    return frozenset((now - set(before)) | (now & set(still_fresh)))


def _item(key: str, record: dict) -> FeedItem:
    kind = _text(record.get("kind_label")) or None
    precision = record.get("date_precision")  # a publication date reads as a day here
    when = format_date(record.get("date"), "day" if precision == "published" else precision)
    text = " ".join(_text(record.get("snippet")).split())
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    return FeedItem(
        key=key,
        lat=float(record["lat"]),
        lon=float(record["lon"]),
        place=_text(record.get("resolved_name")) or _text(record.get("name")) or "(a place)",
        country=_text(record.get("country_code")),
        when=when,
        kind=kind_label(kind) if kind else "Event",
        colour=kind_colour(kind),
        icon=kind_icon(kind) if kind else "",
        text=text,
        source=_text(record.get("source_label")) or "unknown source",
        url=safe_http_url(record.get("url")) or "",
        reports=max(_int(record.get("link_size")) or 1, 1),
        casualties=_casualties(record),
        zoom=ZOOM_BY_PRECISION.get(_text(record.get("precision")), DEFAULT_ZOOM),
    )


def _casualties(record: dict) -> str:
    """ "12 killed, 3 injured" from the report's figures (with their hedges); "" when none."""
    said = []
    for column in ("killed", "injured"):
        count = _int(record.get(column))
        if count:
            hedge = _text(record.get(f"{column}_qualifier"))
            said.append(f"{hedge} {count} {column}".strip())
    return ", ".join(said)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _int(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
