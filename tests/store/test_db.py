"""Tests for store/db.py: identity, atomic writes, read-only use and bad files."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from store.db import EVENT_COLUMNS, Store, StoreError, default_store_path, place_key
from store.schema import SCHEMA_VERSION
from tests.store.conftest import PLACES, TEXT, make_article, make_events

ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_first_write_creates_the_folder_and_a_wal_store(store_path):
    assert not store_path.parent.exists()
    with Store(store_path) as store:
        assert store.article_count() == 0
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert _rows(store_path, "SELECT value FROM meta") == [(str(SCHEMA_VERSION),)]


def test_events_frame_joins_article_place_and_event(filled_store, article):
    frame = filled_store.events_frame()
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert len(frame) == len(PLACES) == filled_store.event_count()
    row = frame.set_index("name").loc["Aleppo"]
    assert row["title"] == article.title and row["url"] == article.url
    assert row["resolved_name"] == "Aleppo" and row["geonameid"] == 170063
    assert (row["lat"], row["lon"], row["country_code"]) == (36.20124, 37.16117, "SY")
    assert row["published"] == pd.Timestamp("2016-11-23")
    assert row["date"] == pd.Timestamp("2016-11-22") and row["date_precision"] == "day"
    assert (row["kind"], row["killed"], row["actors"]) == ("shelling", 12, ("rebels",))
    assert row["snippet"][row["name_start"] : row["name_end"]] == "Aleppo"
    assert pd.isna(row["injured"])
    border = frame.set_index("name").loc["Syrian-Iraqi border"]
    assert border["resolved_name"] == "Syria–Iraq border" and pd.isna(border["geonameid"])
    assert pd.api.types.is_datetime64_any_dtype(frame["published"])
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])


def test_empty_store_gives_an_empty_frame_with_the_same_columns(store):
    frame = store.events_frame()
    assert frame.empty and tuple(frame.columns) == EVENT_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])


def test_article_text_returns_the_stored_text_or_none(filled_store, article):
    assert filled_store.article_text(article.id) == TEXT
    assert filled_store.article_text("nope") is None


@pytest.mark.parametrize(
    "duplicate",
    [
        pytest.param(lambda a: dataclasses.replace(a, text=a.text + " Updated."), id="same id"),
        pytest.param(
            lambda a: dataclasses.replace(a, id="other", text="Aleppo again, other words."),
            id="same url",
        ),
        pytest.param(
            lambda a: make_article(a.text.replace(" ", "\n  "), url="https://mirror.example/x"),
            id="same content re-wrapped",
        ),
    ],
)
def test_a_duplicate_article_is_refused_and_nothing_is_written(filled_store, article, duplicate):
    copy = duplicate(article)
    assert filled_store.has_article(copy)
    events = make_events(copy, PLACES[:1]) if copy.id != article.id else []
    events = [dataclasses.replace(e, id="new:" + e.id) for e in events]
    assert filled_store.add_article(copy, events) is False
    assert (filled_store.article_count(), filled_store.event_count()) == (1, len(PLACES))


def test_articles_without_url_do_not_collide_on_null(store):
    first = make_article("Rain in Paris.", url=None)
    second = make_article("Sun in Lyon.", url=None)
    assert store.add_article(first, []) and store.add_article(second, [])
    assert store.article_count() == 2
    assert not store.has_article(make_article("Snow in Oslo.", url=None))


def test_places_are_shared_between_articles(filled_store, store_path):
    other = make_article(TEXT + " More later.", url="https://news.example/aleppo-2")
    assert filled_store.add_article(other, make_events(other))
    assert filled_store.event_count() == 2 * len(PLACES)
    assert _rows(store_path, "SELECT count(*) FROM places") == [(len(PLACES),)]
    assert place_key(make_events(other)[0]) == "gn:170063"
    assert place_key(make_events(other)[3]) == "pl:Syria–Iraq border@34.60000,41.00000"


def test_a_bad_event_midway_rolls_back_the_whole_article(store, article, store_path):
    events = make_events(article)
    events[2] = dataclasses.replace(events[2], lat=123.0)  # off the globe: CHECK fails
    with pytest.raises(StoreError, match=str(store_path.name)) as info:
        store.add_article(article, events)
    assert "nothing of it was written" in str(info.value)
    assert (store.article_count(), store.event_count()) == (0, 0)
    assert _rows(store_path, "SELECT count(*) FROM places") == [(0,)]
    assert not store.has_article(article)
    assert store.add_article(article, make_events(article))  # the store still works


def test_an_exception_after_half_the_events_leaves_nothing(store, article, monkeypatch):
    import store.db as db

    real_insert, calls = db._insert_event, []

    def failing_insert(conn, event):
        if len(calls) == 2:
            raise RuntimeError("simulated crash")
        calls.append(event.id)
        real_insert(conn, event)

    monkeypatch.setattr(db, "_insert_event", failing_insert)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.add_article(article, make_events(article))
    assert len(calls) == 2
    assert (store.article_count(), store.event_count()) == (0, 0)


def test_a_killed_writer_leaves_the_store_as_before(store_path):
    """A process killed (os._exit) mid-transaction: the next opener sees none of that article."""
    script = f"""
