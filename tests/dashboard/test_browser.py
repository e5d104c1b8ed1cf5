"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a live
``streamlit run dashboard/app.py`` on the test store. All traffic beyond 127.0.0.1 is blocked,
so every test also proves the map needs no CDN.
"""

from __future__ import annotations

import re
import shutil
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import XSS_TITLE

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def server(store_file):
    """A live app server on the test store, for this module."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from dashboard.serve import running_app

    with running_app(store_file) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Session:
    """One browser context (a fresh user): blocked requests, dialogs and the page."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        if LOCAL.match(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str):
        """Load the app and return the map's frame once Leaflet has drawn markers."""
        self.page.goto(url)
        return self.map_frame()

    def map_frame(self):
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if "st_folium" in frame.url and frame.locator(_MARKERS).count():
                    return frame
            self.page.wait_for_timeout(100)
        raise AssertionError("the map never showed markers")

    def settle(self) -> None:
        """Wait until the app has finished any rerun (the map reports its view after loading)."""
        self.page.wait_for_timeout(500)
        running = self.page.locator('[data-testid="stStatusWidget"]')
        running.wait_for(state="hidden", timeout=WAIT_MS)

    def summary(self) -> str:
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        return sidebar.get_by_text(re.compile(r"events and")).inner_text()

    def close(self):
        self.context.close()


_MARKERS = "path.leaflet-interactive, .marker-cluster"


@pytest.fixture
def session(browser):
    opened = Session(browser)
    yield opened
    opened.close()


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def test_page_loads_with_leaflet_markers_from_local_assets_only(session, server):
    loaded = []
    session.page.on("response", lambda r: loaded.append((r.url, r.status)))
    frame = session.open(server)
    assert frame.locator(".leaflet-container").count() == 1
    assert frame.locator(_MARKERS).count() >= 1
    # outlines arrive by fetch from /app/static: many country paths in the overlay pane
    frame.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length > 100")
    vendor = [(u, s) for u, s in loaded if "/app/static/vendor/" in u]
    assert {u.rsplit("/", 1)[-1] for u, _ in vendor} >= {"leaflet.js", "outlines.geojson"}
    assert all(status == 200 for _, status in vendor)
    assert session.blocked == []  # nothing even tried to leave the machine
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "GeoNames (CC BY 4.0)" in attribution
    assert "Wikinews, CC BY 2.5" in attribution


def test_clicking_a_marker_opens_its_popup_with_the_sentence(session, server):
    frame = session.open(server + "?lat=36.335&lon=43.1189&z=9&countries=IQ&roles=event")
    frame.locator("path.leaflet-interactive").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=WAIT_MS)
    assert "Iraqi troops advanced towards Mosul on Monday." in popup.inner_text()
    assert popup.locator("mark").inner_text() == "Mosul"
    link = popup.locator("a")
    assert (
        link.get_attribute("href") == "https://en.wikinews.org/wiki/Iraqi_forces_advance_on_Mosul"
    )
    # the click also reaches the app, which lists what happened at that place
    session.page.get_by_text("At this place: 1").wait_for(timeout=WAIT_MS)


def test_share_link_restores_filters_and_view_in_a_new_context(session, browser, server):
    frame = session.open(server)
    session.page.get_by_text("Mentions (places named in passing)").click()
    session.page.wait_for_url(re.compile(r"roles=event"), timeout=WAIT_MS)
    zoom_before = int(_query(session.page.url)["z"])
    frame.locator(".leaflet-control-zoom-in").click()
    session.page.wait_for_url(re.compile(rf"[?&]z={zoom_before + 1}\b"), timeout=WAIT_MS)
    shared = session.page.url
    summary = session.summary()
    assert "0 mentions" in summary

    fresh = Session(browser)
    try:
        fresh_frame = fresh.open(shared)
        assert fresh.summary() == summary
        mentions_box = fresh.page.get_by_role("checkbox", name="Mentions (places named in passing)")
        assert not mentions_box.is_checked()
        assert fresh_frame.evaluate("window.map.getZoom()") == zoom_before + 1
        center = fresh_frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
        expected = _query(shared)
        assert center == pytest.approx([float(expected["lat"]), float(expected["lon"])], abs=1e-3)
        assert fresh.blocked == []
    finally:
        fresh.close()


def test_script_in_an_article_shows_as_text_and_never_runs(session, server):
    frame = session.open(server + "?lat=35.9528&lon=39.0079&z=10&countries=SY")
    frame.locator("path.leaflet-interactive").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=WAIT_MS)
    text = popup.inner_text()
    assert XSS_TITLE in text
    assert "<img src=x onerror=alert(7)> Militants attacked Raqqa" in text
    assert "${window.__newsmap_pwned = 4}" in text
    assert "Source: javascript:window.__newsmap_pwned=2" in text
    for tag in ("a", "script", "img"):
        assert popup.locator(tag).count() == 0, tag
    session.page.wait_for_timeout(1500)  # let any rerun triggered by the click settle
    for each in session.page.frames:
        assert each.evaluate("typeof window.__newsmap_pwned") == "undefined", each.url
        assert each.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
    assert session.dialogs == []


def test_bad_link_parameters_warn_and_the_map_still_renders(session, server):
    frame = session.open(server + "?z=99&lat=abc&lon=1&zzz=1")
    warnings = session.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert len(warnings) == 3
    joined = "\n".join(warnings)
    assert "parameter z:" in joined and "parameter lat:" in joined and "parameter zzz." in joined
    assert frame.locator(_MARKERS).count() >= 1


def test_switching_to_failing_osm_tiles_keeps_the_outlines(session, server):
    frame = session.open(server)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("OpenStreetMap (online)").click()
    frame.wait_for_function(
        "document.querySelectorAll('.leaflet-tile-pane img').length > 0"
        " && document.querySelectorAll('.leaflet-overlay-pane path').length > 100"
    )
    assert any("tile.openstreetmap.org" in url for url in session.blocked)
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "© OpenStreetMap contributors" in attribution


def test_csv_download_holds_the_filtered_events(session, server):
    session.open(server + "?countries=IQ")
    session.settle()
    with session.page.expect_download() as download:
        session.page.get_by_role("button", name="CSV").click()
    lines = download.value.path().read_text("utf-8").splitlines()
    assert lines[0].startswith("event_id,")
    assert len(lines) == 3  # Mosul and Baghdad
    assert any("Mosul" in line for line in lines) and any("Baghdad" in line for line in lines)
