"""A version 2 store (before the judge) is read as it is and migrated when written to."""

from __future__ import annotations

import re
import sqlite3

import numpy as np

from store.db import Store
from store.schema import SCHEMA_SQL, SCHEMA_VERSION
from tests.store.conftest import make_article, make_events

_NEW_COLUMNS = re.compile(
    r"\n    (?:confidence|kind_confidence|background|place_source) [^\n]*(?:\n        CHECK[^\n]*)?"
)


def make_version_2_store(path, article) -> None:
    """A store as version 2 wrote it: the schema without the judge's columns, one article."""
    with Store(path) as store:
        store.add_article(article, make_events(article))
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM events").fetchall()
    names = [d[0] for d in conn.execute("SELECT * FROM events").description]
    keep = [i for i, n in enumerate(names) if n not in _JUDGED]
    conn.execute("DROP TABLE events")
    conn.execute(re.search(r"CREATE TABLE events \(.*?\n\);", _V2_SQL, re.S).group())
    marks = ", ".join("?" for _ in keep)
    quoted = ", ".join(f'"{names[i]}"' for i in keep)
    conn.executemany(f"INSERT INTO events ({quoted}) VALUES ({marks})",
                     [tuple(r[i] for i in keep) for r in rows])  # fmt: skip
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


_JUDGED = ("confidence", "kind_confidence", "background", "place_source")
_V2_SQL = _NEW_COLUMNS.sub("", SCHEMA_SQL)


def test_version_2_sql_really_lacks_the_new_columns():
    assert "confidence" not in _V2_SQL and "place_source" not in _V2_SQL


def test_a_version_2_store_is_read_as_unjudged_events(tmp_path):
    path = tmp_path / "old.sqlite"
    make_version_2_store(path, make_article())
    with Store(path, readonly=True) as store:
        frame = store.events_frame(include_unlocated=True)
    assert len(frame) and np.isnan(frame["confidence"]).all()
    assert not frame["background"].any() and set(frame["place_source"]) == {"sentence"}


def test_a_version_2_store_is_migrated_when_written_and_keeps_its_events(tmp_path):
    path = tmp_path / "old.sqlite"
    article = make_article()
    make_version_2_store(path, article)
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
