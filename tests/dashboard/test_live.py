"""Live updates: the operator's interval, and the cheap check of whether the store changed."""

from __future__ import annotations

import shutil

from dashboard import live
from store.db import Store

from .conftest import add_uncertain_event


def test_the_interval_comes_from_the_environment_within_bounds():
    assert live.refresh_seconds({}) == live.DEFAULT_SECONDS
    assert live.refresh_seconds({live.ENV_REFRESH: "5"}) == 5.0
    assert live.refresh_seconds({live.ENV_REFRESH: " 0 "}) is None  # off for everyone
    assert live.refresh_seconds({live.ENV_REFRESH: "-3"}) is None
    assert live.refresh_seconds({live.ENV_REFRESH: "0.01"}) == live.MIN_SECONDS
    assert live.refresh_seconds({live.ENV_REFRESH: "1e9"}) == live.MAX_SECONDS
    assert live.refresh_seconds({live.ENV_REFRESH: "soon"}) == live.DEFAULT_SECONDS
    assert live.refresh_seconds({live.ENV_REFRESH: "nan"}) == live.DEFAULT_SECONDS


def _counts(path):
    with Store(path, readonly=True) as store:
        return store.article_count(), store.event_count()


def test_an_ingest_is_seen_and_the_counts_are_read_only_when_the_file_moved(store_file, tmp_path):
    path = shutil.copy(store_file, tmp_path / "live.sqlite")
    shown = _counts(path)
    asked = []

    def stamp():
        asked.append(1)
        return _counts(path)

    changed, seen = live.store_changed(path, shown, None, stamp)
    assert not changed and len(asked) == 1  # the first check reads the counts
    changed, seen = live.store_changed(path, shown, seen, stamp)
    assert not changed and len(asked) == 1  # nothing moved: no query at all
    add_uncertain_event(path)
    changed, seen = live.store_changed(path, shown, seen, stamp)
    assert changed and len(asked) == 2
    # once the page shows the new counts, nothing is new any more
    changed, _ = live.store_changed(path, _counts(path), None, stamp)
    assert not changed


def test_the_file_version_of_a_missing_store_is_zeros(tmp_path):
    assert live.file_version(tmp_path / "none.sqlite") == (0, 0, 0, 0)
