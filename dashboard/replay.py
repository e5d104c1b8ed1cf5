"""The time slider's windows: the filtered date range cut into days, weeks, months or years.

Pure functions. The replay shows one window at a time as the date filter, so a share link
carries it (``from``/``to``) and a reload restores it. Undated events belong to no window:
while the replay is open they are hidden (:func:`shown_filters`), and the bar says how many
(:func:`undated`); closing the replay brings them back. Windows follow the timeline's bars
(:func:`dashboard.timeline.time_unit`): weeks from Sunday, as Vega-Lite counts them, months
and years by the calendar. A window may reach past the dates on offer (the first week of a
range starting on a Wednesday); the date filter holds it as the widgets can (clamped to the
bounds), and :func:`position` compares both the same way, so a window stays recognised after
a reload.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from dashboard.filters import Filters
from dashboard.timeline import DateSpan, time_unit

UNITS = ("day", "week", "month", "year")
UNIT_LABELS = {"day": "Day", "week": "Week", "month": "Month", "year": "Year"}
MAX_WINDOWS = 5000  # a longer replay keeps its newest 5,000 (14 years of days)

Window = tuple[date, date]


def shown_filters(chosen: Filters, replaying: bool) -> Filters:
    """The filters the page shows: ``chosen``, less the undated rows while replaying (an
    undated event would otherwise stand in every window). The link keeps ``chosen``."""
    return replace(chosen, include_undated=False) if replaying else chosen


def undated(rows: pd.DataFrame) -> tuple[int, int]:
    """(events, mentions) among ``rows`` that have no date: what a replay hides of them."""
    no_date = rows["day"].isna().to_numpy()
    events = (rows["role"] == "event").to_numpy(dtype=bool, na_value=False)
    return int((no_date & events).sum()), int((no_date & ~events).sum())


def hidden_note(events: int, mentions: int = 0) -> str:
    """What the replay bar says of the undated rows it hides ("" when none)."""
    parts = [
        f"{n:,} undated {what}{'s' * (n != 1)}"
        for n, what in ((events, "event"), (mentions, "mention"))
        if n > 0
    ]
    if not parts:
        return ""
    them = "it" if events + mentions == 1 else "them"
    return (
        f"{' and '.join(parts)} hidden while replaying (no window holds {them}): "
        f"close the replay to see {them} again."
    )


def default_unit(span: DateSpan) -> str:
    """The timeline's bar for the span: the replay steps as the chart groups."""
    return time_unit(span)[1]


def window_of(day: date, unit: str) -> Window:
    """The day, week (Sunday to Saturday), month or year holding ``day``."""
    if unit == "week":
        sunday = day - timedelta(days=(day.weekday() + 1) % 7)
        return sunday, sunday + timedelta(days=6)
    if unit == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return date(day.year, day.month, 1), following - timedelta(days=1)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def windows(start: date, end: date, unit: str) -> list[Window]:
    """The windows from the one holding ``start`` to the one holding ``end``, in order; of a
    longer span, the newest MAX_WINDOWS (the news a replay is for; the oldest are cut)."""
    found: list[Window] = []
    first, last = window_of(end, unit)
    while last >= start and len(found) < MAX_WINDOWS:
        found.append((first, last))
        if first == date.min:
            break
        first, last = window_of(first - timedelta(days=1), unit)
    found.reverse()
    return found


def position(
    found: list[Window], picked: tuple[date, date] | None, bounds: tuple[date, date] | None
) -> int | None:
    """The index of the window the date filter shows (both read within ``bounds``, as the
    widgets hold them); None when it shows no single window (all dates, a range of its own)."""
    if not found or not picked or len(picked) != 2:
        return None
    wanted = _within(tuple(picked), bounds)
    for index, window in enumerate(found):
        if _within(window, bounds) == wanted:
            return index
    return None


def stepped(
    found: list[Window],
    picked: tuple[date, date] | None,
    bounds: tuple[date, date] | None,
    step: int,
) -> int | None:
    """The window one ``step`` (+1 or -1) from what the filter shows, held at the ends.

    From no single window, a step forward goes to the window holding the filter's first day
    (the first window when the filter starts before them), a step back to the one holding
    its last day. None when there is no window.
    """
    if not found:
        return None
    now = position(found, picked, bounds)
    if now is not None:
        return min(max(now + step, 0), len(found) - 1)
    if not picked or len(picked) != 2:
        return 0 if step > 0 else len(found) - 1
    day = picked[0] if step > 0 else picked[1]
    return _holding(found, day)


def play_from(
    found: list[Window], picked: tuple[date, date] | None, bounds: tuple[date, date] | None
) -> int | None:
    """Where pressing play starts: the window shown, or the first when the filter shows no
    single window or the last (a replay that ended starts again)."""
    if not found:
        return None
    now = position(found, picked, bounds)
    return 0 if now is None or now == len(found) - 1 else now


def label(window: Window, unit: str) -> str:
    """ "2016-07-19", "week of 2016-07-17", "July 2016" or "2016"."""
    first = window[0]
    if unit == "week":
        return f"week of {first.isoformat()}"
    if unit == "month":
        return first.strftime("%B %Y")
    if unit == "year":
        return str(first.year)
    return first.isoformat()


def _holding(found: list[Window], day: date) -> int:
    """The index of the window holding ``day`` (the nearest end when none does)."""
    for index, (first, last) in enumerate(found):
        if first <= day <= last:
            return index
    return 0 if day < found[0][0] else len(found) - 1


def _within(window: tuple[date, date], bounds: tuple[date, date] | None) -> tuple[date, date]:
    if not bounds:
        return window
    low = min(max(window[0], bounds[0]), bounds[1])
    high = max(min(window[1], bounds[1]), low)
    return low, high
