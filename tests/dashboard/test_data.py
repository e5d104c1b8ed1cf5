"""Filtering and summarising the events frame (a real store's frame, see conftest)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.data import (
    country_codes,
    country_label,
    counts,
    date_bounds,
    events_at,
    filter_events,
    needs_samples,
    table_view,
)
from store.db import Store

from .conftest import ALEPPO


def _places(frame):
    return sorted(frame["resolved_name"])


def test_no_filter_keeps_every_row(events_frame):
    assert len(filter_events(events_frame)) == len(events_frame) == 8


def test_date_range_is_inclusive_and_keeps_undated_rows_by_default(events_frame):
    july = filter_events(events_frame, date_from=date(2016, 7, 19), date_to=date(2016, 7, 21))
    assert _places(july) == ["Aleppo", "Ar Raqqah", "Baghdad", "Kabul", "Manbij"]


def test_undated_rows_drop_out_when_not_included(events_frame):
    rows = filter_events(events_frame, date_from=date(2016, 7, 19), include_undated=False)
    assert "Kabul" not in _places(rows)
    assert _places(rows) == [
        "Aleppo",
        "Ar Raqqah",
        "Baghdad",
        "Manbij",
        "Mosul",
        "Republic of Turkey",
    ]


def test_open_ended_ranges(events_frame):
    assert _places(
        filter_events(events_frame, date_to=date(2016, 6, 30), include_undated=False)
    ) == ["Aleppo"]
    later = filter_events(events_frame, date_from=date(2016, 7, 22), include_undated=False)
    assert _places(later) == ["Mosul", "Republic of Turkey"]


def test_countries_filter_is_case_insensitive(events_frame):
    rows = filter_events(events_frame, countries=["iq", "TR"])
    assert _places(rows) == ["Baghdad", "Mosul", "Republic of Turkey"]


def test_roles_filter(events_frame):
    assert _places(filter_events(events_frame, roles=["mention"])) == [
        "Baghdad",
        "Republic of Turkey",
    ]
    assert len(filter_events(events_frame, roles=["event"])) == 6


def test_filters_combine(events_frame):
    rows = filter_events(
        events_frame,
        date_from=date(2016, 7, 1),
        include_undated=False,
        countries=["SY"],
        roles=["event"],
    )
    assert _places(rows) == ["Aleppo", "Ar Raqqah", "Manbij"]


def test_filter_accepts_dates_as_text_too(events_frame):
    as_text = events_frame.assign(date=events_frame["date"].dt.strftime("%Y-%m-%d"))
    rows = filter_events(as_text, date_to=date(2016, 6, 30), include_undated=False)
    assert _places(rows) == ["Aleppo"]


def test_date_bounds(events_frame):
    assert date_bounds(events_frame) == (date(2016, 6, 3), date(2016, 7, 25))
    assert date_bounds(events_frame[events_frame["date"].isna()]) is None


def test_country_codes_are_ordered_by_name(events_frame):
    assert country_codes(events_frame) == [
        "AF",
        "IQ",
        "SY",
        "TR",
    ]  # Afghanistan, Iraq, Syria, Turkey
    assert country_label("SY") == "Syria (SY)"
    assert country_label("ZZ") == "ZZ"


def test_counts(events_frame):
    c = counts(events_frame)
    assert (c.events, c.mentions, c.articles, c.places) == (6, 2, 5, 7)
    empty = counts(events_frame.iloc[0:0])
    assert (empty.events, empty.mentions, empty.articles, empty.places) == (0, 0, 0, 0)


def test_events_at_a_point_finds_both_aleppo_rows(events_frame):
    rows = events_at(events_frame, ALEPPO.lat, ALEPPO.lon)
    assert len(rows) == 2 and set(rows["resolved_name"]) == {"Aleppo"}
    assert events_at(events_frame, 0.0, 0.0).empty


def test_table_view_has_readable_columns(events_frame):
    view = table_view(events_frame)
    assert list(view.columns) == [
        "Date",
        "Role",
        "Place",
        "As written",
        "Country",
        "Article",
        "Sentence",
    ]
    assert view["Date"].dropna().iloc[0] == date(2016, 6, 3)
    assert pd.isna(view.loc[view["Place"] == "Kabul", "Date"]).all()


def test_needs_samples_on_missing_empty_and_filled_stores(tmp_path, store_file):
    missing = tmp_path / "none.sqlite"
    assert needs_samples(missing)
    Store(tmp_path / "empty.sqlite").close()
    assert needs_samples(tmp_path / "empty.sqlite")
    assert not needs_samples(store_file)


@pytest.mark.parametrize("size", [0, 1])
def test_filtering_an_empty_frame_is_fine(events_frame, size):
    rows = filter_events(events_frame.iloc[0:size], countries=["FR"])
    assert rows.empty
