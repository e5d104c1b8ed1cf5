"""No tracebacks to visitors, and text from files shown as text: the page's ingest on a copy
of the test store (real uploads through AppTest, the real geoparser), a locked store, names
too long for the file system, and an error nobody foresaw."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.db import Store

from .conftest import open_tab

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
ARTICLE = b"""Car bomb in Kandahar

By Staff July 4, 2016

A car bomb exploded in Kandahar on Monday, killing five people near the governor's office.
"""
HOSTILE = "[Click](https://evil.example/x) www.evil.example **bold** <b>tag</b>"


@pytest.fixture
def writable(store_file, tmp_path, monkeypatch, loopback):
    """The app, served on loopback (ingest on), over a copy of the test store it may write."""
    store = tmp_path / "writable.sqlite"
    shutil.copy(store_file, store)
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)
    return store


def _ingest(files: list[tuple[str, bytes, str]]) -> AppTest:
    at = open_tab(AppTest.from_file(APP, default_timeout=180).run(), "Add articles")
    at.file_uploader(key="i_files").set_value(files).run()
    return at.button(key="i_go_files").click().run()


def _articles(store: Path) -> int:
    with Store(store, readonly=True) as opened:
        return opened.article_count()


def _markdown_texts(at) -> str:
    """Everything the page renders as Markdown (callouts, captions, markdown)."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


@contextlib.contextmanager
def _locked(store: Path):
    """Another program holding the store's write lock (as a long command-line ingest may)."""
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.model  # the page ingests: spaCy model and gazetteer
def test_a_locked_store_during_a_page_ingest_says_so_in_words_and_adds_nothing(writable):
    with _locked(writable):
        at = _ingest([("kandahar.txt", ARTICLE, "text/plain")])
    assert not at.exception
    assert "The ingest stopped." in [e.value for e in at.error]
    detail = "\n".join(t.value for t in at.text)
    assert "The store is busy" in detail and "try again" in detail
    assert str(writable) not in detail and "Traceback" not in detail
    assert _articles(writable) == 5
    at.button(key="i_go_files").click().run()  # the lock is gone: trying again works
    assert "1 new" in at.success[0].value and _articles(writable) == 6


@pytest.mark.model  # the page ingests: spaCy model and gazetteer
def test_an_upload_name_of_300_characters_is_ingested_not_a_traceback(writable):
    name = "Car bomb in Kandahar " * 14 + ".txt"  # 298 characters
    at = _ingest([(name, ARTICLE, "text/plain")])
    assert not at.exception
    assert "1 new" in at.success[0].value and _articles(writable) == 6


@pytest.mark.model  # the page ingests: spaCy model and gazetteer
def test_text_from_an_uploaded_file_is_shown_as_text_never_as_markdown(writable):
    text = "A bomb exploded in Kabul on Monday, killing five."
    line = {"id": "h1", "url": "https://example.org/h1", "title": "Kabul", "published": HOSTILE}
    line["text"] = text
    at = _ingest([(f"{HOSTILE}.jsonl", json.dumps(line).encode(), "application/json")])
    assert not at.exception
    assert any(HOSTILE in t.value for t in at.text)  # the note, verbatim, as plain text
    assert "evil.example" not in _markdown_texts(at)


def test_an_unforeseen_error_shows_visitors_no_traceback(app_on_store, monkeypatch):
    from dashboard import views

    def broken(*_args):
        raise RuntimeError("/srv/newsmap/secret/path.py exploded")

    monkeypatch.setattr(views, "timeline", broken)
    at = app_on_store.run()
    (shown,) = at.exception
    assert not shown.stack_trace and not shown.proto.type
    assert "secret" not in shown.message and "redacted" in shown.message


@pytest.fixture
def app_on_store(store_file, monkeypatch, loopback):
    monkeypatch.setenv("NEWSMAP_STORE", str(store_file))
    return AppTest.from_file(APP, default_timeout=60)
