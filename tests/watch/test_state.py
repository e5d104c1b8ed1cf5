"""The watch state file: round trip, atomic replacement, clear errors, one watcher at a time."""

from __future__ import annotations

import os

import pytest

from watch.state import (
    SEEN_KEPT,
    FeedState,
    WatchState,
    WatchStateError,
    default_state_path,
    locked,
)


def test_the_state_of_every_feed_survives_a_restart(tmp_path):
    path = tmp_path / "w.json"
    state = WatchState.load(path)
    assert state.get("https://e.org/f") == FeedState()
    feed = FeedState(etag='"v1"', last_modified="Mon, 07 Dec 2026 09:00:00 GMT", seen=("a", "b"))
    state.put("https://e.org/f", FeedState(failures=2, next_try=12.5, last_error="500"))
    state.put("https://e.org/g", feed)
    again = WatchState.load(path)
    assert again.get("https://e.org/g") == feed
    assert again.get("https://e.org/f") == FeedState(failures=2, next_try=12.5, last_error="500")


def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "w.json"
    state = WatchState.load(path)
    state.put("https://e.org/f", FeedState(etag='"old"'))
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(WatchStateError, match="No space left on device"):
        state.put("https://e.org/f", FeedState(etag='"new"'))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.json"]  # no temporary left


def test_a_damaged_state_file_is_an_error_naming_it_and_what_to_do(tmp_path):
    path = tmp_path / "w.json"
    path.write_text('{"version": 1, "feeds": {"https://e.org/f": {"seen": 3}}}')
    with pytest.raises(WatchStateError) as caught:
        WatchState.load(path)
    assert str(path) in str(caught.value) and "Move it aside" in str(caught.value)
    path.write_text("{not json")
    with pytest.raises(WatchStateError, match="Move it aside"):
        WatchState.load(path)


def test_a_second_watcher_of_the_same_state_is_refused(tmp_path):
    path = tmp_path / "w.json"
    with locked(path), pytest.raises(WatchStateError, match="another newsmap watch"), locked(path):
        pass
    with locked(path):  # released when the first one ended
        pass


def test_items_seen_are_bounded_but_those_the_feed_still_lists_are_kept():
    old = FeedState(seen=tuple(f"old{n}" for n in range(SEEN_KEPT)))
    listed = {"old5", "new1"}
    state = old.with_seen(["new1"], listed)
    assert len(state.seen) == SEEN_KEPT
    assert state.seen[:2] == ("new1", "old5")
    assert "old999" not in state.seen  # the oldest key not listed any more made room


def test_the_state_file_sits_beside_the_store_named_after_it(tmp_path):
    assert default_state_path(tmp_path / "news.sqlite") == tmp_path / "news-watch.json"
