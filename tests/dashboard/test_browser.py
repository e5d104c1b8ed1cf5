"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a live
app server (as ``python -m dashboard`` runs it) on the test store. All traffic beyond
127.0.0.1 is blocked, so every test also proves the page needs no CDN and the offline base map
needs no network.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the server fixture skips these tests without playwright
    PlaywrightError = Exception

from dashboard.serve import CHROMIUM, LAUNCH_ARGS, LOCAL

from .conftest import HOMS, MANBIJ, XSS_TITLE, add_uncertain_event

pytestmark = pytest.mark.browser

# Generous: a busy 2-core machine can take many seconds for a rerun. Every wait polls a
# condition and returns as soon as it holds, so an idle machine does not pay for this.
WAIT_MS = 60_000
PLACES = "path.newsmap-place"
DRAWN = "path.newsmap-place, .newsmap-bubble"
# The map's iframe (same origin as the page) has been drawn in by newsmap.js.
DRAWN_IN_A_FRAME = """() => [...document.querySelectorAll('iframe[src*="st_folium"]')].some((f) => {
  try { return (f.contentWindow.__newsmap_renders || 0) > 0; } catch (e) { return false; }
})"""

# Follows Streamlit's websocket in the page, so a test can wait for "the rerun my action asked
# for has run to its end" instead of sleeping: every rerun is asked for by a BackMsg with
# rerun_script (field 11), starts with a ForwardMsg new_session (field 4) and ends with one
# holding script_finished (field 6), also when a newer request cuts it short. The map's
# reports (st_folium's postMessage) each ask for a rerun too.
RUN_WATCH = """
(() => {
  if (window.top !== window || window.__nm) return;
  const nm = (window.__nm = {
    started: 0, finished: 0, pending: false, running: false, valueAt: -1, askedAt: -1,
  });
  const fields = (data) => {  // the field numbers at the top level of a protobuf message
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return [];
    const b = data instanceof ArrayBuffer
      ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const found = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), kind = tag & 7;
      found.push(Math.floor(tag / 8));
      if (kind === 0) varint();
      else if (kind === 1) i += 8;
      else if (kind === 2) { const size = varint(); i += size; }  // not i += varint()
      else if (kind === 5) i += 4;
      else break;
    }
    return found;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const top = fields(event.data);
        if (top.includes(4)) { nm.started += 1; nm.running = true; nm.pending = false; }
        if (top.includes(6)) { nm.finished += 1; nm.running = false; }
      });
    }
    send(data) {
      if (fields(data).includes(11)) { nm.pending = true; nm.askedAt = performance.now(); }
      return super.send(data);
    }
  };
  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "streamlit:setComponentValue") {
      nm.valueAt = performance.now();
    }
  });
})();
"""
# The app is idle: more than ``since`` runs started, no rerun asked for and not yet started,
# none running, and no map report still to be sent on as a rerun request.
IDLE = """(since) => {
  const nm = window.__nm;
  return !!nm && nm.started > since && !nm.pending && !nm.running && nm.valueAt <= nm.askedAt;
}"""


