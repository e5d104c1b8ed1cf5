"""The timeline under the map: the span of dates it shows, its bars and its brush.

Pure functions over the per-day counts of :func:`dashboard.aggregate.daily`. The chart opens
on where the events are: :func:`date_span` leaves out a few far-off dates (an article that
mentions 1997 among events of 2016), counting them so the tab can say so and reach them, and
:func:`time_unit` makes bars of days, weeks, months or years so that they stay readable
whatever the span. Dragging across the chart (a Vega-Lite interval selection named
:data:`BRUSH`) gives dates for the date filter (:func:`brushed_dates`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import altair as alt
import numpy as np
import pandas as pd

from dashboard import layers

BRUSH = "dates"  # the chart's interval selection
MENTIONS_LABEL = "Places named in passing (no event)"
TAIL_SHARE = 0.05  # at most this share of the rows (at least one) is left out at each end
MIN_GAP_DAYS = 30  # a tail is left out only beyond a gap this long at least
MIN_ROWS = 5  # fewer dated rows than this: every date is shown
PLOT_HEIGHT = 220  # pixels for the bars and the date axis
LEGEND_ROW = 17  # pixels per kind in the legend under them
# (longest span in days, Vega-Lite time unit, people's name of a bar): at most about 80 bars,
# so that a bar stays several pixels wide on a phone's chart too
UNITS = ((80, "utcyearmonthdate", "day"), (560, "utcyearweek", "week"))
UNITS += ((2430, "utcyearmonth", "month"), (math.inf, "utcyear", "year"))


@dataclass(frozen=True)
class DateSpan:
    """The dates the timeline shows, ``start`` to ``end``; ``earlier`` and ``later`` rows lie
    outside it, from ``first`` and up to ``last`` (the earliest and latest dates of all)."""

    start: date
    end: date
    first: date
    last: date
    earlier: int = 0
    later: int = 0

    @property
    def left_out(self) -> int:
        """Rows dated outside the span."""
        return self.earlier + self.later


def date_span(per_day: pd.DataFrame) -> DateSpan | None:
    """Where the dated rows are, a few far-off dates left out; None when nothing is dated.

    At each end, up to TAIL_SHARE of the rows (one at least) is left out when a gap of
    MIN_GAP_DAYS or more, and wider than all the rows kept, parts it from the rest, and only
    if leaving it out gives finer bars (days rather than years): an outlier cannot stretch
    the axis, while rows spread over the years, or over a few weeks, keep their span.
    """
    if per_day.empty:
        return None
    counts = per_day.groupby(per_day["day"].dt.normalize())["count"].sum().sort_index()
    days = np.array([d.date() for d in counts.index])
    rows = counts.to_numpy(dtype="int64")
    last = len(days) - 1
    low, high = 0, last
    total = int(rows.sum())
    if total >= MIN_ROWS:
        budget = max(1, math.floor(TAIL_SHARE * total))
        low = _cut(days, rows, 0, last, budget)
        if _unit(days[low], days[last]) == _unit(days[0], days[last]):
            low = 0  # the same bars either way: nothing gained by hiding them
        high = last - _cut(days[::-1], rows[::-1], 0, last - low, budget)
        if _unit(days[low], days[high]) == _unit(days[low], days[last]):
            high = last
    return DateSpan(
        start=days[low],
        end=days[high],
        first=days[0],
        last=days[-1],
        earlier=int(rows[:low].sum()),
        later=int(rows[high + 1 :].sum()),
    )


def _cut(days: np.ndarray, rows: np.ndarray, low: int, high: int, budget: int) -> int:
    """Where the kept days start (an index into ``days``, ordered from this end): after the
    widest gap within the first ``budget`` rows, if that gap is wide enough; else ``low``."""
    best, best_gap, before = low, 0, 0
    for i in range(low + 1, high + 1):
        before += int(rows[i - 1])
        if before > budget:
            break
        gap = abs((days[i] - days[i - 1]).days)
        if gap > best_gap:
            best, best_gap = i, gap
    kept = abs((days[high] - days[best]).days)
    return best if best_gap >= MIN_GAP_DAYS and best_gap > kept else low


def time_unit(span: DateSpan) -> tuple[str, str]:
    """(Vega-Lite time unit, name of one bar) for bars that stay readable over the span."""
    return _unit(span.start, span.end)


def _unit(start: date, end: date) -> tuple[str, str]:
    days = (end - start).days
    return next((unit, name) for longest, unit, name in UNITS if days <= longest)


def chart(per_day: pd.DataFrame, span: DateSpan) -> alt.Chart:
    """Stacked bars per day, week, month or year over the span, coloured by kind like the
    map's markers; mentions, when shown, a grey series of their own (they are no events).
    Dragging across it selects dates (the interval selection BRUSH)."""
    events = per_day[per_day["role"] == "event"]
    kinds = sorted(events["kind"].unique(), key=layers.kind_label)
    labels = [layers.kind_label(k) for k in kinds]
    colours = [layers.kind_colour(k) for k in kinds]
    mentioned = bool((per_day["role"] == "mention").any())
    if mentioned:
        labels.append(MENTIONS_LABEL)
        colours.append(layers.MENTION_COLOUR)
    label = [
        layers.kind_label(k) if r == "event" else MENTIONS_LABEL
        for r, k in zip(per_day["role"], per_day["kind"], strict=True)
    ]
    # Days at midnight UTC, as the utc time units and the brush read them in any time zone.
    frame = per_day.assign(label=label, day=per_day["day"].dt.tz_localize(UTC))
    unit, bar = time_unit(span)
    domain = [_datetime(day) for day in _edges(span.start, span.end, bar)]
    counted = "Events and mentions" if mentioned else "Events"
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    return (
        alt.Chart(frame)
        .mark_bar(clip=True)
        .encode(
            x=alt.X(f"{unit}(day):T", title=None, scale=alt.Scale(domain=domain)),
            y=alt.Y("sum(count):Q", title=f"{counted} per {bar}"),
            # The legend under the bars, so that a phone's chart keeps its width for them.
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, symbolSize=60),
            ),
            tooltip=[
                alt.Tooltip(f"{unit}(day):T", title=bar.capitalize()),
                alt.Tooltip("label:N", title="Kind"),
                alt.Tooltip("sum(count):Q", title="Count"),
            ],
        )
        .add_params(brush)
        # Streamlit fits the whole chart, legend included, in this height.
        .properties(height=PLOT_HEIGHT + LEGEND_ROW * (len(labels) + 1))
    )


def brushed_dates(selection: object) -> tuple[date, date] | None:
    """The first and last day of a brush on the chart (st.altair_chart's selection state:
    ``{BRUSH: {field: [start, end]}}``, each milliseconds since 1970 or an ISO time); None
    when there is no usable brush (none, cleared, or values that are no times)."""
    try:
        (values,) = dict(selection[BRUSH]).values()  # type: ignore[index]
        first, last = (_day(v) for v in values)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
    return (first, last) if first <= last else None


def _day(value: object) -> date:
    """The UTC day of milliseconds since 1970 or of an ISO time ("2016-07-19T00:00:00Z")."""
    if isinstance(value, str):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp.tz_convert(UTC)
        return stamp.date()
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError("not a time")
    return datetime.fromtimestamp(number / 1000, tz=UTC).date()


def _edges(start: date, end: date, bar: str) -> tuple[date, date]:
    """The first and last day's bars whole: from the start of the first bar (day, week from
    Sunday as Vega-Lite counts, month, year) to the end of the last, a day's margin each way."""
    if bar == "year":
        return date(start.year, 1, 1), date(end.year + 1, 1, 1)
    if bar == "month":
        after = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return date(start.year, start.month, 1), after
    if bar == "week":
        sunday = start - timedelta(days=(start.weekday() + 1) % 7)
        return sunday, end + timedelta(days=7 - (end.weekday() + 1) % 7)
    return start - timedelta(days=1), end + timedelta(days=2)


def _datetime(day: date) -> alt.DateTime:
    """Midnight UTC of ``day`` for a Vega-Lite scale (which draws nothing when given
    milliseconds for a domain with a time unit)."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)
