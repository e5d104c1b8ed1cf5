"""The time slider in a real browser: steps and play move the dates shown (the date filter, in
both date widgets and the link), the map keeps its view, a reload restores the replay, and
undated events are hidden while it is open (said in the bar) and back when it closes.
Harness and fixtures as in test_browser.py; the test store's events run 3 June to 25 July 2016.
"""

from __future__ import annotations

import pytest

from .browser import WAIT_MS, query

pytestmark = pytest.mark.browser

BAR = ".st-key-newsmap_replay"
CARDS = ".st-key-newsmap_feed li.card"


def _dates(session) -> tuple[str | None, str | None]:
    params = query(session.page.url)
    return params.get("from"), params.get("to")


def _feed(session) -> str:
    """The places of the feed's cards, once it has some."""
    session.page.locator(CARDS).first.wait_for()
    return " ".join(session.page.locator(f"{CARDS} .place").all_inner_texts())


def _calendar_start(session) -> str:
    start = session.page.get_by_role("group", name="Event dates (calendar) start date")
    return start.inner_text().replace("\n", "").replace("/", "-")


def test_the_time_slider_steps_and_plays_through_the_dates_and_the_link_keeps_it(session, server):
    frame = session.open(server + "?lat=30&lon=40&z=4")  # a view of its own: kept
    session.act(session.page.get_by_text("Replay", exact=True).click)
    bar = session.page.locator(BAR)
    bar.wait_for()
    # 53 days of events: a window per day, as the timeline's bars
    session.page.wait_for_url(lambda url: query(url).get("step") == "day")
    assert "over 53 days" in bar.inner_text()
    assert _dates(session) == (None, None)  # opening it changes no date
    session.click("button", "▶")  # from all dates: the first day
    session.page.wait_for_url(lambda url: _dates(session) == (None, "2016-06-03"))
    # Aleppo's strike; Kabul's undated bomb belongs to no window: hidden, and said so
    session.wait_summary("1 events at")
    assert "1 undated event hidden while replaying" in bar.inner_text()
    assert "Kabul" not in _feed(session)
    assert session.page.get_by_role("checkbox", name="Include undated").is_disabled()
    session.click("radio", "Week")  # the week holding that day
    session.page.wait_for_url(lambda url: query(url).get("step") == "week")
    session.page.wait_for_url(lambda url: _dates(session) == (None, "2016-06-04"))
    session.click("button", "▶")
    session.page.wait_for_url(lambda url: _dates(session) == ("2016-06-05", "2016-06-11"))
    assert _calendar_start(session) == "2016-06-05"  # the date widgets show the window
    assert "week of 2016-06-05" in bar.inner_text() and "2 of 9 weeks" in bar.inner_text()
    session.click("button", "◀")
    session.page.wait_for_url(lambda url: _dates(session) == (None, "2016-06-04"))
    # play: the weeks follow one another, in order, each drawn before the next
    session.click("button", "Play")
    shown = []
    for week in ("2016-06-05", "2016-06-12", "2016-06-19"):
        session.page.wait_for_url(lambda url, week=week: _dates(session)[0] == week)
        shown.append(_dates(session)[0])
    session.click("button", "Pause")
    session.page.get_by_role("button", name="Play", exact=True).wait_for()
    paused = _dates(session)
    assert shown == ["2016-06-05", "2016-06-12", "2016-06-19"]
    assert paused[0] in ("2016-06-19", "2016-06-26"), paused  # a tick may beat the click
    # the map kept the reader's view the whole time
    frame = session.map_frame()
    assert frame.evaluate("window.map.getZoom()") == 4
    # (to a pixel: the bar above the map made it a little shorter)
    off = frame.evaluate(
        "(() => { const m = window.map, c = m.getSize().divideBy(2);"
        " return m.latLngToContainerPoint([30, 40]).distanceTo(c); })()"
    )
    assert off <= 2, off
    # the link holds the replay: a reload opens it on the same window, paused
    link = query(session.page.url)
    summary = session.summary()
    session.page.reload()
    session.map_frame()
    session.settle()
    assert query(session.page.url) == link
    assert session.summary() == summary
    bar.wait_for()
    assert f"week of {paused[0]}" in bar.inner_text()
    assert session.page.get_by_role("button", name="Play", exact=True).count() == 1
    # played to its end, the replay stops on the last week
    session.click("button", "Play")
    session.page.wait_for_url(lambda url: _dates(session) == ("2016-07-24", None))
    session.page.get_by_role("button", name="Play", exact=True).wait_for(timeout=WAIT_MS)
    assert "9 of 9 weeks" in bar.inner_text()
    # closing the replay keeps the dates shown and takes it out of the link
    session.act(session.page.get_by_text("Replay", exact=True).click)
    session.page.wait_for_url(lambda url: "step" not in query(url))
    assert bar.count() == 0 and _dates(session) == ("2016-07-24", None)
    # and brings the undated events back: Mosul's of 25 July, and Kabul's bomb
    session.wait_summary("2 events at")
    assert "Kabul" in _feed(session)
    assert session.page.get_by_role("checkbox", name="Include undated").is_enabled()