@pytest.fixture(scope="module")
def server(store_file, gazetteer_file):
    """A live app server on the test store (regions from the test gazetteer), for this module."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from dashboard.serve import running_app

    with running_app(store_file, env={"NEWSMAP_GAZETTEER": str(gazetteer_file)}) as url:
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

    def __init__(self, browser, files: bool = False, **options):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
        self.context.set_default_timeout(WAIT_MS)
        self.context.add_init_script(RUN_WATCH)
        self.files = files
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        if LOCAL.match(route.request.url) or (self.files and route.request.url.startswith("file:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str):
        """Load the app and return the map's frame once newsmap.js has drawn a layer and the
        app is idle."""
        self.page.goto(url)
        frame = self.map_frame()
        # the map reports its view once drawn, and that report asks for a rerun of its own
        self.page.wait_for_function("window.__nm && window.__nm.valueAt >= 0")
        self.settle(since=0)
        return frame

    def map_frame(self):
        """The map's frame once newsmap.js has drawn in it (followed if st_folium replaces it)."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            left_ms = max(deadline - time.monotonic(), 1.0) * 1000
            try:
                self.page.wait_for_function(DRAWN_IN_A_FRAME, timeout=left_ms)
            except PlaywrightError as exc:
                raise AssertionError(f"the map never drew a data layer: {exc}") from exc
            for frame in self.page.frames:
                if "st_folium" in frame.url and _evaluate(frame, "window.__newsmap_renders || 0"):
                    return frame
            # the frame that drew was replaced between the two looks: wait for the new one

    def map_wait(self, expression: str):
        """The map's frame once ``expression`` is true in it. A new base style makes st_folium
        replace the map's frame, maybe after we found the old one: then follow the new one."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            frame = self.map_frame()
            left_ms = max(deadline - time.monotonic(), 1.0) * 1000
            try:
                frame.wait_for_function(expression, timeout=left_ms)
                return frame
            except PlaywrightError as exc:
                if not _gone(exc) or time.monotonic() > deadline:
                    raise

    def runs(self) -> int:
        """How many script runs have started in this page so far."""
        return self.page.evaluate("window.__nm ? window.__nm.started : 0")

    def settle(self, since: int | None = None) -> None:
        """Wait until the app is idle; with ``since`` (runs() before an action), until a run
        started after the action has finished too."""
        floor = -1 if since is None else since
        self.page.wait_for_function(IDLE, arg=floor, timeout=WAIT_MS)

    def act(self, action) -> None:
        """Do ``action`` (a click, a key) that asks for a rerun, and wait until that rerun,
        and any the map's report of it asks for, has finished."""
        since = self.runs()
        action()
        self.settle(since)

    def summary(self) -> str:
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        return sidebar.get_by_text(re.compile(r"events and")).inner_text()

    def wait_summary(self, fragment: str) -> str:
        """The sidebar summary once it contains ``fragment`` (a rerun may still be on its way)."""
        from playwright.sync_api import expect

        sidebar = self.page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(re.compile(r"events and"))).to_contain_text(fragment)
        return self.summary()

    def choose(self, label: str, option: str) -> None:
        """Pick an option in the sidebar multiselect labelled ``label``."""
        box = self.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
        wanted = self.page.get_by_role("option", name=option, exact=True)
        # A rerun (say, a late map report) may close the open list: open it again, as long as
        # it takes on a busy machine (until a deadline, not a count of tries).
        deadline = time.monotonic() + 3 * WAIT_MS / 1000
        while True:
            self.settle()
            since = self.runs()
            box.locator("input").click()
            try:
                wanted.click(timeout=WAIT_MS / 6)
                break
            except PlaywrightError:  # Playwright's TimeoutError: open the list again
                self.page.keyboard.press("Escape")
                if time.monotonic() > deadline:
                    raise
        self.page.keyboard.press("Escape")  # the choice may be sent only once the list closes
        self.settle(since)

    def type_into(self, label: str, text: str) -> None:
        self.page.get_by_label(label).fill(text)
        self.act(lambda: self.page.get_by_label(label).press("Enter"))

    def click(self, role: str, name: str) -> None:
        """Click the control ``name`` and wait for the rerun it asks for."""
        self.act(self.page.get_by_role(role, name=name, exact=True).click)

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser):
    opened = Session(browser)
    yield opened
    opened.close()


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def _events(summary: str) -> int:
    return int(re.search(r"(\d+)\s+events", summary).group(1))


def test_first_load_draws_the_offline_map_from_local_assets_only(session, server):
    loaded = []
    session.page.on("response", lambda r: loaded.append((r.url, r.status)))
    frame = session.open(server)
    assert frame.locator("#map_div.leaflet-container").count() == 1
    assert frame.locator(DRAWN).count() >= 1
    # the offline base layer: outlines fetched from /app/static, drawn as many country paths
    frame.wait_for_function(
        "document.querySelectorAll('.leaflet-newsmapBase-pane path').length > 100"
    )
    static = [(u, s) for u, s in loaded if "/app/static/" in u]
    names = {u.rsplit("/", 1)[-1] for u, _ in static}
    assert names >= {"leaflet.js", "newsmap.js", "outlines.geojson"}
    assert all(status == 200 for _, status in static)
    assert session.blocked == []  # nothing even tried to leave the machine
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "GeoNames (CC BY 4.0)" in attribution
    assert "Wikinews, CC BY 2.5" in attribution
    # controls: fullscreen, scale, mini-map (with its own outlines), legend
    assert frame.locator(".newsmap-fullscreen").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    frame.wait_for_function("document.querySelectorAll('.newsmap-minimap path').length > 100")
    assert "Legend" in frame.locator(".newsmap-legend").inner_text()
    assert "**" not in session.summary() and "6 events and 2 mentions" in session.summary()


