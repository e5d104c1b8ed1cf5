"""The events' columnar mirror (store.mirror) and the engine reading it (store.engine), on real
stores written through the Store API."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3

import pandas as pd
import pyarrow.parquet as pq
import pytest

from articles.model import Article
from store.db import Store
from store.engine import EventsEngine
from store.mirror import all_parts, compact, live_parts, mirror_folder, remove_replaced, sync
from tests.store.conftest import make_article, make_events


def _article(n: int) -> Article:
    text = (
        f"Shelling hit Aleppo on Tuesday, killing {n} people. Officials in Damascus blamed rebels."
    )
    return make_article(text=text, url=f"https://news.example/{n}", title=f"Story {n}")


def _add(store: Store, n: int, places=None) -> None:
    article = _article(n)
    assert store.add_article(article, make_events(article, places) if places else _two(article))


def _two(article: Article):
    from tests.store.conftest import PLACES

    return make_events(article, PLACES[:2])


def _mirrored(store_path) -> list[dict]:
    with EventsEngine(store_path) as engine:
        frame = engine.frame("SELECT * FROM events ORDER BY rowid")
    return frame.to_dict("records")


def test_sync_exports_every_event_with_its_article_and_place(filled_store):
    report = sync(filled_store.path)
    assert (report.exported, report.new_parts, report.rebuilt) == (4, 1, False)
    frame = filled_store.events_frame(include_unlocated=True).sort_values("event_id")
    rows = sorted(_mirrored(filled_store.path), key=lambda r: r["event_id"])
    assert [r["event_id"] for r in rows] == frame["event_id"].tolist()
    for row, (_, want) in zip(rows, frame.iterrows(), strict=True):
        for column in ("article_id", "title", "url", "role", "resolved_name", "snippet", "kind"):
            same = pd.isna(want[column]) if pd.isna(row[column]) else row[column] == want[column]
            assert same, column
        assert row["lat"] == want["lat"] and row["lon"] == want["lon"]  # exact doubles
        assert row["published"] == pd.Timestamp(2016, 11, 23)
        assert row["date"] == want["date"]
        assert row["host"] == "news.example"
        assert 0 < row["mx"] < 1 and 0 < row["my"] < 0.5  # north of the equator: upper half
    aleppo = next(r for r in rows if r["name"] == "Aleppo")
    assert (aleppo["killed"], aleppo["country_code"], aleppo["geonameid"]) == (12, "SY", 170063)


def test_a_second_sync_exports_nothing_and_rewrites_no_file(filled_store):
    sync(filled_store.path)
    before = {
        p.path: p.path.stat().st_mtime_ns for p in all_parts(mirror_folder(filled_store.path))
    }
    report = sync(filled_store.path)
    assert (report.exported, report.new_parts, report.rewritten, report.rebuilt) == (0, 0, 0, False)
    after = {p.path: p.path.stat().st_mtime_ns for p in all_parts(mirror_folder(filled_store.path))}
    assert after == before


def test_sync_exports_only_the_rows_past_the_last_exported_one(store):
    _add(store, 1)
    sync(store.path)
    _add(store, 2)
    _add(store, 3)
    report = sync(store.path)
    assert (report.exported, report.new_parts) == (4, 1)
    parts = live_parts(mirror_folder(store.path))
    assert [(p.first, p.last) for p in parts] == [(1, 2), (3, 6)]
    assert (
        sorted(r["title"] for r in _mirrored(store.path))
        == ["Story 1"] * 2 + ["Story 2"] * 2 + ["Story 3"] * 2
    )


def test_sync_reads_only_what_is_committed_while_an_ingest_writes(store):
    _add(store, 1)
    writer = sqlite3.connect(store.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # an ingest's transaction, not committed yet
        writer.execute(
            "INSERT INTO articles (id, content_hash, title, text, ingested_at) "
            "VALUES ('x', 'h', 'Pending', 'Shelling hit Aleppo.', '2026-01-01')"
        )
        writer.execute(
            'INSERT INTO events (id, article_id, place_key, role, name, start, "end", snippet,'
            " name_start, name_end, date_precision) VALUES ('x:0', 'x', 'gn:170063', 'event', "
            "'Aleppo', 13, 19, 'Shelling hit Aleppo.', 13, 19, 'unknown')"
        )
        assert sync(store.path).exported == 2  # the committed article's rows only
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert sync(store.path).exported == 1
    assert sorted(r["title"] for r in _mirrored(store.path)) == ["Pending", "Story 1", "Story 1"]


def test_a_place_the_store_updates_rewrites_the_parts_holding_it(store):
    from tests.store.conftest import PLACES

    _add(store, 1)
    sync(store.path)
    _add(store, 2)
    sync(store.path)
    # A later ingest resolves Aleppo (gn:170063) to other coordinates: the store upserts it.
    moved = [("Aleppo", "Halab", 36.2, 37.15, "town", "SY", 170063, PLACES[0][7]), PLACES[1]]
    _add(store, 3, moved)
    report = sync(store.path)
    assert report.rewritten == 2 and report.exported == 2
    aleppo = [r for r in _mirrored(store.path) if r["name"] == "Aleppo"]
    assert len(aleppo) == 3
    assert {(r["resolved_name"], r["lat"], r["lon"]) for r in aleppo} == {("Halab", 36.2, 37.15)}
    assert sync(store.path).rewritten == 0


def test_compaction_merges_small_parts_and_readers_count_each_row_once(store):
    for n in range(1, 6):
        _add(store, n)
        sync(store.path)
    folder = mirror_folder(store.path)
    assert len(live_parts(folder)) == 5
    assert compact(folder, force=True) == 5
    assert [(p.first, p.last) for p in live_parts(folder)] == [(1, 10)]
    assert len(all_parts(folder)) == 6  # the merged parts stay for readers that listed them
    with EventsEngine(store.path) as engine:
        assert engine.rows("SELECT count(*), count(DISTINCT rowid) FROM events") == [(10, 10)]
    assert remove_replaced(folder, grace=0) == 5
    assert len(all_parts(folder)) == 1
    merged = pq.read_metadata(live_parts(folder)[0].path)
    assert merged.num_rows == 10
    _add(store, 6)
    assert sync(store.path).exported == 2  # the merged part still marks what was exported


def test_a_replaced_store_file_is_exported_again_from_scratch(tmp_path):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Store(first) as store:
        _add(store, 1)
    with Store(second) as store:
        _add(store, 7)
    sync(first)
    shutil.copy(
        mirror_folder(first) / "events" / "part-000000000001-000000000002.parquet", tmp_path
    )
    shutil.move(str(mirror_folder(first)), str(mirror_folder(second)))
    report = sync(second)  # same rowids, other events: the old parts are not this store's
    assert report.rebuilt and report.exported == 2
    assert {r["title"] for r in _mirrored(second)} == {"Story 7"}


def test_the_engine_sees_new_parts_and_reads_an_empty_mirror(store):
    with EventsEngine(store.path) as engine:
        assert engine.rows("SELECT count(*) FROM events") == [(0,)]
        _add(store, 1)
        sync(store.path)
        assert engine.rows("SELECT count(*), min(title) FROM events") == [(2, "Story 1")]
        assert engine.parts() == 1


def test_an_event_without_a_place_is_mirrored_without_coordinates(store):
    article = _article(4)
    events = _two(article)
    placeless = dataclasses.replace(
        events[0], id=f"{article.id}:x", lat=None, lon=None, geonameid=None, name=""
    )
    assert store.add_article(article, [*events, placeless])
    sync(store.path)
    rows = {r["event_id"]: r for r in _mirrored(store.path)}
    assert pd.isna(rows[placeless.id]["lat"]) and pd.isna(rows[placeless.id]["mx"])
    assert pd.isna(rows[placeless.id]["place_key"])


def test_what_the_engine_keeps_is_computed_again_after_a_sync(store):
    _add(store, 1)
    sync(store.path)
    with EventsEngine(store.path) as engine:
        counted = lambda: engine.rows("SELECT count(*) FROM events")[0][0]  # noqa: E731
        assert engine.memo("rows", counted) == 2
        assert engine.memo("rows", lambda: -1) == 2  # kept
        _add(store, 2)
        sync(store.path)
        assert engine.memo("rows", counted) == 4


def test_a_bad_memory_cap_says_which_variable_and_what_to_give(store, monkeypatch):
    from store.duck import EngineError

    monkeypatch.setenv("NEWSMAP_DUCKDB_MEMORY", "lots")
    with pytest.raises(EngineError, match="NEWSMAP_DUCKDB_MEMORY='lots'.*512MB"):
        EventsEngine(store.path)
