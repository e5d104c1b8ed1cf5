"""The time slider above the map: replays the filtered events a day, week, month or year at a
time, with play/pause and steps. The window shown is the date filter itself (both date
widgets follow it, and so does the link), so every other part of the page shows that window.

Playing is a small fragment that asks, every :data:`TICK_SECONDS`, for the next window; the
page moves on only once the last window has been on screen for :data:`DWELL_SECONDS` since
its run ended, so on a busy machine the replay slows down rather than skipping windows or
queueing runs. The next window is set at the top of the next run, before the date widgets are
drawn (:func:`advance_if_due`), as a button's callback would.
"""

from __future__ import annotations

import time
from datetime import date

import streamlit as st

from dashboard import datewidgets, replay

TICK_SECONDS = 2.0
DWELL_SECONDS = 1.5
KEY = "newsmap_replay"
_WINDOWS = "r_windows"  # (windows, unit) drawn in the last run, for the callbacks and ticks


def init_state(unit: str | None) -> None:
    """Open the replay (a share link's ``step``) with that unit, or leave it closed."""
    ss = st.session_state
    ss.v_replay = unit is not None
    ss.r_unit = unit
    ss.r_playing = False


def unit_shown() -> str | None:
    """The replay's unit while it is open (for the link); None when closed."""
    ss = st.session_state
    return ss.get("r_unit") if ss.get("v_replay") else None


def toggle() -> None:
    """The toolbar's switch that opens the replay bar."""
    st.toggle(
        "Replay",
        key="v_replay",
        on_change=_closed_or_opened,
        help="A time slider over the filtered dates: play the events a day, week or month at "
        "a time (as the timeline's bars), or step through them. The window shown is the date "
        "filter, so the link holds it.",
        width="content",
    )


def replaying() -> bool:
    """Whether the replay bar is open (its windows are the date filter)."""
    return bool(st.session_state.get("v_replay"))


def render(
    span,
    picked: tuple[date, date] | None,
    bounds: tuple[date, date] | None,
    hidden: tuple[int, int] = (0, 0),
) -> None:
    """The replay bar over ``span`` (timeline.date_span of the filtered rows, any date),
    ``picked`` the date filter now; ``hidden``: the undated (events, mentions) it keeps off
    the page while open (replay.undated)."""
    ss = st.session_state
    if span is None:
        with st.container(key=KEY):
            st.caption("Replay: no dated events under the current filters.")
            _say_hidden(hidden)
        return
    if ss.get("r_unit") not in replay.UNITS:
        ss.r_unit = replay.default_unit(span)
    unit = ss.r_unit
    found = replay.windows(span.start, span.end, unit)
    now = replay.position(found, picked, bounds)
    ss[_WINDOWS] = (found, unit)
    ss.r_window = now if now is not None else replay.stepped(found, picked, bounds, 1)
    playing = bool(ss.get("r_playing"))
    with st.container(key=KEY):
        with st.container(horizontal=True, vertical_alignment="center"):
            _controls(found, unit, playing, (picked, bounds, now is not None))
        st.caption(_said(found, now, picked, unit))
        _say_hidden(hidden)


def _say_hidden(hidden: tuple[int, int]) -> None:
    """Says how many undated rows the replay hides (our own words and counts only)."""
    note = replay.hidden_note(*hidden)
    if note:
        st.caption(note)


def _controls(found, unit: str, playing: bool, where: tuple) -> None:
    """Back, play/pause, next, the slider over the windows and the unit; ``where`` is
    (the date filter, the dates on offer, whether the filter shows one window)."""
    bounds = where[1]
    st.button("◀", key="r_back", help="The window before", on_click=_step, args=(-1, bounds))
    st.button(
        "Pause" if playing else "Play",
        key="r_play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        on_click=_play_or_pause,
        args=(bounds,),
    )
    st.button("▶", key="r_next", help="The window after", on_click=_step, args=(1, bounds))
    st.select_slider(
        "Window shown",
        options=list(range(len(found))),
        key="r_window",
        format_func=lambda i: replay.label(found[i], unit),
        on_change=_slid,
        args=(bounds,),
        label_visibility="collapsed",
        width="stretch",
    )
    st.segmented_control(
        "Step",
        replay.UNITS,
        key="r_unit",
        format_func=replay.UNIT_LABELS.get,
        on_change=_unit_changed,
        args=where,
        label_visibility="collapsed",
        width="content",
    )