def test_each_filter_narrows_the_rows_and_says_how_many_it_leaves(session, server):
    frame = session.open(server)
    assert _events(session.summary()) == 6
    session.choose("Countries", "Syria (SY)")
    session.wait_summary("4 events and 0 mentions")
    session.choose("Admin regions", "Aleppo Governorate (SY)")
    session.wait_summary("3 events")
    session.choose("Event kinds", "Shelling/artillery/missile")
    session.wait_summary("2 events")
    assert _query(session.page.url)["kinds"] == "shelling"
    session.type_into("Minimum casualties (killed + injured)", "1")
    session.wait_summary("0 events")
    lefts = session.page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"^→"))
    assert lefts.all_inner_texts()[:5] == ["→ 8 left", "→ 4 left", "→ 3 left", "→ 2 left"] + [
        "→ 0 left"
    ]
    session.click("button", "Clear all filters")
    session.wait_summary("6 events and 2 mentions")
    session.choose("Sources", "Wikinews, CC BY 2.5")
    session.wait_summary("1 events and 0 mentions")  # the article with no web address
    session.choose("Location precision", "Town or village")
    session.type_into("Search titles and sentences", "raid report")
    session.wait_summary("1 events and 0 mentions")
    assert frame.locator(DRAWN).count() == 1  # the map follows: Raqqa only
    session.act(session.page.get_by_text("Events (where something happened)").click)
    session.wait_summary("0 events and 0 mentions")
    assert _query(session.page.url) == {
        "sources": "Wikinews, CC BY 2.5",
        "precision": "town",
        "q": "raid report",
        "roles": "mention",
    } | {k: v for k, v in _query(session.page.url).items() if k in ("lat", "lon", "z", "fit")}
    # the date slider and the calendar hold one range
    track = session.page.locator('[data-testid="stSlider"] [role="group"] > div').first
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    since = session.runs()
    session.page.mouse.move(box["x"], box["y"] + box["height"] / 2)
    session.page.mouse.down()
    session.page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2, steps=8)
    session.page.mouse.up()
    # the slider sends its value a moment after it moves (debounced): wait for that value's
    # rerun to have put it in the address, then for the app to be idle
    session.page.wait_for_url(lambda url: "from" in _query(url))
    session.settle(since)
    start_day = _query(session.page.url)["from"]
    assert "2016-06-04" <= start_day <= "2016-07-19", start_day
    start = session.page.get_by_role("group", name="Event dates (calendar) start date")
    assert start.inner_text().replace("\n", "") == start_day.replace("-", "/")  # in step
    session.click("button", "Clear all filters")
    session.wait_summary("6 events and 2 mentions")
    assert "from" not in _query(session.page.url)


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
    session.page.wait_for_url(lambda url: int(_query(url).get("z", 0)) >= 6)
    assert _query(session.page.url)["fit"] == "1"  # the link follows the filters too
    session.click("button", "Clear all filters")
    _wait_shows(session, [*SYRIA, KABUL_AT])


