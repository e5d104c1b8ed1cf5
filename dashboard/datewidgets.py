"""The date filter's two widgets, a slider and a calendar, kept in step and set from code.

Each widget's callback copies its range into the other (:func:`slider_moved`,
:func:`calendar_changed`); the timeline's brush and buttons set both (:func:`set_dates`), and so
do "Clear all filters" and the replay (:func:`put`).

A range set from code must not be undone by a report the page sent before it took that range
in. Every request of the page carries every widget's value, so a request sent while the reply
to a Clear or a brush is still on its way (a map's report of its view, a click on a tab, on a
slow network or a busy server) carries the dates from before, which Streamlit hands to the app
as if the reader had moved a widget. So each range the code sets gets a number, a generation;
a hidden widget drawn after the date widgets (:func:`draw_mark`) carries the latest one to the
page, and the page sends back the generation it holds with every request. A date widget
reported with a value the code set at or after that generation is one the page has not caught
up with: the range set since is put back (:func:`_put_back_stale`). Any other value is the
reader's move. No count of runs or time is involved, so no delay, however long, lets an old
report through, and a reader moving a widget back to an earlier range on a page that holds
the latest one is obeyed.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

KEYS = ("f_dates", "f_dates_slider")  # the calendar's and the slider's session keys
MARK_KEY = "f_dates_mark"  # the hidden widget: the generation of the dates the page holds
_SET = "f_dates_set"  # {generation: (calendar, slider)} set by code, maybe not yet on the page
_BOUNDS = "f_dates_bounds"  # the dates on offer in the last run
# Past this many ranges set since the page last reported, the oldest are forgotten (a page
# that far behind is gone): a report of one of them then counts as the reader's.
_MAX_SETS = 64


def put(calendar: object, slider: object) -> None:
    """Set the calendar and/or the slider (None: leave it) from code, and give the range
    these leave a new generation (the date widgets are drawn after this, in this run)."""
    ss = st.session_state
    if calendar is not None:
        ss[KEYS[0]] = calendar
    if slider is not None:
        ss[KEYS[1]] = slider
    sets = dict(ss.get(_SET) or {})
    latest = max(sets, default=0)
    sets[latest + 1] = _now()
    ss[_SET] = {g: sets[g] for g in sorted(sets)[-_MAX_SETS:]}


def set_dates(first: date, last: date, bounds: tuple[date, date] | None) -> None:
    """Set the date filter to ``first``..``last`` (a callback: the timeline's brush and
    buttons, the replay); the slider shows it within its bounds. Counts the changes in
    ``t_round``, which keys the timeline: a brush is never replayed on a chart drawn after it."""
    ss = st.session_state
    ss.t_round = ss.get("t_round", 0) + 1
    put((first, last), clamp((first, last), bounds) if bounds else None)


def slider_moved() -> None:
    """The slider's callback: the calendar follows it."""
    if _put_back_stale(KEYS[1]):
        return
    put(tuple(st.session_state[KEYS[1]]), None)


def calendar_changed(bounds: tuple[date, date]) -> None:
    """The calendar's callback: the slider follows it (within its bounds) once two days are
    picked (one alone: a range being picked)."""
    if _put_back_stale(KEYS[0]):
        return
    picked = tuple(st.session_state[KEYS[0]])
    if len(picked) == 2:
        put(None, clamp(picked, bounds))


def settle() -> None:
    """Once per run, after the callbacks and before the widgets: forget the ranges older than
    the one the page reports holding (it never goes back to them), and make sure the range
    the widgets hold now has a generation to send the page."""
    ss = st.session_state
    sets = dict(ss.get(_SET) or {})
    held = _page_generation()
    if held is not None:
        sets = {g: values for g, values in sets.items() if g >= held}
    if not sets or sets[max(sets)] != _now():  # a day picked alone, or no dates yet
        sets[max(sets, default=0) + 1] = _now()
    ss[_SET] = sets