def ticker() -> None:
    """At the end of every full run: the window shown is drawn now; while playing, a
    fragment that ticks every TICK_SECONDS (drawn last on the page: an element added above
    the map would make the page draw the map anew). A full run also runs the fragment once,
    at once: too soon to move on, so only the timer's ticks do."""
    st.session_state.r_drawn_at = time.monotonic()
    if st.session_state.get("v_replay") and st.session_state.get("r_playing"):
        st.fragment(run_every=TICK_SECONDS)(_tick)()


def advance_if_due(bounds: tuple[date, date] | None) -> None:
    """At the top of a run, before the date widgets: show the next window when a tick asked
    for it; at the last window (or when the dates were set elsewhere) playing stops."""
    ss = st.session_state
    if not ss.pop("r_due", False) or not ss.get("r_playing"):
        return
    found, _ = ss.get(_WINDOWS) or ([], None)
    picked = datewidgets.picked()
    now = replay.position(found, picked, bounds)
    if now is None or now + 1 >= len(found):
        ss.r_playing = False
        return
    datewidgets.set_dates(*found[now + 1], bounds)
    if now + 2 >= len(found):
        ss.r_playing = False  # the last window: shown, and the replay is over


def _tick() -> None:
    """A tick while playing (a fragment run of its own, which draws nothing): ask for the
    next window once the one shown has been on screen long enough."""
    ss = st.session_state
    if not ss.get("r_playing"):
        return
    if time.monotonic() - ss.get("r_drawn_at", 0.0) < DWELL_SECONDS:
        return
    ss.r_due = True
    st.rerun(scope="app")


def _said(found, now, picked, unit) -> str:
    count = f"{len(found):,} {unit}{'s' * (len(found) != 1)}"
    if now is not None:
        first, last = found[now]
        dates = first.isoformat() if first == last else f"{first} to {last}"
        return f"Showing {replay.label(found[now], unit)} ({dates}), {now + 1} of {count}."
    if picked and len(picked) == 2:
        return (
            f"Showing {picked[0]} to {picked[1]}: press play or step to replay these events "
            f"over {count}."
        )
    return f"Press play or step to replay the events over {count}."


def _show(index: int | None, bounds) -> None:
    found, _ = st.session_state.get(_WINDOWS) or ([], None)
    if index is not None and 0 <= index < len(found):
        datewidgets.set_dates(*found[index], bounds)


def _step(step: int, bounds) -> None:
    ss = st.session_state
    ss.r_playing = False
    found, _ = ss.get(_WINDOWS) or ([], None)
    _show(replay.stepped(found, datewidgets.picked(), bounds, step), bounds)


def _play_or_pause(bounds) -> None:
    ss = st.session_state
    if ss.get("r_playing"):
        ss.r_playing = False
        return
    found, _ = ss.get(_WINDOWS) or ([], None)
    start = replay.play_from(found, datewidgets.picked(), bounds)
    if start is None:
        return
    if replay.position(found, datewidgets.picked(), bounds) != start:
        _show(start, bounds)
    ss.r_playing = True
    ss.r_drawn_at = time.monotonic()  # the first window stays a whole step


def _slid(bounds) -> None:
    ss = st.session_state
    ss.r_playing = False
    _show(ss.get("r_window"), bounds)


def _unit_changed(picked, bounds, on_a_window: bool) -> None:
    """A new unit: a replay on a window moves to the new window holding its first day."""
    ss = st.session_state
    if ss.get("r_unit") is None:  # a segmented control can be unselected: keep the old
        ss.r_unit = (ss.get(_WINDOWS) or (None, "week"))[1]
        return
    if on_a_window and picked:
        datewidgets.set_dates(*replay.window_of(picked[0], ss.r_unit), bounds)


def _closed_or_opened() -> None:
    st.session_state.r_playing = False
