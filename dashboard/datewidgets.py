"""The date filter's two widgets, a slider and a calendar, kept in step and set from code.

Each widget's callback copies its range into the other (:func:`slider_moved`,
:func:`calendar_changed`); the timeline's brush and buttons set both (:func:`set_dates`), and so
does "Clear all filters". A range set from code can be undone by the next rerun: one asked
for by the map (its report of a new view after a filter change makes it fit) may reach the app
before the page took in the new range, carrying the widgets' values from before, which the app
would take for the reader's. So what the code sets is kept (:func:`remember`) with the values it
replaced, until the page sends it back or a few runs pass; a widget reported with the value it
had before is put back (:func:`put_back_stale`). A value that is neither is the reader's.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

KEYS = ("f_dates", "f_dates_slider")  # the calendar's and the slider's session keys
_GUARD = "f_dates_set_in_code"  # {"before": (...), "kept": (...), "runs": n}
_SEEN = "f_dates_seen"  # both widgets' values at the end of the last run
_BOUNDS = "f_dates_bounds"  # the dates on offer in the last run
_CONFIRM_RUNS = 3


def set_dates(first: date, last: date, bounds: tuple[date, date] | None) -> None:
    """Set the date filter to ``first``..``last`` (a callback: the timeline's brush and
    buttons); the slider shows it within its bounds. Counts the changes in ``t_round``, which
    keys the timeline: a brush is never replayed on a chart drawn after it."""
    ss = st.session_state
    ss.t_round = ss.get("t_round", 0) + 1
    ss.f_dates = (first, last)
    if bounds:
        ss.f_dates_slider = clamp((first, last), bounds)
    remember()


def slider_moved() -> None:
    """The slider's callback: the calendar follows it."""
    if put_back_stale():
        return
    st.session_state.f_dates = tuple(st.session_state.f_dates_slider)
    remember()


def calendar_changed(bounds: tuple[date, date]) -> None:
    """The calendar's callback: the slider follows it (within its bounds)."""
    if put_back_stale():
        return
    picked = tuple(st.session_state.f_dates)
    if len(picked) == 2:
        st.session_state.f_dates_slider = clamp(picked, bounds)
        remember()


def remember() -> None:
    """Keep what the code just set in the date widgets, with what it replaced (a callback
    calls this after setting them)."""
    ss = st.session_state
    before = ss.get(_SEEN) or (None, None)
    ss[_GUARD] = {"before": tuple(before), "kept": _now(), "runs": _CONFIRM_RUNS}


def put_back_stale() -> bool:
    """Put back what the code set over any date widget reported with its value from before;
    True when there was one (a stale report, not the reader's move)."""
    ss = st.session_state
    guard = ss.get(_GUARD)
    if guard is None:
        return False
    stale = False
    for key, before, kept in zip(KEYS, guard["before"], guard["kept"], strict=True):
        value = _value(ss.get(key))
        if before is not None and value == before and before != kept and kept is not None:
            ss[key] = kept
            stale = True
    return stale


def settle() -> None:
    """Once per run, after the callbacks and before the widgets: put back stale values, and
    forget what the code set once the page sent it back, or after a few runs."""
    ss = st.session_state
    put_back_stale()
    guard = ss.get(_GUARD)
    if guard is not None:
        # The run of the callback that set them holds them anyway; a later one only once the
        # page sent them back.
        confirmed = guard["runs"] < _CONFIRM_RUNS and _now() == guard["kept"]
        if confirmed or guard["runs"] <= 1:
            del ss[_GUARD]
        else:
            ss[_GUARD] = {**guard, "runs": guard["runs"] - 1}
    ss[_SEEN] = _now()


def follow_bounds(bounds: tuple[date, date] | None) -> None:
    """Once per run, before the widgets: when the dates on offer change (uncertain events or
    mentions shown or hidden, a Clear), an end of the range that was open (at the old bound)
    stays open (moves to the new bound), so "every date" stays every date."""
    ss = st.session_state
    old = ss.get(_BOUNDS)
    ss[_BOUNDS] = bounds
    picked = _value(ss.get("f_dates"))
    if not (old and bounds and old != bounds and isinstance(picked, tuple) and len(picked) == 2):
        return
    low = bounds[0] if picked[0] <= old[0] else picked[0]
    high = bounds[1] if picked[1] >= old[1] else picked[1]
    if (low, high) != picked:
        ss.f_dates = (low, high)
        ss.f_dates_slider = clamp((low, high), bounds)
        remember()


def picked() -> tuple[date, date] | None:
    """The date filter's range as the calendar holds it (None while it holds one day only:
    a range being picked)."""
    value = _value(st.session_state.get("f_dates"))
    return value if isinstance(value, tuple) and len(value) == 2 else None


def clamp(picked: tuple[date, date], bounds: tuple[date, date]) -> tuple[date, date]:
    """A range inside ``bounds`` (for the slider, which cannot go beyond them)."""
    low = min(max(picked[0], bounds[0]), bounds[1])
    high = max(min(picked[1], bounds[1]), low)
    return low, high


def _now() -> tuple:
    ss = st.session_state
    return tuple(_value(ss.get(key)) for key in KEYS)


def _value(value: object) -> object:
    """A widget's range as a plain tuple (the calendar may hold a list)."""
    return tuple(value) if isinstance(value, list | tuple) else value