def test_a_link_with_a_fixed_view_keeps_it_until_fit_is_asked_for(session, server):
    frame = session.open(server + "?lat=20&lon=0&z=3")  # a view, no fit=1: fixed
    session.choose("Countries", "Syria (SY)")
    session.wait_summary("4 events")
    frame = session.map_frame()
    assert frame.evaluate("window.map.getZoom()") == 3
    assert frame.evaluate("window.map.getCenter().lat") == pytest.approx(20, abs=0.1)
    assert "fit" not in _query(session.page.url)
    session.act(frame.locator(".newsmap-fit a").click)  # the map's "fit to events" button
    _wait_shows(session, SYRIA, width=12.0)
    assert "fit" not in _query(session.page.url)  # fitted once; the view is still fixed
    # "Fit map to filters" on: fits now and follows from then on
    session.act(session.page.get_by_text("Fit map to filters").click)
    session.page.wait_for_url(lambda url: _query(url).get("fit") == "1")
    session.choose("Countries", "Iraq (IQ)")  # Syria and Iraq
    _wait_shows(session, [*SYRIA, [36.335, 43.11889]], width=25.0)


def test_layers_switch_and_stay_in_the_link(session, server):
    frame = session.open(server)
    for label in ("Heat map", "Countries", "Day by day"):
        session.click("button", label)
    assert _query(session.page.url)["layers"] == "markers,heat,countries,animation"
    frame.wait_for_selector("canvas.newsmap-heat")
    frame.wait_for_function(
        "document.querySelectorAll('.leaflet-newsmapChoropleth-pane path').length > 100"
    )
    player = frame.locator(".newsmap-player")
    assert player.locator(".newsmap-day").inner_text() == "2016-07-25"
    player.locator("button").click()  # play: the day counter runs from the first day
    frame.wait_for_function(
        "document.querySelector('.newsmap-day').textContent < '2016-07-25'", timeout=WAIT_MS
    )
    session.click("button", "Markers")
    assert frame.locator(DRAWN).count() == 0
    # an online base style: its tiles are blocked here, the borders still draw over them
    session.click("radio", "OpenStreetMap")
    frame = session.map_wait(
        "document.querySelectorAll('.leaflet-tile-pane img').length > 0"
        " && document.querySelectorAll('.leaflet-newsmapBase-pane path').length > 100"
    )
    assert any("tile.openstreetmap.org" in url for url in session.blocked)
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert _query(session.page.url)["base"] == "osm"


def test_clicking_a_place_lists_its_events_and_a_second_click_works(session, server):
    frame = session.open(server + f"?lat={MANBIJ.lat}&lon={MANBIJ.lon}&z=9")
    panel = session.page.locator('[data-testid="stHtml"]')
    for _ in range(2):  # the same marker twice, the panel cleared in between
        frame = session.map_wait("document.querySelectorAll('path.newsmap-place').length > 0")
        _click_place(session, frame, MANBIJ.lat, MANBIJ.lon)
        panel.wait_for()
        session.page.wait_for_url(re.compile(r"[?&]place="))
        text = panel.inner_text()
        assert "Manbij" in text and "12 killed, 3 injured" in text
        assert panel.locator("mark").first.inner_text() == "Manbij"
        link = panel.locator("a").first
        assert link.get_attribute("href") == "https://en.wikinews.org/wiki/US_air_raids_near_Manbij"
        assert _query(session.page.url)["place"] == "36.5281,37.9549"
        session.click("button", "Clear selection")
        # the rerun that clears the panel may be the second one after the click (a map report
        # can come first): wait for its outcome, not for a time
        panel.wait_for(state="detached")
        session.page.wait_for_url(lambda url: "place" not in _query(url))
        assert panel.count() == 0


def _gone(exc: Exception) -> bool:
    """Whether ``exc`` says the frame went away (st_folium reloads it on a new base style)."""
    return "detached" in str(exc) or "destroyed" in str(exc)


def _evaluate(frame, expression: str):
    """``expression`` in ``frame``; None when the frame is going away (st_folium reloads it)."""
    try:
        return frame.evaluate(expression)
    except PlaywrightError as exc:
        if _gone(exc):
            return None
        raise


def _click_place(session, frame, lat: float, lon: float) -> None:
    """Click the marker drawn at (lat, lon), by its screen position in the map."""
    point = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    container = frame.locator("#map_div").bounding_box()  # in page coordinates
    x, y = container["x"] + point[0], container["y"] + point[1]
    session.act(lambda: session.page.mouse.click(x, y))


