"""The events frame: the store's rows as a typed DataFrame, with cross-article links.

Kept apart from store/db.py so the dashboard and exports can rely on one definition of the
columns (EVENT_COLUMNS) and their types. Which events are linked is not the store's to decide:
the link columns are filled by the ``linker`` its opener gives (pipeline.linking).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

# Link ids for the rows of an events frame, in order (pipeline.linking.frame_link_ids).
Linker = Callable[[pd.DataFrame], Sequence[str]]

EVENT_COLUMNS = (
    "event_id",
    "article_id",
    "title",
    "url",
    "published",
    "source",
    "credit",
    "role",
    "name",
    "resolved_name",
    "lat",
    "lon",
    "precision",
    "country_code",
    "geonameid",
    "snippet",
    "name_start",
    "name_end",
    "date",
    "date_precision",
    "kind",
    "killed",
    "injured",
    "actors",
    # schema 2 (issue 4): what happened, in more detail
    "status",
    "trigger",
    "trigger_start",
    "trigger_end",
    "sentence_start",
    "killed_qualifier",
    "injured_qualifier",
    "killed_revisions",
    "injured_revisions",
    "victims",
    "place_key",
    # schema 3 (issue 11): how sure, history or news, where the place comes from
    "confidence",
    "kind_confidence",
    "background",
    "place_source",
    # schema 4 (issue 11): how sure of the casualty figures
    "killed_confidence",
    "injured_confidence",
    # schema 5: an undated article dated by the ingest's fallback, and the event dates
    # counted from it (articles.published_fallback, events.measure.approximate_dates)
    "published_fallback",
    "date_approximate",
    # computed when reading: the same event in several articles (pipeline/linking.py)
    "link_id",
    "link_size",
)

# What the store's three queries return (store/db.py), in order: the events (one row per event,
# already in frame order), and the articles and places they point to. Article and place
# columns are read once per article and place and spread over the events here, rather than
# repeated by a join on every event row (that nearly doubled the query time at 100,000 events).
ARTICLE_QUERY_COLUMNS = (
    "article_id",
    "title",
    "url",
    "published",
    "source",
    "credit",
    "published_fallback",
)
PLACE_QUERY_COLUMNS = ("place_key", "resolved_name", "lat", "lon", "country_code", "geonameid")
_COMPUTED = ("link_id", "link_size")
EVENT_QUERY_COLUMNS = tuple(
    column
    for column in EVENT_COLUMNS
    if column in ("article_id", "place_key")
    or column not in ARTICLE_QUERY_COLUMNS + PLACE_QUERY_COLUMNS + _COMPUTED
)
_INTS = ("killed", "injured", "trigger_start", "trigger_end", "sentence_start")
_LISTS = ("actors", "killed_revisions", "injured_revisions")
_CONFIDENCES = ("confidence", "kind_confidence", "killed_confidence", "injured_confidence")


def events_to_frame(
    events: list[tuple], articles: list[tuple], places: list[tuple], linker: Linker | None = None
) -> pd.DataFrame:
    """The events frame (EVENT_COLUMNS) from the rows of the store's three queries.

    ``events`` has the columns EVENT_QUERY_COLUMNS, ``articles`` ARTICLE_QUERY_COLUMNS and
    ``places`` PLACE_QUERY_COLUMNS; an event whose place is not in ``places`` gets empty place
    columns. Text columns are pandas' string dtype (missing values NaN). ``linker`` gives the
    link ids; without one, each event is its own link.
    """
    columns = _transpose(events, len(EVENT_QUERY_COLUMNS))
    raw = dict(zip(EVENT_QUERY_COLUMNS, columns, strict=True))
    out: dict[str, object] = {}
    for column, values in raw.items():
        if column in _INTS:
            out[column] = pd.array(values, dtype="Int64")
        elif column in ("name_start", "name_end"):
            out[column] = np.array(values, dtype="int64")
        elif column in _LISTS:
            out[column] = _json_tuples(values)
        elif column == "date":
            out[column] = _dates(values)
        elif column in _CONFIDENCES:
            out[column] = np.array(values, dtype="float64")  # NaN: stored before any judge
        elif column in ("background", "date_approximate"):
            out[column] = np.array(values, dtype="bool")
        else:
            out[column] = pd.array(values, dtype="str")
    out.update(_spread(articles, ARTICLE_QUERY_COLUMNS, raw["article_id"]))
    out.update(_spread(places, PLACE_QUERY_COLUMNS, raw["place_key"]))
    stored = [c for c in EVENT_COLUMNS if c not in ("link_id", "link_size")]
    frame = pd.DataFrame({c: out[c] for c in stored})
    return _with_links(frame, linker)


def _transpose(rows: list[tuple], width: int) -> list[tuple]:
    """Rows to columns, ``width`` empty columns when there are no rows."""
    if not rows:
        return [() for _ in range(width)]
    return list(zip(*rows, strict=True))


def _dates(values: Sequence) -> np.ndarray:
    """ISO dates (or None) as datetime64[us], NaT when missing.

    Microseconds, not pandas' usual nanoseconds: those end in 1677 and 2262, and a cast to
    them wraps a date outside silently (2999 read back as 1830). Ingest refuses such dates
    (articles.model.date_in_range), but a store written before, or by hand, may hold them:
    they are read right here, and the dashboard treats them as undated (dashboard.filters).
    """
    parsed = pd.to_datetime(pd.array(values, dtype="str"), format="%Y-%m-%d")
    return np.asarray(parsed, dtype="datetime64[us]")


def _json_tuples(values: Sequence) -> pd.Series:
    """JSON arrays to tuples, each distinct text parsed once (most are "[]")."""
    parsed = {value: tuple(json.loads(value)) for value in set(values)}
    return pd.Series([parsed[value] for value in values], dtype=object)


def _spread(rows: list[tuple], names: tuple[str, ...], keys: Sequence) -> dict[str, object]:
    """The columns of a keyed table (key first) for each of ``keys``; missing when not found."""
    columns = dict(zip(names, _transpose(rows, len(names)), strict=True))
    position = {key: n for n, key in enumerate(columns.pop(names[0]))}
    missing = len(position)  # one missing value is appended to each column, at this position
    where = np.fromiter((position.get(key, missing) for key in keys), np.intp, len(keys))
    out: dict[str, object] = {}
    for name, values in columns.items():
        padded = [*values, None]
        if name in ("lat", "lon"):
            out[name] = np.array(padded, dtype="float64")[where]
        elif name == "geonameid":
            out[name] = pd.array(padded, dtype="Int64")[where]
        elif name == "published":
            out[name] = _dates(padded)[where]
        else:
            out[name] = pd.array(padded, dtype="str")[where]
    return out


def _with_links(frame: pd.DataFrame, linker: Linker | None) -> pd.DataFrame:
    """Add link_id (``linker``'s, else the event's own id) and link_size (the articles
    reporting the linked event)."""
    ids = frame["event_id"] if linker is None else list(linker(frame))
    frame["link_id"] = pd.Series(ids, index=frame.index, dtype="str")
    sizes = frame.groupby("link_id")["article_id"].transform("nunique")
    frame["link_size"] = sizes.astype("int64")
    return frame
