"""The sidebar's filters on a real store's frame (see conftest: 6 events, 2 mentions)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.filters import NO_KIND, STEPS, Filters, apply, date_bounds, funnel, options, prepare


def _places(frame):
    return sorted(frame["resolved_name"])


def test_prepare_adds_the_derived_columns(prepared):
    manbij = prepared[prepared["resolved_name"] == "Manbij"].iloc[0]
    assert manbij["source_label"] == "en.wikinews.org"
    assert manbij["region"] == "SY.09"
    assert manbij["casualties"] == 15  # 12 killed + 3 injured
    assert manbij["kind_label"] == "air_strike"
    assert "manbij" in manbij["search"] and "us air raids" in manbij["search"]
    raqqa = prepared[prepared["resolved_name"] == "Ar Raqqah"].iloc[0]
    # a javascript: URL has no host: the credit names the source
    assert raqqa["source_label"] == "Wikinews, CC BY 2.5"
    assert raqqa["kind_label"] == NO_KIND
    turkey = prepared[prepared["resolved_name"] == "Republic of Turkey"].iloc[0]
    assert turkey["region"] is None and turkey["casualties"] == 0


def test_no_filter_keeps_every_row_and_the_same_frame(prepared):
    assert apply(prepared, Filters()) is prepared
    assert Filters().is_default()


def test_date_range_is_inclusive_and_keeps_undated_rows_by_default(prepared):
    july = apply(prepared, Filters(date_from=date(2016, 7, 19), date_to=date(2016, 7, 21)))
    assert _places(july) == ["Aleppo", "Ar Raqqah", "Baghdad", "Kabul", "Manbij"]
    dated = apply(prepared, Filters(date_from=date(2016, 7, 19), include_undated=False))
    assert "Kabul" not in _places(dated) and len(dated) == 6


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"countries": ("iq", "TR")}, ["Baghdad", "Mosul", "Republic of Turkey"]),
        ({"regions": ("SY.09",)}, ["Aleppo", "Aleppo", "Manbij"]),
        ({"kinds": ("shelling",)}, ["Aleppo", "Aleppo"]),
        ({"kinds": (NO_KIND,), "roles": ("event",)}, ["Ar Raqqah"]),
        ({"min_casualties": 15}, ["Manbij"]),
        ({"min_casualties": 16}, []),
        ({"precisions": ("country",)}, ["Republic of Turkey"]),
        ({"sources": ("Wikinews, CC BY 2.5",)}, ["Ar Raqqah"]),
        ({"text": "MOSUL"}, ["Mosul", "Republic of Turkey"]),  # one article: title or sentence
        ({"text": "${window"}, ["Ar Raqqah"]),  # plain text, not a pattern
        ({"roles": ("mention",)}, ["Baghdad", "Republic of Turkey"]),
    ],
)
def test_each_filter_keeps_the_matching_rows(prepared, changes, expected):
    assert _places(apply(prepared, Filters(**changes))) == expected


def test_filters_combine_and_the_funnel_counts_each_step_in_order(prepared):
    chosen = Filters(
        date_from=date(2016, 7, 1),
        include_undated=False,
        countries=("SY",),
        kinds=("shelling", "air_strike"),
        min_casualties=1,
    )
    assert _places(apply(prepared, chosen)) == ["Manbij"]
    left = funnel(prepared, chosen)
    assert list(left) == list(STEPS)
    assert left == {
        "dates": 6,
        "countries": 3,
        "regions": 3,
        "kinds": 2,
        "casualties": 1,
        "precisions": 1,
        "sources": 1,
        "text": 1,
        "roles": 1,
    }
    assert funnel(prepared, Filters())["roles"] == len(prepared)


def test_options_are_most_frequent_first(prepared):
    assert options(prepared, "region")[0] == "SY.09"
    assert options(prepared, "source_label") == ["en.wikinews.org", "Wikinews, CC BY 2.5"]


def test_date_bounds(prepared):
    assert date_bounds(prepared) == (date(2016, 6, 3), date(2016, 7, 25))
    assert date_bounds(prepared[prepared["day"].isna()]) is None


def test_prepare_accepts_dates_as_text_and_missing_kinds(events_frame):
    as_text = events_frame.assign(
        date=events_frame["date"].dt.strftime("%Y-%m-%d"), kind=None, killed=pd.NA
    )
    rows = apply(prepare(as_text), Filters(date_to=date(2016, 6, 30), include_undated=False))
    assert _places(rows) == ["Aleppo"]
    assert set(prepare(as_text)["kind_label"]) == {NO_KIND}


@pytest.mark.parametrize("size", [0, 1])
def test_filtering_an_empty_frame_is_fine(prepared, size):
    chosen = Filters(countries=("FR",), text="x", kinds=("protest",), min_casualties=3)
    assert apply(prepared.iloc[0:size], chosen).empty
    assert funnel(prepared.iloc[0:size], chosen)["roles"] == 0
