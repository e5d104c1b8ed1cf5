"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a live
app server (as ``python -m dashboard`` runs it) on the test store. All traffic beyond
127.0.0.1 is blocked, so every test also proves the page needs no CDN and the offline base map
needs no network.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .browser import DRAWN, PANEL, WAIT_MS, Session, click_place, query
from .conftest import HOMS, MANBIJ, XSS_TITLE, add_uncertain_event

pytestmark = pytest.mark.browser


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
    summary = session.summary()
    assert "**" not in summary and "6 events at 5 places" in summary  # mentions: not events
    assert "2 mentions (places named in passing) not shown" in summary


def test_each_filter_narrows_the_rows_and_says_how_many_it_leaves(session, server):
    frame = session.open(server)
    assert _events(session.summary()) == 6
    session.choose("Countries", "Syria (SY)")
    session.wait_summary("4 events at")
    session.choose("Admin regions", "Aleppo Governorate (SY)")
    session.wait_summary("3 events")
    session.choose("Event kinds", "Shelling/artillery/missile")
    session.wait_summary("2 events")
    assert query(session.page.url)["kinds"] == "shelling"
    session.type_into("Minimum casualties (killed + injured)", "1")
    session.wait_summary("0 events")
    lefts = session.page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"^→"))
    # events first (6, not the 8 rows with mentions), then dates, Syria, Aleppo, shelling, 1+
    assert lefts.all_inner_texts()[:6] == [f"→ {n} left" for n in (6, 6, 4, 3, 2, 0)]
    session.click("button", "Clear all filters")
    session.wait_summary("6 events at")
    session.choose("Sources", "Wikinews, CC BY 2.5")
    session.wait_summary("1 events at")  # the article with no web address
    session.choose("Location precision", "Town or village")
    session.type_into("Search titles and sentences", "raid report")
    session.wait_summary("1 events at")
    assert frame.locator(DRAWN).count() == 1  # the map follows: Raqqa only
    session.act(session.page.get_by_text("Mentions (places named in passing)", exact=True).click)
    session.wait_summary("1 events and 0 mentions")
    session.act(session.page.get_by_text("Events (where something happened)").click)
    session.wait_summary("0 events and 0 mentions")
    assert query(session.page.url) == {
        "sources": "Wikinews, CC BY 2.5",
        "precision": "town",
        "q": "raid report",
        "roles": "mention",
    } | {k: v for k, v in query(session.page.url).items() if k in ("lat", "lon", "z", "fit")}
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
    session.page.wait_for_url(lambda url: "from" in query(url))
    session.settle(since)
    start_day = query(session.page.url)["from"]
    # the slider spans the dates of the rows it can show: the mentions', 19 to 25 July
    assert "2016-07-20" <= start_day <= "2016-07-24", start_day
    start = session.page.get_by_role("group", name="Event dates (calendar) start date")
    assert start.inner_text().replace("\n", "") == start_day.replace("-", "/")  # in step
    session.click("button", "Clear all filters")
    session.wait_summary("6 events at")
    assert "from" not in query(session.page.url)


def test_layers_switch_and_stay_in_the_link(session, server):
    frame = session.open(server)
    for label in ("Heat map", "Countries", "Day by day"):
        session.click("button", label)
    assert query(session.page.url)["layers"] == "markers,heat,countries,animation"
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
    # the markers go with the rerun the click starts: wait for it, not for a time
    frame = session.map_wait(f"document.querySelectorAll('{DRAWN}').length === 0")
    assert frame.locator(DRAWN).count() == 0
    # an online base style: its tiles are blocked here, the borders still draw over them
    session.click("radio", "OpenStreetMap")
    frame = session.map_wait(
        "document.querySelectorAll('.leaflet-tile-pane img').length > 0"
        " && document.querySelectorAll('.leaflet-newsmapBase-pane path').length > 100"
    )
    assert any("tile.openstreetmap.org" in url for url in session.blocked)
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert query(session.page.url)["base"] == "osm"


def test_clicking_a_place_lists_its_events_and_a_second_click_works(session, server):
    frame = session.open(server + f"?lat={MANBIJ.lat}&lon={MANBIJ.lon}&z=9")
    panel = session.page.locator(PANEL)
    for _ in range(2):  # the same marker twice, the panel cleared in between
        frame = session.map_wait("document.querySelectorAll('path.newsmap-place').length > 0")
        click_place(session, frame, MANBIJ.lat, MANBIJ.lon)
        panel.wait_for()
        session.page.wait_for_url(re.compile(r"[?&]place="))
        text = panel.inner_text()
        assert "Manbij" in text and "12 killed, 3 injured" in text
        assert panel.locator("mark").first.inner_text() == "Manbij"
        link = panel.locator("a").first
        assert link.get_attribute("href") == "https://en.wikinews.org/wiki/US_air_raids_near_Manbij"
        assert query(session.page.url)["place"] == "36.5281,37.9549"
        session.click("button", "Clear selection")
        # the rerun that clears the panel may be the second one after the click (a map report
        # can come first): wait for its outcome, not for a time
        panel.wait_for(state="detached")
        session.page.wait_for_url(lambda url: "place" not in query(url))
        assert panel.count() == 0


