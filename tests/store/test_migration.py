"""Older stores (version 2, before the judge; version 3, before the figure gate; version 4,
before fallback publication dates) are read as they are and migrated when written to."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from datetime import date

import numpy as np

from articles.model import FALLBACK_DEFAULT
from store.db import Store
from store.schema import SCHEMA_SQL, SCHEMA_VERSION
from tests.store.conftest import make_article, make_events

# (version, table, columns): the columns each version added
_COLUMNS_SINCE = (
    (3, "events", ("confidence", "kind_confidence", "background", "place_source")),
    (4, "events", ("killed_confidence", "injured_confidence")),
    (5, "articles", ("published_fallback",)),
    (5, "events", ("date_approximate",)),
)
_TABLES = ("articles", "events")  # in the order they are filled (events refer to articles)


def _later(version: int, table: str | None = None) -> list[str]:
    """The columns (of ``table``, or of any) that stores of ``version`` do not have yet."""
    return [
        column
        for since, where, columns in _COLUMNS_SINCE
        if since > version and table in (None, where)
        for column in columns
    ]


def _sql_of(version: int) -> str:
    """The schema SQL as ``version`` had it: without the columns added after it."""
    pattern = rf"\n    (?:{'|'.join(_later(version))}) [^\n]*(?:\n        CHECK[^\n]*)?"
    sql = re.sub(pattern, "", SCHEMA_SQL)
    return re.sub(r",(\n\);)", r"\1", sql)  # a table's last column went: no comma before ")"


def make_old_store(path, article, version: int = 2) -> None:
    """A store as ``version`` (2, 3 or 4) wrote it: the schema without the later columns, one
    article."""
    old_sql = _sql_of(version)
    with Store(path) as store:
        store.add_article(article, make_events(article))
    conn = sqlite3.connect(path)
    kept = {}
    for table in _TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in _later(version, table)]
        kept[table] = ([names[i] for i in keep], [tuple(r[i] for i in keep) for r in cursor])
    for table in reversed(_TABLES):
        conn.execute(f"DROP TABLE {table}")
    for table in _TABLES:
        conn.execute(re.search(rf"CREATE TABLE {table} \(.*?\n\);", old_sql, re.S).group())
        names, rows = kept[table]
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{name}"' for name in names)
        conn.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    conn.commit()
    conn.close()


def test_older_sql_really_lacks_the_new_columns():
    assert "confidence" not in _sql_of(2) and "place_source" not in _sql_of(2)
    assert "kind_confidence" in _sql_of(3) and "killed_confidence" not in _sql_of(3)


def test_a_version_2_store_is_read_as_unjudged_events(tmp_path):
    path = tmp_path / "old.sqlite"
    make_old_store(path, make_article())
    with Store(path, readonly=True) as store:
        frame = store.events_frame(include_unlocated=True)
    assert len(frame) and np.isnan(frame["confidence"]).all()
    assert not frame["background"].any() and set(frame["place_source"]) == {"sentence"}


def test_a_version_2_store_is_migrated_when_written_and_keeps_its_events(tmp_path):
    path = tmp_path / "old.sqlite"
    article = make_article()
    make_old_store(path, article)
    with Store(path) as store:
        before = store.event_count()
        newer = make_article(text="Later. " + article.text, url="https://news.example/2")
        store.add_article(newer, make_events(newer))
        frame = store.events_frame(include_unlocated=True)
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    assert version == str(SCHEMA_VERSION) and before >= 1
    old = frame[frame["article_id"] == article.id]
    assert len(old) and np.isnan(old["confidence"]).all()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_3_store_is_read_without_figure_confidences_and_migrated(tmp_path):
    path = tmp_path / "v3.sqlite"
    article = make_article()
    make_old_store(path, article, version=3)
    with Store(path, readonly=True) as store:
        frame = store.events_frame(include_unlocated=True)
    assert len(frame) and np.isnan(frame["killed_confidence"]).all()
    assert not np.isnan(frame["confidence"]).all()  # version 3 had the judge's columns
    with Store(path) as store:
        newer = make_article(text="Later. " + article.text, url="https://news.example/2")
        store.add_article(newer, make_events(newer))
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    assert version == str(SCHEMA_VERSION) == "5"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_older_sql_lacks_the_fallback_columns_and_stays_valid():
    old = _sql_of(4)
    assert "published_fallback" not in old and "date_approximate" not in old
    assert "killed_confidence" in old
    sqlite3.connect(":memory:").executescript(old)  # no dangling comma where a column went


def test_a_version_4_store_reads_as_dated_by_no_fallback_and_is_migrated(tmp_path):
    path = tmp_path / "v4.sqlite"
    article = make_article()
    make_old_store(path, article, version=4)
    with Store(path, readonly=True) as store:
        frame = store.events_frame(include_unlocated=True)
    assert len(frame) and frame["published_fallback"].isna().all()
    assert not frame["date_approximate"].any()
    with Store(path) as store:
        undated = make_article(text="Later. " + article.text, url="https://news.example/2")
        dated = dataclasses.replace(
            undated, published=date(2026, 12, 1), published_fallback=FALLBACK_DEFAULT
        )
        events = [dataclasses.replace(e, date_approximate=True) for e in make_events(dated)]
        store.add_article(dated, events)
        frame = store.events_frame(include_unlocated=True)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old, new = frame[frame["article_id"] == article.id], frame[frame["article_id"] == dated.id]
    assert old["published_fallback"].isna().all() and not old["date_approximate"].any()
    assert set(new["published_fallback"]) == {"default"} and new["date_approximate"].all()