def test_share_link_restores_the_view_in_a_new_context(session, browser, server):
    query = f"?lat={MANBIJ.lat}&lon={MANBIJ.lon}&z=8&countries=SY&layers=markers,heat"
    frame = session.open(server + query)
    _click_place(session, frame, MANBIJ.lat, MANBIJ.lon)
    since = session.runs()
    frame.locator(".leaflet-control-zoom-in").click()
    session.page.wait_for_url(re.compile(r"[?&]z=9\b"))
    session.settle(since)
    shared = session.page.url
    expected = _query(shared)
    assert expected["countries"] == "SY" and expected["layers"] == "markers,heat"
    assert expected["place"] == "36.5281,37.9549"
    summary = session.summary()

    fresh = Session(browser)
    try:
        fresh_frame = fresh.open(shared)
        assert fresh.summary() == summary
        assert _query(fresh.page.url) == expected
        assert fresh_frame.evaluate("window.map.getZoom()") == 9
        center = fresh_frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
        assert center == pytest.approx([float(expected["lat"]), float(expected["lon"])], abs=1e-3)
        fresh_frame.wait_for_selector("canvas.newsmap-heat")
        assert "Manbij" in fresh.page.locator('[data-testid="stHtml"]').inner_text()
        assert fresh.blocked == []
    finally:
        fresh.close()


def test_script_in_an_article_shows_as_text_and_never_runs(session, server):
    frame = session.open(server + "?lat=35.9528&lon=39.0079&z=10&countries=SY")
    _click_place(session, frame, 35.95283, 39.00788)
    panel = session.page.locator('[data-testid="stHtml"]')
    panel.wait_for(timeout=WAIT_MS)
    text = panel.inner_text()
    assert XSS_TITLE in text
    assert "<img src=x onerror=alert(7)> Militants attacked Raqqa" in text
    assert "${window.__newsmap_pwned = 4}" in text
    assert "Source: javascript:window.__newsmap_pwned=2" in text
    for tag in ("a", "script", "img"):
        assert panel.locator(tag).count() == 0, tag
    session.page.get_by_role("tab", name="Events table").click()
    # the table has drawn its rows (any script in them would have run by now)
    table = session.page.locator('[data-testid="stDataFrame"]').filter(visible=True)
    table.first.wait_for(state="visible")
    table.first.locator("canvas").first.wait_for(state="visible")
    for each in session.page.frames:
        assert each.evaluate("typeof window.__newsmap_pwned") == "undefined", each.url
        assert each.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
    assert session.dialogs == []


def test_bad_link_parameters_warn_and_the_map_still_renders(session, server):
    frame = session.open(server + "?z=99&lat=abc&lon=1&zzz=1&kinds=<script>")
    warnings = session.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert len(warnings) == 4
    joined = "\n".join(warnings)
    assert "parameter z:" in joined and "parameter lat:" in joined and "parameter zzz." in joined
    assert "<script>" not in joined
    assert frame.locator(DRAWN).count() >= 1


def test_exports_download_the_filtered_rows_and_a_standalone_map(session, server, browser):
    session.open(server + "?countries=IQ")
    session.page.get_by_role("tab", name="Share & export").click()
    files = {}
    for label in ("CSV", "GeoJSON", "KML", "Map (HTML)"):
        with session.page.expect_download() as download:
            session.page.get_by_role("button", name=label, exact=True).click()
        files[label] = download.value.path().read_text("utf-8")
    lines = files["CSV"].splitlines()
    assert lines[0].startswith("event_id,") and len(lines) == 3  # Mosul and Baghdad
    geo = json.loads(files["GeoJSON"])
    assert sorted(f["properties"]["resolved_name"] for f in geo["features"]) == ["Baghdad", "Mosul"]
    kml = ET.fromstring(files["KML"].encode("utf-8"))  # noqa: S314 - our own download
    assert len(kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")) == 2
    # the HTML map opens with no server and no network at all
    offline = Session(browser, files=True)  # every request but the file's is aborted
    try:
        path = _save(files["Map (HTML)"])
        offline.page.goto(path.as_uri())
        offline.page.wait_for_function("(window.__newsmap_renders || 0) > 0", timeout=WAIT_MS)
        offline.page.wait_for_function(
            "document.querySelectorAll('.leaflet-newsmapBase-pane path').length > 100"
        )
        assert offline.page.locator(DRAWN).count() >= 1
        assert offline.blocked == []
    finally:
        offline.close()


def _save(text: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="newsmap-map-"))
    path = folder / "map.html"
    path.write_text(text, "utf-8")
    return path