import os
import store.db as db
from tests.store.conftest import make_article, make_events
real, calls = db._insert_event, []
def insert_then_die(conn, event):
    real(conn, event)
    calls.append(1)
    if len(calls) == 2:
        os._exit(3)
db._insert_event = insert_then_die
with db.Store({str(store_path)!r}) as s:
    s.add_article(make_article("An earlier article.", url=None), [])
    a = make_article()
    s.add_article(a, make_events(a))
"""
    command = [sys.executable, "-c", script]  # our own script, run by our own interpreter
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60)  # noqa: S603
    assert done.returncode == 3, done.stderr.decode()
    with Store(store_path) as store:
        assert _rows(store_path, "PRAGMA integrity_check") == [("ok",)]
        assert (store.article_count(), store.event_count()) == (1, 0)
        assert not store.has_article(make_article())


def test_events_of_another_article_are_refused(store, article):
    stray = make_events(make_article("Shelling hit Aleppo today.", url=None), PLACES[:1])
    with pytest.raises(StoreError, match="belongs to article"):
        store.add_article(article, stray)
    assert store.article_count() == 0


def test_readonly_store_reads_but_never_writes(filled_store, store_path, article):
    with Store(store_path, readonly=True) as reader:
        assert reader.event_count() == len(PLACES)
        with pytest.raises(StoreError, match="read-only"):
            reader.add_article(make_article("New text.", url=None), [])
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._conn.execute("DELETE FROM articles")
        # A reader sees what the writer commits after it opened.
        later = make_article("Later news from Homs.", url=None)
        filled_store.add_article(later, [])
        assert reader.article_count() == 2


def test_readonly_store_is_usable_from_many_threads(filled_store, store_path):
    with Store(store_path, readonly=True) as reader:
        sizes, errors = [], []

        def work():
            try:
                for _ in range(20):
                    sizes.append(len(reader.events_frame()))
            except Exception as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and set(sizes) == {len(PLACES)}


def test_readonly_open_of_a_missing_file_says_to_ingest(tmp_path):
    missing = tmp_path / "none.sqlite"
    with pytest.raises(StoreError, match="ingest") as info:
        Store(missing, readonly=True)
    assert str(missing) in str(info.value)
    assert not missing.exists()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_text_file_is_not_taken_for_a_store(tmp_path, readonly):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a usable SQLite database") as info:
        Store(path, readonly=readonly)
    assert str(path) in str(info.value)
    assert path.read_text().startswith("these are my notes")


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stuff (x)")
    with pytest.raises(StoreError, match="another program"):
        Store(path)


def test_an_empty_file_opened_readonly_is_not_a_store(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(StoreError, match="empty file"):
        Store(path, readonly=True)


@pytest.mark.parametrize(
    ("version", "hint"), [(str(SCHEMA_VERSION + 1), "newer"), ("0", "ingest again")]
)
def test_a_store_of_another_schema_version_is_refused(store_path, version, hint):
    Store(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    for readonly in (False, True):
        with pytest.raises(StoreError, match=hint) as info:
            Store(store_path, readonly=readonly)
        assert str(store_path) in str(info.value)


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Store(tmp_path)


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSMAP_STORE", str(tmp_path / "mine.sqlite"))
    assert default_store_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("NEWSMAP_STORE")
    assert default_store_path() == ROOT / "data" / "newsmap.sqlite"


def test_published_datetime_is_stored_as_its_date(store):
    from datetime import datetime

    article = make_article(published=datetime(2020, 5, 1, 23, 30))
    store.add_article(article, make_events(article)[:1])
    assert store.events_frame()["published"].iloc[0] == pd.Timestamp(date(2020, 5, 1))


def test_readonly_store_opens_after_the_writer_closed(store_path, article):
    with Store(store_path) as writer:
        writer.add_article(article, make_events(article))
    with Store(store_path, readonly=True) as reader:
        assert len(reader.events_frame()) == len(PLACES)
        assert reader.has_article(article)
