"""Schema 2: events without a place, the event's own fields, and links across articles."""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from datetime import date

import pytest

from events.model import STATUS_PLANNED
from store.db import Store, StoreError
from tests.store.conftest import TEXT, make_article, make_events


def unlocated(event, **changes):
    """The event without a place, its offsets at its trigger (as the extractor writes it)."""
    start = max(event.snippet.find("Shelling"), 0)
    fields = {
        "id": event.id + ":t",
        "name": "",
        "resolved_name": "",
        "lat": None,
        "lon": None,
        "precision": "",
        "country_code": None,
        "geonameid": None,
        "start": start,
        "end": start + 8,
        "name_start": start,
        "name_end": start + 8,
        "trigger": "Shelling",
        "trigger_start": start,
        "trigger_end": start + 8,
    }
    fields.update(changes)
    return dataclasses.replace(event, **fields)


def test_events_without_a_place_are_stored_and_shown_on_request(store, article):
    events = make_events(article)
    assert store.add_article(article, [*events, unlocated(events[0])])
    assert store.event_count() == 5
    located = store.events_frame()
    assert len(located) == 4 and located["lat"].notna().all()
    everything = store.events_frame(include_unlocated=True)
    assert len(everything) == 5
    row = everything[everything["event_id"] == events[0].id + ":t"].iloc[0]
    assert math.isnan(row["lat"]) and row["name"] == "" and row["trigger"] == "Shelling"


def test_a_mention_needs_a_place(store, article):
    events = make_events(article)
    mention = unlocated(events[1], role="mention")
    with pytest.raises(StoreError, match="nothing of it was written"):
        store.add_article(article, [mention])
    assert store.article_count() == 0


def test_the_event_fields_round_trip(store, article):
    [aleppo, *rest] = make_events(article)
    aleppo = dataclasses.replace(
        aleppo,
        status=STATUS_PLANNED,
        precision="admin",
        trigger="Shelling",
        trigger_start=0,
        trigger_end=8,
        sentence_start=0,
        sentence_end=50,
        killed_qualifier="as many as",
        killed_revisions=(56, 100),
        injured=3,
        injured_qualifier="at least",
        victims="civilians",
    )
    assert store.add_article(article, [aleppo, *rest])
    row = store.events_frame().set_index("event_id").loc[aleppo.id]
    assert (row["status"], row["precision"], row["trigger"]) == ("planned", "admin", "Shelling")
    assert (row["trigger_start"], row["trigger_end"], row["sentence_start"]) == (0, 8, 0)
    assert (row["killed"], row["killed_qualifier"], row["killed_revisions"]) == (
        12,
        "as many as",
        (56, 100),
    )
    assert (row["injured"], row["injured_qualifier"], row["victims"]) == (
        3,
        "at least",
        "civilians",
    )
    assert row["actors"] == ("rebels",) and row["injured_revisions"] == ()
    # the place keeps its own precision; the event's is coarser here
    damascus = store.events_frame().set_index("name").loc["Damascus"]
    assert damascus["precision"] == "town"


def test_the_same_event_in_two_articles_shares_a_link(store, article):
    from pipeline.linking import frame_link_ids

    store.linker = frame_link_ids  # as the dashboard and the exports open it
    text = TEXT + " More shells fell later."
    other = make_article(text, url="https://other.example/aleppo", title="Aleppo shelled")
    assert store.add_article(article, make_events(article))
    later = [
        dataclasses.replace(e, date=date(2016, 11, 23)) if e.role == "event" else e
        for e in make_events(other)
    ]
    assert store.add_article(other, later)
    frame = store.events_frame()
    events = frame[frame["role"] == "event"]
    assert events["link_id"].nunique() == 1 and set(events["link_size"]) == {2}
    mentions = frame[frame["role"] == "mention"]
    assert (mentions["link_id"] == mentions["event_id"]).all()
    assert set(mentions["link_size"]) == {1}


def test_a_store_of_schema_1_is_refused_with_a_way_out(store_path):
    Store(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="version '1'.*ingest again into a new store"):
        Store(store_path)