ARTICLE = """Car bomb in Kandahar

By Staff July 4, 2016

A car bomb exploded in Kandahar on Monday, killing five people near the governor's office.
"""


def test_uploading_an_article_ingests_it_into_the_store(browser, store_file, tmp_path):
    """A server of its own, on a copy of the store: this test writes to it."""
    from dashboard.serve import running_app

    store = tmp_path / "writable.sqlite"
    shutil.copy(store_file, store)
    upload = tmp_path / "kandahar.txt"
    upload.write_text(ARTICLE, "utf-8")
    with running_app(store) as url:
        session = Session(browser)
        try:
            session.open(url)
            session.wait_summary("from 5 articles")
            session.page.get_by_role("tab", name="Add articles").click()
            dropzone = session.page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            session.act(lambda: dropzone.set_input_files(str(upload)))
            session.click("button", "Ingest the files")
            session.page.get_by_text("1 new").wait_for(timeout=2 * WAIT_MS)
            session.wait_summary("from 6 articles")
        finally:
            session.close()


def test_a_hosted_server_asks_for_the_ingest_token_and_keeps_it_out_of_the_url(browser, store_file):
    """The container's setting on a live server: no upload or fetch until the token is given."""
    from dashboard.serve import running_app

    token = "browser-test-token-0123456789"  # noqa: S105 - a test token
    env = {"NEWSMAP_HOSTED": "1", "NEWSMAP_PAGE_INGEST": "1", "NEWSMAP_INGEST_TOKEN": token}
    with running_app(store_file, env=env) as url:
        session = Session(browser)
        try:
            session.open(url)
            session.page.get_by_role("tab", name="Add articles").click()
            field = session.page.get_by_label("Ingest token (ask the operator of this server)")
            assert field.get_attribute("type") == "password"
            dropzone = session.page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            assert dropzone.count() == 0
            field.fill(token)
            session.page.get_by_role("button", name="Unlock ingest").click()
            dropzone.wait_for(state="attached", timeout=WAIT_MS)
            assert session.page.get_by_label("Feed or article URL").count() == 1
            assert token not in session.page.url
        finally:
            session.close()


def test_the_uncertain_toggle_changes_the_count_and_lands_in_the_url(browser, store_file, tmp_path):
    """A server of its own, on a copy of the store with one event the extractor doubts."""
    from dashboard.serve import running_app

    store = add_uncertain_event(Path(shutil.copy(store_file, tmp_path / "judged.sqlite")))
    with running_app(store) as url:
        session = Session(browser)
        try:
            session.page.goto(url)
            session.map_frame()
            session.wait_summary("6 events and 2 mentions")  # the doubted one hidden
            sidebar = session.page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("1 uncertain event hidden").wait_for(timeout=WAIT_MS)
            assert "uncertain" not in _query(session.page.url)
            sidebar.get_by_text("Show uncertain events").click()
            session.wait_summary("7 events and 2 mentions")
            sidebar.get_by_text("1 of them uncertain").wait_for(timeout=WAIT_MS)
            session.page.wait_for_function(
                "new URLSearchParams(location.search).get('uncertain') === '1'", timeout=WAIT_MS
            )
            # the link opens with them shown, and the panel says how unsure the event is
            again = Session(browser)
            try:
                again.page.goto(f"{url}?uncertain=1&place={HOMS.lat},{HOMS.lon}")
                again.map_frame()
                again.wait_summary("7 events and 2 mentions")
                panel = again.page.locator('[data-testid="stHtml"]')
                panel.wait_for(timeout=WAIT_MS)
                text = panel.inner_text()
                assert "kind uncertain" in text and "uncertain: 45%" in text
                assert "place from the article's dateline" in text
                assert panel.locator("mark").first.inner_text() == "Shelling"  # the trigger
            finally:
                again.close()
        finally:
            session.close()
