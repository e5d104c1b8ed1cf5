"""Summaries of the events frame and the store helpers (a real store's frame, see conftest)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.data import (
    choices_of,
    country_codes,
    country_label,
    counts,
    in_view,
    needs_samples,
    read_only,
    table_view,
    warm,
)
from store.db import Store
from tests.dashboard.conftest import MANBIJ, copy_with_one_event

# A second report of the Manbij air strike, a day later (as in test_engine_exports).
SECOND = (
    "Strikes near Manbij",
    "Air strikes near Manbij killed 12 civilians, officials said.",
    "https://news.example.org/manbij",
    date(2016, 7, 20),
)


def test_country_codes_are_ordered_by_name(prepared):
    assert country_codes(prepared) == ["AF", "IQ", "SY", "TR"]  # Afghanistan, Iraq, Syria...
    assert country_label("SY") == "Syria (SY)"
    assert country_label("ZZ") == "ZZ"


def test_counts(prepared):
    c = counts(prepared)
    assert (c.events, c.mentions, c.articles, c.places) == (6, 2, 5, 7)
    empty = counts(prepared.iloc[0:0])
    assert (empty.events, empty.mentions, empty.articles, empty.places) == (0, 0, 0, 0)


def test_in_view_keeps_rows_inside_the_box_and_handles_the_antimeridian(prepared):
    syria = in_view(prepared, (35.0, 36.0, 37.0, 40.0))
    assert sorted(set(syria["resolved_name"])) == ["Aleppo", "Ar Raqqah", "Manbij"]
    across = in_view(prepared, (30.0, 170.0, 40.0, 400.0))  # 170E .. 40E, the long way round
    assert "Kabul" not in set(across["resolved_name"])
    assert "Aleppo" in set(across["resolved_name"])
    assert len(in_view(prepared, (-90, -400, 90, 400))) == len(prepared)


def test_table_view_is_newest_first_with_readable_columns(prepared):
    view = table_view(prepared)
    assert list(view.columns)[:4] == ["Date", "Kind", "Role", "Place"]
    assert view["Date"].iloc[0] == date(2016, 7, 25)
    assert pd.isna(view["Date"].iloc[-1])  # undated last
    assert len(table_view(prepared, limit=3)) == 3


def test_needs_samples_on_missing_empty_and_filled_stores(tmp_path, store_file):
    missing = tmp_path / "none.sqlite"
    assert needs_samples(missing)
    Store(tmp_path / "empty.sqlite").close()
    assert needs_samples(tmp_path / "empty.sqlite")
    assert not needs_samples(store_file)


def test_read_only_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)
    assert not read_only()
    for value, expected in (("1", True), ("true", True), ("0", False), ("", False)):
        monkeypatch.setenv("NEWSMAP_READONLY", value)
        assert read_only() is expected


def test_choices_offer_what_the_store_holds_most_frequent_first(prepared):
    options = choices_of(prepared)
    assert options.countries == ["AF", "IQ", "SY", "TR"]
    assert options.regions[0] == "SY.09" and set(options.regions) == {
        "SY.09",
        "SY.04",
        "IQ.15",
        "IQ.07",
    }
    assert options.kinds[0] == "shelling" and "unspecified" in options.kinds
    assert "unspecified" not in choices_of(prepared[prepared["role"] == "mention"]).kinds
    assert options.precisions == ["town", "country"]
    assert options.total.events == 6 and options.dates == (date(2016, 6, 3), date(2016, 7, 25))


def test_warm_syncs_the_mirror_and_fills_the_caches_without_reading_a_frame(
    tmp_path, store_file, monkeypatch
):
    from dashboard import data, page_data
    from store import mirror

    data.clear_caches()
    assert not warm(tmp_path / "missing.sqlite")  # nothing to load: no store yet
    assert not (tmp_path / "missing.sqlite").exists()

    def never(*args, **kwargs):
        raise AssertionError("the page read every event into a frame")

    monkeypatch.setattr(Store, "events_frame", never)
    try:
        assert warm(store_file)
        assert mirror.live_parts(mirror.mirror_folder(store_file))  # synced on the way
        syncs = []
        monkeypatch.setattr(mirror, "sync", lambda *a, **k: syncs.append(a))
        path, stamp = str(store_file), data.store_stamp(str(store_file))
        total = page_data.choices(path, stamp).total
        assert total.articles == 5
        with Store(store_file, readonly=True) as store:
            located = store._scalar("SELECT count(*) FROM events WHERE place_key IS NOT NULL")
        assert total.events + total.mentions == located  # every located row, no frame
        assert syncs == []  # all served from what warm() did
    finally:
        data.clear_caches()


def test_the_stamp_is_the_last_rowids_and_changes_with_an_ingest(tmp_path, store_file):
    from dashboard import data

    with Store(store_file, readonly=True) as store:
        articles = store._scalar("SELECT max(rowid) FROM articles")
        events = store._scalar("SELECT max(rowid) FROM events")
    assert data.store_stamp(str(store_file)) == (articles, events)
    copy = tmp_path / "copy.sqlite"
    copy_with_one_event(store_file, copy, SECOND, MANBIJ, date(2016, 7, 19), 0.9)
    assert data.store_stamp(str(copy)) > (articles, events)


def test_dates_outside_nanoseconds_show_as_stored_and_count_as_undated(tmp_path):
    # A store written before ingest refused such dates: the table shows them as stored, the
    # date filters and the timeline treat them as undated, nothing is wrapped to another year.
    from dashboard import filters
    from tests.store.conftest import make_article, make_events

    article = make_article(published=date(2999, 5, 1))  # its mentions are dated 2999 too
    with Store(tmp_path / "s.sqlite") as store:
        assert store.add_article(article, make_events(article))
        frame = filters.prepare(store.events_frame())
    assert sorted(frame["date"].dt.year) == [2016, 2999, 2999, 2999]
    assert frame["day"].dtype == "datetime64[ns]"
    assert frame["day"].notna().tolist() == (frame["date"].dt.year == 2016).tolist()
    assert sorted(table_view(frame)["Date"]) == [date(2016, 11, 22)] + [date(2999, 5, 1)] * 3
    assert filters.date_bounds(frame) == (date(2016, 11, 22), date(2016, 11, 22))


def test_a_mirror_that_cannot_be_written_is_read_when_up_to_date_else_named(
    tmp_path, store_file, monkeypatch
):
    import shutil

    from dashboard import data
    from store import mirror

    path = tmp_path / "newsmap.sqlite"
    shutil.copy(store_file, path)
    stamp = data.store_stamp(str(path))

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(mirror.mirror_folder(path)))

    data.clear_caches()
    try:
        monkeypatch.setattr(mirror, "sync", refused)
        with pytest.raises(data.MirrorError, match="newsmap.sqlite.columns"):
            data.synced(str(path), stamp)  # nothing written yet: said so, with the folder
        monkeypatch.undo()
        mirror.sync(path)  # the operator writes it beforehand
        monkeypatch.setattr(mirror, "sync", refused)
        data.clear_caches()
        assert data.synced(str(path), stamp) == 0  # up to date: read as it is
    finally:
        data.clear_caches()
