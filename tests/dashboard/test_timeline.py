"""The timeline: the dates it opens on (an outlier does not stretch it), readable bars, mentions
apart from events, and the dates a brush on it gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from dashboard import aggregate, layers, timeline
from dashboard.filters import ROLES, Filters, apply
from events.classify.kind_table import Kind


def _days(*spec: tuple[str, int]) -> pd.DataFrame:
    """Per-day counts like aggregate.daily's: (ISO day, events that day) pairs."""
    return pd.DataFrame(
        {
            "day": pd.to_datetime([d for d, _ in spec]),
            "role": "event",
            "kind": "shelling",
            "count": [n for _, n in spec],
        }
    )


def test_one_far_off_date_does_not_stretch_the_timeline():
    # six events over seven weeks of 2016, and one article that mentions 1997
    per_day = _days(("1997-01-01", 1), ("2016-06-03", 1), ("2016-07-19", 3), ("2016-07-25", 2))
    span = timeline.date_span(per_day)
    assert (span.start, span.end) == (date(2016, 6, 3), date(2016, 7, 25))
    assert (span.earlier, span.later, span.left_out) == (1, 0, 1)
    assert (span.first, span.last) == (date(1997, 1, 1), date(2016, 7, 25))
    assert timeline.time_unit(span) == ("utcyearmonthdate", "day")  # 52 days: daily bars
    # the same at the other end: a date typed wrong, years ahead
    ahead = timeline.date_span(_days(("2016-06-03", 3), ("2016-07-25", 3), ("2061-07-25", 1)))
    assert (ahead.end, ahead.later) == (date(2016, 7, 25), 1)


def test_dates_spread_over_the_years_keep_their_span():
    # the bundled samples: events from 1990 to 2016, no lone outlier; bars of a year
    per_day = _days(
        ("1990-01-01", 1), ("1997-01-01", 1), ("2000-06-02", 1), ("2001-01-01", 2),
        ("2003-01-01", 4), ("2005-05-01", 2), ("2006-10-01", 11), ("2008-04-01", 3),
        ("2009-01-01", 1), ("2013-01-01", 1), ("2016-07-19", 6),
    )  # fmt: skip
    span = timeline.date_span(per_day)
    assert (span.start, span.end, span.left_out) == (date(1990, 1, 1), date(2016, 7, 19), 0)
    assert timeline.time_unit(span)[1] == "year"


def test_a_tail_bigger_than_a_few_rows_is_no_outlier():
    # a third of the rows in 1997: a second cluster, kept
    per_day = _days(("1997-01-01", 3), ("2016-06-03", 3), ("2016-07-25", 3))
    span = timeline.date_span(per_day)
    assert span.start == date(1997, 1, 1) and span.left_out == 0
    assert timeline.date_span(per_day.iloc[0:0]) is None
    few = timeline.date_span(_days(("1997-01-01", 1), ("2016-07-25", 2)))  # too few to judge
    assert few.start == date(1997, 1, 1)
    # one event six weeks before the rest: daily bars show them all, nothing is left out
    weeks = _days(("2016-06-03", 1), ("2016-07-19", 2), ("2016-07-21", 1), ("2016-07-25", 1))
    assert timeline.date_span(weeks).left_out == 0


@pytest.mark.parametrize(
    ("days", "unit"),
    [(10, "day"), (80, "day"), (81, "week"), (500, "week"), (900, "month"), (5000, "year")],
)
def test_bars_grow_with_the_span_so_that_they_stay_readable(days, unit):
    start = date(2010, 1, 1)
    span = timeline.DateSpan(start, start + pd.Timedelta(days=days).to_pytimedelta(), start, start)
    assert timeline.time_unit(span)[1] == unit


def _spec(frame: pd.DataFrame) -> dict:
    per_day = aggregate.daily(frame)
    return timeline.chart(per_day, timeline.date_span(per_day)).to_dict()


def test_the_chart_opens_on_the_span_and_can_be_brushed(prepared):
    spec = _spec(apply(prepared, Filters()))
    x = spec["encoding"]["x"]
    low, high = x["scale"]["domain"]
    assert (low["year"], low["month"], high["year"], high["month"]) == (2016, 6, 2016, 7)
    assert x["timeUnit"] == "utcyearmonthdate"
    assert spec["params"][0]["name"] == timeline.BRUSH
    assert spec["params"][0]["select"] == {"type": "interval", "encodings": ["x"]}


def test_the_chart_counts_events_and_shows_mentions_apart_when_asked(prepared):
    spec = _spec(apply(prepared, Filters()))
    assert spec["encoding"]["y"]["title"] == "Events per day"
    colour = spec["encoding"]["color"]["scale"]
    assert timeline.MENTIONS_LABEL not in colour["domain"]
    assert "Event (kind not known)" in colour["domain"]  # Raqqa: an event, of no known kind
    named = dict(zip(colour["domain"], colour["range"], strict=True))
    assert named[Kind.AIR_STRIKE.label] == Kind.AIR_STRIKE.colour
    spec = _spec(apply(prepared, Filters(roles=ROLES)))
    assert spec["encoding"]["y"]["title"] == "Events and mentions per day"
    colour = spec["encoding"]["color"]["scale"]
    assert colour["domain"][-1] == timeline.MENTIONS_LABEL
    assert colour["range"][-1] == layers.MENTION_COLOUR


def _ms(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"dates": {"utcyearmonthdate_day": [_ms("2016-06-10"), _ms("2016-07-20")]}},
         (date(2016, 6, 10), date(2016, 7, 20))),
        ({"dates": {"day": ["2016-06-10T00:00:00.000Z", "2016-07-20T12:00:00Z"]}},
         (date(2016, 6, 10), date(2016, 7, 20))),
        ({"dates": {}}, None),  # a cleared brush
        ({}, None),
        ({"dates": {"day": [_ms("2016-07-20"), _ms("2016-06-10")]}}, None),
        ({"dates": {"day": ["soon", "later"]}}, None),
        ({"dates": {"day": [float("nan"), 1.0]}}, None),
        ({"dates": {"day": [1e30, 2e30]}}, None),
        (None, None),
    ],
)  # fmt: skip
def test_a_brush_gives_the_days_it_covers_and_nothing_else(selection, expected):
    assert timeline.brushed_dates(selection) == expected


@pytest.mark.parametrize(
    ("bar", "expected"),
    [
        ("day", (date(2016, 6, 2), date(2016, 12, 27))),
        ("week", (date(2016, 5, 29), date(2017, 1, 1))),  # Sunday to Sunday
        ("month", (date(2016, 6, 1), date(2017, 1, 1))),
        ("year", (date(2016, 1, 1), date(2017, 1, 1))),
    ],
)
def test_the_first_and_last_bars_are_drawn_whole(bar, expected):
    assert timeline._edges(date(2016, 6, 3), date(2016, 12, 25), bar) == expected