def draw_mark() -> None:
    """The hidden widget that carries the generation of the dates to the page and back (drawn
    after both date widgets, so a page holding it holds their values too; page.css hides it)."""
    ss = st.session_state
    latest = str(max(ss.get(_SET) or {}, default=0))
    if ss.get(MARK_KEY) != latest:
        ss[MARK_KEY] = latest
    st.text_input("Dates held", key=MARK_KEY, label_visibility="collapsed")


def follow_bounds(bounds: tuple[date, date] | None) -> None:
    """Once per run, before the widgets: when the dates on offer change (uncertain events or
    mentions shown or hidden, a Clear), an end of the range that was open (at the old bound)
    stays open (moves to the new bound), so "every date" stays every date."""
    ss = st.session_state
    old = ss.get(_BOUNDS)
    ss[_BOUNDS] = bounds
    picked = _value(ss.get(KEYS[0]))
    if not (old and bounds and old != bounds and isinstance(picked, tuple) and len(picked) == 2):
        return
    low = bounds[0] if picked[0] <= old[0] else picked[0]
    high = bounds[1] if picked[1] >= old[1] else picked[1]
    if (low, high) != picked:
        put((low, high), clamp((low, high), bounds))


def keep_slider_within(bounds: tuple[date, date]) -> None:
    """Before the slider is drawn: bring its range inside ``bounds`` (they move when
    uncertain events are shown or hidden)."""
    held = tuple(st.session_state.get(KEYS[1]) or bounds)
    if clamp(held, bounds) != held:
        put(None, clamp(held, bounds))


def picked() -> tuple[date, date] | None:
    """The date filter's range as the calendar holds it (None while it holds one day only:
    a range being picked)."""
    value = _value(st.session_state.get(KEYS[0]))
    return value if isinstance(value, tuple) and len(value) == 2 else None


def clamp(picked: tuple[date, date], bounds: tuple[date, date]) -> tuple[date, date]:
    """A range inside ``bounds`` (for the slider, which cannot go beyond them)."""
    low = min(max(picked[0], bounds[0]), bounds[1])
    high = max(min(picked[1], bounds[1]), low)
    return low, high


def stale_values(
    sets: dict[int, tuple], held: int | None, index: int, value: object
) -> object | None:
    """What to put back over ``value``, reported for the widget ``index`` of :data:`KEYS` by
    a page holding generation ``held`` of ``sets`` (generation: values set by code): the
    latest value when ``value`` is one the code set since (the page has not caught up), else
    None (the reader's move, or nothing to judge it by)."""
    if held is None or not sets:
        return None
    latest = sets[max(sets)][index]
    since = {values[index] for generation, values in sets.items() if generation >= held}
    return latest if value != latest and value in since else None


def _put_back_stale(key: str) -> bool:
    """In a date widget's callback: put back the latest range over a value of ``key`` the
    page sent before it caught up with it; True when it did (not the reader's move)."""
    ss = st.session_state
    value = _value(ss.get(key))
    sets = ss.get(_SET) or {}
    if sets and value == sets[max(sets)][KEYS.index(key)]:
        return True  # already the latest (set by an earlier callback of this request)
    latest = stale_values(sets, _page_generation(), KEYS.index(key), value)
    if latest is None:
        return False
    ss[key] = latest
    return True


def _page_generation() -> int | None:
    """The generation of the dates the page held when it sent this request (the hidden
    widget's value as reported); None before the page has one."""
    reported = st.session_state.get(MARK_KEY)
    return int(reported) if isinstance(reported, str) and reported.isdigit() else None


def _now() -> tuple:
    ss = st.session_state
    return tuple(_value(ss.get(key)) for key in KEYS)


def _value(value: object) -> object:
    """A widget's range as a plain tuple (the calendar may hold a list)."""
    return tuple(value) if isinstance(value, list | tuple) else value
