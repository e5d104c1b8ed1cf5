"""The time slider's windows: cut like the timeline's bars, recognised in the date filter as
the widgets hold it, stepped and played within their ends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import filters, replay, timeline

D = date


@pytest.mark.parametrize(
    ("day", "unit", "window"),
    [
        (D(2016, 7, 19), "day", (D(2016, 7, 19), D(2016, 7, 19))),
        (D(2016, 7, 19), "week", (D(2016, 7, 17), D(2016, 7, 23))),  # Sunday to Saturday
        (D(2016, 7, 17), "week", (D(2016, 7, 17), D(2016, 7, 23))),
        (D(2016, 7, 23), "week", (D(2016, 7, 17), D(2016, 7, 23))),
        (D(2016, 2, 10), "month", (D(2016, 2, 1), D(2016, 2, 29))),  # a leap year
        (D(2016, 12, 31), "month", (D(2016, 12, 1), D(2016, 12, 31))),
        (D(2016, 7, 19), "year", (D(2016, 1, 1), D(2016, 12, 31))),
    ],
)
def test_a_day_lies_in_one_window_of_each_unit(day, unit, window):
    assert replay.window_of(day, unit) == window


def test_windows_cover_the_span_in_order_without_gaps():
    weeks = replay.windows(D(2016, 6, 3), D(2016, 7, 25), "week")
    assert weeks[0] == (D(2016, 5, 29), D(2016, 6, 4)) and weeks[-1][0] == D(2016, 7, 24)
    assert len(weeks) == 9
    assert all((b[0] - a[1]).days == 1 for a, b in zip(weeks, weeks[1:], strict=False))
    assert len(replay.windows(D(2016, 6, 3), D(2016, 7, 25), "day")) == 53
    assert replay.windows(D(2016, 6, 3), D(2016, 6, 3), "month") == [
        (D(2016, 6, 1), D(2016, 6, 30))
    ]
    # a span too long keeps its newest windows: an old outlier must not push the news out
    long = replay.windows(D(1900, 1, 1), D(2020, 1, 1), "day")
    assert len(long) == replay.MAX_WINDOWS and long[-1] == (D(2020, 1, 1), D(2020, 1, 1))
    assert all((b[0] - a[1]).days == 1 for a, b in zip(long, long[1:], strict=False))
    weeks = replay.windows(D(1918, 3, 1), D(2016, 7, 25), "week")
    assert len(weeks) == replay.MAX_WINDOWS and weeks[-1] == (D(2016, 7, 24), D(2016, 7, 30))


def test_the_default_window_is_the_timelines_bar():
    per_day = pd.DataFrame(
        {
            "day": pd.to_datetime(["2016-06-03", "2016-07-25"]),
            "kind": ["shelling", "armed_clash"],
            "role": ["event", "event"],
            "count": [1, 1],
        }
    )
    span = timeline.date_span(per_day)
    assert replay.default_unit(span) == timeline.time_unit(span)[1] == "day"
    longer = per_day.assign(day=pd.to_datetime(["2015-01-03", "2016-07-25"]))
    assert replay.default_unit(timeline.date_span(longer)) == "month"


BOUNDS = (D(2016, 6, 3), D(2016, 7, 25))
WEEKS = replay.windows(*BOUNDS, "week")


def test_a_window_is_recognised_as_the_widgets_hold_it():
    assert replay.position(WEEKS, (D(2016, 6, 12), D(2016, 6, 18)), BOUNDS) == 2
    # the first week reaches before the dates on offer: the slider holds it from the bound
    assert replay.position(WEEKS, (D(2016, 6, 3), D(2016, 6, 4)), BOUNDS) == 0
    assert replay.position(WEEKS, (D(2016, 5, 29), D(2016, 6, 4)), BOUNDS) == 0
    assert replay.position(WEEKS, (D(2016, 7, 24), D(2016, 7, 25)), BOUNDS) == 8
    assert replay.position(WEEKS, BOUNDS, BOUNDS) is None  # all dates
    assert replay.position(WEEKS, (D(2016, 6, 12), D(2016, 6, 20)), BOUNDS) is None
    assert replay.position(WEEKS, None, BOUNDS) is None
    assert replay.position([], (D(2016, 6, 12), D(2016, 6, 18)), BOUNDS) is None


def test_steps_move_one_window_and_hold_at_the_ends():
    week3 = (D(2016, 6, 19), D(2016, 6, 25))
    assert replay.stepped(WEEKS, week3, BOUNDS, 1) == 4
    assert replay.stepped(WEEKS, week3, BOUNDS, -1) == 2
    assert replay.stepped(WEEKS, WEEKS[0], BOUNDS, -1) == 0
    assert replay.stepped(WEEKS, WEEKS[-1], BOUNDS, 1) == 8
    # from all dates: forward to the first window, back to the last
    assert replay.stepped(WEEKS, BOUNDS, BOUNDS, 1) == 0
    assert replay.stepped(WEEKS, BOUNDS, BOUNDS, -1) == 8
    # from dates of one's own: the window holding their first (forward) or last day (back)
    own = (D(2016, 6, 14), D(2016, 7, 6))
    assert replay.stepped(WEEKS, own, BOUNDS, 1) == 2
    assert replay.stepped(WEEKS, own, BOUNDS, -1) == 5
    assert replay.stepped([], own, BOUNDS, 1) is None


def test_play_starts_from_the_window_shown_or_from_the_first():
    assert replay.play_from(WEEKS, WEEKS[3], BOUNDS) == 3
    assert replay.play_from(WEEKS, BOUNDS, BOUNDS) == 0
    assert replay.play_from(WEEKS, WEEKS[-1], BOUNDS) == 0  # it ended: from the start
    assert replay.play_from([], BOUNDS, BOUNDS) is None


def test_windows_are_labelled_for_people():
    assert replay.label((D(2016, 7, 19), D(2016, 7, 19)), "day") == "2016-07-19"
    assert replay.label(WEEKS[7], "week") == "week of 2016-07-17"
    assert replay.label((D(2016, 7, 1), D(2016, 7, 31)), "month") == "July 2016"
    assert replay.label((D(2016, 1, 1), D(2016, 12, 31)), "year") == "2016"


def test_a_replay_hides_undated_rows_and_says_how_many(prepared):
    chosen = filters.Filters(date_from=D(2016, 6, 3), date_to=D(2016, 6, 3))
    assert replay.shown_filters(chosen, replaying=False) == chosen
    shown = replay.shown_filters(chosen, replaying=True)
    assert shown.include_undated is False and shown.date_from == chosen.date_from
    # the undated bomb in Kabul stands in every window, unless the replay hides it
    window = filters.apply(prepared, chosen)
    assert "Kabul" in set(window["resolved_name"])
    assert "Kabul" not in set(filters.apply(prepared, shown)["resolved_name"])
    assert replay.undated(filters.apply(prepared, filters.Filters())) == (1, 0)
    everything = filters.Filters(roles=filters.ROLES)
    events, mentions = replay.undated(filters.apply(prepared, everything))
    assert events == 1 and mentions == int(
        (prepared["day"].isna() & (prepared["role"] != "event")).sum()
    )


def test_the_note_on_hidden_undated_rows_counts_them():
    assert replay.hidden_note(0, 0) == ""
    assert replay.hidden_note(1) == (
        "1 undated event hidden while replaying (no window holds it): "
        "close the replay to see it again."
    )
    assert replay.hidden_note(1200, 1).startswith("1,200 undated events and 1 undated mention ")
    assert replay.hidden_note(0, 2).startswith("2 undated mentions hidden while replaying")