def test_share_link_restores_the_view_in_a_new_context(session, browser, server):
    link = f"?lat={MANBIJ.lat}&lon={MANBIJ.lon}&z=8&countries=SY&layers=markers,heat"
    frame = session.open(server + link)
    click_place(session, frame, MANBIJ.lat, MANBIJ.lon)
    # the click's rerun puts the place in the address; on a busy machine it may come after
    # the zoom's unless waited for
    session.page.wait_for_url(re.compile(r"[?&]place="))
    since = session.runs()
    frame.locator(".leaflet-control-zoom-in").click()
    session.page.wait_for_url(re.compile(r"[?&]z=9\b"))
    session.settle(since)
    shared = session.page.url
    expected = query(shared)
    assert expected["countries"] == "SY" and expected["layers"] == "markers,heat"
    assert expected["place"] == "36.5281,37.9549"
    summary = session.summary()

    fresh = Session(browser)
    try:
        fresh_frame = fresh.open(shared)
        assert fresh.summary() == summary
        assert query(fresh.page.url) == expected
        assert fresh_frame.evaluate("window.map.getZoom()") == 9
        center = fresh_frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
        assert center == pytest.approx([float(expected["lat"]), float(expected["lon"])], abs=1e-3)
        fresh_frame.wait_for_selector("canvas.newsmap-heat")
        assert "Manbij" in fresh.page.locator(PANEL).inner_text()
        assert fresh.blocked == []
    finally:
        fresh.close()


def test_script_in_an_article_shows_as_text_and_never_runs(session, server):
    frame = session.open(server + "?lat=35.9528&lon=39.0079&z=10&countries=SY")
    click_place(session, frame, 35.95283, 39.00788)
    panel = session.page.locator(PANEL)
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
    session.open(server + "?countries=IQ&roles=event,mention")
    session.page.get_by_role("tab", name="Share & export").click()
    files = {}
    for label in ("CSV", "GeoJSON", "KML", "Map (HTML)"):
        files[label] = session.download(label)
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


