"""Which date reported by the page is a stale one (datewidgets.stale_values): a value the app
set after the generation the page holds is put back, any other is the reader's."""

from __future__ import annotations

from datetime import date

from dashboard.datewidgets import clamp, stale_values

EVERY = (date(2016, 6, 3), date(2016, 7, 25))
BRUSHED = (date(2016, 7, 19), date(2016, 7, 25))
NARROW = (date(2016, 7, 20), date(2016, 7, 21))
SLIDER = 1  # the index of the slider in datewidgets.KEYS


def test_the_dates_of_a_page_that_has_not_taken_in_a_clear_are_put_back():
    sets = {4: (BRUSHED, BRUSHED), 5: (EVERY, EVERY)}  # the brush, then the Clear
    assert stale_values(sets, 4, SLIDER, BRUSHED) == EVERY
    assert stale_values(sets, 4, 0, BRUSHED) == EVERY  # the calendar too


def test_a_page_several_ranges_behind_may_send_any_of_them():
    sets = {3: (EVERY, EVERY), 4: (BRUSHED, BRUSHED), 5: (NARROW, NARROW)}
    # part way through the run of generation 4 when it sent this: still not the reader's
    assert stale_values(sets, 3, SLIDER, BRUSHED) == NARROW
    assert stale_values(sets, 3, SLIDER, EVERY) == NARROW


def test_a_value_the_app_never_set_is_the_readers_move():
    sets = {4: (BRUSHED, BRUSHED), 5: (EVERY, EVERY)}
    assert stale_values(sets, 4, SLIDER, NARROW) is None


def test_on_a_page_holding_the_latest_range_every_move_is_the_readers():
    sets = {4: (BRUSHED, BRUSHED), 5: (EVERY, EVERY)}
    # back to the brushed dates by hand, once the page shows the Clear: obeyed
    assert stale_values(sets, 5, SLIDER, BRUSHED) is None


def test_nothing_is_put_back_without_the_pages_generation_or_over_the_latest_value():
    sets = {4: (BRUSHED, BRUSHED), 5: (EVERY, EVERY)}
    assert stale_values(sets, None, SLIDER, BRUSHED) is None
    assert stale_values({}, 4, SLIDER, BRUSHED) is None
    assert stale_values(sets, 4, SLIDER, EVERY) is None


def test_a_range_beyond_the_bounds_is_clamped_for_the_slider():
    assert clamp((date(1997, 1, 1), date(2016, 7, 1)), EVERY) == (EVERY[0], date(2016, 7, 1))
    assert clamp((date(2020, 1, 1), date(2021, 1, 1)), EVERY) == (EVERY[1], EVERY[1])
