"""The map in a real browser: it follows the filters, fills the page at a desktop's, a
laptop's and a phone's width with the feed beside it (under it on a phone), and its controls
never cover each other or the map's centre.
Harness and fixtures as in test_browser.py (browser.py, conftest.py).
"""

from __future__ import annotations

import time

import pytest

from dashboard import layers

from .browser import WAIT_MS, PlaywrightError, Session, query

pytestmark = pytest.mark.browser

SYRIA = [[36.20124, 37.16117], [36.5281, 37.9549], [35.95283, 39.00788]]  # Aleppo, Manbij, Raqqa
KABUL_AT = [34.52813, 69.17233]
# The map shows every given point, and is at most ``width`` degrees wide.
SHOWS = """([points, width]) => {
  const b = window.map.getBounds();
  return points.every((p) => b.contains(p)) && b.getEast() - b.getWest() <= width;
}"""


def _bounds(frame) -> list[float]:
    return frame.evaluate(
        "(() => { const b = window.map.getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()"
    )


def _wait_shows(session, points, width: float = 360.0):
    """The map's frame once the map shows ``points`` within ``width`` degrees."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        frame = session.map_frame()
        try:
            frame.wait_for_function(SHOWS, arg=[points, width], timeout=WAIT_MS / 4)
            return frame
        except PlaywrightError:
            if time.monotonic() > deadline:
                raise


def test_a_filter_change_fits_the_map_to_the_events_it_leaves(session, server):
    frame = session.open(server)
    _wait_shows(session, [*SYRIA, KABUL_AT])  # opened on every event
    before = _bounds(frame)
    session.choose("Countries", "Syria (SY)")
    frame = _wait_shows(session, SYRIA, width=12.0)
    south, west, north, east = _bounds(frame)
    assert (east - west) < (before[3] - before[1]) / 3 and (north - south) < 8
    session.page.wait_for_url(lambda url: int(query(url).get("z", 0)) >= 6)
    assert query(session.page.url)["fit"] == "1"  # the link follows the filters too
    session.click("button", "Clear all filters")
    _wait_shows(session, [*SYRIA, KABUL_AT])


def test_a_link_with_a_fixed_view_keeps_it_until_fit_is_asked_for(session, server):
    frame = session.open(server + "?lat=20&lon=0&z=3")  # a view, no fit=1: fixed
    session.choose("Countries", "Syria (SY)")
    session.wait_summary("4 events")
    frame = session.map_frame()
    assert frame.evaluate("window.map.getZoom()") == 3
    assert frame.evaluate("window.map.getCenter().lat") == pytest.approx(20, abs=0.1)
    assert "fit" not in query(session.page.url)
    session.act(frame.locator(".newsmap-fit a").click)  # the map's "fit to events" button
    _wait_shows(session, SYRIA, width=12.0)
    assert "fit" not in query(session.page.url)  # fitted once; the view is still fixed
    # "Fit map to filters" on: fits now and follows from then on
    session.act(session.page.get_by_text("Fit map to filters").click)
    session.page.wait_for_url(lambda url: query(url).get("fit") == "1")
    session.choose("Countries", "Iraq (IQ)")  # Syria and Iraq
    _wait_shows(session, [*SYRIA, [36.335, 43.11889]], width=25.0)


# (width, height) of a desktop, a laptop and a phone screen
SCREENS = [(1440, 900), (1024, 768), (390, 844)]
# Every control shown on the map, as boxes in the map frame's coordinates.
CONTROLS = """() => [...document.querySelectorAll('.leaflet-control')].map((c) => {
  const r = c.getBoundingClientRect();
  return {name: c.className, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
}).filter((b) => b.right > b.left && b.bottom > b.top)"""
# Every button and switch of the toolbar above the map, as boxes in the page.
TOOLBAR = """() => [...document.querySelectorAll(
  '.st-key-newsmap_toolbar [data-testid="stButtonGroup"] button,'
  + ' .st-key-newsmap_toolbar [data-testid="stCheckbox"]'
)].map((c) => {
  const r = c.getBoundingClientRect();
  return {name: c.innerText, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
})"""


FEED_CARDS = ".st-key-newsmap_feed li.card"


def _edges(box: dict) -> dict:
    """A Playwright bounding box as left, top, right and bottom."""
    return {
        "left": box["x"],
        "top": box["y"],
        "right": box["x"] + box["width"],
        "bottom": box["y"] + box["height"],
    }


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """The pairs of boxes that share some area (touching edges, or the shared 1-pixel border of
    a segmented control's buttons, do not count)."""
    found = []
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1.5 and (
                min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1.5
            ):
                found.append((a["name"], b["name"]))
    return found


def _covers_centre(frame) -> bool:
    return frame.evaluate(
        """() => {
          const map = document.querySelector('#map_div').getBoundingClientRect();
          const x = map.left + map.width / 2, y = map.top + map.height / 2;
          const r = document.querySelector('.newsmap-legend').getBoundingClientRect();
          return r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
        }"""
    )


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_map_fills_the_page_and_nothing_on_it_overlaps(browser, server, width, height):
    session = Session(browser, width=width, height=height)
    try:
        # every layer on: the longest legend, the day-by-day player, the heat and countries
        frame = session.open(server + "?layers=markers,heat,countries,animation")
        frame.wait_for_selector(".newsmap-player")
        page = session.page
        main = page.locator('[data-testid="stMain"]').bounding_box()
        box = page.locator(".st-key-newsmap_map iframe").bounding_box()
        side = page.locator(".st-key-newsmap_side").bounding_box()  # the feed's column
        page.locator(FEED_CARDS).first.wait_for()
        if width > 640:  # the feed beside the map, the map the widest part
            assert box["width"] + side["width"] >= 0.9 * main["width"], (box, side, main)
            assert box["width"] >= 0.55 * main["width"], (box, main)
            assert side["x"] >= box["x"] + box["width"] - 1, (box, side)
            assert side["y"] < box["y"] + box["height"] / 2, (box, side)
            assert side["y"] + side["height"] <= box["y"] + box["height"] + 2, (box, side)
            assert page.locator(FEED_CARDS).first.is_visible()  # without scrolling
        else:  # a phone: the map takes the width, the feed under it
            assert box["width"] >= 0.9 * main["width"], (box, main)
            assert side["y"] >= box["y"] + box["height"] - 1, (box, side)
        assert box["height"] >= 0.6 * height, box  # and most of the height
        assert box["y"] <= 0.3 * height, box  # near the top of the page
        toolbar = page.evaluate(TOOLBAR)
        assert len(toolbar) >= 9  # four layers, four base styles, the fit switch
        assert all(b["left"] >= 0 and b["right"] <= width for b in toolbar), toolbar  # none cut
        assert _overlaps(toolbar) == []
        boxes = [{"name": "map", **_edges(box)}, {"name": "feed", **_edges(side)}]
        assert _overlaps(toolbar + boxes) == []  # the feed covers neither map nor toolbar
        legend = frame.locator(".newsmap-legend")
        for _ in range(2):  # folded and unfolded (a small map starts with it folded)
            controls = frame.evaluate(CONTROLS)
            inside = frame.evaluate("document.querySelector('#map_div').getBoundingClientRect()")
            assert all(
                inside["left"] <= c["left"]
                and c["right"] <= inside["right"] + 0.5
                and inside["top"] <= c["top"]
                and c["bottom"] <= inside["bottom"] + 0.5
                for c in controls
            ), controls
            assert _overlaps(controls) == [], controls
            assert not _covers_centre(frame)
            legend.locator(".newsmap-legend-title").click()
        minimap = frame.locator(".newsmap-minimap").is_visible()
        assert minimap == (width == 1440)  # only a big map keeps a mini-map
        # the feed folds away and comes back
        fold = page.locator(".st-key-newsmap_feed summary")
        fold.scroll_into_view_if_needed()
        fold.click()
        page.locator(FEED_CARDS).first.wait_for(state="hidden")
        fold.click()
        page.locator(FEED_CARDS).first.wait_for(state="visible")
    finally:
        session.close()


def test_the_legend_folds_and_stays_folded_while_the_layers_change(session, server):
    frame = session.open(server)
    legend = frame.locator(".newsmap-legend")
    assert legend.locator(".newsmap-legend-body").is_visible()  # a big map: unfolded
    legend.locator(".newsmap-legend-title").click()
    assert not legend.locator(".newsmap-legend-body").is_visible()
    session.click("button", "Countries")  # the legend is drawn anew with the choropleth's rows
    frame = session.map_wait("document.querySelector('.newsmap-legend').textContent.includes('1+')")
    assert not frame.locator(".newsmap-legend-body").is_visible()
    assert frame.locator(".newsmap-legend-title").get_attribute("aria-expanded") == "false"


def _rgb(colour: str) -> str:
    """ "#f97316" as the browser writes it in a style: "rgb(249, 115, 22)"."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_a_bubble_shows_the_kinds_of_its_events_in_their_colours(session, server):
    from events.classify.kind_table import Kind

    frame = session.open(server + "?lat=36&lon=41&z=3")  # Syria and Iraq in one bubble
    frame.wait_for_selector(".newsmap-ring")
    ring = frame.locator(".newsmap-ring").first.evaluate("(r) => r.style.background")
    for kind in (Kind.SHELLING, Kind.AIR_STRIKE, Kind.ARMED_CLASH):
        assert _rgb(kind.colour) in ring, (kind, ring)
    shelling = ring.index(_rgb(Kind.SHELLING.colour))
    assert shelling < ring.index(_rgb(Kind.AIR_STRIKE.colour))  # the most events first
    assert frame.locator(".newsmap-ring span").first.inner_text() == "5"  # events, not rows


BAGHDAD_VIEW = "?lat=33.34058&lon=44.40088&z=9"  # Baghdad alone: a place named in passing
# The place markers drawn in the map's view (Leaflet leaves those off screen empty).
IN_VIEW = """() => [...document.querySelectorAll('path.newsmap-place')].filter((p) => {
  const r = p.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}).length"""


def test_mentions_are_not_counted_as_events_and_shown_apart_on_request(session, server):
    frame = session.open(server + BAGHDAD_VIEW)
    summary = session.summary()
    assert "6 events at 5 places" in summary and "2 mentions" in summary
    assert "not shown" in summary
    assert frame.evaluate(IN_VIEW) == 0  # no marker for a mention
    session.act(session.page.get_by_text("Mentions (places named in passing)", exact=True).click)
    session.wait_summary("6 events and 2 mentions at 7 places")
    assert query(session.page.url)["roles"] == "event,mention"
    frame = session.map_wait(f"({IN_VIEW})() === 1")
    point = frame.evaluate(
        "window.map.latLngToContainerPoint([33.34058, 44.40088])"
        " && [window.map.latLngToContainerPoint([33.34058, 44.40088]).x,"
        " window.map.latLngToContainerPoint([33.34058, 44.40088]).y]"
    )
    box = frame.locator("#map_div").bounding_box()
    session.page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    tip = frame.locator(".newsmap-tip").inner_text()
    assert "0 events, 1 mention" in tip  # told apart, not "1 event"
    fills = frame.evaluate(
        "[...document.querySelectorAll('path.newsmap-place')].map((p) => p.getAttribute('fill'))"
    )
    assert layers.MENTION_COLOUR in fills


# A name of this class is written inside the map's view.
NAMED = """([cls, name]) => {
  const map = document.querySelector('#map_div').getBoundingClientRect();
  return [...document.querySelectorAll(cls + ' span')].some((label) => {
    const r = label.getBoundingClientRect();
    return label.textContent === name && r.width > 0 && r.left >= map.left
      && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom;
  });
}"""


def test_the_offline_base_names_places_and_the_heat_map_has_a_legend(session, server):
    frame = session.open(server + "?lat=35&lon=38&z=6&layers=markers,heat")
    frame.wait_for_function(NAMED, arg=[".newsmap-country-label", "Syria"])
    frame.wait_for_function(NAMED, arg=[".newsmap-capital-label", "Damascus"])
    # names never take a click: the marker under a name still answers
    pane = frame.evaluate(
        "getComputedStyle(document.querySelector('.leaflet-newsmapLabels-pane')).pointerEvents"
    )
    assert pane == "none"
    strip = frame.locator(".newsmap-legend .newsmap-swatch.gradient")
    assert strip.count() == 1
    assert "linear-gradient" in strip.evaluate("(s) => s.style.background")
    assert "Heat" in frame.locator(".newsmap-legend").inner_text()
    # zoomed out to the world, a small country's capital is not named yet
    frame.evaluate("window.map.setZoom(2, {animate: false})")
    frame.wait_for_function(f"!({NAMED})(['.newsmap-capital-label', 'Damascus'])")
    # the dark base: tiles name places themselves, and the mini-map is dark too
    session.click("radio", "Dark")
    frame = session.map_wait("document.querySelector('.newsmap-minimap.newsmap-dark') !== null")
    assert frame.locator(".newsmap-label").count() == 0
    land = ".newsmap-minimap .leaflet-newsmapBase-pane path"
    frame.wait_for_function(f"document.querySelectorAll('{land}').length > 100")
    fills = frame.evaluate(
        f"[...new Set([...document.querySelectorAll('{land}')].map((p) => p.getAttribute('fill')))]"
    )
    assert fills == ["#374151"]  # dark land (the light base's is #f8f5ec)


# The time slider's controls, as boxes in the page.
REPLAY = """() => [...document.querySelectorAll(
  '.st-key-newsmap_replay button, .st-key-newsmap_replay [data-testid="stSlider"]'
)].map((c) => {
  const r = c.getBoundingClientRect();
  return {name: c.innerText, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
}).filter((b) => b.right > b.left && b.bottom > b.top)"""


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_time_slider_fits_above_the_map_and_covers_nothing(browser, server, width, height):
    session = Session(browser, width=width, height=height)
    try:
        session.open(server + "?step=week")
        page = session.page
        page.locator(".st-key-newsmap_replay").wait_for()
        controls = page.evaluate(REPLAY)
        assert len(controls) >= 8, controls  # back, play, next, the slider, four units
        assert all(c["left"] >= 0 and c["right"] <= width for c in controls), controls
        assert _overlaps(controls) == [], controls
        box = page.locator(".st-key-newsmap_map iframe").bounding_box()
        side = page.locator(".st-key-newsmap_side").bounding_box()
        assert box["height"] >= 0.5 * height, box  # the map still takes most of the height
        parts = [{"name": "map", **_edges(box)}, {"name": "feed", **_edges(side)}]
        assert _overlaps(page.evaluate(TOOLBAR) + controls + parts) == []
        bar = page.locator(".st-key-newsmap_replay").bounding_box()
        assert bar["y"] + bar["height"] <= box["y"] + 1  # above the map
    finally:
        session.close()
