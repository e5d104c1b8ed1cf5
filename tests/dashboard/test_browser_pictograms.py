"""Kinds told apart by shape as well as colour, in a real browser: each place marker bears
its kind's pictogram, and so do the legend's rows and the feed's cards, all drawn from the
kind table's pictograms (events/classify/kind_icons.py); a click on a pictogram still opens
its place. Harness and fixtures as in test_browser.py (browser.py, conftest.py)."""

from __future__ import annotations

import pytest

from dashboard import layers
from dashboard.filters import NO_KIND
from events.classify import kind_icons
from events.classify.kind_table import Kind

from .browser import PANEL, click_place
from .conftest import KABUL, MANBIJ, MOSUL, RAQQA

pytestmark = pytest.mark.browser

CARDS = ".st-key-newsmap_feed li.card"
# Every pictogram on the map: where it stands, its path and its size on screen.
PICTOGRAMS = """() => {
  const found = [];
  window.map.eachLayer((layer) => {
    const icon = layer.options && layer.options.icon;
    if (!icon || icon.options.className !== "newsmap-pictogram" || !layer._icon) return;
    const path = layer._icon.querySelector("svg path");
    const box = layer._icon.getBoundingClientRect();
    const at = layer.getLatLng();
    found.push([at.lat, at.lng, path ? path.getAttribute("d") : null, box.width]);
  });
  return found;
}"""
# The legend's rows: label and the pictogram's path (null for a row without one).
LEGEND = """() => [...document.querySelectorAll('.newsmap-legend-row')].map((row) => [
  row.innerText.trim(),
  row.querySelector('.newsmap-swatch svg path')
    ? row.querySelector('.newsmap-swatch svg path').getAttribute('d') : null,
])"""


def test_markers_legend_and_feed_show_each_kinds_pictogram(session, server):
    frame = session.open(server + "?lat=36.3&lon=38.3&z=8")  # every place its own marker
    frame = session.map_wait(f"() => ({PICTOGRAMS})().length >= 4")
    drawn = {
        (round(lat, 4), round(lon, 4)): (d, width)
        for lat, lon, d, width in frame.evaluate(PICTOGRAMS)
    }
    for spot in (MANBIJ, MOSUL, KABUL, RAQQA):
        d, width = drawn[(round(spot.lat, 4), round(spot.lon, 4))]
        assert d == layers.kind_icon(spot.kind or NO_KIND), spot.name
        assert width >= 11, spot.name
    assert drawn[(round(RAQQA.lat, 4), round(RAQQA.lon, 4))][0] == kind_icons.UNKNOWN_KIND_ICON
    # places with mentions only (Baghdad, Turkey) have no kind, so no pictogram
    assert (round(33.34058, 4), round(44.40088, 4)) not in drawn
    # the legend: each kind's row with its pictogram, the other rows without
    rows = dict(frame.evaluate(LEGEND))
    for kind in (Kind.AIR_STRIKE, Kind.SHELLING, Kind.ARMED_CLASH, Kind.BOMBING):
        assert rows[kind.label] == kind_icons.ICONS[kind]
    assert rows["Bigger: more casualties"] is None
    # the feed: each card's dot holds its kind's pictogram
    session.page.locator(CARDS).first.wait_for()
    for spot in (MANBIJ, MOSUL, KABUL):
        card = session.page.locator(CARDS).filter(has_text=spot.resolved).first
        path = card.locator(".dot svg path")
        assert path.get_attribute("d") == layers.kind_icon(spot.kind), spot.name
    # a pictogram takes no click: the click on it reaches the place under it
    click_place(session, frame, MANBIJ.lat, MANBIJ.lon)
    panel = session.page.locator(PANEL)
    panel.wait_for()
    assert "Manbij" in panel.inner_text()
