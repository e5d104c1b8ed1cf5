"""The live feed beside the map in a real browser: newest events first under the filters, a
click flies the map to the place and opens its panel, and events an ingest adds come in while
the page is open without losing the view. Harness and fixtures as in test_browser.py."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date

import pytest

from events.model import DATE_DAY
from store.db import Store

from .browser import PANEL, WAIT_MS, Session, query
from .conftest import MANBIJ, XSS_TITLE, Spot, _article, _events

pytestmark = pytest.mark.browser

CARDS = ".st-key-newsmap_feed li.card"  # Playwright's CSS reaches into the component's shadow
# The map's centre is near (lat, lon) and its zoom at least ``zoom``.
NEAR = """([lat, lon, zoom]) => {
  const c = window.map.getCenter();
  return Math.abs(c.lat - lat) < 0.05 && Math.abs(c.lng - lon) < 0.05
    && window.map.getZoom() >= zoom;
}"""


def _places(session) -> list[str]:
    session.page.locator(CARDS).first.wait_for()
    return session.page.locator(f"{CARDS} .place").all_inner_texts()


def test_the_feed_shows_the_newest_events_as_text_and_follows_the_filters(session, server):
    session.open(server)
    # events only (Baghdad and Turkey are mentions), newest first, undated last
    assert _places(session) == [
        "Mosul (IQ)",
        "Ar Raqqah (SY)",
        "Aleppo (SY)",
        "Manbij (SY)",
        "Aleppo (SY)",
        "Kabul (AF)",
    ]
    manbij = session.page.locator(CARDS).nth(3)
    assert manbij.locator(".kind").inner_text() == "Air/drone strike"
    assert manbij.locator(".when").inner_text() == "2016-07-19"
    assert "12 killed, 3 injured" in manbij.inner_text()
    link = manbij.locator("a.source")
    assert link.inner_text() == "en.wikinews.org"
    assert link.get_attribute("href") == "https://en.wikinews.org/wiki/US_air_raids_near_Manbij"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    # the hostile article: its sentence is text, its javascript: URL no link
    raqqa = session.page.locator(CARDS).nth(1)
    assert (
        raqqa.locator(".text")
        .inner_text()
        .startswith("<script>window.__newsmap_pwned = 3</script> <img src=x onerror=alert(7)>")
    )
    assert XSS_TITLE not in raqqa.inner_text()  # the title is not shown, the sentence is
    for tag in ("script", "img", "a"):
        assert raqqa.locator(tag).count() == 0, tag
    assert raqqa.locator(".source").inner_text() == "Wikinews, CC BY 2.5"
    assert session.page.evaluate("typeof window.__newsmap_pwned") == "undefined"
    assert session.dialogs == []
    # the feed honours the filters (and shows mentions never, even when they are ticked)
    session.choose("Countries", "Iraq (IQ)")
    session.wait_summary("1 events at")
    assert _places(session) == ["Mosul (IQ)"]
    session.act(session.page.get_by_text("Mentions (places named in passing)", exact=True).click)
    session.wait_summary("1 events and 1 mentions")
    assert _places(session) == ["Mosul (IQ)"]


def test_clicking_a_card_flies_the_map_there_and_opens_the_place_panel(session, server):
    frame = session.open(server + "?lat=20&lon=0&z=3")  # far from Manbij
    card = session.page.locator(CARDS).filter(has_text="Manbij")
    session.act(card.click)
    frame = session.map_wait(f"({NEAR})([{MANBIJ.lat}, {MANBIJ.lon}, 9])")
    panel = session.page.locator(PANEL)
    panel.wait_for()
    assert "Manbij" in panel.inner_text() and "12 killed, 3 injured" in panel.inner_text()
    session.page.wait_for_url(lambda url: query(url).get("place") == "36.5281,37.9549")
    session.page.wait_for_url(lambda url: query(url).get("z") == "9")
    session.settle()
    # the map's own reports after the flight do not fly it again: a pan stays where it is
    since = session.runs()
    frame.evaluate("window.map.setView([30, 30], 5, {animate: false})")
    session.page.wait_for_url(lambda url: query(url).get("z") == "5")
    session.settle(since)
    assert frame.evaluate("window.map.getZoom()") == 5
    # a second card: from a view that already shows it closer, the zoom is kept
    frame.evaluate(f"window.map.setView([{MANBIJ.lat}, {MANBIJ.lon}], 11, {{animate: false}})")
    session.page.wait_for_url(lambda url: query(url).get("z") == "11")
    session.settle()
    session.act(session.page.locator(CARDS).filter(has_text="Fighting continued").click)
    aleppo = [36.20124, 37.16117]
    frame = session.map_wait(f"({NEAR})([{aleppo[0]}, {aleppo[1]}, 9])")
    assert "Aleppo" in session.page.locator(PANEL).inner_text()


# The place markers drawn in the map's view (Leaflet leaves those off screen empty).
VISIBLE = """() => [...document.querySelectorAll('path.newsmap-place')].filter((p) => {
  const r = p.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}).length"""
HOMS = Spot("Homs", "Homs", 34.72682, 36.72339, "SY", geonameid=169577, kind="shelling")


def _add_homs(store) -> None:
    """An ingest adds one article with one event in Syria, as `newsmap ingest` would."""
    text = "Shelling hit a market in Homs on Friday."
    article = _article("Shelling in Homs", text, "https://example.org/homs", date(2016, 7, 22))
    (event,) = _events(article, [HOMS], date(2016, 7, 22), DATE_DAY)
    with Store(store) as writing:
        assert writing.add_article(article, [dataclasses.replace(event, confidence=0.9)])


def test_live_updates_bring_new_events_and_keep_the_view(browser, store_file, tmp_path):
    """A server of its own, on a copy of the store that the test writes to meanwhile."""
    from dashboard.serve import running_app

    store = shutil.copy(store_file, tmp_path / "live.sqlite")
    with running_app(store, env={"NEWSMAP_REFRESH_SECONDS": "1"}) as url:
        session = Session(browser)
        try:
            link = f"?lat=35.5&lon=38.5&z=7&countries=SY&place={MANBIJ.lat},{MANBIJ.lon}"
            frame = session.open(url + link)
            session.wait_summary("4 events at")
            frame.evaluate("window.__same_map = true")  # gone if the map were drawn anew
            before = query(session.page.url)
            assert before["z"] == "7" and before["countries"] == "SY"
            assert "Homs" not in " ".join(_places(session))
            markers = frame.evaluate(VISIBLE)
            _add_homs(store)
            fresh = session.page.locator(CARDS).filter(has_text="Homs")
            fresh.wait_for(timeout=WAIT_MS)
            assert fresh.locator(".badge").inner_text() == "new"
            assert _places(session)[:2] == ["Homs (SY)", "Ar Raqqah (SY)"]  # newest first
            session.wait_summary("5 events at")
            session.settle()
            # the view is kept: the same map, centre and zoom, panel, filters and link
            assert frame.evaluate("window.__same_map") is True
            assert frame.evaluate("window.map.getZoom()") == 7
            centre = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
            assert centre == pytest.approx([35.5, 38.5], abs=1e-3)
            assert "Manbij" in session.page.locator(PANEL).inner_text()
            assert query(session.page.url) == before
            frame.wait_for_function(f"({VISIBLE})() === {markers + 1}")  # Homs on the map
        finally:
            session.close()
