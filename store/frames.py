"""The events frame: the store's rows as a typed DataFrame, with cross-article links.

Kept apart from store/db.py so the dashboard and exports can rely on one definition of the
columns (EVENT_COLUMNS) and their types.
"""

from __future__ import annotations

import json

import pandas as pd

from events.linking import LinkRecord, link_ids

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
    # computed when reading: the same event in several articles (events/linking.py)
    "link_id",
    "link_size",
)

_NON_TEXT = {"published", "date", "lat", "lon", "geonameid", "name_start", "name_end"}
_NON_TEXT |= {"trigger_start", "trigger_end", "sentence_start", "link_size"}
_LISTS = ("actors", "killed_revisions", "injured_revisions")
_STORED_COLUMNS = EVENT_COLUMNS[: EVENT_COLUMNS.index("link_id")]
_TEXT_COLUMNS = tuple(
    c for c in _STORED_COLUMNS if c not in _NON_TEXT | {"killed", "injured", *_LISTS}
)


def events_to_frame(rows: list[tuple]) -> pd.DataFrame:
    """The events frame from rows of the store's events query (columns _STORED_COLUMNS)."""
    frame = pd.DataFrame.from_records(rows, columns=list(_STORED_COLUMNS))
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].astype("str")  # pandas' string dtype; missing stays NaN
    for column in ("published", "date"):
        dates = pd.to_datetime(frame[column], format="%Y-%m-%d")
        frame[column] = dates.astype("datetime64[ns]")
    frame["lat"] = frame["lat"].astype("float64")
    frame["lon"] = frame["lon"].astype("float64")
    for column in (
        "geonameid",
        "killed",
        "injured",
        "trigger_start",
        "trigger_end",
        "sentence_start",
    ):
        frame[column] = frame[column].astype("Int64")
    for column in ("name_start", "name_end"):
        frame[column] = frame[column].astype("int64")
    for column in _LISTS:
        frame[column] = pd.Series(
            [tuple(json.loads(value)) for value in frame[column]], index=frame.index, dtype=object
        )
    return _with_links(frame)


def _with_links(frame: pd.DataFrame) -> pd.DataFrame:
    """Add link_id and link_size (articles reporting the linked event)."""
    records = [
        LinkRecord(
            event_id=row[0],
            role=row[1],
            kind=None if pd.isna(row[2]) else row[2],
            status=row[3],
            place_key=None if pd.isna(row[4]) else row[4],
            date=None if pd.isna(row[5]) else row[5].date(),
        )
        for row in frame[["event_id", "role", "kind", "status", "place_key", "date"]].itertuples(
            index=False, name=None
        )
    ]
    frame["link_id"] = pd.Series(link_ids(records), index=frame.index, dtype="str")
    sizes = frame.groupby("link_id")["article_id"].transform("nunique")
    frame["link_size"] = sizes.astype("int64") if len(frame) else sizes.astype("int64")
    return frame
