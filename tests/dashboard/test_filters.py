"""The sidebar's filters on a real store's frame (see conftest: 6 events, 2 mentions; by default
the filters show events alone)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.filters import (
    MIN_CONFIDENCE,
    NO_KIND,
    ROLES,
    STEPS,
    Filters,
    apply,
    date_bounds,
    funnel,
    hidden_mentions,
    options,
    prepare,
    uncertain_events,
)

from .conftest import REGIONS


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
    assert apply(prepared, Filters(roles=ROLES)) is prepared
    assert Filters().is_default()


def test_by_default_events_alone_are_shown_and_mentions_on_request(prepared):
    events = apply(prepared, Filters())
    assert set(events["role"]) == {"event"} and len(events) == 6
    assert "Baghdad" not in _places(events)  # named in passing only
    everything = apply(prepared, Filters(roles=ROLES))
    assert len(everything) == 8 and set(everything["role"]) == {"event", "mention"}
    # a mention is no event of any kind: no kind, not even "kind not known"
    mentions = everything[everything["role"] == "mention"]
    assert mentions["kind_label"].isna().all()
    assert apply(prepared, Filters(kinds=(NO_KIND,), roles=ROLES))["role"].eq("event").all()


def test_date_range_is_inclusive_and_keeps_undated_rows_by_default(prepared):
    july = apply(prepared, Filters(date_from=date(2016, 7, 19), date_to=date(2016, 7, 21)))
    assert _places(july) == ["Aleppo", "Ar Raqqah", "Kabul", "Manbij"]
    dated = apply(prepared, Filters(date_from=date(2016, 7, 19), include_undated=False))
    assert "Kabul" not in _places(dated) and len(dated) == 4


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"countries": ("iq", "TR")}, ["Mosul"]),
        ({"countries": ("iq", "TR"), "roles": ROLES}, ["Baghdad", "Mosul", "Republic of Turkey"]),
        ({"regions": ("SY.09",)}, ["Aleppo", "Aleppo", "Manbij"]),
        ({"kinds": ("shelling",)}, ["Aleppo", "Aleppo"]),
        ({"kinds": (NO_KIND,), "roles": ("event",)}, ["Ar Raqqah"]),
        ({"min_casualties": 15}, ["Manbij"]),
        ({"min_casualties": 16}, []),
        ({"precisions": ("country",), "roles": ROLES}, ["Republic of Turkey"]),
        ({"sources": ("Wikinews, CC BY 2.5",)}, ["Ar Raqqah"]),
        # one article: in its title or its sentence
        ({"text": "MOSUL", "roles": ROLES}, ["Mosul", "Republic of Turkey"]),
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
        "roles": 6,  # what is counted first: the six events, not the two mentions
        "dates": 4,
        "countries": 3,
        "regions": 3,
        "kinds": 2,
        "casualties": 1,
        "precisions": 1,
        "sources": 1,
        "text": 1,
        "uncertain": 1,
    }
    assert funnel(prepared, Filters(roles=ROLES))["roles"] == len(prepared)
    assert funnel(prepared, Filters())["roles"] == 6  # the two mentions left out


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
    kinds = prepare(as_text).groupby("role")["kind_label"].unique()
    assert list(kinds["event"]) == [NO_KIND] and list(kinds["mention"]) == [None]


@pytest.mark.parametrize("size", [0, 1])
def test_filtering_an_empty_frame_is_fine(prepared, size):
    chosen = Filters(countries=("FR",), text="x", kinds=("protest",), min_casualties=3)
    assert apply(prepared.iloc[0:size], chosen).empty
    assert funnel(prepared.iloc[0:size], chosen)["uncertain"] == 0


def _judged(events_frame, **by_place):
    """The fixture's frame with the given confidence per resolved place name (else 1.0, as
    the extractor stores a mention), prepared."""
    confidence = events_frame["resolved_name"].map(lambda n: by_place.get(n, 1.0))
    return prepare(events_frame.assign(confidence=confidence.astype("float64")), REGIONS)


def test_uncertain_events_are_hidden_by_default_and_shown_on_request(events_frame):
    # Manbij under the threshold, Aleppo (two events) right at it, Mosul never judged (NaN),
    # and a mention with a low figure, which only events can be hidden for.
    nan = float("nan")
    frame = _judged(events_frame, Manbij=0.45, Aleppo=MIN_CONFIDENCE, Mosul=nan, Baghdad=0.1)
    assert MIN_CONFIDENCE == 0.5
    shown = apply(frame, Filters(roles=ROLES))
    assert "Manbij" not in _places(shown) and len(shown) == len(frame) - 1
    assert _places(shown).count("Aleppo") == 2 and "Mosul" in _places(shown)
    assert "Baghdad" in _places(shown)
    assert _places(apply(frame, Filters(show_uncertain=True, roles=ROLES))) == _places(frame)
    assert funnel(frame, Filters(roles=ROLES))["uncertain"] == len(frame) - 1
    assert funnel(frame, Filters(show_uncertain=True, roles=ROLES))["uncertain"] == len(frame)


def test_the_uncertain_count_follows_the_other_filters(events_frame):
    frame = _judged(events_frame, Manbij=0.2, Kabul=0.49)
    assert uncertain_events(frame, Filters()) == 2
    assert uncertain_events(frame, Filters(show_uncertain=True)) == 2  # shown, still counted
    assert uncertain_events(frame, Filters(countries=("SY",))) == 1
    assert uncertain_events(frame, Filters(countries=("IQ",))) == 0
    syria = apply(frame, Filters(countries=("SY",)))
    assert "Manbij" not in _places(syria) and "Aleppo" in _places(syria)


def test_a_frame_without_confidence_shows_every_event(events_frame):
    old = events_frame.drop(columns=["confidence", "kind_confidence", "background"])
    frame = prepare(old, REGIONS)
    assert frame["certain"].all()
    assert apply(frame, Filters(roles=ROLES)) is frame
    assert uncertain_events(frame, Filters()) == 0
    assert funnel(frame, Filters(roles=ROLES))["uncertain"] == len(frame)


def test_the_mentions_left_out_are_counted_after_the_other_filters(prepared):
    assert hidden_mentions(prepared, Filters()) == 2  # Baghdad and Turkey
    assert hidden_mentions(prepared, Filters(countries=("IQ",))) == 1  # Baghdad
    assert hidden_mentions(prepared, Filters(countries=("SY",))) == 0
    assert hidden_mentions(prepared, Filters(roles=ROLES)) == 0  # shown: none left out
