"""What the dashboard writes to the store (the README's account): showing a store, even one of
an older schema with the page's ingest on, changes nothing in it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.store.conftest import make_article
from tests.store.test_migration import make_old_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_showing_a_store_changes_nothing_in_it_not_even_an_older_schema(
    tmp_path, monkeypatch, loopback, gazetteer_file
):
    store = tmp_path / "old.sqlite"
    make_old_store(store, make_article(), version=4)  # a store written before schema 5
    before = _digest(store)
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    monkeypatch.setenv("NEWSMAP_GAZETTEER", str(gazetteer_file))
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)  # ingest on: it could write
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert "Add articles" in [t.label for t in at.tabs]
    summary = next(m.value for m in at.sidebar.markdown if "articles in the store" in m.value)
    assert "from **1** articles" in summary  # the old store is shown as it is
    assert _digest(store) == before  # nothing written, not even a migration
    with sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone() == ("4",)
