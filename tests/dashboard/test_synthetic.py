"""The benchmark's synthetic stores: real-looking articles written through the Store API."""

from __future__ import annotations

from dashboard.filters import MIN_CONFIDENCE
from dashboard.synthetic import KINDS, PHRASES, Town, fill
from events.classify.kind_table import Kind
from store.db import Store

TOWNS = [
    Town(170063, "Aleppo", 36.20124, 37.16117, "SY", 2_098_210),
    Town(99072, "Mosul", 36.335, 43.11889, "IQ", 1_739_800),
    Town(98182, "Baghdad", 33.34058, 44.40088, "IQ", 7_216_000),
    Town(1138958, "Kabul", 34.52813, 69.17233, "AF", 3_043_532),
]


def test_fill_writes_the_asked_number_of_events_with_consistent_offsets(tmp_path):
    store = tmp_path / "bench.sqlite"
    articles = fill(store, 300, TOWNS, seed=3)
    with Store(store, readonly=True) as opened:
        frame = opened.events_frame()
        assert opened.article_count() == articles
    assert len(frame) == 300
    for row in frame.itertuples():
        assert row.snippet[row.name_start : row.name_end] == row.name
    events = frame[frame["role"] == "event"]
    assert set(events["kind"]) <= set(KINDS) and events["kind"].notna().all()
    assert frame.loc[frame["role"] == "mention", "kind"].isna().all()
    assert 0.05 < (frame["role"] == "mention").mean() < 0.4
    assert set(frame["country_code"]) <= {"SY", "IQ", "AF"}
    assert frame["date"].notna().all() and frame["url"].str.startswith("https://").all()
    # events carry confidences, some under the dashboard's threshold; mentions are sure
    assert events["confidence"].between(0, 1).all() and events["kind_confidence"].notna().all()
    assert 0.05 < (events["confidence"] < MIN_CONFIDENCE).mean() < 0.35
    assert (frame.loc[frame["role"] == "mention", "confidence"] == 1.0).all()


def test_the_same_seed_gives_the_same_store(tmp_path):
    frames = []
    for name in ("a", "b"):
        fill(tmp_path / f"{name}.sqlite", 60, TOWNS, seed=9)
        with Store(tmp_path / f"{name}.sqlite", readonly=True) as opened:
            columns = ["event_id", "kind", "killed", "resolved_name", "confidence"]
            frames.append(opened.events_frame()[columns])
    assert frames[0].equals(frames[1])


def test_synthetic_articles_tell_of_every_kind_of_the_table_but_other(tmp_path):
    assert set(PHRASES) == set(KINDS) == set(Kind) - {Kind.OTHER}
    fill(tmp_path / "kinds.sqlite", 600, TOWNS, seed=4)
    with Store(tmp_path / "kinds.sqlite", readonly=True) as opened:
        frame = opened.events_frame()
    assert set(frame.loc[frame["role"] == "event", "kind"]) == set(KINDS)


def test_the_bulk_fill_writes_a_store_like_an_ingest_does(tmp_path, monkeypatch):
    import dashboard.synthetic_bulk as bulk

    monkeypatch.setattr(bulk, "CHUNK_ARTICLES", 40)  # several chunks, the last one cut short
    store = tmp_path / "bulk.sqlite"
    articles = bulk.fill_bulk(store, 1003, TOWNS, seed=3)
    with Store(store, readonly=True) as opened:
        frame = opened.events_frame()
        assert opened.article_count() == articles == frame["article_id"].nunique()
        assert opened.event_count() == 1003
    assert len(frame) == 1003 and frame["event_id"].is_unique
    for row in frame.itertuples():
        assert row.snippet[row.name_start : row.name_end] == row.name
    events = frame[frame["role"] == "event"]
    assert set(events["kind"]) <= set(KINDS) and events["kind"].notna().all()
    assert 0.05 < (frame["role"] == "mention").mean() < 0.4
    assert 0.05 < (events["confidence"] < MIN_CONFIDENCE).mean() < 0.35
    assert set(frame["country_code"]) <= {"SY", "IQ", "AF"}
    # the store's indexes are back, as the schema creates them
    import sqlite3

    with sqlite3.connect(store) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"events_date", "events_article", "events_place", "events_kind"} <= names
