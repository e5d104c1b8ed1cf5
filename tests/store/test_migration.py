"""Older stores (version 2, before the judge; version 3, before the figure gate) are read as
they are and migrated when written to."""

from __future__ import annotations

import re
import sqlite3

import numpy as np

from store.db import Store
from store.schema import SCHEMA_SQL, SCHEMA_VERSION
from tests.store.conftest import make_article, make_events

_COLUMNS_SINCE = {
    3: ("confidence", "kind_confidence", "background", "place_source"),
    4: ("killed_confidence", "injured_confidence"),
}


def _sql_of(version: int) -> str:
    """The schema SQL as ``version`` had it: without the columns added after it."""
    later = [c for v, columns in _COLUMNS_SINCE.items() if v > version for c in columns]
    pattern = rf"\n    (?:{'|'.join(later)}) [^\n]*(?:\n        CHECK[^\n]*)?"
    return re.sub(pattern, "", SCHEMA_SQL)


def make_old_store(path, article, version: int = 2) -> None:
    """A store as ``version`` (2 or 3) wrote it: the schema without the later columns, one
    article."""
    old_sql = _sql_of(version)
    dropped = [c for v, columns in _COLUMNS_SINCE.items() if v > version for c in columns]
    with Store(path) as store:
        store.add_article(article, make_events(article))
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM events").fetchall()
    names = [d[0] for d in conn.execute("SELECT * FROM events").description]
    keep = [i for i, n in enumerate(names) if n not in dropped]
    conn.execute("DROP TABLE events")
    conn.execute(re.search(r"CREATE TABLE events \(.*?\n\);", old_sql, re.S).group())
    marks = ", ".join("?" for _ in keep)
    quoted = ", ".join(f'"{names[i]}"' for i in keep)
    conn.executemany(f"INSERT INTO events ({quoted}) VALUES ({marks})",
                     [tuple(r[i] for i in keep) for r in rows])  # fmt: skip
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
    assert version == str(SCHEMA_VERSION) == "4"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