HOSTILE_TITLE = "<img src=x onerror=window.__newsmap_pwned=9> **Raid** in [Herat](javascript:1)"
HOSTILE_ARTICLE = f"""{HOSTILE_TITLE}

By Staff July 5, 2016

Gunmen attacked a checkpoint in Herat on Tuesday, killing two police officers.
"""
# Under the ingest's bar, the latest article's title: every text it shows, and whether any
# markup (an image, bold, a link) was ever drawn there.
RECORD_LATEST = """
(() => {
  if (window.top !== window) return;
  const seen = (window.__latest_texts = []);
  window.__latest_markup = 0;
  new MutationObserver(() => {
    const box = document.querySelector('.st-key-i_progress');
    if (!box) return;
    const text = [...box.querySelectorAll('[data-testid="stText"]')]
      .map((t) => t.innerText.trim()).join(" ");
    if (text && seen[seen.length - 1] !== text) seen.push(text);
    window.__latest_markup += box.querySelectorAll("img, strong, a").length;
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def test_uploading_articles_shows_each_stage_and_ingests_them(browser, store_file, tmp_path):
    """A server of its own, on a copy of the store: this test writes to it. The page names
    each stage of the ingest with its progress, and the latest title as plain text."""
    from dashboard.serve import running_app

    store = tmp_path / "writable.sqlite"
    shutil.copy(store_file, store)
    uploads = [tmp_path / "kandahar.txt", tmp_path / "herat.txt"]
    uploads[0].write_text(ARTICLE, "utf-8")
    uploads[1].write_text(HOSTILE_ARTICLE, "utf-8")
    with running_app(store) as url:
        session = Session(browser)
        try:
            session.context.add_init_script(RECORD_PROGRESS)
            session.context.add_init_script(RECORD_LATEST)
            session.open(url)
            session.wait_summary("from 5 articles")
            session.page.get_by_role("tab", name="Add articles").click()
            dropzone = session.page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            session.act(lambda: dropzone.set_input_files([str(u) for u in uploads]))
            session.click("button", "Ingest the files")
            session.page.get_by_text("2 new").wait_for(timeout=2 * WAIT_MS)
            session.wait_summary("from 7 articles")
            notes = session.page.locator('[data-testid="stText"]').filter(has_text="Last stored:")
            summary = notes.inner_text()
            assert notes.locator("img, strong, a").count() == 0
            seen = session.page.evaluate("window.__progress_texts")
            latest = session.page.evaluate("window.__latest_texts")
            markup = session.page.evaluate("window.__latest_markup")
            assert session.page.evaluate("typeof window.__newsmap_pwned") == "undefined"
            assert session.dialogs == []
        finally:
            session.close()
    # each stage in turn: loading the model, then the articles stored (the page may draw a
    # stage of a moment, such as reading two small files, too briefly to be seen)
    loading = seen.index("Loading the language model")
    finding = [n for n, t in enumerate(seen) if re.fullmatch(FINDING_TWO, t)]
    assert finding and loading < finding[0], seen
    assert not any("Herat" in t or "Kandahar" in t for t in seen)  # no title in the bar
    # the latest title, under the bar while it runs and in the summary after: as written,
    # never read as markup
    assert all(t.startswith("Just stored: ") for t in latest), latest
    assert markup == 0
    assert f"Last stored: {HOSTILE_TITLE}" in summary, summary


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
            session.wait_summary("6 events at")  # the doubted one hidden
            sidebar = session.page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("1 uncertain event hidden").wait_for(timeout=WAIT_MS)
            assert "uncertain" not in query(session.page.url)
            sidebar.get_by_text("Show uncertain events").click()
            session.wait_summary("7 events at")
            sidebar.get_by_text("1 of them uncertain").wait_for(timeout=WAIT_MS)
            session.page.wait_for_function(
                "new URLSearchParams(location.search).get('uncertain') === '1'", timeout=WAIT_MS
            )
            # the link opens with them shown, and the panel says how unsure the event is
            again = Session(browser)
            try:
                again.page.goto(f"{url}?uncertain=1&place={HOMS.lat},{HOMS.lon}")
                again.map_frame()
                again.wait_summary("7 events at")
                panel = again.page.locator(PANEL)
                panel.wait_for(timeout=WAIT_MS)
                text = panel.inner_text()
                assert "kind uncertain" in text and "uncertain: 45%" in text
                assert "place from the article's dateline" in text
                assert panel.locator("mark").first.inner_text() == "Shelling"  # the trigger
            finally:
                again.close()
        finally:
            session.close()


# Every text the first start's progress bar shows, in order (kept by the page itself, so a
# stage drawn for a moment between two looks of the test is not missed).
RECORD_PROGRESS = """
(() => {
  if (window.top !== window) return;
  const seen = (window.__progress_texts = []);
  const look = () => {
    const bar = document.querySelector('[data-testid="stProgress"]');
    const text = bar ? bar.innerText.trim() : "";
    if (text && seen[seen.length - 1] !== text) seen.push(text);
  };
  new MutationObserver(look).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
})();
"""
FINDING_TWO = r"Finding places and events [0-2]/2 articles"
FINDING_SHOWN = r"""() => (window.__progress_texts || []).some(
  (t) => /Finding places and events \d+\/\d+ articles/.test(t))"""


def test_the_first_start_names_each_stage_with_its_progress(browser, tmp_path):
    """An empty store: the page says what the sample ingest is doing, stage by stage (the
    gazetteer's build steps too when it has to be built), not an empty bar."""
    from dashboard.serve import running_app

    with running_app(tmp_path / "empty.sqlite") as url:
        session = Session(browser)
        try:
            session.context.add_init_script(RECORD_PROGRESS)
            session.page.goto(url)
            # the language model, the gazetteer (built if missing), then the first articles
            session.page.wait_for_function(FINDING_SHOWN, timeout=5 * WAIT_MS)
            seen = session.page.evaluate("window.__progress_texts")
        finally:
            session.close()
    loading = seen.index("Loading the language model")
    finding = next(n for n, t in enumerate(seen) if t.startswith("Finding places and events"))
    assert loading < finding, seen
    building = [t for t in seen if t.startswith("Building the offline gazetteer")]
    assert all(loading < seen.index(t) < finding for t in building), seen
    assert all(re.fullmatch(r"Building the offline gazetteer \([1-4]/4: [a-z ]+\)( \d+%)?", t)
               for t in building), building  # fmt: skip
    assert re.fullmatch(r"Finding places and events \d+/\d+ articles", seen[finding])
