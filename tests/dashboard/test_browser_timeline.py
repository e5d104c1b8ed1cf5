"""The timeline in a real browser, on the test store plus one event dated 1997 (an article
looking back): the chart stays on the weeks of 2016 where the events are, says what it leaves
out and reaches it, and a drag across it sets the date filter."""

from __future__ import annotations

import re
from datetime import date

import pytest

from .browser import Session, query
from .conftest import Spot, copy_with_one_event

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'


def _with_an_old_event(store_file, folder):
    """A copy of the test store with one more event, a flood of January 1997 in Kabul."""
    article = ("Looking back", "In 1997 a flood in Kabul killed dozens.",
               "https://example.org/1997", date(2016, 7, 20))  # fmt: skip
    spot = Spot("Kabul", "Kabul", 34.52813, 69.17233, "AF", kind="disaster")
    return copy_with_one_event(
        store_file, folder / "with-1997.sqlite", article, spot, date(1997, 1, 1), 0.9
    )


def _drag_across(session, start: float, end: float) -> None:
    """Drag over the chart from ``start`` to ``end`` (shares of its width), as a reader
    brushing dates, and wait for the rerun that sets the filter."""
    chart = session.page.locator(CHART).first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.2  # the bars (the legend lies under them)
    since = session.runs()
    session.page.mouse.move(box["x"] + box["width"] * start, y)
    session.page.mouse.down()
    session.page.mouse.move(box["x"] + box["width"] * end, y, steps=10)
    session.page.mouse.up()
    session.page.wait_for_url(lambda url: "from" in query(url))
    session.settle(since)


def test_an_old_date_does_not_stretch_the_timeline_and_stays_reachable(
    browser, store_file, tmp_path
):
    from dashboard.serve import running_app

    with running_app(_with_an_old_event(store_file, tmp_path)) as url:
        session = Session(browser)
        try:
            session.open(url)
            session.wait_summary("7 events at")
            session.page.get_by_role("tab", name="Timeline").click()
            session.page.locator(CHART).first.wait_for()
            caption = session.page.get_by_text(re.compile("far from the rest"))
            assert "1 dated row lies" in caption.inner_text()
            assert "from 1997-01-01 to 2016-07-25" in caption.inner_text()
            # dragging over most of the chart picks weeks of 2016, not years since 1997
            _drag_across(session, 0.15, 0.6)
            picked = query(session.page.url)
            assert "2016-06-01" <= picked["from"] < picked["to"] <= "2016-07-31", picked
            session.click("button", "Clear all filters")
            session.wait_summary("7 events at")
            session.page.get_by_role("tab", name="Timeline").click()
            session.click("button", "Show the 1 before 2016-06-03")
            # to the day before the chart's first: from the earliest date, so no `from`
            session.page.wait_for_url(lambda url: query(url).get("to") == "2016-06-02")
            assert "from" not in query(session.page.url)
            undated = session.page.get_by_role("checkbox", name="Include undated")
            session.act(lambda: undated.uncheck(force=True))
            session.wait_summary("1 events at")  # the flood of 1997 alone
        finally:
            session.close()
