"""store/frames.py: the events frame read in three queries equals the plain join, in order."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pandas as pd
import pytest

from tests.store.conftest import TEXT, make_article, make_events

# The frame's article and place columns, as one join would give them (the frame's order).
REFERENCE_SQL = """
SELECT e.id, a.title, a.url, a.published, a.source, a.credit, p.name, p.lat, p.lon,
       p.country_code, p.geonameid, COALESCE(e.precision, p.precision)
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
LEFT JOIN places AS p ON p.place_key = e.place_key
{where}
ORDER BY a.published, e.article_id, e.start, e.id
"""
COLUMNS = ["event_id", "title", "url", "published", "source", "credit", "resolved_name"]
COLUMNS += ["lat", "lon", "country_code", "geonameid", "precision"]


def _unlocated(event):
    return dataclasses.replace(
        event, id=event.id + ":t", lat=None, lon=None, resolved_name="", precision="",
        country_code=None, geonameid=None,
    )  # fmt: skip


@pytest.fixture
def mixed_store(store):
    """Articles with and without URL and date, events with and without a place."""
    stories = [
        make_article(),
        make_article(TEXT + " Later.", url=None, published=None, title="No date, no URL"),
        make_article(TEXT + " Earlier.", url="https://news.example/2", published=date(2015, 1, 2)),
    ]
    for n, story in enumerate(stories):
        events = make_events(story)
        if n != 1:
            events.append(_unlocated(events[0]))
        assert store.add_article(story, events)
    return store


def _plain(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@pytest.mark.parametrize("include_unlocated", [False, True])
def test_the_frame_equals_the_plain_join_row_by_row(mixed_store, include_unlocated):
    frame = mixed_store.events_frame(include_unlocated=include_unlocated)
    where = "" if include_unlocated else "WHERE e.place_key IS NOT NULL"
    with sqlite3.connect(mixed_store.path) as conn:
        expected = conn.execute(REFERENCE_SQL.format(where=where)).fetchall()
    assert len(frame) == len(expected) == (14 if include_unlocated else 12)
    got = []
    for row in frame[COLUMNS].itertuples(index=False, name=None):
        values = [_plain(v) for v in row]
        values[3] = values[3].date().isoformat() if values[3] is not None else None
        values[10] = int(values[10]) if values[10] is not None else None
        got.append(tuple(values))
    assert got == expected


def test_columns_keep_their_types_with_missing_values(mixed_store):
    frame = mixed_store.events_frame(include_unlocated=True)
    assert str(frame["title"].dtype) == "str" and str(frame["geonameid"].dtype) == "Int64"
    assert frame["lat"].dtype == "float64" and frame["name_start"].dtype == "int64"
    assert frame["published"].dtype == frame["date"].dtype == "datetime64[us]"
    unlocated = frame[frame["place_key"].isna()]
    assert len(unlocated) == 2 and unlocated["lat"].isna().all()
    assert unlocated["resolved_name"].isna().all() and unlocated["geonameid"].isna().all()
    assert frame["published"].isna().sum() == 4  # the undated article's four events
    assert set(frame["actors"]) == {("rebels",), ()}
